"""Network analysis of a pa-kg graph with networkx: the graph, centrality and communities.

The one function a Python user needs is :func:`to_networkx`::

    from kg.analysis import to_networkx
    from kg.graph.open import open_graph
    G = to_networkx(open_graph(Path("exports/graph.ttl")).rdflib())     # nx.MultiDiGraph

Nodes are the entities (their IRI as id; ``label``, ``cls``, ``aliases``, ``articles``), edges
are the relations (key and ``relation`` = servesIn/locatedIn/implements/develops) with their
``evidence``: a list of ``{"quote", "article", "start", "end"}``.  So ``G`` has exactly one node
per entity and one edge per relation triple of the RDF graph.  Metrics treat the graph as
undirected (a county that implements a programme and the programme are equally linked).
The report is :mod:`kg.analysis.report`, shortest paths :mod:`kg.analysis.paths`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.graph.records import Extract, read_graph

if TYPE_CHECKING:  # networkx is imported inside the functions: `kg --help` stays fast
    import networkx as nx
    from rdflib import Graph

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
    else:  # networkx's estimate, computed a BFS level at a time (kg/analysis/betweenness.py)
        from kg.analysis.betweenness import betweenness, sample_sources

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
