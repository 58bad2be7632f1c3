"""Load lexicons, gazetteers and rule tables from ``ontology/`` once.

Everything the extractor knows about words lives in data files, never in
Python literals; errors name the file and line, as jieba's dictionaries do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import KgError


def ontology_dir() -> Path:
    """The ``ontology/`` folder shipped beside the ``kg`` package."""
    return Path(__file__).resolve().parent.parent / "ontology"


def lexicon_path(name: str) -> Path:
    return ontology_dir() / "lexicons" / name


def read_lines(name: str) -> list[tuple[int, str]]:
    """Non-blank, non-comment lines of a lexicon file with their line numbers."""
    path = lexicon_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KgError(f"{path}: cannot read lexicon ({exc.strerror})") from None
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append((number, line.rstrip("\n")))
    return out


def read_words(name: str) -> list[str]:
    """A one-word-a-line list."""
    return [line.strip() for _, line in read_lines(name)]


def read_table(name: str, columns: int) -> list[list[str]]:
    """A tab-separated table with at least ``columns`` fields a row."""
    rows = []
    for number, line in read_lines(name):
        fields = line.split("\t")
        if len(fields) < columns:
            raise KgError(f"{lexicon_path(name)}:{number}: expected {columns} tab-separated fields")
        rows.append([f.strip() for f in fields])
    return rows


@cache
def page_marker_pattern() -> re.Pattern[str]:
    parts = []
    for number, line in read_lines("page_markers.txt"):
        try:
            re.compile(line.strip())
        except re.error as exc:
            raise KgError(f"{lexicon_path('page_markers.txt')}:{number}: {exc}") from None
        parts.append(f"(?:{line.strip()})")
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class Confusion:
    right: str
    wrong: str
    context: str


@cache
def ocr_confusions() -> tuple[Confusion, ...]:
    return tuple(Confusion(*row[:3]) for row in read_table("ocr_confusions.tsv", 3))
