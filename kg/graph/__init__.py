"""Turning Docs into an RDF graph and checking it: build, SHACL validation, SPARQL."""
