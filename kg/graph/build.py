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
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from kg.gazetteer import load_gazetteer
from kg.lexicon import load_lexicon
from kg.model import Doc, Evidence
from kg.vocab import PA, PAR, PROV, article_iri, entity_iri, node_iri

Triple = tuple[URIRef, URIRef, URIRef | Literal]

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


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _decimal(value: float) -> Decimal:
    """Plain decimals without float noise (1.8亿 -> 180000000, 97.35 -> 97.35)."""
    number = Decimal(repr(round(value, 6))).normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral() else number


def _evidence(ev: Evidence) -> tuple[URIRef, list[Triple]]:
    node = node_iri("evidence", ev.article, str(ev.start), str(ev.end))
    return node, [
        (node, RDF.type, PA.Evidence),
        (node, PA.quote, _zh(ev.sentence)),
        (node, PA.startChar, Literal(ev.start)),
        (node, PA.endChar, Literal(ev.end)),
        (node, PROV.wasDerivedFrom, article_iri(ev.article)),
    ]


def _statement(head: URIRef, rel: str, tail: URIRef) -> tuple[URIRef, list[Triple]]:
    st = node_iri("statement", str(head), rel, str(tail))
    return st, [
        (head, PA[rel], tail),
        (st, RDF.type, RDF.Statement),
        (st, RDF.subject, head),
        (st, RDF.predicate, PA[rel]),
        (st, RDF.object, tail),
    ]


def doc_triples(doc: Doc) -> Iterator[Triple]:
    """All triples one article contributes to the graph."""
    art = article_iri(doc.article_id)
    yield art, RDF.type, PA.Article
    yield art, RDFS.label, Literal(doc.article_id)
    yield art, PA.contentHash, Literal(doc.content_hash)
    if doc.title:
        yield art, DCTERMS.title, _zh(doc.title)

    lexicon = load_lexicon()
    for (kind, key), ent in doc.entities.items():
        node = entity_iri(kind, key)
        yield node, RDF.type, PA[kind]
        yield node, RDFS.label, _zh(ent.label)
        for alias in sorted(ent.aliases - {ent.label}):
            yield node, SKOS.altLabel, _zh(alias)
        if ent.adcode:
            yield node, PA.adcode, Literal(ent.adcode)
        yield node, PA.mentionedIn, art
        term = lexicon.get(ent.label)
        if term is not None and term.kind == kind:
            for broader in term.broader:
                yield node, SKOS.broader, entity_iri(kind, broader)
    yield from _gazetteer_parents(doc)

    for fact in doc.facts:
        head, tail = entity_iri(*fact.head), entity_iri(*fact.tail)
        st, triples = _statement(head, fact.relation, tail)
        yield from triples
        if fact.evidence is not None:
            ev, ev_triples = _evidence(fact.evidence)
            yield from ev_triples
            yield st, PA.supportedBy, ev
        if fact.relation == "servesIn" and fact.position:
            yield head, PA.position, _zh(fact.position)

    for stat in doc.statistics:
        ev, ev_triples = _evidence(stat.evidence)
        yield from ev_triples
        # the number's place in the article identifies it: two equal figures
        # in one sentence stay two statistics
        node = node_iri("statistic", doc.article_id, str(stat.offset), stat.surface)
        yield node, RDF.type, PA.Statistic
        yield node, PA.aboutRegion, entity_iri(*stat.region)
        yield node, PA.indicator, _zh(stat.indicator)
        yield node, PA.value, Literal(_decimal(stat.value), datatype=XSD.decimal)
        yield node, PA.unit, _zh(stat.unit)
        yield node, PA.surface, Literal(stat.surface)
        yield node, RDFS.label, _zh(f"{stat.indicator} {stat.surface}")
        if stat.year:
            yield node, PA.year, Literal(str(stat.year), datatype=XSD.gYear)
        yield node, PA.mentionedIn, art
        yield node, PA.supportedBy, ev


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
            node = entity_iri(parent.level, parent.adcode)
            yield node, RDF.type, PA[parent.level]
            yield node, RDFS.label, _zh(parent.name)
            yield node, PA.adcode, Literal(parent.adcode)
            st, triples = _statement(entity_iri(child.level, child.adcode), "locatedIn", node)
            yield from triples
            yield st, PA.fromGazetteer, Literal(True)


def new_graph() -> Graph:
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def build_graph(docs: Iterable[Doc]) -> Graph:
    """An rdflib graph of the docs (for library users and small corpora)."""
    graph = new_graph()
    for doc in docs:
        graph.addN((s, p, o, graph) for s, p, o in doc_triples(doc))
    return graph
