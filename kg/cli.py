"""The ``kg`` command: parse arguments, make one library call, print, exit.

Library errors (:class:`kg.errors.KgError`) become one line on stderr and a
non-zero status; nothing here knows how extraction works.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from kg.errors import KgError

EPILOG_BUILD = """\
examples:
  kg build corpus -o exports            # every .txt under corpus/
  kg build a.txt b.txt -o out --no-html

writes OUT/graph.ttl (Turtle) and OUT/graph.html (an offline view).  A file
that cannot be read is reported and skipped; the rest is built.  Files are
replaced only when the new ones are complete.
"""

EPILOG_QUERY = """\
examples:
  kg query exports/graph.ttl 'SELECT ?r WHERE { ?r a pa:County }'
  kg query exports/graph.ttl -f queries/programs_by_region.rq --format csv
  kg query exports/graph.ttl 'ASK { ?o pa:servesIn ?r }'

the prefixes pa:, par:, rdfs:, skos:, prov:, xsd: are known without PREFIX
lines.  SELECT prints a table (or csv/json), ASK prints true/false,
CONSTRUCT/DESCRIBE print Turtle.
"""

PREFIXES = {
    "pa": "https://w3id.org/pa-kg/ontology#",
    "par": "https://w3id.org/pa-kg/resource/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}


def with_prefixes(sparql: str) -> str:
    """Prepend the project's prefixes that the query uses but does not declare."""
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()
             if f"{p}:" in sparql and f"PREFIX {p}:" not in sparql.upper().replace("prefix", "PREFIX")]
    return "\n".join(lines + [sparql])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build and query knowledge graphs of Chinese poverty-alleviation reports.",
    )
    parser.add_argument("--version", action="version", version=f"kg {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="extract articles into graph.ttl and graph.html",
                       description="Extract officials, regions, programmes, industries, "
                       "organisations and statistics from articles into an RDF graph.",
                       epilog=EPILOG_BUILD, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="folders of .txt articles (UTF-8, UTF-16 or GBK) or single files")
    b.add_argument("-o", "--out", type=Path, required=True, metavar="DIR",
                   help="output folder (created if missing)")
    b.add_argument("--no-html", action="store_true", help="skip graph.html")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")

    q = sub.add_parser("query", help="run SPARQL on a graph file",
                       description="Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).",
                       epilog=EPILOG_QUERY, formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("graph", type=Path, metavar="GRAPH", help="graph file (.ttl, .nt, .jsonld …)")
    q.add_argument("sparql", nargs="?", help="the query text")
    q.add_argument("-f", "--file", type=Path, help="read the query from a .rq file")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="output of SELECT results (default: table)")

    v = sub.add_parser("validate", help="check a graph against the SHACL shapes",
                       description="Validate GRAPH against ontology/shapes.ttl (pySHACL). "
                       "Exit 0 when it conforms, 1 when it does not.",
                       epilog="example:\n  kg validate exports/graph.ttl",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("graph", type=Path, metavar="GRAPH")
    return parser


def _version() -> str:
    from kg import __version__

    return __version__


def cmd_build(args: argparse.Namespace) -> int:
    from kg.api import build

    report = build(args.paths, args.out, progress=not args.quiet, html=not args.no_html)
    for message in report.skipped:
        print(f"warning: {message}", file=sys.stderr)
    if not args.quiet:
        ents = ", ".join(f"{n} {k}" for k, n in sorted(report.entities.items()))
        rels = ", ".join(f"{n} {k}" for k, n in sorted(report.relations.items()))
        print(f"built {report.articles} article(s): {report.triples} triples")
        print(f"  entities: {ents}")
        print(f"  relations: {rels}")
        print(f"  statistics: {report.statistics}")
        for path in report.outputs:
            print(f"  wrote {path}")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from kg.api import query

    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except OSError as exc:
            raise KgError(f"{args.file}: cannot read query ({exc.strerror})") from None
    elif args.sparql:
        text = args.sparql
    else:
        raise KgError("give the query as an argument or with -f FILE")
    result = query(args.graph, with_prefixes(text))
    print_result(result, args.format)
    return 0


def print_result(result, fmt: str) -> None:
    if result.type == "ASK":
        print("true" if result.askAnswer else "false")
        return
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        sys.stdout.write(result.graph.serialize(format="turtle"))
        return
    names = [str(v) for v in result.vars]
    rows = [["" if row[i] is None else str(row[i]) for i in range(len(names))] for row in result]
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
    elif fmt == "json":
        print(json.dumps([dict(zip(names, r)) for r in rows], ensure_ascii=False, indent=1))
    else:
        widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
        print("  ".join(_pad(n, w) for n, w in zip(names, widths)))
        print("  ".join("-" * w for w in widths))
        for r in rows:
            print("  ".join(_pad(c, w) for c, w in zip(r, widths)))
        print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if "\u2e80" <= c <= "\uffef" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.api import validate

    conforms, report = validate(args.graph)
    print(report if not conforms else f"{args.graph}: conforms to the SHACL shapes")
    return 0 if conforms else 1


COMMANDS = {"build": cmd_build, "query": cmd_query, "validate": cmd_validate}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KgError as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted; previous outputs are untouched", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
