"""Exporters that turn the built graph into files (Turtle, the offline HTML view).

Nothing is imported here on purpose: each exporter pulls in heavy libraries (pyvis, networkx),
and ``import kg.cli`` must stay free of them, so callers import the exporter module they need.
"""
