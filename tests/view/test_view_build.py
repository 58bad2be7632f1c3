"""The view a build writes is the view of the graph it wrote, read however it is read.

``kg build`` reads graph.ttl with pyoxigraph, or for large graphs merges what
each article's cache entry keeps for the view, instead of parsing the graph
with rdflib.  The reference here is the page rendered from graph.ttl parsed by
rdflib and read by :func:`kg.graph.records.read_graph`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg.build.view
from kg.build import build
from kg.build.cache import BuildCache
from kg.graph.open import open_graph
from kg.graph.records import read_graph
from kg.view.html import render

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
TITLE = "pa-kg: corpus"


def reference_page(ttl: Path, *, whole: bool) -> str:
    data = read_graph(open_graph(ttl).rdflib(), statistics=whole)
    if not whole:  # the large-graph view: no evidence, no statistics
        for edge in data.edges:
            edge.evidence = []
        data.evidence = []
    return render(data, title=TITLE).page


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def test_the_page_is_the_view_of_the_graph_written(tmp_path):
    report = build([CORPUS], tmp_path)
    assert (tmp_path / "graph.html").read_text(encoding="utf-8") == reference_page(
        tmp_path / "graph.ttl", whole=True)
    assert report.triples == len(open_graph(tmp_path / "graph.ttl"))


def test_a_large_graph_view_is_merged_from_the_articles_cache_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(kg.build.view, "VIEW_FULL_BYTES", 0)  # every graph counts as large
    report = build([CORPUS], tmp_path)
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert any("entities and relations only" in w for w in report.warnings)
    assert page == reference_page(tmp_path / "graph.ttl", whole=False)
    assert "茅箭区" in page and "周庆荣" in page

    # entries that lost what they keep for the view: it is read from the fragments
    cache = BuildCache(tmp_path)
    for entry in cache.dir.glob("*/*.pkl"):
        entry.unlink()
    build([CORPUS], tmp_path)
    assert (tmp_path / "graph.html").read_text(encoding="utf-8") == page


@pytest.mark.parametrize("large", [False, True])
def test_an_incremental_rebuild_writes_the_page_of_a_fresh_build(tmp_path, corpus_copy,
                                                                  monkeypatch, large):
    if large:
        monkeypatch.setattr(kg.build.view, "VIEW_FULL_BYTES", 0)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build([corpus_copy], out)
    added = corpus_copy / "005_added.txt"
    added.write_text("贡山县委书记李红强调，丙中洛镇发展草果种植。\n", encoding="utf-8")
    (corpus_copy / "001_4968c35a67ce9c3f.txt").unlink()
    again = build([corpus_copy], out)
    assert again.extracted == 1
    build([corpus_copy], fresh, fresh=True)
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert page == (fresh / "graph.html").read_text(encoding="utf-8")
    assert "丙中洛镇" in page


def test_a_rebuild_with_nothing_changed_leaves_the_outputs_alone(tmp_path, corpus_copy):
    out = tmp_path / "out"
    first = build([corpus_copy], out)
    ttl, page = out / "graph.ttl", out / "graph.html"
    stamps = [(f.stat().st_mtime_ns, f.stat().st_ino) for f in (ttl, page)]
    again = build([corpus_copy], out)
    assert again.up_to_date and again.extracted == 0
    assert [(f.stat().st_mtime_ns, f.stat().st_ino) for f in (ttl, page)] == stamps
    assert again.triples == first.triples and again.outputs == [ttl, page]
    assert again.entities == first.entities

    # an output removed or edited by hand is written again
    page.unlink()
    assert not build([corpus_copy], out).up_to_date
    assert page.exists()
    with ttl.open("a", encoding="utf-8") as fh:
        fh.write("# edited\n")
    assert not build([corpus_copy], out).up_to_date
    assert not ttl.read_text(encoding="utf-8").endswith("# edited\n")
    # other options are other outputs
    assert not build([corpus_copy], out, html=False).up_to_date
    assert not build([corpus_copy], out).up_to_date
