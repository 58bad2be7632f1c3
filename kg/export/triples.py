"""Triples as plain Python values: the common ground of the view's readers.

An IRI (or blank node label) is a ``str`` and a literal a :class:`Lit`, so the
view reads the same whether rdflib parsed the graph, pyoxigraph did, or a
build kept an article's triples in its cache (marshal stores plain tuples).
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
        o = t.object
        if isinstance(o, ox.Literal):
            literal = plain_literal(o.value, o.language or "", o.datatype.value)
            yield t.subject.value, t.predicate.value, literal
        else:
            yield t.subject.value, t.predicate.value, o.value


def plain_triples(rows: Iterable[tuple]) -> Iterable[tuple[str, str, Term]]:
    """Tuples from :func:`view_triples` (after marshal) as :class:`Triples` input."""
    for s, p, o in rows:
        yield s, p, (Lit(*o) if isinstance(o, tuple) else o)
