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

from kg.vocab import PREFIXES


def fragment(triples: Iterable[ox.Triple]) -> bytes:
    """One article's triples (duplicates dropped, order kept) as a Turtle document."""
    unique = list(dict.fromkeys(triples))
    return ox.serialize(unique, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def header() -> bytes:
    """The prefix lines: a valid (empty) Turtle document of its own."""
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode()


def assemble(fragment_paths: Iterable[str | Path], out) -> None:
    """Stream the header and the fragments into the binary file ``out``.

    A fragment's own prefix lines are the header's, so they are written once,
    at the top (a fragment is still a whole Turtle document in the cache).
    """
    head = header()
    declared = set(head.splitlines(keepends=True))
    out.write(head)
    for path in fragment_paths:
        out.write(b"\n")
        with open(path, "rb") as fh:
            while True:  # skip the fragment's prefix lines that the header declares
                at = fh.tell()
                if fh.readline() not in declared:
                    fh.seek(at)
                    break
            while chunk := fh.read(1 << 20):
                out.write(chunk)
