"""What the command line calls: build, query, validate.  Usable from Python too."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from kg.cache import ArticleResult, BuildCache, unpack
from kg.errors import ArticleError, Interrupted, KgError, printable
from kg.graph.write import assemble
from kg.io import check_out_folder, folder_lock, load_graph, remove_debris, staged_outputs
from kg.sources.texts import write_texts
from kg.stages.read import find_articles, name_problem, read_bytes

if TYPE_CHECKING:
    from kg.graph.records import Extract


@dataclass
class BuildReport:
    articles: int = 0
    extracted: int = 0  # articles extracted in this run (the rest came from the cache)
    skipped: list[str] = field(default_factory=list)  # one message per bad file
    warnings: list[str] = field(default_factory=list)
    statistics: int = 0
    triples: int = 0
    outputs: list[Path] = field(default_factory=list)
    results: list[ArticleResult] = field(default_factory=list, repr=False)
    up_to_date: bool = False  # nothing changed: the outputs were left as they were

    @cached_property
    def entities(self) -> Counter[str]:
        """Distinct entities of the graph by class (counted when first asked for)."""
        distinct = set().union(*(unpack(r.entities) for r in self.results))
        return Counter(map(itemgetter(0), distinct))

    @cached_property
    def relations(self) -> Counter[str]:
        """Distinct relation triples of the graph by relation."""
        distinct = set().union(*(unpack(r.facts) for r in self.results))
        return Counter(map(itemgetter(0), distinct))


def build(
    paths: list[Path],
    out_dir: Path,
    *,
    progress: bool = True,
    html: bool = True,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    fresh: bool = False,
    store: str | None = None,
) -> BuildReport:
    """Extract every article under ``paths`` into ``out_dir/graph.ttl`` (+ html).

    Articles whose file did not change since the last build into ``out_dir``
    come from its cache; the others are extracted by ``executor`` ("local"
    with ``jobs`` processes, or "dask").  Outputs are replaced only when the
    new ones are complete.  The build holds ``out_dir``'s lock: a second
    build into it raises :class:`KgError` at once.  Ctrl-C raises
    :class:`~kg.errors.Interrupted`, which says what was kept.
    """
    report = BuildReport()
    files = find_articles(paths, report.skipped)  # missing paths are skipped with a warning
    check_out_folder(out_dir)
    created = not out_dir.exists()
    kept = _Kept(out_dir, report)
    try:
        with folder_lock(out_dir) as left_behind:  # a second build into out_dir stops here
            remove_debris(out_dir)  # what a killed build left half-written
            cache = BuildCache(out_dir)
            if left_behind:
                cache.remove_debris()
            return _build(report, kept, files, paths, out_dir, cache, html=html, jobs=jobs,
                          executor=executor, scheduler=scheduler, fresh=fresh, store=store,
                          progress=progress)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (kg.cli): say what was kept
        raise Interrupted(kept.message()) from None
    finally:
        if created:
            with suppress(OSError):
                out_dir.rmdir()  # a build that wrote nothing leaves no empty folder


class _Kept:
    """What an interrupted build leaves: the outputs' state, for the Ctrl-C message."""

    def __init__(self, out_dir: Path, report: BuildReport) -> None:
        self.out_dir, self.report = out_dir, report
        self.written: list[Path] = []  # the new outputs, once all are in place
        self.store = ""  # the store being written, after the outputs

    def message(self) -> str:
        if not self.written:
            done = self.report.extracted
            cached = (f"; the {done} article(s) extracted so far are cached and will not be "
                      "extracted again") if done else ""
            return f"the previous outputs in {printable(self.out_dir)} are untouched{cached}"
        names = ", ".join(printable(p) for p in self.written)
        store = f"; {self.store} was not written (rerun with --store)" if self.store else ""
        return f"the new outputs are complete ({names}){store}"


def _build(report: BuildReport, kept: _Kept, files: list[Path], paths: list[Path],
           out_dir: Path, cache: BuildCache, *, progress: bool, html: bool, jobs: int,
           executor: str, scheduler: str | None, fresh: bool, store: str | None) -> BuildReport:
    """:func:`build` holding the output folder's lock."""
    from kg.cache import article_key
    from kg.parallel import run_dask, run_local

    results: dict[int, ArticleResult] = {}
    tasks: list[tuple[int, str, str]] = []
    seen_ids: dict[str, Path] = {}
    for index, path in enumerate(files):
        problem = name_problem(path.name)
        if problem:
            report.skipped.append(f"{printable(path)}: {problem}; skipped")
            continue
        if path.name in seen_ids:
            report.skipped.append(f"{printable(path)}: same file name as "
                                  f"{printable(seen_ids[path.name])}; skipped")
            continue
        seen_ids[path.name] = path
        try:
            data = read_bytes(path)
        except ArticleError as exc:
            report.skipped.append(str(exc))
            continue
        key = article_key(path.name, data)
        cached = None if fresh else cache.get(key)
        if cached is not None:
            results[index] = cached
        else:
            tasks.append((index, str(path), key))

    bar = _progress(len(tasks), progress)
    work = [(path, key) for _, path, key in tasks]
    if executor == "dask":
        stream = run_dask(work, scheduler, jobs)
    else:
        stream = run_local(work, jobs, out_dir, progress)
    try:
        # iterate the stream to its end: the worker pool closes with it
        for (index, _, _), result in zip(tasks, stream, strict=True):
            bar.update(1)
            if result.error:
                report.skipped.append(result.error)  # the caller prints it, once
                continue
            if not result.stored:
                cache.put(result)
            result.fragment = result.view = b""
            results[index] = result
            report.extracted += 1
    except KgError:  # a worker died: it may have left a cache entry half-written
        stream.close()
        cache.remove_debris()
        raise
    finally:
        bar.close()
        stream.close()

    ordered = [results[i] for i in sorted(results)]
    if not ordered:
        reasons = "; ".join(report.skipped) or "no articles"
        raise KgError(f"nothing could be built: {reasons}")
    report.results = ordered
    for result in ordered:
        report.articles += 1
        report.statistics += result.statistics
        if result.warning:
            report.warnings.extend(result.warning.split("\n"))
    if not any(result.entities for result in ordered):
        reasons = "; ".join(report.skipped + report.warnings)
        raise KgError(f"nothing could be built: {reasons}")

    ttl, page = out_dir / "graph.ttl", out_dir / "graph.html"
    files = [ttl, page] if html else [ttl]
    title = "pa-kg: " + ", ".join(p.name for p in paths)
    stamp = _outputs_stamp(ordered, html, title)
    done = None if report.extracted or store else cache.current_outputs(stamp, files)
    if done is not None:  # nothing changed since these outputs were written
        report.outputs, report.up_to_date = files, True
        report.triples = done["triples"]
        report.warnings += done["warnings"]
        return report
    view_warnings: list[str] = []
    def committed() -> None:
        kept.written = files

    # all outputs are replaced together, or none
    with staged_outputs(out_dir, committed) as stage:
        _write_atomically(
            stage(ttl), lambda fh: assemble((cache.fragment_path(r.key) for r in ordered), fh)
        )
        report.outputs.append(ttl)
        report.outputs += write_texts(cache, ordered, out_dir, stage)  # texts of non-.txt sources
        if html:
            from kg.sources.crops import write_crops
            from kg.view.html import write_html

            data, whole, size = _view_data(cache, ordered, stage(ttl))
            if whole:  # the evidence panel shows the page of PDF and image sources
                folders, data.crops = write_crops(cache, ordered, out_dir, stage)
                report.outputs += folders
            if not whole:
                view_warnings.append(
                    "graph.html shows entities and relations only (the graph is large); "
                    "query the evidence with kg query or kg serve"
                )
            write_html(data, stage(page), title=title)
            report.outputs.append(page)
            report.triples = size
    report.warnings += view_warnings
    cache.prune({r.key for r in ordered}, report.extracted)
    cache.write_manifest(ordered)
    cache.record_outputs(stamp, files, triples=report.triples, warnings=view_warnings)
    if store:
        from kg.sparql.store import write_store

        target = out_dir / "graph.oxigraph"
        kept.store = printable(target)
        report.triples = write_store(ttl, target)
        report.outputs.append(target)
        kept.store = ""
    return report


def _outputs_stamp(results: list[ArticleResult], html: bool, title: str) -> str:
    """What the outputs are made of: the articles in order, the options and the view's code."""
    digest = hashlib.sha256(f"{html}\0{title}\0{VIEW_FULL_BYTES}\0".encode())
    digest.update("\n".join(r.key for r in results).encode())
    if html:
        package = Path(__file__).resolve().parent / "export"
        for source in sorted(package.rglob("*")):
            if source.is_file() and source.suffix in (".py", ".html", ".js", ".css"):
                digest.update(source.read_bytes())
    return digest.hexdigest()


def _write_atomically(path: Path, write) -> None:
    """Stream into a temporary file beside ``path``, then rename it over ``path``."""
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


#: above this size graph.ttl is read for the view without evidence and statistics
VIEW_FULL_BYTES = 25 * 1024 * 1024


def _view_data(cache: BuildCache, results: list[ArticleResult], ttl: Path
               ) -> tuple[Extract, bool, int]:
    """What the view shows, read without rdflib (which parses 30,000 triples a second).

    Up to :data:`VIEW_FULL_BYTES` graph.ttl is read whole by pyoxigraph; above
    it the view shows entities, names and relations only, merged from what
    each article's cache entry keeps of them
    (:func:`kg.graph.records.view_triples`), so a rebuild never parses the
    large graph again.  Returns the view data, whether it is whole, and its
    number of triples (0 if not whole).
    """
    import marshal

    from kg.graph.records import read_triples, view_triples
    from kg.graph.terms import Triples, oxigraph_triples, plain_triples

    if ttl.stat().st_size <= VIEW_FULL_BYTES:
        triples = Triples(oxigraph_triples(str(ttl)))
        return read_triples(triples, statistics=True), True, len(triples)
    triples = Triples()
    for result in results:
        try:
            rows = marshal.loads(cache.view(result.key))
        except (EOFError, ValueError, TypeError):  # an entry without them: from the fragment
            import pyoxigraph as ox

            path = cache.fragment_path(result.key)
            rows = view_triples(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        triples.add(plain_triples(rows))
    return read_triples(triples, statistics=False), False, 0


class _NoProgress:
    """What ``_progress`` gives when no bar is shown: tqdm is not even imported."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, enabled: bool):
    if not enabled or total < 2:
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc="extracting",
        unit="article",
        file=sys.stderr,
    )


def query(graph_path: Path, sparql: str):
    """Run a SPARQL query on a graph file; raises KgError with line and column."""
    graph = load_graph(graph_path)
    return run_query(graph, sparql)


def run_query(graph, sparql: str):
    from pyparsing import ParseException

    try:
        return graph.query(sparql)
    except ParseException as exc:
        raise KgError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
        ) from None
    except Exception as exc:  # evaluation errors: unknown prefix, bad function...
        raise KgError(f"SPARQL error: {exc}") from None


def validate(graph_path: Path) -> tuple[bool, str]:
    from kg.graph.shacl import validate as shacl_validate

    return shacl_validate(load_graph(graph_path))
