"""A class is one row of kg.vocab.CLASSES: registered there, it reaches every reader.

The view data, the page's legend and colours, the hierarchy layout and the analysis read the
class table when they run, so a row added to a temporary table (nothing else changed) must
show in each of them: a class left out of one of them used to drop its nodes silently, draw
them at (0, 0) or raise KeyError.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg import vocab
from kg.analysis.report import report
from kg.graph.records import read_graph
from kg.view.html import page_data
from kg.view.layout import hierarchy_layout
from kg.vocab import NodeClass, entity_iri

ENTERPRISE = NodeClass("Enterprise", "enterprise", "enterprises", "enterprise", "term",
                       "#17becf", "star", band=10)


@pytest.fixture
def enterprise_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vocab, "CLASSES", (*vocab.CLASSES, ENTERPRISE))


def county_with_enterprise() -> Graph:
    """A Guizhou county, its secretary, a programme it implements and a processing plant."""
    pa = vocab.PA_NS
    g = Graph()
    county = entity_iri("County", "520522")
    official = entity_iri("Official", "杨思远")
    program = entity_iri("Program", "易地扶贫搬迁")
    plant = URIRef(vocab.mint("enterprise", "黔西刺梨加工厂"))
    for node, cls, label in [(county, "County", "黔西县"), (official, "Official", "杨思远"),
                             (program, "Program", "易地扶贫搬迁"),
                             (plant, "Enterprise", "黔西刺梨加工厂")]:
        g.add((node, RDF.type, URIRef(getattr(pa, cls))))
        g.add((node, RDFS.label, Literal(label, lang="zh")))
    g.add((official, URIRef(pa.servesIn), county))
    g.add((county, URIRef(pa.implements), program))
    g.add((plant, URIRef(pa.locatedIn), county))
    return g


def test_an_unregistered_class_is_not_in_the_namespace() -> None:
    with pytest.raises(AttributeError):
        vocab.PA_NS.Enterprise  # noqa: B018


def test_a_registered_class_reaches_the_view_the_layout_and_the_analysis(
    enterprise_table: None,
) -> None:
    data = read_graph(county_with_enterprise())
    plant = next(i for i, n in enumerate(data.nodes) if n.cls == "Enterprise")
    assert data.nodes[plant].label == "黔西刺梨加工厂"
    assert any(e.rel == "locatedIn" and e.src == plant for e in data.edges)

    page = page_data(data, limit=100, layout="network")
    legend = {c["name"]: c for c in page["classes"]}
    assert legend["Enterprise"]["colour"] == "#17becf" and legend["Enterprise"]["count"] == 1
    assert page["options"]["groups"]["Enterprise"]["shape"] == "star"
    assert page["classes"][page["nodes"][plant]["c"]]["name"] == "Enterprise"

    rows = {data.nodes[i].cls: y for i, (_, y) in enumerate(hierarchy_layout(data))}
    assert rows["Enterprise"] > rows["Program"] > rows["County"] > rows["Official"]

    _, analysis = report(county_with_enterprise(), top=5)
    assert analysis["graph"]["classes"]["Enterprise"] == 1
    assert [r["label"] for r in analysis["central"]["Enterprise"]] == ["黔西刺梨加工厂"]
