"""Answers written straight in the media type asked for (kg/sparql/answer.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from kg.errors import KgError
from kg.sparql.answer import read_answer
from kg.sparql.engine import open_source

EX = "http://example.org/gx/"
GRAPH = (
    f'<{EX}融水县> <http://www.w3.org/2000/01/rdf-schema#label> "融水苗族自治县"@zh .\n'
    f'<{EX}融水县> <{EX}develops> <{EX}糯米柚> .\n'
    f'<{EX}三江县> <{EX}develops> <{EX}茶叶> .\n'
)
SELECT = f"SELECT ?county ?industry WHERE {{ ?county <{EX}develops> ?industry }} ORDER BY ?county"


@pytest.fixture
def guangxi(tmp_path: Path) -> Path:
    path = tmp_path / "guangxi.nt"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def test_a_csv_answer_is_written_as_csv_without_a_json_detour(guangxi, monkeypatch) -> None:
    import pyoxigraph as ox

    def refused(*args, **kwargs):
        raise AssertionError("the answer was written in another type and parsed again")

    answer = open_source(guangxi).execute(SELECT)
    monkeypatch.setattr(ox, "parse_query_results", refused)
    assert answer.serialize("text/csv").decode("utf-8").splitlines() == [
        "county,industry", f"{EX}三江县,{EX}茶叶", f"{EX}融水县,{EX}糯米柚"]
    monkeypatch.undo()
    with pytest.raises(KgError, match="cannot be read back"):  # CSV is lossy
        answer.serialize("json")
    # an answer written in a lossless type is converted when asked again in another
    answer = open_source(guangxi).execute(SELECT)
    rows = json.loads(answer.serialize("json"))["results"]["bindings"]
    assert [r["industry"]["value"] for r in rows] == [f"{EX}茶叶", f"{EX}糯米柚"]
    assert answer.serialize("tsv").decode("utf-8").splitlines()[0] == "?county\t?industry"


def test_a_graph_answer_is_written_in_each_rdf_type(guangxi) -> None:
    construct = f"CONSTRUCT {{ ?c <{EX}develops> ?i }} WHERE {{ ?c <{EX}develops> ?i }}"
    for media, syntax in (("text/turtle", "TURTLE"), ("application/n-triples", "N_TRIPLES")):
        import pyoxigraph as ox

        data = open_source(guangxi).execute(construct).serialize(media)
        assert len(list(ox.parse(data, format=getattr(ox.RdfFormat, syntax)))) == 2


def test_the_engines_print_the_same_table(guangxi) -> None:
    tables = [open_source(guangxi, store).execute(SELECT).table() for store in
              ("oxigraph", "memory")]
    rows = [[f"{EX}三江县", f"{EX}茶叶"], [f"{EX}融水县", f"{EX}糯米柚"]]
    assert tables[0] == tables[1] == (["county", "industry"], rows)
    label = f"SELECT ?l WHERE {{ <{EX}融水县> ?p ?l FILTER isLiteral(?l) }}"
    assert open_source(guangxi).execute(label).table()[1] == [["融水苗族自治县"]]


def test_a_remote_answer_is_read_by_oxigraph() -> None:
    data = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
        {"n": {"type": "literal", "value": "黔西南州"}}]}}).encode("utf-8")
    answer = read_answer(data, "application/json")
    assert answer.form == "SELECT" and answer.table() == (["n"], [["黔西南州"]])
    assert read_answer(b'{"head": {}, "boolean": true}',
                       "application/sparql-results+json").boolean() is True


def test_kg_query_on_oxigraph_does_not_import_rdflib(guangxi) -> None:
    code = ("import sys; from kg.cli import main; "
            f"main(['query', {str(guangxi)!r}, '--format', 'csv', {SELECT!r}]); "
            "print(any(m.split('.')[0] == 'rdflib' for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    lines = out.stdout.splitlines()
    assert lines[0] == "county,industry" and lines[-1] == "False", out.stderr
