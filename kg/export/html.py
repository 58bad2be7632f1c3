"""Offline HTML view of the knowledge graph: one self-contained file with vis-network inlined.

Why a template of our own rather than ``Network.write_html``: pyvis 0.3.2 always links Bootstrap
from a CDN and, unless ``in_line``, vis-network too, so its page is blank offline (TOOLING.md).
pyvis still builds the node and edge lists; this module only renders them.

Everything read from the graph is untrusted text (it comes from news articles).  It enters the
page only as JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&``
escaped, and the page script builds tooltips and the legend with ``textContent``, because
vis-network 9 renders a string ``title`` as HTML.
"""

from __future__ import annotations

import contextlib
import html
import json
import math
import os
import re
import tempfile
from collections import Counter, defaultdict
from importlib.resources import files
from pathlib import Path

from pyvis.network import Network
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.vocab import PA, PROV

#: class name -> (colour, vis shape); a node typed twice takes the first class listed here
CLASS_STYLE: dict[str, tuple[str, str]] = {
    "Official": ("#d62728", "dot"),
    "Province": ("#08306b", "dot"),
    "City": ("#2171b5", "dot"),
    "County": ("#4292c6", "dot"),
    "Town": ("#6baed6", "dot"),
    "Village": ("#9ecae1", "dot"),
    "Region": ("#c6dbef", "dot"),
    "Program": ("#ff7f0e", "triangle"),
    "Industry": ("#2ca02c", "square"),
    "Organization": ("#9467bd", "dot"),
    "Statistic": ("#8c564b", "diamond"),
}
#: relation drawn as an edge -> colour
RELATION_STYLE: dict[str, str] = {
    "servesIn": "#d62728",
    "locatedIn": "#7f7f7f",
    "implements": "#ff7f0e",
    "develops": "#2ca02c",
    "aboutRegion": "#8c564b",
}
#: above this many nodes the browser's physics never settles (TOOLING.md): lay out in Python
LAYOUT_THRESHOLD = 1500
#: above this many edges, edge labels only add clutter; colour and tooltip still name the relation
EDGE_LABEL_LIMIT = 400
MAX_QUOTES = 3  # evidence sentences per tooltip; the rest are counted
MAX_QUOTE_CHARS = 160
MAX_LABEL_CHARS = 24
FONT_FACE = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", sans-serif'
)
VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")


def write_html(graph: Graph, path: Path, *, title: str = "pa-kg") -> int:
    """Write the offline view of ``graph`` to ``path`` and return the number of nodes drawn.

    The file is replaced atomically, so a reader (or a browser reload) never sees half a page.
    """
    nodes, edges = _collect(graph)
    big = len(nodes) > LAYOUT_THRESHOLD
    net = Network(directed=True)
    ids = {node["iri"]: i for i, node in enumerate(nodes)}
    degree: Counter[int] = Counter()
    for edge in edges:
        degree[ids[edge["from"]]] += 1
        degree[ids[edge["to"]]] += 1
    positions = _layout(len(nodes), [(ids[e["from"]], ids[e["to"]]) for e in edges]) if big else []
    for i, node in enumerate(nodes):
        colour, shape = CLASS_STYLE[node["cls"]]
        extra = {"x": positions[i][0], "y": positions[i][1]} if big else {}
        net.add_node(
            i,
            label=_short(node["label"]) or " ",
            title=node["tip"],
            color=colour,
            shape=shape,
            size=round(10 + 4 * math.log2(1 + degree[i]), 1),
            **extra,
        )
    show_edge_labels = len(edges) <= EDGE_LABEL_LIMIT
    for edge in edges:
        options = {"label": edge["rel"]} if show_edge_labels else {}
        net.add_edge(
            ids[edge["from"]],
            ids[edge["to"]],
            title=edge["tip"],
            color=RELATION_STYLE[edge["rel"]],
            **options,
        )
    class_counts = Counter(node["cls"] for node in nodes)
    rel_counts = Counter(edge["rel"] for edge in edges)
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": _options(big),
        "physics": not big,
        "legend": [
            {"name": name, "colour": colour, "shape": shape, "count": class_counts[name]}
            for name, (colour, shape) in CLASS_STYLE.items()
            if class_counts[name]
        ],
        "relations": [
            {"name": name, "colour": colour, "count": rel_counts[name]}
            for name, colour in RELATION_STYLE.items()
            if rel_counts[name]
        ],
    }
    page = _render(data, title=title, n_nodes=len(net.nodes), n_edges=len(net.edges))
    _write_atomic(Path(path), page)
    return len(net.nodes)


# ---------------------------------------------------------------- reading the graph


def _collect(graph: Graph) -> tuple[list[dict], list[dict]]:
    """Nodes (entities and statistics) and edges (the relations between them) with tooltips.

    Statement, Evidence and Article nodes are not drawn: their content goes into tooltips.
    """
    articles: dict[Node, str] = {}
    evidence = _evidence_index(graph, articles)
    found: dict[Node, str] = {}
    for name in CLASS_STYLE:
        for subject in graph.subjects(RDF.type, getattr(PA, name)):
            found.setdefault(subject, name)
    labels = {s: _label(graph, s) for s in found}
    for s, cls in found.items():
        if cls == "Statistic":
            labels[s] = _statistic_label(graph, s)

    edges: list[dict] = []
    node_quotes: dict[Node, set[str]] = defaultdict(set)
    for rel in RELATION_STYLE:
        for s, o in graph.subject_objects(getattr(PA, rel)):
            if s not in found or o not in found:
                continue
            quotes = evidence.get((s, getattr(PA, rel), o), [])
            for end in (s, o):
                node_quotes[end].update(q for q in quotes if q.startswith("「"))
            lines = [f"{rel}: {labels[s]} → {labels[o]}", *_quote_lines(quotes)]
            edges.append({"from": s, "to": o, "rel": rel, "tip": "\n".join(lines)})
    edges.sort(key=lambda e: (e["rel"], str(e["from"]), str(e["to"])))

    nodes = []
    order = list(CLASS_STYLE)
    for s, cls in found.items():
        lines = [f"{cls} · {labels[s]}"]
        if cls == "Statistic":
            lines += _statistic_lines(graph, s, labels)
            evs = graph.objects(s, PA.supportedBy)
            quotes = [_evidence_line(graph, ev, articles) for ev in evs]
        else:
            lines += _entity_lines(graph, s, articles)
            quotes = list(node_quotes[s])
        lines += _quote_lines(sorted(quotes))
        lines.append(str(s))
        nodes.append({"iri": s, "cls": cls, "label": labels[s], "tip": "\n".join(lines)})
    nodes.sort(key=lambda n: (order.index(n["cls"]), n["label"], str(n["iri"])))
    return nodes, edges


def _evidence_index(graph: Graph, articles: dict[Node, str]) -> dict[tuple, list[str]]:
    """(subject, predicate, object) of each reified statement -> its evidence lines."""
    index: dict[tuple, list[str]] = defaultdict(list)
    for st in graph.subjects(RDF.type, RDF.Statement):
        key = (
            graph.value(st, RDF.subject),
            graph.value(st, RDF.predicate),
            graph.value(st, RDF.object),
        )
        gazetteer = graph.value(st, PA.fromGazetteer)
        if isinstance(gazetteer, Literal) and gazetteer.toPython() is True:
            index[key].append("(from the gazetteer)")
        for ev in graph.objects(st, PA.supportedBy):
            index[key].append(_evidence_line(graph, ev, articles))
    return {key: sorted(set(lines)) for key, lines in index.items()}


def _evidence_line(graph: Graph, ev: Node, articles: dict[Node, str]) -> str:
    quote = _text(graph, ev, PA.quote)
    if len(quote) > MAX_QUOTE_CHARS:
        quote = quote[: MAX_QUOTE_CHARS - 1] + "…"
    article = graph.value(ev, PROV.wasDerivedFrom)
    where = _article_label(graph, article, articles) if article is not None else "?"
    start, end = graph.value(ev, PA.startChar), graph.value(ev, PA.endChar)
    span = f" [{start}–{end}]" if start is not None and end is not None else ""
    return f"「{quote}」 — {where}{span}"


def _quote_lines(quotes: list[str]) -> list[str]:
    if not quotes:
        return []
    lines = ["evidence:", *quotes[:MAX_QUOTES]]
    if len(quotes) > MAX_QUOTES:
        lines.append(f"… and {len(quotes) - MAX_QUOTES} more")
    return lines


def _entity_lines(graph: Graph, s: Node, articles: dict[Node, str]) -> list[str]:
    lines = []
    aliases = sorted(_texts(graph, s, SKOS.altLabel))
    if aliases:
        lines.append("aliases: " + "、".join(aliases))
    positions = sorted(_texts(graph, s, PA.position))
    if positions:
        lines.append("position: " + "、".join(positions))
    mentioned = sorted(_article_label(graph, a, articles) for a in graph.objects(s, PA.mentionedIn))
    if mentioned:
        more = f" (+{len(mentioned) - 5})" if len(mentioned) > 5 else ""
        lines.append("articles: " + ", ".join(mentioned[:5]) + more)
    return lines


def _statistic_label(graph: Graph, s: Node) -> str:
    """``7129人 贫困人口``: the number first, as a reader scanning the map wants it."""
    amount = _number(graph.value(s, PA.value)) + _text(graph, s, PA.unit)
    return f"{amount} {_text(graph, s, PA.indicator)}".strip()


def _statistic_lines(graph: Graph, s: Node, labels: dict[Node, str]) -> list[str]:
    lines = [
        f"indicator: {_text(graph, s, PA.indicator)}",
        f"value: {_number(graph.value(s, PA.value))} {_text(graph, s, PA.unit)}".rstrip(),
    ]
    year = graph.value(s, PA.year)
    if year is not None:
        lines.append(f"year: {year}")
    regions = sorted(labels.get(r) or _label(graph, r) for r in graph.objects(s, PA.aboutRegion))
    if regions:
        lines.append("region: " + "、".join(regions))
    return lines


def _number(value: Node | None) -> str:
    """A number as people write it: 7129 not 7129.0, 180000000 not 1.8e+08."""
    if not isinstance(value, Literal):
        return "" if value is None else str(value)
    number = value.toPython()
    if isinstance(number, bool):
        return str(value)
    try:
        number = float(number)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return str(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.6f}".rstrip("0").rstrip(".")


def _texts(graph: Graph, s: Node, p: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(s, p) if isinstance(o, Literal)}


def _text(graph: Graph, s: Node, p: URIRef) -> str:
    """The value of ``p``, preferring a Chinese literal: the view speaks the articles' language."""
    values = [o for o in graph.objects(s, p) if isinstance(o, Literal)]
    if not values:
        return ""
    values.sort(key=lambda o: (not (o.language or "").startswith("zh"), bool(o.language), str(o)))
    return str(values[0])


def _label(graph: Graph, s: Node) -> str:
    return _text(graph, s, RDFS.label) or re.split(r"[/#]", str(s).rstrip("/"))[-1]


def _article_label(graph: Graph, article: Node, cache: dict[Node, str]) -> str:
    if article not in cache:
        cache[article] = _label(graph, article)
    return cache[article]


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


# ---------------------------------------------------------------- layout


def _layout(n: int, edges: list[tuple[int, int]], *, steps: int = 120) -> list[tuple[float, float]]:
    """Positions in pixels for a graph too big for in-browser physics.

    A Fruchterman-Reingold variant: each node is pushed away by a random sample of all nodes
    (scaled up, for the global shape) and by its neighbours in a grid-sorted order (so siblings
    do not pile up), instead of by every node.  That is O(n) per step; networkx's spring_layout
    took 18-30 s for 5,000 nodes on our machine, this takes about a second.
    """
    import networkx as nx  # lazily: only big graphs need it
    import numpy as np

    rng = np.random.default_rng(7)  # fixed seed: the same graph gives the same picture
    k = 1.0  # ideal edge length
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    # start every node next to the node it was reached from (breadth-first from each component's
    # busiest node): neighbours start close, so the few cheap steps spread rather than untangle
    pos = np.zeros((n, 2))
    angles = rng.uniform(0, 2 * math.pi, n)
    step_out = np.stack([np.cos(angles), np.sin(angles)], 1) * k
    for comp in sorted(nx.connected_components(g), key=len, reverse=True):
        root = max(comp, key=g.degree)
        pos[root] = rng.uniform(-1, 1, 2) * math.sqrt(n) * k
        for parent, child in nx.bfs_edges(g, root):
            pos[child] = pos[parent] + step_out[child]
    pairs = np.array(edges, dtype=int).reshape(-1, 2)
    src, dst = pairs[:, 0], pairs[:, 1]
    samples, window = 16, 6
    temperature = math.sqrt(n) * k / 4
    for step in range(steps):
        disp = np.zeros_like(pos)
        other = rng.integers(0, n, size=(n, samples))
        delta = pos[:, None, :] - pos[other]
        dist2 = np.maximum((delta**2).sum(-1), 1e-4)
        disp += (delta / dist2[..., None]).sum(1) * (k * k * n / samples)
        cell = np.floor(pos / (2 * k)).astype(np.int64)
        order = np.lexsort((cell[:, 0], cell[:, 1]))
        for shift in range(1, window + 1):
            a, b = order[:-shift], order[shift:]
            delta = pos[a] - pos[b]
            dist2 = np.maximum((delta**2).sum(-1), 1e-4)[:, None]
            push = delta * (k * k / dist2)
            np.add.at(disp, a, push)
            np.add.at(disp, b, -push)
        if len(src):
            delta = pos[src] - pos[dst]
            pull = delta * np.sqrt((delta**2).sum(-1))[:, None] / k
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= pos * 1.0  # gravity keeps loose components on the page
        length = np.maximum(np.sqrt((disp**2).sum(-1)), 1e-9)[:, None]
        cap = temperature * (1 - step / steps) + 0.01
        pos += disp / length * np.minimum(length, cap)
    pos -= pos.mean(0)
    pos *= 90.0 / k  # ideal edge ≈ 90 px, about vis-network's spring length
    return [(round(float(x), 1), round(float(y), 1)) for x, y in pos]


# ---------------------------------------------------------------- page


def _options(big: bool) -> dict:
    font = {
        "face": FONT_FACE,
        "size": 14,
        "color": "#1a1a1a",
        "strokeWidth": 3,
        "strokeColor": "#ffffff",
    }
    options: dict = {
        "nodes": {"font": font, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {**font, "size": 10, "color": "#555555", "align": "middle"},
            "smooth": False if big else {"type": "continuous"},
            "width": 1.2,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big},
        "layout": {"improvedLayout": not big, "randomSeed": 7},
    }
    if big:
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
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _vis_js() -> str:
    """vis-network from the installed pyvis, licence header included, checked safe to inline."""
    resource = files("pyvis").joinpath(*VIS_JS)
    js = resource.read_text(encoding="utf-8")
    if re.search(r"</script|<!--", js, re.IGNORECASE):
        raise RuntimeError(f"{resource} cannot be inlined in a <script> element")
    return js


def _render(data: dict, *, title: str, n_nodes: int, n_edges: int) -> str:
    fills = {
        "TITLE": html.escape(title),
        "COUNT": f"{n_nodes} nodes · {n_edges} edges",
        "NODES": str(n_nodes),
        "FONT": FONT_FACE,
        "VISJS": _vis_js(),
        "DATA": _script_json(data),
    }
    # one pass, so text put in by one placeholder is never read as another placeholder
    template = files("kg.export").joinpath("assets", "view.html").read_text(encoding="utf-8")
    return re.sub(r"@@(\w+)@@", lambda m: fills[m.group(1)], template)


def _write_atomic(path: Path, text: str) -> None:
    """Write a temporary file beside ``path``, then rename: readers see old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; the view is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
