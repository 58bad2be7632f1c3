"""Undo the noise of scanned newspaper pages, keeping a map back to the raw text.

What scans do to an article, and what we do about it:

* spaces and line breaks inside Chinese sentences (``万州区 脱贫攻坚``):
  whitespace next to a CJK character is dropped, and a line that stops
  mid-sentence is joined to the next one;
* half-width punctuation in Chinese text (``,`` ``(``): mapped to full width
  so that one set of rules sees one set of characters;
* paragraphs printed twice: the second copy is dropped;
* page furniture (``T02``, ``|``): dropped (patterns in ``ontology/``);
* wrong characters (``脱倉``): fixed from a confusion table, only inside a
  word of the domain;
* radicals for characters (``⼗堰``, ``⻓江``, what text taken from PDFs and
  OCR often holds): Kangxi radicals and compatibility ideographs by NFKC,
  radicals of the supplement block by Unicode's equivalence table.

Photo captions are kept: they name villages and industries.  Every character
of ``Doc.text`` keeps the index of the raw character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from kg.model import Doc
from kg.resources import ocr_confusions, page_marker_pattern, read_table

_FULL_TO_HALF = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # digits
_FULL_TO_HALF.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_FULL_TO_HALF.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_FULL_TO_HALF.update({"％": "%", "．": ".", "＋": "+", "\u3000": " ", "\xa0": " "})
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}

#: punctuation after which a line ends a sentence (no join with the next line)
_FINAL = set("。！？；：…”’）》」』!?")
#: characters a heading never ends on: a line ending so was broken mid-sentence
_NON_FINAL = set("的和与及在对把将从向为每了着是有、，“‘（《")
#: punctuation of a sentence's clauses, which a headline does not hold
_SENTENCE_PAUSE = frozenset("，；、")
_JOIN_MIN_LEN = 20
#: a narrow column: this many lines or more of one width (±1), and at least this share
_COLUMN_MIN_LINES = 6
_COLUMN_MIN_SHARE = 0.3
_COLUMN_MIN_WIDTH = 8
_JOIN_MAX_GAP = 1  # blank lines a broken sentence may have in it
_DUPLICATE_MIN_LEN = 10


def _is_cjk(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
            or "\u2e80" <= ch <= "\u2fdf")  # radicals that stand for characters (see _unified)


@cache
def _radicals() -> dict[str, str]:
    return {row[0]: row[1] for row in read_table("radical_equivalents.tsv", 2)}


def _unified(ch: str) -> str:
    """The unified ideograph a radical or compatibility code point stands for (one for one)."""
    listed = _radicals().get(ch)
    if listed is not None:
        return listed
    mapped = unicodedata.normalize("NFKC", ch)  # Kangxi radicals, compatibility ideographs
    return mapped if len(mapped) == 1 else ch


def _map_char(prev: str, ch: str, nxt: str) -> str:
    if "\u2e80" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff":
        ch = _unified(ch)
    ch = _FULL_TO_HALF.get(ch, ch)
    if ch in _HALF_TO_FULL and not (ch in ",:" and prev.isdigit() and nxt.isdigit()):
        return _HALF_TO_FULL[ch]
    return ch


#: characters _clean_line must look at; the runs between them are copied as they are
_SPECIAL = re.compile("[\\s\u2e80-\u2fdf\uf900-\ufaff\"“”"
                      + re.escape("".join(_FULL_TO_HALF) + "".join(_HALF_TO_FULL)) + "]")


def _clean_line(raw: str, start: int) -> tuple[list[str], list[int]]:
    """Map one raw line to clean characters and their raw offsets.

    Most characters of a line map to themselves: only the ones ``_SPECIAL``
    finds go through the per-character rules (one regex scan, not a Python
    step per character).
    """
    chars: list[str] = []
    offs: list[int] = []
    n = len(raw)
    quote_open = True
    done = 0
    for m in _SPECIAL.finditer(raw):
        i = m.start()
        if done < i:
            chars.extend(raw[done:i])
            offs.extend(range(start + done, start + i))
        done = i + 1
        ch = raw[i]
        if ch.isspace():
            # keep a single space only between two non-CJK characters
            prev = chars[-1] if chars else ""
            j = i + 1
            while j < n and raw[j].isspace():
                j += 1
            nxt = raw[j] if j < n else ""
            if prev and nxt and not _is_cjk(prev) and not _is_cjk(nxt) and prev != " ":
                chars.append(" ")
                offs.append(start + i)
            continue
        prev = raw[i - 1] if i else ""
        nxt = raw[i + 1] if i + 1 < n else ""
        mapped = _map_char(prev, ch, nxt)
        if mapped == '"':
            mapped = "“" if quote_open else "”"
            quote_open = not quote_open
        elif mapped in "“”":
            quote_open = mapped == "”"
        chars.append(mapped)
        offs.append(start + i)
    if done < n:
        chars.extend(raw[done:])
        offs.extend(range(start + done, start + n))
    return chars, offs


def _fix_confusions(chars: list[str]) -> None:
    """Replace OCR look-alikes of key characters, only inside domain words."""
    for conf in ocr_confusions():
        if set(conf.wrong).isdisjoint(chars):
            continue
        for i, ch in enumerate(chars):
            if ch not in conf.wrong:
                continue
            before = chars[i - 1] if i else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if (before and before in conf.context) or (after and after in conf.context):
                chars[i] = conf.right


def _full_line(lines: list[tuple[list[str], list[int]]]) -> int:
    """The length from which a line fills its column, read from the whole text.

    A page scanned or copied column by column breaks every line at the column's
    width; when many lines share one width narrower than 20 characters (a
    newspaper column of 12 to 15), a line that long is a full line of that
    column, as a 20-character line is of a wide one.  Lines are counted once
    each, so one line repeated is no column.
    """
    # distinct lines: a credit repeated under every photo (新华社记者X摄) is no column
    lengths = Counter(len(text) for text in {"".join(chars) for chars, _ in lines if chars})
    total = sum(lengths.values())
    best, width = 0, 0
    for w in lengths:
        near = lengths[w - 1] + lengths[w] + lengths[w + 1]
        if near > best or (near == best and w > width):
            best, width = near, w
    if (best >= _COLUMN_MIN_LINES and best >= _COLUMN_MIN_SHARE * total
            and _COLUMN_MIN_WIDTH <= width < _JOIN_MIN_LEN):
        return width - 1
    return _JOIN_MIN_LEN


def normalise(doc: Doc) -> Doc:
    """Fill ``doc.text`` and ``doc.offsets`` from ``doc.raw``."""
    markers = page_marker_pattern()
    lines: list[tuple[list[str], list[int]]] = []
    pos = 0
    for raw_line in doc.raw.splitlines(keepends=True):
        body = raw_line.rstrip("\r\n")
        chars, offs = _clean_line(body, pos)
        pos += len(raw_line)
        text = "".join(chars).strip()
        if not text or markers.fullmatch(text):
            lines.append(([], []))  # a paragraph break
            continue
        lines.append((chars, offs))

    # join lines broken mid-sentence; blank lines between them are OCR noise
    # (captions stand apart: several blank lines around them, never joined)
    full = _full_line(lines)
    paragraphs: list[tuple[list[str], list[int]]] = []
    pending: tuple[list[str], list[int]] | None = None
    gap = 0
    head = next((chars for chars, _ in lines if chars), None)  # the text's first line
    for chars, offs in lines:
        if not chars:
            gap += 1
            continue
        near, blank, gap = gap <= _JOIN_MAX_GAP, gap > 0, 0
        if pending is not None:
            pc = pending[0]
            long_or_open = len(pc) >= full or pc[-1] in _NON_FINAL
            # a short unpunctuated next line is a heading, not the sentence's rest
            next_is_text = len(chars) >= full or chars[-1] in _FINAL
            # a first line set apart by a blank line, with no pause of a sentence in it, is
            # the headline, however long (天山脚下的致富路——新疆X县脱贫攻坚纪实)
            headline = (pc is head and blank and pc[-1] not in _NON_FINAL
                        and not _SENTENCE_PAUSE.intersection(pc))
            if near and pc[-1] not in _FINAL and long_or_open and next_is_text and not headline:
                pending = (pc + chars, pending[1] + offs)
                continue
            paragraphs.append(pending)
        pending = (chars, offs)
    if pending is not None:
        paragraphs.append(pending)

    seen: set[str] = set()
    out_chars: list[str] = []
    out_offs: list[int] = []
    for chars, offs in paragraphs:
        _fix_confusions(chars)
        key = re.sub(r"\s", "", "".join(chars))
        if len(key) >= _DUPLICATE_MIN_LEN and key in seen:
            continue
        seen.add(key)
        if out_chars:
            out_chars.append("\n")
            out_offs.append(offs[0] - 1 if offs[0] else 0)
        out_chars.extend(chars)
        out_offs.extend(offs)
    doc.text = "".join(out_chars)
    doc.offsets = out_offs
    return doc
