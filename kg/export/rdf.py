"""Exports in every standard RDF format; TriG and N-Quads carry one named graph per article.

In a dataset export each triple sits in the named graph of every article it
can be traced to (the graph's name is the article's IRI), so
``GRAPH <…/article/000_….txt> { … }`` selects what one article says:

* an evidence node's triples, for the article it was derived from;
* a statement's or a statistic's triples, and the plain triple a statement
  reifies, for the articles of its evidence;
* ``?entity pa:mentionedIn <article>`` and the article's own description.

Everything else (entity types and labels, gazetteer links, adcodes) sits in
the default graph.  The union of all graphs is the input graph.
"""

from __future__ import annotations

from kg.export.formats import BY_NAME, NAMES

#: SPARQL Update that copies into the named graph of each article (its IRI) the triples
#: that come from it; the default graph is read, never changed.  One mechanism for
#: exports (TriG, N-Quads), for ``FROM <article>`` in queries and for stores.
#: (run with the project's prefixes, kg.vocab.PREFIXES)
ARTICLE_GRAPHS = """
INSERT { GRAPH ?art { ?ev ?p ?o } }
WHERE { ?art a pa:Article . ?ev prov:wasDerivedFrom ?art ; ?p ?o } ;
INSERT { GRAPH ?art { ?node ?p ?o } }
WHERE { ?art a pa:Article . ?ev prov:wasDerivedFrom ?art . ?node pa:supportedBy ?ev ; ?p ?o } ;
INSERT { GRAPH ?art { ?s ?p ?o } }
WHERE {
  ?art a pa:Article . ?ev prov:wasDerivedFrom ?art .
  ?node pa:supportedBy ?ev ; a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?s ?p ?o
} ;
INSERT { GRAPH ?art { ?entity pa:mentionedIn ?art } }
WHERE { ?art a pa:Article . ?entity pa:mentionedIn ?art } ;
INSERT { GRAPH ?art { ?art ?p ?o } } WHERE { ?art a pa:Article ; ?p ?o }
"""


def add_article_graphs(store) -> None:
    """Give each article of an Oxigraph store's default graph its named graph.

    The default graph keeps every triple (it is the union a query sees when it
    names no dataset); an article's graph holds copies of the triples that can be
    traced to it: its evidence nodes, the statements and statistics they support
    and the plain triples those statements reify, its mentions and its own
    description.  Entity types and labels, gazetteer links and adcodes belong to
    no article and stay in the default graph only.
    """
    from kg.vocab import PREFIXES

    store.update(ARTICLE_GRAPHS, prefixes=PREFIXES)


def article_store(graph):
    """An in-memory Oxigraph store of an rdflib graph, with the article graphs added."""
    import pyoxigraph as ox

    from kg.sparql.store import to_quads

    store = ox.Store()
    store.bulk_extend(to_quads(graph))
    add_article_graphs(store)
    return store


def quads(graph, dataset: bool):
    """The graph's triples as pyoxigraph quads, sorted: by graph (one named graph per
    article when ``dataset``, default graph first), then subject, predicate, object.

    In a dataset a triple that sits in an article's graph is not repeated in the
    default graph, so that the file's union is the graph, each triple once per
    article it comes from."""
    import pyoxigraph as ox

    from kg.sparql.store import to_quads

    default = ox.DefaultGraph()
    if dataset:
        store = article_store(graph)
        named = [q for q in store.quads_for_pattern(None, None, None) if q.graph_name != default]
        owned = {q.triple for q in named}
        out = named + [
            q for q in store.quads_for_pattern(None, None, None, default) if q.triple not in owned
        ]
    else:
        out = list(to_quads(graph))
    out.sort(key=lambda q: ("" if q.graph_name == default else str(q.graph_name), str(q)))
    return out


def serialize(graph, fmt: str) -> bytes:
    """The graph in ``fmt`` (a name of kg.export.formats) as UTF-8 bytes, written by Oxigraph's
    serializers, which keep every literal's lexical form (rdflib's Turtle writer turns
    ``"7129"^^xsd:decimal`` into ``7129.0``, another literal)."""
    import pyoxigraph as ox

    from kg.errors import KgError
    from kg.vocab import PREFIXES

    if fmt not in BY_NAME:
        raise KgError(f"unknown format {fmt!r}; choose one of {', '.join(NAMES)}")
    ox_format, dataset = BY_NAME[fmt].oxigraph, BY_NAME[fmt].dataset
    data = quads(graph, dataset)
    if not dataset:
        data = [q.triple for q in data]
    out = ox.serialize(data, format=getattr(ox.RdfFormat, ox_format), prefixes=PREFIXES)
    return with_context(out) if fmt == "jsonld" else out


def with_context(expanded: bytes) -> bytes:
    """Oxigraph's expanded JSON-LD compacted against a ``@context`` of the project's
    prefixes: keys and IRIs become ``pa:…`` / ``par:…``, ``rdf:type`` becomes ``@type``,
    and when most tagged strings are Chinese the context says ``"@language": "zh"``, so
    that they are plain strings (a string with no language stays a value object, which
    the default language does not touch).  Same triples, a file people can read."""
    import json

    from kg.vocab import PREFIXES

    nodes = json.loads(expanded)
    languages = [
        v.get("@language")
        for node in nodes
        for key, values in node.items()
        if key != "@id"
        for v in values
        if "@value" in v
    ]
    tagged = [lang for lang in languages if lang]
    default = "zh" if tagged and tagged.count("zh") * 2 > len(tagged) else None
    context: dict = dict(PREFIXES)
    if default:
        context["@language"] = default
    compact = _Compactor(PREFIXES, default)
    document = {"@context": context, "@graph": [compact.node(n) for n in nodes]}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


class _Compactor:
    """The few JSON-LD compaction rules that expanded node objects of a graph need."""

    def __init__(self, prefixes: dict[str, str], language: str | None) -> None:
        # longest namespace first, so that a nested namespace wins over its parent
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.language = language

    def iri(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            rest = iri[len(namespace) :]
            if iri.startswith(namespace) and rest and not rest.startswith("//"):
                return f"{prefix}:{rest}"
        return iri

    def value(self, value: dict):
        if "@id" in value:
            return {"@id": self.iri(value["@id"])}
        if "@type" in value:
            return {"@value": value["@value"], "@type": self.iri(value["@type"])}
        language = value.get("@language")
        if language == self.language or (language is None and self.language is None):
            return value["@value"]
        return dict(value)

    def node(self, node: dict) -> dict:
        out: dict = {}
        for key, values in node.items():
            if key == "@id":
                out["@id"] = self.iri(values)
            elif key == RDF_TYPE:
                types = [self.iri(v["@id"]) for v in values]
                out["@type"] = types[0] if len(types) == 1 else types
            elif key == "@graph":
                out["@graph"] = [self.node(n) for n in values]
            else:
                compacted = [self.value(v) for v in values]
                out[self.iri(key)] = compacted[0] if len(compacted) == 1 else compacted
        return out


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
