"""The ``kg`` command: help with examples, build/query/validate, exit statuses, bad input.

Most tests call :func:`kg.cli.main` in this process (fast); a few run ``python -m kg`` as a real
process to see exactly what a user sees.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from conftest import CORPUS, GOOD_ARTICLE, ROOT

from kg.cli import COMMANDS, main
from kg.vocab import PA

OFFICIALS = "SELECT ?name WHERE { ?o a pa:Official ; rdfs:label ?name } ORDER BY ?name"


def kg(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``kg ARGV`` in this process: (status, stdout, stderr)."""
    try:
        status = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse: --help, usage errors
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def kg_process(*argv: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, argv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


# ---------------------------------------------------------------- help


def test_top_level_help_lists_the_commands() -> None:
    run = kg_process("--help")
    assert run.returncode == 0
    for name in ("build", "query", "validate"):
        assert re.search(rf"^\s+{name}\s", run.stdout, re.M), name


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_shows_an_example(capsys, command: str) -> None:
    status, out, _ = kg(capsys, command, "--help")
    assert status == 0
    assert "example" in out.lower()
    assert re.search(rf"^\s+kg {command}\b", out, re.M), f"no 'kg {command} …' example line"


def test_usage_errors_exit_2(capsys) -> None:
    status, _, err = kg(capsys, "build", str(CORPUS))
    assert status == 2 and "-o" in err
    status, _, err = kg(capsys, "no-such-command")
    assert status == 2 and "invalid choice" in err


# ---------------------------------------------------------------- build


def test_build_writes_both_outputs_and_a_summary(capsys, tmp_path: Path, good_article) -> None:
    out = tmp_path / "exports"
    status, stdout, err = kg(capsys, "build", good_article, "-o", out)
    assert status == 0, err
    assert (out / "graph.ttl").stat().st_size > 0 and (out / "graph.html").stat().st_size > 0
    assert "built 1 article(s)" in stdout
    assert f"wrote {out / 'graph.ttl'}" in stdout
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert (None, rdflib.RDF.type, PA.Town) in graph


def test_build_quiet_prints_nothing(capsys, tmp_path: Path, good_article) -> None:
    status, stdout, err = kg(capsys, "build", good_article, "-o", tmp_path / "o", "-q", "--no-html")
    assert (status, stdout, err) == (0, "", "")
    assert not (tmp_path / "o" / "graph.html").exists()


@pytest.mark.parametrize(
    "name", ["binary.txt", "empty.txt", "blank.txt", "damaged.txt", "latin1.txt", "no_entities.txt"]
)
def test_a_single_bad_file_exits_2_with_its_name_on_one_line(
    capsys, bad_file, tmp_path, name
) -> None:
    path = bad_file(name)
    status, stdout, err = kg(capsys, "build", path, "-o", tmp_path / "out", "-q")
    assert status == 2
    line = one_error_line(err)
    assert line.startswith("kg build: error: ") and str(path) in line
    assert not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.parametrize("codec", ["gbk", "utf-16", "utf-8-sig"])
def test_gbk_and_utf16_articles_build_without_warnings(capsys, tmp_path: Path, codec) -> None:
    article = tmp_path / f"{codec}.txt"
    article.write_bytes(GOOD_ARTICLE.encode(codec))
    status, _, err = kg(capsys, "build", article, "-o", tmp_path / "out", "-q", "--no-html")
    assert (status, err) == (0, "")
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert (None, rdflib.RDFS.label, rdflib.Literal("大川镇", lang="zh")) in graph


def test_a_missing_path_and_an_empty_folder_exit_2(capsys, tmp_path: Path) -> None:
    status, _, err = kg(capsys, "build", tmp_path / "nowhere", "-o", tmp_path / "out")
    assert status == 2
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in one_error_line(err)
    (tmp_path / "empty").mkdir()
    status, _, err = kg(capsys, "build", tmp_path / "empty", "-o", tmp_path / "out")
    assert status == 2
    assert f"{tmp_path / 'empty'}: folder holds no .txt articles" in one_error_line(err)


def test_an_output_path_that_is_a_file_exits_2(capsys, tmp_path: Path, good_article) -> None:
    blocker = tmp_path / "graph.ttl"
    blocker.write_text("old", encoding="utf-8")
    status, _, err = kg(capsys, "build", good_article, "-o", blocker)
    assert status == 2 and str(blocker) in one_error_line(err)
    assert blocker.read_text(encoding="utf-8") == "old"


def test_bad_files_among_good_ones_are_one_warning_each(capsys, tmp_path: Path, bad_file) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    shutil.copy(CORPUS / "004_cca4ab3c6bf294dc.txt", corpus)
    shutil.copy(CORPUS / "003_cdeaff0217b844a9.txt", corpus)
    bad = [shutil.copy(bad_file(n), corpus / n) for n in ("binary.txt", "no_entities.txt")]
    missing = tmp_path / "missing.txt"
    # no -q: the progress bar is on, and still each warning is printed once
    status, stdout, err = kg(capsys, "build", corpus, missing, "-o", tmp_path / "out", "--no-html")
    assert status == 0, err
    warnings = [line for line in err.splitlines() if "warning:" in line]
    for path in [*map(str, bad), str(missing)]:
        assert sum(path in w for w in warnings) == 1, (path, warnings)
    assert "built 3 article(s)" in stdout
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_a_failing_build_leaves_the_previous_outputs_byte_for_byte(
    capsys, tmp_path: Path, good_article, bad_file
) -> None:
    out = tmp_path / "exports"
    assert kg(capsys, "build", good_article, "-o", out, "-q")[0] == 0
    before = {n: (out / n).read_bytes() for n in ("graph.ttl", "graph.html")}
    (tmp_path / "empty").mkdir()
    for inputs in ([tmp_path / "empty"], [bad_file("binary.txt")], [bad_file("no_entities.txt")]):
        status, _, _ = kg(capsys, "build", *inputs, "-o", out, "-q")
        assert status == 2
        assert {n: (out / n).read_bytes() for n in before} == before


def test_a_real_process_reports_a_binary_file_without_a_traceback(tmp_path: Path, bad_file) -> None:
    path = bad_file("binary.txt")
    run = kg_process("build", path, "-o", tmp_path / "out")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert str(path) in one_error_line(run.stderr)


# ---------------------------------------------------------------- query


def test_query_csv_output(capsys, corpus_build) -> None:
    ttl = corpus_build[0] / "graph.ttl"
    status, out, err = kg(capsys, "query", ttl, OFFICIALS, "--format", "csv")
    assert status == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["name"]
    # officials named with their titles in the articles
    assert {"周庆荣", "张捍声", "莫恭明", "张维国", "陈新武"} <= {r[0] for r in rows[1:]}


def test_query_json_output(capsys, corpus_build) -> None:
    ttl = corpus_build[0] / "graph.ttl"
    query = (
        "SELECT ?name ?position ?region WHERE { ?o a pa:Official ; rdfs:label ?name ; "
        "pa:position ?position ; pa:servesIn/rdfs:label ?region }"
    )
    status, out, err = kg(capsys, "query", ttl, query, "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert {"name": "周庆荣", "position": "区委书记", "region": "茅箭区"} in data
    assert {"name": "莫恭明", "position": "区委书记", "region": "万州区"} in data


def test_query_table_ask_and_file(capsys, corpus_build, tmp_path: Path) -> None:
    ttl = corpus_build[0] / "graph.ttl"
    status, out, _ = kg(capsys, "query", ttl, OFFICIALS)
    assert status == 0 and "周庆荣" in out and out.splitlines()[0].strip() == "name"
    status, out, _ = kg(capsys, "query", ttl, "ASK { ?o pa:servesIn ?r }")
    assert (status, out.strip()) == (0, "true")
    status, out, _ = kg(capsys, "query", ttl, "ASK { ?o pa:servesIn pa:Nowhere }")
    assert (status, out.strip()) == (0, "false")
    rq = tmp_path / "officials.rq"
    rq.write_text(OFFICIALS, encoding="utf-8")
    status, out, _ = kg(capsys, "query", ttl, "-f", rq, "--format", "csv")
    assert status == 0 and "周庆荣" in out


def test_query_construct_prints_turtle(capsys, corpus_build) -> None:
    ttl = corpus_build[0] / "graph.ttl"
    query = "CONSTRUCT { ?o pa:servesIn ?r } WHERE { ?o pa:servesIn ?r }"
    status, out, _ = kg(capsys, "query", ttl, query)
    assert status == 0
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert len(graph) == len(list(corpus_build[1].subject_objects(PA.servesIn)))


def test_query_errors_are_one_line_with_status_2(capsys, corpus_build, tmp_path: Path) -> None:
    ttl = corpus_build[0] / "graph.ttl"
    status, _, err = kg(capsys, "query", ttl, "SELEC ?n WHERE { ?n ?p ?o }")
    assert status == 2 and "line 1" in one_error_line(err)
    status, _, err = kg(capsys, "query", tmp_path / "none.ttl", OFFICIALS)
    assert status == 2 and "none.ttl" in one_error_line(err)
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <", encoding="utf-8")
    status, _, err = kg(capsys, "query", broken, OFFICIALS)
    assert status == 2 and "broken.ttl" in one_error_line(err)


# ---------------------------------------------------------------- validate


def test_validate_the_corpus_graph(capsys, corpus_build) -> None:
    ttl = corpus_build[0] / "graph.ttl"
    status, out, _ = kg(capsys, "validate", ttl)
    assert status == 0 and "conforms" in out


def test_validate_a_statistic_without_evidence_fails_with_status_1(
    capsys, corpus_build, tmp_path: Path
) -> None:
    graph = rdflib.Graph()
    for triple in corpus_build[1]:
        graph.add(triple)
    stat = next(iter(graph.subjects(rdflib.RDF.type, PA.Statistic)))
    graph.remove((stat, PA.supportedBy, None))
    bad = tmp_path / "bad.ttl"
    graph.serialize(bad, format="turtle")
    status, out, _ = kg(capsys, "validate", bad)
    assert status == 1
    assert str(stat) in out


def test_validate_a_file_that_is_not_rdf_exits_2(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "notes.ttl"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    status, _, err = kg(capsys, "validate", bad)
    assert status == 2 and "notes.ttl" in one_error_line(err)


def test_the_build_summary_counts_what_the_graph_says_the_articles_name(tmp_path) -> None:
    out = tmp_path / "out"
    run = kg_process("build", str(CORPUS), "-o", str(out), "--no-html")
    assert run.returncode == 0, run.stderr
    line = next(x for x in run.stdout.splitlines() if x.strip().startswith("entities named:"))
    said = {cls: int(n) for n, cls in re.findall(r"(\d+) (\w+)", line)}
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    named: dict[str, int] = {}
    for (_, cls) in graph.query(
            "SELECT DISTINCT ?e ?c WHERE { ?e a ?c ; pa:mentionedIn ?a . ?a a pa:Article . "
            "FILTER(?c != pa:Article && ?c != pa:Statistic) }", initNs={"pa": PA}):
        local = str(cls).rsplit("#", 1)[-1]
        named[local] = named.get(local, 0) + 1
    assert said == {cls: n for cls, n in named.items() if cls in said}
    assert set(said) == set(named) - {"Membership"}  # posts: counted as servesIn relations
