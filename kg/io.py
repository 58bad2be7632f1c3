"""Writing files safely: atomic writes, staged outputs, the output folder's lock.

Graphs are read by :func:`kg.graph.open.open_graph`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from kg.errors import KgError, printable

#: the incremental cache's folder inside an output folder (kg.build.cache); article
#: listing skips folders that hold one, so a build never reads its own outputs
CACHE_DIRNAME = ".kg-cache"


def check_out_folder(folder: Path) -> None:
    """Refuse, before any work, an output folder that cannot be one (a file is in the way)."""
    for path in [folder, *folder.parents]:
        if path.exists():
            if not path.is_dir():
                raise KgError(f"{folder}: cannot be the output folder: {path} is a file")
            return


def ensure_folder(folder: Path) -> None:
    """Create an output folder, or raise a one-line :class:`KgError` saying why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise KgError(f"{folder}: exists and is not a folder") from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise KgError(f"{folder}: cannot create the output folder ({reason})") from None


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old or the new one, never half of one."""
    ensure_folder(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise KgError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise KgError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_stream(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Stream ``write(fh)`` into a temporary file beside ``path``, then rename it over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends, so a few renames are never split.

    The handlers are swapped for one that only notes the signal, and the
    noted signal is handed to the real handler after the block.  (Masking
    the signal would not do: any other thread, tqdm's monitor say, would
    still take it, and Python runs the handler in the main thread anyway.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers can only be changed in the main thread, which gets the signals
        return
    noted: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda s, _: noted.append(s)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            if handler is not None:  # None: a handler not set from Python, left as it is
                signal.signal(signum, handler)
        if noted:
            handler = previous[noted[0]]
            if callable(handler):
                handler(noted[0], None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), noted[0])


@contextmanager
def staged_outputs(folder: Path, committed: Callable[[], None] | None = None
                   ) -> Iterator[Callable[[Path], Path]]:
    """Write several outputs so that they replace the old ones together, or not at all.

    ``stage(final)`` gives a temporary path beside ``final`` (the same one on
    every call); write the new file there.  When the block ends normally every
    staged file is renamed over its final path; when it raises (an error, or
    Ctrl-C) the staged files are deleted and the old outputs stay as they were,
    so a folder never holds a new ``graph.ttl`` beside an old ``graph.html``.
    Ctrl-C and SIGTERM are held while the files are renamed (they take effect
    after), and ``committed`` is called once all are in place.
    """
    staged: dict[Path, Path] = {}

    def stage(final: Path) -> Path:
        if final not in staged:
            ensure_folder(final.parent)
            fd, tmp = tempfile.mkstemp(
                dir=final.parent, prefix=f".{final.name}.", suffix=f".partial{final.suffix}"
            )
            os.close(fd)
            staged[final] = Path(tmp)
        return staged[final]

    try:
        yield stage
        with _signals_held():
            for final, tmp in staged.items():
                os.chmod(tmp, 0o644)
                os.replace(tmp, final)
            if committed is not None:
                committed()
    except OSError as exc:
        raise KgError(f"{folder}: cannot write outputs ({exc.strerror or exc})") from None
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)


#: the lock file of a build in its output folder (holds the builder's pid and host)
LOCK_NAME = ".kg-build.lock"

try:
    import fcntl
except ImportError:  # Windows: the pid in the lock file is checked instead
    fcntl = None  # type: ignore[assignment]


@contextmanager
def folder_lock(folder: Path) -> Iterator[bool]:
    """Hold ``folder`` for one build; a second build into it stops with a clear message.

    The lock is ``flock`` on :data:`LOCK_NAME`, which the kernel releases when
    its process dies, however it dies: the lock of a killed build is stale
    and simply taken over.  Yields whether the lock file was left behind by
    a build that did not end (killed): its debris is then worth looking for.
    The file is removed when the build ends.
    """
    ensure_folder(folder)
    path = folder / LOCK_NAME
    while True:
        left_behind = path.exists()
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise KgError(f"{printable(folder)}: cannot lock the output folder "
                          f"({exc.strerror or exc})") from None
        try:
            _lock(fd, path, folder)
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:  # removed by the build that held it until now
            same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
        yield left_behind
    finally:
        try:
            path.unlink(missing_ok=True)
        finally:
            os.close(fd)


def _lock(fd: int, path: Path, folder: Path) -> None:
    """Lock the open lock file, or raise :class:`KgError` naming the build that holds it."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        except OSError:  # no locks on this file system: the pid says
            if not _holder_alive(path):
                return
    elif not _holder_alive(path):
        return
    holder = _holder(path)
    raise KgError(f"{printable(folder)}: another build{holder} is writing into this folder; "
                  "wait for it to end or build into another folder")


def _holder(path: Path) -> str:
    try:
        pid, _, host = path.read_text(encoding="utf-8").strip().partition(" ")
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid} on {host})" if pid.isdigit() and host else ""


def _holder_alive(path: Path) -> bool:
    """Whether the build named in the lock file still runs (a dead one's lock is stale)."""
    try:
        pid, _, host = path.read_text(encoding="utf-8").strip().partition(" ")
    except (OSError, UnicodeDecodeError):
        return False
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    if host != socket.gethostname():
        return True  # another machine's build: it cannot be checked, so it is respected
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, another user's
    return True


#: the outputs whose temporary files a killed build can leave in the output folder
_OUTPUT_NAMES = ("graph.ttl", "graph.html", "graph.oxigraph")


def remove_debris(folder: Path) -> list[str]:
    """Remove what a killed build left half-written in ``folder``; return the names removed.

    The temporary files are the ones :func:`atomic_write`, :func:`staged_outputs`
    and the store writer make beside an output (``.graph.ttl.*.partial.ttl``,
    ``.graph.html.*.tmp``, ``.graph.oxigraph.*.tmp``); only those names are
    touched.  Call it holding :func:`folder_lock`: another build's files are
    never taken for debris.  A store moved aside (``.graph.oxigraph.*.old``)
    by a build killed before the new one was in place is moved back.
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        base = name.lstrip(".")
        if name == base or not any(base.startswith(out + ".") for out in _OUTPUT_NAMES):
            continue
        if name.endswith(".old") and base.startswith("graph.oxigraph."):
            target = folder / "graph.oxigraph"
            if not target.exists():
                os.replace(entry.path, target)  # the only copy of the last store
                continue
        elif not (name.endswith(".tmp") or ".partial." in name):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
        removed.append(name)
    return removed
