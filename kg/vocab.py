"""The one module that owns pa-kg's vocabulary and the minting of IRIs.

Every other module takes terms from here and asks the minting functions for
resource IRIs, so no IRI is ever built by string concatenation elsewhere.
The vocabulary has two faces over one list of terms:

* plain IRI strings (``PA_NS.Official``, ``XSD_NS.integer``, :func:`mint_entity`)
  for the extractor, which writes pyoxigraph terms and never imports rdflib:
  importing rdflib alone costs 0.1 s, a quarter of a one-article rebuild;
* rdflib namespaces (``PA.Official``, ``PAR``, ``PROV``, :func:`entity_iri`)
  for everything that works with rdflib graphs, made on first use.

Both are closed over the ontology's terms: a misspelt term raises
``AttributeError`` instead of silently minting a new IRI.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import URIRef

PA_IRI = "https://w3id.org/pa-kg/ontology#"
PAR_IRI = "https://w3id.org/pa-kg/resource/"
PROV_IRI = "http://www.w3.org/ns/prov#"
SCHEMA_IRI = "https://schema.org/"

#: the terms of the pa-kg ontology (ontology/pa.ttl); a test keeps the two in step
PA_TERMS = (
    # classes of the contract
    "Official", "Region", "Province", "City", "County", "Town", "Village", "Program",
    "Industry", "Organization", "Statistic", "Article",
    # provenance classes of our own
    "Evidence",  # a sentence span of an article that supports a fact
    # properties of the contract
    "position", "servesIn", "locatedIn", "implements", "develops", "mentionedIn",
    "aboutRegion", "indicator", "value", "unit", "year",
    # extensions
    "adcode",  # the national administrative-division code (GB/T 2260)
    "fromGazetteer",  # true on a locatedIn statement the gazetteer supplied
    "supportedBy",  # statement or statistic -> Evidence
    "quote",  # Evidence -> the sentence as written in the article
    "startChar",  # Evidence -> offset of the sentence in the raw file
    "endChar",
    "surface",  # Statistic -> the number as written (`1.8亿元`)
    "contentHash",  # Article -> sha256 of the file's bytes
    "page",  # Evidence -> the page of a PDF or image source it is on (from 1)
    "box",  # Evidence -> its box on that page, as a Media Fragments "xywh=percent:x,y,w,h"
    "textFile",  # Article -> the text extracted from a non-.txt source, beside the graph
)


class IriNamespace:
    """A namespace whose terms are plain IRI strings: ``XSD_NS.integer``.

    With ``terms`` it is closed: any other name raises ``AttributeError``.
    """

    def __init__(self, iri: str, terms: Iterable[str] | None = None) -> None:
        self._iri = iri
        self._terms = frozenset(terms) if terms is not None else None

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or (self._terms is not None and name not in self._terms):
            raise AttributeError(f"term {name!r} not in namespace <{self._iri}>")
        return self._iri + name

    def __str__(self) -> str:
        return self._iri


PA_NS = IriNamespace(PA_IRI, PA_TERMS)
PROV_NS = IriNamespace(PROV_IRI, ("wasDerivedFrom", "Entity"))
RDF_NS = IriNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                      ("type", "Statement", "subject", "predicate", "object", "langString"))
RDFS_NS = IriNamespace("http://www.w3.org/2000/01/rdf-schema#", ("label",))
XSD_NS = IriNamespace("http://www.w3.org/2001/XMLSchema#",
                      ("integer", "decimal", "gYear", "boolean", "string"))
SKOS_NS = IriNamespace("http://www.w3.org/2004/02/skos/core#", ("altLabel", "broader"))
DCTERMS_NS = IriNamespace("http://purl.org/dc/terms/",
                          ("title", "date", "publisher", "creator"))
OWL_NS = IriNamespace("http://www.w3.org/2002/07/owl#", ())

#: the prefixes graph files declare
PREFIXES = {
    "pa": PA_IRI,
    "par": PAR_IRI,
    "prov": PROV_IRI,
    "skos": str(SKOS_NS),
    "dcterms": str(DCTERMS_NS),
    "rdfs": str(RDFS_NS),
    "xsd": str(XSD_NS),
    "owl": str(OWL_NS),
}

#: the path segment under ``par:`` for each kind of node
KIND_SEGMENT = {
    "Official": "official",
    "Province": "region",
    "City": "region",
    "County": "region",
    "Town": "region",
    "Village": "region",
    "Program": "program",
    "Industry": "industry",
    "Organization": "organization",
}


def _digest(*parts: str) -> str:
    """A short stable digest: the same parts give the same IRI in every build."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


_IRI_UNSAFE = str.maketrans({c: f"%{ord(c):02X}" for c in ' <>"{}|\\^`%#?'})


def mint_entity(kind: str, key: str) -> str:
    """IRI of an entity from its class and its resolution key.

    The key is the canonical name (for regions: the adcode, or the county's
    adcode plus the name), so the same entity gets the same IRI in every
    build and across articles.  Chinese characters stay readable (IRIs allow
    them); characters that IRIs forbid are percent-encoded.
    """
    return f"{PAR_IRI}{KIND_SEGMENT[kind]}/{key.translate(_IRI_UNSAFE)}"


def mint_article(article_id: str) -> str:
    return f"{PAR_IRI}article/{article_id.translate(_IRI_UNSAFE)}"


def mint_node(kind: str, *parts: str) -> str:
    """IRI of an auxiliary node (statistic, evidence, statement) from its content."""
    return f"{PAR_IRI}{kind}/{_digest(*parts)}"


# -- the rdflib face ----------------------------------------------------------


def entity_iri(kind: str, key: str) -> URIRef:
    """:func:`mint_entity` as an rdflib term."""
    from rdflib import URIRef

    return URIRef(mint_entity(kind, key))


def article_iri(article_id: str) -> URIRef:
    from rdflib import URIRef

    return URIRef(mint_article(article_id))


def node_iri(kind: str, *parts: str) -> URIRef:
    from rdflib import URIRef

    return URIRef(mint_node(kind, *parts))


@cache
def _rdflib_namespaces() -> dict[str, Any]:
    from rdflib import Namespace, URIRef
    from rdflib.namespace import DefinedNamespace

    pa = type("PA", (DefinedNamespace,), {
        "__doc__": "The pa-kg ontology (ontology/pa.ttl), closed over PA_TERMS.",
        "__annotations__": dict.fromkeys(PA_TERMS, URIRef),
        "_fail": True,
        "_NS": Namespace(PA_IRI),
    })
    return {"PA": pa, "PAR": Namespace(PAR_IRI), "PROV": Namespace(PROV_IRI),
            "SCHEMA": Namespace(SCHEMA_IRI)}


def __getattr__(name: str) -> Any:
    """``PA``, ``PAR``, ``PROV`` and ``SCHEMA`` as rdflib namespaces, made on first use."""
    if name in ("PA", "PAR", "PROV", "SCHEMA"):
        return _rdflib_namespaces()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
