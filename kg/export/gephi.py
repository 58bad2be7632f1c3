"""GraphML and GEXF files for Gephi, from the networkx graph of :mod:`kg.analysis.network`.

GEXF carries the view's drawing (class colours from :data:`kg.vocab.CLASSES`, sizes, the
view's force layout), so Gephi opens the graph as ``kg view`` shows it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from kg.analysis.network import undirected
from kg.vocab import class_table

if TYPE_CHECKING:
    import networkx as nx


def flat_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes GraphML and GEXF can hold: lists joined by ``|``, evidence first."""
    import networkx as nx

    H = nx.MultiDiGraph()
    for v, attrs in G.nodes(data=True):
        H.add_node(v, **{k: _flat(x) for k, x in attrs.items() if x is not None}, iri=v)
    for u, v, key, attrs in G.edges(keys=True, data=True):
        evidence = attrs.get("evidence") or []
        first = evidence[0] if evidence else {}
        H.add_edge(
            u,
            v,
            key=key,
            relation=attrs.get("relation", key),
            label=attrs.get("relation", key),
            from_gazetteer=bool(attrs.get("from_gazetteer", False)),
            evidence_count=len(evidence),
            quote=first.get("quote", ""),
            article=first.get("article", ""),
            start=-1 if first.get("start") is None else int(first["start"]),
            end=-1 if first.get("end") is None else int(first["end"]),
        )
    return H


def _flat(value):
    if isinstance(value, (list, tuple, set)):
        return "|".join(str(x) for x in value)
    if isinstance(value, float):
        return round(value, 8)
    return value


def write_graphml(G: nx.MultiDiGraph, path: Path) -> None:
    import networkx as nx

    from kg.io import atomic_write

    atomic_write(Path(path), "\n".join(nx.generate_graphml(flat_copy(G))) + "\n")


def write_gexf(G: nx.MultiDiGraph, path: Path) -> None:
    """A static GEXF 1.2 file for Gephi, drawn as the HTML view draws the graph."""
    import networkx as nx

    from kg.io import atomic_write

    atomic_write(Path(path), "\n".join(nx.generate_gexf(gexf_copy(G))) + "\n")


def gexf_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """:func:`flat_copy` with Gephi's ``viz`` attributes: the view's class colours, a size
    by degree as the view's (8 to 34 px, square root), and positions from the view's
    force layout (:func:`kg.view.layout.force_layout`).

    networkx writes a graph whose nodes or edges have ``start`` / ``end`` attributes as
    ``mode="dynamic"`` (a graph that changes over time, which is what Gephi then shows);
    the evidence's character offsets are called ``char_start`` / ``char_end`` here, and the
    graph is marked static.
    """
    from kg.view.layout import force_layout

    H = flat_copy(G)
    H.graph["mode"] = "static"
    for _u, _v, attrs in H.edges(data=True):
        attrs["char_start"] = attrs.pop("start", -1)
        attrs["char_end"] = attrs.pop("end", -1)
    order = list(H.nodes)
    index = {v: i for i, v in enumerate(order)}
    pairs = sorted({(index[u], index[v]) for u, v in H.edges() if u != v})
    positions = force_layout(len(order), pairs)
    degrees = dict(undirected(H).degree())
    most = max(degrees.values(), default=0) or 1
    style = class_table().style
    for v, (x, y) in zip(order, positions):
        colour = style.get(H.nodes[v].get("cls", ""), ("#999999", "dot"))[0]
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        size = round(8 + 26 * math.sqrt(degrees.get(v, 0) / most), 1)
        H.nodes[v]["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": size,
            "position": {"x": round(float(x), 2), "y": round(float(-y), 2), "z": 0.0},
        }
    return H
