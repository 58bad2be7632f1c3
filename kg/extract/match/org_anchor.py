"""The region an organisation stands for, and the sentences that are about it.

Reports quote a cooperative's or a company's head about its own figures: ``X县Y乡Z村
生态畜牧业合作社成立于2016年，……总资产达4000万元`` and, later, ``“今年我们合作社26户牧户
分红48万多元。”`` Those figures are about the region the organisation's name holds (its
deepest: Z村), not the article's subject.  An organisation's region is the deepest
region named inside any of its mentions (``Z村合作社`` lends Z村 to ``X县Y乡Z合作社``
once both resolve to one organisation); a reference to it is a mention of it, or a
deictic phrase (``我们合作社``, ``该公司``; ``organization_deictics.txt`` before an
ending of ``organization_suffixes.tsv``) standing for the latest organisation before it
with the same ending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract.match.grammar import clause_start
from kg.model import LEVEL_RANK, Doc
from kg.resources import read_table, read_words

Ref = tuple[str, str]


@dataclass(frozen=True)
class OrgRef:
    """An organisation referred to in a sentence (offsets within the sentence)."""

    start: int
    end: int
    region: Ref | None  # the region its name holds, or the one written before it
    deictic: bool  # 我们合作社: the sentence is about it, wherever the phrase stands


@cache
def deictic_pattern() -> re.Pattern[str]:
    words = sorted(read_words("organization_deictics.txt"), key=len, reverse=True)
    heads = sorted({row[0] for row in read_table("organization_suffixes.tsv", 2)},
                   key=len, reverse=True)
    deictic = "|".join(map(re.escape, words))
    return re.compile(f"(?:{deictic}){{1,2}}({'|'.join(map(re.escape, heads))})")


def organisation_regions(doc: Doc) -> dict[Ref, Ref]:
    """Organisation -> the deepest region named inside one of its mentions."""
    regions: dict[int, list[int]] = {}
    for i, m in enumerate(doc.mentions):
        if m.kind in LEVEL_RANK and i in doc.mention_entity:
            regions.setdefault(m.sentence, []).append(i)
    out: dict[Ref, Ref] = {}
    for i, m in enumerate(doc.mentions):
        org = doc.mention_entity.get(i)
        if m.kind != "Organization" or org is None:
            continue
        for j in regions.get(m.sentence, ()):
            r = doc.mentions[j]
            ref = doc.mention_entity[j]
            if not (m.start <= r.start and r.end <= m.end):
                continue
            if org not in out or LEVEL_RANK[ref[0]] > LEVEL_RANK[out[org][0]]:
                out[org] = ref
    return out


def organisation_refs(doc: Doc) -> dict[int, list[OrgRef]]:
    """Sentence index -> the organisations it refers to, in order, with their regions.

    A deictic phrase no named organisation answers (``该合作社`` after ``X乡的彝绣合作社``,
    a name the organisation rules did not take) stands for the latest earlier ending
    of its kind in the text, whose region is the one its clause names before it.
    """
    regions = organisation_regions(doc)
    named = sorted((m.start, m.end, i) for i, m in enumerate(doc.mentions)
                   if m.kind == "Organization" and i in doc.mention_entity)
    places = sorted((m.start, doc.mention_entity[i]) for i, m in enumerate(doc.mentions)
                    if m.kind in LEVEL_RANK and i in doc.mention_entity)
    out: dict[int, list[OrgRef]] = {}
    for start, end, i in named:
        m = doc.mentions[i]
        base = doc.sentences[m.sentence].start
        out.setdefault(m.sentence, []).append(
            OrgRef(start - base, end - base, regions.get(doc.mention_entity[i]), False))
    pattern = deictic_pattern()
    for sentence in doc.sentences:
        for match in pattern.finditer(sentence.text):
            at = sentence.start + match.start()
            if any(s <= at < e for s, e, _ in named):
                continue  # inside a name
            head = match.group(1)
            earlier = [i for s, _, i in named if s < at and doc.mentions[i].surface.endswith(head)]
            region = (regions.get(doc.mention_entity[earlier[-1]]) if earlier
                      else _unnamed(doc, head, at, places))
            if region is not None:
                out.setdefault(sentence.index, []).append(
                    OrgRef(match.start(), match.end(), region, True))
        if sentence.index in out:
            out[sentence.index].sort(key=lambda r: r.start)
    return out


def _unnamed(doc: Doc, head: str, before: int, places: list[tuple[int, Ref]]) -> Ref | None:
    """The region named in the clause before the latest ``head`` ending before ``before``."""
    at = doc.text.rfind(head, 0, before)
    if at == -1:
        return None
    clause = clause_start(doc.text, at)
    inside = [ref for start, ref in places if clause <= start < at]
    return inside[-1] if inside else None
