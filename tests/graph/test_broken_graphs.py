"""A broken graph given to validate/export/view/analyze/path: one line, the file, where, why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.cli import main

COMMANDS = {
    "validate": [],
    "export": ["--format", "nt", "-o", "{tmp}/out.nt"],
    "view": ["-o", "{tmp}/view.html"],
    "analyze": ["-o", "{tmp}/analysis"],
    "path": ["凯里市", "苗绣"],
}


def _run(capsys, command: str, graph: Path, tmp_path: Path) -> tuple[int, str]:
    extra = [a.format(tmp=tmp_path) for a in COMMANDS[command]]
    try:
        status = main([command, str(graph), *extra])
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    _, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "string index out of range" not in err
    return status, lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_graph_cut_short_names_the_file_and_the_line(capsys, corpus_ttl: Path, tmp_path: Path,
                                                        command: str) -> None:
    data = corpus_ttl.read_bytes()
    cut = data[: len(data) // 3]
    cut = cut[: cut.rindex(b'"') + 1] if b'"' in cut else cut  # inside a literal's quotes
    broken = tmp_path / "graph.ttl"
    broken.write_bytes(cut)
    line_count = cut.count(b"\n") + 1
    status, line = _run(capsys, command, broken, tmp_path)
    assert status == 2
    assert f"{broken}: not a readable turtle graph: line " in line
    assert int(line.split(": line ")[1].split(",")[0]) in (line_count, line_count + 1)
    assert not (tmp_path / "out.nt").exists() and not (tmp_path / "view.html").exists()


def test_an_undeclared_prefix_is_named_with_its_line(capsys, tmp_path: Path) -> None:
    graph = tmp_path / "guizhou.ttl"
    graph.write_text(
        "@prefix pa: <https://w3id.org/pa-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/pa-kg/resource/industry/苗绣> a pa:Industry ; rdfs:label "苗绣"@zh .\n'
        'par:industry\\/刺梨 a pa:Industry .\n',
        encoding="utf-8",
    )
    status, line = _run(capsys, "validate", graph, tmp_path)
    assert status == 2
    assert line == (f"kg validate: error: {graph}: not a readable turtle graph: line 4, column 1: "
                    "the prefix par: has not been declared (declare it with an @prefix line)")


def test_a_graph_that_is_not_utf8_a_folder_or_a_fifo(capsys, tmp_path: Path) -> None:
    latin = tmp_path / "latin.ttl"
    latin.write_bytes('<http://a.example/x> <http://a.example/y> "Bj\xf6rk" .\n'.encode("latin-1"))
    status, line = _run(capsys, "validate", latin, tmp_path)
    assert status == 2 and "latin.ttl: not a readable turtle graph: line 1" in line
    assert "UTF-8" in line
    status, line = _run(capsys, "view", tmp_path, tmp_path)
    folder = f"{tmp_path}: is a folder, not a graph file and not an Oxigraph store"
    assert status == 2 and line.endswith(folder)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.ttl")  # would block a parser that opened it
        status, line = _run(capsys, "analyze", tmp_path / "pipe.ttl", tmp_path)
        assert status == 2 and line.endswith("pipe.ttl: not a regular file")
