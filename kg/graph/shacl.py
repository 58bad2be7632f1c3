"""Validate a built graph against ``ontology/shapes.ttl`` with pySHACL.

The shapes are the machine-checkable half of CONTRACT.md: every relation and
statistic has evidence, statistics have one decimal value and one region, and
so on.  Validation runs without inference on purpose (see the header of
shapes.ttl): RDFS inference would apply the ``rdfs:range`` axioms of pa.ttl
and make "the object of servesIn is a region" true by entailment, hiding the
very mistakes the shapes exist to catch.  pySHACL is imported inside
:func:`validate` so that ``import kg`` stays light.
"""

from __future__ import annotations

from pathlib import Path

import rdflib

from kg.errors import KgError


def ontology_dir() -> Path:
    """The repository's ``ontology/`` folder, next to the ``kg`` package."""
    return Path(__file__).resolve().parents[2] / "ontology"


def shapes_file() -> Path:
    """The default shapes graph."""
    return ontology_dir() / "shapes.ttl"


def load_shapes(shapes_path: Path | None = None) -> rdflib.Graph:
    """Parse a shapes graph, turning a missing or broken file into a :class:`KgError`."""
    path = Path(shapes_path) if shapes_path is not None else shapes_file()
    shapes = rdflib.Graph()
    try:
        shapes.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:  # rdflib raises these on bad Turtle
        raise KgError(f"{path}: cannot load SHACL shapes ({exc})") from None
    return shapes


def validate(graph: rdflib.Graph, shapes_path: Path | None = None) -> tuple[bool, str]:
    """Check ``graph`` against the shapes; return ``(conforms, report_text)``.

    ``graph`` is validated as one graph: a caller holding one named graph per
    article should pass their union.  The data graph is not modified.
    """
    try:
        import pyshacl
    except ImportError:  # pragma: no cover - pyshacl is a declared dependency
        raise KgError("SHACL validation needs pyshacl: pip install pyshacl") from None

    shapes = load_shapes(shapes_path)
    conforms, _results, text = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        inplace=False,
    )
    return bool(conforms), str(text)
