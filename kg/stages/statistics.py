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
from decimal import Decimal
from functools import cache

from kg.lexicon import load_lexicon
from kg.model import LEVEL_RANK, Doc, Statistic
from kg.resources import read_table
from kg.segment import cut, tag

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
#: single characters (两个, 三个) need no parser
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
_NUMBER = rf"(?P<num>\d+(?:\.\d+)?|[{_CN_DIGITS}]+)"
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_CLAUSE_BREAK = re.compile(r"[，；。：！？]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PHRASE_MAX = 14
_SHARE_MAX = 6
_VERB_TAGS = {"v", "vd", "p", "c", "d", "ad"}


@dataclass(frozen=True)
class StatRules:
    pattern: re.Pattern[str]
    units: dict[str, tuple[str, str]]
    stop: tuple[str, ...]
    skip: frozenset[str]
    drop: frozenset[str]
    person: tuple[str, ...]
    people: tuple[str, ...]


@cache
def stat_rules() -> StatRules:
    units = {row[0]: (row[1], row[2]) for row in read_table("units.tsv", 3)}
    rules = {row[0]: tuple(row[1].split()) for row in read_table("indicator_rules.tsv", 2)}
    unit_alt = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
    pattern = re.compile(
        _NUMBER + r"(?P<approx>多|余)?(?P<mag>[十百千万亿]{0,2}?)(?P<approx2>多|余)?"
        rf"(?:(?P<unit>{unit_alt})|(?<=[万亿])(?=[\u4e00-\u9fff]))"
    )
    return StatRules(
        pattern,
        units,
        rules["stop"],
        frozenset(rules["skip"]),
        frozenset(rules["drop"]),
        rules["person"],
        rules["people"],
    )


def _plain_numeral(num: str) -> int | None:
    """Regular Chinese numerals (两, 十五, 三千零五十, 一百二): None for anything else.

    Importing cn2an compiles a few hundred patterns (0.2 s, most of an
    incremental rebuild); the regular forms that reports use are read here
    and cn2an gets the rest.
    """
    total = section = digit = 0
    last_unit = 10_000
    for ch in num:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百千":
            if not digit and ch != "十" and (section or total):
                return None  # 三千百: a unit with no digit inside a number
            section += (digit or 1) * _MAGNITUDE[ch]  # 十五, 百万亩: a leading unit is one
            digit, last_unit = 0, _MAGNITUDE[ch]
        elif ch in "万亿":
            total = (total + section + digit) * _MAGNITUDE[ch]
            section = digit = 0
            last_unit = 10_000
        else:
            return None
    if digit and last_unit in (100, 1000) and num[-2] in "百千":
        digit *= last_unit // 10  # 一百二 = 120
    return total + section + digit


def parse_number(num: str, magnitude: str) -> Decimal | None:
    """``1.8`` + ``亿`` → 180000000; ``两`` → 2; ``三千`` → 3000."""
    if num[0] in "万亿":
        return None  # 万元, 庆万镇: a magnitude with no number
    try:
        if num[0].isdigit():
            value = Decimal(num)
        elif (plain := _plain_numeral(num)) is not None:
            value = Decimal(plain)
        else:
            import cn2an  # the irregular rest

            value = Decimal(str(cn2an.cn2an(num, "smart")))
    except (ValueError, KeyError, IndexError, ArithmeticError):
        return None
    for ch in magnitude:
        value *= _MAGNITUDE[ch]
    return value


def _tags(tokens: list[str]) -> list[str]:
    return [tag(t) or "x" for t in tokens]


def _phrase_after(text: str, pos: int, rules: StatRules, thing: bool = False) -> str:
    """The counted noun right after a number: 7129名|贫困人口、 / 1449处|集中供水工程和…

    ``thing``: the unit counts things (个, 处, 座), which are always named
    after it, so a phrase jieba tags as verbs (67个|集中安置点) still is one.
    """
    end = pos
    while end < len(text) and end - pos < _PHRASE_MAX:
        if not _CJK.match(text[end]) or text.startswith(rules.stop, end):
            break
        end += 1
    tokens = cut(text[pos:end]) if end > pos else []
    kept: list[str] = []
    seen_noun = False
    for token, pos_tag in zip(tokens, _tags(tokens)):
        if token == "的":
            kept, seen_noun = [], False  # 符合条件的|建档立卡贫困人口: the head follows 的
            continue
        if seen_noun and pos_tag[0] in "vdpcu":
            break  # 贫困人口|免费缴纳: the verb after the noun ends it
        kept.append(token)
        seen_noun = seen_noun or pos_tag[0] in "njx" or pos_tag == "vn"
    return "".join(kept) if seen_noun or (thing and len("".join(kept)) >= 2) else ""


def _phrase_before(text: str, pos: int, rules: StatRules, places: frozenset[str] = frozenset()
                   ) -> str:
    """What a number before which it stands counts: 投入帮扶资金|2580余万元, 完工率|88.24%."""
    start = pos
    while start > 0 and (_CJK.match(text[start - 1]) or text[start - 1].isdigit()):
        start -= 1
    for place in sorted(places, key=len, reverse=True):
        cut_at = text.rfind(place, start, pos)
        if cut_at != -1:
            start = cut_at + len(place)  # 雷山县|贫困发生率: the region is not what is counted
    tokens = [t for t in cut(text[start:pos]) if t]
    while tokens and (
        tokens[-1] in rules.skip or tokens[-1] in rules.stop or any(c.isdigit() for c in tokens[-1])
    ):
        tokens.pop()  # 收入|从2014年的|7038元
    tags = _tags(tokens)
    lexicon = load_lexicon()
    kept: list[str] = []
    for k in range(len(tokens) - 1, -1, -1):
        token, tag = tokens[k], tags[k]
        if (
            token in rules.drop
            or token in rules.skip
            or token in rules.units
            or any(c.isdigit() for c in token)
        ):
            break
        if kept and tag[0] in "vdpcu" and tag != "vn" and len("".join(kept)) > 1:
            # 筹集|资金: the verb before the noun is not counted, but a programme
            # named just before it is (春季雨露计划|扶贫助学补助)
            program = next(
                (
                    t
                    for t in tokens[max(0, k - 2) : k + 1]
                    if t in lexicon and lexicon[t].kind == "Program"
                ),
                "",
            )
            if program:
                kept.insert(0, program)
            break
        kept.insert(0, token)
        if len(kept) >= 4:
            break
    return "".join(kept)


def _canonical_terms(indicator: str) -> str:
    """Write programme abbreviations in full: 易迁户 -> 易地扶贫搬迁户."""
    lexicon = load_lexicon()
    for size in range(min(len(indicator), 8), 1, -1):
        for start in range(len(indicator) - size + 1):
            term = lexicon.get(indicator[start : start + size])
            if term is not None and term.kind == "Program" and term.canonical not in indicator:
                return indicator[:start] + term.canonical + indicator[start + size :]
    return indicator


def _household(indicator: str, rules: StatRules) -> str:
    for word in rules.person:
        if indicator.endswith(word) and len(indicator) > len(word):
            return indicator[: -len(word)] + "户"
    return indicator


def _chains(matches: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Adjacent numbers counting one thing: 2402户|7129名贫困人口."""
    chains: list[list[re.Match[str]]] = []
    for m in matches:
        if chains and chains[-1][-1].end() == m.start():
            chains[-1].append(m)
        else:
            chains.append([m])
    return chains


def extract_statistics(doc: Doc) -> Doc:
    rules = stat_rules()
    region_mentions: dict[int, list[int]] = {}
    for i, m in enumerate(doc.mentions):
        if m.kind in LEVEL_RANK and i in doc.mention_entity:
            region_mentions.setdefault(m.sentence, []).append(i)
    stats: list[Statistic] = []
    for sentence in doc.sentences:
        text = sentence.text
        matches = [m for m in rules.pattern.finditer(text) if _is_count(text, m)]
        previous, previous_end = "", -1
        places = frozenset(doc.mentions[i].surface for i in region_mentions.get(sentence.index, []))
        for chain in _chains(matches):
            money_or_rate = any(
                m.group("unit") and rules.units[m.group("unit")][1] in ("money", "rate")
                for m in chain
            )
            last_unit = chain[-1].group("unit") or ""
            thing = last_unit not in ("人", "名", "户", "人次", "") and not money_or_rate
            after = "" if money_or_rate else _phrase_after(text, chain[-1].end(), rules, thing)
            indicator = after or _phrase_before(text, chain[0].start(), rules, places)
            if not indicator and previous:
                # 占比35.64%, 同比增长5.12%: a share of the figure before it
                clause = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, chain[0].start())),
                             default=0)
                lead = text[clause : chain[0].start()]
                if previous_end > clause:
                    indicator = previous  # 收入从7038元增加到11300元: the same thing, later
                elif len(lead) <= _SHARE_MAX and all(_CJK.match(c) for c in lead):
                    indicator = previous + lead
            if not indicator:
                continue
            previous = indicator = _canonical_terms(indicator)
            previous_end = chain[-1].end()
            region = _region_for(doc, sentence, chain[0].start(), region_mentions)
            if region is None:
                continue
            year = _year_before(text, chain[0].start())
            for k, m in enumerate(chain):
                households = any(c.group("unit") == "户" for c in chain[:k])
                stat = _statistic(doc, sentence, m, indicator, after, region, year, rules,
                                  households)
                if stat is not None:
                    stats.append(stat)
    doc.statistics = stats
    return doc


def _statistic(doc, sentence, m, indicator, after, region, year, rules, households=False
               ) -> Statistic | None:
    value = parse_number(m.group("num"), m.group("mag"))
    if value is None:
        return None
    written = m.group("unit")
    if written:
        unit, _ = rules.units[written]
        if written in ("万元", "亿元"):
            value *= _MAGNITUDE[written[0]]
    elif indicator.endswith(rules.people):
        unit = "人"  # 83.3万贫困人口
    elif indicator.endswith("户"):
        unit = "户"
    else:
        return None
    if unit == "户":
        indicator = _household(indicator, rules)
    elif unit == "人" and households and indicator.endswith("户") and len(indicator) > 1:
        indicator = indicator[:-1] + "人口"  # 贫困户136户533人: 533 is 贫困人口
    return Statistic(
        region,
        indicator,
        float(value),
        unit,
        m.group(),
        doc.evidence(sentence),
        year,
        sentence.start + m.start(),
    )


def _is_count(text: str, m: re.Match[str]) -> bool:
    """Skip dates and ordinals: 2019年, 6月9日, 第3."""
    start = m.start()
    if start and text[start - 1] in "第":
        return False
    num = m.group("num")
    if not num[0].isdigit() and len(num) == 1 and num in "一" and m.group("unit") in "个名":
        return False  # 一个 / 一名: an article, not a count
    if num[0] in "十百千万" and start and text[start - 1] in "数几上成":
        return False  # 数百公里, 上万人: a rough size, not a figure
    return not (num.isdigit() and text[start - 1 : start].isdigit())


def _year_before(text: str, pos: int) -> int | None:
    years = [int(y.group(1)) for y in _YEAR.finditer(text, 0, pos)]
    return years[-1] if years else None


def _region_for(doc: Doc, sentence, pos: int, region_mentions):
    """The region a clause or sentence starts with, else the subject region."""
    local = [
        i
        for i in region_mentions.get(sentence.index, [])
        if doc.mentions[i].start - sentence.start < pos
    ]
    text = sentence.text
    starts = [0] + [b.end() for b in _CLAUSE_BREAK.finditer(text, 0, pos)]
    # the nearest clause before the number that opens with a region (2019年，定西市安定区…，投入…)
    for start in reversed(starts):
        chain = []
        cursor = start
        for i in sorted(local, key=lambda i: doc.mentions[i].start):
            m = doc.mentions[i]
            if m.start - sentence.start == cursor:
                chain.append(i)
                cursor = m.end - sentence.start
        if chain:
            best = max(chain, key=lambda i: LEVEL_RANK[doc.mentions[i].kind])
            return doc.mention_entity.get(best, doc.subject_region)
    return doc.subject_region
