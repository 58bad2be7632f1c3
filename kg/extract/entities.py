"""Resolve mentions to entities within one article.

* gazetteer regions: the candidate division is chosen by the other regions
  the article names; a short form (``茅箭``) counts only when the article
  anchors it: its full name is there, a division inside it is named in
  full, or it is a province; a county name with one misread character
  (``鄂西县``) only when exactly one county of a city the article names
  is that close;
* towns and villages: one entity per name in the article.  A unit of the
  division table is keyed by its official code (9 digits for a town, 12 for a
  village) where the codes table has one, so the same village in two articles
  is one node and two villages of one name in two counties are two; any other
  by the county it lies in and its name (the county from the table, a written
  chain such as ``万州区龙驹镇``, else the article's subject county; ``cn`` when
  none can be known);
* officials: keyed by name and the province of their office;
* programmes, industries, organisations: keyed by canonical name.

The article's subject region (the one its title names, else the one named
most) is chosen here too: ``全区``/``该镇`` sentences and statistics refer to it.
"""

from __future__ import annotations

from collections import Counter

from kg.extract.match.focus import region_focus
from kg.model import (
    GAZETTEER_LEVELS,
    LEVEL_RANK,
    REGION_LEVELS,
    Doc,
    Entity,
    Mention,
    county_of,
)
from kg.resources.division_codes import load_codes
from kg.resources.gazetteer import Division, load_gazetteer
from kg.resources.segment import tag
from kg.vocab import TERM_CLASSES

_GAZ_LEVELS = frozenset(GAZETTEER_LEVELS)
_TITLE_SENTENCES = 6
_NOT_NAME_TAGS = frozenset("vdapcmqru")  # jieba's tags of words that are no names


def _anchored(div: Division, full_codes: set[str]) -> bool:
    if div.level == "Province" or div.adcode in full_codes:
        return True
    gaz = load_gazetteer()
    return any(div.adcode in {d.adcode for d in gaz.chain(code)[1:]} for code in full_codes)


def _common_word(text: str) -> bool:
    """A word jieba tags as a verb, adverb, adjective or function word."""
    t = tag(text) or ""
    return t[:1] in _NOT_NAME_TAGS


def _choose(divs: tuple[Division, ...], context: set[str]) -> Division:
    """The candidate whose ancestors the article names most."""
    gaz = load_gazetteer()
    return max(divs, key=lambda d: sum(a.adcode in context for a in gaz.chain(d.adcode)))


def _resolve_gazetteer(doc: Doc, regions: list[tuple[int, Mention]]) -> dict[int, Division]:
    gaz = load_gazetteer()
    full = [(i, m) for i, m in regions if m.kind in _GAZ_LEVELS and m.source == "text"]
    context = {d.adcode for _, m in full for d in gaz.lookup(m.surface)[0]}
    context |= {a.adcode for c in list(context) for a in gaz.chain(c)}
    chosen: dict[int, Division] = {}
    for i, m in full:
        chosen[i] = _choose(gaz.lookup(m.surface)[0], context)
    full_codes = {d.adcode for d in chosen.values()}
    for i, m in regions:
        if m.kind in _GAZ_LEVELS and m.source == "short-form":
            divs = [d for d in gaz.lookup(m.surface)[0] if _anchored(d, full_codes)]
            if divs:
                chosen[i] = _choose(tuple(divs), context)
    # 合肥 in an article on 安徽, 格尔木 beside 都兰县: a short form whose parent the article
    # names, or a county of the city a named county lies in, unless it is an everyday word
    # of another kind (合作 is also 合作市)
    named = {d.adcode for d in chosen.values()}
    named |= {d.parent for d in chosen.values() if d.level == "County"}
    for i, m in regions:
        if m.kind in _GAZ_LEVELS and m.source == "short-form" and i not in chosen:
            divs = [d for d in gaz.lookup(m.surface)[0] if d.parent in named]
            if len(divs) == 1 and not _common_word(m.surface):
                chosen[i] = divs[0]
    # a misread county name (鄂西县) is the one county of a named city it is one character from
    cities = {a.adcode for d in chosen.values() for a in gaz.chain(d.adcode) if a.level == "City"}
    for i, m in regions:
        if m.source == "near-miss":
            divs = [d for d in gaz.near_misses(m.surface) if d.parent in cities]
            if len(divs) == 1:
                chosen[i] = divs[0]
    return chosen


def _county_of(div: Division | None) -> str:
    if div is None:
        return ""
    for d in load_gazetteer().chain(div.adcode):
        if d.level == "County":
            return d.adcode
    return div.adcode


def resolve_entities(doc: Doc) -> Doc:
    """Fill ``doc.entities``, ``doc.mention_entity`` and ``doc.subject_region``."""
    indexed = list(enumerate(doc.mentions))
    regions = [(i, m) for i, m in indexed if m.kind in LEVEL_RANK]
    chosen = _resolve_gazetteer(doc, regions)

    def add(i: int, kind: str, key: str, label: str, surface: str, adcode: str = "") -> None:
        ref = (kind, key)
        ent = doc.entities.get(ref)
        if ent is None:
            ent = doc.entities[ref] = Entity(kind, key, label, adcode=adcode)
        if surface != ent.label:
            ent.aliases.add(surface)
        doc.mention_entity[i] = ref

    for i, div in chosen.items():
        add(i, div.level, div.adcode, div.name, doc.mentions[i].surface, div.adcode)

    # towns and villages: find the county each name lies in
    sub_div = _subject_division(doc, chosen)
    default_county = _county_of(sub_div)
    parent_county: dict[str, str] = {}
    ordered = sorted(regions, key=lambda im: im[1].start)
    for (i, m), (_, n) in zip(ordered, ordered[1:]):
        if n.kind in ("Town", "Village") and n.start == m.end and i in chosen:
            parent_county.setdefault(n.canonical, _county_of(chosen[i]))
    for (_, m), (_, n) in zip(ordered, ordered[1:]):
        adjacent = n.kind == "Village" and m.kind == "Town" and n.start == m.end
        if adjacent and m.canonical in parent_county:
            parent_county.setdefault(n.canonical, parent_county[m.canonical])
    for i, m in regions:
        if m.kind in ("Town", "Village"):
            table_county = m.key if m.source in ("table", "table-word") else ""
            county = table_county or parent_county.get(m.canonical, default_county)
            code = _unit_code(m, county)
            add(i, m.kind, code or f"{county or 'cn'}-{m.canonical}", m.canonical, m.surface,
                code)
            if table_county:
                _table_parent(doc.entities[doc.mention_entity[i]], m)

    doc.subject_region = _subject_ref(doc, sub_div)
    doc.focus = region_focus(doc)
    subject_province = sub_div.province if sub_div else ""
    for i, m in indexed:
        if m.kind == "Official":
            office = next(
                (chosen[j] for j, r in regions if r.surface == m.office_region and j in chosen),
                None,
            )
            province = office.province if office else subject_province
            add(i, "Official", f"{m.canonical}@{province or 'cn'}", m.canonical, m.surface)
        elif m.kind in TERM_CLASSES:
            add(i, m.kind, m.canonical, m.canonical, m.surface)
    return doc


def _unit_code(m: Mention, county: str) -> str:
    """The official code of a town or village in ``county`` ("" where the codes lack it).

    A village is found by its town when the table gave one, else by its name
    when no other village of the county has it.
    """
    codes = load_codes()
    if codes is None or not county.isdigit():
        return ""
    if m.kind == "Village":
        return (m.parent and codes.village(county, m.parent, m.canonical)) or codes.village(
            county, "", m.canonical)
    return codes.town(county, m.canonical)


def _town_key(county: str, town: str) -> str:
    codes = load_codes()
    return (codes.town(county, town) if codes is not None else "") or f"{county}-{town}"


def _table_parent(ent: Entity, m: Mention) -> None:
    """The parent the division table lists: a village's town, a town's county."""
    if m.kind == "Village" and m.parent:
        ent.parent, ent.parent_label = ("Town", _town_key(m.key, m.parent)), m.parent
        ent.division_path = f"{m.key}/{m.parent}/{m.canonical}"
    elif m.kind == "Town":
        ent.division_path = f"{m.key}/{m.canonical}"
        div = load_gazetteer().by_code.get(m.key)
        if div is not None:
            ent.parent, ent.parent_label = ("County", div.adcode), div.name


def _subject_division(doc: Doc, chosen: dict[int, Division]) -> Division | None:
    """The gazetteer division the article is about (for keys and defaults)."""
    if not chosen:
        return None
    counts = Counter(d.adcode for d in chosen.values())
    title = [d for i, d in chosen.items() if doc.mentions[i].sentence < _TITLE_SENTENCES]
    pool = title or [load_gazetteer().by_code[c] for c, _ in counts.most_common(3)]
    return max(pool, key=lambda d: (LEVEL_RANK[d.level], counts[d.adcode]))


def _subject_ref(doc: Doc, sub_div: Division | None) -> tuple[str, str] | None:
    """The region the article is about.

    The most specific region named in the title block (the headings before
    the first body sentence) that the article names again; else the region
    it names most often.  Photo captions before the body name villages the
    article only shows, so a title region must be named twice.
    """
    in_names = _inside_organizations(doc)
    counts = Counter(
        doc.mention_entity[i]
        for i, m in enumerate(doc.mentions)
        if i in doc.mention_entity and m.kind in LEVEL_RANK and i not in in_names
    )
    if not counts:
        return None
    body = next((s.index for s in doc.sentences if not s.heading), len(doc.sentences))
    title_refs = [
        doc.mention_entity[i]
        for i, m in enumerate(doc.mentions)
        if i in doc.mention_entity
        and m.kind in LEVEL_RANK
        and m.sentence < body
        and counts[doc.mention_entity[i]] >= 2
    ]
    if title_refs:
        return max(title_refs, key=lambda r: (REGION_LEVELS.index(r[0]), counts[r]))
    best = max(counts.values())
    top = max(
        (r for r, c in counts.items() if c == best), key=lambda r: -REGION_LEVELS.index(r[0])
    )
    # descend to the one place inside it that the article keeps returning to (a village
    # visited in a county story), unless it names others of that level inside it too (a
    # city's summary naming several counties)
    deeper = [r for r, c in counts.items() if c >= max(2, best / 2)
              and LEVEL_RANK[r[0]] > LEVEL_RANK[top[0]] and _within(r, top)]
    for ref in sorted(deeper, key=lambda r: -LEVEL_RANK[r[0]]):
        rivals = [r for r in counts if r[0] == ref[0] and r != ref and _within(r, top)]
        if not rivals:
            return ref
    return top


def _county_code(ref: tuple[str, str]) -> str:
    return county_of(ref[1])


def _within(inner: tuple[str, str], outer: tuple[str, str]) -> bool:
    """Whether ``inner`` lies inside ``outer``, as far as codes and keys tell."""
    if outer[0] in ("Town", "Village"):
        return inner[0] in ("Town", "Village") and _county_code(inner) == _county_code(outer)
    return outer[1] in {d.adcode for d in load_gazetteer().chain(_county_code(inner))}


def _inside_organizations(doc: Doc) -> set[int]:
    """Region mentions that open an organisation's name (金寨县|中医院): they name the
    region, but an article about a village that cites a county body is still about the
    village."""
    spans = {(m.sentence, m.start, m.end) for m in doc.mentions if m.kind == "Organization"}
    return {
        i
        for i, m in enumerate(doc.mentions)
        if m.kind in LEVEL_RANK
        and any(sn == m.sentence and s <= m.start and m.end < e for sn, s, e in spans)
    }
