"""The extraction pipeline, in one place: text → … → facts.

Each stage takes a :class:`~kg.model.Doc` and returns it with one more
layer filled, as spaCy's components do.  Work across articles (merging
entities, minting IRIs) happens only in :mod:`kg.graph.build`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.extract.entities import resolve_entities
from kg.extract.mentions import find_mentions
from kg.extract.metadata import extract_metadata
from kg.extract.normalise import normalise
from kg.extract.read import read_article
from kg.extract.relations import extract_relations
from kg.extract.sentences import split_sentences
from kg.extract.statistics import extract_statistics
from kg.model import Doc

Stage = Callable[[Doc], Doc]

#: (name, stage, layer it fills) in order
STAGES: list[tuple[str, Stage, str]] = [
    ("normalise", normalise, "text"),
    ("sentences", split_sentences, "sentences"),
    ("mentions", find_mentions, "mentions"),
    ("metadata", extract_metadata, "date"),
    ("entities", resolve_entities, "entities"),
    ("relations", extract_relations, "facts"),
    ("statistics", extract_statistics, "statistics"),
]


def run(doc: Doc) -> Doc:
    """Run every stage on one article."""
    for name, stage, _ in STAGES:
        result = stage(doc)
        if not isinstance(result, Doc):
            raise TypeError(f"pipeline stage {name!r} returned {type(result).__name__}, not Doc")
        doc = result
    return doc


def process_text(text: str, article_id: str = "article.txt") -> Doc:
    """Extract from a string (for tests and library users)."""
    return run(Doc(article_id=article_id, raw=text))


def process_file(path: Path) -> Doc:
    """Read and extract one article file; raises ArticleError on unreadable input."""
    return run(read_article(path))
