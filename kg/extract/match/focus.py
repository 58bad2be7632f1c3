"""The region in focus at each level: what ``全县``, ``该镇``, ``本村``, ``我市`` refer to.

An article has one subject (:func:`kg.extract.entities._subject_ref`), but its
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

from kg.model import GAZETTEER_LEVELS, LEVEL_RANK, REGION_LEVELS, Doc, county_of
from kg.resources import read_table
from kg.resources.gazetteer import load_gazetteer

Ref = tuple[str, str]


@cache
def scopes() -> dict[str, tuple[str, ...]]:
    """Deictic word (全县, 该镇, 我市, 村里 …) -> the levels it may name, in order (scopes.tsv)."""
    return {row[0]: tuple(row[1].split()) for row in read_table("scopes.tsv", 2)}


@cache
def scope_pattern() -> re.Pattern[str]:
    words = sorted(scopes(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def deictic_phrases(text: str) -> list[str]:
    """The deictic phrases of ``text`` in order (该村, 全县 …)."""
    return scope_pattern().findall(text)


def focus_for(doc: Doc, word: str) -> Ref | None:
    """The region ``word`` (全县, 该镇, 我市 …) refers to in this article (None: 全国)."""
    levels = scopes().get(word, ())
    if "Country" in levels:
        return None
    county = doc.focus.get("County")
    if "County" in levels and county and _label(doc, county).endswith("市"):
        return county  # 全市 in a story about a county-level city (丹江口市)
    return next((doc.focus[level] for level in levels if level in doc.focus), None)


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
            county = county_of(key)
            if not county.isdigit():
                return out
            key = county
        gaz = load_gazetteer()
        chain = gaz.chain(key)
        start = 1 if kind in GAZETTEER_LEVELS else 0
        return out + [(d.level, d.adcode) for d in chain[start:]]
