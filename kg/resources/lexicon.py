"""The programme and industry lexicons: SKOS concept schemes in ``ontology/``.

A concept's ``skos:prefLabel`` is the canonical name, its ``skos:altLabel``s
are surface forms, and ``skos:broader`` places it in a category
(香菇 → 食用菌 → 种植业).  The matcher also accepts ``X产业`` for an industry
X, since reports write both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.resources import lexicon_path, read_words
from kg.vocab import class_table

if TYPE_CHECKING:
    from rdflib import Graph

LEXICON_FILES = class_table().lexicons
_INDUSTRY_FORMS = ("产业",)
_MIN_FORM = 2  # one-character names (牛, 竹) hide inside other words


@dataclass(frozen=True)
class Term:
    kind: str  # Program or Industry
    canonical: str  # the concept's prefLabel
    broader: tuple[str, ...]  # prefLabels of the broader concepts


def _zh(graph: Graph, node, prop) -> list[str]:
    from rdflib import Literal

    return [
        str(o)
        for o in graph.objects(node, prop)
        if isinstance(o, Literal) and (o.language or "zh").startswith("zh")
    ]


@cache
def load_lexicon() -> dict[str, Term]:
    """Surface form -> term, for every concept of both schemes."""
    from kg.resources import cached_resource, library_version

    sources = [lexicon_path(f) for f in LEXICON_FILES.values()]
    sources.append(lexicon_path("not_programs.txt"))
    return cached_resource("lexicon", sources, f"rdflib={library_version('rdflib')}",
                           _parse_lexicons)


def _parse_lexicons() -> dict[str, Term]:
    from rdflib.namespace import RDF, SKOS

    surfaces: dict[str, Term] = {}
    for kind, name in LEXICON_FILES.items():
        graph = _parse_scheme(name)
        grouping = set(graph.objects(None, SKOS.member))
        for concept in set(graph.subjects(SKOS.prefLabel, None)):
            labels = _zh(graph, concept, SKOS.prefLabel)
            top = (concept, SKOS.broader, None) not in graph
            if not labels or concept in grouping or (kind == "Industry" and top):
                # grouping concepts and the top industry categories (种植业, 服务业)
                # organise the scheme; they are not names of one line of work
                continue
            if (concept, RDF.type, SKOS.Collection) in graph:
                continue
            canonical = labels[0]
            broader = tuple(
                label
                for b in graph.objects(concept, SKOS.broader)
                for label in _zh(graph, b, SKOS.prefLabel)
            )
            term = Term(kind, canonical, broader)
            forms = {canonical, *_zh(graph, concept, SKOS.altLabel)}
            if kind == "Industry":
                forms |= {canonical + f for f in _INDUSTRY_FORMS if not canonical.endswith("业")}
            for form in (f for f in forms if len(f) >= _MIN_FORM):
                # a form claimed by a Program stays a Program (光伏扶贫 vs 光伏)
                if form not in surfaces or surfaces[form].kind == "Industry" == kind:
                    surfaces.setdefault(form, term)
    for word in read_words("not_programs.txt"):
        term = surfaces.get(word)
        if term is not None and term.kind == "Program":
            del surfaces[word]
    return surfaces


@cache
def not_programs() -> frozenset[str]:
    return frozenset(read_words("not_programs.txt"))


@cache
def top_industries() -> frozenset[str]:
    """The top industry categories (种植业, 养殖业, 服务业 ...): not matched as names by
    themselves, but a report that develops one names it as a sector."""
    from kg.resources import cached_resource, library_version

    return cached_resource("lexicon-tops", [lexicon_path(LEXICON_FILES["Industry"])],
                           f"rdflib={library_version('rdflib')}", _parse_tops)


def _parse_scheme(name: str):
    """One SKOS lexicon as an rdflib Graph; a file that is no Turtle is named in the error."""
    from rdflib import Graph

    path = lexicon_path(name)
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser error types
        raise KgError(f"{path}: not valid Turtle ({exc})") from None
    return graph


def _parse_tops() -> frozenset[str]:
    from rdflib.namespace import SKOS

    graph = _parse_scheme(LEXICON_FILES["Industry"])
    grouping = set(graph.objects(None, SKOS.member))
    return frozenset(
        label
        for top in graph.objects(None, SKOS.hasTopConcept)
        if top not in grouping
        for label in _zh(graph, top, SKOS.prefLabel)
    )
