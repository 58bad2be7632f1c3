"""Word files (.docx): the paragraphs and table cells in document order.

python-docx reads the document's XML (the body is walked in order, so tables
stay where they are among the paragraphs); a ``.doc`` from old Word versions is
a different (binary) format and is not listed as an article suffix.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from kg.errors import ArticleError
from kg.sources import Source, SourceText, needs

_NOT_DOCX = "not a Word .docx file ({}); open it in Word or LibreOffice and save it as .docx"


def read_docx(path: Path, data: bytes) -> Source:
    docx = needs(path, "docx", "Word files (python-docx)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ArticleError(str(path), _NOT_DOCX.format("not a zip package"))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a zip of something else: KeyError, PackageNotFoundError, ValueError
        reason = "a zip without word/document.xml" if isinstance(exc, KeyError) else str(exc)
        raise ArticleError(str(path), _NOT_DOCX.format(reason or type(exc).__name__)) from None
    text = SourceText()
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text.line("".join(node.text or "" for node in child.iter() if _is_text(node)))
            text.paragraph_break()
        elif tag == "tbl":
            for row in child.iter(_qn("w:tr")):
                cells = ["".join(n.text or "" for n in cell.iter() if _is_text(n))
                         for cell in row.iter(_qn("w:tc"))]
                text.line(" ".join(c.strip() for c in cells if c.strip()))
            text.paragraph_break()
    # no metadata: a Word file's properties name whoever saved it last, not the article's author
    return text.source()


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _is_text(node) -> bool:
    return node.tag == _qn("w:t")
