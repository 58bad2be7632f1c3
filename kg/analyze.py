"""Network analysis of a pa-kg graph with networkx: centrality, communities, components, paths.

The one function a Python user needs is :func:`to_networkx`::

    from kg.analyze import to_networkx
    from kg.graph.open import open_graph
    G = to_networkx(open_graph(Path("exports/graph.ttl")).rdflib())     # nx.MultiDiGraph

Nodes are the entities (their IRI as id; ``label``, ``cls``, ``aliases``, ``articles``), edges
are the relations (key and ``relation`` = servesIn/locatedIn/implements/develops) with their
``evidence``: a list of ``{"quote", "article", "start", "end"}``.  So ``G`` has exactly one node
per entity and one edge per relation triple of the RDF graph.  Metrics treat the graph as
undirected (a county that implements a programme and the programme are equally linked).
"""

from __future__ import annotations

import difflib
import json
import math
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.errors import KgError
from kg.export.view_data import REGION_CLASSES, Extract, has_entities, read_graph

if TYPE_CHECKING:  # networkx is imported inside the functions: `kg --help` stays fast
    import networkx as nx

#: node groups of the centrality report; the five region levels are one group
GROUPS = {
    "Official": ("Official",),
    "Region": REGION_CLASSES,
    "Program": ("Program",),
    "Industry": ("Industry",),
    "Organization": ("Organization",),
}
#: node + edge visits spent on betweenness; above it, sources are sampled (seeded)
BETWEENNESS_BUDGET = 1_500_000
SEED = 7


def to_networkx(graph: Graph, *, statistics: bool = False) -> nx.MultiDiGraph:
    """The entities and relations of ``graph`` as a networkx ``MultiDiGraph``.

    With ``statistics=True`` the ``pa:Statistic`` nodes come too (``indicator``, ``value``,
    ``unit``, ``year``), linked to their region by an ``aboutRegion`` edge.
    """
    return from_extract(read_graph(graph, statistics=statistics))


def from_extract(data: Extract) -> nx.MultiDiGraph:
    import networkx as nx

    G = nx.MultiDiGraph()
    names = [a.name for a in data.articles]
    for node in data.nodes:
        G.add_node(
            str(node.iri),
            label=node.label,
            cls=node.cls,
            aliases=list(node.aliases),
            positions=list(node.positions),
            articles=[names[a] for a in node.articles],
        )
    for stat in data.stats:
        G.nodes[str(data.nodes[stat.node].iri)].update(
            indicator=stat.indicator, value=stat.value, unit=stat.unit, year=stat.year
        )
    for edge in data.edges:
        evidence = []
        for i in edge.evidence:
            ev = data.evidence[i]
            article = names[ev.article] if ev.article >= 0 else ""
            evidence.append(
                {"quote": ev.quote, "article": article, "start": ev.start, "end": ev.end}
            )
        G.add_edge(
            str(data.nodes[edge.src].iri),
            str(data.nodes[edge.dst].iri),
            key=edge.rel,
            relation=edge.rel,
            evidence=evidence,
            from_gazetteer=edge.gazetteer,
        )
    return G


def undirected(G: nx.Graph) -> nx.Graph:
    """One undirected edge per linked pair, whatever the relations and their directions."""
    import networkx as nx

    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return U


def centrality(G: nx.Graph) -> dict[str, dict]:
    """Per node: ``degree`` (linked neighbours), ``betweenness`` and ``pagerank`` (undirected).

    Betweenness is exact while the graph is small and sampled from a seeded set of sources
    beyond :data:`BETWEENNESS_BUDGET`; the returned dict's ``"method"`` entry says which.
    """
    import networkx as nx

    U = undirected(G) if G.is_directed() or G.is_multigraph() else G
    n, m = U.number_of_nodes(), U.number_of_edges()
    if n == 0:
        return {"metrics": {}, "method": "empty graph"}
    k = max(32, BETWEENNESS_BUDGET // max(1, n + m))
    if k >= n:
        between = nx.betweenness_centrality(U)
        method = "betweenness exact"
    else:  # networkx's estimate, computed a BFS level at a time (kg/betweenness.py)
        from kg.betweenness import betweenness, sample_sources

        nodes = list(U.nodes)
        between = betweenness(nodes, list(U.edges), sample_sources(nodes, k, SEED))
        method = f"betweenness estimated from {k} sampled sources (seed {SEED})"
    try:
        rank = nx.pagerank(U)
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - undirected graphs converge
        rank = {v: 1 / n for v in U}
    metrics = {
        v: {"degree": U.degree(v), "betweenness": between[v], "pagerank": rank[v]} for v in U
    }
    return {"metrics": metrics, "method": method}


def communities(G: nx.Graph) -> tuple[list[set], str]:
    """Louvain communities (seeded), largest first; greedy modularity if Louvain is missing."""
    import networkx as nx

    U = undirected(G) if G.is_directed() or G.is_multigraph() else G
    if U.number_of_edges() == 0:
        return [{v} for v in U], "none (no edges)"
    try:
        found = nx.community.louvain_communities(U, seed=SEED)
        method = f"Louvain (seed {SEED})"
    except AttributeError:  # pragma: no cover - networkx < 2.8
        found = nx.community.greedy_modularity_communities(U)
        method = "greedy modularity"
    return sorted(found, key=lambda c: (-len(c), min(c))), method


# ---------------------------------------------------------------- the report


def report(graph: Graph, *, top: int = 10) -> tuple[nx.MultiDiGraph, dict]:
    """The networkx graph of ``graph`` and a JSON-ready report about it."""
    import networkx as nx

    if not has_entities(graph):
        raise KgError("the graph holds no pa-kg entities (no pa:Official, pa:County … nodes)")
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
    for group, classes in GROUPS.items():
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
                    "classes": dict(Counter(G.nodes[v]["cls"] for v in c).most_common()),
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
    for u, v, rel in G.edges(keys=True):
        if rel == relation and G.nodes[u]["cls"] in REGION_CLASSES:
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


# ---------------------------------------------------------------- names and paths


def find_nodes(G: nx.Graph, name: str) -> list[str]:
    """Nodes whose label (else alias, else IRI) is ``name``; KgError with the nearest labels."""
    name = name.strip()
    for field in ("label", "aliases"):
        hits = [
            v
            for v, attrs in G.nodes(data=True)
            if (attrs.get(field) == name if field == "label" else name in attrs.get(field, ()))
        ]
        if hits:
            return sorted(hits)
    if name in G:
        return [name]
    raise KgError(f"no node is named '{name}'; {_suggest(G, name)}")


def _suggest(G: nx.Graph, name: str, n: int = 5) -> str:
    labels = sorted({attrs["label"] for _, attrs in G.nodes(data=True)})
    near = [lab for lab in labels if name in lab or (len(lab) > 1 and lab in name)]
    near.sort(key=lambda lab: (abs(len(lab) - len(name)), lab))
    for lab in difflib.get_close_matches(name, labels, n=n, cutoff=0.4):
        if lab not in near:
            near.append(lab)
    if not near:
        return "no label is close to it"
    return "nearest labels: " + ", ".join(near[:n])


def shortest_path(G: nx.MultiDiGraph, source: str, target: str) -> list[dict]:
    """The shortest chain of facts between two names (labels, aliases or IRIs).

    Returns one step per hop: ``{"from", "to", "facts": [{"subject", "relation", "object",
    "evidence", "from_gazetteer"}]}``, facts in their own direction.  KgError when a name is
    unknown; an empty list when no chain links them.
    """
    import networkx as nx

    sources, targets = find_nodes(G, source), find_nodes(G, target)
    U = undirected(G)
    best: list[str] | None = None
    for s in sources:
        for t in targets:
            try:
                path = nx.shortest_path(U, s, t)
            except nx.NetworkXNoPath:
                continue
            if best is None or len(path) < len(best):
                best = path
    if best is None:
        return []
    steps = []
    for a, b in zip(best, best[1:]):
        facts = []
        for u, v in ((a, b), (b, a)):
            for rel, attrs in (G.get_edge_data(u, v) or {}).items():
                facts.append(
                    {
                        "subject": G.nodes[u]["label"],
                        "subject_class": G.nodes[u]["cls"],
                        "relation": rel,
                        "object": G.nodes[v]["label"],
                        "object_class": G.nodes[v]["cls"],
                        "evidence": attrs["evidence"],
                        "from_gazetteer": attrs["from_gazetteer"],
                    }
                )
        steps.append({"from": G.nodes[a]["label"], "to": G.nodes[b]["label"], "facts": facts})
    return steps


# ---------------------------------------------------------------- files for Gephi


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
    force layout (:func:`kg.export.layout.force_layout`).

    networkx writes a graph whose nodes or edges have ``start`` / ``end`` attributes as
    ``mode="dynamic"`` (a graph that changes over time, which is what Gephi then shows);
    the evidence's character offsets are called ``char_start`` / ``char_end`` here, and the
    graph is marked static.
    """
    from kg.export.html import CLASS_STYLE
    from kg.export.layout import force_layout

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
    for v, (x, y) in zip(order, positions):
        colour = CLASS_STYLE.get(H.nodes[v].get("cls", ""), ("#999999", "dot"))[0]
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        size = round(8 + 26 * math.sqrt(degrees.get(v, 0) / most), 1)
        H.nodes[v]["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": size,
            "position": {"x": round(float(x), 2), "y": round(float(-y), 2), "z": 0.0},
        }
    return H


def write_json(data: dict, path: Path) -> None:
    from kg.io import atomic_write

    atomic_write(Path(path), json.dumps(data, ensure_ascii=False, indent=1) + "\n")
