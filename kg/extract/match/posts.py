"""Posts: the office each official's title names, its region and its body.

A title's region is, in order: the region written with it (``都兰县|畜牧兽医站
站长``); the region named in the organisation it is part of
(``北京市卫计委办公室|副主任``); else the region *in focus at the title's
level* (``省农牧厅副厅长`` → the province, ``镇纪委书记`` → the town,
``村支书`` → the village): the nearest region of that level before it in
the sentence, the article's subject region when it is of that level, the
subject's own town, county, city or province, or the region of that level
named in the last sentences.  A title of no level and no written region
(``合作社理事长``) is a post without a region.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.match.officials import pronoun_titles
from kg.model import GAZETTEER_LEVELS, LEVEL_RANK, Doc, Mention, Post, Title, county_of
from kg.resources.gazetteer import load_gazetteer

Ref = tuple[str, str]
_RECENT_SENTENCES = 3  # how far back a region of the title's level is looked for


def _ancestor(doc: Doc, ref: Ref, level: str, located: dict[Ref, Ref]) -> Ref | None:
    """The region of ``level`` that ``ref`` lies in (facts of the article, then the gazetteer)."""
    seen = {ref}
    while ref in located and ref[0] != level:
        ref = located[ref]
        if ref in seen:
            break
        seen.add(ref)
    if ref[0] == level:
        return ref
    code = ref[1] if ref[0] in GAZETTEER_LEVELS else county_of(ref[1])
    for div in load_gazetteer().chain(code) if code.isdigit() else []:
        if div.level == level:
            return (div.level, div.adcode)
    return None


class _Offices:
    """Finds the region and the body of each title of one article."""

    def __init__(self, doc: Doc, located: dict[Ref, Ref]) -> None:
        self.doc = doc
        self.located = located
        self.span_ref: dict[tuple[int, int], Ref] = {}
        self.regions: list[tuple[Mention, Ref]] = []
        self.orgs: list[tuple[Mention, Ref]] = []
        for i, m in enumerate(doc.mentions):
            ref = doc.mention_entity.get(i)
            if ref is None:
                continue
            if m.kind in LEVEL_RANK:
                self.span_ref[(m.start, m.end)] = ref
                self.regions.append((m, ref))
            elif m.kind == "Organization":
                self.orgs.append((m, ref))

    def organization(self, title: Title, sentence: int) -> Mention | None:
        """The organisation mention the title's unit is part of (北京市卫计委办公室|副主任)."""
        inside = [(m, r) for m, r in self.orgs
                  if m.sentence == sentence and m.start < title.end - len(title.role)
                  and m.end > title.start]
        return max(inside, key=lambda mr: mr[0].end)[0] if inside else None

    def org_ref(self, mention: Mention | None) -> Ref | None:
        return next((r for m, r in self.orgs if m is mention), None)

    def region(self, title: Title, sentence: int, org: Mention | None) -> Ref | None:
        if title.region_span in self.span_ref:
            return self.span_ref[title.region_span]
        if title.region_span != (0, 0):
            return None  # a region written but not resolved: no guess at its level
        if org is not None and org.start <= title.start:
            gaz = load_gazetteer()
            focus = self.in_focus(title.level, title.start, sentence) if title.level else None
            for k in range(len(org.surface) - 1, 1, -1):  # 北京市|卫计委办公室
                for div in gaz.by_name.get(org.surface[:k], ()):
                    if (div.level, div.adcode) in self.doc.entities or (
                            (div.level, div.adcode) == focus):  # 贵州省|农业农村厅: in focus
                        return (div.level, div.adcode)
            if org.start < title.start:
                return None  # 共和|县恰卜恰镇…合作社: the level word is inside the body's name
        if not title.level:
            return None
        return self.in_focus(title.level, title.start, sentence)

    def in_focus(self, level: str, before: int, sentence: int) -> Ref | None:
        same = [(m, r) for m, r in self.regions
                if m.sentence == sentence and m.kind == level and m.end <= before]
        if same:
            return max(same, key=lambda mr: mr[0].end)[1]
        subject = self.doc.subject_region
        if subject is not None:
            if subject[0] == level:
                return subject
            if LEVEL_RANK[level] < LEVEL_RANK[subject[0]]:
                found = _ancestor(self.doc, subject, level, self.located)
                if found in self.doc.entities:  # a region the article names
                    return found
        recent = [(m, r) for m, r in self.regions if m.kind == level and m.end <= before
                  and m.sentence >= sentence - _RECENT_SENTENCES]
        return max(recent, key=lambda mr: mr[0].end)[1] if recent else None


def serves_in(doc: Doc, add: Callable[..., None], located: dict[Ref, Ref]) -> None:
    """Add a servesIn fact for every title with a region, and fill ``doc.posts``."""
    offices = _Offices(doc, located)
    holders: list[tuple[Mention, Ref]] = []
    posts: dict[tuple, Post] = {}
    for i, m in enumerate(doc.mentions):
        ref = doc.mention_entity.get(i)
        if m.kind == "Official" and ref is not None:
            holders.append((m, ref))
    claims = [(ref, m.sentence, m.titles) for m, ref in holders]
    regions_of: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.kind in LEVEL_RANK:
            regions_of.setdefault(m.sentence, []).append(m)
    for sentence in doc.sentences:
        regions = regions_of.get(sentence.index, [])
        for cue, titles, pronoun in pronoun_titles(sentence.text, sentence.start, regions):
            back = _RECENT_SENTENCES - 1 if pronoun else 0
            named = [(m, ref) for m, ref in holders
                     if m.start < cue and m.sentence >= sentence.index - back]
            if named:  # 她担任了…: the official named last
                claims.append((max(named, key=lambda mr: mr[0].start)[1], sentence.index,
                               tuple(titles)))
    for holder, s_index, titles in claims:
        by_region: dict[Ref, list[str]] = {}
        for title in titles:
            org = offices.organization(title, s_index)
            # a cooperative's or a company's head holds no region's office
            region = None if title.business else offices.region(title, s_index, org)
            org_ref = offices.org_ref(org) if title.body else None
            position = title.position
            if org is not None and org.start < title.start:
                position = doc.text[org.start : title.end]  # the body's name whole
            ev = doc.evidence(doc.sentences[s_index])
            key = (holder, position, region, org_ref)
            posts.setdefault(key, Post(holder, position, title.role, region, org_ref, ev))
            if region is not None:
                by_region.setdefault(region, []).append(position)
        for region, positions in by_region.items():
            add("servesIn", holder, region, s_index, "、".join(positions))
    doc.posts = list(posts.values())  # dated by the metadata stage's doc.date
