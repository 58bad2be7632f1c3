"""The GEXF file Gephi opens: static, with the view's colours, sizes and positions.

networkx (an independent reader) opens the file written by ``kg analyze``; the
XML itself is checked for ``mode="static"`` and for the ``viz`` namespace.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg.cli import main
from kg.vocab import class_table

GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


@pytest.fixture(scope="module")
def gexf(corpus_ttl: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("analyze")
    assert main(["analyze", str(corpus_ttl), "-o", str(out)]) == 0
    return out / "graph.gexf"


def test_the_gexf_graph_is_static(gexf: Path) -> None:
    root = ET.parse(gexf).getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph is not None and graph.get("mode") == "static"
    # no time intervals anywhere: character offsets are plain attributes
    assert not [e for e in root.iter() if e.get("start") is not None or e.get("end") is not None]
    assert not root.findall(f".//{GEXF}spells")
    node = root.find(f".//{GEXF}node")
    assert {c.tag for c in node} >= {f"{VIZ}color", f"{VIZ}size", f"{VIZ}position"}


def test_every_node_has_the_views_colour_a_size_and_a_position(
    gexf: Path, corpus_graph: Graph
) -> None:
    G = nx.read_gexf(gexf)
    assert G.number_of_nodes() > 50
    positions = set()
    for _v, attrs in G.nodes(data=True):
        viz = attrs["viz"]
        colour = class_table().style[attrs["cls"]][0]
        wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == wanted
        assert 8 <= viz["size"] <= 34
        positions.add((viz["position"]["x"], viz["position"]["y"]))
    assert len(positions) > 0.9 * G.number_of_nodes()  # a layout, not a pile
    # the best-connected node is drawn largest: 茅箭区 (every seed article is about it)
    sizes = {attrs["label"]: attrs["viz"]["size"] for _, attrs in G.nodes(data=True)}
    assert sizes["茅箭区"] > sorted(sizes.values())[len(sizes) // 2]


def test_evidence_offsets_are_attributes(gexf: Path) -> None:
    G = nx.read_gexf(gexf)
    edges = list(G.edges(data=True))
    with_quote = [d for _, _, d in edges if d.get("quote")]
    assert with_quote
    for attrs in with_quote:
        assert 0 <= attrs["char_start"] < attrs["char_end"]
