"""One loader (kg/graph/open.py): every command reads what ``kg build`` writes, store too."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import CORPUS, kg_serve

from kg.cli import main
from kg.errors import KgError
from kg.graph.open import open_graph

EX = "http://example.org/gz/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """``kg build corpus --store oxigraph``: the folder with graph.ttl and graph.oxigraph."""
    out = tmp_path_factory.mktemp("store-build")
    assert main(["build", str(CORPUS), "-o", str(out), "--store", "oxigraph", "-q"]) == 0
    assert (out / "graph.oxigraph" / "CURRENT").is_file()
    return out


def run(capsys, *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out


def test_the_store_and_the_file_open_as_the_same_graph(built: Path) -> None:
    store, ttl = open_graph(built / "graph.oxigraph"), open_graph(built / "graph.ttl")
    assert store.folder and not ttl.folder
    assert set(store.triples()) == set(ttl.triples()) and len(store) == len(ttl) > 1000
    assert len(store.rdflib()) == len(store)


def test_a_dataset_file_opens_as_the_union_of_its_graphs(tmp_path: Path) -> None:
    trig = tmp_path / "gz.trig"
    trig.write_text(
        f"<{EX}榕江县> <{EX}develops> <{EX}蓝莓> .\n"
        f"<{EX}article/1> {{ <{EX}榕江县> <{EX}develops> <{EX}蓝莓> . "
        f"<{EX}栽麻镇> <{EX}locatedIn> <{EX}榕江县> . }}\n",
        encoding="utf-8",
    )
    graph = open_graph(trig)
    assert len(list(graph.triples())) == 2 == len(graph)  # each triple once
    buffer = io.BytesIO()
    assert graph.write_ntriples(buffer) == 2
    assert buffer.getvalue().decode("utf-8").count(" .\n") == 2


def test_what_is_not_a_graph_is_a_one_line_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.nt"
    empty.write_text("# nothing here\n", encoding="utf-8")
    broken = tmp_path / "broken.nt"
    broken.write_text(f"<{EX}a> <{EX}b> <{EX}c> .\n<{EX}a> <{EX}b> \"甘肃\n", encoding="utf-8")
    for path, problem in (
        (tmp_path / "missing.ttl", "missing.ttl: no such graph file"),
        (tmp_path, "is a folder, not a graph file"),
        (empty, "empty.nt: the graph is empty"),
        (broken, "broken.nt: not a readable n-triples graph: line 2, column"),
    ):
        with pytest.raises(KgError) as caught:
            open_graph(path)
        assert problem in str(caught.value) and "\n" not in str(caught.value)


def test_validate_reads_the_store_folder(capsys, built: Path) -> None:
    status, out = run(capsys, "validate", str(built / "graph.oxigraph"))
    assert status == 0 and "conforms to the SHACL shapes" in out


def test_view_of_the_store_draws_what_the_view_of_the_file_draws(capsys, built, tmp_path):
    status, from_store = run(capsys, "view", str(built / "graph.oxigraph"), "-o",
                             str(tmp_path / "store.html"))
    assert status == 0
    status, from_file = run(capsys, "view", str(built / "graph.ttl"), "-o",
                            str(tmp_path / "file.html"))
    counts = [line.split(":", 1)[1] for line in (from_store, from_file)]
    assert counts[0] == counts[1] and "nodes" in counts[0]
    assert (tmp_path / "store.html").stat().st_size > 10_000


def test_analyze_of_the_store_gives_the_report_of_the_file(capsys, built: Path) -> None:
    reports = []
    for graph in ("graph.oxigraph", "graph.ttl"):
        status, out = run(capsys, "analyze", str(built / graph), "--json")
        assert status == 0
        reports.append(json.loads(out))
    assert reports[0] == reports[1] and reports[0]["graph"]["nodes"] > 100


def _official_and_region(capsys, graph: Path) -> tuple[str, str]:
    status, out = run(capsys, "query", str(graph), "--format", "csv",
                      "SELECT ?o ?r WHERE { ?x a pa:Official ; rdfs:label ?o ; "
                      "pa:servesIn/rdfs:label ?r } ORDER BY ?o ?r LIMIT 1")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["o", "r"] and len(rows) == 2
    return rows[1][0], rows[1][1]


def test_query_and_path_read_the_store(capsys, built: Path) -> None:
    store, ttl = built / "graph.oxigraph", built / "graph.ttl"
    official, region = _official_and_region(capsys, store)
    assert (official, region) == _official_and_region(capsys, ttl)
    status, from_store = run(capsys, "path", str(store), official, region)
    assert status == 0 and "servesIn" in from_store
    assert (status, from_store) == run(capsys, "path", str(ttl), official, region)


def test_export_of_the_store_holds_the_graph(capsys, built: Path, tmp_path: Path) -> None:
    for fmt in ("nt", "trig"):
        out = tmp_path / f"graph.{fmt}"
        status, _ = run(capsys, "export", str(built / "graph.oxigraph"), "--format", fmt,
                        "-o", str(out))
        assert status == 0
        assert set(open_graph(out).triples()) == set(open_graph(built / "graph.ttl").triples())


def test_serve_answers_from_the_store(built: Path) -> None:
    requests = pytest.importorskip("requests")
    with kg_serve(built / "graph.oxigraph", "--workers", "1") as base:
        reply = requests.post(base + "/sparql", timeout=30, headers={"Accept": "text/csv"},
                              data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert reply.status_code == 200 and reply.headers["Content-Type"].startswith("text/csv")
    assert reply.text.splitlines() == ["n", str(len(open_graph(built / "graph.ttl")))]
