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
from kg.sources import Source, SourceText, needs, page_progress

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
                    _read_page(path, page, number, text)
                    page.close()  # frees its parsed objects: a 200-page PDF stays small
                    bar.update(1)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ArticleError(
            str(path), "the PDF is encrypted with a password; save an unprotected copy"
        ) from None
    except ArticleError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise ArticleError(
            str(path), f"not a readable PDF ({type(exc).__name__}: {exc}); is it damaged?"
        ) from None
    return text.source()


def _read_page(path: Path, page, number: int, text: SourceText) -> None:
    width, height = float(page.width), float(page.height)
    lines = page.extract_text_lines(return_chars=False)
    chars = sum(len(line["text"].replace(" ", "")) for line in lines)
    if chars < SCAN_MAX_CHARS and page.images:
        from kg.sources.ocr import ocr_image

        image = page.to_image(resolution=SCAN_DPI).original
        for line, box in ocr_image(path, image):
            text.line(line, number, box)
    else:
        for line in lines:
            box = (line["x0"] / width, line["top"] / height,
                   line["x1"] / width, line["bottom"] / height)
            text.line(line["text"], number, box)
    text.paragraph_break()  # a page ends
