"""``kg export``: the graph in every standard RDF format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.export.formats import NAMES as FORMAT_NAMES

EPILOG = """\
examples:
  kg export exports/graph.ttl --format trig -o exports/graph.trig
  kg export exports/graph.oxigraph --format nt > graph.nt

formats: ttl (Turtle), trig (TriG), nt (N-Triples), nq (N-Quads), jsonld
(JSON-LD), rdfxml (RDF/XML).  TriG and N-Quads put what each article says in
a named graph called by the article's IRI (evidence, statements, statistics,
mentions) and the rest in the default graph; their union is the graph.
"""


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "export",
        help="write the graph as Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML",
        description="Write GRAPH (a graph file or an Oxigraph store) in a standard RDF format.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("graph", type=Path, metavar="GRAPH")
    e.add_argument("--format", choices=FORMAT_NAMES, required=True)
    e.add_argument(
        "-o", "--out", type=Path, metavar="FILE", help="output file (default: standard output)"
    )
    e.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.export.rdf import serialize
    from kg.graph.open import open_graph
    from kg.io import atomic_write

    data = serialize(open_graph(args.graph).rdflib(), args.format)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write(args.out, data)
        print(f"wrote {args.out} ({args.format})", file=sys.stderr)
    return 0
