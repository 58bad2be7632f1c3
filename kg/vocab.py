"""The one module that owns pa-kg's vocabulary and the minting of IRIs.

Every other module imports terms from here (``PA.Official``, ``PAR``) and
asks :func:`entity_iri` / :func:`node_iri` for resource IRIs, so no IRI is
ever built by string concatenation elsewhere.  ``PA`` is a closed
``DefinedNamespace``: a misspelt term raises ``AttributeError`` instead of
silently minting a new IRI.
"""

from __future__ import annotations

import hashlib

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

PA_IRI = "https://w3id.org/pa-kg/ontology#"
PAR_IRI = "https://w3id.org/pa-kg/resource/"

PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")


class PA(DefinedNamespace):
    """The pa-kg ontology (ontology/pa.ttl); a test keeps the two in step."""

    _fail = True
    _NS = Namespace(PA_IRI)

    # classes of the contract
    Official: URIRef
    Region: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    Town: URIRef
    Village: URIRef
    Program: URIRef
    Industry: URIRef
    Organization: URIRef
    Statistic: URIRef
    Article: URIRef
    # provenance classes of our own
    Evidence: URIRef  # a sentence span of an article that supports a fact

    # properties of the contract
    position: URIRef
    servesIn: URIRef
    locatedIn: URIRef
    implements: URIRef
    develops: URIRef
    mentionedIn: URIRef
    aboutRegion: URIRef
    indicator: URIRef
    value: URIRef
    unit: URIRef
    year: URIRef
    # extensions
    adcode: URIRef  # the national administrative-division code (GB/T 2260)
    fromGazetteer: URIRef  # true on a locatedIn statement the gazetteer supplied
    supportedBy: URIRef  # statement or statistic -> Evidence
    quote: URIRef  # Evidence -> the sentence as written in the article
    startChar: URIRef  # Evidence -> offset of the sentence in the raw file
    endChar: URIRef
    surface: URIRef  # Statistic -> the number as written (`1.8亿元`)
    contentHash: URIRef  # Article -> sha256 of the file's bytes


PAR = Namespace(PAR_IRI)

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


def entity_iri(kind: str, key: str) -> URIRef:
    """IRI of an entity from its class and its resolution key.

    The key is the canonical name (for regions: the adcode, or the county's
    adcode plus the name), so the same entity gets the same IRI in every
    build and across articles.  Chinese characters stay readable (IRIs allow
    them); characters that IRIs forbid are percent-encoded.
    """
    return PAR[f"{KIND_SEGMENT[kind]}/{key.translate(_IRI_UNSAFE)}"]


def article_iri(article_id: str) -> URIRef:
    return PAR[f"article/{article_id.translate(_IRI_UNSAFE)}"]


def node_iri(kind: str, *parts: str) -> URIRef:
    """IRI of an auxiliary node (statistic, evidence, statement) from its content."""
    return PAR[f"{kind}/{_digest(*parts)}"]
