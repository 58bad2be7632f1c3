"""What the command line calls: build, query, validate.  Usable from Python too."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ArticleError, KgError
from kg.graph.build import GraphBuilder
from kg.io import atomic_write, load_graph
from kg.pipeline import process_file
from kg.stages.read import find_articles


@dataclass
class BuildReport:
    articles: int = 0
    skipped: list[str] = field(default_factory=list)  # one message per bad file
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    statistics: int = 0
    triples: int = 0
    outputs: list[Path] = field(default_factory=list)


def build(
    paths: list[Path], out_dir: Path, *, progress: bool = True, html: bool = True
) -> BuildReport:
    """Extract every article under ``paths`` and write ``out_dir/graph.ttl`` (+ html)."""
    files = find_articles(paths)
    report = BuildReport()
    builder = GraphBuilder()
    bar = _progress(files, progress)
    for path in bar:
        try:
            doc = process_file(path)
        except ArticleError as exc:
            report.skipped.append(str(exc))
            if progress:
                bar.write(f"warning: skipped {exc}", file=sys.stderr)
            continue
        if not doc.entities:
            report.skipped.append(f"{path}: no entities found (built, but empty)")
        builder.add(doc)
        report.articles += 1
    if report.articles == 0:
        reasons = "; ".join(report.skipped) or "no articles"
        raise KgError(f"nothing could be built: {reasons}")
    graph = builder.graph()
    for kind, _ in builder.entities:
        report.entities[kind] += 1
    for rel, _, _ in builder.facts:
        report.relations[rel] += 1
    report.statistics = sum(len(d.statistics) for d in builder.docs)
    report.triples = len(graph)
    ttl = out_dir / "graph.ttl"
    atomic_write(ttl, graph.serialize(format="turtle"))
    report.outputs.append(ttl)
    if html:
        from kg.export.html import write_html

        page = out_dir / "graph.html"
        write_html(graph, page, title="pa-kg: " + ", ".join(p.name for p in paths))
        report.outputs.append(page)
    return report


def _progress(files: list[Path], enabled: bool):
    from tqdm import tqdm

    return tqdm(
        files,
        desc="extracting",
        unit="article",
        disable=not enabled or len(files) < 2,
        file=sys.stderr,
    )


def query(graph_path: Path, sparql: str):
    """Run a SPARQL query on a graph file; raises KgError with line and column."""
    graph = load_graph(graph_path)
    return run_query(graph, sparql)


def run_query(graph, sparql: str):
    from pyparsing import ParseException

    try:
        return graph.query(sparql)
    except ParseException as exc:
        raise KgError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
        ) from None
    except Exception as exc:  # evaluation errors: unknown prefix, bad function...
        raise KgError(f"SPARQL error: {exc}") from None


def validate(graph_path: Path) -> tuple[bool, str]:
    from kg.graph.shacl import validate as shacl_validate

    return shacl_validate(load_graph(graph_path))
