"""The offline HTML view of a graph: the page (:mod:`~kg.view.html`, ``assets/view.html``)
and the positions computed in Python (:mod:`~kg.view.layout`).

It reads the records of :mod:`kg.graph.records` and sizes nodes by the analysis's centrality
(the one direction between the two: the analysis never imports the view).  Nothing is
imported here on purpose: the page pulls in networkx and numpy, and ``import kg.cli`` must
stay free of them.
"""
