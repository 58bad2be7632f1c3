"""``kg build --executor dask --scheduler …`` with workers elsewhere.

A real ``dask scheduler`` and a ``dask worker`` started in another working
folder (as on another machine with a shared file system): the build is given
the corpus folder by a path relative to the caller's folder, which means
nothing to the worker unless the command makes it absolute; and a worker that
would extract otherwise (here: without the towns' and villages' codes) stops
the build before any article is extracted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import GOOD_ARTICLE, free_port, stop

from kg.cli import main
from kg.resources.division_codes import codes_dir

pytest.importorskip("distributed", reason="the [dask] extra is not installed")
ROOT = Path(__file__).resolve().parents[2]
DASK = shutil.which("dask")


@contextmanager
def cluster(home: Path, **worker_env: str) -> Iterator[str]:
    """A real ``dask scheduler`` and one ``dask worker`` started in ``home`` (as on another
    machine with a shared file system); yields the scheduler's address once the worker
    has joined."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        time.sleep(2)
        worker = subprocess.Popen(
            [DASK, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
            cwd=home, env={**env, **worker_env},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        from distributed import Client

        with Client(address, timeout="20s") as client:  # wait for the worker to join
            while not client.scheduler_info()["workers"] and time.monotonic() < deadline:
                time.sleep(0.5)
        yield address
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                stop(proc)


def _caller(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    here = tmp_path / "caller"
    (here / "reports").mkdir(parents=True)
    (here / "reports" / "a.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    monkeypatch.chdir(here)
    return here


@pytest.mark.skipif(DASK is None, reason="the dask command is not installed")
def test_a_relative_corpus_path_reaches_workers_in_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    (tmp_path / "worker-home").mkdir()
    with cluster(tmp_path / "worker-home") as address:
        here = _caller(tmp_path, monkeypatch)
        status = main(
            ["build", "reports", "-o", "out", "--executor", "dask", "--scheduler", address]
            + ["--no-html", "-q", "--fresh"]
        )
        err = capsys.readouterr().err
        assert status == 0, err
        assert "warning" not in err, err
        graph = (here / "out" / "graph.ttl").read_text(encoding="utf-8")
        assert "唐家村" in graph  # the article was read on the worker


@pytest.mark.skipif(DASK is None, reason="the dask command is not installed")
@pytest.mark.skipif(codes_dir() is None, reason="the town and village codes are not installed")
def test_a_worker_that_would_key_villages_otherwise_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    (tmp_path / "worker-home").mkdir()
    with cluster(tmp_path / "worker-home", KG_DIVISION_CODES="off") as address:
        here = _caller(tmp_path, monkeypatch)
        status = main(
            ["build", "reports", "-o", "out", "--executor", "dask", "--scheduler", address]
            + ["--no-html", "-q", "--fresh"]
        )
        err = capsys.readouterr().err
        assert status != 0 and "extracts otherwise than this build" in err, err
        assert "KG_DIVISION_CODES" in err
        assert not (here / "out" / "graph.ttl").exists()  # nothing half-made
