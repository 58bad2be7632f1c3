"""Find officials: a title from the positions lexicon, then a person's name.

``茅箭区委书记周庆荣`` gives 周庆荣 with position 区委书记 and office region
茅箭区; ``龙驹镇规环所负责人向文龙`` gives the position 规环所负责人 for the
office region 龙驹镇.  A name is a surname from the lexicon and one or two
more characters; which of the two is decided by the words that follow names
(说, 表示, 强调 ...), not by POS-tagging the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from kg.model import Mention
from kg.resources import read_words
from kg.segment import is_word, tag

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Uyghur, Kazakh, Tibetan names written with a middle dot between their parts
_DOTS = "·•・‧"
_DOTTED_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,8}}(?:[{_DOTS}][\u4e00-\u9fff]{{1,10}})+")
_PERSON_TAGS = {"nr", "nrfg", "nrt"}
_MAX_UNIT = 6  # characters of a unit name between region and title (规环所)
_MAX_NAME = 4  # transliterated names (帕查有格) run to four characters


@dataclass(frozen=True)
class OfficialRules:
    titles: ahocorasick.Automaton
    surnames: tuple[str, ...]  # double surnames first
    followers: tuple[str, ...]
    stop_chars: frozenset[str]
    units: tuple[str, ...]


@cache
def official_rules() -> OfficialRules:
    auto = ahocorasick.Automaton()
    for title in read_words("positions.txt"):
        auto.add_word(title, title)
    auto.make_automaton()
    surnames = sorted(read_words("surnames.txt"), key=len, reverse=True)
    return OfficialRules(
        titles=auto,
        surnames=tuple(surnames),
        followers=tuple(sorted(read_words("name_followers.txt"), key=len, reverse=True)),
        stop_chars=frozenset(read_words("name_stop_chars.txt"))
        | frozenset(read_words("name_excluded_chars.txt")),
        units=tuple(read_words("office_units.txt")),
    )


def _name_before_follower(text: str, pos: int, rules: OfficialRules) -> str:
    """县长子克拉格表示: a name outside the surname list, ended by a speech verb."""
    if text[pos : pos + 1] in rules.stop_chars:
        return ""  # 对我说: a pronoun, not a name
    for size in range(3, _MAX_NAME + 1):
        name = text[pos : pos + size]
        if len(name) < size or not all(_CJK.match(c) for c in name):
            return ""
        if text.startswith(rules.followers, pos + size) and not is_word(name):
            return name
    return ""


def _dotted_name(text: str, pos: int, name: str, rules: OfficialRules) -> str:
    """The dotted name up to where its last part ends: a speech verb or another word follows.

    Transliterations are full of characters that are words of their own (阿不都:
    都), so a one-character follower ends the name only if it is a verb (说).
    """
    last = max(name.rfind(dot) for dot in _DOTS) + 2  # at least one character after the dot
    for k in range(last, len(name)):
        nxt = text[pos + k : pos + k + 2]
        follower = next((f for f in rules.followers if text.startswith(f, pos + k)), "")
        if ((follower and (len(follower) > 1 or (tag(follower) or "")[:1] == "v"))
                or name[k] in rules.stop_chars
                or (is_word(nxt) and (tag(nxt) or "n")[0] in "vdpc")):
            return name[:k]  # 艾尔肯·吐尼亚孜|表示, …|带领
    return name


def _name_at(text: str, pos: int, rules: OfficialRules) -> str:
    """The person's name starting at ``pos``, or ``""``."""
    dotted = _DOTTED_NAME.match(text, pos)
    if dotted:  # 艾尔肯·吐尼亚孜: a transliterated name keeps all its parts
        return _dotted_name(text, pos, dotted.group(), rules)
    surname = next((s for s in rules.surnames if text.startswith(s, pos)), "")
    if not surname:
        return _name_before_follower(text, pos, rules)
    first = pos + len(surname)
    given = 0
    for i in range(2):
        ch = text[first + i : first + i + 1]
        if not ch or not _CJK.match(ch) or ch in rules.stop_chars:
            break
        if i == 1 and text.startswith(rules.followers, first + 1):
            break  # 王翔说: the follower word ends a two-character name
        given += 1
    if given == 0:
        return ""
    if given == 2 and not text.startswith(rules.followers, first + 2):
        rest = text[first + 1 : first + 3]
        if is_word(rest) and (tag(rest) or "n")[0] in "mdpcvaq":
            given = 1  # 王勇|多次深入: the last character starts a word of its own
    name = text[pos : first + given]
    end = pos + len(name)
    if (len(name) == 3 and not text.startswith(rules.followers, end)
            and _CJK.match(text[end : end + 1] or " ") and text[end] not in rules.stop_chars
            and text.startswith(rules.followers, end + 1)):
        name = text[pos : end + 1]  # 吉克阿呷|带领: Yi and Tibetan names run to four characters
    head = text[pos : pos + 2]
    followed = text.startswith(rules.followers, pos + len(name))
    if (is_word(head) and tag(head) not in _PERSON_TAGS and len(surname) == 1
            and not followed):
        # 和村, 向前: the 'surname' starts an ordinary word
        return ""
    return name


def find_officials(text: str, sentence: int, offset: int, regions: list[Mention]) -> list[Mention]:
    """Official mentions of one sentence; ``regions`` are its region mentions."""
    rules = official_rules()
    best: dict[int, tuple[int, str]] = {}  # name start -> (title start, title)
    for end, title in rules.titles.iter(text):
        start = end - len(title) + 1
        prev = best.get(end + 1)
        if prev is None or start < prev[0]:
            best[end + 1] = (start, title)
    out = []
    local = [(m.start - offset, m.end - offset, m) for m in regions]

    def office_of(t_start: int, title: str) -> tuple[str, str]:
        """The region a title is held in (from the text before it) and the position."""
        for r_start, r_end, m in local:
            if t_start <= r_end <= t_start + 1 and r_start < t_start:
                return m.surface, title  # 茅箭区委书记 / 茅箭区区长
            gap = text[r_end:t_start]
            if (
                r_end < t_start
                and len(gap) <= _MAX_UNIT
                and all(_CJK.match(c) for c in gap)
                and gap.endswith(rules.units)
                and not any(r_end < s < t_start for s, _, _ in local)
            ):
                # 龙驹镇规环所负责人; 西吉县委常委: the committee is the region's (县委)
                return m.surface, (m.surface[-1] if gap == "委" else "") + gap + title
        return "", title

    for name_start, (t_start, title) in sorted(best.items()):
        name = _name_at(text, name_start, rules)
        if not name:
            continue
        office, position = office_of(t_start, title)
        before = best.get(t_start - 1)
        if not office and text[t_start - 1 : t_start] == "、" and before is not None:
            # 西吉县委常委、副县长马小平: a second title is held where the first is
            office = office_of(*before)[0]
        out.append(
            Mention(
                sentence,
                offset + name_start,
                offset + name_start + len(name),
                name,
                "Official",
                name,
                position=position,
                office_region=office,
            )
        )
    return out
