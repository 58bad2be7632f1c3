"""The region and the year a figure is about, read from the discourse.

Reports name a place once and go on about it: ``宝塔区冯庄乡康坪村是…。村里2015年
建档立卡的30多户贫困户，去年已全部脱贫。`` The 30 households are 康坪村's, and
``去年`` is the year before the article's.  A figure's region is, in order:

1. a region written right before it (``兴和县9家卫生院``);
2. the region or scope word (``全县``, ``我省``, ``村里``, ``全国``; ``scopes.tsv``)
   its clause opens with, else the nearest earlier clause of the sentence that
   opens with one (a place the clause is held in, ``在X村举办``, is closer);
3. the region of an organisation the sentence refers to before the figure
   (``X村合作社成立于…，总资产达…``, ``我们合作社…``; :mod:`kg.extract.match.org_anchor`);
4. the region a quote holding the figure is attributed to after it
   (``“今年新建了2座扶贫车间。”X乡Y村第一书记说``), which is also what a scope
   word inside the quote (``我们村``) stands for first;
5. the region the paragraph's earlier sentences are about, when it lies below
   the article's subject (a paragraph about a town or a village), or the region of
   the organisation an earlier sentence of it calls ``我们合作社``;
6. the article's subject region.

A place of sale (``销往X``, ``在X出售``) is never a figure's region, and a clause opening
with the helping region of a paired programme (``X对口帮扶Y，投入…``) has the served Y's
figures (the words: ``sale_to``, ``sale_at``, ``help_verb`` in ``indicator_rules.tsv``).

A national scope (``全国还有5000万贫困人口``), or a scope of a level the article
names no region of, attributes the figure to no region at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kg.extract.match.focus import scope_pattern, scopes
from kg.extract.match.grammar import (
    CLAUSE_BREAK,
    COMPARISON,
    RELATIVE_YEARS,
    YEAR_NUMBER,
    clause_start,
    clause_starts,
)
from kg.extract.match.org_anchor import OrgRef, organisation_refs
from kg.extract.match.phrases import stat_rules
from kg.model import GAZETTEER_LEVELS, LEVEL_RANK, Doc, Sentence

Ref = tuple[str, str]


@cache
def _verbs(kind: str) -> tuple[str, ...]:
    """One row of indicator_rules.tsv (help_verb, helper_verb), longest first."""
    return tuple(sorted(getattr(stat_rules(), kind), key=len, reverse=True))


def helps_from(text: str, end: int) -> bool:
    """Whether the region ending at ``end`` is a helper (浙江|援疆, 杭州市|对口帮扶…):
    what the clause then says is of the place helped, not of the helper."""
    return text.startswith(_verbs("helper_verb"), end)


def sale_place(text: str, start: int, end: int) -> bool:
    """The region at ``[start, end)`` is where goods are sold or go (销往X, 在X出售), not
    what a figure of the sentence is about."""
    rules = stat_rules()
    return text.endswith(rules.sale_to, 0, start) or (
        text.endswith(("在", "到"), 0, start) and text.startswith(rules.sale_at, end))

#: what may open a clause before its region: times and discourse words (今年以来，截至10月底)
_LEAD = re.compile(
    rf"(?:(?:{YEAR_NUMBER}年|今年|去年|前年|当年)(?:以来|底|末|初|上半年|下半年|前\S?季度|一年|全年|一整年)?"
    r"|截至\S{0,8}?(?:底|末)|目前|如今|其中|同时|此外|另外|走进|来到|走入|步入|在|至|到|，|“)*"
)
#: what may stand between a region and its figure: 兴和县|9家, 兴和县|其余|28216, 兴和县|因病致贫的|
#: 6917名, 兴和县|14个乡镇卫生院、|3个 (a list)
_ADJACENT_GAP = re.compile(
    r"(?:的|共|共有|有|仅|现有|累计|还有|尚有|其余|剩余)?"
    r"(?:[\u4e00-\u9fff]{2,8}的|\d[^，；。：！？]{0,16}、)?"
)
_YEAR = re.compile(rf"({YEAR_NUMBER})年|({'|'.join(RELATIVE_YEARS)})")
_FRAME = re.compile(
    rf"(?:截至|截止|至|到|在)?(?:{YEAR_NUMBER}(?:年)?[到至—-])?({YEAR_NUMBER}年)"
    r"|[\u4e00-\u9fff]{0,3}?(今年|去年|前年)")  # 2014到2017年，… / 尤其是去年，…
_RECENT = 12  # sentences back in which a scope word (村里) finds the region it stands for


@dataclass
class Discourse:
    """What the region rules need of one article, computed once."""

    doc: Doc
    year: int | None = None
    regions: dict[int, list[int]] = field(default_factory=dict)  # sentence -> mention indices
    paragraph: dict[int, int] = field(default_factory=dict)  # sentence -> paragraph number
    parents: dict[Ref, Ref] = field(default_factory=dict)
    orgs: dict[int, list[OrgRef]] = field(default_factory=dict)  # sentence -> organisations
    # per sentence, computed once: a paragraph's figures ask for the same sentences again
    _focus: dict[int, Ref | None] = field(default_factory=dict)
    _strict: dict[int, Ref | None] = field(default_factory=dict)
    _paragraph: dict[int, Ref | None] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc, year: int | None) -> Discourse:
        disc = cls(doc, year)
        for i, m in enumerate(doc.mentions):
            if m.kind in LEVEL_RANK and i in doc.mention_entity:
                disc.regions.setdefault(m.sentence, []).append(i)
        number, last = 0, 0
        for s in doc.sentences:
            number += doc.text.count("\n", last, s.start) and 1
            last = s.start
            disc.paragraph[s.index] = number
        for fact in doc.facts:
            if fact.relation == "locatedIn":
                disc.parents.setdefault(fact.head, fact.tail)
        disc.orgs = organisation_refs(doc)
        # the gazetteer's levels: a town's or village's code has its own parents (locatedIn)
        coded = [(ref, e.adcode) for ref, e in doc.entities.items()
                 if e.adcode and ref[0] in GAZETTEER_LEVELS]
        by_code = {code: ref for ref, code in coded}
        for ref, code in coded:
            if ref not in disc.parents:
                for parent in (code[:4] + "00", code[:2] + "0000"):
                    if parent != code and parent in by_code:
                        disc.parents[ref] = by_code[parent]
                        break
        return disc

    def level(self, ref: Ref | None) -> int:
        return LEVEL_RANK.get(ref[0], -1) if ref else -1

    def chain_up(self, ref: Ref | None) -> list[Ref]:
        out: list[Ref] = []
        while ref is not None and ref not in out:
            out.append(ref)
            ref = self.parents.get(ref)
        return out

    def _opening(self, sentence: Sentence, start: int, pos: int) -> tuple[bool, Ref | None]:
        """The region or scope a clause opens with: (found, region)."""
        text = sentence.text
        cursor = _LEAD.match(text, start, pos).end()
        for org in self.orgs.get(sentence.index, ()):
            if org.start == cursor and org.end <= pos and (region := self.org_region(org)):
                return True, region  # X县Y乡Z村合作社成立于…: the cooperative's village
        scope = scope_pattern().match(text, cursor, pos)
        if scope:
            return True, self.scope_region(sentence, scope.group(), pos)
        chain = []
        for i in self._local(sentence, pos):
            m = self.doc.mentions[i]
            if m.start - sentence.start == cursor:
                chain.append(i)
                cursor = m.end - sentence.start
        if not chain:
            return False, None
        last = self.doc.mentions[chain[-1]]
        overlap = scope_pattern().match(text, last.end - sentence.start - 1, pos)
        if overlap:  # 去年一年村里: a "village" whose last character opens 村里 is none
            return True, self.scope_region(sentence, overlap.group(), pos, set(chain))
        best = max(chain, key=lambda i: LEVEL_RANK[self.doc.mentions[i].kind])
        region = self.doc.mention_entity[best]
        if (served := self._served(sentence, cursor, pos)) is not None:
            return True, served  # 杭州市对口帮扶|台江县，投入…: the served county's figure
        if helps_from(text, cursor):
            return False, None  # 浙江|援疆工作队援建的车间…: the helper, not the clause's place
        for i in self._local(sentence, pos):  # 西街口镇的节在芭茅村举办: held in the village
            m = self.doc.mentions[i]
            at = m.start - sentence.start
            if at > cursor and text[at - 1 : at] == "在" and self.level(self._ref(i)) > self.level(
                region
            ):
                region = self._ref(i)
        return True, region

    def org_region(self, org: OrgRef) -> Ref | None:
        """The region of an organisation, if it is a county's or below, or at the subject's
        level (a Beijing company's figures in a county's story are the county's)."""
        return org.region if self.level(org.region) >= self._floor() else None

    def _floor(self) -> int:
        """The highest level an organisation's or a speaker's region may take a figure to."""
        return min(self.level(self.doc.subject_region), LEVEL_RANK["County"])

    def _org_before(self, sentence: Sentence, pos: int, deictic: bool = False) -> Ref | None:
        """The region of the latest organisation the sentence refers to before ``pos``."""
        for org in reversed(self.orgs.get(sentence.index, ())):
            if org.end <= pos and (org.deictic or not deictic) and (
                    region := self.org_region(org)):
                return region
        return None

    def _ref(self, i: int) -> Ref:
        return self.doc.mention_entity[i]

    def _local(self, sentence: Sentence, pos: int) -> list[int]:
        text = sentence.text
        return sorted(
            (i for i in self.regions.get(sentence.index, [])
             if self.doc.mentions[i].start - sentence.start < pos
             and not sale_place(text, self.doc.mentions[i].start - sentence.start,
                                self.doc.mentions[i].end - sentence.start)),
            key=lambda i: self.doc.mentions[i].start,
        )

    def _served(self, sentence: Sentence, end: int, pos: int) -> Ref | None:
        """The served region of ``X对口帮扶Y`` when the helping X ends at ``end``."""
        text = sentence.text
        verb = next((v for v in _verbs("help_verb") if text.startswith(v, end)), "")
        if not verb:
            return None
        cursor, served = end + len(verb), None
        for i in self._local(sentence, pos):
            m = self.doc.mentions[i]
            if m.start - sentence.start == cursor:
                served, cursor = i, m.end - sentence.start
        return self._ref(served) if served is not None else None

    def focus(self, sentence: Sentence, strict: bool = False) -> Ref | None:
        """The region a sentence is about, if it names one below the article's subject.

        ``strict``: only the region the sentence opens with (a paragraph's focus);
        else also the lowest region it names (what 村里 of a later sentence stands for).
        """
        if strict:
            if sentence.index not in self._strict:
                found, region = self._opening(sentence, 0, len(sentence.text))
                self._strict[sentence.index] = region if found and self.level(
                    region) > self.level(self.doc.subject_region) else None
            return self._strict[sentence.index]
        if sentence.index not in self._focus:
            found, region = self._opening(sentence, 0, len(sentence.text))
            if not found or region is None:
                text = sentence.text
                local = [i for i in self._local(sentence, len(text))  # not in a slogan “…”
                         if text.count("“", 0, self.doc.mentions[i].start - sentence.start)
                         <= text.count("”", 0, self.doc.mentions[i].start - sentence.start)]
                region = self._ref(max(local, key=lambda i: LEVEL_RANK[self.doc.mentions[i].kind])
                                   ) if local else None
            if self.level(region) <= self.level(self.doc.subject_region):
                region = None
            self._focus[sentence.index] = region
        return self._focus[sentence.index]

    def paragraph_focus(self, sentence: Sentence) -> Ref | None:
        if sentence.index not in self._paragraph:
            self._paragraph[sentence.index] = self._paragraph_focus(sentence)
        return self._paragraph[sentence.index]

    def _paragraph_focus(self, sentence: Sentence) -> Ref | None:
        number = self.paragraph.get(sentence.index)
        for earlier in range(sentence.index - 1, -1, -1):
            s = self.doc.sentences[earlier]
            if self.paragraph.get(s.index) != number:
                break
            if (region := self.focus(s, strict=True)) is not None:
                return region
            if (region := self._org_before(s, len(s.text), deictic=True)) is not None:
                return region  # “今年我们合作社…。…每户也有2万元的分红。”
        return None

    def scope_region(self, sentence: Sentence, word: str, pos: int,
                     exclude: set[int] = frozenset()) -> Ref | None:
        """全县 → the county in focus; 全国 → None; a level the article lacks → None.

        In focus: a region named earlier in the sentence (养牛是X村的途径，村里的…),
        the paragraph's, a recent paragraph's (村里 of a village named above), the subject.
        """
        levels = scopes()[word]
        if "Country" in levels:
            return None
        candidates: list[Ref] = []
        for ref in self.speaker_regions(sentence, pos):
            candidates += self.chain_up(ref)  # “我们村…”X村第一书记说: the speaker's village
        for i in reversed(self._local(sentence, pos)):
            if i not in exclude:
                candidates += self.chain_up(self._ref(i))
        candidates += self.chain_up(self.paragraph_focus(sentence))
        candidates += self.chain_up(self.doc.subject_region)
        for earlier in range(sentence.index - 1, max(-1, sentence.index - _RECENT), -1):
            candidates += self.chain_up(self.focus(self.doc.sentences[earlier]))
        for level in levels:
            for ref in candidates:
                if ref[0] == level:
                    return ref
        return None

    def speaker_regions(self, sentence: Sentence, pos: int) -> list[Ref]:
        """The regions named where the quote holding ``pos`` is attributed, after it
        (``“……”X乡Y村党支部书记说``), in the quote's paragraph; [] outside a quote."""
        text, at = self.doc.text, sentence.start + pos
        opened = text.rfind("“", 0, at)
        if opened == -1 or text.rfind("”", 0, at) > opened:
            return []
        close = text.find("”", at)
        if close == -1 or "\n" in text[at:close]:
            return []
        end = CLAUSE_BREAK.search(text, close + 1)
        stop = end.start() if end else len(text)
        line = text.find("\n", close, stop)
        stop = line if line != -1 else stop  # a quote ending its paragraph is attributed before
        out: list[Ref] = []
        for index in range(sentence.index, len(self.doc.sentences)):
            if self.doc.sentences[index].start > stop:
                break
            for i in self.regions.get(index, ()):
                if close < self.doc.mentions[i].start < stop:
                    out.append(self._ref(i))
        return out

    def region_for(self, sentence: Sentence, pos: int) -> Ref | None:
        """The region the figure at ``pos`` of ``sentence`` is about (None: none of ours)."""
        text = sentence.text
        for i in reversed(self._local(sentence, pos)):
            m = self.doc.mentions[i]
            listed = text[m.start - sentence.start - 1 : m.start - sentence.start] == "、"
            if not listed and _ADJACENT_GAP.fullmatch(text, m.end - sentence.start, pos):
                return self._ref(i)  # 兴和县9家卫生院 (not 辖A村、B村5个行政村)
            break
        starts = clause_starts(text, pos)
        for start in reversed(starts):
            found, region = self._opening(sentence, start, pos)
            if found:
                return region
        if (region := self._org_before(sentence, pos)) is not None:
            return region  # …合作社成立于2016年，…总资产达4000万元
        speakers = [r for r in self.speaker_regions(sentence, pos)
                    if self.level(r) >= self._floor()]
        if speakers:  # “今年新建了2座扶贫车间。”X乡Y村第一书记说: the speaker's village
            return max(speakers, key=self.level)
        if (region := self.paragraph_focus(sentence)) is not None:
            return region
        return self.doc.subject_region


def year_for(text: str, pos: int, article_year: int | None, figures: list[int]) -> int | None:
    """The year of the figure at ``pos``: its clause's, else the last year a clause opens with.

    A year inside a clause belongs to the first figure after it: in ``由2014年的28.5%下降到
    0.87%`` the 2014 is the 28.5%'s, not the 0.87%'s (``figures``: the starts of the
    sentence's figures); a year a clause opens with (``截至2019年底，…``, ``2020年全区…``)
    is the time of the rest of the sentence.
    """
    clause = clause_start(text, pos)
    for m in reversed(list(_YEAR.finditer(text, clause, pos))):
        if any(m.end() <= f < pos for f in figures):
            break
        year = year_before(text, m.end(), article_year, m.start())
        if year is not None:
            return year
    frame = None
    for start in clause_starts(text, pos):
        m = _FRAME.match(text, start)
        if m and m.end() <= pos:  # 截至2019年底，… / 尤其是去年，…
            frame = year_before(text, m.end(), article_year, m.start(1) if m.group(1)
                                else m.start(2))
    return frame


def year_before(text: str, pos: int, article_year: int | None, start: int = 0) -> int | None:
    """The year nearest before ``pos``: ``2019年``, or ``去年`` from the article's year.

    A year after 较/比/与 is the base of a comparison (较2010年增长122.5%) and is passed over.
    """
    best = None
    for m in _YEAR.finditer(text, start, pos):
        if m.group(1):
            if m.start() and text[m.start() - 1] in COMPARISON:
                continue
            best = int(m.group(1))
        elif article_year is not None and not (m.start() and text[m.start() - 1] in COMPARISON):
            best = article_year + RELATIVE_YEARS[m.group(2)]  # 比去年增加: the base again
    return best
