"""The build: article files in, graph.ttl, graph.html (and a store) out.

* :mod:`kg.build.run`: :func:`build`, the one entry (``kg build`` calls it);
* :mod:`kg.build.steps`: the named steps it runs, each testable alone;
* :mod:`kg.build.runners`: where extraction runs (this process, worker
  processes, a Dask cluster);
* :mod:`kg.build.cache`: the incremental cache, one entry per article;
* :mod:`kg.build.view`: the view step (graph.html from what the build has).

``build`` and ``BuildReport`` are loaded when first asked for, so that the
stages can import :mod:`kg.build.cache` without loading the whole build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.build.run import build
    from kg.build.steps import BuildReport

__all__ = ["build", "BuildReport"]


def __getattr__(name: str):
    if name == "build":
        from kg.build.run import build

        return build
    if name == "BuildReport":
        from kg.build.steps import BuildReport

        return BuildReport
    raise AttributeError(f"module 'kg.build' has no attribute {name!r}")
