"""The saved questions: ``queries/*.rq``, each opened by comments that say what it answers.

The first comment line is the question's title; the comment lines after it
explain the answer and how to adapt the query (a ``VALUES`` line to edit).
The folder is ``./queries`` when it exists, else the one beside the package
(the repository's, for an editable install).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError


@dataclass(frozen=True)
class SavedQuery:
    name: str  # the file name without .rq
    title: str  # the first comment line
    description: str  # the other comment lines, joined
    text: str  # the whole file
    path: Path


def default_dir() -> Path:
    here = Path("queries")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "queries"


def parse(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot read the saved query ({exc})") from None
    comments = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        comments.append(stripped.lstrip("#").strip())
    if not comments or not comments[0]:
        raise KgError(f"{path}:1: a saved query must open with a comment saying what it answers")
    return SavedQuery(path.stem, comments[0], " ".join(c for c in comments[1:] if c), text, path)


def load(directory: Path | None = None) -> list[SavedQuery]:
    """Every saved query of ``directory`` (default: :func:`default_dir`), sorted by name."""
    directory = Path(directory) if directory is not None else default_dir()
    if not directory.is_dir():
        raise KgError(f"{directory}: no folder of saved queries")
    return [parse(p) for p in sorted(directory.glob("*.rq"))]


def find(name: str, directory: Path | None = None) -> SavedQuery:
    """The saved query called ``name`` (with or without .rq)."""
    stem = name[:-3] if name.endswith(".rq") else name
    for query in load(directory):
        if query.name == stem:
            return query
    known = ", ".join(q.name for q in load(directory))
    raise KgError(f"no saved query {name!r}; saved queries: {known}")
