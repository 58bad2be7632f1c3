"""``kg analyze``: centrality, communities and components of a graph; GraphML/GEXF for Gephi."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

EPILOG = """\
examples:
  kg analyze exports/graph.ttl                 # the report, as Markdown on stdout
  kg analyze exports/graph.ttl --json          # the same report as JSON
  kg analyze exports/graph.ttl -o analysis     # + report.md, report.json, charts,
                                               #   graph.graphml and graph.gexf (Gephi)

nodes are the entities, edges the relations (servesIn, locatedIn, implements,
develops); centrality is computed on the undirected graph.  In Python:
  from kg.analysis import to_networkx
"""


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser(
        "analyze",
        help="network analysis: central nodes, communities, GraphML/GEXF",
        description="The most central officials, regions, programmes and industries (degree, "
        "betweenness, PageRank), communities (Louvain), connected components, and charts.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("graph", type=Path, metavar="GRAPH", help="graph file (.ttl, .nt, .jsonld …)")
    a.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="DIR",
        help="write report.md, report.json, charts, graph.graphml and graph.gexf here",
    )
    a.add_argument("--json", action="store_true", help="print the report as JSON")
    a.add_argument("--top", type=int, default=10, metavar="N", help="rows per table (default 10)")
    a.add_argument(
        "--chart-format", choices=["png", "svg"], default="png", help="chart files (default png)"
    )
    a.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.analysis.report import analyze
    from kg.errors import KgError
    from kg.graph.open import open_graph

    if args.top < 1:
        raise KgError("--top must be at least 1")
    result = analyze(open_graph(args.graph).rdflib(), path=args.graph, top=args.top,
                     out=args.out, chart_format=args.chart_format)
    if args.json:
        print(json.dumps(result.report, ensure_ascii=False, indent=1))
    else:
        print(result.markdown, end="")
        for path in result.written:
            print(f"wrote {path}")
    return 0
