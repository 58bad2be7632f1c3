"""What the statistics modules share of Chinese text: clause breaks, characters, numerals, years.

One owner for the pieces :mod:`kg.extract.match.figures`, :mod:`kg.extract.match.phrases`,
:mod:`kg.extract.statistics`, :mod:`kg.extract.match.discourse` and :mod:`kg.extract.metadata`
all read, so a clause or a year is the same thing to each of them.
"""

from __future__ import annotations

import re

CJK_RANGE = "\u4e00-\u9fff"
CJK = re.compile(f"[{CJK_RANGE}]")
#: what ends a clause: a figure's indicator, region and year are read inside one
CLAUSE_BREAK = re.compile(r"[，；。：！？]")
#: characters of a Chinese numeral (二十三, 两千, 1.8万 …)
CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
#: where a figure may start: a digit or a numeral character below the magnitudes
FIGURE_START = re.compile(rf"[\d{CN_NUMERAL[:-2]}]")
#: a year as written: 2019 of 2019年
YEAR_NUMBER = r"(?:19|20)\d\d"
#: relative years and their distance from the article's year
RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
#: a year after one of these is the base of a comparison (较2010年增长), not the figure's
COMPARISON = "较比与"
#: words that join the items of a list (A、B和C)
LIST_JOINS = ("和", "及", "与", "以及")


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` begins."""
    return max((b.end() for b in CLAUSE_BREAK.finditer(text, 0, pos)), default=0)


def clause_starts(text: str, pos: int) -> list[int]:
    """The starts of the clauses of ``text`` up to ``pos``, first to last."""
    return [0] + [b.end() for b in CLAUSE_BREAK.finditer(text, 0, pos)]
