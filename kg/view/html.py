"""Offline HTML view of the knowledge graph: one self-contained file with vis-network inlined.

Why a template of our own rather than ``Network.write_html``: pyvis 0.3.2 always links Bootstrap
from a CDN and, unless ``in_line``, vis-network too, so its page is blank offline (TOOLING.md).
pyvis only supplies the vis-network script; the page (``assets/view.html``) is ours: search by
name or alias, filters by class and article (articles by title; the view re-fits), a side panel
where each sentence appears once with the facts it supports and a region's statistics in a
table, node size by degree / PageRank / betweenness, a region-hierarchy layout.  It opens
readable: statistics are off the canvas until the legend's box draws them, and the
:data:`LABELLED` most central nodes in view keep readable labels at every zoom.

Scale: up to :data:`LAYOUT_THRESHOLD` nodes the browser lays the graph out and stops its
physics once stable; above it positions come from :mod:`kg.view.layout`.  Above ``limit``
nodes only the most central ones are drawn (:func:`most_central`), the page says so, and the
search still reaches every node: a found node is brought in beside its neighbours.

Everything read from the graph is untrusted text (it comes from news articles).  It enters the
page only as JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&``
escaped, and the page script writes it with ``textContent`` only.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.graph.records import STAT_RELATION, Extract, read_graph
from kg.io import atomic_write
from kg.sources.crops import evidence_crop
from kg.view.layout import force_layout, hierarchy_layout, place_rest
from kg.vocab import class_table

if TYPE_CHECKING:
    from rdflib import Graph

#: relation drawn as an edge -> colour
RELATION_STYLE: dict[str, str] = {
    "servesIn": "#d62728",
    "locatedIn": "#7f7f7f",
    "implements": "#ff7f0e",
    "develops": "#2ca02c",
    STAT_RELATION: "#8c564b",
}
#: above this many nodes in-browser physics is slower than a layout computed in Python
LAYOUT_THRESHOLD = 200
#: the most nodes drawn at once; above it the page shows the most central ones
DRAW_LIMIT = 3000
#: nodes whose labels are drawn readable at any zoom: the most central ones in view
LABELLED = 24
#: above this many edges, edge labels only add clutter; colour and tooltip still name the relation
EDGE_LABEL_LIMIT = 400
FONT_FACE = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", sans-serif'
)
VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")
LAYOUTS = ("network", "hierarchy")


@dataclass
class View:
    page: str  # the HTML text
    drawn: int  # nodes drawn when the page opens
    nodes: int  # nodes in the graph (all reachable through the search)
    edges: int


def write_html(
    graph: Graph | Extract,
    path: Path,
    *,
    title: str = "pa-kg",
    limit: int = DRAW_LIMIT,
    layout: str = "network",
) -> int:
    """Write the offline view of ``graph`` to ``path`` and return the number of nodes drawn.

    ``graph`` is an rdflib graph, or what :mod:`kg.graph.records` read of one.  The file is
    replaced atomically, so a reader (or a browser reload) never sees half a page.
    """
    view = render(graph, title=title, limit=limit, layout=layout)
    atomic_write(Path(path), view.page)
    return view.drawn


def render(
    graph: Graph | Extract,
    *,
    title: str = "pa-kg",
    limit: int = DRAW_LIMIT,
    layout: str = "network",
) -> View:
    """The page for ``graph``: all nodes in its data, the ``limit`` most central ones drawn."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    data = graph if isinstance(graph, Extract) else read_graph(graph, statistics=True)
    payload = page_data(data, limit=max(1, limit), layout=layout)
    drawn = payload["drawn"]
    total = len(data.nodes)
    count = f"{total} nodes · {len(data.edges)} edges"
    if drawn < total:
        count = f"{drawn} of {total} nodes drawn · {len(data.edges)} edges"
    fills = {
        "TITLE": html.escape(title),
        "COUNT": html.escape(count),
        "NODES": str(drawn),
        "FONT": FONT_FACE,
        "VISJS": _vis_js(),
        "DATA": _script_json(payload),
    }
    # one pass, so text put in by one placeholder is never read as another placeholder
    template = files("kg.view").joinpath("assets", "view.html").read_text(encoding="utf-8")
    page = re.sub(r"@@(\w+)@@", lambda m: fills[m.group(1)], template)
    return View(page, drawn, total, len(data.edges))


def page_data(data: Extract, *, limit: int, layout: str, stats_drawn: bool = False) -> dict:
    """The JSON the page script reads: compact keys, every node, positions where needed.

    Statistics are not drawn when the page opens (``stats_drawn``): hundreds of diamonds
    round their regions hide the facts, and each region's panel lists them in a table; the
    Statistic box of the legend draws them."""
    from kg.analysis.network import centrality

    n = len(data.nodes)
    pairs = [(e.src, e.dst) for e in data.edges if e.src != e.dst]
    metrics = centrality(_simple_graph(n, pairs))["metrics"]
    drawn = most_central(data, metrics, limit)
    physics = n <= min(limit, LAYOUT_THRESHOLD)
    positions: list[tuple[float, float]] = []
    if not physics:
        # the entities get the picture; statistics (off the canvas until asked for) then go
        # beside their region, so that drawing them does not move anything
        sub = sorted(i for i in drawn if data.nodes[i].cls != "Statistic") or sorted(drawn)
        local = {v: i for i, v in enumerate(sub)}
        sub_edges = [(local[a], local[b]) for a, b in pairs if a in local and b in local]
        laid = force_layout(len(sub), sub_edges)
        positions = place_rest(n, pairs, {v: laid[local[v]] for v in sub})
    hier = hierarchy_layout(data)
    CLASS_STYLE = class_table().style  # noqa: N806  the class table's, read now
    class_index = {name: i for i, name in enumerate(CLASS_STYLE)}
    rel_index = {name: i for i, name in enumerate(RELATION_STYLE)}
    nodes = []
    for i, node in enumerate(data.nodes):
        m = metrics[i]
        item: dict = {
            "id": i,
            "label": node.label,
            "c": class_index[node.cls],
            "deg": m["degree"],
            "pr": float(f"{m['pagerank']:.4g}"),
            "bc": float(f"{m['betweenness']:.4g}"),
            "hx": hier[i][0],
            "hy": hier[i][1],
            "iri": str(node.iri),
        }
        if node.aliases:
            item["alt"] = node.aliases
        if node.positions:
            item["pos"] = node.positions
        if node.articles:
            item["art"] = node.articles
        if positions:
            item["x"], item["y"] = positions[i]
        if i not in drawn:
            item["hid"] = 1
        nodes.append(item)
    edges = []
    for j, e in enumerate(data.edges):
        item = {"id": j, "from": e.src, "to": e.dst, "r": rel_index[e.rel]}
        if e.evidence:
            item["ev"] = e.evidence
        if e.gazetteer:
            item["gaz"] = 1
        edges.append(item)
    class_counts = data.class_counts()
    drawn_counts = {name: 0 for name in CLASS_STYLE}
    for i in drawn:
        drawn_counts[data.nodes[i].cls] += 1
    rel_counts = {name: 0 for name in RELATION_STYLE}
    for e in data.edges:
        rel_counts[e.rel] += 1
    return {
        "classes": [
            {
                "name": name,
                "colour": colour,
                "shape": shape,
                "count": class_counts.get(name, 0),
                "drawn": drawn_counts[name],
            }
            for name, (colour, shape) in CLASS_STYLE.items()
        ],
        "relations": [
            {"name": name, "colour": colour, "count": rel_counts[name]}
            for name, colour in RELATION_STYLE.items()
        ],
        "articles": [{"name": a.name, "title": a.title} for a in data.articles],
        "statsDrawn": stats_drawn,
        "labelled": LABELLED,
        "evidence": [[ev.quote, ev.article, ev.start, ev.end, *evidence_crop(ev, data)]
                     for ev in data.evidence],
        "nodes": nodes,
        "edges": edges,
        "stats": [
            {
                "n": s.node,
                "reg": s.region,
                "ind": s.indicator,
                "val": s.value,
                "unit": s.unit,
                "year": s.year,
                "ev": s.evidence,
            }
            for s in data.stats
        ],
        "total": n,
        "drawn": len(drawn),
        "physics": physics,
        "layout": layout,
        "edgeLabels": len(data.edges) <= EDGE_LABEL_LIMIT,
        "options": _options(physics),
    }


def most_central(data: Extract, metrics: dict, limit: int) -> set[int]:
    """The ``limit`` nodes drawn first: the highest PageRank, with a fair share for each class.

    Each entity class gets a share of ``limit`` in proportion to its size (so officials, whose
    PageRank is low because each serves in one place, are not all left out), then the rest goes
    by PageRank overall.  Statistics come last: a region's panel lists them anyway.
    """
    n = len(data.nodes)
    if n <= limit:
        return set(range(n))
    order = sorted(range(n), key=lambda i: (-metrics[i]["pagerank"], -metrics[i]["degree"], i))
    by_class: dict[str, list[int]] = {}
    for i in order:
        by_class.setdefault(data.nodes[i].cls, []).append(i)
    entities = n - len(by_class.get("Statistic", []))
    chosen: set[int] = set()
    for cls, members in by_class.items():
        if cls != "Statistic":
            linked = [i for i in members if metrics[i]["degree"]]  # a share of what is linked
            chosen.update(linked[: limit * len(members) // max(1, entities)])
    rest = [i for i in order if data.nodes[i].cls != "Statistic"]
    rest += by_class.get("Statistic", [])
    for i in rest:
        if len(chosen) >= limit:
            break
        chosen.add(i)
    return chosen


def _simple_graph(n: int, pairs: list[tuple[int, int]]):
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(pairs)
    return g


def _options(physics: bool) -> dict:
    font = {
        "face": FONT_FACE,
        "size": 14,
        "color": "#1a1a1a",
        "strokeWidth": 3,
        "strokeColor": "#ffffff",
    }
    groups = {}
    for name, (colour, shape) in class_table().style.items():
        fill = {"background": colour, "border": "#333333"}
        groups[name] = {
            "shape": shape,
            "color": {**fill, "highlight": {**fill, "border": "#000000"}, "hover": fill},
        }
    options: dict = {
        "groups": groups,
        "nodes": {"font": font, "borderWidth": 1, "borderWidthSelected": 4},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {**font, "size": 10, "color": "#555555", "align": "middle"},
            "smooth": {"type": "continuous"} if physics else False,
            "width": 1.2,
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": not physics,
            "hideEdgesOnZoom": not physics,
        },
        "layout": {"improvedLayout": physics, "randomSeed": 7},
    }
    if not physics:
        options["physics"] = False
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "springLength": 110,
                "springConstant": 0.04,
                "damping": 0.4,
                "avoidOverlap": 0.3,
            },
            "stabilization": {"enabled": True, "iterations": 250, "updateInterval": 50},
            "minVelocity": 1.0,
        }
    return options


def _script_json(data: dict) -> str:
    """JSON that cannot end the ``<script>`` element it sits in, whatever the labels say."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _vis_js() -> str:
    """vis-network from the installed pyvis, licence header included, checked safe to inline.

    The file is found without importing pyvis, whose import (jinja2, its own
    networkx helpers) costs half a second of every build.
    """
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("the pyvis package is missing: pip install pyvis")
    resource = Path(next(iter(spec.submodule_search_locations))).joinpath(*VIS_JS)
    js = resource.read_text(encoding="utf-8")
    if re.search(r"</script|<!--", js, re.IGNORECASE):
        raise RuntimeError(f"{resource} cannot be inlined in a <script> element")
    return js
