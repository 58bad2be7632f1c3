"""Run extraction over many articles: in this process, in worker processes, or on Dask.

Workers load the gazetteer, the lexicons and jieba once (the pool's
initializer, or the first task on a Dask worker), not once per article.
Results come back in the order of the input files, whatever the executor,
so every executor builds the same graph triple for triple.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.build.cache import ArticleResult, article_key, pack
from kg.errors import ArticleError, KgError, printable
from kg.sources import show_page_progress

#: seconds one article may take before it is reported and skipped
ARTICLE_TIME_LIMIT = 120


class ArticleTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Interrupt a runaway article, or a page of one (SIGALRM; only where signals can be used).

    The one time limit of the build (:func:`kg.sources.page_time_limit` is this one, per
    page).  :class:`ArticleTimeout` is raised when the time is up even if the code it
    interrupted wrapped the alarm in an exception of its own (OCR libraries do): the alarm
    leaves a flag behind, which tells an expired block from a failing one.  Not nested: an
    inner limit would cancel the outer one's timer.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return
    fired: list[bool] = []

    def expire(signum, frame):
        fired.append(True)
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Exception:
        if not fired:
            raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        raise ArticleTimeout


def die_with_parent(parent: int) -> None:
    """End this worker process when ``parent`` (the build) dies, however it dies.

    A pool's workers otherwise outlive a ``kill -KILL`` of the build, asleep
    on their task queue forever.  On Linux the kernel sends SIGKILL on the
    parent's death (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread watches
    the parent's pid.  A parent already gone before the call ends us at once.
    """
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # died between the fork and the prctl
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WATCH_SECONDS = 1.0


def worker_init(parent: int, progress: bool = True) -> None:
    """Pool initializer: tie the worker to the build's life, then load the resources.

    Ctrl-C is the build's to handle (it stops the workers); SIGTERM ends a
    worker at once (a forked worker would otherwise inherit the command's
    handler, turn it into an exception, report it and wait for the next task).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    show_page_progress(progress)
    warm_up()


def warm_up() -> None:
    """Load every shared resource once (pool initializer), and import what
    :func:`extract_path` imports, so the first article pays for neither."""
    import kg.extract.pipeline
    import kg.extract.read
    import kg.graph.build
    import kg.graph.records
    import kg.graph.write
    import kg.sources.crops  # noqa: F401 (imported for the first article's sake)
    from kg.extract.match.officials import official_rules
    from kg.extract.match.regions import region_rules
    from kg.extract.match.terms import term_rules
    from kg.extract.statistics import stat_rules
    from kg.resources.division_codes import load_codes
    from kg.resources.gazetteer import load_gazetteer
    from kg.resources.lexicon import load_lexicon
    from kg.resources.segment import tokenizer

    load_gazetteer()
    load_codes()
    load_lexicon()
    tokenizer()  # jieba's tables themselves load a chunk at a time, as articles need them
    region_rules()
    official_rules()
    term_rules()
    stat_rules()


#: one article to extract: its path, cache key, and the bytes and hash the build read
#: (``None`` and ``""`` when it did not keep them: the worker reads the file)
Task = tuple[str, str, "bytes | None", str]


def extract_path(path: str, key: str, data: bytes | None = None, digest: str = "",
                 time_limit_s: float = ARTICLE_TIME_LIMIT) -> ArticleResult:
    """Extract one article file into its result (errors are results too).

    ``key`` is what the build looked the file up by; the result is keyed by the bytes
    read (:func:`kg.build.cache.article_key` of the Doc's hash): those the build passed,
    or, past its memory budget, the one read here, so a file changed in between is cached
    as what it then was.
    """
    import marshal

    from kg.extract.pipeline import run
    from kg.extract.read import read_article
    from kg.graph.build import doc_triples
    from kg.graph.records import view_triples
    from kg.graph.write import fragment
    from kg.sources.crops import make_crops

    name, shown = Path(path).name, printable(path)
    try:
        # OCR takes seconds a page: kg.sources limits each page
        doc = read_article(Path(path), data, digest)
        key = article_key(doc.article_id, doc.content_hash)  # the bytes read
        with time_limit(time_limit_s):
            doc = run(doc)
            triples = list(doc_triples(doc))
            frag = fragment(triples)
            view = marshal.dumps(view_triples(triples))
            crops, crop_count, crop_warnings = make_crops(doc, triples)  # PDFs and images
            doc.data = b""
    except ArticleError as exc:
        return ArticleResult(path, name, key, error=str(exc))
    except ArticleTimeout:
        return ArticleResult(path, name, key, error=f"{shown}: took over {time_limit_s:.0f} s")
    except RecursionError:
        return ArticleResult(path, name, key, error=f"{shown}: too deeply nested to extract")
    except Exception as exc:  # a bug one article meets must not stop the build of the rest
        problem = printable(" ".join(f"{type(exc).__name__}: {exc}".split()))[:300]
        return ArticleResult(path, name, key, error=f"{shown}: could not be extracted "
                             f"(internal error {problem}; please report it with the file)")
    return ArticleResult(
        path,
        doc.article_id,
        key,
        frag,
        view,
        entities=pack(sorted(doc.entities)),
        facts=pack(sorted((f.relation, *f.head, *f.tail) for f in doc.facts)),
        statistics=len(doc.statistics),
        warning="\n".join(doc.warnings + crop_warnings
                          + ([] if doc.entities else [f"{shown}: no entities found"])),
        text=doc.raw if "textFile" in doc.meta else "",  # kept as texts/<article>.txt
        source_text="textFile" in doc.meta,
        crop_zip=crops,
        crops=crop_count,
    )


def extract_to_cache(path: str, key: str, data: bytes | None, digest: str, out_dir: str
                     ) -> ArticleResult:
    """Extract one article and write its cache entry here, in the worker.

    Only the small summary travels back to the main process, which then
    does nothing per article but bookkeeping: both cores extract.
    """
    from kg.build.cache import BuildCache

    result = extract_path(path, key, data, digest)
    if not result.error:
        BuildCache(Path(out_dir)).put(result)
        result.fragment = result.view = b""
        result.stored = True
    return result


def run_local(tasks: list[Task], jobs: int, out_dir: Path | None = None,
              progress: bool = True) -> Iterator[ArticleResult]:
    """Results in task order; ``jobs`` > 1 uses worker processes.

    With ``out_dir`` the workers write the cache entries themselves.  ``progress``:
    a long PDF or a scan draws a bar by page (on a terminal).
    """
    if not tasks:
        return  # nothing changed: no need to load the extractor at all
    if jobs <= 1 or len(tasks) <= 1:
        warm_up()
        before = show_page_progress(progress)
        try:
            for task in tasks:
                yield extract_path(*task)
        finally:
            show_page_progress(before)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    paths, keys, datas, digests = zip(*tasks)
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=worker_init,
                               initargs=(os.getpid(), progress))
    try:
        if out_dir is None:
            yield from pool.map(extract_path, paths, keys, datas, digests, chunksize=4)
        else:
            dirs = [str(out_dir)] * len(paths)
            yield from pool.map(extract_to_cache, paths, keys, datas, digests, dirs, chunksize=4)
        pool.shutdown()
    except BaseException as exc:  # Ctrl-C, SIGTERM, the caller closing the stream early
        _stop_workers(pool)  # not the pool's shutdown, which lets every queued task run
        if isinstance(exc, BrokenProcessPool):
            raise _broken() from None
        raise


def _stop_workers(pool) -> None:
    """End a pool at once: queued tasks dropped, running workers terminated."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()


def _broken() -> KgError:
    return KgError(
        "a worker process died (out of memory?); rerun: finished articles "
        "are cached and will not be extracted again"
    )


def run_dask(
    tasks: list[Task], scheduler: str | None, jobs: int
) -> Iterator[ArticleResult]:
    """The same extraction as a dask.bag over the article files."""
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise KgError("the dask executor needs the extra: pip install -e '.[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="5s")
        except (OSError, TimeoutError) as exc:
            raise KgError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        same_extractor(client)
        bag = db.from_sequence(tasks, npartitions=max(1, min(len(tasks), 4 * max(1, jobs))))
        results = bag.map(lambda task: extract_path(*task)).compute(scheduler=client.get)
        yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def same_extractor(client) -> None:
    """Stop before extracting when a Dask worker would extract otherwise than this build.

    Another version of the code or lexicons, or the towns' and villages' codes
    installed on one side only, would key the same village two ways in one graph.
    """
    from kg.build.cache import fingerprint

    ours = fingerprint()
    others = {worker: theirs for worker, theirs in client.run(fingerprint).items()
              if theirs != ours}
    if others:
        worker = sorted(others)[0]
        raise KgError(f"Dask worker {worker} extracts otherwise than this build (extractor "
                      f"{others[worker]}, here {ours}): install the same pa-kg, lexicons and "
                      "town codes (npm ci) on every worker, or KG_DIVISION_CODES=off everywhere")


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
