"""The region in focus at each level: what ``全县``, ``该镇``, ``本村``, ``我市`` refer to.

An article has one subject (:func:`kg.stages.entities._subject_ref`), but its
deictic words name a level: in a story about a village, ``全镇`` is the
village's town and ``全县`` its county, not the village.  The focus at each
level is the subject's own ancestor there (from the gazetteer's codes or the
division table's parents), and below the subject the one region of that level
the article names inside it, if it names only one.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from kg.gazetteer import load_gazetteer
from kg.model import LEVEL_RANK, REGION_LEVELS, Doc
from kg.resources import read_table, read_words

Ref = tuple[str, str]


@cache
def _deictic_levels() -> dict[str, str]:
    """Level word (县, 镇, 村 …) -> the level it names, longest first."""
    rows = read_table("deictic_levels.tsv", 2)
    return dict(sorted(((r[0], r[1]) for r in rows), key=lambda r: -len(r[0])))


def level_of_word(word: str) -> str:
    """The level that a deictic phrase (全县, 该镇, 本村, 我市) names, or ''."""
    for suffix, level in _deictic_levels().items():
        if word.endswith(suffix):
            return level
    return ""


@cache
def _deictic_pattern() -> re.Pattern[str]:
    prefixes = "".join(read_words("deictic_prefixes.txt"))
    words = "|".join(map(re.escape, _deictic_levels()))
    return re.compile(f"[{re.escape(prefixes)}](?:{words})")


def deictic_phrases(text: str) -> list[str]:
    """The deictic phrases of ``text`` in order (该村, 全县 …)."""
    return _deictic_pattern().findall(text)


def focus_for(doc: Doc, word: str) -> Ref | None:
    """The region ``word`` (全县, 该镇, 我市 …) refers to in this article."""
    level = level_of_word(word)
    county = doc.focus.get("County")
    if word.endswith("市") and county and _label(doc, county).endswith("市"):
        return county  # 全市 in a story about a county-level city (丹江口市)
    return doc.focus.get(level) if level else None


def _label(doc: Doc, ref: Ref) -> str:
    ent = doc.entities.get(ref)
    if ent is not None:
        return ent.label
    div = load_gazetteer().by_code.get(ref[1])
    return div.name if div is not None else ""


def region_focus(doc: Doc) -> dict[str, Ref]:
    """Level -> the region in focus there (see the module docstring)."""
    subject = doc.subject_region
    if subject is None:
        return {}
    focus: dict[str, Ref] = {}
    for ref in _ancestors(doc, subject):
        focus.setdefault(ref[0], ref)
    counts = Counter(
        doc.mention_entity[i]
        for i, m in enumerate(doc.mentions)
        if i in doc.mention_entity and m.kind in LEVEL_RANK
    )
    for level in REGION_LEVELS[LEVEL_RANK[subject[0]] + 1 :]:
        inside = [r for r in counts if r[0] == level and subject in _ancestors(doc, r)]
        if len(inside) > 1:
            break  # several towns (villages) named: none is in focus, nor below it
        if inside:
            focus[level] = inside[0]
    return focus


def _ancestors(doc: Doc, ref: Ref) -> list[Ref]:
    """``ref`` and the regions above it, nearest first, as far as codes and the table tell."""
    out = [ref]
    while True:
        ent = doc.entities.get(out[-1])
        if ent is not None and ent.parent is not None:
            out.append(ent.parent)
            continue
        kind, key = out[-1]
        if kind in ("Town", "Village"):
            county = key.split("-", 1)[0]
            if not county.isdigit():
                return out
            key = county
        gaz = load_gazetteer()
        chain = gaz.chain(key)
        start = 1 if kind in ("Province", "City", "County") else 0
        return out + [(d.level, d.adcode) for d in chain[start:]]
