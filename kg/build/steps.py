"""The steps of a build, each a function of what the step before gave.

:func:`kg.build.build` runs them in order, holding the output folder's lock:

1. :func:`list_sources`: the article files under the paths, bad names and
   duplicates skipped with a message;
2. :func:`fingerprint`: each file read and hashed once, into a :class:`Source`
   whose key names its cache entry;
3. :func:`extract`: what the cache does not hold is extracted by a runner
   (kg/build/runners.py), with the progress reported and a failed article
   skipped with its message;
4. :func:`merge` then :func:`write_outputs`: the articles' fragments merged into
   graph.ttl, staged with the texts and the view (kg/build/view.py) and put in
   place together;
5. :func:`record`: the cache pruned, the manifest and the outputs' stamp
   written.

The optional persistent store is written last (:func:`write_store`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path

from kg.build.cache import ArticleResult, BuildCache, article_key, content_hash, unpack
from kg.errors import ArticleError, KgError, printable
from kg.extract.read import find_articles, name_problem, read_bytes
from kg.reporter import Reporter

#: at most this many bytes of articles are kept between reading and extracting them;
#: beyond it an article's worker reads its file again (a corpus of scans would not fit)
KEEP_BYTES = 256 * 1024 * 1024


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


@dataclass
class Source:
    """One article file, read: where it is in the input order, its key, its bytes."""

    index: int
    path: Path
    digest: str  # sha256 of the bytes, as the graph records it (pa:contentHash)
    key: str  # the cache entry's name: the file name and the digest
    data: bytes | None  # None once the bytes are let go (KEEP_BYTES), or not needed


def list_sources(paths: list[Path], skipped: list[str]) -> list[Path]:
    """The article files under ``paths``, in order; what cannot be one goes to ``skipped``."""
    files = find_articles(paths, skipped)  # missing paths are skipped with a warning
    seen: dict[str, Path] = {}
    kept = []
    for path in files:
        problem = name_problem(path.name)
        if problem:
            skipped.append(f"{printable(path)}: {problem}; skipped")
        elif path.name in seen:  # the name is part of the article's IRIs
            skipped.append(f"{printable(path)}: same file name as "
                           f"{printable(seen[path.name])}; skipped")
        else:
            seen[path.name] = path
            kept.append(path)
    return kept


def fingerprint(files: list[Path], skipped: list[str], keep_bytes: int = KEEP_BYTES
                ) -> list[Source]:
    """Read and hash each file once; an unreadable one goes to ``skipped``.

    The bytes stay in the :class:`Source` for the extraction, up to
    ``keep_bytes`` in all.
    """
    sources = []
    kept = 0
    for index, path in enumerate(files):
        try:
            data = read_bytes(path)
        except ArticleError as exc:
            skipped.append(str(exc))
            continue
        digest = content_hash(data)
        kept += len(data)
        sources.append(Source(index, path, digest, article_key(path.name, digest),
                              data if kept <= keep_bytes else None))
    return sources


#: what runs the extraction: tasks (path, key, bytes, digest) in, results out in order
Runner = Callable[[list[tuple]], Iterator[ArticleResult]]


def extract(sources: list[Source], cache: BuildCache, runner: Runner, report: BuildReport,
            reporter: Reporter, *, fresh: bool = False) -> list[ArticleResult]:
    """Each source's result, from the cache or extracted by ``runner``, in input order.

    A result with an error goes to ``report.skipped``; the others are cached
    (unless the worker did it) and counted in ``report.extracted``.  A runner
    that fails (a worker died) leaves no half-written cache entry behind.
    """
    results: dict[int, ArticleResult] = {}
    todo: list[Source] = []
    for source in sources:
        cached = None if fresh else cache.get(source.key)
        if cached is not None:
            results[source.index] = cached
        else:
            todo.append(source)
    tasks = [(str(s.path), s.key, s.data, s.digest) for s in todo]
    for source in sources:
        source.data = None  # the tasks hold the bytes now, until they are extracted
    bar = reporter.progress("extracting", len(tasks), "article")
    stream = runner(tasks)
    try:
        # iterate the stream to its end: the worker pool closes with it
        for source, result in zip(todo, stream, strict=True):
            bar.update(1)
            if result.error:
                report.skipped.append(result.error)  # the caller prints it, once
                continue
            if not result.stored:
                cache.put(result)
            result.fragment = result.view = b""
            results[source.index] = result
            report.extracted += 1
    except KgError:  # a worker died: it may have left a cache entry half-written
        stream.close()
        cache.remove_debris()
        raise
    finally:
        bar.close()
        stream.close()
    return [results[i] for i in sorted(results)]


def merge(results: list[ArticleResult], report: BuildReport) -> None:
    """Count what the articles hold; refuse a build with nothing to show."""
    if not results:
        reasons = "; ".join(report.skipped) or "no articles"
        raise KgError(f"nothing could be built: {reasons}")
    report.results = results
    for result in results:
        report.articles += 1
        report.statistics += result.statistics
        if result.warning:
            report.warnings.extend(result.warning.split("\n"))
    if not any(result.entities for result in results):
        reasons = "; ".join(report.skipped + report.warnings)
        raise KgError(f"nothing could be built: {reasons}")


def write_outputs(out_dir: Path, cache: BuildCache, results: list[ArticleResult],
                  report: BuildReport, *, title: str, html: bool,
                  committed: Callable[[], None]) -> list[str]:
    """graph.ttl, the source texts and graph.html, staged and put in place together.

    Returns the view's warnings (kept with the outputs' record, so that an
    up-to-date rebuild repeats them).
    """
    from kg.build.view import write_view
    from kg.graph.write import assemble
    from kg.io import staged_outputs, write_stream
    from kg.sources.texts import write_texts

    ttl = out_dir / "graph.ttl"
    warnings: list[str] = []
    with staged_outputs(out_dir, committed) as stage:
        write_stream(stage(ttl), lambda fh: assemble((cache.fragment_path(r.key)
                                                      for r in results), fh))
        report.outputs.append(ttl)
        report.outputs += write_texts(cache, results, out_dir, stage)  # texts of non-.txt sources
        if html:
            page = out_dir / "graph.html"
            report.triples, whole, folders = write_view(cache, results, out_dir, stage, title)
            report.outputs += folders
            if not whole:
                warnings.append(
                    "graph.html shows entities and relations only (the graph is large); "
                    "query the evidence with kg query or kg serve"
                )
            report.outputs.append(page)
    report.warnings += warnings
    return warnings


def record(cache: BuildCache, results: list[ArticleResult], report: BuildReport,
           stamp: str, files: list[Path], view_warnings: list[str]) -> None:
    """Prune the cache to these articles; write the manifest and the outputs' record."""
    cache.prune({r.key for r in results}, report.extracted)
    cache.write_manifest(results)
    cache.record_outputs(stamp, files, triples=report.triples, warnings=view_warnings)


def write_store(out_dir: Path, report: BuildReport) -> Path:
    """graph.ttl loaded into the persistent Oxigraph store ``graph.oxigraph`` beside it."""
    from kg.sparql.store import write_store as write

    target = out_dir / "graph.oxigraph"
    report.triples = write(out_dir / "graph.ttl", target)
    report.outputs.append(target)
    return target
