"""RDF terms in the three shapes pa-kg holds them, and THE conversions between them.

pyoxigraph terms are what the extractor writes, rdflib terms what rdflib graphs hold, and
plain Python values (an IRI or blank node label a ``str``, a literal a :class:`Lit`) what the
view and the analysis read, whichever library parsed the graph or whether a build kept an
article's triples in its cache (marshal stores plain tuples).  Every conversion is here, so a
literal keeps its lexical form, language and datatype the same way on every path.  Neither
library is imported until a conversion needs it (the extractor never imports rdflib).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from kg.vocab import RDF_NS, XSD_NS


class Lit(NamedTuple):
    """A literal as plain values, whichever library read it."""

    value: str
    language: str = ""
    datatype: str = ""

    def __str__(self) -> str:
        return self.value


#: an IRI (or blank node label) as a string, or a literal
Term = str | Lit


def plain_literal(value: str, language: str, datatype: str) -> Lit:
    """One spelling for every library: no datatype beside a language, none for plain strings."""
    plain = language or datatype in ("", XSD_NS.string, RDF_NS.langString)
    return Lit(value, language, "" if plain else datatype)


def ox_plain(term) -> Term:
    """A pyoxigraph term as a plain value."""
    if hasattr(term, "datatype"):  # an ox.Literal
        return plain_literal(term.value, term.language or "", term.datatype.value)
    return term.value


def rdflib_plain(term) -> Term:
    """An rdflib term as a plain value."""
    from rdflib import Literal

    if isinstance(term, Literal):
        return plain_literal(str(term), term.language or "", str(term.datatype or ""))
    return str(term)


def ox_to_rdflib(term):
    """A pyoxigraph IRI or literal as an rdflib term."""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def rdflib_to_ox(term, _cache: dict = {}):  # noqa: B006  the cache is meant to persist
    """An rdflib term as a pyoxigraph term (lexical forms kept as they are)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    from kg.errors import KgError

    if isinstance(term, URIRef):
        node = _cache.get(term)
        if node is None:
            if len(_cache) > 100_000:
                _cache.clear()
            node = _cache[term] = ox.NamedNode(str(term))
        return node
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=rdflib_to_ox(term.datatype))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise KgError(f"cannot store the RDF term {term!r} in Oxigraph")


class Triples:
    """A set of triples indexed the ways the reader asks for them."""

    def __init__(self, triples: Iterable[tuple[str, str, Term]] = ()) -> None:
        self._sp: dict[str, dict[str, dict[Term, None]]] = {}
        self._po: dict[str, dict[Term, dict[str, None]]] = {}
        self._count = 0
        self.add(triples)

    def add(self, triples: Iterable[tuple[str, str, Term]]) -> None:
        for s, p, o in triples:
            objects = self._sp.setdefault(s, {}).setdefault(p, {})
            if o not in objects:
                objects[o] = None
                self._po.setdefault(p, {}).setdefault(o, {})[s] = None
                self._count += 1

    def __len__(self) -> int:
        return self._count

    def objects(self, s: str, p: str) -> list[Term]:
        return list(self._sp.get(s, {}).get(p, ()))

    def value(self, s: str, p: str) -> Term | None:
        return next(iter(self._sp.get(s, {}).get(p, ())), None)

    def subjects(self, p: str, o: Term) -> list[str]:
        return list(self._po.get(p, {}).get(o, ()))

    def subject_objects(self, p: str) -> list[tuple[str, Term]]:
        return [(s, o) for o, subjects in self._po.get(p, {}).items() for s in subjects]


def oxigraph_triples(path: str) -> Iterable[tuple[str, str, Term]]:
    """A Turtle file read by pyoxigraph (ten times rdflib's parser), as :class:`Triples` input."""
    import pyoxigraph as ox

    for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        yield t.subject.value, t.predicate.value, ox_plain(t.object)


def plain_triples(rows: Iterable[tuple]) -> Iterable[tuple[str, str, Term]]:
    """Tuples from :func:`view_triples` (after marshal) as :class:`Triples` input."""
    for s, p, o in rows:
        yield s, p, (Lit(*o) if isinstance(o, tuple) else o)
