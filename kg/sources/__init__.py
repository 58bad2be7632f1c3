"""Articles as people have them: web pages, PDFs, Word files and scanned pages.

Every reader turns a file's bytes into one :class:`Source`: the text the
extractor reads (kept beside the graph as ``texts/<article>.txt``, so
evidence offsets point into a file a reader can open), the article's
metadata, and for PDF and image sources where each line of that text sits
on its page.  :data:`READERS` maps a file suffix to its reader in one place;
:func:`kg.extract.read.read_article` hands those suffixes to
:func:`read_document` and keeps reading ``.txt`` files itself.

Readers import their libraries when first used (the extra ``[documents]``);
a missing one is a one-line :class:`~kg.errors.ArticleError` naming the file
and what to install, and the rest of the corpus is still built.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ArticleError
from kg.model import Doc, TextBox

#: suffix -> "module:function" of its reader (modules of this package)
READERS: dict[str, str] = {
    ".html": "html:read_html",
    ".htm": "html:read_html",
    ".pdf": "pdf:read_pdf",
    ".docx": "docx:read_docx",
    ".png": "ocr:read_image",
    ".jpg": "ocr:read_image",
    ".jpeg": "ocr:read_image",
    ".tif": "ocr:read_image",
    ".tiff": "ocr:read_image",
}
#: every suffix ``kg build`` reads from a folder (plain text is read by kg.extract.read)
SUFFIXES: frozenset[str] = frozenset({".txt", *READERS})
INSTALL_HINT = "pip install 'pa-kg[documents]'"
#: a scanned PDF of a few hundred pages is larger than any text article
MAX_DOCUMENT_BYTES = 500 * 1024 * 1024
#: where the extracted text of a source is kept, relative to the graph's folder
TEXTS_DIRNAME = "texts"


@dataclass
class Source:
    """What a reader makes of one file."""

    text: str
    boxes: tuple[TextBox, ...] = ()  # where the lines of ``text`` are on their pages
    meta: dict[str, str] = field(default_factory=dict)  # dcterms terms: date, publisher, creator


class SourceText:
    """Builds a :class:`Source`'s text line by line, recording each line's page and box."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.boxes: list[TextBox] = []

    def line(self, text: str, page: int = 0, box: tuple[float, float, float, float] | None = None
             ) -> None:
        text = text.replace("\r", " ").replace("\n", " ").strip()
        if not text:
            return
        if box is not None:
            self.boxes.append(TextBox(self.size, self.size + len(text), page, _clip(box)))
        self.parts.append(text + "\n")
        self.size += len(text) + 1

    def paragraph_break(self) -> None:
        """A blank line (between paragraphs, or where a page ends)."""
        if self.parts and self.parts[-1] != "\n":
            self.parts.append("\n")
            self.size += 1

    def source(self, meta: dict[str, str] | None = None) -> Source:
        return Source("".join(self.parts), tuple(self.boxes), meta or {})


def _clip(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (min(1.0, max(0.0, v)) for v in box)
    return (round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4))


def needs(path: Path, module: str, what: str) -> object:
    """Import ``module`` for reading ``path``, or say what to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ArticleError(
            str(path), f"reading {what} needs {module}: {INSTALL_HINT}"
        ) from None


def reader(suffix: str) -> Callable[[Path, bytes], Source]:
    module, function = READERS[suffix].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def read_source(path: Path, data: bytes) -> Source:
    """Read a non-text article file through the reader of its suffix.

    Raises :class:`ArticleError` (file name and what to fix) for a file its
    reader cannot read, or one in which it finds no article text.
    """
    read = reader(path.suffix.lower())
    try:
        source = read(path, data)
    except ArticleError:
        raise
    except Exception as exc:  # a library failing on a file it was made for: one line, not a crash
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        raise ArticleError(str(path), f"cannot be read ({type(exc).__name__}: {first}); "
                           "is the file damaged?") from None
    if not source.text.strip():
        raise ArticleError(str(path), "no article text found in it")
    return source


#: sources with more pages than this show a progress bar by page (on a terminal)
PROGRESS_MIN_PAGES = 10


#: the build's progress option, as the readers see it (``kg build -q``: no page bars)
_page_bars = True


def show_page_progress(enabled: bool) -> bool:
    """Let the build's progress option reach the readers; returns the previous setting.

    :func:`kg.build.runners.run_local` sets it in the build's process and in each worker.
    """
    global _page_bars
    previous, _page_bars = _page_bars, enabled
    return previous


def page_progress(path: Path, pages: int, slow: bool = False):
    """A per-page bar on stderr for a long (or OCR'd) source; silent when not on a terminal."""
    import sys

    from tqdm import tqdm

    shown = _page_bars and (pages > PROGRESS_MIN_PAGES or (slow and pages > 1))
    return tqdm(total=pages, desc=path.name, unit="page", leave=False, file=sys.stderr,
                disable=None if shown else True, mininterval=0)  # a page is worth a redraw


#: seconds one page may take to read (OCR of a dense page: 15 s on a free core, over
#: 120 s on a machine shared by eight busy processes)
PAGE_TIME_LIMIT = 600


@contextmanager
def page_time_limit(path: Path, number: int, seconds: float = PAGE_TIME_LIMIT) -> Iterator[None]:
    """The build's time limit (:func:`kg.build.runners.time_limit`) on one page, said as one line.

    A whole document has no limit (a 200-page scan takes most of an hour); a page has.
    """
    from kg.build.runners import ArticleTimeout, time_limit

    try:
        with time_limit(seconds):
            yield
    except ArticleTimeout:
        raise ArticleError(str(path), f"page {number} took over {seconds:.0f} s to read; "
                           "split the document or scan the page again") from None


def text_file(article_id: str) -> str:
    """The extracted text's path relative to the output folder (``texts/<article>.txt``)."""
    return f"{TEXTS_DIRNAME}/{article_id}.txt"


def read_document(path: Path, data: bytes | None = None, digest: str = "") -> Doc:
    """Read a web page, PDF, Word file or image into a fresh :class:`Doc` (id = file name).

    ``data`` and ``digest``: the bytes and their sha256 if the build has them already.
    """
    from kg.extract.read import read_bytes  # its checks: no FIFO, no device, a size limit

    if data is None:
        data = read_bytes(path, MAX_DOCUMENT_BYTES)
    if not data:
        raise ArticleError(str(path), "is empty")
    source = read_source(path, data)
    meta = {**source.meta, "textFile": text_file(path.name)}
    return Doc(article_id=path.name, raw=source.text,
               content_hash=digest or hashlib.sha256(data).hexdigest(),
               boxes=source.boxes, meta=meta, data=data if source.boxes else b"")
