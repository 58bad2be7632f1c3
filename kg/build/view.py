"""The build's view step: graph.html from the articles just merged.

The view is drawn from what the build already has, never from rdflib (which
parses 30,000 triples a second): up to :data:`VIEW_FULL_BYTES` the staged
graph.ttl is read whole by pyoxigraph; above it the view shows entities,
names and relations only, merged from what each article's cache entry keeps
of them (:func:`kg.graph.records.view_triples`), so a rebuild never parses
the large graph again.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path

from kg.build.cache import ArticleResult, BuildCache

#: above this size graph.ttl is read for the view without evidence and statistics
VIEW_FULL_BYTES = 25 * 1024 * 1024


def write_view(cache: BuildCache, results: list[ArticleResult], out_dir: Path,
               stage: Callable[[Path], Path], title: str) -> tuple[int, bool, list[Path]]:
    """Stage the view of ``results`` (merged into ``out_dir/graph.ttl``) as graph.html.

    Returns the graph's number of triples (0 when not read whole), whether the
    view is whole, and the folders it wrote beside the page (the crops of the
    scanned or printed pages its evidence panel shows, for a whole view).
    """
    from kg.graph.records import read_triples, view_triples
    from kg.graph.terms import Triples, oxigraph_triples, plain_triples
    from kg.sources.crops import write_crops
    from kg.view.html import write_html

    ttl, page = stage(out_dir / "graph.ttl"), stage(out_dir / "graph.html")
    if ttl.stat().st_size <= VIEW_FULL_BYTES:
        triples = Triples(oxigraph_triples(str(ttl)))
        data = read_triples(triples, statistics=True)
        folders, data.crops = write_crops(cache, results, out_dir, stage)
        write_html(data, page, title=title)
        return len(triples), True, folders
    triples = Triples()
    for result in results:
        try:
            rows = marshal.loads(cache.view(result.key))
        except (EOFError, ValueError, TypeError):  # an entry without them: from the fragment
            import pyoxigraph as ox

            path = cache.fragment_path(result.key)
            rows = view_triples(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        triples.add(plain_triples(rows))
    write_html(read_triples(triples, statistics=False), page, title=title)
    return 0, False, []


def outputs_stamp(results: list[ArticleResult], html: bool, title: str) -> str:
    """What the outputs are made of: the articles in order, the options and the view's code."""
    digest = hashlib.sha256(f"{html}\0{title}\0{VIEW_FULL_BYTES}\0".encode())
    digest.update("\n".join(r.key for r in results).encode())
    if html:
        from kg.view import html as view_module

        package = Path(view_module.__file__).resolve().parent
        for source in sorted(package.rglob("*")):
            if source.is_file() and source.suffix in (".py", ".html", ".js", ".css"):
                digest.update(source.read_bytes())
    return digest.hexdigest()
