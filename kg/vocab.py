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
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import URIRef

PA_IRI = "https://w3id.org/pa-kg/ontology#"
PAR_IRI = "https://w3id.org/pa-kg/resource/"
PROV_IRI = "http://www.w3.org/ns/prov#"
SCHEMA_IRI = "https://schema.org/"

@dataclass(frozen=True)
class NodeClass:
    """One class of node the graph holds, with everything any part of pa-kg says about it.

    This table is the only place the classes are listed: the IRIs, the view's legend and
    colours, the layout's rows, the analysis's groups, the lexicon files and the ontology
    check all derive from it, so adding a class is one row here (and its ontology and
    lexicon), never a hunt through the modules that draw or count it.
    """

    name: str  # the term of ontology/pa.ttl: pa:NAME
    label: str  # its English rdfs:label in pa.ttl (a test keeps the two in step)
    plural: str  # in headings and summaries
    segment: str  # resources are minted as par:SEGMENT/KEY ("" for nodes minted by content)
    role: str  # "person", "region", "term" (matched by a lexicon or a shape) or "statistic"
    colour: str  # in the view, in charts and in the GEXF file
    shape: str  # the view's vis-network node shape
    band: int  # row of the view's hierarchy layout, top to bottom
    level: int | None = None  # place in the division table, province 0 … village 4
    lexicon: str = ""  # SKOS scheme in ontology/lexicons/ whose concepts it names

    @property
    def entity(self) -> bool:
        """An entity (drawn, counted, ranked), as opposed to a statistic about one."""
        return self.role != "statistic"


#: every class of node, in the order legends, filters and reports list them
CLASSES: tuple[NodeClass, ...] = (
    NodeClass("Official", "official", "officials", "official", "person", "#d62728", "dot", 0),
    NodeClass("Province", "province", "provinces", "region", "region", "#08306b", "dot", 1, 0),
    NodeClass("City", "prefecture-level city", "cities", "region", "region", "#2171b5", "dot",
              2, 1),
    NodeClass("County", "county", "counties", "region", "region", "#4292c6", "dot", 3, 2),
    NodeClass("Town", "town", "towns", "region", "region", "#6baed6", "dot", 4, 3),
    NodeClass("Village", "village", "villages", "region", "region", "#9ecae1", "dot", 5, 4),
    # a region whose level is not known: drawn with the villages, ranked below them
    NodeClass("Region", "region", "regions", "region", "region", "#c6dbef", "dot", 5),
    NodeClass("Program", "programme", "programmes", "program", "term", "#ff7f0e", "triangle", 6,
              lexicon="programs.ttl"),
    NodeClass("Industry", "industry", "industries", "industry", "term", "#2ca02c", "square", 7,
              lexicon="industries.ttl"),
    NodeClass("Organization", "organisation", "organisations", "organization", "term",
              "#9467bd", "dot", 8),
    NodeClass("Statistic", "statistic", "statistics", "", "statistic", "#8c564b", "diamond", 9),
)


class ClassViews:
    """The ways the modules read :data:`CLASSES`, derived once per table."""

    def __init__(self, classes: tuple[NodeClass, ...]) -> None:
        self.classes = classes
        self.by_name = {c.name: c for c in classes}
        self.names = tuple(c.name for c in classes)
        #: entity classes (a node typed twice takes the first listed)
        self.entities = tuple(c.name for c in classes if c.entity)
        self.regions = tuple(c.name for c in classes if c.role == "region")
        #: the levels of the division table, top down
        self.levels = tuple(c.name for c in sorted(classes, key=lambda c: c.level or 0)
                            if c.level is not None)
        #: regions top down; a region of unknown level after the deepest level
        self.region_rank = {name: self.by_name[name].level if self.by_name[name].level is not None
                            else len(self.levels) for name in self.regions}
        self.style = {c.name: (c.colour, c.shape) for c in classes}
        bands: dict[int, list[str]] = {}
        for c in classes:
            bands.setdefault(c.band, []).append(c.name)
        #: rows of the hierarchy layout, top to bottom
        self.bands = tuple(tuple(bands[b]) for b in sorted(bands))
        groups: dict[str, list[str]] = {}
        for c in classes:
            if c.entity:
                groups.setdefault("Region" if c.role == "region" else c.name, []).append(c.name)
        #: the analysis's groups: the region levels are one group
        self.groups = {g: tuple(names) for g, names in groups.items()}
        self.terms = tuple(c.name for c in classes if c.role == "term")
        self.lexicons = {c.name: c.lexicon for c in classes if c.lexicon}


_views: tuple[tuple[NodeClass, ...], ClassViews] | None = None


def class_table() -> ClassViews:
    """The views of the class table as it is now (a test may register a class in it)."""
    global _views
    if _views is None or _views[0] is not CLASSES:
        _views = (CLASSES, ClassViews(CLASSES))
    return _views[1]


#: the extractor's fixed views of the table: the division levels top down, and the classes
#: that lexicons and name shapes find
REGION_LEVELS = ClassViews(CLASSES).levels
TERM_CLASSES = ClassViews(CLASSES).terms

#: the terms of the pa-kg ontology (ontology/pa.ttl) besides the classes; a test keeps the
#: two in step
PA_TERMS = (
    # provenance classes of our own, not drawn
    "Article",
    "Evidence",  # a sentence span of an article that supports a fact
    # properties of the contract
    "position", "servesIn", "locatedIn", "implements", "develops", "mentionedIn",
    "aboutRegion", "indicator", "value", "unit", "year",
    # extensions
    "adcode",  # the national administrative-division code (GB/T 2260)
    "divisionPath",  # a town's or village's place in the division table: county code/town/village
    "fromGazetteer",  # true on a locatedIn statement the gazetteer supplied
    "supportedBy",  # statement or statistic -> Evidence
    "quote",  # Evidence -> the sentence as written in the article
    "startChar",  # Evidence -> offset of the sentence in the raw file
    "endChar",
    "surface",  # Statistic -> the number as written (`1.8亿元`)
    "contentHash",  # Article -> sha256 of the file's bytes
    "officeRegion",  # a post (org:Membership) -> the region of its office
    "qualifier",  # Statistic -> 多, 余, 近, 约, 以上, 左右 … as written with the number
    "maxValue",  # Statistic -> the high end of a range (200到350元)
    "indicatorConcept",  # Statistic -> the skos:Concept of ontology/lexicons/indicators.ttl
    "measuredIn",  # indicator concept -> a unit its statistics are counted in
    "page",  # Evidence -> the page of a PDF or image source it is on (from 1)
    "box",  # Evidence -> its box on that page, as a Media Fragments "xywh=percent:x,y,w,h"
    "textFile",  # Article -> the text extracted from a non-.txt source, beside the graph
)


def pa_terms() -> tuple[str, ...]:
    """Every term of the pa namespace: the classes of the table, then :data:`PA_TERMS`."""
    return (*class_table().names, *PA_TERMS)


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


class _ClassNamespace(IriNamespace):
    """The pa namespace: closed over :data:`PA_TERMS` and the classes of :data:`CLASSES`."""

    def __getattr__(self, name: str) -> str:
        if name in class_table().by_name:
            return self._iri + name
        return super().__getattr__(name)


PA_NS = _ClassNamespace(PA_IRI, PA_TERMS)
PROV_NS = IriNamespace(PROV_IRI, ("wasDerivedFrom", "Entity"))
RDF_NS = IriNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                      ("type", "Statement", "subject", "predicate", "object", "langString"))
RDFS_NS = IriNamespace("http://www.w3.org/2000/01/rdf-schema#", ("label",))
XSD_NS = IriNamespace("http://www.w3.org/2001/XMLSchema#",
                      ("integer", "decimal", "gYear", "boolean", "string", "date"))
SKOS_NS = IriNamespace("http://www.w3.org/2004/02/skos/core#", ("altLabel", "broader"))
DCTERMS_NS = IriNamespace("http://purl.org/dc/terms/", ("title", "date", "publisher", "creator"))
#: the W3C Organization Ontology: one org:Membership per official and office
ORG_NS = IriNamespace("http://www.w3.org/ns/org#",
                      ("Membership", "Role", "member", "organization", "role"))
OWL_NS = IriNamespace("http://www.w3.org/2002/07/owl#", ())

#: THE prefix table: every writer (graph.ttl, ``kg export``, CONSTRUCT answers, the query
#: page) declares these, and queries may use them undeclared
PREFIXES = {
    "pa": PA_IRI,
    "par": PAR_IRI,
    "rdf": str(RDF_NS),
    "rdfs": str(RDFS_NS),
    "skos": str(SKOS_NS),
    "prov": PROV_IRI,
    "xsd": str(XSD_NS),
    "dcterms": str(DCTERMS_NS),
    "owl": str(OWL_NS),
    "org": str(ORG_NS),
}

#: the path segment under ``par:`` for each kind of node
KIND_SEGMENT = {
    **{c.name: c.segment for c in CLASSES if c.segment},
    "Role": "role",  # org:Role: a role word of the title grammar (局长, 第一书记)
    "Indicator": "indicator",  # concepts of ontology/lexicons/indicators.ttl
}


def _digest(*parts: str) -> str:
    """A short stable digest: the same parts give the same IRI in every build."""
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")  # any str, even a lone surrogate
    return hashlib.sha1(data).hexdigest()[:16]


#: ASCII that an IRI path segment may hold as it is (RFC 3987 iunreserved, sub-delims, ``:@``)
_ASCII_KEPT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                        "-._~!$&'()*+,;=:@/")
#: RFC 3987 ``ucschar``: the non-ASCII code points an IRI path may hold
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
            *((p << 16, (p << 16) + 0xFFFD) for p in range(1, 14)), (0xE1000, 0xEFFFD))
#: characters that are valid but invisible or blank: a name holding one is not
#: what it looks like, so they are encoded too (format controls, spaces, separators)
_INVISIBLE = frozenset(("Cf", "Zs", "Zl", "Zp"))
#: candidates for encoding; CJK ideographs and plain ASCII names never reach the check
_CANDIDATE = re.compile(r"[^-A-Za-z0-9._~!$&'()*+,;=:@/\u4e00-\u9fff]")


def _is_kept(ch: str) -> bool:
    """Whether an IRI may carry ``ch`` as it is (a readable name stays readable)."""
    if ch in _ASCII_KEPT:
        return True
    code = ord(ch)
    if not any(low <= code <= high for low, high in _UCSCHAR):
        return False
    return unicodedata.category(ch) not in _INVISIBLE


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if _is_kept(ch):
        return ch
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


@lru_cache(maxsize=1 << 16)
def iri_name(name: str) -> str:
    """Any text as the path of a valid IRI: what IRIs forbid is percent-encoded.

    Chinese and other letters stay readable (``光伏扶贫``); spaces, quotes,
    ``<>[]{}|\\^`%#?``, controls, DEL, C1 controls, noncharacters (U+FFFE,
    U+FFFF), U+FFFD, private-use code points, lone surrogates and invisible
    format characters become ``%XX`` of their UTF-8 bytes.  A path segment
    made only of dots, which IRI resolution would remove, is encoded too.
    Whatever an article or a file name holds, the result parses as an IRI.
    """
    encoded = _CANDIDATE.sub(_escape, name)
    if "." in encoded:
        encoded = "/".join("%2E" * len(seg) if seg and not seg.strip(".") else seg
                           for seg in encoded.split("/"))
    return encoded


def mint(segment: str, name: str) -> str:
    """THE minting function: the resource IRI ``par:SEGMENT/NAME`` for any text ``name``.

    Every resource IRI of the graph is made here (:func:`mint_entity`,
    :func:`mint_article` and :func:`mint_node` are its faces), so no text
    can make an invalid IRI anywhere.
    """
    return f"{PAR_IRI}{segment}/{iri_name(name)}"


def mint_entity(kind: str, key: str) -> str:
    """IRI of an entity from its class and its resolution key.

    The key is the canonical name (for regions: the adcode, or the county's
    adcode plus the name), so the same entity gets the same IRI in every
    build and across articles.  Chinese characters stay readable (IRIs allow
    them); characters that IRIs forbid are percent-encoded (:func:`iri_name`).
    """
    return mint(KIND_SEGMENT[kind], key)


def mint_article(article_id: str) -> str:
    """IRI of an article from its file name."""
    return mint("article", article_id)


def mint_node(kind: str, *parts: str) -> str:
    """IRI of an auxiliary node (statistic, evidence, statement) from its content."""
    return mint(kind, _digest(*parts))


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
        "__annotations__": dict.fromkeys(pa_terms(), URIRef),
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
