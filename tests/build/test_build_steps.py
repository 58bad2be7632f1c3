"""The build's named steps (kg/build/steps.py), each on its own, and the build that runs them."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from kg.build import build, steps
from kg.build.cache import ArticleResult, BuildCache, article_key, content_hash
from kg.errors import KgError
from kg.reporter import Reporter

GUIZHOU = "榕江县委书记王振华到栽麻镇调研，栽麻镇大力发展蓝莓种植，实施易地扶贫搬迁工程。\n"
GANSU = "东乡县县长马建军介绍，东乡县推进光伏扶贫，发展中药材种植产业。\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_list_sources_skips_a_second_file_of_the_same_name(tmp_path: Path) -> None:
    first = write(tmp_path / "a", "榕江.txt", GUIZHOU)
    write(tmp_path / "b", "榕江.txt", GANSU)
    skipped: list[str] = []
    assert steps.list_sources([tmp_path / "a", tmp_path / "b"], skipped) == [first]
    assert len(skipped) == 1 and "same file name" in skipped[0]


def test_fingerprint_keys_an_article_by_its_name_and_the_hash_of_its_bytes(tmp_path) -> None:
    one = write(tmp_path, "gz.txt", GUIZHOU)
    two = write(tmp_path, "gs.txt", GANSU)
    skipped: list[str] = []
    sources = steps.fingerprint([one, two, tmp_path / "gone.txt"], skipped)
    assert [s.path for s in sources] == [one, two] and len(skipped) == 1
    digest = hashlib.sha256(GUIZHOU.encode("utf-8")).hexdigest()
    assert sources[0].digest == digest == content_hash(one.read_bytes())
    assert sources[0].key == article_key("gz.txt", digest) != article_key("gs.txt", digest)
    assert sources[0].data == GUIZHOU.encode("utf-8")
    # past the budget of bytes kept the worker reads the file itself
    held = steps.fingerprint([one, two], [], keep_bytes=len(sources[0].data))
    assert held[0].data is not None and held[1].data is None


class _Counting(Reporter):
    def __init__(self) -> None:
        self.counted: list[tuple[str, int]] = []

    def progress(self, what: str, total: int, unit: str):
        self.counted.append((what, total))
        return super().progress(what, total, unit)


def test_extract_runs_only_what_the_cache_lacks_and_skips_a_failed_article(tmp_path) -> None:
    cache = BuildCache(tmp_path / "out")
    a, b, c = (write(tmp_path, f"{n}.txt", GUIZHOU + n) for n in "abc")
    sources = steps.fingerprint([a, b, c], [])
    cache.put(ArticleResult(str(a), "a.txt", sources[0].key, fragment=b"", entities="x"))
    asked: list[tuple] = []

    def runner(tasks):
        asked.extend(tasks)
        for path, key, _data, _digest in tasks:
            error = f"{path}: could not be extracted" if path.endswith("c.txt") else ""
            yield ArticleResult(path, Path(path).name, key, fragment=b"", error=error)

    report, reporter = steps.BuildReport(), _Counting()
    results = steps.extract(sources, cache, runner, report, reporter)
    assert [t[0] for t in asked] == [str(b), str(c)]  # a came from the cache
    assert asked[0][2] == b.read_bytes() and asked[0][3] == sources[1].digest
    assert all(s.data is None for s in sources)  # the bytes were handed on, not kept
    assert [r.article_id for r in results] == ["a.txt", "b.txt"]
    assert report.extracted == 1 and report.skipped == [f"{c}: could not be extracted"]
    assert reporter.counted == [("extracting", 2)]


def test_merge_refuses_a_build_with_nothing_to_show() -> None:
    report = steps.BuildReport(skipped=["x.txt: is empty"])
    with pytest.raises(KgError, match="nothing could be built: x.txt: is empty"):
        steps.merge([], report)
    with pytest.raises(KgError, match="no entities"):
        steps.merge([ArticleResult("y.txt", "y.txt", "k", warning="y.txt: no entities found")],
                    steps.BuildReport())


def test_a_build_reads_each_article_once_and_prints_nothing(tmp_path, monkeypatch,
                                                            capsys) -> None:
    import kg.extract.read

    reads: list[Path] = []
    real = kg.extract.read.read_bytes

    def counted(path, *args, **kwargs):
        reads.append(Path(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(kg.extract.read, "read_bytes", counted)
    monkeypatch.setattr(steps, "read_bytes", counted)
    corpus = tmp_path / "corpus"
    files = [write(corpus, "gz.txt", GUIZHOU), write(corpus, "gs.txt", GANSU)]
    report = build([corpus], tmp_path / "out", html=False)
    assert report.articles == 2
    assert sorted(reads) == sorted(files)  # once each, by the fingerprint step
    assert capsys.readouterr() == ("", "")  # the library reports, the command prints
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert hashlib.sha256(GANSU.encode("utf-8")).hexdigest() in graph  # pa:contentHash


def test_kg_push_does_not_load_the_query_command() -> None:
    code = ("import sys, kg.commands.push as p; import argparse; "
            "p.register(argparse.ArgumentParser().add_subparsers()); "
            "print('kg.commands.query' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert out.stdout.strip() == "False", out.stderr
