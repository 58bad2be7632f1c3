"""The number grammar: figures as reports write them, read into value, unit and qualifier.

A *figure* is a number with what is written around it: a qualifier before or
after (``近5000人``, ``8000余册``, ``95%以上``), a magnitude (``1.8亿元``,
``3.2万人次``), a unit or measure word (``40种``, ``1200吨``, ``3000平方米``), a
compound unit (``8元/公斤``), a range (``200到350元``, ``四五个``), a fraction
(``2/3``, ``三分之二``, ``百分之九十``).  The word tables are data
(``units.tsv``, ``figure_words.tsv``); what a figure counts is read by
:mod:`kg.extract.statistics`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from kg.extract.match.grammar import CJK_RANGE, CN_NUMERAL
from kg.resources import read_table

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_NUM = rf"\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_NUMERAL}]+"
#: two neighbouring digits are a range (四五个月, 五六十元)
_NEIGHBOURS = re.compile(r"([一二三四五六七八])([二三四五六七八九])([十百千万]*)")


@dataclass(frozen=True)
class Unit:
    written: str
    normal: str
    kind: str
    factor: Decimal


@dataclass(frozen=True)
class Figure:
    """One number as written: ``start``/``end`` are offsets in the sentence text."""

    start: int
    end: int
    surface: str
    value: Decimal
    unit: str  # normalised ("" when no unit is written: 28216贫困人口, 10万)
    kind: str  # the unit's kind, "" without one
    qualifier: str = ""  # 多, 余, 近, 约, 以上, 左右 … as written
    upper: Decimal | None = None  # the high end of a range
    per: str = ""  # 公斤 of 8元/公斤
    numeral: str = ""  # the number as written (before magnitudes)


@dataclass(frozen=True)
class FigureRules:
    pattern: re.Pattern[str]
    fraction: re.Pattern[str]
    units: dict[str, Unit]
    words: dict[str, tuple[str, ...]]


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@cache
def figure_rules() -> FigureRules:
    units: dict[str, Unit] = {}
    for row in read_table("units.tsv", 3):
        factor = Decimal(row[3]) if len(row) > 3 and row[3] else Decimal(1)
        units[row[0]] = Unit(row[0], row[1], row[2], factor)
    words = {row[0]: tuple(row[1].split()) for row in read_table("figure_words.tsv", 2)}
    unit_alt = _alternation(units)
    per_alt = _alternation(words["per"])
    after = _alternation(w for w in words["after"] if w not in ("多", "余"))
    ranges = _alternation(words["range"])
    before = _alternation(words["before"])
    starts = "".join(sorted({w[0] for w in words["before"]}))
    pattern = re.compile(
        rf"(?=[\d{CN_NUMERAL}{re.escape(starts)}])"  # fail fast where no figure can start
        rf"(?P<before>{before})?"
        rf"(?P<num>{_NUM})(?:(?P<range>{ranges})(?P<num2>{_NUM}))?"
        r"(?P<q1>多|余)?(?P<mag>[十百千万亿]{0,2}?)(?P<q2>多|余)?"
        rf"(?:(?P<unit>{unit_alt})(?:/(?P<per>{per_alt}))?"
        rf"|(?<=[万亿])(?=[{CJK_RANGE}，。；、])|(?<=[万亿])$"
        rf"|(?<=\d)(?=(?:{_alternation(words['bare_nouns'])})))"
        rf"(?P<q3>{after})?"
    )
    fraction = re.compile(rf"(?P<b>\d+|[{CN_NUMERAL}]+)(?:{_alternation(words['fraction'])})"
                          rf"(?P<a>\d+(?:\.\d+)?|[{CN_NUMERAL}]+)"
                          r"|(?<![\d/])(?P<fa>\d+)/(?P<fb>\d+)(?![\d/])")
    return FigureRules(pattern, fraction, units, words)


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


def parse_number(num: str, magnitude: str = "") -> Decimal | None:
    """``1.8`` + ``亿`` → 180000000; ``两`` → 2; ``三千`` → 3000; ``1,200`` → 1200."""
    if not num or num[0] in "万亿" and num not in ("万", "亿"):
        return None  # 万元, 庆万镇: a magnitude with no number
    try:
        if num[0].isdigit():
            value = Decimal(num.replace(",", ""))
        elif num in ("万", "亿"):
            value = Decimal(_MAGNITUDE[num])  # 万亩
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


def _neighbour_range(num: str) -> tuple[Decimal, Decimal] | None:
    """四五 → (4, 5), 五六十 → (50, 60): two neighbouring digits are a range."""
    m = _NEIGHBOURS.fullmatch(num)
    if not m or _DIGITS[m.group(2)] != _DIGITS[m.group(1)] + 1:
        return None
    low, high = parse_number(m.group(1) + m.group(3)), parse_number(m.group(2) + m.group(3))
    return (low, high) if low is not None and high is not None else None


def _rough(text: str, m: re.Match[str], rules: FigureRules) -> bool:
    """数百公里, 上万人, 第3次, 6月9日, 2019年: not figures."""
    start = m.start("num")
    num = m.group("num")
    before = text[max(0, start - 2) : start]
    if before.endswith("第"):
        return True
    if before[-1:] in rules.words["not_before"] and not num[0].isdigit():
        return True  # “两个一百年”, 这两个关键少数, 五届七次全会
    if num[0] in "十百千万" and any(before.endswith(w) for w in rules.words["rough"]):
        return True
    return num[0].isdigit() and before[-1:].isdigit()


def find_figures(text: str) -> list[Figure]:
    """Every figure of a sentence, left to right, with its value normalised to plain units."""
    rules = figure_rules()
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for m in rules.fraction.finditer(text):
        figure = _fraction(m)
        if figure is not None:
            figures.append(figure)
            taken.append((m.start(), m.end()))
    for m in rules.pattern.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken) or _rough(text, m, rules):
            continue
        figure = _figure(text, m, rules)
        if figure is not None:
            figures.append(figure)
    figures.sort(key=lambda f: f.start)
    return figures


def _fraction(m: re.Match[str]) -> Figure | None:
    """三分之二, 2/3 → 66.67 %; 百分之九十 → 90 %."""
    if m.group("fa"):
        a, b = parse_number(m.group("fa")), parse_number(m.group("fb"))
    else:
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
    if a is None or b is None or not b or a > b:
        return None
    value = (a * 100 / b).quantize(Decimal("0.01"))
    return Figure(m.start(), m.end(), m.group(), value.normalize(), "%", "rate", numeral=m.group())


def _figure(text: str, m: re.Match[str], rules: FigureRules) -> Figure | None:
    num, written = m.group("num"), m.group("unit") or ""
    unit = rules.units.get(written)
    words = rules.words
    lone_numeral = len(num) == 1 and not num.isdigit()
    if num in ("万", "千", "百") and written not in words["bare_magnitude"]:
        return None  # 万元户, 千家万户: a magnitude alone is a figure only in 万亩, 千亩
    if unit is not None:
        if text.startswith(words["not_after"], m.end("unit")) and unit.kind == "count":
            return None  # 10个月, 三个小时: a length of time
        if lone_numeral and num == "一" and unit.kind == "count":
            return None  # 一个 / 一名: an article, not a count
        if lone_numeral and written in words["ordinal"]:
            return None  # 二期工程
        if written in words["numeral_only"] and not lone_numeral:
            return None  # 建成, 30成
        if lone_numeral and written in words["numeral_word"]:
            return None  # 四处奔忙
        if not num[0].isdigit() and text.startswith(words["unit_compound"],
                                                     m.end("unit") - len(written)):
            return None  # 三七|种植: the unit begins a word, the numeral is a name
    elif not m.group("mag") and not (num.isdigit() and len(num) >= 2):
        return None  # a bare number is a figure only before a people noun (28216贫困人口)
    span = _neighbour_range(num) if not m.group("num2") else None
    if span is not None:
        low, high = span
    else:
        low = parse_number(num)
        high = parse_number(m.group("num2")) if m.group("num2") else None
        if low is None or (m.group("num2") and high is None):
            return None
    scale = Decimal(1)
    for ch in m.group("mag"):
        scale *= _MAGNITUDE[ch]
    factor = unit.factor if unit else Decimal(1)
    value = low * scale * factor
    upper = high * scale * factor if high is not None else None
    if upper is not None and upper <= value:
        return None  # 2019-2020, 10到5: not a range of one quantity
    qualifier = "".join(q for q in (m.group("before"), m.group("q1"), m.group("q2"),
                                    m.group("q3")) if q)
    start = m.start("num")
    return Figure(
        start,
        m.end(),
        text[start : m.end()],
        value,
        unit.normal if unit else "",
        unit.kind if unit else "",
        qualifier,
        upper,
        m.group("per") or "",
        num,
    )
