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
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.graph.stat_triples import (
    article_metadata,
    concept_triples,
    date_literal,
    plain_decimal,
    statistic_extras,
)
from kg.graph.terms import ox_to_rdflib as to_rdflib
from kg.model import GAZETTEER_LEVELS, Doc, Evidence, Post, county_of
from kg.resources.gazetteer import load_gazetteer
from kg.resources.lexicon import load_lexicon
from kg.vocab import (
    DCTERMS_NS,
    ORG_NS,
    PA_NS,
    PREFIXES,
    PROV_NS,
    RDF_NS,
    RDFS_NS,
    SKOS_NS,
    XSD_NS,
    mint_article,
    mint_entity,
    mint_node,
)

if TYPE_CHECKING:
    from rdflib import Graph

Triple = ox.Triple
__all__ = ["PREFIXES", "Triple", "build_graph", "doc_triples", "new_graph", "to_rdflib"]


@cache
def _n(iri: str) -> ox.NamedNode:
    """A vocabulary term as a pyoxigraph node (made once)."""
    return ox.NamedNode(iri)


@cache
def _pa(term: str) -> ox.NamedNode:
    """A term of the pa-kg ontology as a pyoxigraph node (a misspelt one raises)."""
    return ox.NamedNode(getattr(PA_NS, term))


@lru_cache(maxsize=1 << 16)
def _entity(kind: str, key: str) -> ox.NamedNode:
    """An entity's node (an article names its entities again and again)."""
    return ox.NamedNode(mint_entity(kind, key))


_TYPE = ox.NamedNode(RDF_NS.type)
_LABEL = ox.NamedNode(RDFS_NS.label)
_ALT = ox.NamedNode(SKOS_NS.altLabel)
_BROADER = ox.NamedNode(SKOS_NS.broader)
_DERIVED = ox.NamedNode(PROV_NS.wasDerivedFrom)
_STATEMENT = ox.NamedNode(RDF_NS.Statement)
_SUBJECT, _PREDICATE, _OBJECT = (ox.NamedNode(RDF_NS.subject), ox.NamedNode(RDF_NS.predicate),
                                 ox.NamedNode(RDF_NS.object))
_INTEGER, _DECIMAL = ox.NamedNode(XSD_NS.integer), ox.NamedNode(XSD_NS.decimal)
_TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD_NS.boolean))


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(datatype))


def _evidence(ev: Evidence, art: ox.NamedNode) -> tuple[ox.NamedNode, list[Triple]]:
    node = ox.NamedNode(mint_node("evidence", ev.article, str(ev.start), str(ev.end)))
    return node, [
        Triple(node, _TYPE, _pa("Evidence")),
        Triple(node, _pa("quote"), _zh(ev.sentence)),
        Triple(node, _pa("startChar"), ox.Literal(str(ev.start), datatype=_INTEGER)),
        Triple(node, _pa("endChar"), ox.Literal(str(ev.end), datatype=_INTEGER)),
        Triple(node, _DERIVED, art),
        *_place(node, ev),
    ]


def _place(node: ox.NamedNode, ev: Evidence) -> list[Triple]:
    """A PDF or image source's page and box of the evidence (none for text sources)."""
    if not ev.page or ev.box is None:
        return []
    x0, y0, x1, y1 = (100 * v for v in ev.box)
    box = f"xywh=percent:{x0:.2f},{y0:.2f},{x1 - x0:.2f},{y1 - y0:.2f}"
    return [Triple(node, _pa("page"), _typed(str(ev.page), XSD_NS.integer)),
            Triple(node, _pa("box"), ox.Literal(box))]


def _statement(head: ox.NamedNode, rel: str, tail: ox.NamedNode
               ) -> tuple[ox.NamedNode, list[Triple]]:
    st = ox.NamedNode(mint_node("statement", head.value, rel, tail.value))
    predicate = _pa(rel)
    return st, [
        Triple(head, predicate, tail),
        Triple(st, _TYPE, _STATEMENT),
        Triple(st, _SUBJECT, head),
        Triple(st, _PREDICATE, predicate),
        Triple(st, _OBJECT, tail),
    ]


def doc_triples(doc: Doc) -> Iterator[Triple]:
    """All triples one article contributes to the graph."""
    a, label, pa = _TYPE, _LABEL, _pa
    art = ox.NamedNode(mint_article(doc.article_id))
    yield Triple(art, a, pa("Article"))
    yield Triple(art, label, ox.Literal(doc.article_id))
    yield Triple(art, pa("contentHash"), ox.Literal(doc.content_hash))
    if doc.title:
        yield Triple(art, _n(DCTERMS_NS.title), _zh(doc.title))
    yield from article_metadata(art, doc)  # date, outlet, byline (a web page's own first)
    if "textFile" in doc.meta:  # the text read from a PDF, web page, Word file or image
        yield Triple(art, _pa("textFile"), ox.Literal(doc.meta["textFile"]))

    lexicon = load_lexicon()
    for (kind, key), ent in doc.entities.items():
        node = _entity(kind, key)
        yield Triple(node, a, pa(kind))
        yield Triple(node, label, _zh(ent.label))
        for alias in sorted(ent.aliases - {ent.label}):
            yield Triple(node, _ALT, _zh(alias))
        if ent.adcode:
            yield Triple(node, pa("adcode"), ox.Literal(ent.adcode))
        if ent.division_path:
            yield Triple(node, pa("divisionPath"), ox.Literal(ent.division_path))
        yield Triple(node, pa("mentionedIn"), art)
        term = lexicon.get(ent.label)
        if term is not None and term.kind == kind:
            for broader in term.broader:
                yield Triple(node, _BROADER, _entity(kind, broader))
    yield from _gazetteer_parents(doc)
    yield from _table_parents(doc)

    evidence_nodes: dict[Evidence, ox.NamedNode] = {}

    def evidence(ev: Evidence) -> list[Triple]:
        """The evidence node's triples the first time a sentence is evidence, else none."""
        if ev in evidence_nodes:
            return []
        evidence_nodes[ev], triples = _evidence(ev, art)
        return triples

    for fact in doc.facts:
        head, tail = _entity(*fact.head), _entity(*fact.tail)
        st, triples = _statement(head, fact.relation, tail)
        yield from triples
        if fact.evidence is not None:
            yield from evidence(fact.evidence)
            yield Triple(st, pa("supportedBy"), evidence_nodes[fact.evidence])
        else:
            yield Triple(st, pa("fromGazetteer"), _TRUE)
        if fact.relation == "servesIn" and fact.position:
            yield Triple(head, pa("position"), _zh(fact.position))

    used: list[str] = []
    for stat in doc.statistics:
        value = plain_decimal(stat.value)
        if not value:  # a number no decimal can write is no statistic
            continue
        if stat.concept:
            used.append(stat.concept)
        yield from evidence(stat.evidence)
        ev = evidence_nodes[stat.evidence]
        # the number's place in the article identifies it: two equal figures
        # in one sentence stay two statistics
        node = ox.NamedNode(mint_node("statistic", doc.article_id, str(stat.offset), stat.surface))
        yield Triple(node, a, pa("Statistic"))
        yield Triple(node, pa("aboutRegion"), _entity(*stat.region))
        yield Triple(node, pa("indicator"), _zh(stat.indicator))
        yield Triple(node, pa("value"), ox.Literal(value, datatype=_DECIMAL))
        yield Triple(node, pa("unit"), _zh(stat.unit))
        yield Triple(node, pa("surface"), ox.Literal(stat.surface))
        yield Triple(node, label, _zh(f"{stat.indicator} {stat.surface}"))
        if stat.year:
            yield Triple(node, pa("year"), _typed(str(stat.year), XSD_NS.gYear))
        yield from statistic_extras(node, stat)
        yield Triple(node, pa("mentionedIn"), art)
        yield Triple(node, pa("supportedBy"), ev)
    yield from concept_triples(used)  # each concept once, not once per statistic

    for post in doc.posts:
        yield from evidence(post.evidence)
        yield from _post_triples(doc, post, art, evidence_nodes[post.evidence])


def _post_triples(doc: Doc, post: Post, art: ox.NamedNode, ev: ox.NamedNode
                  ) -> Iterator[Triple]:
    """One org:Membership per official and office: role, region, body, date, sentence.

    The node's IRI comes from the holder and the office, so the same post
    stated by two articles is one node with two sentences.
    """
    holder = ox.NamedNode(mint_entity(*post.holder))
    region = ox.NamedNode(mint_entity(*post.region)) if post.region else None
    body = ox.NamedNode(mint_entity(*post.organization)) if post.organization else None
    node = ox.NamedNode(mint_node("post", holder.value, post.position,
                                  region.value if region else "", body.value if body else ""))
    role = ox.NamedNode(mint_entity("Role", post.role))
    yield Triple(node, _n(RDF_NS.type), _n(ORG_NS.Membership))
    yield Triple(node, _n(RDFS_NS.label), _zh(f"{doc.entities[post.holder].label} {post.position}"))
    yield Triple(node, _n(ORG_NS.member), holder)
    yield Triple(node, _n(ORG_NS.role), role)
    yield Triple(role, _n(RDF_NS.type), _n(ORG_NS.Role))
    yield Triple(role, _n(RDFS_NS.label), _zh(post.role))
    yield Triple(node, _pa("position"), _zh(post.position))
    yield Triple(holder, _pa("position"), _zh(post.position))  # each title of a chain alone
    if region is not None:
        yield Triple(node, _pa("officeRegion"), region)
    if body is not None:
        yield Triple(node, _n(ORG_NS.organization), body)
    if doc.date:  # a whole date, or only the year the text gives
        yield Triple(node, _n(DCTERMS_NS.date), date_literal(doc.date))
    yield Triple(node, _pa("mentionedIn"), art)
    yield Triple(node, _pa("supportedBy"), ev)


def _gazetteer_parents(doc: Doc, counties: Iterable[str] = ()) -> Iterator[Triple]:
    """Each gazetteer region's ancestors, as statements marked pa:fromGazetteer."""
    gaz = load_gazetteer()
    seen: set[str] = set()
    # a link the article states has its sentence as evidence instead
    stated = {(f.head[1], f.tail[1]) for f in doc.facts
              if f.relation == "locatedIn" and f.evidence is not None}
    keys = [key for kind, key in doc.entities if kind in GAZETTEER_LEVELS]
    for key in [*keys, *counties]:
        chain = gaz.chain(key)
        for child, parent in zip(chain, chain[1:]):
            if child.adcode in seen:
                break
            seen.add(child.adcode)
            node = ox.NamedNode(mint_entity(parent.level, parent.adcode))
            yield Triple(node, _n(RDF_NS.type), _pa(parent.level))
            yield Triple(node, _n(RDFS_NS.label), _zh(parent.name))
            yield Triple(node, _pa("adcode"), ox.Literal(parent.adcode))
            if (child.adcode, parent.adcode) in stated:
                continue
            child_node = ox.NamedNode(mint_entity(child.level, child.adcode))
            st, triples = _statement(child_node, "locatedIn", node)
            yield from triples
            yield Triple(st, _pa("fromGazetteer"), _TRUE)


def _table_parents(doc: Doc) -> Iterator[Triple]:
    """Nodes for the division table's parents that the article never names.

    A village's town or a town's county known only from the table gets its
    type, label and place in the table, but no pa:mentionedIn, as the
    gazetteer's ancestors of a county do; the ``locatedIn`` facts themselves
    are the relation stage's (without evidence: marked pa:fromGazetteer).
    """
    gaz = load_gazetteer()
    pending = [(ent.parent, ent.parent_label) for ent in doc.entities.values() if ent.parent]
    made: set[tuple[str, str]] = set()
    counties: list[str] = []
    while pending:
        parent, label = pending.pop()
        if parent in doc.entities or parent in made:
            continue
        made.add(parent)
        node = ox.NamedNode(mint_entity(*parent))
        yield Triple(node, _n(RDF_NS.type), _pa(parent[0]))
        yield Triple(node, _n(RDFS_NS.label), _zh(label))
        if parent[0] == "County":
            yield Triple(node, _pa("adcode"), ox.Literal(parent[1]))
            counties.append(parent[1])
            continue
        county = county_of(parent[1])  # a town: its code, or county adcode-name
        yield Triple(node, _pa("divisionPath"), ox.Literal(f"{county}/{label}"))
        if (div := gaz.by_code.get(county)) is not None:
            st, triples = _statement(node, "locatedIn", ox.NamedNode(mint_entity("County", county)))
            yield from triples
            yield Triple(st, _pa("fromGazetteer"), _TRUE)
            pending.append((("County", div.adcode), div.name))
    yield from _gazetteer_parents(Doc(doc.article_id, ""), counties)


def new_graph() -> Graph:
    from rdflib import Graph

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
