"""The title grammar: a title is read from its role word leftwards.

    title  := [region | level word] (unit | modifier)* role
    unit   := [name of the body] unit word          (林业|局, 畜牧兽医|工作站, 扶贫|工作队)

``都兰县畜牧兽医工作站畜牧师`` is the region 都兰县, the unit 畜牧兽医工作站 and
the role 畜牧师; ``省农牧厅科技处处长`` the level word 省, the units 农牧厅 and
科技处, the role 处长; ``村党支部副书记`` the level 村, the unit 党支部, the
modifier 副, the role 书记.  Roles, units, modifiers and level words are
tables in ``ontology/lexicons/title_*.tsv``; no title is listed whole, so
titles that no table lists (``县扶贫开发领导小组办公室副主任``) are read too.
The name of a body (林业, 畜牧兽医) is not listed: it is the run of words
before the unit word, up to a region, a level word, a verb or punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

import ahocorasick

from kg.errors import KgError
from kg.model import REGION_LEVELS, Title
from kg.resources import lexicon_path, read_table, read_words
from kg.resources.segment import cut, is_word, tag

_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_GAP = 6  # characters between a cue and its title (是|这家公司的|负责人)
_MAX_FIELD = 6  # characters read for a field of work before a role (扶贫|专干)
_MAX_BODY_NAME = 12  # characters of a body's name before its unit word (兴旺中药材种植)
#: dictionary tags of words that never stand in a body's name (adverbs, pronouns ...);
#: verbs do (扶贫办, 统计局), except the verbs that stand before titles (陪同, 感谢)
_NOT_IN_NAMES = ("d", "p", "c", "r", "u", "m", "q", "f", "t", "y", "e")


@dataclass(frozen=True)
class TitleGrammar:
    roles: ahocorasick.Automaton  # finds every role word in a sentence
    role_level: dict[str, str]
    roles_longest: tuple[str, ...]
    modifiers: tuple[str, ...]  # longest first
    units: dict[str, tuple[str, str]]  # unit -> (level, body | business | group)
    units_longest: tuple[str, ...]
    levels: dict[str, str]  # level word -> level
    levels_longest: tuple[str, ...]
    stop_chars: frozenset[str]
    stop_words: frozenset[str]  # verbs written before titles (陪同县长, 感谢局长)
    cues_before: tuple[str, ...]  # 担任, 任, 是: name, cue, title
    cues_strong: tuple[str, ...]  # 担任: also after 她 or at a clause's start
    pronouns: frozenset[str]
    joiners: tuple[str, ...]  # 、, 兼: between two titles of one person
    joined: frozenset[str]  # 和: between two nouns of one body's name (林业和草原局)
    after_title: tuple[str, ...]  # 以来, 一职: words a title after a cue may end before


_UNIT_KINDS = ("body", "business", "group")
_CUE_KINDS = ("cue", "strong", "after", "pronoun", "joiner", "inside")


def _level(value: str, name: str) -> str:
    """A level column: one of REGION_LEVELS, or ``-`` for none."""
    if value == "-":
        return ""
    if value not in REGION_LEVELS:
        raise KgError(f"{lexicon_path(name)}: unknown level {value!r} "
                      f"(expected one of {', '.join(REGION_LEVELS)} or -)")
    return value


def _kind(value: str, kinds: tuple[str, ...], name: str) -> str:
    if value not in kinds:
        raise KgError(f"{lexicon_path(name)}: unknown kind {value!r} "
                      f"(expected one of {', '.join(kinds)})")
    return value


@cache
def grammar() -> TitleGrammar:
    """The tables of the grammar, read once; a bad row is a KgError naming the file."""
    roles = {row[0]: _level(row[1], "title_roles.tsv") for row in read_table("title_roles.tsv", 2)}
    auto = ahocorasick.Automaton()
    for role in roles:
        auto.add_word(role, role)
    auto.make_automaton()
    units = {row[0]: (_level(row[1], "title_units.tsv"),
                      _kind(row[2], _UNIT_KINDS, "title_units.tsv"))
             for row in read_table("title_units.tsv", 3)}
    cues = [(row[0], _kind(row[1], _CUE_KINDS, "title_cues.tsv"))
            for row in read_table("title_cues.tsv", 2)]
    levels = {row[0]: _level(row[1], "title_levels.tsv")
              for row in read_table("title_levels.tsv", 2)}

    def longest(words) -> tuple[str, ...]:
        return tuple(sorted(words, key=len, reverse=True))

    return TitleGrammar(
        roles=auto,
        role_level=roles,
        roles_longest=longest(roles),
        modifiers=longest(read_words("title_modifiers.txt")),
        units=units,
        units_longest=longest(units),
        levels=levels,
        levels_longest=longest(levels),
        stop_chars=frozenset(read_words("title_stop_chars.txt")),
        stop_words=frozenset(read_words("name_followers.txt")),
        cues_before=longest(row[0] for row in cues if row[1] in ("cue", "strong")),
        cues_strong=longest(row[0] for row in cues if row[1] == "strong"),
        pronouns=frozenset(row[0] for row in cues if row[1] == "pronoun"),
        joiners=longest(row[0] for row in cues if row[1] == "joiner"),
        joined=frozenset(row[0] for row in cues if row[1] == "inside"),
        after_title=longest(row[0] for row in cues if row[1] == "after"),
    )


def _ending(text: str, end: int, words: tuple[str, ...], floor: int = 0) -> str:
    """The longest of ``words`` that ends at ``end`` and starts at or after ``floor``."""
    for word in words:
        if end - len(word) >= floor and text.startswith(word, end - len(word)):
            return word
    return ""


def _body_name_start(text: str, end: int, floor: int, g: TitleGrammar,
                     region_ends: dict[int, tuple[int, str]]) -> int:
    """Where the name of a body written before its unit word (at ``end``) starts."""
    start = end
    while start > floor and end - start < _MAX_BODY_NAME and start not in region_ends:
        ch = text[start - 1]
        if not _CJK.match(ch) or ch in g.stop_chars:
            break
        start -= 1
    if start == end:
        return end
    # words from the right: a level word, a unit of its own, a verb ... ends the name
    keep = end
    words = cut(text[start:end])
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        if word in g.joined and keep < end and k > 0 and (tag(words[k - 1]) or "n")[0] == "n":
            keep -= len(word)  # 林业和草原局: 和 between two nouns of one body's name
            continue
        if (word in g.levels or word in g.stop_words or word in g.role_level
                or _ending(word, len(word), g.units_longest)
                or (tag(word) or "n").startswith(_NOT_IN_NAMES)
                or (tag(word) == "ns" and word[-1] in g.levels)):  # 贵州省|农业农村厅
            break
        keep -= len(word)
    if keep < end and text[keep - 1 : keep] in g.levels:
        return keep  # 贵州省|农业农村: the place name ends with its level word
    # 市|卫计委: a level word at the start of the name that makes no word with it is the level
    for word in g.levels_longest:
        rest = text[keep + len(word) : end]
        if (text.startswith(word, keep) and rest
                and not is_word(text[keep : keep + len(word) + 1])):
            return keep + len(word)
    return keep


def _field_start(text: str, end: int, floor: int, g: TitleGrammar,
                 region_ends: dict[int, tuple[int, str]]) -> int:
    """Start of a field of work written between a level word and a role (镇|扶贫|专干).

    One word of at most four characters, and only where a level word or a
    region stands right before it; else ``end`` (no field).
    """
    start = end
    while start > max(floor, end - _MAX_FIELD) and start not in region_ends:
        if not _CJK.match(text[start - 1]) or text[start - 1] in g.stop_chars:
            break
        start -= 1
    words = cut(text[start:end]) if start < end else []
    if len(words) < 2:
        return end
    field = words[-1]
    begin = end - len(field)
    if (field in g.levels or field in g.role_level or field in g.stop_words
            or (tag(field) or "n").startswith(_NOT_IN_NAMES)):
        return end
    if begin in region_ends or _ending(text, begin, g.levels_longest, floor):
        return begin
    return end


def parse_before(text: str, end: int, region_ends: dict[int, tuple[int, str]],
                 floor: int = 0) -> Title | None:
    """The title that ends at ``end`` (a name follows), read leftwards; None without a role.

    ``region_ends`` maps the end of each region mention of the sentence to
    (its start, its level); the title stops at a region, which is then the
    office's region, or at a level word, which gives the office's level.
    """
    g = grammar()
    role = _ending(text, end, g.roles_longest, floor)
    if not role:
        return None
    cur = end - len(role)
    level, unit_level, body, business = "", "", False, False
    region: tuple[int, int] = (0, 0)
    first_unit = ""
    while cur > floor:
        if cur in region_ends:
            r_start, r_level = region_ends[cur]
            region, level = (r_start, cur), r_level
            break
        unit = _ending(text, cur, g.units_longest, floor)
        # 芭茅村|委会: a region that ends inside a unit word keeps its characters
        # (a region with its level word only: 合作|社 is no place)
        inner = [e for e in region_ends if cur - len(unit) < e < cur
                 and text[e - 1] in g.levels] if unit else []
        if inner:
            unit = text[max(inner) : cur]
            if unit not in g.units:
                unit = ""
        modifier = _ending(text, cur, g.modifiers, floor)
        word = _ending(text, cur, g.levels_longest, floor)
        if unit and len(unit) >= len(modifier):
            u_level, kind = g.units[unit]
            is_body = kind != "group"
            body = body or is_body
            business = business or kind == "business"
            cur -= len(unit)
            first_unit = unit
            named = cur
            if is_body or not _ending(text, cur, g.levels_longest, floor):
                # 县|委, 镇|党委: a committee right after a level word has no name of its own
                cur = _body_name_start(text, cur, floor, g, region_ends)
            if cur == named or unit.startswith(g.levels_longest):
                # 临时|党支部, 合作社|党支部: a named unit is not the village's; 芭茅|村委会 is
                unit_level = u_level or unit_level
        elif modifier:
            cur -= len(modifier)
        elif word:
            cur -= len(word)
            level = g.levels[word]
            cur -= len(_ending(text, cur, g.modifiers, floor))  # 原|县委书记
            break
        elif not first_unit and cur == end - len(role):
            field = _field_start(text, cur, floor, g, region_ends)
            if field == cur:
                break
            cur = field  # 镇|扶贫|专干, 村|妇女|主任: a field of work between level and role
        else:
            break
    position = text[cur:end]
    if region != (0, 0) and first_unit and text.startswith(first_unit, cur):
        last = text[region[1] - 1]
        if first_unit == "委" or last + first_unit in g.units:
            position = last + position  # 茅箭区|委书记 -> 区委书记; 芭茅村|委会主任 -> 村委会主任
    if not level:
        level = g.role_level.get(role, "") or unit_level
    return Title(position, role, level, cur, end, region, body, business)


def parse_chain(text: str, end: int, region_ends: dict[int, tuple[int, str]],
                floor: int = 0) -> list[Title]:
    """Every title of a chain ending at ``end``: 县委常委、副书记 gives both, in text order."""
    title = parse_before(text, end, region_ends, floor)
    if title is None:
        return []
    chain = [title]
    g = grammar()
    while True:
        first = chain[0].region_span[0] if chain[0].region_span != (0, 0) else chain[0].start
        joiner = _ending(text, first, g.joiners, floor)
        if not joiner:
            break
        before = parse_before(text, first - len(joiner), region_ends, floor)
        if before is None:
            break
        chain.insert(0, before)
    return _share_regions(chain)


def _share_regions(chain: list[Title]) -> list[Title]:
    """A title of a chain with no region of its own is held where its neighbour is.

    西吉县委常委、副县长: 副县长 is 西吉县's.  Only when its level agrees:
    in 市委常委、万州区委书记 the city's committee is not the district's.
    """
    out = list(chain)
    for k, t in enumerate(chain):
        bare = len(t.position) - len(t.role) <= 3  # a role and its modifiers, no unit
        if not t.level and bare:  # 县委常委、组织部长: the minister is the county's too
            level = next((o.level for o in sorted(chain, key=lambda o: abs(o.start - t.start))
                          if o.level), "")
            t = out[k] = replace(t, level=level)
        if t.region_span != (0, 0):
            continue
        for n in sorted(range(len(chain)), key=lambda j: abs(j - k)):
            other = chain[n]
            if other.region_span != (0, 0) and t.level in ("", other.level):
                out[k] = replace(t, level=other.level, region_span=other.region_span)
                break
    return out


def parse_after(text: str, start: int, region_ends: dict[int, tuple[int, str]]) -> list[Title]:
    """The titles written after a cue (担任了|西街口镇芭茅村驻村第一书记、扶贫工作队队长).

    The title runs to the end of the clause (or to a word such as 以来) and
    must end in a role; what stands between the cue and the title is at
    most ``了`` or a short phrase ending in ``的`` (村里的, 这家公司的).
    """
    g = grammar()
    stop = start
    while stop < len(text) and (_CJK.match(text[stop]) or text[stop] == "、"):
        stop += 1
    ends = [e + 1 for e, _ in g.roles.iter(text[start:stop])]
    for end in sorted(ends, reverse=True):
        tail = text[start + end : stop]
        follows = (tag(cut(tail)[0]) or "n")[0] if tail else ""
        if tail and not tail.startswith(g.after_title) and follows not in ("d", "p"):
            continue  # 担任村支书|已有十年, 任站长|期间: an adverb or a preposition may follow
        chain = parse_chain(text, start + end, region_ends, start)
        if not chain:
            continue
        first = chain[0].region_span[0] if chain[0].region_span != (0, 0) else chain[0].start
        while first in region_ends:  # 担任|西街口镇芭茅村…: a chain of regions opens the title
            first = region_ends[first][0]
        gap = text[start:first]
        if gap in ("", "了") or (gap.endswith("的") and len(gap) <= _MAX_GAP):
            return chain
        return []
    return []
