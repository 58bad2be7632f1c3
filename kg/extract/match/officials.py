"""Find officials: a title (read by the grammar of :mod:`kg.extract.match.titles`) and a name.

``茅箭区委书记周庆荣`` gives 周庆荣 with position 区委书记 and office region
茅箭区; ``龙驹镇规环所负责人向文龙`` gives the position 规环所负责人 for the
office region 龙驹镇; ``王某担任了村党支部书记`` puts the name first.  A name is
a surname from the lexicon and one or two more characters; which of the two
is decided by the words that follow names (说, 表示, 强调 ...) and by the
characters that start those words (最, 也), not by POS-tagging the sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.match.titles import grammar, parse_after, parse_chain
from kg.model import Mention, Title
from kg.resources import read_words
from kg.resources.segment import is_word, tag

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Uyghur, Kazakh, Tibetan names written with a middle dot between their parts
_DOTS = "·•・‧"
_DOTTED_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,8}}(?:[{_DOTS}][\u4e00-\u9fff]{{1,10}})+")
_PERSON_TAGS = {"nr", "nrfg", "nrt"}
#: words that stand inside transliterated names (扎西 is tagged a place name)
_TRANSLITERATION_TAGS = _PERSON_TAGS | {"ns"}
_MAX_NAME = 4  # transliterated names (帕查有格) run to four characters


@dataclass(frozen=True)
class OfficialRules:
    surname_set: frozenset[str]
    followers: tuple[str, ...]
    stop_chars: frozenset[str]
    never_final: frozenset[str]  # 最, 也: start the word after a name, never end one
    never_first: frozenset[str]  # 对, 他: never start a name written without a surname


@cache
def official_rules() -> OfficialRules:
    surnames = sorted(read_words("surnames.txt"), key=len, reverse=True)
    return OfficialRules(
        surname_set=frozenset(surnames),
        followers=tuple(sorted(read_words("name_followers.txt"), key=len, reverse=True)),
        stop_chars=frozenset(read_words("name_stop_chars.txt"))
        | frozenset(read_words("name_excluded_chars.txt")),
        never_final=frozenset(read_words("name_never_final_person.txt")),
        never_first=frozenset(read_words("name_never_first_person.txt")),
    )


def _name_before_follower(text: str, pos: int, rules: OfficialRules) -> str:
    """县长子克拉格表示, 理事长军青介绍: a name outside the surname list, ended by a speech verb."""
    if text[pos : pos + 1] in rules.never_first:
        return ""  # 对我说: a pronoun, not a name
    for size in range(2, _MAX_NAME + 1):
        name = text[pos : pos + size]
        if len(name) < size or not all(_CJK.match(c) for c in name):
            return ""
        tail = name[-2:] if size > 2 else text[pos + 1 : pos + 3]
        if is_word(tail) and (tag(tail) or "n")[0] in "vdpc":
            continue  # 才仁|补充说: the last characters are a verb of their own
        if not text.startswith(rules.followers, pos + size):
            continue
        if size >= 3 and is_word(name) and (tag(name) or "")[:1] == "n":
            return name  # 买买提: a transliterated name the dictionary holds whole
        if not is_word(name) or tag(name) in _TRANSLITERATION_TAGS:
            return "" if _has_common_word(name) else name
    return ""


def _has_common_word(name: str) -> bool:
    """群众|越, 身影|出, 殷殷: a dictionary word inside, or two of one character, is no name.

    (Three characters may double one: 买买提.)
    """
    head = name[:2]  # 次仁|旺堆: a word at the end of a transliteration is no sign
    return (len(name) == 2 and name[0] == name[1]) or (
        is_word(head) and tag(head) not in _TRANSLITERATION_TAGS)


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
                or (name[k] in rules.never_final  # …吐尼亚孜|曾到: an adverb, then a verb
                    and text.startswith(rules.followers, pos + k + 1))
                or (is_word(nxt) and (tag(nxt) or "n")[0] in "vdpc")):
            return name[:k]  # 艾尔肯·吐尼亚孜|表示, …|带领
    return name


def _name_at(text: str, pos: int, rules: OfficialRules) -> str:
    """The person's name starting at ``pos``, or ``""``."""
    dotted = _DOTTED_NAME.match(text, pos)
    if dotted:  # 艾尔肯·吐尼亚孜: a transliterated name keeps all its parts
        return _dotted_name(text, pos, dotted.group(), rules)
    surname = next((text[pos : pos + k] for k in (2, 1)
                    if text[pos : pos + k] in rules.surname_set), "")  # double surnames first
    if not surname:
        return _name_before_follower(text, pos, rules)
    first = pos + len(surname)
    given_pair = text[first : first + 2]
    if (len(given_pair) == 2 and given_pair[0] in rules.stop_chars and _CJK.match(given_pair[1])
            and given_pair[1] not in rules.stop_chars
            and text.startswith(rules.followers, first + 2)):
        return text[pos : first + 2]  # 王和平说: 和 inside a name, a follower after it
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
    pair = text[first : first + 2]
    if (given == 2 and is_word(pair) and (tag(pair) or "n")[0] in "vd"
            and not text.startswith(rules.followers, first + 2)):
        return ""  # 组长|时狠抓作风: the 'given name' is a verb, the 'surname' a word before it
    if given == 2 and not text.startswith(rules.followers, first + 2):
        rest = text[first + 1 : first + 3]
        if is_word(rest) and (tag(rest) or "n")[0] in "mdpcvaqt":
            given = 1  # 王勇|多次深入, 李明|今天: the last character starts a word of its own
    if given == 2 and text[first + 1] in rules.never_final:
        given = 1  # 王勇|最有感触
    if given == 1 and text[first] in rules.never_final:
        return ""  # 书记|都很熟悉: 都 is a surname, 很 no given name
    name = text[pos : first + given]
    end = pos + len(name)
    if (len(name) == 2 and len(surname) == 1 and text.startswith(rules.followers, pos + 4)
            and all(_CJK.match(c) for c in text[end : pos + 4])
            and not is_word(text[pos + 1 : pos + 3]) and not is_word(text[pos + 2 : pos + 4])):
        name = text[pos : pos + 4]  # 乡长普布次仁|说: a Tibetan name, two names of two syllables
    elif (len(name) == 3 and not text.startswith(rules.followers, end)
            and _CJK.match(text[end : end + 1] or " ") and text[end] not in rules.stop_chars
            and text.startswith(rules.followers, end + 1)
            and not is_word(text[end - 1 : end + 1])):  # 李明|今天说: a word, not a name's end
        name = text[pos : end + 1]  # 吉克阿呷|带领: Yi and Tibetan names run to four characters
    head = text[pos : pos + 2]
    followed = text.startswith(rules.followers, pos + len(name))
    if (is_word(head) and tag(head) not in _PERSON_TAGS and len(surname) == 1
            and not followed):
        # 和村, 向前: the 'surname' starts an ordinary word
        return ""
    return name


def _region_ends(regions: list[Mention], offset: int) -> dict[int, tuple[int, str]]:
    """End of each region mention in the sentence -> (its start, its level); longest wins.

    Short forms (茅箭, 迁安) are left out: a title's region is written in full.
    """
    ends: dict[int, tuple[int, str]] = {}
    for m in sorted(regions, key=lambda m: m.end - m.start):
        if m.source != "short-form":  # 易地搬|迁安|置点: a bare short form ends no title
            ends[m.end - offset] = (m.start - offset, m.kind)
    return ends


def _shift(title: Title, offset: int) -> Title:
    """A title with sentence offsets made document offsets."""
    span = title.region_span
    if span != (0, 0):
        span = (span[0] + offset, span[1] + offset)
    return replace(title, start=title.start + offset, end=title.end + offset, region_span=span)


def _official(sentence: int, offset: int, start: int, name: str, chain: list[Title],
              text: str) -> Mention:
    """An Official mention whose titles are ``chain`` (spans made document offsets)."""
    titles = tuple(_shift(t, offset) for t in chain)
    nearest = min(chain, key=lambda t: abs(t.end - start))
    office = text[nearest.region_span[0] : nearest.region_span[1]]
    return Mention(sentence, offset + start, offset + start + len(name), name, "Official", name,
                   position=nearest.position, office_region=office, titles=titles)


def find_officials(text: str, sentence: int, offset: int, regions: list[Mention]) -> list[Mention]:
    """Official mentions of one sentence; ``regions`` are its region mentions.

    A title before the name (``县林业局局长王某``, ``副会长的王某``, chains with
    ``、``) or after it (``王某担任了村党支部书记``, ``王某是合作社负责人``).
    """
    rules = official_rules()
    g = grammar()
    ends = _region_ends(regions, offset)
    # 县长杨家村: no name starts where a region written in full does (a bare 田林 may be a name)
    starts = {m.start - offset for m in regions if m.source != "short-form"}
    out: dict[int, Mention] = {}
    hits = [(end + 1 - len(role), end + 1) for end, role in g.roles.iter(text)]
    inside = {k for s, e in hits for k in range(s + 1, e)}  # 理事|长: no name starts in a role
    for t_end in sorted({e for _, e in hits}):
        name_start = t_end + 1 if text[t_end : t_end + 1] == "的" else t_end
        if name_start in starts or name_start in out or name_start in inside:
            continue
        name = _name_at(text, name_start, rules)
        if not name or (name_start > t_end and _has_common_word(name)):
            continue  # 总书记的|殷殷嘱托
        if any(name_start < s < name_start + len(name) for s, _ in hits):
            continue  # 县长|和书记: a role word inside is no name
        chain = parse_chain(text, t_end, ends)
        if chain:
            out[name_start] = _official(sentence, offset, name_start, name, chain, text)
    for cue_start, cue in _cues(text, g.cues_before):
        name_start = _name_before(text, cue_start, rules)
        if name_start < 0 or name_start in out:
            continue
        skip = 1 if text[cue_start + len(cue) : cue_start + len(cue) + 1] == "了" else 0
        chain = parse_after(text, cue_start + len(cue) + skip, ends)
        if chain:
            name = text[name_start:cue_start]
            out[name_start] = _official(sentence, offset, name_start, name, chain, text)
    return [out[k] for k in sorted(out)]


def _cues(text: str, cues: tuple[str, ...]) -> list[tuple[int, str]]:
    """Where each cue verb (担任, 任, 是) stands, longest first at each place."""
    return [(m.start(), m.group()) for m in _cue_pattern(cues).finditer(text)]


@cache
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, cues)))  # cues come longest first


def _name_before(text: str, end: int, rules: OfficialRules) -> int:
    """Start of a person's name that ends right at ``end`` (before a cue verb), or -1.

    The name must start a clause or follow a function word (由王某担任),
    so the characters of a word before it are not read as a surname.
    """
    for size in (3, 2, 4):
        start = end - size
        if start < 0:
            continue
        before = text[start - 1 : start]
        if before and _CJK.match(before) and before not in rules.stop_chars:
            continue
        if _name_at(text, start, rules) == text[start:end]:
            return start
    return -1


def pronoun_titles(text: str, offset: int, regions: list[Mention]
                   ) -> list[tuple[int, list[Title], bool]]:
    """Titles a clause gives a person it does not name: ``她担任…书记``, ``，担任…队长``.

    Returns (offset of the cue in Doc.text, titles with Doc offsets, whether
    a pronoun stands for the person in the sentence); the caller decides who
    the person is: the official named last, in this sentence when no pronoun
    does (全县选派干部，担任第一书记 names nobody).
    """
    g = grammar()
    ends = _region_ends(regions, offset)
    out = []
    for cue_start, cue in _cues(text, g.cues_strong):
        before = text[max(0, cue_start - 1) : cue_start]
        if before and before not in g.pronouns and before not in "，；":
            continue
        skip = 1 if text[cue_start + len(cue) : cue_start + len(cue) + 1] == "了" else 0
        chain = parse_after(text, cue_start + len(cue) + skip, ends)
        if chain:
            pronoun = any(ch in g.pronouns for ch in text[:cue_start])
            out.append((offset + cue_start, [_shift(t, offset) for t in chain], pronoun))
    return out


def settle_names(mentions: list[Mention], text: str) -> list[Mention]:
    """Name lengths from the whole article: the same person written elsewhere decides.

    ``村主任杨光荣获表彰`` read alone gives 杨光 (荣获 is a word); when the
    article writes 杨光荣 elsewhere as an official or before a word that
    follows names (``杨光荣说``), the name is 杨光荣.  Conversely a
    three-character reading that the article never writes again shrinks to
    the two characters it does write (``王勇说``).
    """
    names = Counter(m.surface for m in mentions if m.kind == "Official")
    followers = official_rules().followers

    def written(name: str) -> bool:
        """Elsewhere an official, or written right before a word that follows names."""
        if names[name]:
            return True
        k = text.find(name)
        while k != -1:
            if text.startswith(followers, k + len(name)):
                return True
            k = text.find(name, k + 1)
        return False

    out = []
    for m in mentions:
        if m.kind == "Official" and not _DOTTED_NAME.match(m.surface):
            name, grown = m.surface, text[m.start : m.end + 1]
            if (len(name) == 3 and names[name] == 1 and text.count(name) == 1
                    and written(name[:2])):
                m = replace(m, end=m.end - 1, surface=name[:2], canonical=name[:2])
            elif (len(name) == 2 and len(grown) == 3 and _CJK.match(grown[2])
                  and not text.startswith(followers, m.end)  # 杨波|正在: ended by a follower
                  and written(grown)):
                m = replace(m, end=m.end + 1, surface=grown, canonical=grown)
        out.append(m)
    return out
