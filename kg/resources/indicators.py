"""The indicator scheme (``ontology/lexicons/indicators.ttl``): worded indicator → concept.

Reports word one indicator many ways (建档立卡贫困人口, 贫困群众, 贫困人口); the
concept makes them comparable across articles.  A statistic falls under the
concept one of whose labels its indicator contains and one of whose
``pa:measuredIn`` units it is counted in; a label the indicator ends with
(its head) wins over one inside it (``贫困人口就业`` is employment), then the
longest label (``未脱贫人口`` is not 脱贫人口).  The parsed scheme is pickled beside jieba's
dictionary like the other lexicons.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from kg.resources import lexicon_path

SCHEME_FILE = "indicators.ttl"
PA_MEASURED_IN = "https://w3id.org/pa-kg/ontology#measuredIn"


@dataclass(frozen=True)
class Concept:
    label: str  # prefLabel @zh, also the IRI's last segment
    units: frozenset[str]
    broader: tuple[str, ...]


@cache
def indicator_scheme() -> tuple[dict[str, Concept], tuple[tuple[str, str], ...]]:
    """(concepts by prefLabel, (label, concept) pairs longest label first)."""
    from kg.resources import cached_resource, library_version

    return cached_resource("indicators", [lexicon_path(SCHEME_FILE)],
                           f"rdflib={library_version('rdflib')}", _parse)


def _parse() -> tuple[dict[str, Concept], tuple[tuple[str, str], ...]]:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from kg.errors import KgError

    path = lexicon_path(SCHEME_FILE)
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several kinds for bad Turtle
        raise KgError(f"{path}: not a readable Turtle file ({exc})") from None

    def zh(node, prop) -> list[str]:
        return sorted(str(o) for o in graph.objects(node, prop)
                      if isinstance(o, Literal) and (o.language or "zh").startswith("zh"))

    concepts: dict[str, Concept] = {}
    names = {}
    for node in graph.subjects(RDF.type, SKOS.Concept):
        pref = zh(node, SKOS.prefLabel)
        if len(pref) != 1:
            raise KgError(f"{path}: {node} needs exactly one prefLabel @zh")
        names[node] = pref[0]
    pairs: list[tuple[str, str]] = []
    for node, name in names.items():
        units = frozenset(str(u) for u in graph.objects(node, URIRef(PA_MEASURED_IN)))
        broader = tuple(sorted(names[b] for b in graph.objects(node, SKOS.broader) if b in names))
        concepts[name] = Concept(name, units, broader)
        if units:
            pairs += [(label, name) for label in [name, *zh(node, SKOS.altLabel)]]
    pairs.sort(key=lambda p: (-len(p[0]), p[0], p[1]))
    return concepts, tuple(pairs)


@lru_cache(maxsize=4096)
def concept_for(indicator: str, unit: str) -> str:
    """The prefLabel of the concept ``indicator`` counted in ``unit`` falls under, or ""."""
    concepts, pairs = indicator_scheme()
    base = unit.split("/")[0]
    found = [(label, name) for label, name in _by_unit(base) if label in indicator]
    # the head of a Chinese noun phrase is its last word: 贫困人口就业 is employment
    heads = [pair for pair in found if indicator.endswith(pair[0])]
    return (heads or found or [("", "")])[0][1]


@lru_cache(maxsize=256)
def _by_unit(unit: str) -> tuple[tuple[str, str], ...]:
    concepts, pairs = indicator_scheme()
    return tuple(p for p in pairs if unit in concepts[p[1]].units)


def broader_chain(name: str) -> list[str]:
    """The concept and every concept above it."""
    concepts, _ = indicator_scheme()
    out, todo = [], [name]
    while todo:
        current = todo.pop()
        if current in concepts and current not in out:
            out.append(current)
            todo.extend(concepts[current].broader)
    return out
