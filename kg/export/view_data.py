"""Read a pa-kg RDF graph into plain records: the nodes, relations and evidence people look at.

Both the HTML view (:mod:`kg.export.html`) and the network analysis (:mod:`kg.analyze`) start
from :func:`read_graph`, so they agree on what a node and an edge are:

* a **node** is an entity typed with one of :data:`ENTITY_CLASSES` (a node typed twice takes the
  first class listed) or, when asked for, a ``pa:Statistic``;
* an **edge** is a plain relation triple (``pa:servesIn``, ``pa:locatedIn``, ``pa:implements``,
  ``pa:develops``; and ``pa:aboutRegion`` from a statistic) whose two ends are nodes.  Its
  evidence comes from the reified ``rdf:Statement`` with the same subject, predicate and object.

Statement, Evidence and Article nodes are not nodes here: their content is carried as evidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node as Term

from kg.vocab import PA, PROV

#: entity classes in the order legends list them (the five region levels, then the rest)
ENTITY_CLASSES = (
    "Official",
    "Province",
    "City",
    "County",
    "Town",
    "Village",
    "Region",
    "Program",
    "Industry",
    "Organization",
)
REGION_CLASSES = ("Province", "City", "County", "Town", "Village", "Region")
#: relations between entities (the facts of the graph)
RELATIONS = ("servesIn", "locatedIn", "implements", "develops")
#: statistic -> region: drawn in the view, not a fact between entities
STAT_RELATION = "aboutRegion"


@dataclass
class Evidence:
    quote: str
    article: int  # index into Extract.articles, -1 when unknown
    start: int | None
    end: int | None


@dataclass
class Node:
    iri: Term
    cls: str
    label: str
    aliases: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)  # indexes into Extract.articles


@dataclass
class Edge:
    src: int  # indexes into Extract.nodes
    dst: int
    rel: str
    evidence: list[int] = field(default_factory=list)  # indexes into Extract.evidence
    gazetteer: bool = False


@dataclass
class Stat:
    node: int  # index of the statistic's node
    region: int | None  # index of the region node
    indicator: str
    value: str  # as people write it: 7129, not 7129.0
    unit: str
    year: str
    evidence: list[int] = field(default_factory=list)


@dataclass
class Article:
    name: str  # the file name (rdfs:label)
    title: str  # dcterms:title, when the build found one


@dataclass
class Extract:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    stats: list[Stat] = field(default_factory=list)

    def class_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for node in self.nodes:
            counts[node.cls] = counts.get(node.cls, 0) + 1
        return counts


def read_graph(graph: Graph, *, statistics: bool = True) -> Extract:
    """The nodes, edges, evidence, articles and statistics of ``graph`` (deterministic order)."""
    reader = _Reader(graph)
    return reader.read(statistics)


def has_entities(graph: Graph) -> bool:
    """True when ``graph`` types at least one node with a pa-kg class."""
    classes = [*ENTITY_CLASSES, "Statistic"]
    return any(next(graph.subjects(RDF.type, getattr(PA, c)), None) is not None for c in classes)


class _Reader:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.out = Extract()
        self.article_ids: dict[Term, int] = {}
        self.evidence_ids: dict[Term, int] = {}

    def read(self, statistics: bool) -> Extract:
        g, out = self.g, self.out
        for art in sorted(set(g.subjects(RDF.type, PA.Article)), key=str):
            self._article(art)
        classes = [*ENTITY_CLASSES, "Statistic"] if statistics else list(ENTITY_CLASSES)
        found: dict[Term, str] = {}
        for name in classes:
            for subject in g.subjects(RDF.type, getattr(PA, name)):
                found.setdefault(subject, name)
        records = []
        for s, cls in found.items():
            if cls == "Statistic":
                amount = number_text(g.value(s, PA.value)) + text(g, s, PA.unit)
                label = f"{amount} {text(g, s, PA.indicator)}".strip()
            else:
                label = text(g, s, RDFS.label) or re.split(r"[/#]", str(s).rstrip("/"))[-1]
            records.append(Node(s, cls, label))
        order = {name: i for i, name in enumerate(classes)}
        records.sort(key=lambda n: (order[n.cls], n.label, str(n.iri)))
        index = {n.iri: i for i, n in enumerate(records)}
        for node in records:
            s = node.iri
            node.aliases = sorted(texts(g, s, SKOS.altLabel) - {node.label})
            node.positions = sorted(texts(g, s, PA.position))
            node.articles = sorted({self._article(a) for a in g.objects(s, PA.mentionedIn)})
        out.nodes = records
        self._edges(index, statistics)
        if statistics:
            self._stats(index)
        return out

    def _article(self, art: Term) -> int:
        if art not in self.article_ids:
            name = text(self.g, art, RDFS.label) or re.split(r"[/#]", str(art))[-1]
            self.article_ids[art] = len(self.out.articles)
            self.out.articles.append(Article(name, text(self.g, art, DCTERMS.title)))
        return self.article_ids[art]

    def _evidence(self, ev: Term) -> int:
        if ev not in self.evidence_ids:
            g = self.g
            art = g.value(ev, PROV.wasDerivedFrom)
            self.evidence_ids[ev] = len(self.out.evidence)
            self.out.evidence.append(
                Evidence(
                    text(g, ev, PA.quote),
                    -1 if art is None else self._article(art),
                    _int(g.value(ev, PA.startChar)),
                    _int(g.value(ev, PA.endChar)),
                )
            )
        return self.evidence_ids[ev]

    def _sorted_evidence(self, nodes) -> list[int]:
        ids = {self._evidence(ev) for ev in nodes}
        evs = self.out.evidence
        return sorted(ids, key=lambda i: (evs[i].article, evs[i].start or 0, evs[i].quote))

    def _edges(self, index: dict[Term, int], statistics: bool) -> None:
        g = self.g
        statements: dict[tuple, tuple[list[Term], bool]] = {}
        for st in g.subjects(RDF.type, RDF.Statement):
            key = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
            evs, gaz = statements.get(key, ([], False))
            evs.extend(g.objects(st, PA.supportedBy))
            flag = g.value(st, PA.fromGazetteer)
            gaz = gaz or (isinstance(flag, Literal) and flag.toPython() is True)
            statements[key] = (evs, gaz)
        edges = []
        for rel in RELATIONS:
            p = getattr(PA, rel)
            for s, o in g.subject_objects(p):
                if s not in index or o not in index:
                    continue
                evs, gaz = statements.get((s, p, o), ([], False))
                edges.append(Edge(index[s], index[o], rel, self._sorted_evidence(evs), gaz))
        if statistics:
            for s, o in g.subject_objects(PA.aboutRegion):
                if s in index and o in index:
                    evs = self._sorted_evidence(g.objects(s, PA.supportedBy))
                    edges.append(Edge(index[s], index[o], STAT_RELATION, evs))
        edges.sort(key=lambda e: (e.rel, e.src, e.dst))
        self.out.edges = edges

    def _stats(self, index: dict[Term, int]) -> None:
        g = self.g
        for i, node in enumerate(self.out.nodes):
            if node.cls != "Statistic":
                continue
            s = node.iri
            region = next((index[r] for r in g.objects(s, PA.aboutRegion) if r in index), None)
            year = g.value(s, PA.year)
            self.out.stats.append(
                Stat(
                    i,
                    region,
                    text(g, s, PA.indicator),
                    number_text(g.value(s, PA.value)),
                    text(g, s, PA.unit),
                    "" if year is None else str(year),
                    self._sorted_evidence(g.objects(s, PA.supportedBy)),
                )
            )


# ---------------------------------------------------------------- literals


def number_text(value: Term | None) -> str:
    """A number as people write it: 7129 not 7129.0, 180000000 not 1.8e+08."""
    if not isinstance(value, Literal):
        return "" if value is None else str(value)
    number = value.toPython()
    if isinstance(number, bool):
        return str(value)
    try:
        number = float(number)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return str(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.6f}".rstrip("0").rstrip(".")


def texts(graph: Graph, s: Term, p: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(s, p) if isinstance(o, Literal)}


def text(graph: Graph, s: Term, p: URIRef) -> str:
    """The value of ``p``, preferring a Chinese literal: the view speaks the articles' language."""
    values = [o for o in graph.objects(s, p) if isinstance(o, Literal)]
    if not values:
        return ""
    values.sort(key=lambda o: (not (o.language or "").startswith("zh"), bool(o.language), str(o)))
    return str(values[0])


def _int(value: Term | None) -> int | None:
    if isinstance(value, Literal):
        try:
            return int(value.toPython())
        except (TypeError, ValueError):
            return None
    return None
