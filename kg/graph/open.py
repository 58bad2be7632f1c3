"""The one way to read a graph: :func:`open_graph` of a graph file or a store folder.

Every command that reads a graph (view, analyze, validate, path, query,
serve, export, push) opens it here, so each accepts what ``kg build``
writes: ``graph.ttl``, any RDF syntax ``kg export`` writes (chosen by the
file's suffix), and the Oxigraph store folder ``graph.oxigraph``.

A file is parsed by pyoxigraph into an in-memory store (ten times rdflib's
parser) whose default graph holds every triple once: a TriG or N-Quads
file's named graphs are copied into it and kept too.  A store folder is
opened read-only, so that several readers can share it.  Problems are one
line naming the file, and for a syntax error the line and column.

:meth:`OpenGraph.triples` streams the graph's triples (each once),
:meth:`OpenGraph.rdflib` gives an rdflib ``Graph`` for the code that wants
one (pySHACL, networkx conversion); :attr:`OpenGraph.store` is the
pyoxigraph store itself, for SPARQL.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kg.errors import KgError, printable

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph


class OpenGraph:
    """A graph opened by :func:`open_graph`: its path and its pyoxigraph store."""

    def __init__(self, path: Path, store: ox.Store, *, folder: bool) -> None:
        self.path = path
        self.store = store
        self.folder = folder  # a persistent store folder (read-only), not a file

    def triples(self) -> Iterator[ox.Triple]:
        """The graph's triples, each once (the union of a store's graphs)."""
        import pyoxigraph as ox

        from kg.sparql.store import default_is_union

        if default_is_union(self.store):
            for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
                yield quad.triple
            return
        seen = set()  # a store written elsewhere: a triple may sit in several named graphs
        for quad in self.store.quads_for_pattern(None, None, None, None):
            if quad.triple not in seen:
                seen.add(quad.triple)
                yield quad.triple

    def write_ntriples(self, output: IO[bytes]) -> int:
        """The graph as N-Triples into the binary file ``output``; returns its triple count."""
        import pyoxigraph as ox

        count = 0

        def counted() -> Iterator[ox.Triple]:
            nonlocal count
            for triple in self.triples():
                count += 1
                yield triple

        ox.serialize(counted(), output, format=ox.RdfFormat.N_TRIPLES)
        return count

    def rdflib(self) -> Graph:
        """The graph as an rdflib ``Graph`` (through N-Triples, rdflib's fastest parser)."""
        import io

        from rdflib import Graph

        buffer = io.BytesIO()
        self.write_ntriples(buffer)
        graph = Graph()
        graph.parse(data=buffer.getvalue(), format="nt")
        return graph

    def __len__(self) -> int:
        from kg.sparql.store import triple_count

        return triple_count(self.store)


def open_graph(path: Path) -> OpenGraph:
    """Open the graph file or Oxigraph store folder at ``path``; :class:`KgError` if it is none.

    The error names the file and says what is wrong: missing, a folder that
    is not a store, not a regular file, unreadable, empty, or broken at a
    line and column.
    """
    from kg.sparql.store import is_store, open_store

    path = Path(path)
    shown = printable(path)
    if is_store(path):
        return OpenGraph(path, open_store(path), folder=True)
    if path.is_dir():
        raise KgError(f"{shown}: is a folder, not a graph file and not an Oxigraph store")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise KgError(f"{shown}: no such graph file") from None
    except OSError as exc:
        raise KgError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):  # a FIFO would block the parser
        raise KgError(f"{shown}: not a regular file")
    return OpenGraph(path, _load_file(path), folder=False)


def _load_file(path: Path) -> ox.Store:
    """A graph file parsed into an in-memory store whose default graph is the union."""
    import pyoxigraph as ox

    from kg.sparql.store import rdf_format, union_into_default

    fmt = rdf_format(path)
    store = ox.Store()
    try:
        store.load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
    except SyntaxError as exc:
        raise KgError(f"{printable(path)}: {_syntax_problem(exc, fmt)}") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise KgError(f"{printable(path)}: cannot be read ({reason})") from None
    if len(store) == 0:
        raise KgError(f"{printable(path)}: the graph is empty")
    union_into_default(store)
    return store


#: where pyoxigraph says a file is broken: "at line 4 column 1", "at line 4 between columns
#: 1 and 9", "between line 2 column 53 and line 3 column 1" (the first place is given)
_WHERE = re.compile(
    r"(?:Parser error )?(?:at|between) line (\d+) "
    r"(?:column (\d+)|between columns (\d+) and \d+)(?: and line \d+ column \d+)?: (.*)", re.S
)
#: what to do about the commonest problems
_HINTS = (("Unexpected end", "the file is cut short?"),
          ("has not been declared", "declare it with an @prefix line"))


def _syntax_problem(exc: SyntaxError, fmt) -> str:
    """Where and why the file is broken, in one line (``line 4, column 1: …``)."""
    what = f"not a readable {fmt.name.lower()} graph"
    text = " ".join(str(exc.msg or exc).split())
    found = _WHERE.match(text)
    if not found:
        return printable(f"{what}: {text}")
    line, col, problem = found[1], found[2] or found[3], found[4]
    hint = next((f" ({h})" for key, h in _HINTS if key in problem), "")
    problem = problem[:1].lower() + problem[1:]
    return printable(f"{what}: line {line}, column {col}: {problem}{hint}")
