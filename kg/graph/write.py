"""Write the graph: one Turtle fragment per article, concatenated.

A corpus graph is the union of its articles' triples (:mod:`kg.graph.build`),
and the concatenation of Turtle documents that declare the same prefixes
and use no blank nodes is a Turtle document of that union.  So each article
is serialised once, by pyoxigraph's native serializer (rdflib's pure-Python
one takes ~45 s per million triples), cached, and an incremental build only
concatenates bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.graph.build import PREFIXES, Triple


def _term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):  # pragma: no cover - we mint no blank nodes
        raise ValueError("blank nodes cannot be written as independent fragments")
    raise TypeError(f"not an RDF term: {term!r}")


def to_oxigraph(triples: Iterable[Triple]) -> list[ox.Triple]:
    """rdflib triples as pyoxigraph triples (deduplicated, order kept)."""
    seen: set[Triple] = set()
    out = []
    for t in triples:
        if t not in seen:
            seen.add(t)
            out.append(ox.Triple(_term(t[0]), _term(t[1]), _term(t[2])))
    return out


def fragment(triples: Iterable[Triple]) -> bytes:
    """One article's triples as a Turtle document."""
    return ox.serialize(to_oxigraph(triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def header() -> bytes:
    """The prefix lines: a valid (empty) Turtle document of its own."""
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode()


def assemble(fragment_paths: Iterable[Path], out) -> None:
    """Stream the header and the fragments into the binary file ``out``."""
    out.write(header())
    for path in fragment_paths:
        out.write(b"\n")
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                out.write(chunk)
