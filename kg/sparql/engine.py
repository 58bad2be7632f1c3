"""Run SPARQL on a graph file or an Oxigraph store, and serialise the answers.

Two engines answer the same queries:

* ``memory``: rdflib's in-memory graph (the engine ``kg query`` always had);
* ``oxigraph``: pyoxigraph, either a persistent store directory written by
  :func:`kg.sparql.store.write_store` or a graph file loaded into an
  in-memory Oxigraph store.

:func:`open_source` picks one; :meth:`Source.execute` returns an
:class:`~kg.sparql.answer.Answer` that the command line prints and the
server writes straight in the media type asked for.  Queries may use the project's prefixes
without declaring them; errors become :class:`KgError` with line and column.

Both engines see a graph file as the same dataset: a default graph that is
the union of everything, and one named graph per article (a TriG or N-Quads
file brings its own; for a graph file they are derived when a query first
names a graph, so that other queries never wait for them).  A query's
``FROM`` / ``FROM NAMED`` select from those graphs, and a :class:`DatasetSpec`
(the protocol's ``default-graph-uri`` / ``named-graph-uri``) overrides the
query's own clauses, as SPARQL 1.1 Protocol §2.1.4 says.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.sparql import guard
from kg.sparql.dataset import (
    DatasetSpec,
    memory_dataset,
    merged_dataset,
    names_graphs,
    own_graphs,
    query_dataset,
    rdflib_dataset_clause,
)
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from kg.sparql.answer import Answer

__all__ = ["DatasetSpec", "Source", "open_source", "with_prefixes"]

#: engines for ``--store``; "auto" is a store directory's Oxigraph, else DEFAULT_STORE
STORES = ("auto", "memory", "oxigraph")
#: the engine for graph files.  bench/sparql_bench.py, one run: Oxigraph answered the saved
#: questions 21x faster than rdflib (geometric mean) on the corpus graph and 24x on 1M
#: triples, and loads a file 10x faster; rdflib stays available as --store memory
DEFAULT_STORE = "oxigraph"

_OX_SYNTAX = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def with_prefixes(sparql: str) -> str:
    """Prepend the project's prefixes that the query uses but does not declare.

    For engines that cannot be given prefixes (remote stores); local engines
    get them as parameters.  The declarations share the query's first line,
    so that the line numbers of a remote store's errors stay the user's.
    """
    declared = sparql.upper()
    decls = [
        f"PREFIX {p}: <{iri}>"
        for p, iri in PREFIXES.items()
        if f"{p}:" in sparql and f"PREFIX {p.upper()}:" not in declared
    ]
    return " ".join(decls + [sparql])


def ox_syntax_error(exc: Exception, sparql: str = "") -> KgError:
    """pyoxigraph's ``error at 2:12: expected …`` as the project's one-line message."""
    text = str(exc).strip()
    m = _OX_SYNTAX.match(text)
    if not m:
        return KgError(f"SPARQL syntax error: {_short(text)}")
    line, col, msg = m.groups()
    return syntax_error(sparql, int(line), int(col), msg)


def syntax_error(sparql: str, line: int, col: int, msg: str) -> KgError:
    """``SPARQL syntax error at line L, column C: what was expected (near 'text')``."""
    lines = sparql.splitlines()
    near = lines[line - 1][max(col - 1, 0) :][:20].strip() if 0 < line <= len(lines) else ""
    where = f" (near {near!r})" if near else ""
    return KgError(f"SPARQL syntax error at line {line}, column {col}: {_short(msg, 120)}{where}")


def _locate(sparql: str) -> KgError | None:
    """rdflib's parser on a query Oxigraph rejected: it points at the start of the bad
    construct, where Oxigraph's parser often points at the end of the text."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except ParseException as exc:
        return syntax_error(sparql, exc.lineno, exc.col, exc.msg)
    except Exception:  # rdflib fails differently: keep Oxigraph's message
        return None
    return None


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Source:
    """A graph that answers SPARQL: rdflib's memory graph or an Oxigraph store."""

    engine = ""

    def __init__(self, path: Path, backend, *, allow_service: bool = False) -> None:
        self.path = path
        self.backend = backend
        self.allow_service = allow_service  # SERVICE clauses may call other endpoints
        self._size: int | None = None

    def refuse(self, sparql: str) -> None:
        """Raise guard.QueryRefused for a SERVICE clause (unless allowed), by structure."""
        guard.check(sparql, self.engine, allow_service=self.allow_service)

    def execute(
        self, sparql: str, dataset: DatasetSpec | None = None, base: str | None = None
    ) -> Answer:
        """Run ``sparql`` on the whole graph, or on ``dataset``; relative IRIs in the
        query resolve against ``base`` (the endpoint's URL; else the graph file's)."""
        raise NotImplementedError

    def base_iri(self, base: str | None) -> str:
        return base or Path(self.path).resolve().as_uri()

    def __len__(self) -> int:
        if self._size is None:
            self._size = self._count()
        return self._size

    def _count(self) -> int:
        return len(self.backend)

    def describe(self) -> str:
        return f"{self.path} ({len(self)} triples, {self.engine})"


class MemorySource(Source):
    """rdflib on an rdflib ``Dataset`` of the project's shape (default graph the union)."""

    engine = "memory"

    def _count(self) -> int:
        return len(self.backend.default_graph)

    def execute(
        self, sparql: str, dataset: DatasetSpec | None = None, base: str | None = None
    ) -> Answer:
        from pyparsing import ParseException
        from rdflib.plugins.sparql import prepareQuery

        from kg.sparql.answer import Answer

        self.refuse(sparql)
        try:
            query = prepareQuery(sparql, initNs=PREFIXES, base=self.base_iri(base))
            if dataset is not None:
                query.algebra.datasetClause = rdflib_dataset_clause(dataset)
            result = self.backend.query(query)
            form = "GRAPH" if result.type in ("CONSTRUCT", "DESCRIBE") else result.type
            if form == "SELECT":
                result.bindings  # noqa: B018  evaluate now, so that errors surface here
            return Answer(form, result, self.engine)
        except ParseException as exc:
            if guard.is_update(sparql):
                raise guard.QueryRefused(guard.READ_ONLY) from None
            raise syntax_error(sparql, exc.lineno, exc.col, exc.msg) from None
        except KgError:
            raise
        except Exception as exc:  # evaluation errors: unknown prefix, bad function...
            raise KgError(f"SPARQL error: {_short(str(exc))}") from None


class OxigraphSource(Source):
    """pyoxigraph on a store of the project's shape (or, for a store written another
    way, with the union of its graphs as the default graph)."""

    engine = "oxigraph"

    def __init__(self, path: Path, backend, *, derive_articles: bool = False,
                 allow_service: bool = False) -> None:
        from kg.sparql.store import default_is_union

        super().__init__(path, backend, allow_service=allow_service)
        self.union = not default_is_union(backend)
        # a graph file's article graphs, derived when a query first names a graph
        self.articles_pending = derive_articles and next(iter(backend.named_graphs()), None) is None

    def _article_graphs(self, sparql: str, dataset: DatasetSpec | None) -> None:
        if self.articles_pending and (dataset is not None or names_graphs(sparql)):
            from kg.export.rdf import add_article_graphs

            add_article_graphs(self.backend)
            self.articles_pending = False

    def _count(self) -> int:
        from kg.sparql.store import triple_count

        return triple_count(self.backend)

    def dataset_options(self, dataset: DatasetSpec | None) -> dict:
        """pyoxigraph's ``query`` arguments for a protocol dataset (or for none)."""
        import pyoxigraph as ox

        if dataset is None:
            return {"use_default_graph_as_union": True} if self.union else {}
        return {
            "default_graph": [ox.NamedNode(iri) for iri in dataset.default],
            "named_graphs": [ox.NamedNode(iri) for iri in dataset.named],
        }

    def execute(
        self, sparql: str, dataset: DatasetSpec | None = None, base: str | None = None
    ) -> Answer:
        import pyoxigraph as ox

        from kg.sparql.answer import Answer

        self.refuse(sparql)
        self._article_graphs(sparql, dataset)
        backend, options = self.backend, self.dataset_options(dataset)
        try:
            merge = query_dataset(sparql) if dataset is None else dataset
            if merge is not None and len(merge.default) > 1:  # SPARQL's merge: each triple once
                backend, options = merged_dataset(self.backend, merge), own_graphs(merge)
            result = backend.query(
                sparql, prefixes=PREFIXES, base_iri=self.base_iri(base), **options
            )
        except SyntaxError as exc:
            if guard.is_update(sparql):
                raise guard.QueryRefused(guard.READ_ONLY) from None
            raise _locate(sparql) or ox_syntax_error(exc, sparql) from None
        except (OSError, ValueError, TypeError) as exc:
            raise KgError(f"SPARQL error: {_short(str(exc))}") from None
        if isinstance(result, ox.QuerySolutions):
            return Answer("SELECT", result, self.engine)
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", result, self.engine)
        return Answer("GRAPH", result, self.engine)


def open_source(path: Path, store: str = "auto", *, allow_service: bool = False) -> Source:
    """The graph at ``path`` (a graph file or an Oxigraph store directory), ready to query.

    SERVICE clauses are refused unless ``allow_service`` (kg query/serve --allow-service).
    """
    from kg.graph.open import open_graph
    from kg.sparql.store import is_store

    path = Path(path)
    if store not in STORES:
        raise KgError(f"unknown store {store!r}; choose one of {', '.join(STORES)}")
    if store == "memory" and is_store(path):
        raise KgError(f"{path} is an Oxigraph store: rdflib's engine cannot read it")
    graph = open_graph(path)
    if graph.folder:
        return OxigraphSource(path, graph.store, allow_service=allow_service)
    engine = DEFAULT_STORE if store == "auto" else store
    if engine == "memory":
        from rdflib.plugins import sparql as rdflib_sparql

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> must not fetch the web
        return MemorySource(path, memory_dataset(graph.store), allow_service=allow_service)
    return OxigraphSource(path, graph.store, derive_articles=True, allow_service=allow_service)
