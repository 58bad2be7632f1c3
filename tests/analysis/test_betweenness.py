"""Sampled betweenness with sparse matrices gives networkx's values."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis.betweenness import betweenness, sample_sources

GRAPHS = {
    "karate club": nx.karate_club_graph(),
    "random, 300 nodes": nx.gnm_random_graph(300, 900, seed=3),
    "two components": nx.Graph([(0, 1), (1, 2), (3, 4), (4, 5), (5, 6)]),
    "a star": nx.star_graph(20),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_every_node_a_source_is_networkx_exact_betweenness(name):
    G = GRAPHS[name]
    nodes = list(G.nodes)
    ours = betweenness(nodes, list(G.edges), nodes)
    assert ours == pytest.approx(nx.betweenness_centrality(G), abs=1e-12)


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("k", [2, 5])
def test_sampled_sources_give_networkx_estimate(name, k):
    G = GRAPHS[name]
    nodes = list(G.nodes)
    ours = betweenness(nodes, list(G.edges), sample_sources(nodes, k, 7))
    assert ours == pytest.approx(nx.betweenness_centrality(G, k=k, seed=7), abs=1e-12)


def test_self_loops_and_tiny_graphs():
    assert betweenness([1, 2], [(1, 2)], [1]) == {1: 0.0, 2: 0.0}
    ours = betweenness([0, 1, 2], [(0, 0), (0, 1), (1, 2)], [0, 1, 2])
    assert ours == pytest.approx({0: 0.0, 1: 1.0, 2: 0.0})
