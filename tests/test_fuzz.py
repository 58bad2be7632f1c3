"""A bounded, seeded fuzz run: mutated articles all build, or are refused in one line.

The mutations (bench/fuzz.py, which runs the long version) insert the code
points that crashed builds before (brackets in a quoted scheme name, U+FFFD,
U+FFFF, C1 controls, DEL...), random code points and controls, cut files
short, lose and double spans, and change the encoding.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from conftest import ROOT

from kg.build import build


def _fuzz():
    spec = importlib.util.spec_from_file_location("fuzz", ROOT / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz = _fuzz()


def test_the_mutations_are_seeded_and_hostile() -> None:
    first, again = fuzz.cases(60, seed=3, window=600), fuzz.cases(60, seed=3, window=600)
    assert first == again
    texts = [data.decode("utf-8", errors="ignore") for _, data in first]
    assert any(ch in text for text in texts for ch in "[]\ufffd\x85\x7f")


@pytest.mark.parametrize("seed", [11, 12])
def test_a_few_hundred_mutated_articles_build_without_an_exception(tmp_path: Path,
                                                                   seed: int) -> None:
    outcomes, failures = fuzz.run(150, seed, 900, tmp_path)
    assert failures == []
    assert outcomes["built"] >= 120  # the damage is not so bad that nothing is left to build


def test_a_folder_of_mutated_articles_and_odd_names_builds_whole(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    odd = ["毕节[1].txt", "黔南 州.txt", "“凯里”.txt", "a%20b.txt", "x\ufffd.txt", "é#?.txt"]
    cases = fuzz.cases(24, seed=5, window=1500)
    for i, (name, data) in enumerate(cases):
        (corpus / (odd[i] if i < len(odd) else name)).write_bytes(data)
    report = build([corpus], tmp_path / "out", html=True)
    refused = [m for m in report.skipped if m]
    assert report.articles + len(refused) == len(cases)
    for message in report.skipped + report.warnings:
        assert "\n" not in message and message.startswith(str(corpus) + os.sep)
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label) if str(o).endswith(".txt")}
    assert set(odd) - labels <= {m.split(": ")[0].rsplit(os.sep, 1)[1] for m in refused}
    assert (tmp_path / "out" / "graph.html").stat().st_size > 0
    rapper = shutil.which("rapper")
    if rapper is not None:  # another Turtle parser (raptor) reads the same triples
        dump = subprocess.run([rapper, "-q", "-i", "turtle", "-o", "ntriples",
                               str(tmp_path / "out" / "graph.ttl")], capture_output=True,
                              timeout=120)
        assert dump.returncode == 0, dump.stderr[-2000:]
        theirs = rdflib.Graph().parse(data=dump.stdout.decode("utf-8"), format="nt")
        assert set(theirs) == set(graph)
