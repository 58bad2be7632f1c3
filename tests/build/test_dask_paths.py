"""``kg build DIR --executor dask --scheduler …`` with a relative DIR: workers elsewhere.

A real ``dask scheduler`` and a ``dask worker`` started in another working
folder (as on another machine with a shared file system); the build is given
the corpus folder by a path relative to the caller's folder, which means
nothing to the worker unless the command makes it absolute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import GOOD_ARTICLE, free_port, stop

from kg.cli import main

pytest.importorskip("distributed", reason="the [dask] extra is not installed")
ROOT = Path(__file__).resolve().parents[2]
DASK = shutil.which("dask")


@pytest.mark.skipif(DASK is None, reason="the dask command is not installed")
def test_a_relative_corpus_path_reaches_workers_in_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    elsewhere = tmp_path / "worker-home"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        time.sleep(2)
        worker = subprocess.Popen(
            [DASK, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        here = tmp_path / "caller"
        (here / "reports").mkdir(parents=True)
        (here / "reports" / "a.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
        monkeypatch.chdir(here)
        deadline = time.monotonic() + 60
        from distributed import Client

        with Client(address, timeout="20s") as client:  # wait for the worker to join
            while not client.scheduler_info()["workers"] and time.monotonic() < deadline:
                time.sleep(0.5)
        status = main(
            ["build", "reports", "-o", "out", "--executor", "dask", "--scheduler", address]
            + ["--no-html", "-q", "--fresh"]
        )
        err = capsys.readouterr().err
        assert status == 0, err
        assert "warning" not in err, err
        graph = (here / "out" / "graph.ttl").read_text(encoding="utf-8")
        assert "唐家村" in graph  # the article was read on the worker
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                stop(proc)
