"""Load lexicons, gazetteers and rule tables from ``ontology/`` once.

Everything the extractor knows about words lives in data files, never in
Python literals; errors name the file and line, as jieba's dictionaries do.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from kg.errors import KgError


def ontology_dir() -> Path:
    """The ``ontology/`` folder shipped beside the ``kg`` package."""
    return Path(__file__).resolve().parents[2] / "ontology"


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


T = TypeVar("T")


@cache
def _listing(folder: str) -> tuple[str, ...]:
    try:
        return tuple(os.listdir(folder or "."))
    except OSError:
        return ()


@cache
def library_version(distribution: str) -> str:
    """An installed distribution's version, read from its ``.dist-info`` folder name.

    ``importlib.metadata.version`` imports the email package to parse the
    METADATA file: 15 ms of a one-article rebuild for what the folder name
    says.  Other layouts (eggs, zip imports) fall back to it.
    """
    prefix = re.sub(r"[-_.]+", "_", distribution).lower() + "-"
    for folder in sys.path:
        for name in _listing(folder):
            if name.endswith(".dist-info") and name.lower().startswith(prefix):
                return name[len(prefix) : -len(".dist-info")]
    from importlib.metadata import version

    return version(distribution)


def user_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pa-kg"


def _cache_file(name: str, sources: list[Path], tag: str, make: Callable, suffix: str) -> Path:
    """Where a derived resource lives: named after a hash of its sources' bytes and ``tag``.

    The module that defines ``make`` is a source too, by its bytes and its dotted
    name: changing how a resource is derived, or moving the classes a pickle
    refers to, must not serve the old derivation.
    """
    digest = hashlib.sha256(f"{tag}|{make.__module__}".encode())
    for source in [*sources, Path(make.__code__.co_filename)]:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return user_cache_dir() / f"{name}-{digest.hexdigest()[:16]}{suffix}"


def _store(path: Path, data: bytes) -> None:
    """Write atomically, best effort: a read-only home only costs the time to make it again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


def cached_resource(name: str, sources: list[Path], tag: str, make: Callable[[], T]) -> T:
    """``make()``, kept as a pickle in the user's cache folder until a source changes.

    Loading jieba's dictionary or parsing the SKOS lexicons costs more than
    unpickling their result; the key hashes the sources' bytes and ``tag``
    (library versions), so a changed file is never served stale.
    """
    path = _cache_file(name, sources, tag, make, ".pickle")
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
        pass
    value = make()
    _store(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def cached_bytes(name: str, sources: list[Path], tag: str, make: Callable[[], bytes],
                 valid: Callable[[bytes], bool]) -> bytes:
    """Like :func:`cached_resource` for a file format of the caller's own.

    For data read in part (jieba's tables a first character at a time), where
    unpickling the whole would cost more than the part ever used.  ``valid``
    rejects a damaged file, which is then made again.
    """
    path = _cache_file(name, sources, tag, make, ".bin")
    try:
        data = path.read_bytes()
        if valid(data):
            return data
    except OSError:
        pass
    data = make()
    _store(path, data)
    return data
