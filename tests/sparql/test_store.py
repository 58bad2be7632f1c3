"""The persistent Oxigraph store: written atomically, detected, queried like a graph file.

Every saved question gets the same answers from rdflib's memory graph, from
the graph file loaded into Oxigraph and from the persistent store.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Literal, URIRef

from kg.cli import main
from kg.errors import KgError
from kg.sparql.engine import open_source
from kg.sparql.saved import load
from kg.sparql.store import is_store, open_store, triple_count, write_store

ROOT = Path(__file__).resolve().parents[2]
NUMERIC = ("integer", "decimal", "double", "float", "int", "long")


@pytest.fixture(scope="module")
def corpus_store(corpus_graph: Graph, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("store") / "graph.oxigraph"
    assert write_store(corpus_graph, directory) == len(corpus_graph)
    return directory


@functools.cache
def opened(path: Path, store: str):
    """Each graph loaded once per engine for the whole module (rdflib takes seconds)."""
    return open_source(path, store)


def answers(path: Path, store: str, text: str) -> list[tuple]:
    """Rows as tuples of (variable, value); numbers compared as numbers."""
    data = json.loads(opened(path, store).execute(text).canonical())
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for name, term in sorted(binding.items()):
            value = term["value"]
            if term.get("datatype", "").endswith(NUMERIC):
                value = Decimal(value).normalize()
            row.append((name, term["type"], value, term.get("xml:lang")))
        rows.append(tuple(row))
    return rows


def small_graph(label: str) -> Graph:
    g = Graph()
    g.add((URIRef("https://example.org/x"), RDFS.label, Literal(label, lang="zh")))
    return g


def test_a_store_is_a_directory_oxigraph_can_open(corpus_store: Path, corpus_graph: Graph) -> None:
    assert is_store(corpus_store)
    assert not is_store(corpus_store.parent) and not is_store(corpus_store / "CURRENT")
    first, second = open_store(corpus_store), open_store(corpus_store)  # read-only: shareable
    assert triple_count(first) == triple_count(second) == len(corpus_graph)


@pytest.mark.parametrize("name", [q.name for q in load(ROOT / "queries")])
def test_every_saved_question_gets_the_same_answers_from_every_engine(
    corpus_ttl: Path, corpus_store: Path, name: str
) -> None:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    memory = answers(corpus_ttl, "memory", text)
    assert memory, name
    assert answers(corpus_ttl, "oxigraph", text) == memory
    assert answers(corpus_store, "auto", text) == memory


def test_kg_query_reads_a_store_directory(capsys, corpus_store: Path) -> None:
    status = main(["query", str(corpus_store), "--saved", "officials_by_region", "--format", "csv"])
    out = capsys.readouterr().out
    assert status == 0
    # 000: "茅箭区委书记周庆荣"
    assert "茅箭区,周庆荣,区委书记" in out.splitlines()
    status = main(["query", str(corpus_store), "--store", "memory", "ASK { ?s ?p ?o }"])
    assert status == 2 and "Oxigraph store" in capsys.readouterr().err


def test_a_store_written_from_the_graph_file_holds_the_same_graph(
    corpus_ttl: Path, corpus_graph: Graph, tmp_path: Path
) -> None:
    """What ``kg build --store oxigraph`` does with graph.ttl: Oxigraph's own parser."""
    target = tmp_path / "graph.oxigraph"
    assert write_store(corpus_ttl, target) == len(corpus_graph)
    text = (ROOT / "queries" / "villages_of_county.rq").read_text(encoding="utf-8")
    assert answers(target, "auto", text) == answers(corpus_ttl, "memory", text)
    with pytest.raises(KgError, match="no such graph file"):
        write_store(tmp_path / "none.ttl", tmp_path / "other.oxigraph")
    assert not (tmp_path / "other.oxigraph").exists()


def test_kg_build_into_a_store_then_kg_query_it(capsys, tmp_path: Path) -> None:
    out = tmp_path / "out"
    status = main(
        ["build", str(ROOT / "corpus"), "-o", str(out), "--store", "oxigraph", "-q", "--no-html"]
    )
    assert status == 0, capsys.readouterr().err
    assert is_store(out / "graph.oxigraph")
    capsys.readouterr()
    assert main(["query", str(out / "graph.oxigraph"), "--saved", "villages_of_county"]) == 0
    table = capsys.readouterr().out
    # 004: "大川镇…辖大川村、唐家村、浪溪村、卡子村、段家村5个行政村"
    assert all(v in table for v in ("唐家村", "卡子村", "段家村"))


def test_rewriting_a_store_replaces_it_whole_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "g.oxigraph"
    assert write_store(small_graph("旧"), target) == 1
    assert write_store(small_graph("新"), target) == 1
    labels = [str(q.object.value) for q in open_store(target)]
    assert labels == ["新"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.oxigraph"]


class Exploding(Graph):
    """A graph whose triples fail half-way, like a build that dies mid-write."""

    def triples(self, pattern):
        yield from small_graph("半").triples(pattern)
        raise RuntimeError("disk full")


def test_a_failed_write_keeps_the_old_store(tmp_path: Path) -> None:
    target = tmp_path / "g.oxigraph"
    write_store(small_graph("旧"), target)
    with pytest.raises(RuntimeError):
        write_store(Exploding(), target)
    assert [str(q.object.value) for q in open_store(target)] == ["旧"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.oxigraph"]


def test_a_folder_that_is_not_a_store_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(KgError, match="not an Oxigraph store"):
        write_store(small_graph("x"), folder)
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(KgError, match="not an Oxigraph store"):
        open_source(folder)


def test_a_broken_or_missing_graph_file_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <", encoding="utf-8")
    with pytest.raises(KgError, match="broken.ttl"):
        open_source(broken)
    with pytest.raises(KgError, match="none.ttl"):
        open_source(tmp_path / "none.ttl")


@pytest.fixture(scope="module")
def corpus_datasets(corpus_graph: Graph, tmp_path_factory) -> dict[str, Path]:
    """The corpus graph exported as TriG and N-Quads (one named graph per article)."""
    from kg.export.rdf import serialize

    folder = tmp_path_factory.mktemp("datasets")
    paths = {}
    for fmt in ("trig", "nq"):
        paths[fmt] = folder / f"graph.{fmt}"
        paths[fmt].write_bytes(serialize(corpus_graph, fmt))
    return paths


@pytest.mark.parametrize("fmt", ["trig", "nq"])
@pytest.mark.parametrize("name", [q.name for q in load(ROOT / "queries")])
def test_every_saved_question_gets_the_same_answers_from_a_dataset_file(
    corpus_ttl: Path, corpus_datasets: dict[str, Path], fmt: str, name: str
) -> None:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    expected = answers(corpus_ttl, "oxigraph", text)
    assert expected, name
    assert answers(corpus_datasets[fmt], "memory", text) == expected
    assert answers(corpus_datasets[fmt], "oxigraph", text) == expected


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_graph_patterns_read_the_article_graphs_of_a_dataset_file(
    corpus_datasets: dict[str, Path], corpus_graph: Graph, store: str
) -> None:
    from kg.vocab import PA, PROV

    # 004 says "大川镇位于茅箭区南部，辖大川村、唐家村…": its quotes are in its graph
    text = (
        "SELECT DISTINCT ?q WHERE { GRAPH ?g { ?ev pa:quote ?q } "
        'FILTER(STRENDS(STR(?g), "004_cca4ab3c6bf294dc.txt")) }'
    )
    got = {row[0][2] for row in answers(corpus_datasets["trig"], store, text)}
    quotes = {
        str(q)
        for ev, art in corpus_graph.subject_objects(PROV.wasDerivedFrom)
        if str(art).endswith("004_cca4ab3c6bf294dc.txt")
        for q in corpus_graph.objects(ev, PA.quote)
    }
    assert any("辖大川村、唐家村" in q for q in got)
    assert got == quotes


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_two_default_graphs_are_merged_each_triple_once(tmp_path: Path, store: str) -> None:
    """SPARQL's default graph is the RDF merge of its graphs: a fact that two articles
    state is counted once, whether FROM or the protocol names the two."""
    from kg.sparql.engine import DatasetSpec

    a, b = "https://example.org/article/gansu", "https://example.org/article/guizhou"
    fact = '<https://example.org/r/临夏县> <https://w3id.org/pa-kg/ontology#locatedIn> <https://example.org/r/临夏州>'
    other = '<https://example.org/r/雷山县> <https://w3id.org/pa-kg/ontology#locatedIn> <https://example.org/r/黔东南州>'
    path = tmp_path / "two.nq"
    path.write_text(f"{fact} <{a}> .\n{fact} <{b}> .\n{other} <{b}> .\n", encoding="utf-8")
    source = open_source(path, store)

    def count(query: str, dataset=None) -> int:
        data = json.loads(source.execute(query, dataset).canonical())
        return int(data["results"]["bindings"][0]["n"]["value"])

    every = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    assert count(every.format("")) == 2  # the union default graph
    assert count(every.format(f"FROM <{a}>")) == 1
    assert count(every.format(f"FROM <{a}> FROM <{b}>")) == 2
    assert count(every.format(f"FROM <{a}>"), DatasetSpec((a, b), ())) == 2  # protocol wins
    named = "SELECT (COUNT(*) AS ?n) {} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(named.format(f"FROM <{a}> FROM <{b}> FROM NAMED <{b}>")) == 2
    assert count(named.format(""), DatasetSpec((a, b), ())) == 0  # no named graph given
