"""``kg view``: a graph file or store in, one self-contained interactive HTML page out."""

from __future__ import annotations

import argparse
from pathlib import Path

EPILOG = """\
examples:
  kg view exports/graph.ttl -o view.html
  kg view big.ttl -o view.html --limit 2000 --layout hierarchy

the page works offline (vis-network is inlined, nothing is fetched): search by
name or alias, filter by class and article, click a node for its relations,
evidence sentences and statistics.  Graphs with more than --limit nodes show
the most central ones; the search still reaches every node.
"""


def register(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser(
        "view",
        help="write an offline interactive HTML view of a graph",
        description="Write one self-contained HTML file to explore GRAPH in a browser.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    v.add_argument("graph", type=Path, metavar="GRAPH",
                   help="graph file (.ttl, .nt, .jsonld …) or Oxigraph store folder")
    v.add_argument("-o", "--out", type=Path, required=True, metavar="HTML", help="the page")
    v.add_argument("--title", help="page title (default: the graph file name)")
    v.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="draw at most N nodes, the most central (default 3000)",
    )
    v.add_argument(
        "--layout",
        choices=["network", "hierarchy"],
        default="network",
        help="initial layout; the page can switch (default network)",
    )
    v.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.errors import KgError
    from kg.graph.open import open_graph
    from kg.graph.records import has_entities
    from kg.io import atomic_write
    from kg.view.html import DRAW_LIMIT, render

    limit = DRAW_LIMIT if args.limit is None else args.limit
    if limit < 1:
        raise KgError("--limit must be at least 1")
    graph = open_graph(args.graph).rdflib()
    if not has_entities(graph):
        raise KgError(f"{args.graph}: holds no pa-kg entities (no pa:Official, pa:County … nodes)")
    title = args.title or f"pa-kg: {args.graph.name}"
    view = render(graph, title=title, limit=limit, layout=args.layout)
    atomic_write(args.out, view.page)
    more = ""
    if view.drawn < view.nodes:
        more = f" (the {view.drawn} most central of {view.nodes} drawn; the search reaches all)"
    print(f"wrote {args.out}: {view.nodes} nodes, {view.edges} edges{more}")
    return 0
