"""Docs → RDF triples: entities, facts with evidence, statistics, provenance.

Every triple of an article is derived from that article alone: entity IRIs
come from ``(class, key)`` (adcode for gazetteer regions, county + name for
towns and villages, canonical name for terms), statement IRIs from
``(head, relation, tail)``.  The graph of a corpus is therefore the plain
union of its articles' triples: merging across articles is set union, no
pairwise comparison, and each article's share can be cached and written
on its own (see :mod:`kg.graph.write`).

Each relation is asserted as a plain triple (for simple SPARQL) and as an
``rdf:Statement`` carrying ``pa:supportedBy`` evidence nodes: the sentence
as written, its character offsets in the raw file and its article.

Triples are made as pyoxigraph terms: creating rdflib terms cost more than
extracting the article.  :func:`build_graph` hands rdflib users a Graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from kg.gazetteer import load_gazetteer
from kg.lexicon import load_lexicon
from kg.model import Doc, Evidence
from kg.vocab import PA, PAR, PROV, article_iri, entity_iri, node_iri

Triple = ox.Triple

PREFIXES = {
    "pa": str(PA._NS),
    "par": str(PAR),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}


@cache
def _n(iri: str) -> ox.NamedNode:
    """A vocabulary term as a pyoxigraph node (made once)."""
    return ox.NamedNode(iri)


def _term(ref: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(ref))


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _typed(value: str, datatype: URIRef) -> ox.Literal:
    return ox.Literal(value, datatype=_n(str(datatype)))


def _decimal(value: float) -> Decimal:
    """Plain decimals without float noise (1.8亿 -> 180000000, 97.35 -> 97.35)."""
    number = Decimal(repr(round(value, 6))).normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral() else number


def _evidence(ev: Evidence, art: ox.NamedNode) -> tuple[ox.NamedNode, list[Triple]]:
    node = _term(node_iri("evidence", ev.article, str(ev.start), str(ev.end)))
    return node, [
        Triple(node, _n(str(RDF.type)), _n(str(PA.Evidence))),
        Triple(node, _n(str(PA.quote)), _zh(ev.sentence)),
        Triple(node, _n(str(PA.startChar)), _typed(str(ev.start), XSD.integer)),
        Triple(node, _n(str(PA.endChar)), _typed(str(ev.end), XSD.integer)),
        Triple(node, _n(str(PROV.wasDerivedFrom)), art),
    ]


def _statement(head: ox.NamedNode, rel: str, tail: ox.NamedNode
               ) -> tuple[ox.NamedNode, list[Triple]]:
    st = _term(node_iri("statement", head.value, rel, tail.value))
    predicate = _n(str(PA[rel]))
    return st, [
        Triple(head, predicate, tail),
        Triple(st, _n(str(RDF.type)), _n(str(RDF.Statement))),
        Triple(st, _n(str(RDF.subject)), head),
        Triple(st, _n(str(RDF.predicate)), predicate),
        Triple(st, _n(str(RDF.object)), tail),
    ]


def doc_triples(doc: Doc) -> Iterator[Triple]:
    """All triples one article contributes to the graph."""
    a, label, pa = _n(str(RDF.type)), _n(str(RDFS.label)), lambda t: _n(str(PA[t]))
    art = _term(article_iri(doc.article_id))
    yield Triple(art, a, pa("Article"))
    yield Triple(art, label, ox.Literal(doc.article_id))
    yield Triple(art, pa("contentHash"), ox.Literal(doc.content_hash))
    if doc.title:
        yield Triple(art, _n(str(DCTERMS.title)), _zh(doc.title))

    lexicon = load_lexicon()
    for (kind, key), ent in doc.entities.items():
        node = _term(entity_iri(kind, key))
        yield Triple(node, a, pa(kind))
        yield Triple(node, label, _zh(ent.label))
        for alias in sorted(ent.aliases - {ent.label}):
            yield Triple(node, _n(str(SKOS.altLabel)), _zh(alias))
        if ent.adcode:
            yield Triple(node, pa("adcode"), ox.Literal(ent.adcode))
        yield Triple(node, pa("mentionedIn"), art)
        term = lexicon.get(ent.label)
        if term is not None and term.kind == kind:
            for broader in term.broader:
                yield Triple(node, _n(str(SKOS.broader)), _term(entity_iri(kind, broader)))
    yield from _gazetteer_parents(doc)

    evidence_nodes: dict[Evidence, ox.NamedNode] = {}

    def evidence(ev: Evidence) -> Iterator[Triple]:
        """The evidence node of a sentence, its triples made once per article."""
        if ev not in evidence_nodes:
            evidence_nodes[ev], triples = _evidence(ev, art)
            yield from triples

    for fact in doc.facts:
        head, tail = _term(entity_iri(*fact.head)), _term(entity_iri(*fact.tail))
        st, triples = _statement(head, fact.relation, tail)
        yield from triples
        if fact.evidence is not None:
            yield from evidence(fact.evidence)
            yield Triple(st, pa("supportedBy"), evidence_nodes[fact.evidence])
        if fact.relation == "servesIn" and fact.position:
            yield Triple(head, pa("position"), _zh(fact.position))

    for stat in doc.statistics:
        yield from evidence(stat.evidence)
        ev = evidence_nodes[stat.evidence]
        # the number's place in the article identifies it: two equal figures
        # in one sentence stay two statistics
        node = _term(node_iri("statistic", doc.article_id, str(stat.offset), stat.surface))
        yield Triple(node, a, pa("Statistic"))
        yield Triple(node, pa("aboutRegion"), _term(entity_iri(*stat.region)))
        yield Triple(node, pa("indicator"), _zh(stat.indicator))
        yield Triple(node, pa("value"), _typed(str(_decimal(stat.value)), XSD.decimal))
        yield Triple(node, pa("unit"), _zh(stat.unit))
        yield Triple(node, pa("surface"), ox.Literal(stat.surface))
        yield Triple(node, label, _zh(f"{stat.indicator} {stat.surface}"))
        if stat.year:
            yield Triple(node, pa("year"), _typed(str(stat.year), XSD.gYear))
        yield Triple(node, pa("mentionedIn"), art)
        yield Triple(node, pa("supportedBy"), ev)


def _gazetteer_parents(doc: Doc) -> Iterator[Triple]:
    """Each gazetteer region's ancestors, as statements marked pa:fromGazetteer."""
    gaz = load_gazetteer()
    seen: set[str] = set()
    for kind, key in doc.entities:
        if kind not in ("Province", "City", "County"):
            continue
        chain = gaz.chain(key)
        for child, parent in zip(chain, chain[1:]):
            if child.adcode in seen:
                break
            seen.add(child.adcode)
            node = _term(entity_iri(parent.level, parent.adcode))
            yield Triple(node, _n(str(RDF.type)), _n(str(PA[parent.level])))
            yield Triple(node, _n(str(RDFS.label)), _zh(parent.name))
            yield Triple(node, _n(str(PA.adcode)), ox.Literal(parent.adcode))
            child_node = _term(entity_iri(child.level, child.adcode))
            st, triples = _statement(child_node, "locatedIn", node)
            yield from triples
            yield Triple(st, _n(str(PA.fromGazetteer)), _typed("true", XSD.boolean))


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def new_graph() -> Graph:
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def build_graph(docs: Iterable[Doc]) -> Graph:
    """An rdflib graph of the docs (for library users and small corpora)."""
    graph = new_graph()
    for doc in docs:
        graph.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), graph)
                   for t in doc_triples(doc))
    return graph
