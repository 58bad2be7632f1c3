"""Query workers for ``kg serve``: every query runs in a process that a timeout can kill.

Neither rdflib nor pyoxigraph can cancel a running query, so each worker is
a separate process holding its own copy of the graph (an Oxigraph store
directory is opened read-only by each).  :meth:`QueryPool.run` hands a query
to an idle worker and waits at most ``timeout`` seconds; a worker that has
not answered by then is killed and replaced, and the client is told.

Unless federated queries are allowed, a worker leaves the network before it
loads anything (:func:`drop_network`): a SERVICE clause that slipped past
the structural check (kg/sparql/guard.py) still reaches no host, not even
the machine's own services.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.reporter import QUIET, Reporter


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def _watch_parent(parent_pid: int) -> None:
    """End this worker when the server process is gone, even mid-query."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent_pid:
            os._exit(0)


def drop_network() -> bool:
    """Move this process into a network namespace of its own, with no interface up.

    Linux user namespaces make this possible without privileges; the process
    must still be single-threaded.  False where the kernel refuses: the
    structural SERVICE check (kg/sparql/guard.py) then stands alone.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(clone_newuser | clone_newnet) == 0
    except (OSError, AttributeError):
        return False


def worker_main(
    conn, path: str, store: str, parent_pid: int, allow_service: bool = False
) -> None:
    """A worker process: load the graph once, then answer queries until told to stop."""
    import signal

    if not allow_service:
        drop_network()  # before any thread starts: unshare wants one thread
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    from kg.sparql.engine import open_source
    from kg.sparql.guard import warm_up

    try:
        source = open_source(Path(path), store, allow_service=allow_service)
        warm_up()
    except KgError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", source.describe()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        reply = answer(source, *message)
        conn.send((reply.status, reply.content_type, reply.body))


def answer(
    source, sparql: str, result_type: str | None, graph_type: str | None, options=None
) -> Reply:
    """Run one query on ``source`` and serialise it in the negotiated media type;
    ``options`` are :meth:`Source.execute`'s keywords (``dataset``, ``base``)."""
    from kg.export.formats import GRAPH_TYPES, RESULT_TYPES
    from kg.sparql.guard import QueryRefused

    try:
        result = source.execute(sparql, **(options or {}))
        media = graph_type if result.form == "GRAPH" else result_type
        if media is None:
            offered = ", ".join(GRAPH_TYPES if result.form == "GRAPH" else RESULT_TYPES)
            form = "CONSTRUCT/DESCRIBE" if result.form == "GRAPH" else result.form
            return text_reply(
                406, f"the Accept header allows no type a {form} answer has: {offered}"
            )
        return Reply(200, media, result.serialize(media))
    except QueryRefused as exc:
        return text_reply(403, str(exc))
    except KgError as exc:
        return text_reply(400, str(exc))
    except Exception as exc:  # a bug, not the query's fault: say so instead of dying
        return text_reply(500, f"internal error: {type(exc).__name__}: {exc}")


class _Worker:
    def __init__(self, process, conn) -> None:
        self.process = process
        self.conn = conn

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(timeout=1.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5.0)
        self.conn.close()


class QueryPool:
    """``workers`` processes answering SPARQL on one graph, each query within ``timeout`` s."""

    def __init__(
        self,
        path: Path,
        store: str = "auto",
        *,
        workers: int = 2,
        timeout: float = 30.0,
        start_timeout: float = 300.0,
        allow_service: bool = False,
        reporter: Reporter = QUIET,
    ) -> None:
        if workers < 1:
            raise KgError(f"{workers} query workers: at least one is needed")
        if timeout <= 0:
            raise KgError(f"a query time limit of {timeout:g} s: it must be positive")
        self.path = Path(path)
        self.store = store
        self.workers = workers
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.allow_service = allow_service
        self.reporter = reporter  # told when a worker cannot be restarted
        self.description = ""
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._idle.put(self._start())  # the first one proves that the graph loads
        for _ in range(workers - 1):
            self._start_later()

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=worker_main,
            args=(child, str(self.path), self.store, os.getpid(), self.allow_service),
            name="kg-query-worker",
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        if not parent.poll(self.start_timeout):
            self._discard(worker)
            raise KgError(f"{self.path}: not loaded within {self.start_timeout:g} s")
        try:
            status, message = parent.recv()
        except (EOFError, OSError):
            self._discard(worker)
            raise KgError(f"{self.path}: the query worker died while loading it") from None
        if status == "error":
            self._discard(worker)
            raise KgError(message)
        self.description = message
        return worker

    def _start_later(self) -> None:
        def start() -> None:
            try:
                worker = self._start()
            except KgError as exc:
                if not self._closed:  # a worker killed by close() while it started is no news
                    self.reporter.warning(f"could not restart a query worker: {exc}")
                return
            if self._closed:
                self._discard(worker)
            else:
                self._idle.put(worker)

        threading.Thread(target=start, name="kg-worker-start", daemon=True).start()

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5.0)
        worker.conn.close()

    def run(
        self, sparql: str, result_type: str | None, graph_type: str | None, options=None
    ) -> Reply:
        """Answer one query; 503 when it runs past the timeout or no worker is free in time.
        ``options``: :meth:`Source.execute`'s keywords (``dataset``, ``base``)."""
        if self._closed:
            return text_reply(503, "the server is shutting down")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return text_reply(
                503, f"all {self.workers} query workers stayed busy for {self.timeout:g} s; retry"
            )
        try:
            worker.conn.send((sparql, result_type, graph_type, options))
            if worker.conn.poll(self.timeout):
                status, content_type, body = worker.conn.recv()
                self._idle.put(worker)
                return Reply(status, content_type, body)
        except (EOFError, OSError):
            self._discard(worker)
            self._start_later()
            return text_reply(500, "the query worker died (out of memory?); it is being restarted")
        self._discard(worker)  # kill the runaway query with its process
        self._start_later()
        return text_reply(
            503,
            f"query cancelled: it ran longer than {self.timeout:g} s, the server's limit; "
            "narrow it down or add a LIMIT",
        )

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
