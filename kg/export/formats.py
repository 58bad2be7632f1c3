"""THE table of RDF syntaxes: every reader, writer, answer and command option derives from it.

A graph file is read by its suffix, ``kg export --format`` writes by name, a CONSTRUCT answer
is sent by media type, and rdflib and pyoxigraph each call the syntax by their own name; one
row per syntax keeps those five faces in step (adding a syntax is one row).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RdfSyntax:
    name: str  # ``kg export --format`` and ``?format=`` name
    media_type: str
    suffixes: tuple[str, ...]  # the first is the one written
    rdflib: str  # rdflib's parser and serializer name
    oxigraph: str  # pyoxigraph ``RdfFormat`` attribute
    dataset: bool  # carries named graphs (one per article in an export)
    aliases: tuple[str, ...] = ()  # other names clients send for it

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


SYNTAXES: tuple[RdfSyntax, ...] = (
    RdfSyntax("ttl", "text/turtle", (".ttl", ".turtle"), "turtle", "TURTLE", False,
              ("turtle", "n3")),  # Turtle is N3 without its extensions
    RdfSyntax("trig", "application/trig", (".trig",), "trig", "TRIG", True),
    RdfSyntax("nt", "application/n-triples", (".nt",), "nt", "N_TRIPLES", False,
              ("ntriples", "n-triples")),
    RdfSyntax("nq", "application/n-quads", (".nq",), "nquads", "N_QUADS", True, ("nquads",)),
    RdfSyntax("jsonld", "application/ld+json", (".jsonld", ".json"), "json-ld", "JSON_LD", False,
              ("json-ld",)),
    RdfSyntax("rdfxml", "application/rdf+xml", (".rdf", ".owl", ".xml"), "xml", "RDF_XML", False,
              ("rdf+xml", "rdf")),
)
#: ``--format`` names
NAMES = tuple(s.name for s in SYNTAXES)
BY_NAME = {s.name: s for s in SYNTAXES}
BY_SUFFIX = {suffix: s for s in SYNTAXES for suffix in s.suffixes}
BY_RDFLIB = {s.rdflib: s for s in SYNTAXES}
#: the syntaxes a CONSTRUCT or DESCRIBE answer (one graph) can be sent in, by media type
GRAPH_ANSWERS = {s.media_type: s for s in SYNTAXES if not s.dataset}


def by_suffix(suffix: str) -> RdfSyntax:
    """The syntax of a graph file from its suffix; Turtle when the suffix says nothing."""
    return BY_SUFFIX.get(suffix.lower(), BY_NAME["ttl"])
