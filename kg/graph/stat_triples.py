"""The triples of a statistic beyond the contract's, and of an article's metadata.

Kept apart from :mod:`kg.graph.build` so that the statistics and metadata
stages can grow without touching the builder: ``pa:qualifier``,
``pa:maxValue`` and ``pa:indicatorConcept`` on a statistic; the concepts an
article's statistics use, with their labels, broader links and units, once per
article (:func:`concept_triples`, so a query on one article's fragment sees
them); ``dcterms:date``, ``dcterms:publisher`` and
``dcterms:creator`` on the article.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from decimal import Decimal

import pyoxigraph as ox

from kg.model import Doc, Statistic
from kg.resources.indicators import broader_chain, indicator_scheme
from kg.vocab import DCTERMS_NS, PA_IRI, RDF_NS, SKOS_NS, XSD_NS, mint_entity

_SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_SCHEME = "https://w3id.org/pa-kg/resource/scheme/indicators"
_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"


def _pa(term: str) -> ox.NamedNode:
    return ox.NamedNode(PA_IRI + term)


def concept_node(label: str) -> ox.NamedNode:
    return ox.NamedNode(mint_entity("Indicator", label))


def concept_triples(labels: Iterable[str]) -> Iterator[ox.Triple]:
    """The concepts named and those above them, each once, in a stable order."""
    concepts, _ = indicator_scheme()
    chains = (broader_chain(label) for label in sorted(set(labels)))
    for name in dict.fromkeys(name for chain in chains for name in chain):
        node = concept_node(name)
        yield ox.Triple(node, ox.NamedNode(RDF_NS.type), ox.NamedNode(_SKOS_CONCEPT))
        yield ox.Triple(node, ox.NamedNode(_SKOS_PREF), ox.Literal(name, language="zh"))
        yield ox.Triple(node, ox.NamedNode(_IN_SCHEME), ox.NamedNode(_SCHEME))
        for unit in sorted(concepts[name].units):
            yield ox.Triple(node, _pa("measuredIn"), ox.Literal(unit))
        for broader in concepts[name].broader:
            yield ox.Triple(node, ox.NamedNode(SKOS_NS.broader), concept_node(broader))


def plain_decimal(value: float) -> str:
    """Plain decimals without float noise (1.8亿 -> 180000000, 97.35 -> 97.35).

    Never an exponent, which xsd:decimal has not, however large the number a
    damaged article spells (a run of a hundred zeros); ``""`` for infinity.
    """
    if not math.isfinite(value):
        return ""
    return format(Decimal(repr(round(value, 6))).normalize(), "f")


def date_literal(date: str) -> ox.Literal:
    """An article's date: xsd:date, or xsd:gYear when only the year is known."""
    kind = XSD_NS.date if len(date) == 10 else XSD_NS.gYear
    return ox.Literal(date, datatype=ox.NamedNode(kind))


def statistic_extras(node: ox.NamedNode, stat: Statistic) -> Iterator[ox.Triple]:
    if stat.qualifier:
        yield ox.Triple(node, _pa("qualifier"), ox.Literal(stat.qualifier))
    upper = plain_decimal(stat.upper) if stat.upper is not None else ""
    if upper:
        yield ox.Triple(node, _pa("maxValue"),
                        ox.Literal(upper, datatype=ox.NamedNode(XSD_NS.decimal)))
    if stat.concept:
        yield ox.Triple(node, _pa("indicatorConcept"), concept_node(stat.concept))


def article_metadata(art: ox.NamedNode, doc: Doc) -> Iterator[ox.Triple]:
    if doc.date:
        yield ox.Triple(art, ox.NamedNode(DCTERMS_NS.date), date_literal(doc.date))
    if doc.outlet:
        yield ox.Triple(art, ox.NamedNode(DCTERMS_NS.publisher),
                        ox.Literal(doc.outlet, language="zh"))
    for name in doc.byline:
        yield ox.Triple(art, ox.NamedNode(DCTERMS_NS.creator), ox.Literal(name, language="zh"))
