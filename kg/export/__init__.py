"""Every output format of the graph: RDF syntaxes (:mod:`~kg.export.rdf`, their table in
:mod:`~kg.export.formats`) and GraphML/GEXF for Gephi (:mod:`~kg.export.gephi`).

Nothing heavy is imported here: ``kg.io`` reads the format table, and ``import kg.cli`` must
stay free of rdflib, pyoxigraph and networkx.
"""
