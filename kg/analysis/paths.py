"""Names and shortest chains of facts in the networkx graph of :mod:`kg.analysis.network`."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from kg.analysis.network import undirected
from kg.errors import KgError

if TYPE_CHECKING:
    import networkx as nx


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
