"""Persistent Oxigraph stores: write a graph into one, open it, tell it from a graph file.

A store is a directory that pyoxigraph (RocksDB) owns; ``oxigraph serve
--location DIR`` serves the same directory.  :func:`write_store` builds the
new store in a temporary sibling directory and renames it into place, so a
reader sees the old store or the new one, never a half-written one.

A graph loaded for queries is a dataset whose default graph holds every
triple, once (:func:`kg.graph.open.open_graph` copies a TriG or N-Quads file's
named graphs into it): a query that names no dataset reads the union.  Article graphs
(``FROM <article>``, ``GRAPH ?g``) come with a dataset file, or are derived
from a graph file when a query first needs them
(:func:`kg.export.rdf.add_article_graphs`).  A persistent store holds what
it was written from: graph.ttl gives one default graph.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from pathlib import Path

from kg.errors import KgError
from kg.export.formats import by_suffix
from kg.graph.terms import rdflib_to_ox

_BATCH = 50_000


def is_store(path: Path) -> bool:
    """True for a directory that holds an Oxigraph (RocksDB) store."""
    path = Path(path)
    return path.is_dir() and (path / "CURRENT").is_file()


def _need_pyoxigraph():
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - a core dependency
        raise KgError("the Oxigraph store needs pyoxigraph: pip install pyoxigraph") from None
    return pyoxigraph


def ox_term(term):
    """An rdflib term as a pyoxigraph term (:func:`kg.graph.terms.rdflib_to_ox`)."""
    _need_pyoxigraph()
    return rdflib_to_ox(term)


def to_quads(graph, graph_name=None):
    """rdflib triples as pyoxigraph quads (of the default graph unless ``graph_name``)."""
    ox = _need_pyoxigraph()
    name = ox.DefaultGraph() if graph_name is None else ox_term(graph_name)
    for s, p, o in graph:
        yield ox.Quad(ox_term(s), ox_term(p), ox_term(o), name)


def write_store(graph, directory: Path) -> int:
    """Write a graph into a new persistent store at ``directory``; return its size.

    ``graph`` is an rdflib Graph or the path of a graph file (Turtle, N-Triples,
    TriG, N-Quads, JSON-LD, RDF/XML; loaded by Oxigraph's own parsers, the
    fast way for ``kg build``'s graph.ttl).  An existing store there is
    replaced only once the new one is complete; a directory that is not a
    store is never touched.
    """
    ox = _need_pyoxigraph()
    directory = Path(directory)
    if (
        directory.exists()
        and not is_store(directory)
        and (not directory.is_dir() or any(directory.iterdir()))
    ):
        raise KgError(f"{directory} exists and is not an Oxigraph store; not replacing it")
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}.", suffix=".tmp"))
    try:
        store = ox.Store(str(tmp))
        if isinstance(graph, (str, os.PathLike)):
            _bulk_load_file(store, Path(graph))
        elif hasattr(graph, "serialize"):  # rdflib's N-Triples writer beats converting terms
            with tempfile.TemporaryFile(dir=directory.parent) as nt:
                graph.serialize(destination=nt, format="nt", encoding="utf-8")
                nt.seek(0)
                store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
        else:
            batch = []
            for quad in to_quads(graph):
                batch.append(quad)
                if len(batch) >= _BATCH:
                    store.bulk_extend(batch)
                    batch = []
            store.bulk_extend(batch)
        store.flush()
        store.optimize()
        size = triple_count(store)
        del store  # closes RocksDB before the directory moves
        gc.collect()
        _swap_into_place(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return size


def _bulk_load_file(store, path: Path) -> None:
    if not path.is_file():
        raise KgError(f"{path}: no such graph file")
    fmt = rdf_format(path)
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise KgError(f"{path}: not a readable {fmt.name} graph ({first})") from None


def _swap_into_place(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an old ``target`` is moved aside first, then removed."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def open_store(directory: Path, *, read_only: bool = True):
    """Open a persistent store; read-only by default, so several processes can share it."""
    ox = _need_pyoxigraph()
    directory = Path(directory)
    if not is_store(directory):
        raise KgError(f"{directory}: not an Oxigraph store")
    try:
        return ox.Store.read_only(str(directory)) if read_only else ox.Store(str(directory))
    except OSError as exc:
        raise KgError(f"{directory}: cannot open the Oxigraph store ({exc})") from None


def rdf_format(path: Path):
    """pyoxigraph's RdfFormat for a graph file, from its suffix (Turtle when unknown)."""
    ox = _need_pyoxigraph()
    return getattr(ox.RdfFormat, by_suffix(Path(path).suffix).oxigraph)


def union_into_default(store) -> None:
    """Copy a dataset's named graphs into its default graph (nothing to do without any),
    so that the default graph is the union SPARQL's merge gives, each triple once, and
    the named graphs (TriG's one per article) stay for ``FROM`` and ``GRAPH``.

    In memory only: the copy is an update, and an update of a RocksDB store is slow.
    """
    if next(iter(store.named_graphs()), None) is not None:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def default_is_union(store) -> bool:
    """True when the default graph holds the named graphs' triples (every store that
    :func:`write_store` wrote does); False for a store written another way, which
    must then be queried with the union of its graphs as the default graph."""
    ox = _need_pyoxigraph()
    name = next(iter(store.named_graphs()), None)
    if name is None:
        return True
    quad = next(iter(store.quads_for_pattern(None, None, None, name)), None)
    return quad is None or ox.Quad(*quad.triple, ox.DefaultGraph()) in store


def triple_count(store) -> int:
    """How many distinct triples the store's graph has (its union, each triple once)."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    if default_is_union(store):
        rows = store.query(query)
    else:
        query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
        rows = store.query(query, use_default_graph_as_union=True)
    return int(next(iter(rows))["n"].value)
