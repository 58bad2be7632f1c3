"""``kg validate``: SHACL validation of a graph file or store."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser(
        "validate",
        help="check a graph against the SHACL shapes",
        description="Validate GRAPH against ontology/shapes.ttl (pySHACL). "
        "Exit 0 when it conforms, 1 when it does not.",
        epilog="example:\n  kg validate exports/graph.ttl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    v.add_argument("graph", type=Path, metavar="GRAPH")
    v.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.graph.open import open_graph
    from kg.graph.shacl import validate

    conforms, report = validate(open_graph(args.graph).rdflib())
    print(report if not conforms else f"{args.graph}: conforms to the SHACL shapes")
    return 0 if conforms else 1
