"""THE tables of formats: RDF syntaxes, and the media types of SPARQL answers.

A graph file is read by its suffix, ``kg export --format`` writes by name, a CONSTRUCT answer
is sent by media type, and rdflib and pyoxigraph each call the syntax by their own name; one
row per syntax keeps those five faces in step (adding a syntax is one row).  SELECT and ASK
answers have their own media types (:data:`RESULT_TYPES`); the names clients send for either
kind (``?format=``, ``--format``, synonyms) are derived here too.
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


# ---------------------------------------------------------------- SPARQL answers

#: media types of SELECT/ASK answers -> pyoxigraph QueryResultsFormat attribute
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
#: media types of CONSTRUCT/DESCRIBE answers -> pyoxigraph RdfFormat attribute
GRAPH_TYPES = {media: syntax.oxigraph for media, syntax in GRAPH_ANSWERS.items()}
#: short names (``?format=csv``, ``--format``) and common synonyms
ALIASES = {
    "json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "application/xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    **{name: media for media, syntax in GRAPH_ANSWERS.items()
       for name in (syntax.name, *syntax.aliases)},
    "text/plain": "application/n-triples",
}

#: format names (``?format=``, as SPARQLWrapper and YASGUI send them) -> (media type of a
#: SELECT/ASK answer, media type of a CONSTRUCT/DESCRIBE answer); None: no such answer
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    **{name: (None, media) for media, syntax in GRAPH_ANSWERS.items()
       for name in (syntax.name, *syntax.aliases)},
}


def media_by_name(name: str) -> tuple[str | None, str | None]:
    """The media types a format name or a media type stands for, (result, graph)."""
    name = name.strip().lower()
    if name in FORMAT_NAMES:
        return FORMAT_NAMES[name]
    media = ALIASES.get(name, name)
    return (
        media if media in RESULT_TYPES else None,
        media if media in GRAPH_TYPES else None,
    )
