"""Reading graphs and writing files safely."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from kg.errors import KgError

FORMATS_BY_SUFFIX = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_graph(path: Path) -> Graph:
    """Parse a graph file, with a one-line error naming the file."""
    if not path.exists():
        raise KgError(f"{path}: no such graph file")
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower(), "turtle")
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many exception types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise KgError(f"{path}: not a readable {fmt} graph ({first})") from None
    if len(graph) == 0:
        raise KgError(f"{path}: the graph is empty")
    return graph
