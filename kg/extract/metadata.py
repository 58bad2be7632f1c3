"""The article's metadata: its date, outlet and byline (``dcterms:`` on the article).

Reports open with a dateline (``新华社兰州5月8日电``, ``新华网北京4月24日电``) or
carry a date line (``2019年5月8日``), and name their reporters (``记者王雁博
通讯员时清``, ``（李海林 陈云）``, ``(王玉娟)``).  A dateline gives no year, so
the year is the text's own: a full date, else the latest year the text
speaks of in the past, one more when it also says ``去年`` of that year's
events (``2018年，康坪村…。去年村里…``), and none when that year only starts a
period (``2016年以来``: the text is of some later year).  Relative years of statistics
(``今年``, ``去年``, ``前年``) resolve from it.  Reporters are never officials:
an Official mention of a byline name is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract.match.grammar import YEAR_NUMBER
from kg.extract.match.phrases import stat_rules
from kg.model import Doc
from kg.resources import read_table

_FULL_DATE = re.compile(rf"({YEAR_NUMBER})年(\d{{1,2}})月(\d{{1,2}})日")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(rf"({YEAR_NUMBER})年")
_HISTORY = 5  # years before the latest year named that are history, not the article's time
_NAME = r"[\u4e00-\u9fff]{2,4}"
_SIGNATURE = re.compile(rf"[（(](?P<names>{_NAME}(?:[\s　、]+{_NAME})*)[）)]\s*$")


@dataclass(frozen=True)
class _Patterns:
    dateline: re.Pattern[str]
    future_before: tuple[str, ...]  # 到|2020年, 力争|2025年: a year looked forward to
    future_after: re.Pattern[str]  # 2020年|将全面完成
    byline: re.Pattern[str]
    not_name: re.Pattern[str]


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@cache
def _patterns() -> _Patterns:
    """The metadata patterns, built from ``metadata_words.tsv``."""
    words = {row[0]: tuple(row[1].split()) for row in read_table("metadata_words.tsv", 2)}
    dateline = re.compile(
        rf"(?P<outlet>{_alternation(words['outlet'])})"
        r"(?:记者)?(?P<place>[\u4e00-\u9fff]{0,6}?)(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯)"
    )
    byline = re.compile(
        rf"(?:{_alternation(words['byline'])})[ 　]*"
        rf"(?P<names>{_NAME}(?:[ 　、，,]+(?!{_alternation(words['byline_stop'])}){_NAME})*)"
    )
    not_name = re.compile(rf"{_alternation(words['not_name'])}|[{''.join(words['not_name_end'])}]$")
    future_after = re.compile(rf"(?:年度)?(?:{_alternation(words['future_after'])})")
    return _Patterns(dateline, words["future_before"], future_after, byline, not_name)


def _year(doc: Doc) -> int | None:
    text = doc.text
    rules = _patterns()
    past = []
    for m in _YEAR.finditer(text):
        before = text[max(0, m.start() - 3) : m.start()]
        change = before.endswith(stat_rules().change)  # 降至2018年的0.8%: a past change
        if (before.endswith(rules.future_before) and not change
                or rules.future_after.match(text, m.end())):
            continue
        past.append(int(m.group(1)))
    every = [int(y) for y in _YEAR.findall(text)]
    if not past or max(past) < max(every) - _HISTORY:
        return None  # 1936年10月 in a report looking to 2020: a history, not the date
    latest = max(past)
    if all(text.startswith("以来", m.end()) for m in re.finditer(f"{latest}年", text)):
        return None  # 2016年以来…: a period the text looks back on from a later year it never names
    partial = re.search(rf"{latest}年(?:\d{{1,2}}月|上半年|前[一二三]季度|以来)", text)
    finished = re.search(rf"{latest}年(?:底|末|全年)", text)
    if "去年" in text and not partial and ("今年" not in text or finished):
        return latest + 1  # 2018年…。去年村里…: the text is of the year after
    return latest


def _names(found: str) -> list[str]:
    return [n for n in re.split(r"[\s　、，,]+", found) if n and not _patterns().not_name.search(n)]


def extract_metadata(doc: Doc) -> Doc:
    """Fill ``doc.date``, ``doc.outlet`` and ``doc.byline``; drop reporters from officials."""
    text = doc.text
    head = text[:400]
    dateline = _patterns().dateline.search(head)
    if dateline:
        doc.outlet = dateline.group("outlet")
    full = _FULL_DATE.search(head) or _FULL_DATE.search(text[-300:])
    if full:
        y, m, d = (int(g) for g in full.groups())
        doc.date = f"{y:04d}-{m:02d}-{d:02d}"
    else:
        year = _year(doc)
        md = dateline or _MONTH_DAY.search(head)
        if year and md:
            month, day = int(md.group("m") if dateline else md.group(1)), int(
                md.group("d") if dateline else md.group(2))
            doc.date = f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 \
                else str(year)
        elif year:
            doc.date = str(year)
    names: list[str] = []
    for m in _patterns().byline.finditer(doc.raw[:400]):  # names are spaced apart in the raw text
        names += _names(m.group("names"))
    for m in _SIGNATURE.finditer(doc.raw.rstrip()[-40:]):
        names += _names(m.group("names"))
    # a web page says its own date, site and author (kg/sources/html.py): those win
    if doc.meta.get("date"):
        doc.date = doc.meta["date"]
    doc.outlet = doc.meta.get("publisher") or doc.outlet
    names += _names(doc.meta.get("creator", ""))
    doc.byline = tuple(dict.fromkeys(names))
    if doc.byline:
        keep = [m for m in doc.mentions if not (m.kind == "Official" and m.surface in doc.byline)]
        if len(keep) != len(doc.mentions):
            doc.mentions = keep
    return doc
