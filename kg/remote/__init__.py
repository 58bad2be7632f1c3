"""Other triple stores, over HTTP: uploads and queries.

* :mod:`kg.remote.push`: load a graph into a store (SPARQL 1.1 Graph Store Protocol);
* :mod:`kg.remote.query`: run a query on a store's SPARQL 1.1 Protocol endpoint;
* :mod:`kg.remote.http`: the requests both send, with one deadline each and a
  redirect policy.

``requests`` is imported by the functions that send, never here.
"""
