"""Split normalised text into sentences that keep their raw offsets."""

from __future__ import annotations

import re

from kg.model import Doc, Sentence

_ENDS = set("。！？!?")
_CLOSERS = set("”’）」』")
_HEADING_MAX = 30
#: where a sentence ends: a line break, or final punctuation with the closers after it
_BREAK = re.compile("\n|[{0}][{0}{1}]*".format(re.escape("".join(sorted(_ENDS))),
                                              re.escape("".join(sorted(_CLOSERS)))))


def split_sentences(doc: Doc) -> Doc:
    """Fill ``doc.sentences``; a paragraph without final punctuation is a heading."""
    text = doc.text
    sentences: list[Sentence] = []
    start = 0
    n = len(text)

    def emit(s: int, e: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            return
        body = text[s:e]
        line_start = s == 0 or text[s - 1] == "\n"
        line_end = e == n or text[e] == "\n"
        heading = line_start and line_end and len(body) <= _HEADING_MAX and body[-1] not in _ENDS
        sentences.append(
            Sentence(
                index=len(sentences),
                text=body,
                start=s,
                raw_start=doc.offsets[s],
                raw_end=doc.offsets[e - 1] + 1,
                heading=heading,
            )
        )

    for m in _BREAK.finditer(text):  # a line break, or a run of final punctuation
        if m.group() == "\n":
            emit(start, m.start())
        else:
            emit(start, m.end())
        start = m.end()
    emit(start, n)
    doc.sentences = sentences
    doc.title = next((s.text for s in sentences if s.heading), "")
    return doc
