"""Read a pa-kg RDF graph into plain records: the nodes, relations and evidence people look at.

Both the HTML view (:mod:`kg.view.html`) and the network analysis (:mod:`kg.analysis`) start
from :func:`read_graph`, so they agree on what a node and an edge are:

* a **node** is an entity typed with one of the entity classes of :data:`kg.vocab.CLASSES` (a
  node typed twice takes the first class listed) or, when asked for, a ``pa:Statistic``;
* an **edge** is a plain relation triple (``pa:servesIn``, ``pa:locatedIn``, ``pa:implements``,
  ``pa:develops``; and ``pa:aboutRegion`` from a statistic) whose two ends are nodes.  Its
  evidence comes from the reified ``rdf:Statement`` with the same subject, predicate and object.

Statement, Evidence and Article nodes are not nodes here: their content is carried as evidence.

The reader works on :class:`kg.graph.terms.Triples`, terms as plain Python values, so the
same code reads an rdflib graph (:func:`read_graph`), a graph file parsed by pyoxigraph, and the
per-article triples a build keeps in its cache (:func:`view_triples`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from kg.graph.terms import Lit, Term, Triples, ox_plain, rdflib_plain
from kg.vocab import DCTERMS_NS, PA_NS, PROV_NS, RDF_NS, RDFS_NS, SKOS_NS, XSD_NS, class_table

if TYPE_CHECKING:
    from rdflib import Graph

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
    page: int = 0  # a PDF or image source's page (pa:page), 0 for a text source
    box: str = ""  # its box on the page (pa:box), which names its crop (kg.sources.crops)


@dataclass
class Node:
    iri: str
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
    crops: frozenset[str] = frozenset()  # URLs of the evidence crops written beside the view

    def class_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for node in self.nodes:
            counts[node.cls] = counts.get(node.cls, 0) + 1
        return counts


def read_graph(graph: Graph, *, statistics: bool = True) -> Extract:
    """The nodes, edges, evidence, articles and statistics of an rdflib ``graph``."""
    plain = rdflib_plain
    return read_triples(Triples((plain(s), str(p), plain(o)) for s, p, o in graph), statistics)


def read_triples(triples: Triples, statistics: bool = True) -> Extract:
    """The nodes, edges, evidence, articles and statistics of ``triples`` (deterministic order)."""
    return _Reader(triples).read(statistics)


def has_entities(graph: Graph) -> bool:
    """True when ``graph`` types at least one node with a pa-kg class."""
    from rdflib import RDF, URIRef

    classes = class_table().names
    return any(next(graph.subjects(RDF.type, URIRef(getattr(PA_NS, c))), None) is not None
               for c in classes)


# ---------------------------------------------------------------- per-article triples

#: what the view draws of a large graph: entities, their names, relations and articles
_CORE_PREDICATES = frozenset({RDF_NS.type, RDFS_NS.label, SKOS_NS.altLabel, DCTERMS_NS.title,
                              PA_NS.position, PA_NS.mentionedIn,
                              *(getattr(PA_NS, r) for r in RELATIONS)})


def view_triples(triples: Iterable) -> list[tuple]:
    """What the view draws of one article's pyoxigraph triples, as plain tuples.

    Entities (typed, named, with their articles and positions), relations and
    the gazetteer's statements: a build keeps these beside each fragment, so
    the view of a large graph is merged from them instead of parsing the graph.
    Literals are ``(value, language, datatype)`` tuples, so marshal stores them,
    and each IRI is one object, so marshal stores it once.
    """
    import pyoxigraph as ox

    wanted = _wanted_predicates()
    view_types = frozenset(getattr(PA_NS, c) for c in (*class_table().entities, "Article"))
    rdf_type, gazetteer_flag = RDF_NS.type, PA_NS.fromGazetteer
    seen: dict[str, str] = {}
    intern = seen.setdefault
    plain: list[tuple] = []
    drawn: set[str] = set()
    gazetteer: set[str] = set()
    for t in triples:
        if t.predicate not in wanted:
            continue
        s, p, o = t.subject.value, t.predicate.value, t.object
        s, p = intern(s, s), intern(p, p)
        if isinstance(o, ox.Literal):
            obj: object = tuple(ox_plain(o))
        else:
            obj = intern(o.value, o.value)
            if p == rdf_type and obj in view_types:
                drawn.add(s)
        if p == gazetteer_flag:
            gazetteer.add(s)
        plain.append((s, p, obj))
    return [(s, p, o) for s, p, o in plain
            if (s in drawn and p in _CORE_PREDICATES) or s in gazetteer]


@cache
def _wanted_predicates() -> frozenset:
    """The predicates of :func:`view_triples` as pyoxigraph nodes, to skip the rest unread."""
    import pyoxigraph as ox

    statement = (RDF_NS.subject, RDF_NS.predicate, RDF_NS.object, PA_NS.fromGazetteer)
    return frozenset(ox.NamedNode(p) for p in (*_CORE_PREDICATES, *statement))


class _Reader:
    def __init__(self, graph: Triples) -> None:
        self.g = graph
        self.out = Extract()
        self.article_ids: dict[str, int] = {}
        self.evidence_ids: dict[str, int] = {}

    def read(self, statistics: bool) -> Extract:
        g, out = self.g, self.out
        for art in sorted(set(g.subjects(RDF_NS.type, PA_NS.Article))):
            self._article(art)
        table = class_table()
        classes = list(table.names if statistics else table.entities)
        found: dict[str, str] = {}
        for name in classes:
            for subject in g.subjects(RDF_NS.type, getattr(PA_NS, name)):
                found.setdefault(subject, name)
        records = []
        for s, cls in found.items():
            if cls == "Statistic":
                amount = number_text(g.value(s, PA_NS.value)) + text(g, s, PA_NS.unit)
                label = f"{amount} {text(g, s, PA_NS.indicator)}".strip()
            else:
                label = text(g, s, RDFS_NS.label) or re.split(r"[/#]", s.rstrip("/"))[-1]
            records.append(Node(s, cls, label))
        order = {name: i for i, name in enumerate(classes)}
        records.sort(key=lambda n: (order[n.cls], n.label, n.iri))
        index = {n.iri: i for i, n in enumerate(records)}
        for node in records:
            s = node.iri
            node.aliases = sorted(texts(g, s, SKOS_NS.altLabel) - {node.label})
            node.positions = sorted(texts(g, s, PA_NS.position))
            node.articles = sorted({self._article(str(a)) for a in g.objects(s, PA_NS.mentionedIn)})
        out.nodes = records
        self._edges(index, statistics)
        if statistics:
            self._stats(index)
        self._number_evidence()
        return out

    def _number_evidence(self) -> None:
        """Evidence in article and offset order, whatever order the triples came in."""
        out = self.out
        order = sorted(range(len(out.evidence)), key=lambda i: (
            out.evidence[i].article, out.evidence[i].start or 0, out.evidence[i].end or 0,
            out.evidence[i].quote))
        new_id = {old: new for new, old in enumerate(order)}
        out.evidence = [out.evidence[i] for i in order]
        for item in [*out.edges, *out.stats]:
            item.evidence = sorted(new_id[i] for i in item.evidence)

    def _article(self, art: str) -> int:
        if art not in self.article_ids:
            name = text(self.g, art, RDFS_NS.label) or re.split(r"[/#]", art)[-1]
            self.article_ids[art] = len(self.out.articles)
            self.out.articles.append(Article(name, text(self.g, art, DCTERMS_NS.title)))
        return self.article_ids[art]

    def _evidence(self, ev: str) -> int:
        if ev not in self.evidence_ids:
            g = self.g
            art = g.value(ev, PROV_NS.wasDerivedFrom)
            self.evidence_ids[ev] = len(self.out.evidence)
            self.out.evidence.append(
                Evidence(
                    text(g, ev, PA_NS.quote),
                    -1 if art is None else self._article(str(art)),
                    _int(g.value(ev, PA_NS.startChar)),
                    _int(g.value(ev, PA_NS.endChar)),
                    _int(g.value(ev, PA_NS.page)) or 0,
                    text(g, ev, PA_NS.box),
                )
            )
        return self.evidence_ids[ev]

    def _sorted_evidence(self, nodes: Iterable[Term]) -> list[int]:
        ids = {self._evidence(str(ev)) for ev in sorted(map(str, nodes))}
        evs = self.out.evidence
        return sorted(ids, key=lambda i: (evs[i].article, evs[i].start or 0, evs[i].quote))

    def _edges(self, index: dict[str, int], statistics: bool) -> None:
        g = self.g
        statements: dict[tuple, tuple[list[Term], bool]] = {}
        for st in g.subjects(RDF_NS.type, RDF_NS.Statement):
            key = (g.value(st, RDF_NS.subject), g.value(st, RDF_NS.predicate),
                   g.value(st, RDF_NS.object))
            evs, gaz = statements.get(key, ([], False))
            evs.extend(g.objects(st, PA_NS.supportedBy))
            flag = g.value(st, PA_NS.fromGazetteer)
            gaz = gaz or (isinstance(flag, Lit) and flag.value in ("true", "1"))
            statements[key] = (evs, gaz)
        edges = []
        for rel in RELATIONS:
            p = getattr(PA_NS, rel)
            for s, o in g.subject_objects(p):
                if s not in index or o not in index:
                    continue
                evs, gaz = statements.get((s, p, o), ([], False))
                edges.append(Edge(index[s], index[o], rel, self._sorted_evidence(evs), gaz))
        if statistics:
            for s, o in g.subject_objects(PA_NS.aboutRegion):
                if s in index and o in index:
                    evs = self._sorted_evidence(g.objects(s, PA_NS.supportedBy))
                    edges.append(Edge(index[s], index[str(o)], STAT_RELATION, evs))
        edges.sort(key=lambda e: (e.rel, e.src, e.dst))
        self.out.edges = edges

    def _stats(self, index: dict[str, int]) -> None:
        g = self.g
        for i, node in enumerate(self.out.nodes):
            if node.cls != "Statistic":
                continue
            s = node.iri
            region = next((index[r] for r in g.objects(s, PA_NS.aboutRegion) if r in index), None)
            year = g.value(s, PA_NS.year)
            self.out.stats.append(
                Stat(
                    i,
                    region,
                    text(g, s, PA_NS.indicator),
                    number_text(g.value(s, PA_NS.value)),
                    text(g, s, PA_NS.unit),
                    "" if year is None else str(year),
                    self._sorted_evidence(g.objects(s, PA_NS.supportedBy)),
                )
            )


# ---------------------------------------------------------------- literals


def number_text(value: Term | None) -> str:
    """A number as people write it: 7129 not 7129.0, 180000000 not 1.8e+08."""
    if not isinstance(value, Lit):
        return "" if value is None else str(value)
    if value.datatype == XSD_NS.boolean:
        return value.value
    try:
        number = float(value.value)
    except ValueError:
        return value.value
    if not math.isfinite(number):
        return value.value
    if number.is_integer():
        return str(int(number))
    return f"{number:.6f}".rstrip("0").rstrip(".")


def texts(graph: Triples, s: str, p: str) -> set[str]:
    return {o.value for o in graph.objects(s, p) if isinstance(o, Lit)}


def text(graph: Triples, s: str, p: str) -> str:
    """The value of ``p``, preferring a Chinese literal: the view speaks the articles' language."""
    values = [o for o in graph.objects(s, p) if isinstance(o, Lit)]
    if not values:
        return ""
    values.sort(key=lambda o: (not o.language.startswith("zh"), bool(o.language), o.value))
    return values[0].value


def _int(value: Term | None) -> int | None:
    if isinstance(value, Lit):
        try:
            return int(float(value.value)) if value.value.strip() else None
        except ValueError:
            return None
    return None
