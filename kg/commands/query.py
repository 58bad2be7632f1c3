"""``kg query``: SPARQL on a graph file, printed as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from kg.errors import KgError

EPILOG = """\
examples:
  kg query exports/graph.ttl 'SELECT ?r WHERE { ?r a pa:County }'
  kg query exports/graph.ttl -f queries/programs_by_region.rq --format csv
  kg query exports/graph.ttl 'ASK { ?o pa:servesIn ?r }'

the prefixes pa:, par:, rdf:, rdfs:, skos:, prov:, xsd:, dcterms: are known
without PREFIX lines.  SELECT prints a table (or csv/json), ASK prints
true/false, CONSTRUCT/DESCRIBE print Turtle.
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
    declared = sparql.upper()
    lines = [
        f"PREFIX {p}: <{iri}>"
        for p, iri in PREFIXES.items()
        if f"{p}:" in sparql and f"PREFIX {p.upper()}:" not in declared
    ]
    return "\n".join(lines + [sparql])


def register(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser(
        "query",
        help="run SPARQL on a graph file",
        description="Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    q.add_argument("graph", type=Path, metavar="GRAPH", help="graph file (.ttl, .nt, .jsonld …)")
    q.add_argument("sparql", nargs="?", help="the query text")
    q.add_argument("-f", "--file", type=Path, help="read the query from a .rq file")
    q.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="output of SELECT results (default: table)",
    )
    q.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
