"""Towns and villages decided on the whole article, with the division table.

A suffix rule (``…镇``, ``…村``) reads a name leftwards from its suffix and
cannot tell ``大湾村`` from ``不出村`` or ``村容村``.  The division table can,
but only for the counties the article is about: a third of village names
repeat across China.  So, per article:

1. **scope**: the counties the article names in full (anywhere, organisation
   names included), and every county of a city it names in full;
2. **table names**: the towns and villages of those counties, matched in the
   text before the suffix rule runs, keyed by their county;
3. **evidence** for the rest: a suffix-rule name that the table does not
   hold under the scope is kept only when the article vouches for it: it is
   written in a chain after a region (``X县Y镇``) or before one (``Y镇Z村``),
   an office follows it (``Y镇党委``, ``Z村党支部``), it is named in two
   sentences, or it shares a list with a kept name.  An article whose
   counties the table does not cover keeps the suffix rule's names as
   before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from kg.model import LEVEL_RANK, Mention
from kg.resources import read_words
from kg.resources.divisions import Unit, load_divisions, split_suffix, unit_suffixes
from kg.resources.gazetteer import Division, load_gazetteer
from kg.resources.segment import is_word, tag

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LOCAL_LEVELS = ("Town", "Village")


@dataclass
class Scope:
    """What the division table says about one article's counties.

    The table's towns and villages stay packed (one string a county) until a
    name is asked for: an article names a few dozen of the thousand or more
    units in its scope, so units are made only for those (:meth:`units_of`),
    and table names are found by a dict lookup at each character a name can
    end with, with no automaton to build per article.
    """

    counties: dict[str, str] = field(default_factory=dict)  # adcode -> name
    weak: set[str] = field(default_factory=set)  # division names that read as words here
    packed: list[tuple[str, str]] = field(default_factory=list)  # (county, its packed units)
    names: dict[str, None] = field(default_factory=dict)  # unit names in scope, table order
    _units: dict[str, list[Unit]] = field(default_factory=dict)
    _ends: frozenset[str] = frozenset()  # last characters of the names
    _lengths: tuple[int, ...] = ()  # lengths of the names, longest first
    _joined: str = ""  # "|name|name|…|", for near matches
    _ends_at: re.Pattern[str] | None = None  # any of the last characters

    def add_county(self, county: str, packed: str) -> None:
        """Put one county's units in scope (after the counties already added)."""
        names, ends, lengths = _county_names(packed)
        if names:
            self.packed.append((county, packed))
            self.names.update(names)
            self._units.clear()
            self._ends |= ends
            self._lengths = tuple(sorted(lengths.union(self._lengths), reverse=True))
            self._joined, self._ends_at = "", None

    @property
    def covered(self) -> bool:
        return bool(self.names)

    def source(self, name: str) -> str:
        """``table``, or ``table-word`` for a name that is also a common noun (示范村, 街道社区).

        A village may be called like a common noun; the article then has to
        vouch for it as for a name the table lacks.
        """
        return "table-word" if _common_noun(name) else "table"

    def units_of(self, name: str) -> list[Unit]:
        """The units of the scope called ``name``, in the order of the counties (made once)."""
        got = self._units.get(name)
        if got is None:
            got = [] if name not in self.names else [
                u for county, packed in self.packed for u in _units_named(county, packed, name)]
            self._units[name] = got
        return got

    def near(self, name: str) -> set[str]:
        """Names of the scope as long as ``name`` that differ from it in at most one
        character, not the last (for misread names)."""
        if len(name) < _MISREAD_MIN:
            return set()
        if not self._joined:
            self._joined = "|" + "|".join(self.names) + "|"
        pattern = "|".join(re.escape(name[:i]) + "[^|]" + re.escape(name[i + 1 :])
                           for i in range(len(name) - 1))
        return set(re.findall(f"(?<=\\|)(?:{pattern})(?=\\|)", self._joined))

    def unit(self, name: str, before: str = "") -> Unit:
        """The unit of that name; the region written right before it settles a tie.

        ``before`` is a town (``鄂尔栋镇|店子村``) or a county's name; otherwise
        the units of the counties the article names itself come first.
        """
        units = self.units_of(name)
        for unit in units:
            if before and before in (unit.town, self.counties.get(unit.county)):
                return unit
        return units[0]

    def hits(self, text: str) -> list[tuple[int, int, str]]:
        """Leftmost-longest table names in ``text``: (start, end, name)."""
        if not self.names:
            return []
        names, lengths = self.names, self._lengths
        if self._ends_at is None:
            self._ends_at = re.compile("[" + re.escape("".join(sorted(self._ends))) + "]")
        found = []
        for m in self._ends_at.finditer(text):  # only where a name can end
            end = m.end()
            for n in lengths:
                if n <= end and text[end - n : end] in names:
                    found.append((end - n, end, text[end - n : end]))
        found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, str]] = []
        last = 0
        for start, end, name in found:
            if start >= last and _bounded(text, start):
                out.append((start, end, name))
                last = end
        return out


@lru_cache(maxsize=1024)
def _county_names(packed: str) -> tuple[dict[str, None], frozenset[str], frozenset[int]]:
    """The names of one county's towns and villages that are places (not 良种场, 开发区),
    their last characters and their lengths."""
    suffixes = unit_suffixes()
    names = packed.replace("\t", "|").replace("\n", "|").split("|")
    kept = dict.fromkeys(n for n in names if len(n) >= 3 and n.endswith(suffixes))
    return kept, frozenset(n[-1] for n in kept), frozenset(map(len, kept))


def _units_named(county: str, packed: str, name: str) -> list[Unit]:
    """The units called ``name`` in one county's ``town<TAB>village|village…`` lines."""
    out: list[Unit] = []
    size = len(name)
    pos = packed.find(name)
    while pos >= 0:
        after = packed[pos + size] if pos + size < len(packed) else "\n"
        line = packed.rfind("\n", 0, pos) + 1
        tab = packed.find("\t", line, pos)
        if line == pos and after in "\t\n":
            out.append(Unit(name, "Town", county, name))
        elif tab >= 0 and packed[pos - 1] in "\t|" and after in "|\n":
            out.append(Unit(name, "Village", county, packed[line:tab]))
        pos = packed.find(name, pos + 1)
    return out


def _bounded(text: str, start: int) -> bool:
    """A table name does not begin inside a word (``农|村``, ``张|家湾村``)."""
    if start == 0 or not _CJK.match(text[start - 1]):
        return True
    return not is_word(text[start - 1 : start + 1])


def _counties_of(city: str) -> tuple[Division, ...]:
    return _counties_by_city().get(city, ())


@cache
def _counties_by_city() -> dict[str, tuple[Division, ...]]:
    """Every city's counties in the gazetteer's order (one pass, not one per city asked)."""
    out: dict[str, list[Division]] = {}
    for d in load_gazetteer().by_code.values():
        if d.level == "County":
            out.setdefault(d.parent, []).append(d)
    return {city: tuple(counties) for city, counties in out.items()}


@cache
def _below_village() -> tuple[str, ...]:
    return tuple(read_words("below_village_words.txt"))


@cache
def _evidence_followers() -> tuple[str, ...]:
    return tuple(sorted(read_words("region_evidence_followers.txt"), key=len, reverse=True))


@lru_cache(maxsize=65536)
def _common_noun(name: str) -> bool:
    """A unit's name that jieba knows as a word other than a name (示范村, 街道社区)."""
    return is_word(name) and not _name_tag(name)


def _name_tag(word: str) -> bool:
    """Whether jieba tags ``word`` as a name (place, person, other proper noun)."""
    return (tag(word) or "").startswith(("ns", "nr", "nz"))


def _same_stem_towns(name: str, scope: Scope) -> set[Unit]:
    """The scope's towns of ``name``'s stem with another suffix (丁家沟镇 for 丁家沟乡)."""
    stem, suffix = split_suffix(name, "Town")
    if not suffix or not stem:
        return set()
    return {u for x in unit_suffixes("Town") if x != suffix
            for u in scope.units_of(stem + x) if u.level == "Town"}


def _word_like_names(hits: list[str]) -> set[str]:
    """Two-character division names the article names once and nothing above them.

    Such a name reads as words too (马正清任县扶贫办主任: 任县 is a county of 河北),
    so it is no region unless the article names it twice or names its city or
    province.
    """
    gaz = load_gazetteer()
    named = set(hits)
    out = set()
    for surface in named:
        if len(surface) != 2 or hits.count(surface) > 1:
            continue
        above = {a.name for d in gaz.by_name.get(surface, ()) for a in gaz.chain(d.adcode)[1:]}
        if not above & named:
            out.add(surface)
    return out


def article_scope(sentences: list[str]) -> Scope:
    """The counties an article names and the table's towns and villages under them."""
    from kg.extract.match.regions import gazetteer_hits

    gaz, table = load_gazetteer(), load_divisions()
    counties: dict[str, str] = {}
    cities: list[str] = []
    hits = [surface for text in sentences for _, _, surface, full in gazetteer_hits(text) if full]
    weak = _word_like_names(hits)
    for surface in hits:
        if surface in weak:
            continue
        divs = gaz.by_name.get(surface, ())
        if len(divs) != 1:
            continue
        div = divs[0]
        if div.level == "County":
            counties[div.adcode] = div.name
        elif div.level == "City" and div.adcode not in cities:
            cities.append(div.adcode)
    for city in cities:  # after the counties named: their units win a tie
        for d in _counties_of(city):
            counties.setdefault(d.adcode, d.name)
    scope = Scope(counties, weak=weak)
    for code, name in counties.items():
        scope.add_county(code, table.packed_of(code, name))
    return scope


_MISREAD_MIN = 4  # 柳溪铺镇 for 杨溪铺镇; in shorter names one character apart is another place


def _misread(m: Mention, scope: Scope) -> Mention:
    """A town or village one character (not the suffix) from exactly one unit of the scope.

    Scans misread a character now and then; the unit is only taken when the
    article's counties hold no other name that close.
    """
    if (m.kind not in _LOCAL_LEVELS or m.source in ("table", "table-word", "gazetteer")
            or len(m.canonical) < _MISREAD_MIN):
        return m
    near = {u for name in scope.near(m.canonical) for u in scope.units_of(name)
            if u.level == m.kind}
    if len(near) != 1:
        return m
    unit = near.pop()
    return replace(m, canonical=unit.name, key=unit.county, source="table",
                   parent=unit.town if unit.level == "Village" else "")


def _renamed(m: Mention, scope: Scope) -> Mention:
    """A town named by its old kind (丁家沟乡 for the table's 丁家沟镇, a township made a
    town since) is the table's one town of that stem in the article's counties; the old
    name stays its alias."""
    if m.kind != "Town" or m.source in ("table", "table-word", "gazetteer"):
        return m
    units = _same_stem_towns(m.canonical, scope)
    if len(units) != 1 or len(split_suffix(m.canonical, "Town")[0]) < 2:
        return m
    unit = units.pop()
    return replace(m, canonical=unit.name, key=unit.county, source="table", parent="")


def vouched(mentions: list[Mention], text: str, scope: Scope) -> list[Mention]:
    """Drop suffix-rule towns and villages that neither table nor article vouch for."""
    if not scope.covered:
        return mentions
    mentions = [_misread(_renamed(m, scope), scope) for m in mentions]
    regions = [m for m in mentions if m.kind in LEVEL_RANK]
    starts = {m.start for m in regions}
    # a village written after its town (鄂尔栋镇|店子村); after a county the table would
    # hold a real town or village, so a name glued to a county (会宁县|还为村) is no evidence
    town_ends = {m.end for m in regions if m.kind == "Town"}
    sentences_of: dict[str, set[int]] = {}
    for m in regions:
        sentences_of.setdefault(m.canonical, set()).add(m.sentence)
    followers, below = _evidence_followers(), _below_village()

    def evidenced(m: Mention) -> bool:
        if m.kind == "Village" and text.startswith(below, m.end):
            return False  # 路边村小组: a villagers' group, not a village
        if m.source in ("table", "gazetteer") or m.kind not in _LOCAL_LEVELS:  # not table-word
            return True
        if m.kind == "Town" and (_same_stem_towns(m.canonical, scope) or any(
                u.level == "Town" for u in scope.units_of(m.canonical))):
            return True  # 丁家沟乡 for the table's 丁家沟镇: a township made a town since
        return (
            (m.kind == "Village" and m.start in town_ends)
            or m.end in starts  # 鄂尔栋镇|店子村: written before one
            or text.startswith(followers, m.end)  # 鄂尔栋镇党委, 店子村党支部
            or len(sentences_of.get(m.canonical, ())) >= 2
        )

    kept = [evidenced(m) for m in mentions]
    # a list that shares one suffix (走马、罗田、分水镇) stands or falls with its kept members
    kept_lists = {(m.sentence, m.canonical[-1]) for m, ok in zip(mentions, kept)
                  if ok and m.kind in _LOCAL_LEVELS and m.source != "shared-suffix"}
    return [m for m, ok in zip(mentions, kept) if ok or (
        m.source == "shared-suffix" and (m.sentence, m.canonical[-1]) in kept_lists)]


