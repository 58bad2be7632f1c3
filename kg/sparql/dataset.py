"""The RDF dataset a query reads: the protocol's or the query's graphs, over article graphs.

A graph file is queried as a dataset whose default graph is the union of
everything and whose named graphs are the articles' (:mod:`kg.export.rdf`
says which triples an article's graph holds).  The SPARQL 1.1 Protocol's
``default-graph-uri`` / ``named-graph-uri`` (a :class:`DatasetSpec`) replace a
query's ``FROM`` / ``FROM NAMED``.  Several default graphs are merged, each
triple once, as SPARQL says (Oxigraph alone would repeat a triple that two of
them hold): :func:`merged_dataset` copies them into one graph first.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DatasetSpec:
    """The RDF dataset a request names: the IRIs of the graphs whose merge is the default
    graph, and of the named graphs ``GRAPH`` may match.  Given at all, it replaces the
    query's ``FROM`` / ``FROM NAMED`` (an empty list then means an empty graph set)."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


# text that cannot hold a keyword (comments, strings, IRIs), and the keywords that name graphs
_NOT_CODE = re.compile(
    r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
)
_NAMES_GRAPHS = re.compile(r"(?<![\w?$:.\-])(FROM|GRAPH)\b(?![:\-])", re.I)


def names_graphs(sparql: str) -> bool:
    """True when a query has FROM, FROM NAMED or GRAPH (outside strings and IRIs)."""
    return bool(_NAMES_GRAPHS.search(_NOT_CODE.sub(" ", sparql)))


def rdflib_dataset_clause(dataset: DatasetSpec) -> list:
    """A protocol dataset as rdflib's parsed ``FROM`` / ``FROM NAMED`` clauses; an empty
    default graph is a ``FROM`` of a graph IRI that no dataset has."""
    from rdflib import URIRef
    from rdflib.plugins.sparql.parserutils import CompValue

    clauses = [CompValue("DatasetClause", default=URIRef(iri)) for iri in dataset.default]
    if not clauses:
        clauses.append(CompValue("DatasetClause", default=URIRef(_NO_GRAPH)))
    clauses += [CompValue("DatasetClause", named=URIRef(iri)) for iri in dataset.named]
    return clauses


_NO_GRAPH = "urn:x-pa-kg:no-graph"



def query_dataset(sparql: str) -> DatasetSpec | None:
    """The query's own FROM / FROM NAMED when it has two FROM graphs or more, else None
    (one FROM graph needs no merge).  rdflib's parser resolves prefixed names."""
    code = _NOT_CODE.sub(" ", sparql)
    if len(re.findall(r"(?<![\w?$:.\-])FROM\b(?!\s+NAMED\b)", code, re.I)) < 2:
        return None
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from kg.vocab import PREFIXES

    try:
        clauses = translateQuery(parseQuery(sparql), initNs=PREFIXES).algebra.datasetClause
    except Exception:  # a query rdflib cannot read: Oxigraph answers it, or says why
        return None
    default = tuple(str(c.default) for c in clauses or [] if c.default is not None)
    named = tuple(str(c.named) for c in clauses or [] if c.named is not None)
    return DatasetSpec(default, named) if len(default) > 1 else None


def merged_dataset(store, dataset: DatasetSpec):
    """An in-memory store whose default graph is the merge of ``dataset``'s default graphs
    and whose named graphs are its named graphs; query it with :func:`own_graphs`."""
    import pyoxigraph as ox

    merged = ox.Store()
    default = ox.DefaultGraph()
    for iri in dict.fromkeys(dataset.default):
        quads = store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
        merged.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in quads)
    for iri in dict.fromkeys(dataset.named):
        merged.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
    return merged


def own_graphs(dataset: DatasetSpec) -> dict:
    """pyoxigraph ``query`` arguments that read a :func:`merged_dataset` store as it is,
    whatever FROM clauses the query has."""
    import pyoxigraph as ox

    return {
        "default_graph": [ox.DefaultGraph()],
        "named_graphs": [ox.NamedNode(iri) for iri in dict.fromkeys(dataset.named)],
    }


def memory_dataset(store):
    """An Oxigraph store's graphs as an rdflib ``Dataset`` whose default graph is the
    store's (the union): rdflib then answers ``GRAPH``, ``FROM`` and ``FROM NAMED``
    over the same article graphs as Oxigraph does."""
    import pyoxigraph as ox
    from rdflib import Dataset
    from rdflib.plugins import sparql as rdflib_sparql

    from kg.export.rdf import add_article_graphs

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> must not fetch the web
    if next(iter(store.named_graphs()), None) is None:
        add_article_graphs(store)
    buffer = io.BytesIO()
    store.dump(buffer, format=ox.RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    return dataset
