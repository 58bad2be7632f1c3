"""Network analysis of a pa-kg graph: metrics (:mod:`~kg.analysis.network`), shortest paths
(:mod:`~kg.analysis.paths`), the report (:mod:`~kg.analysis.report`), charts and trends.

It reads the records of :mod:`kg.graph.records`, as the view does, and never imports the
view; the view imports :func:`~kg.analysis.network.centrality` to size its nodes.
"""

from kg.analysis.network import to_networkx

__all__ = ["to_networkx"]
