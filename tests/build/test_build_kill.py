"""Kills and races: no worker outlives its build, nothing half-written stays, one build per folder.

These run real ``python -m kg build`` processes and signal them, as a user
or a supervisor would.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from kg.cli import main
from kg.io import LOCK_NAME, folder_lock, staged_outputs

linux_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _start(*args: str | Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "kg", "build", *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


def _big_corpus(tmp_path: Path, copies: int = 3) -> Path:
    """The bundled articles under several names: enough work to kill a build in the middle."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(copies):
        for article in sorted(CORPUS.glob("*.txt")):
            shutil.copy(article, folder / f"{i}_{article.name}")
    return folder


def _debris(out: Path) -> list[str]:
    """Temporary files of kg's (hidden, ``.NAME.XXXX.tmp`` or ``.partial.``) and the lock."""
    return sorted(p.name for p in out.rglob(".*")
                  if p.name.endswith(".tmp") or ".partial." in p.name or p.name == LOCK_NAME)


@linux_proc
def test_kill_of_a_parallel_build_leaves_no_worker_and_the_next_build_cleans_up(
    tmp_path: Path,
) -> None:
    corpus, out = _big_corpus(tmp_path), tmp_path / "out"
    build = _start(corpus, "-o", out, "-j", "2", "-q", "--no-html")
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.02)
        workers = _children(build.pid)
    assert len(workers) >= 2, "the build started no workers"
    build.kill()
    build.wait(10)
    deadline = time.monotonic() + 15
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived the killed build"
    # debris of a kill while writing: a half-written graph beside the lock
    (out / ".graph.ttl.k3x9q1ab.partial.ttl").write_bytes(b"@prefix pa: <")
    (out / "notes.tmp").write_text("the user's own file", encoding="utf-8")
    again = _start(corpus, "-o", out, "-j", "2", "-q", "--no-html")
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert _debris(out) == []
    assert (out / "notes.tmp").read_text(encoding="utf-8") == "the user's own file"
    assert (out / "graph.ttl").read_bytes().count(b"a pa:Article") == 33


def test_a_stale_lock_of_a_dead_build_is_taken_over_and_its_debris_removed(
    tmp_path: Path, capsys, good_article: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (out / LOCK_NAME).write_text(f"{gone.pid} {socket.gethostname()}\n", encoding="utf-8")
    cache_tmp = out / ".kg-cache" / "0123456789abcdef" / "ab" / ".abcd.pkl.x1y2z3.tmp"
    cache_tmp.parent.mkdir(parents=True)
    cache_tmp.write_bytes(b"half")
    for name in (".graph.html.q8w7e6r5.partial.html", "..graph.ttl.a.partial.ttl.b.tmp",
                 ".graph.oxigraph.zz9.tmp"):
        (out / name).write_bytes(b"half")
    assert main(["build", str(good_article), "-o", str(out), "-q"]) == 0
    assert _debris(out) == []
    assert sorted(p.name for p in out.iterdir()) == [".kg-cache", "graph.html", "graph.ttl"]


def test_a_second_build_into_the_same_folder_stops_with_a_clear_message(
    tmp_path: Path, good_article: Path
) -> None:
    out = tmp_path / "out"
    with folder_lock(out):  # a build running in this process holds the folder
        other = _start(good_article, "-o", out, "-q")
        _, err = other.communicate(timeout=120)
        assert other.returncode == 2
        assert err.strip() == (
            f"kg build: error: {out}: another build (pid {os.getpid()} on "
            f"{socket.gethostname()}) is writing into this folder; wait for it to end or "
            "build into another folder"
        )
        assert not (out / "graph.ttl").exists()
    assert not (out / LOCK_NAME).exists()
    again = _start(good_article, "-o", out, "-q")  # once it ended, the folder is free
    assert again.wait(120) == 0 and (out / "graph.ttl").exists()


def test_ctrl_c_during_extraction_keeps_the_previous_outputs_and_says_so(
    tmp_path: Path, good_article: Path
) -> None:
    out = tmp_path / "out"
    assert subprocess.run([sys.executable, "-m", "kg", "build", str(good_article), "-o",
                           str(out), "-q"], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=120).returncode == 0
    before = (out / "graph.ttl").read_bytes()
    corpus = _big_corpus(tmp_path, copies=1)
    build = _start(corpus, "-o", out, "-j", "2", "--fresh")
    deadline = time.monotonic() + 120
    while not _children(build.pid) and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.02)
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130, err
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"kg build: interrupted; the previous outputs in {out} are untouched")
    assert (out / "graph.ttl").read_bytes() == before
    assert _debris(out) == []


def test_ctrl_c_just_after_the_new_outputs_moved_in_says_they_are_complete(
    tmp_path: Path, capsys, good_article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.build.cache import BuildCache

    out = tmp_path / "out"

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt  # as if Ctrl-C came between the renames and the bookkeeping

    monkeypatch.setattr(BuildCache, "prune", interrupted)
    assert main(["build", str(good_article), "-o", str(out), "-q"]) == 130
    err = capsys.readouterr().err.strip()
    assert err == (f"kg build: interrupted; the new outputs are complete "
                   f"({out / 'graph.ttl'}, {out / 'graph.html'})")
    assert b"pa:Article" in (out / "graph.ttl").read_bytes()
    assert not (out / LOCK_NAME).exists()


def test_a_ctrl_c_while_outputs_are_renamed_waits_until_all_are_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.io

    for name in ("graph.ttl", "graph.html"):
        (tmp_path / name).write_text("old", encoding="utf-8")
    real = os.replace

    def replace_then_interrupt(src, dst):
        real(src, dst)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C right after the first rename

    monkeypatch.setattr(kg.io.os, "replace", replace_then_interrupt)
    idle = threading.Event()  # another thread (a progress bar's monitor) may take the signal
    other = threading.Thread(target=idle.wait, daemon=True)
    other.start()
    try:
        with pytest.raises(KeyboardInterrupt), staged_outputs(tmp_path) as stage:
            for name in ("graph.ttl", "graph.html"):
                stage(tmp_path / name).write_text("new", encoding="utf-8")
    finally:
        idle.set()
    assert [(tmp_path / n).read_text(encoding="utf-8") for n in ("graph.ttl", "graph.html")] == [
        "new", "new"]
