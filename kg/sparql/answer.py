"""The answer to one query, written straight in the media type asked for, or read as text.

Oxigraph evaluates a query as its answer is written, so :meth:`Answer.serialize`
writes Oxigraph's payload in the requested type itself: a CSV answer is
written as CSV, never as JSON first.  (A second, other type asked of the same
answer, which only tests do, is converted from the first.)  ``kg query``
prints from :meth:`Answer.table`, :meth:`Answer.boolean` and
:meth:`Answer.turtle`, which read Oxigraph's terms as they are: rdflib is not
imported on that path.  An rdflib payload (``--store memory``) is written by
rdflib as SPARQL JSON or N-Triples and converted from there.
"""

from __future__ import annotations

from kg.errors import KgError
from kg.export.formats import ALIASES, GRAPH_TYPES, RESULT_TYPES
from kg.sparql.engine import _short
from kg.vocab import PREFIXES

#: what the rdflib engine writes itself; other types are converted from it
_CANONICAL = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "GRAPH": "application/n-triples",
}


class Answer:
    """The answer to one query, from either engine (or a remote store, read by Oxigraph).

    ``form`` is "SELECT", "ASK" or "GRAPH" (CONSTRUCT/DESCRIBE); ``payload`` an
    rdflib ``Result`` (engine "memory") or a pyoxigraph result: solutions, a
    boolean, or triples (engine "oxigraph").
    """

    def __init__(self, form: str, payload, engine: str) -> None:
        self.form = form
        self.payload = payload
        self.engine = engine
        self._written: dict[str, bytes] = {}  # media type -> bytes, once evaluated

    @property
    def media_types(self) -> dict[str, str]:
        return GRAPH_TYPES if self.form == "GRAPH" else RESULT_TYPES

    def serialize(self, media_type: str) -> bytes:
        """The answer as bytes of ``media_type`` (a key of RESULT_TYPES or GRAPH_TYPES)."""
        media_type = ALIASES.get(media_type, media_type)
        if media_type not in self.media_types:
            raise KgError(f"a {self.form} answer cannot be sent as {media_type}")
        if media_type not in self._written:
            if self._written:  # evaluated already: convert what was written
                first, data = next(iter(self._written.items()))
                if first == "text/csv":
                    raise KgError("this answer was written as CSV, which cannot be read "
                                  "back; run the query again for another type")
                self._written[media_type] = _convert(self.form, data, first, media_type)
            elif self.engine == "memory" and media_type != _CANONICAL[self.form]:
                self._written[media_type] = _convert(self.form, self.canonical(),
                                                     _CANONICAL[self.form], media_type)
            else:
                self._written[media_type] = _evaluated(lambda: self._write(media_type))
        return self._written[media_type]

    def canonical(self) -> bytes:
        """SPARQL JSON results, or N-Triples for a graph."""
        return self.serialize(_CANONICAL[self.form])

    def _write(self, media_type: str) -> bytes:
        import pyoxigraph as ox

        if self.engine == "memory":  # the canonical type: rdflib's own writers
            if self.form == "GRAPH":
                return self.payload.graph.serialize(format="nt", encoding="utf-8")
            return self.payload.serialize(format="json")
        if self.form == "GRAPH":
            fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media_type])
            return ox.serialize(self.payload, format=fmt, prefixes=PREFIXES)
        return self.payload.serialize(format=getattr(ox.QueryResultsFormat,
                                                     RESULT_TYPES[media_type]))

    # ------------------------------------------------------------ for printing

    def boolean(self) -> bool:
        """An ASK answer."""
        if self.engine == "memory":
            return bool(self.payload.askAnswer)
        return bool(self.payload)

    def table(self) -> tuple[list[str], list[list[str]]]:
        """A SELECT answer's variable names and rows, each term as its text ("" if unbound)."""

        def evaluate():
            if self.engine == "memory":
                names = [str(v) for v in self.payload.vars]
                return names, [["" if t is None else str(t) for t in row] for row in self.payload]
            variables = self.payload.variables
            rows = [["" if s[v] is None else _text(s[v]) for v in variables]
                    for s in self.payload]
            return [v.value for v in variables], rows

        return _evaluated(evaluate)

    def turtle(self) -> bytes:
        """A graph answer as Turtle with the project's prefixes, its triples in sorted order."""
        import pyoxigraph as ox

        def evaluate():
            if self.engine == "memory" or self._written:  # from what was written
                triples = ox.parse(self.canonical(), format=ox.RdfFormat.N_TRIPLES)
            else:
                triples = self.payload
            ordered = sorted(triples, key=str)
            return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)

        return _evaluated(evaluate)


def _text(term) -> str:
    """An Oxigraph term as text: an IRI, a literal's lexical form, a blank node's id."""
    return str(term) if hasattr(term, "subject") else term.value  # a quoted triple as written


def _evaluated(run):
    """``run()``, whose errors (a query fails while its answer is read) become KgError."""
    try:
        return run()
    except KgError:
        raise
    except Exception as exc:  # evaluation is lazy in both engines
        raise KgError(f"SPARQL error: {_short(str(exc))}") from None


def _convert(form: str, data: bytes, source: str, target: str) -> bytes:
    """Serialised answer bytes of media type ``source`` rewritten as ``target``."""
    import pyoxigraph as ox

    if form == "GRAPH":
        triples = ox.parse(data, format=getattr(ox.RdfFormat, GRAPH_TYPES[source]))
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[target])
        return ox.serialize(triples, format=fmt, prefixes=PREFIXES)
    results = ox.parse_query_results(data, format=getattr(ox.QueryResultsFormat,
                                                          RESULT_TYPES[source]))
    return results.serialize(format=getattr(ox.QueryResultsFormat, RESULT_TYPES[target]))


def read_answer(data: bytes, media_type: str) -> Answer:
    """An answer serialised by another store (SPARQL results or an RDF graph), read by
    Oxigraph's parsers; ``KgError`` when it cannot be read."""
    import pyoxigraph as ox

    media_type = ALIASES.get(media_type, media_type)
    try:
        if media_type in GRAPH_TYPES:
            fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media_type])
            return Answer("GRAPH", list(ox.parse(data, format=fmt)), "oxigraph")
        fmt = getattr(ox.QueryResultsFormat, RESULT_TYPES[media_type])
        results = ox.parse_query_results(data, format=fmt)
    except (SyntaxError, ValueError, KeyError) as exc:
        raise KgError(" ".join(str(exc).split())[:400] or type(exc).__name__) from None
    form = "ASK" if isinstance(results, ox.QueryBoolean) else "SELECT"
    return Answer(form, results, "oxigraph")
