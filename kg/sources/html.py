"""Web pages: the article's main text and its metadata, without navigation or comments.

trafilatura finds the main text of a page by the structure and text
density of its blocks (it was the most accurate open extractor in the
comparisons its paper and ScrapingHub's benchmark report) and reads the
metadata a news page carries (``<meta property="og:...">``, JSON-LD,
``<time>``): headline, date, outlet, author.  The headline becomes the
first line of the text, as it is in a plain-text article.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from kg.errors import ArticleError
from kg.sources import Source, SourceText, needs

#: a body holds at least one sentence this long (a listing of links has none)
_MIN_SENTENCE = 15
_SENTENCE = re.compile(rf"[^。！？!?\n]{{{_MIN_SENTENCE},}}[。！？!?]")
#: a longer "author" is a sentence or a list, not a name
_MAX_AUTHOR = 40
_NO_BODY = ("no article body found (a listing, index or login page?); save the article's own "
            "page, or copy its text into a .txt file")


def _decode(data: bytes) -> str:
    """The page's characters: trafilatura guesses the charset (meta tag, then detection)."""
    from trafilatura.utils import decode_file

    return decode_file(data)


def read_html(path: Path, data: bytes) -> Source:
    trafilatura = needs(path, "trafilatura", "web pages")
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its own one-line notes
    page = _decode(data)
    document = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_precision=True,
        deduplicate=False,  # its cache of seen paragraphs would make a page's text depend on
    )                       # the pages read before it in the process (forked workers too)
    body = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not _SENTENCE.search(body):  # trafilatura falls back on the links of a page without one
        raise ArticleError(str(path), _NO_BODY)
    text = SourceText()
    headline = (document.title or "").strip()
    if headline and not body.startswith(headline):
        text.line(headline)
        text.paragraph_break()
    for line in body.splitlines():
        if line.strip():
            text.line(line)
            text.paragraph_break()
        # paragraphs stay apart: the normaliser joins only lines broken mid-sentence
    meta = {}
    author = document.author or _meta_author(page)
    for term, value in (("date", document.date), ("publisher", document.sitename),
                        ("creator", author)):
        if value and value.strip():
            meta[term] = value.strip()
    return text.source(meta)


def _meta_author(page: str) -> str | None:
    """``<meta name="author">`` as written: trafilatura drops short Chinese names (杨光)."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    for value in tree.xpath('//meta[@name="author"]/@content'):
        value = " ".join(value.split())
        if 0 < len(value) <= _MAX_AUTHOR:
            return value
    return None
