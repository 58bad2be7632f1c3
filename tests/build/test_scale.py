"""Parallel, incremental and distributed builds give the same graph as a plain build."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build import build
from kg.build.runners import extract_path
from kg.errors import KgError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
#: the bundled articles, however many the corpus holds
N_ARTICLES = len(list(CORPUS.glob("*.txt")))


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("plain")
    build([CORPUS], out, html=False, fresh=True)
    return (out / "graph.ttl").read_bytes()


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def test_two_jobs_build_the_same_graph_byte_for_byte(tmp_path, plain):
    build([CORPUS], tmp_path, html=False, jobs=2, fresh=True)
    assert (tmp_path / "graph.ttl").read_bytes() == plain


def test_a_rebuild_extracts_only_changed_articles(tmp_path, corpus_copy):
    out = tmp_path / "out"
    first = build([corpus_copy], out, html=False)
    assert first.extracted == N_ARTICLES
    again = build([corpus_copy], out, html=False)
    assert again.extracted == 0 and again.articles == N_ARTICLES

    article = corpus_copy / "004_cca4ab3c6bf294dc.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n大川镇香坪村发展茶叶。\n",
                       encoding="utf-8")
    changed = build([corpus_copy], out, html=False)
    assert changed.extracted == 1
    fresh = tmp_path / "fresh"
    build([corpus_copy], fresh, html=False, fresh=True)
    assert (out / "graph.ttl").read_bytes() == (fresh / "graph.ttl").read_bytes()
    assert "香坪村".encode() in (out / "graph.ttl").read_bytes()


def test_a_deleted_article_leaves_the_graph(tmp_path, corpus_copy):
    out = tmp_path / "out"
    build([corpus_copy], out, html=False)
    (corpus_copy / "003_cdeaff0217b844a9.txt").unlink()
    report = build([corpus_copy], out, html=False)
    assert report.extracted == 0 and report.articles == N_ARTICLES - 1
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "003_cdeaff0217b844a9" not in text
    assert "张维国" not in text  # the mayor's party secretary is only in that article
    fresh = tmp_path / "fresh"
    build([corpus_copy], fresh, html=False, fresh=True)
    assert (out / "graph.ttl").read_bytes() == (fresh / "graph.ttl").read_bytes()


def test_dask_local_cluster_builds_the_same_graph(tmp_path, plain):
    pytest.importorskip("dask.distributed", reason="the [dask] extra is not installed")
    build([CORPUS], tmp_path, html=False, jobs=2, executor="dask", fresh=True)
    assert (tmp_path / "graph.ttl").read_bytes() == plain


def test_unreachable_dask_scheduler_fails_fast_and_clearly(tmp_path):
    pytest.importorskip("dask.distributed", reason="the [dask] extra is not installed")
    started = time.monotonic()
    with pytest.raises(KgError, match="Dask scheduler"):
        build([CORPUS], tmp_path, html=False, executor="dask",
              scheduler="tcp://127.0.0.1:9", fresh=True)
    assert time.monotonic() - started < 30
    assert not (tmp_path / "graph.ttl").exists()


def test_a_runaway_article_is_reported_and_skipped(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("贫" * 3_000_000, encoding="utf-8")
    result = extract_path(str(big), "k", time_limit_s=0.05)
    assert result.error and "big.txt" in result.error


def test_one_repeated_character_builds_without_crashing(tmp_path):
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "same.txt").write_text("村" * 200_000, encoding="utf-8")
    shutil.copy(CORPUS / "004_cca4ab3c6bf294dc.txt", odd)
    report = build([odd], tmp_path / "out", html=False)
    assert report.articles == 2
    assert "大川镇" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_killed_build_keeps_the_old_graph_and_the_cache(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus_gen import generate

    corpus = tmp_path / "corpus"
    generate(400, corpus)
    out = tmp_path / "out"
    build([CORPUS], out, html=False)
    old = (out / "graph.ttl").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out),
                             "-q", "--no-html"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    cache = out / ".kg-cache"
    corpus_entries = len(list(cache.glob("*/*/*.pkl")))  # the first build's, not the new ones
    # kill it once it has extracted some articles, long before it could finish
    while (time.monotonic() < deadline
           and len(list(cache.glob("*/*/*.pkl"))) < corpus_entries + 30):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert (out / "graph.ttl").read_bytes() == old
    assert not list(out.glob(".graph.ttl.*.tmp"))
    # the next build, as the user runs it again: what the killed build finished is kept
    again = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out),
                            "--no-html"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    summary = re.search(r"built (\d+) article\(s\) \((\d+) unchanged", again.stdout)
    assert summary, again.stdout
    assert int(summary[1]) == 400 and int(summary[2]) >= 25
