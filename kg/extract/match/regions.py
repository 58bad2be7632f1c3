"""Find region mentions: gazetteer names and town/village suffix patterns.

Province, city and county names come from the national division table
(``kg.resources.gazetteer``), matched with an Aho-Corasick automaton together with
their short forms.  Towns and villages are read leftwards from a suffix
(镇, 乡, 街道, 村, 社区 ...) up to a boundary; a list that shares one suffix
(``走马、罗田、分水镇``) gives each item that suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from kg.extract.match.region_scope import Scope
from kg.model import Mention
from kg.resources import read_table, read_words
from kg.resources.gazetteer import load_gazetteer
from kg.resources.segment import cut, is_word, tag, trailing_name

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME_WINDOW = 4
_CHAIN_WINDOW = 6  # a name written right after its town or county (a chain)
_ITEM_MAX = 3
_NUMERALS = set("零〇一二两三四五六七八九十百千万")
_MEASURES = set("个名批些次")
_PERSON_TAGS = {"nr", "nrfg", "nrt"}


@dataclass(frozen=True)
class RegionRules:
    automaton: ahocorasick.Automaton
    suffix_pattern: re.Pattern[str]
    suffix_level: dict[str, str]
    stop_chars: frozenset[str]
    generic: frozenset[str]
    generic_endings: tuple[str, ...]  # the generic words of two characters or more
    fusing: dict[str, str]  # suffix -> characters that make a common word with it
    bad_tags: frozenset[str]
    followers: dict[str, str]  # suffix -> characters after it that make a common word
    never_final: frozenset[str]  # stop characters that never end a name
    suffix_chars: frozenset[str]  # characters of level suffixes (镇, 乡, 村, 区 ...)
    never_first: frozenset[str]  # stop characters that never begin a name
    county_ending: re.Pattern[str]  # endings under which a misread county name is looked for


@cache
def region_rules() -> RegionRules:
    gaz = load_gazetteer()
    auto = ahocorasick.Automaton()
    for name in gaz.by_name:
        auto.add_word(name, (name, True))
    for name in gaz.by_short:
        auto.add_word(name, (name, False))
    auto.make_automaton()
    suffixes = {row[0]: row[1] for row in read_table("region_suffixes.tsv", 2)}
    ordered = sorted(suffixes, key=len, reverse=True)
    return RegionRules(
        automaton=auto,
        suffix_pattern=re.compile("|".join(map(re.escape, ordered))),
        suffix_level=suffixes,
        stop_chars=frozenset(read_words("name_stop_chars.txt")),
        generic=frozenset(read_words("region_generic.txt")),
        generic_endings=tuple(sorted(w for w in read_words("region_generic.txt") if len(w) > 1)),
        fusing={row[0]: row[1] for row in read_table("region_suffix_words.tsv", 3)},
        bad_tags=frozenset(read_words("pos_not_names.txt")),
        followers={row[0]: row[2] for row in read_table("region_suffix_words.tsv", 3)},
        never_final=frozenset(read_words("name_never_final.txt")),
        suffix_chars=frozenset("".join(suffixes) + "区县市州省"),
        never_first=frozenset(read_words("name_never_first.txt")),
        county_ending=re.compile("|".join(map(re.escape, read_words("county_suffixes.txt")))),
    )


@lru_cache(maxsize=512)  # the article's scope and then its sentences ask for the same text
def gazetteer_hits(text: str) -> tuple[tuple[int, int, str, bool], ...]:
    """Leftmost-longest gazetteer matches: (start, end, surface, full_name)."""
    hits = []
    for end, (name, full) in region_rules().automaton.iter(text):
        hits.append((end - len(name) + 1, end + 1, name, full))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, str, bool]] = []
    last_end = 0
    for h in hits:
        if h[0] >= last_end:
            out.append(h)
            last_end = h[1]
    return tuple(out)


def _is_name(name: str, suffix: str, rules: RegionRules) -> bool:
    """Whether ``name`` + ``suffix`` is a place name rather than a common phrase."""
    if len(name) < 2 or not all(_CJK.match(c) for c in name):
        return False
    numeral = all(c in _NUMERALS for c in name)  # 八一村, 十一村: numbered villages
    if name in rules.generic or (name[-1] in rules.fusing.get(suffix, "") and not numeral):
        return False
    if name.endswith(rules.generic_endings):
        return False
    if (numeral and name[-1] in "十百千万") or any(
        c in _MEASURES for c in name
    ):
        return False  # 三十村, 两个村: a count of villages (八一村 is a name)
    # numerals are part of many names (十八洞村, 八一村, 三合村), so m is no reason here
    return not any(len(tok) > 1 and tag(tok) in rules.bad_tags and tag(tok) != "m"
                   for tok in cut(name))


def _name_before(text: str, end: int, floor: int, rules: RegionRules) -> str:
    """The town/village name that ends at ``end`` (exclusive), not reaching below ``floor``."""
    start = end
    stop_adjacent = False
    while start > floor and end - start < _NAME_WINDOW:
        ch = text[start - 1]
        if not _CJK.match(ch):
            break
        if ch in rules.stop_chars:
            # a stop character bounds a name (在卡子村) unless it is the name's
            # own last character (红和村), or its first right after the town
            # that contains it (会川镇本庙村)
            if start - 1 == floor and start < end and floor > 0 and ch not in rules.never_first:
                start -= 1
                break
            if start < end:
                break
            stop_adjacent = True
        start -= 1
    chain = text[floor:end]
    if (floor > 0 and not stop_adjacent and len(chain) <= _CHAIN_WINDOW
            and all(_CJK.match(c) and c not in rules.stop_chars and c not in rules.suffix_chars
                    for c in chain)):
        # 萨依巴格乡阿亚格巴格村: right after the region that contains it, the
        # whole span is the name, however long a transliteration runs
        return chain
    if stop_adjacent:
        start = max(start, end - 2)
        if text[end - 1] in rules.never_final or is_word(text[start - 1 : start + 1]):
            return ""  # 任务的村, 书记和村: the first character ends another word
    window = text[start:end]
    if len(window) > 3:
        known = [t for t in cut(window)
                 if len(t) > 1 and is_word(t) and tag(t) not in _PERSON_TAGS]
        # 阿土列尔村: a transliterated name jieba knows no word of stays whole
        whole = not known and not any(c in rules.suffix_chars for c in window)
        window = window if whole else trailing_name(window, 2, 3)
    return window


def find_regions(text: str, sentence: int, offset: int, scope: Scope | None = None
                 ) -> list[Mention]:
    """Region mentions of one sentence; offsets are shifted by ``offset``.

    ``scope`` holds the division table's towns and villages of the counties
    the article names; they are matched before the suffix rule reads names.
    """
    rules = region_rules()
    gaz = load_gazetteer()
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    short_spans: list[tuple[int, int]] = []
    for start, end, surface, full in gazetteer_hits(text):
        divs, _ = gaz.lookup(surface)
        level = divs[0].level
        mentions.append(
            Mention(
                sentence,
                offset + start,
                offset + end,
                surface,
                level,
                surface,
                source="text" if full else "short-form",
            )
        )
        if full:
            taken.append((start, end))
        else:
            short_spans.append((start, end))

    for start, end, name in scope.hits(text) if scope is not None else ():
        if any(s < end and start < e for s, e in taken):
            continue
        before = next((m.canonical for m in mentions if m.end == offset + start), "")
        unit = scope.unit(name, before)
        mentions.append(Mention(sentence, offset + start, offset + end, name, unit.level, name,
                                key=unit.county, source=scope.source(name),
                                parent=unit.town if unit.level == "Village" else ""))
        taken.append((start, end))
        suffix = next((x for x in rules.suffix_level if name.endswith(x)), "")
        if suffix:  # 走马、罗田、分水镇: the items before it share its suffix
            mentions.extend(_shared_suffix_items(text, start, suffix, unit.level, sentence,
                                                 offset, taken))

    def floor_for(pos: int) -> int:
        return max((e for s, e in taken if e <= pos), default=0)

    for m in rules.suffix_pattern.finditer(text):
        s_start, s_end = m.span()
        if any(s < s_end and s_start < e for s, e in taken):
            continue
        suffix = m.group()
        level = rules.suffix_level[suffix]
        if text[s_end : s_end + 1] in rules.followers.get(suffix, "") and s_end < len(text):
            continue  # 乡镇, 镇乡, 乡村: a common word, not a suffix
        floor = floor_for(s_start)
        name = _name_before(text, s_start, floor, rules)
        if suffix == "乡" and name in gaz.nations:  # 匹河怒族乡: a place, then its people
            place = _name_before(text, s_start - len(name), floor, rules)
            name = place + name if len(place) >= 2 else name
        if not _is_name(name, suffix, rules):
            continue
        n_start = s_start - len(name)
        if text[n_start - 1 : n_start] == "“" and text[s_end : s_end + 1] == "”":
            continue  # a quoted slogan (“三在村”), not a place
        surface = name + suffix
        mentions.append(
            Mention(sentence, offset + n_start, offset + s_end, surface, level, surface)
        )
        taken.append((n_start, s_end))
        items = _shared_suffix_items(text, n_start, suffix, level, sentence, offset, taken)
        mentions.extend(items)
    mentions += _misread_counties(text, sentence, offset, taken + short_spans)
    # a short form is kept only where no suffixed name claimed its characters
    mentions = [
        m
        for m in mentions
        if m.source != "short-form"
        or not any(s < m.end - offset and m.start - offset < e for s, e in taken)
    ]
    mentions.sort(key=lambda m: m.start)
    return mentions


def _misread_counties(text: str, sentence: int, offset: int, claimed: list[tuple[int, int]]
                      ) -> list[Mention]:
    """``鄂西县``: a county name with one misread character, outside the names found.

    Only candidates: :mod:`kg.extract.entities` keeps one where exactly one
    such county lies in a city the article names.  A jieba word (开发区,
    开封县, the old names of merged counties) is never a misreading, nor is a
    word after any character (到|城区, 泉|社区), a name with a character that
    names never hold (部和区, 即由区), one that starts inside a word (小组|和区)
    or one made of a verb (调研县, 纳入区).
    """
    rules, gaz = region_rules(), load_gazetteer()
    out: list[Mention] = []
    for m in rules.county_ending.finditer(text):
        end = m.end()
        for length in (5, 4, 3):
            start = end - length
            if start < 0 or any(s < end and start < e for s, e in claimed):
                continue
            surface = text[start:end]
            # the gazetteer last: the word checks reject most endings (全区, 该县) sooner
            if (not all(_CJK.match(c) and c not in rules.stop_chars for c in surface)
                    or any(is_word(surface[k:]) for k in range(len(surface) - 1))
                    or is_word(text[start - 1 : start + 1])
                    or any(len(t) > 1 and tag(t) in rules.bad_tags for t in cut(surface[:-1]))
                    or not gaz.near_misses(surface)):
                continue
            out.append(Mention(sentence, offset + start, offset + end, surface, "County",
                               surface, source="near-miss"))
            claimed = [*claimed, (start, end)]
            break
    return out


def _shared_suffix_items(
    text: str,
    pos: int,
    suffix: str,
    level: str,
    sentence: int,
    offset: int,
    taken: list[tuple[int, int]],
) -> list[Mention]:
    """``走马、罗田、分水镇``: the items before a suffixed name share its suffix."""
    rules = region_rules()
    out = []
    while pos > 1 and text[pos - 1] == "、":
        end = pos - 1
        if any(s < end <= e for s, e in taken):
            break  # the item is a mention of its own (大川村、唐家村)
        name = _name_before(text, end, 0, rules)
        if len(name) > _ITEM_MAX or not _is_name(name, suffix, rules):
            break
        start = end - len(name)
        out.append(
            Mention(
                sentence,
                offset + start,
                offset + end,
                name,
                level,
                name + suffix,
                source="shared-suffix",
            )
        )
        taken.append((start, end))
        pos = start
    return out
