"""PDFs: the text layer page by page, and OCR for pages that are only a picture.

pdfplumber (on pdfminer.six) gives every line with its box on the page,
which the evidence needs; pypdf reads the text as fast on a printed
article (3 pages: 0.84 s against 1.38 s here, the same characters) but
gives no positions.  A page with next to no text but an image on it is a
scan: it is rendered (pypdfium2, which pdfplumber ships with) and read by
:mod:`kg.sources.ocr`.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from kg.errors import ArticleError
from kg.sources import Source, SourceText, needs, page_progress, page_time_limit

#: a page with fewer characters than this and an image on it is read by OCR
SCAN_MAX_CHARS = 20
#: resolution a scanned page is rendered at for OCR
SCAN_DPI = 200


def read_pdf(path: Path, data: bytes) -> Source:
    pdfplumber = needs(path, "pdfplumber", "PDFs")
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings on every page
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ArticleError(str(path), "not a PDF file (no %PDF header); is it misnamed?")
    text = SourceText()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            with page_progress(path, len(pages)) as bar:
                for number, page in enumerate(pages, 1):
                    with page_time_limit(path, number):
                        _read_page(path, page, number, text)
                    page.close()  # frees its parsed objects: a 200-page PDF stays small
                    bar.update(1)
    except ArticleError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files; pdfplumber wraps them
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ArticleError(
                str(path), "the PDF is encrypted with a password; save an unprotected copy"
            ) from None
        reason = f"{type(cause).__name__}: {cause}".strip().rstrip(":").splitlines()[0]
        raise ArticleError(str(path), f"not a readable PDF ({reason}); is it damaged?") from None
    return text.source()


def _read_page(path: Path, page, number: int, text: SourceText) -> None:
    width, height = float(page.width), float(page.height)
    lines = _lines(page.chars)
    if sum(len(line.replace(" ", "")) for line, _ in lines) < SCAN_MAX_CHARS and page.images:
        from kg.sources.ocr import ocr_image

        image = page.to_image(resolution=SCAN_DPI).original
        for line, box in ocr_image(path, image):
            text.line(line, number, box)
    else:
        for line, (x0, top, x1, bottom) in lines:
            text.line(line, number, (x0 / width, top / height, x1 / width, bottom / height))
    text.paragraph_break()  # a page ends


def _lines(chars: list[dict]) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The page's characters as printed lines, top to bottom.

    A character joins a line when its middle lies within the line's height.
    pdfplumber's own grouping compares the tops of the characters, and a
    Latin font's digits and quotes sit lower than the Chinese glyphs beside
    them: ``2019年9月21日`` came out as two lines, the digits on one.
    """
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        middle = (ch["top"] + ch["bottom"]) / 2
        if rows:
            top = min(c["top"] for c in rows[-1][:3])
            bottom = max(c["bottom"] for c in rows[-1][:3])
            if top <= middle <= bottom:
                rows[-1].append(ch)
                continue
        rows.append([ch])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        parts = [row[0]["text"]]
        for before, ch in zip(row, row[1:]):
            size = max(ch["bottom"] - ch["top"], 1.0)
            if ch["x0"] - before["x1"] > 0.25 * size and before["text"] != " " != ch["text"]:
                parts.append(" ")  # a gap between words of a Latin script
            parts.append(ch["text"])
        line = "".join(parts).strip()
        if line:
            box = (min(c["x0"] for c in row), min(c["top"] for c in row),
                   max(c["x1"] for c in row), max(c["bottom"] for c in row))
            out.append((line, box))
    return out
