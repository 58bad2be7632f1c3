"""The analysis report of a graph: its figures as JSON-ready data, as Markdown, and as files.

:func:`analyze` is what ``kg analyze`` calls: the report, the indicator trends, and with an
output folder the charts, report.md/.json and the Gephi files (:mod:`kg.export.gephi`).
Names from the articles are escaped for Markdown (:func:`md_text`).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kg.analysis.network import centrality, communities, from_extract, undirected
from kg.errors import KgError, printable
from kg.graph.records import Extract, has_entities, read_graph
from kg.vocab import class_table

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

#: what Markdown (CommonMark, GitHub tables) would read as markup in a name
_MARKUP = re.compile(r"([\\`*_\[\]()#!|~])")
NO_ENTITIES = "holds no pa-kg entities (no pa:Official, pa:County … nodes)"


@dataclass
class Analysis:
    """What :func:`analyze` made: the report, its Markdown, and the files it wrote."""

    report: dict
    markdown: str
    written: list[Path] = field(default_factory=list)


def analyze(graph: Graph, *, path: Path, top: int = 10, out: Path | None = None,
            chart_format: str = "png") -> Analysis:
    """The report of ``graph`` (read from ``path``); with ``out``, its files written there."""
    from kg.analysis.trends import indicator_trends, render_trends, trend_charts

    if top < 1:
        raise KgError(f"the report's top count must be at least 1, not {top}")
    if not has_entities(graph):
        raise KgError(f"{path}: {NO_ENTITIES}")
    G, data = report(graph, top=top)
    data["indicator_trends"] = indicator_trends(graph)
    title = f"Analysis of {Path(path).name}"
    if out is None:
        return Analysis(data, render_markdown(data, title=title)
                        + render_trends(data["indicator_trends"]))
    from kg.analysis.charts import report_charts
    from kg.export.gephi import write_gexf, write_graphml
    from kg.io import atomic_write

    charts = report_charts(data, out, fmt=chart_format)
    data["charts"] = [p.name for p in charts]
    trend_files = trend_charts(data["indicator_trends"], out, fmt=chart_format)
    data["trend_charts"] = [p.name for p in trend_files]
    write_graphml(G, out / "graph.graphml")
    write_gexf(G, out / "graph.gexf")
    write_json(data, out / "report.json")
    atomic_write(out / "report.md", render_markdown(data, title=title)
                 + render_trends(data["indicator_trends"], trend_files))
    markdown = render_markdown(data, title=title) + render_trends(data["indicator_trends"])
    written = [out / "report.md", out / "report.json", *charts, *trend_files,
               out / "graph.graphml", out / "graph.gexf"]
    return Analysis(data, markdown, written)


def report(graph: Graph, *, top: int = 10) -> tuple[nx.MultiDiGraph, dict]:
    """The networkx graph of ``graph`` and a JSON-ready report about it."""
    import networkx as nx

    if not has_entities(graph):
        raise KgError(f"the graph {NO_ENTITIES}")
    data = read_graph(graph, statistics=True)
    G = from_extract(_without_statistics(data))
    cent = centrality(G)
    metrics = cent["metrics"]
    comms, comm_method = communities(G)
    U = undirected(G)
    comps = sorted(nx.connected_components(U), key=len, reverse=True)
    community_of = {v: i for i, c in enumerate(comms) for v in c}
    for v, m in metrics.items():
        m["community"] = community_of[v]

    def row(v: str) -> dict:
        attrs = G.nodes[v]
        links = [G.nodes[w]["label"] for w in ranked(U[v])[:4]]
        return {
            "label": attrs["label"],
            "class": attrs["cls"],
            "iri": v,
            **metrics[v],
            "links": links,
        }

    def ranked(nodes) -> list[str]:
        return sorted(nodes, key=lambda v: (-metrics[v]["pagerank"], G.nodes[v]["label"], v))

    central = {}
    for group, classes in class_table().groups.items():
        members = [v for v, cls in G.nodes(data="cls") if cls in classes]
        if members:
            central[group] = [row(v) for v in ranked(members)[:top]]
    relations = Counter(rel for _, _, rel in G.edges(keys=True))
    out = {
        "graph": {
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "classes": dict(Counter(cls for _, cls in G.nodes(data="cls"))),
            "relations": dict(sorted(relations.items())),
            "statistics": len(data.stats),
            "articles": len(data.articles),
        },
        "method": {"centrality": f"undirected; {cent['method']}", "communities": comm_method},
        "central": central,
        "components": {
            "count": len(comps),
            "largest": len(comps[0]) if comps else 0,
            "isolated": sum(1 for c in comps if len(c) == 1),
            "sizes": [len(c) for c in comps[:top]],
        },
        "communities": {
            "count": len(comms),
            "modularity": round(nx.community.modularity(U, comms), 4) if U.size() else 0.0,
            "largest": [
                {
                    "size": len(c),
                    "classes": _by_count(Counter(G.nodes[v]["cls"] for v in c)),
                    "members": [G.nodes[v]["label"] for v in ranked(c)[:8]],
                }
                for c in comms[:top]
                if len(c) > 1
            ],
        },
        "programmes_by_regions": _reach(G, "implements", top),
        "industries_by_regions": _reach(G, "develops", top),
        "statistics_by_region": _stats_by_region(data, top),
    }
    for v, m in metrics.items():
        G.nodes[v].update(m)
    return G, out


def _by_count(counts: Counter) -> dict[str, int]:
    """Classes by count, ties in the class table's order (a community is a set: its
    iteration order, and so ``most_common``'s order of ties, changes with the hash seed)."""
    order = {name: i for i, name in enumerate(class_table().names)}
    return dict(sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], 0))))


def _without_statistics(data: Extract) -> Extract:
    keep = [i for i, n in enumerate(data.nodes) if n.cls != "Statistic"]
    new_index = {old: new for new, old in enumerate(keep)}
    edges = [
        replace(e, src=new_index[e.src], dst=new_index[e.dst])
        for e in data.edges
        if e.src in new_index and e.dst in new_index
    ]
    return Extract([data.nodes[i] for i in keep], edges, data.evidence, data.articles, [])


def _reach(G: nx.MultiDiGraph, relation: str, top: int) -> list[dict]:
    """Targets of ``relation`` (programmes, industries) by the number of regions linked to them."""
    regions: dict[str, set[str]] = {}
    region_classes = class_table().regions
    for u, v, rel in G.edges(keys=True):
        if rel == relation and G.nodes[u]["cls"] in region_classes:
            regions.setdefault(v, set()).add(u)
    order = sorted(regions, key=lambda v: (-len(regions[v]), G.nodes[v]["label"]))
    return [{"label": G.nodes[v]["label"], "regions": len(regions[v])} for v in order[:top]]


def _stats_by_region(data: Extract, top: int) -> list[dict]:
    counts = Counter(s.region for s in data.stats if s.region is not None)
    order = sorted(counts, key=lambda r: (-counts[r], data.nodes[r].label))
    return [
        {"label": data.nodes[r].label, "class": data.nodes[r].cls, "statistics": counts[r]}
        for r in order[:top]
    ]


def write_json(data: dict, path: Path) -> None:
    from kg.io import atomic_write

    atomic_write(Path(path), json.dumps(data, ensure_ascii=False, indent=1) + "\n")


# ---------------------------------------------------------------- Markdown


def md_text(value) -> str:
    """A name from an article as Markdown text that renders as itself.

    HTML is written as entities (``<script>`` stays text), Markdown markup is
    backslash-escaped, and control characters and line breaks are shown as
    escapes, so one name cannot add a link, an image, a row or a heading.
    """
    text = html.escape(printable(str(value)), quote=False)
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
