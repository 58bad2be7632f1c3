"""Docs → one RDF graph: entities merged across articles, every fact with evidence.

Cross-article merging is a dictionary lookup on ``(class, key)``; the key
was chosen by :mod:`kg.stages.entities` (adcode for gazetteer regions,
county + name for towns and villages, canonical name for terms), so the
same entity gets the same IRI in every article and every build.

Each relation is asserted as a plain triple (for simple SPARQL) and as an
``rdf:Statement`` that carries ``pa:supportedBy`` evidence nodes: the
sentence as written, its character offsets in the raw file and the
article it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from kg.gazetteer import load_gazetteer
from kg.lexicon import load_lexicon
from kg.model import LEVEL_RANK, Doc, Entity, Evidence, Fact
from kg.vocab import PA, PAR, PROV, article_iri, entity_iri, node_iri


@dataclass
class MergedEntity:
    entity: Entity
    articles: set[str] = field(default_factory=set)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("pa", PA._NS)
    graph.bind("par", PAR)
    graph.bind("prov", PROV)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    graph.bind("owl", OWL)
    return graph


class GraphBuilder:
    """Accumulates Docs, then writes them into an rdflib graph."""

    def __init__(self) -> None:
        self.entities: dict[tuple[str, str], MergedEntity] = {}
        self.facts: dict[tuple, list[Evidence | None]] = {}
        self.positions: dict[tuple, str] = {}
        self.docs: list[Doc] = []

    def add(self, doc: Doc) -> None:
        self.docs.append(doc)
        for ref, ent in doc.entities.items():
            merged = self.entities.get(ref)
            if merged is None:
                merged = self.entities[ref] = MergedEntity(
                    Entity(ent.kind, ent.key, ent.label, set(), ent.adcode, ent.broader)
                )
            merged.entity.aliases |= ent.aliases
            merged.articles.add(doc.article_id)
        for fact in doc.facts:
            self._add_fact(fact)

    def _add_fact(self, fact: Fact) -> None:
        key = (fact.relation, fact.head, fact.tail)
        self.facts.setdefault(key, []).append(fact.evidence)
        if fact.position:
            self.positions.setdefault((fact.head, fact.tail), fact.position)

    def _gazetteer_parents(self) -> None:
        """Add each gazetteer region's ancestors, marked as from the gazetteer."""
        gaz = load_gazetteer()
        for kind, key in list(self.entities):
            if kind not in ("Province", "City", "County"):
                continue
            chain = gaz.chain(key)
            for child, parent in zip(chain, chain[1:]):
                pref = (parent.level, parent.adcode)
                if pref not in self.entities:
                    self.entities[pref] = MergedEntity(
                        Entity(parent.level, parent.adcode, parent.name, adcode=parent.adcode)
                    )
                fkey = ("locatedIn", (child.level, child.adcode), pref)
                self.facts.setdefault(fkey, []).append(None)

    def graph(self) -> Graph:
        self._gazetteer_parents()
        graph = new_graph()
        add = graph.add
        for doc in self.docs:
            art = article_iri(doc.article_id)
            add((art, RDF.type, PA.Article))
            add((art, RDFS.label, Literal(doc.article_id)))
            add((art, PA.contentHash, Literal(doc.content_hash)))
            title = next((s.text for s in doc.sentences if s.heading), "")
            if title:
                add((art, DCTERMS.title, _zh(title)))
        lexicon = load_lexicon()
        for (kind, key), merged in self.entities.items():
            ent = merged.entity
            node = entity_iri(kind, key)
            add((node, RDF.type, PA[kind]))
            add((node, RDFS.label, _zh(ent.label)))
            for alias in sorted(ent.aliases - {ent.label}):
                add((node, SKOS.altLabel, _zh(alias)))
            if ent.adcode:
                add((node, PA.adcode, Literal(ent.adcode)))
            for article in sorted(merged.articles):
                add((node, PA.mentionedIn, article_iri(article)))
            term = lexicon.get(ent.label)
            if term is not None and term.kind == kind:
                for broader in term.broader:
                    add((node, SKOS.broader, entity_iri(kind, broader)))
        for (rel, head, tail), evidences in self.facts.items():
            self._write_fact(graph, rel, head, tail, evidences)
        for doc in self.docs:
            for stat in doc.statistics:
                ev = self._evidence(graph, stat.evidence)
                # the number's place in the article identifies it: two equal
                # figures in one sentence stay two statistics
                node = node_iri("statistic", doc.article_id, str(stat.offset), stat.surface)
                add((node, RDF.type, PA.Statistic))
                add((node, PA.aboutRegion, entity_iri(*stat.region)))
                add((node, PA.indicator, _zh(stat.indicator)))
                add((node, PA.value, Literal(_decimal(stat.value), datatype=XSD.decimal)))
                add((node, PA.unit, _zh(stat.unit)))
                add((node, PA.surface, Literal(stat.surface)))
                add((node, RDFS.label, _zh(f"{stat.indicator} {stat.surface}")))
                if stat.year:
                    add((node, PA.year, Literal(str(stat.year), datatype=XSD.gYear)))
                add((node, PA.mentionedIn, article_iri(doc.article_id)))
                add((node, PA.supportedBy, ev))
        return graph

    def _write_fact(self, graph: Graph, rel: str, head, tail, evidences) -> None:
        h, t = entity_iri(*head), entity_iri(*tail)
        graph.add((h, PA[rel], t))
        st = node_iri("statement", str(h), rel, str(t))
        graph.add((st, RDF.type, RDF.Statement))
        graph.add((st, RDF.subject, h))
        graph.add((st, RDF.predicate, PA[rel]))
        graph.add((st, RDF.object, t))
        for ev in evidences:
            if ev is None:
                graph.add((st, PA.fromGazetteer, Literal(True)))
            else:
                graph.add((st, PA.supportedBy, self._evidence(graph, ev)))
        position = self.positions.get((head, tail))
        if rel == "servesIn" and position:
            graph.add((h, PA.position, _zh(position)))

    @staticmethod
    def _evidence(graph: Graph, ev: Evidence) -> URIRef:
        node = node_iri("evidence", ev.article, str(ev.start), str(ev.end))
        if (node, RDF.type, PA.Evidence) not in graph:
            graph.add((node, RDF.type, PA.Evidence))
            graph.add((node, PA.quote, _zh(ev.sentence)))
            graph.add((node, PA.startChar, Literal(ev.start)))
            graph.add((node, PA.endChar, Literal(ev.end)))
            graph.add((node, PROV.wasDerivedFrom, article_iri(ev.article)))
        return node


def _decimal(value: float) -> Decimal:
    """Plain decimals without float noise (1.8亿 -> 180000000)."""
    return (
        Decimal(repr(round(value, 6))).normalize().quantize(Decimal(1))
        if value == int(value)
        else Decimal(repr(round(value, 6))).normalize()
    )


def build_graph(docs: Iterable[Doc]) -> Graph:
    builder = GraphBuilder()
    for doc in docs:
        builder.add(doc)
    return builder.graph()


__all__ = ["GraphBuilder", "build_graph", "LEVEL_RANK"]
