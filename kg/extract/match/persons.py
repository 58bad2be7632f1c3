"""Figures of one named person, which are no region's statistic.

Two shapes, both of them grammar with their words as data (``indicator_rules.tsv``):

* a person named after the word for his role (``person_role``: 村民, 贫困户, 户主 …),
  optionally with 的, before the figure: ``贫困户的张某某每月领到800元工资``,
  ``村民李某家三间瓦房``; the name is a jieba word opening with a surname
  (``surnames.txt``) that jieba tags a person or does not know.  A scope word
  between the name and the figure (全村, 全县) makes the figure a region's again;
* a roll of names, each with its own figure: two or more list items of the shape
  ``NAME，<the same words><number>`` (``扎西，分红金额3200元；卓玛，分红金额2800元``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.extract.match.focus import scope_pattern
from kg.resources import read_words
from kg.resources.segment import cut, tag

__all__ = ["personal_figure"]

_NAME_TAGS = (None, "nr", "nrfg", "nrt")
#: a list item of a roll of names: 扎西，|分红金额|3200元
_ROLL_ITEM = re.compile(r"(?:^|[；;。“])([\u4e00-\u9fff·]{2,6})[，,]([\u4e00-\u9fff]{2,8}?)"
                        r"(?=[\d一二三四五六七八九十两])")


@cache
def _surnames() -> tuple[str, ...]:
    return tuple(sorted(read_words("surnames.txt"), key=len, reverse=True))


def _named_after_role(text: str, pos: int, roles: tuple[str, ...]) -> bool:
    """A role word followed by a person's name before ``pos``, with no scope word after it."""
    for role in roles:
        at = text.find(role, 0, pos)
        while at != -1:
            start = at + len(role)
            start += 1 if text.startswith("的", start) else 0
            words = cut(text[start : min(pos, start + 6)]) if start < pos else []
            name = words[0] if words else ""
            if (2 <= len(name.rstrip("家")) <= 4 and name.startswith(_surnames())
                    and tag(name) in _NAME_TAGS
                    and not scope_pattern().search(text, start + len(name), pos)):
                return True
            at = text.find(role, at + 1, pos)
    return False


@lru_cache(maxsize=256)
def _roll_ends(text: str) -> frozenset[int]:
    """Where the figures of a roll of two or more names stand in sentence ``text``.

    Read once a sentence: every figure of the sentence asks."""
    items = list(_ROLL_ITEM.finditer(text))
    words = [m.group(2) for m in items]
    return frozenset(m.end() for m in items if words.count(m.group(2)) >= 2)


def _in_roll(text: str, pos: int) -> bool:
    """The figure at ``pos`` belongs to an item of a roll of two or more names."""
    return pos in _roll_ends(text)


def personal_figure(text: str, pos: int, roles: tuple[str, ...]) -> bool:
    """The figure at ``pos`` of sentence ``text`` is one named person's own."""
    return _in_roll(text, pos) or _named_after_role(text, pos, roles)
