"""``kg analyze``: centrality, communities and components of a graph; GraphML/GEXF for Gephi."""

from __future__ import annotations

import argparse
import html
import json
import re
from pathlib import Path

from kg.commands.query import terminal_text

#: what Markdown (CommonMark, GitHub tables) would read as markup in a name
_MARKUP = re.compile(r"([\\`*_\[\]()#!|~])")

EPILOG = """\
examples:
  kg analyze exports/graph.ttl                 # the report, as Markdown on stdout
  kg analyze exports/graph.ttl --json          # the same report as JSON
  kg analyze exports/graph.ttl -o analysis     # + report.md, report.json, charts,
                                               #   graph.graphml and graph.gexf (Gephi)

nodes are the entities, edges the relations (servesIn, locatedIn, implements,
develops); centrality is computed on the undirected graph.  In Python:
  from kg.analyze import to_networkx
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
    from kg import analyze
    from kg.errors import KgError
    from kg.export.view_data import has_entities
    from kg.graph.open import open_graph

    if args.top < 1:
        raise KgError("--top must be at least 1")
    graph = open_graph(args.graph).rdflib()
    if not has_entities(graph):
        raise KgError(f"{args.graph}: holds no pa-kg entities (no pa:Official, pa:County … nodes)")
    G, report = analyze.report(graph, top=args.top)
    from kg.trends import indicator_trends, render_trends, trend_charts

    report["indicator_trends"] = indicator_trends(graph)
    trend_files: list[Path] = []
    written: list[Path] = []
    if args.out is not None:
        from kg.charts import report_charts

        charts = report_charts(report, args.out, fmt=args.chart_format)
        report["charts"] = [p.name for p in charts]
        trend_files = trend_charts(report["indicator_trends"], args.out, fmt=args.chart_format)
        report["trend_charts"] = [p.name for p in trend_files]
        analyze.write_graphml(G, args.out / "graph.graphml")
        analyze.write_gexf(G, args.out / "graph.gexf")
        analyze.write_json(report, args.out / "report.json")
        md = args.out / "report.md"
        from kg.io import atomic_write

        atomic_write(md, render_markdown(report, title=f"Analysis of {args.graph.name}")
                     + render_trends(report["indicator_trends"], trend_files))
        written = [md, args.out / "report.json", *charts, *trend_files]
        written += [args.out / "graph.graphml", args.out / "graph.gexf"]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(render_markdown(report, title=f"Analysis of {args.graph.name}")
              + render_trends(report["indicator_trends"]), end="")
        for path in written:
            print(f"wrote {path}")
    return 0


def md_text(value) -> str:
    """A name from an article as Markdown text that renders as itself.

    HTML is written as entities (``<script>`` stays text), Markdown markup is
    backslash-escaped, and control characters and line breaks are shown as
    escapes, so one name cannot add a link, an image, a row or a heading.
    """
    text = html.escape(terminal_text(str(value)), quote=False)
    return _MARKUP.sub(r"\\\1", text)


def render_markdown(report: dict, *, title: str) -> str:
    g = report["graph"]
    lines = [f"# {md_text(title)}", ""]
    classes = ", ".join(f"{n} {k}" for k, n in g["classes"].items())
    relations = ", ".join(f"{n} {k}" for k, n in g["relations"].items())
    lines += [
        f"{g['nodes']} entities ({classes}); {g['edges']} relations ({relations or 'none'}); "
        f"{g['statistics']} statistics from {g['articles']} article(s).",
        f"Centrality: {report['method']['centrality']}.",
        "",
    ]
    for group, rows in report["central"].items():
        lines += [f"## Most central: {group} (by PageRank)", ""]
        lines += _table(
            ["name", "class", "degree", "betweenness", "PageRank", "linked to"],
            [
                [
                    r["label"],
                    r["class"],
                    r["degree"],
                    f"{r['betweenness']:.4f}",
                    f"{r['pagerank']:.4f}",
                    "、".join(r["links"]),
                ]
                for r in rows
            ],
        )
    comps = report["components"]
    lines += [
        "## Connected components",
        "",
        f"{comps['count']} components; the largest holds {comps['largest']} entities; "
        f"{comps['isolated']} entities are linked to nothing.  Sizes: "
        + ", ".join(str(s) for s in comps["sizes"]),
        "",
    ]
    comms = report["communities"]
    lines += [
        "## Communities",
        "",
        f"{comms['count']} communities ({report['method']['communities']}), "
        f"modularity {comms['modularity']}.",
        "",
    ]
    lines += _table(
        ["size", "classes", "most central members"],
        [
            [
                c["size"],
                ", ".join(f"{n} {k}" for k, n in c["classes"].items()),
                "、".join(c["members"]),
            ]
            for c in comms["largest"]
        ],
    )
    charts = dict(zip(("programmes", "statistics"), report.get("charts", [])))
    sections = [
        ("programmes_by_regions", "Programmes by number of regions", "regions", "programmes"),
        ("industries_by_regions", "Industries by number of regions", "regions", None),
        ("statistics_by_region", "Statistics per region", "statistics", "statistics"),
    ]
    for key, heading, column, chart in sections:
        lines += [f"## {heading}", ""]
        if chart in charts:
            lines += [f"![{heading}]({charts[chart]})", ""]
        lines += _table(["name", column], [[r["label"], r[column]] for r in report[key]])
    return "\n".join(lines)


def _table(head: list[str], rows: list[list]) -> list[str]:
    if not rows:
        return ["(none)", ""]
    cells = [[md_text(c) for c in row] for row in rows]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in cells]
    return [*out, ""]
