"""``kg query``: SPARQL on a graph file, an Oxigraph store or a remote endpoint."""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from pathlib import Path

from kg.commands.remote_options import add_remote_arguments, auth_from
from kg.errors import KgError
from kg.sparql.answer import Answer
from kg.sparql.engine import STORES, with_prefixes
from kg.vocab import PREFIXES

__all__ = [
    "PREFIXES",
    "with_prefixes",
    "print_result",
    "register",
    "run",
    "terminal_text",
]

#: characters that steer a terminal or reorder text: C0, DEL, C1, line/paragraph
#: separators, bidirectional overrides and isolates (article text may hold any of them)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: the same but tab and newline, which JSON and Turtle output use between their terms
_UNSAFE_IN_SYNTAX = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)

EPILOG = """\
examples:
  kg query exports/graph.ttl 'SELECT ?r WHERE { ?r a pa:County }'
  kg query exports/graph.ttl -f queries/programs_by_region.rq --format csv
  kg query exports/graph.ttl --saved villages_of_county      # a saved question by name
  kg query exports/graph.ttl 'ASK { ?o pa:servesIn ?r }'
  kg query exports/graph.oxigraph -f queries/evidence.rq     # an Oxigraph store directory
  kg query --endpoint http://127.0.0.1:7878/query -f queries/officials_by_region.rq

the prefixes pa:, par:, rdf:, rdfs:, skos:, prov:, xsd:, dcterms: are known
without PREFIX lines.  SELECT prints a table (or csv/json), ASK prints
true/false, CONSTRUCT/DESCRIBE print Turtle.  GRAPH may be a graph file
(.ttl, .nt, .trig, .jsonld, .rdf) or a store directory written by
kg build --store oxigraph; --store memory queries a file with rdflib's own
engine instead of Oxigraph's.  kg queries lists the saved questions.

SERVICE clauses are refused (the query is parsed, whatever its spelling):
a local query reads the graph only, unless --allow-service.  SPARQL Update
is refused too.  Control characters from the graph's text are shown
escaped (\x1b, \u202e) in tables and, on a terminal, in csv; json and
Turtle escape them losslessly.
"""


class _Intermixed(argparse.ArgumentParser):
    """Options may stand between GRAPH and the query (``kg query G --store memory 'ASK …'``)."""

    _inside = False

    def parse_known_args(self, args=None, namespace=None):
        if self._inside:  # parse_known_intermixed_args calls back in here
            return super().parse_known_args(args, namespace)
        self._inside = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inside = False


def register(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser(
        "query",
        help="run SPARQL on a graph file, an Oxigraph store or an endpoint",
        description="Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    q.add_argument(
        "graph",
        nargs="?",
        metavar="GRAPH",
        help="graph file (.ttl, .nt, .jsonld …) or Oxigraph store directory",
    )
    q.add_argument("sparql", nargs="?", help="the query text")
    q.add_argument("-f", "--file", type=Path, help="read the query from a .rq file")
    q.add_argument("--saved", metavar="NAME", help="run the saved question NAME (see kg queries)")
    q.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="output of SELECT results (default: table)",
    )
    q.add_argument(
        "--store",
        choices=STORES,
        default="auto",
        help="engine: oxigraph (default for files, always for store directories) or memory "
        "(rdflib)",
    )
    q.add_argument(
        "--allow-service",
        action="store_true",
        help="let SERVICE clauses of a local query call the endpoints they name (federated "
        "queries; off by default)",
    )
    q.add_argument("--endpoint", metavar="URL", help="query this SPARQL endpoint instead of GRAPH")
    q.add_argument(
        "--default-graph",
        action="append",
        metavar="IRI",
        help="with --endpoint: query this graph of the store (repeatable)",
    )
    add_remote_arguments(q, "the endpoint")
    q.set_defaults(func=run)
    q.__class__ = _Intermixed


def _query_text(args: argparse.Namespace, positional: str | None) -> str:
    given = [x for x in (args.file, args.saved, positional) if x is not None]
    if len(given) > 1:
        raise KgError("give the query one way: as an argument, with -f FILE or with --saved NAME")
    if args.file is not None:
        try:
            return args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise KgError(f"{args.file}: cannot read query ({reason})") from None
    if args.saved is not None:
        from kg.sparql.saved import find

        return find(args.saved).text
    if positional:
        return positional
    raise KgError("give the query as an argument, with -f FILE or with --saved NAME")


def run(args: argparse.Namespace) -> int:
    if args.endpoint:
        if args.graph is not None and args.sparql is not None:
            raise KgError("with --endpoint give no GRAPH: kg query --endpoint URL 'SELECT …'")
        from kg.remote.query import remote_query

        text = _query_text(args, args.sparql if args.sparql is not None else args.graph)
        answer = remote_query(
            args.endpoint,
            text,
            graphs=args.default_graph,
            auth=auth_from(args),
            timeout=args.timeout,
        )
    else:
        if args.graph is None:
            raise KgError("give a GRAPH file or store directory, or --endpoint URL")
        from kg.sparql.engine import open_source

        text = _query_text(args, args.sparql)
        source = open_source(Path(args.graph), args.store, allow_service=args.allow_service)
        from kg.sparql.guard import NO_SERVICE, QueryRefused

        try:
            answer = source.execute(text)
        except QueryRefused as exc:
            if str(exc) != NO_SERVICE:
                raise
            raise KgError(f"{exc} (--allow-service lets them call other endpoints)") from None
    try:
        print_result(answer, args.format)
        sys.stdout.flush()
    except BrokenPipeError:  # kg query … | head: the reader has all it wanted
        _silence_stdout()
        return 141  # what a shell reports for a command ended by SIGPIPE, as kg/cli.py does
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a file descriptor (tests' capture)
        pass


def terminal_text(text: str) -> str:
    """``text`` with control and bidi characters shown as escapes (``\\x1b``, ``\\u202e``)."""

    def escape(m: re.Match) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, text)


def _json_safe(text: str) -> str:
    """JSON or Turtle text with control and bidi characters as ``\\u`` escapes.

    Both syntaxes read ``\\u`` escapes inside strings, the only place such a
    character can stand (json.dumps leaves DEL, C1 and bidi characters raw).
    """
    return _UNSAFE_IN_SYNTAX.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_result(answer: Answer, fmt: str) -> None:
    """Print an answer: true/false, Turtle, or a SELECT's rows as a table, csv or json."""
    if answer.form == "ASK":
        print("true" if answer.boolean() else "false")
        return
    if answer.form == "GRAPH":
        # the project's prefixes; control characters only occur inside literals, where
        # Turtle's \\u escapes hold them
        sys.stdout.write(_json_safe(answer.turtle().decode("utf-8")))
        return
    names, rows = answer.table()
    if fmt == "csv":
        if sys.stdout.isatty():  # a program reading the csv gets the text as it is
            rows = [[terminal_text(c) for c in r] for r in rows]
        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
    elif fmt == "json":
        text = json.dumps([dict(zip(names, r)) for r in rows], ensure_ascii=False, indent=1)
        print(_json_safe(text))
    else:
        rows = [[terminal_text(c) for c in r] for r in rows]
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
