"""Statistics: numbers with Chinese units and magnitudes, normalised.

``1.8亿元`` → 180000000 元, ``2402户7129名贫困人口`` → 2402 户 and 7129 人,
``97.35%`` → 97.35 %, ``5000多万元`` → 50000000 元, ``两个`` → 2 个.  The
indicator is the noun phrase after the number (``7129名贫困人口``) or, when a
verb follows, the phrase before it (``筹集资金1.8亿元``).  The region is the
one the clause starts with, else the one the sentence starts with, else the
article's subject region; the year is the nearest ``20xx年`` before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import cn2an

from kg.model import LEVEL_RANK, Doc, Statistic
from kg.resources import read_table
from kg.segment import cut, word_tags

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_NUMBER = rf"(?P<num>\d+(?:\.\d+)?|[{_CN_DIGITS}]+)"
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_CLAUSE_BREAK = re.compile(r"[，；。：！？]")
_PHRASE_MAX = 10
_VERB_TAGS = {"v", "vd", "p", "c", "d", "ad"}


@dataclass(frozen=True)
class StatRules:
    pattern: re.Pattern[str]
    units: dict[str, tuple[str, str]]
    stop: tuple[str, ...]
    drop: tuple[str, ...]
    person: tuple[str, ...]


@cache
def stat_rules() -> StatRules:
    units = {row[0]: (row[1], row[2]) for row in read_table("units.tsv", 3)}
    rules = {row[0]: tuple(row[1].split()) for row in read_table("indicator_rules.tsv", 2)}
    unit_alt = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
    pattern = re.compile(
        _NUMBER + r"(?P<approx>多|余)?(?P<mag>[十百千万亿]{0,2}?)(?P<approx2>多|余)?"
        rf"(?P<unit>{unit_alt})"
    )
    return StatRules(pattern, units, rules["stop"], rules["drop"], rules["person"])


def parse_number(num: str, magnitude: str) -> float | None:
    """``1.8`` + ``亿`` → 180000000; ``两`` → 2; ``三千`` → 3000."""
    try:
        value = float(num) if num[0].isdigit() else float(cn2an.cn2an(num, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
    for ch in magnitude:
        value *= _MAGNITUDE[ch]
    return value


def _phrase_after(text: str, pos: int, rules: StatRules) -> str:
    end = pos
    while end < len(text) and end - pos < _PHRASE_MAX:
        ch = text[end]
        if not ("\u4e00" <= ch <= "\u9fff") or text.startswith(rules.stop, end):
            break
        end += 1
    phrase = text[pos:end]
    tokens = cut(phrase) if phrase else []
    if not tokens or word_tags().get(tokens[0]) in _VERB_TAGS:
        return ""
    return phrase


def _phrase_before(text: str, pos: int, rules: StatRules) -> str:
    start = pos
    while start > 0 and pos - start < _PHRASE_MAX:
        ch = text[start - 1]
        if not ("\u4e00" <= ch <= "\u9fff"):
            break
        start -= 1
    tokens = cut(text[start:pos])
    while tokens and (tokens[0] in rules.drop or word_tags().get(tokens[0]) in _VERB_TAGS
                      or _YEAR.match(tokens[0])):
        tokens.pop(0)
    # keep the nouns: drop verbs inside (整合资金 -> 资金)
    nouns = [t for t in tokens if word_tags().get(t) not in _VERB_TAGS and t not in rules.drop]
    return "".join(nouns[-3:])


def _household(indicator: str, rules: StatRules) -> str:
    for word in rules.person:
        if indicator.endswith(word) and len(indicator) > len(word):
            return indicator[: -len(word)] + "户"
    return indicator


def extract_statistics(doc: Doc) -> Doc:
    rules = stat_rules()
    region_mentions: dict[int, list] = {}
    for i, m in enumerate(doc.mentions):
        if m.kind in LEVEL_RANK and i in doc.mention_entity:
            region_mentions.setdefault(m.sentence, []).append(m)
    stats: list[Statistic] = []
    for sentence in doc.sentences:
        text = sentence.text
        matches = [m for m in rules.pattern.finditer(text) if _is_count(text, m)]
        for k, m in enumerate(matches):
            value = parse_number(m.group("num"), m.group("mag"))
            if value is None:
                continue
            unit, _ = rules.units[m.group("unit")]
            if m.group("unit") in ("万元", "亿元"):
                value *= _MAGNITUDE[m.group("unit")[0]]
            # 2402户7129名贫困人口: a count chained to the next shares its noun
            chain_end = m.end()
            j = k
            while j + 1 < len(matches) and matches[j + 1].start() == chain_end:
                j += 1
                chain_end = matches[j].end()
            indicator = _phrase_after(text, chain_end, rules)
            if indicator and j != k and unit == "户":
                indicator = _household(indicator, rules)
            if not indicator:
                indicator = _phrase_before(text, m.start(), rules)
            if not indicator:
                continue
            region = _region_for(doc, sentence, m.start(), region_mentions)
            if region is None:
                continue
            year = _year_before(text, m.start())
            stats.append(Statistic(region, indicator, value, unit, m.group(),
                                   doc.evidence(sentence), year))
    doc.statistics = stats
    return doc


def _is_count(text: str, m: re.Match[str]) -> bool:
    """Skip dates and ordinals: 2019年, 6月9日, 第3."""
    start = m.start()
    if start and text[start - 1] in "第":
        return False
    num = m.group("num")
    if not num[0].isdigit() and len(num) == 1 and num in "一" and m.group("unit") in "个名":
        return False  # 一个 / 一名: an article, not a count
    return not (num.isdigit() and text[start - 1 : start].isdigit())


def _year_before(text: str, pos: int) -> int | None:
    years = [int(y.group(1)) for y in _YEAR.finditer(text, 0, pos)]
    return years[-1] if years else None


def _region_for(doc: Doc, sentence, pos: int, region_mentions):
    """The region a clause or sentence starts with, else the subject region."""
    local = [m for m in region_mentions.get(sentence.index, []) if m.start - sentence.start < pos]
    text = sentence.text
    clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, pos)), default=0)
    for start in (clause_start, 0):
        chain = []
        cursor = start
        for m in sorted(local, key=lambda m: m.start):
            if m.start - sentence.start == cursor:
                chain.append(m)
                cursor = m.end - sentence.start
        if chain:
            best = max(chain, key=lambda m: LEVEL_RANK[m.kind])
            idx = doc.mentions.index(best)
            return doc.mention_entity.get(idx, doc.subject_region)
    return doc.subject_region
