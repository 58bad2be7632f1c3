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

from collections import defaultdict

#: --format name -> (rdflib parser name, file suffix, pyoxigraph RdfFormat, is a dataset format)
FORMATS = {
    "ttl": ("turtle", ".ttl", "TURTLE", False),
    "trig": ("trig", ".trig", "TRIG", True),
    "nt": ("nt", ".nt", "N_TRIPLES", False),
    "nq": ("nquads", ".nq", "N_QUADS", True),
    "jsonld": ("json-ld", ".jsonld", "JSON_LD", False),
    "rdfxml": ("xml", ".rdf", "RDF_XML", False),
}


def article_graphs(graph) -> dict[tuple, set]:
    """For each triple that comes from articles, the IRIs of those articles."""
    from rdflib import RDF

    from kg.vocab import PA, PROV

    articles = set(graph.subjects(RDF.type, PA.Article))
    owners: dict[tuple, set] = defaultdict(set)
    evidence: dict = defaultdict(set)
    for ev, art in graph.subject_objects(PROV.wasDerivedFrom):
        if art in articles:
            evidence[ev].add(art)
            for triple in graph.triples((ev, None, None)):
                owners[triple].add(art)
    for node, ev in graph.subject_objects(PA.supportedBy):
        arts = evidence.get(ev)
        if not arts:
            continue
        for triple in graph.triples((node, None, None)):
            owners[triple] |= arts
        if (node, RDF.type, RDF.Statement) in graph:
            s, p, o = (graph.value(node, t) for t in (RDF.subject, RDF.predicate, RDF.object))
            if None not in (s, p, o) and (s, p, o) in graph:
                owners[(s, p, o)] |= arts
    for entity, art in graph.subject_objects(PA.mentionedIn):
        if art in articles:
            owners[(entity, PA.mentionedIn, art)].add(art)
    for art in articles:
        for triple in graph.triples((art, None, None)):
            owners[triple].add(art)
    return owners


def quads(graph, dataset: bool):
    """The graph's triples as pyoxigraph quads, sorted: by graph (one named graph per
    article when ``dataset``, default graph first), then subject, predicate, object."""
    import pyoxigraph as ox

    from kg.sparql.store import ox_term

    owners = article_graphs(graph) if dataset else {}
    default = ox.DefaultGraph()
    out = []
    for triple in graph:
        s, p, o = (ox_term(t) for t in triple)
        for name in sorted(owners.get(triple) or [None]):
            out.append(ox.Quad(s, p, o, default if name is None else ox_term(name)))
    out.sort(key=lambda q: ("" if q.graph_name == default else str(q.graph_name), str(q)))
    return out


def serialize(graph, fmt: str) -> bytes:
    """The graph in ``fmt`` (a key of FORMATS) as UTF-8 bytes, written by Oxigraph's
    serializers, which keep every literal's lexical form (rdflib's Turtle writer turns
    ``"7129"^^xsd:decimal`` into ``7129.0``, another literal)."""
    import pyoxigraph as ox

    from kg.errors import KgError
    from kg.sparql.engine import PREFIXES

    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    _, _, ox_format, dataset = FORMATS[fmt]
    data = quads(graph, dataset)
    if not dataset:
        data = [q.triple for q in data]
    return ox.serialize(data, format=getattr(ox.RdfFormat, ox_format), prefixes=PREFIXES)


def load_rdflib(path):
    """A graph file or an Oxigraph store directory as an rdflib Graph."""
    import io

    from rdflib import Graph

    from kg.io import load_graph
    from kg.sparql.store import dump_ntriples, is_store, open_store

    if not is_store(path):
        return load_graph(path)
    buffer = io.BytesIO()
    dump_ntriples(open_store(path), buffer)
    graph = Graph()
    graph.parse(data=buffer.getvalue(), format="nt")
    return graph
