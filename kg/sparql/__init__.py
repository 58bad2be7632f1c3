"""SPARQL for people and programs: engines, the query service, remote stores.

* :mod:`kg.sparql.engine`: run a query on a graph file or an Oxigraph store,
  with the project's prefixes known, and serialise the answer;
* :mod:`kg.sparql.store`: persistent Oxigraph stores (write, open, detect);
* :mod:`kg.sparql.dataset`: the dataset a query reads (protocol graphs, FROM,
  the per-article named graphs, merged default graphs);
* :mod:`kg.sparql.pool` and :mod:`kg.sparql.server`: ``kg serve``, a read-only
  SPARQL 1.1 Protocol endpoint whose queries run in worker processes that a
  timeout can kill;
* (exports in every RDF syntax, TriG with one named graph per article, are
  :mod:`kg.export.rdf`; the per-article graphs it derives serve ``FROM <article>``)
* :mod:`kg.sparql.saved`: the saved questions in ``queries/*.rq``.

Heavy libraries (rdflib, pyoxigraph, flask) are imported by the
modules that use them, never here.
"""
