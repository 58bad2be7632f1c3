"""Relations between entities, each with the sentence that supports it.

* ``locatedIn``: a chain written as one name (``万州区五桥街道龚家社区``),
  ``A位于B``, ``A辖B、C、D``; towns and villages with no written parent lie
  in the article's subject region when it is their natural parent level;
* ``servesIn``: the office region of each of an official's titles, and the
  posts (:mod:`kg.extract.match.posts`);
* ``implements`` / ``develops``: the programmes and industries a sentence
  names, for the most specific regions it names (or the article's subject
  region when it names none, as in ``全镇…`` or a bare heading).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.extract.match.discourse import helps_from
from kg.extract.match.focus import deictic_phrases, focus_for
from kg.extract.match.posts import serves_in
from kg.model import LEVEL_RANK, Doc, Fact, Mention
from kg.resources import read_table


@cache
def _cues() -> dict[str, tuple[str, ...]]:
    return {row[0]: tuple(row[1].split()) for row in read_table("relation_cues.tsv", 2)}


def _ref(doc: Doc, index: int) -> tuple[str, str] | None:
    return doc.mention_entity.get(index)


def extract_relations(doc: Doc) -> Doc:
    """Fill ``doc.facts``."""
    facts: dict[tuple, Fact] = {}

    def add(rel: str, head, tail, sentence_index: int, position: str = "") -> None:
        if head is None or tail is None or head == tail:
            return
        key = (rel, head, tail)
        if key not in facts:
            ev = doc.evidence(doc.sentences[sentence_index])
            facts[key] = Fact(rel, head, tail, ev, position)

    by_sentence: dict[int, list[tuple[int, Mention]]] = {}
    for i, m in enumerate(doc.mentions):
        if i in doc.mention_entity:
            by_sentence.setdefault(m.sentence, []).append((i, m))

    located: set[tuple[str, str]] = set()
    for s_index, items in sorted(by_sentence.items()):
        sentence = doc.sentences[s_index]
        regions = [(i, m) for i, m in items if m.kind in LEVEL_RANK]
        for rel, head, tail in _located_pairs(doc, sentence.text, sentence.start, regions):
            add(rel, head, tail, s_index)
            located.add(head)
        for i, m in items:
            if m.kind == "Industry" and _of_the_past(sentence.text, m.start - sentence.start):
                continue  # 以前家家户户种玉米: what the place grew before
            if m.kind in ("Program", "Industry"):
                rel = "implements" if m.kind == "Program" else "develops"
                for region in _focus_regions(doc, sentence, m, regions):
                    add(rel, region, _ref(doc, i), s_index)

    _default_parents(doc, located, add)
    _serves_in(doc, facts, add)
    doc.facts = list(facts.values()) + _table_parents(doc, facts)
    return doc


def _of_the_past(text: str, pos: int) -> bool:
    """Whether a word of the past comes before ``pos`` in its comma clause
    (石阡县过去家家户户种|玉米, 改变过去单一种植|玉米的局面)."""
    clause = next(span for span in _clauses(text, "，；：") if span[0] <= pos <= span[1])
    before = text[clause[0] : pos]
    return any(word in before for word in _cues()["past"])


def _table_parents(doc: Doc, written: dict[tuple, Fact]) -> list[Fact]:
    """The division table's parent of each town and village (no evidence: the table's word)."""
    return [
        Fact("locatedIn", ref, ent.parent, None)
        for ref, ent in doc.entities.items()
        if ent.parent is not None and ("locatedIn", ref, ent.parent) not in written
    ]


def _located_pairs(doc: Doc, text: str, offset: int, regions: list[tuple[int, Mention]]):
    cues = _cues()
    ordered = sorted(regions, key=lambda im: im[1].start)
    for (i, a), (j, b) in zip(ordered, ordered[1:]):
        ra, rb = _ref(doc, i), _ref(doc, j)
        if ra is None or rb is None:
            continue
        between = text[a.end - offset : b.start - offset]
        if between == "" and LEVEL_RANK[b.kind] > LEVEL_RANK[a.kind]:
            yield "locatedIn", rb, ra  # 万州区五桥街道
        elif between.strip("，") in cues["inside"] and LEVEL_RANK[a.kind] > LEVEL_RANK[b.kind]:
            yield "locatedIn", ra, rb  # 大川镇位于茅箭区
    # 大川镇位于茅箭区南部，辖大川村、唐家村…: the regions listed after 辖 lie in
    # the region the sentence is about (its first region), or else the one before 辖
    for cue in re.finditer("|".join(map(re.escape, cues["contains"])), text):
        before = [(i, m) for i, m in ordered if m.end - offset <= cue.start()]
        if not before:
            continue
        head_i, head = before[0] if before[0][1].start - offset == 0 else before[-1]
        cursor = cue.end()
        for j, b in ordered:
            if b.start - offset < cue.end():
                continue
            gap = text[cursor : b.start - offset]
            if len(gap.strip("、和及与")) > 0:
                break  # the list of contained regions has ended
            if LEVEL_RANK[b.kind] > LEVEL_RANK[head.kind]:
                yield "locatedIn", _ref(doc, j), _ref(doc, head_i)
            cursor = b.end - offset


def _serves_in(doc: Doc, facts: dict[tuple, Fact], add) -> None:
    """servesIn and the posts (kg/extract/match/posts.py), once every locatedIn is known."""
    parents = {key[1]: key[2] for key in facts if key[0] == "locatedIn"}
    serves_in(doc, add, parents)


@lru_cache(maxsize=256)
def _clauses(text: str, breaks: str) -> tuple[tuple[int, int], ...]:
    """Spans of the clauses of ``text`` (cached: every term of a sentence asks)."""
    return tuple(_split_clauses(text, breaks))


def _split_clauses(text: str, breaks: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _breaks_pattern(breaks).finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


@lru_cache(maxsize=16)
def _breaks_pattern(breaks: str) -> re.Pattern[str]:
    """Any one character of ``breaks``."""
    return re.compile("[" + re.escape(breaks) + "]")


def _deepest(doc: Doc, regions: list[tuple[int, Mention]]) -> list[tuple[str, str]]:
    if not regions:
        return []
    deepest = max(LEVEL_RANK[m.kind] for _, m in regions)
    out = []
    for i, m in regions:
        ref = _ref(doc, i)
        if LEVEL_RANK[m.kind] == deepest and ref is not None and ref not in out:
            out.append(ref)
    return out


def _focus_regions(doc: Doc, sentence, term: Mention, regions):
    """The regions a programme or industry mention belongs to.

    In order: the most specific regions named before it in its own comma
    clause (杨溪铺镇鲍沟村扶贫小额信贷); regions it is said to lie in
    (光伏扶贫电站2座（分别位于唐家村和卡子村）); the topic of its
    semicolon clause or of the sentence (the regions of their first comma
    clause: 万州区甘宁镇，…助推玫瑰香橙外销); else the article's subject region.
    """
    # an official's office region counts like any other (党扭村第一书记…带领群众发展香猪)
    text = sentence.text
    # a helping region (浙江|援疆工作队援建的扶贫车间), with the chain it ends
    # (广东省深圳市|对口帮扶), is not where the term is
    local = [(i, m, m.start - sentence.start, m.end - sentence.start) for i, m in regions]
    helping_ends = {e for _, _, _, e in local if helps_from(text, e)}  # where helpers end
    for _, _, s, e in sorted(local, key=lambda r: -r[2]):  # right to left along a chain
        if e in helping_ends:
            helping_ends.add(s)  # the region ending where a helper starts is part of it
    local = [r for r in local if r[3] not in helping_ends]
    pos = term.start - sentence.start
    comma = next(span for span in _clauses(text, "，；：") if span[0] <= pos <= span[1])
    own = [(i, m) for i, m, s, e in local if comma[0] <= s and e <= pos]
    if own:
        return _deepest(doc, own)
    after_term = term.end - sentence.start
    cue = min((i for w in _cues()["inside"] if (i := text.find(w, after_term)) != -1), default=-1)
    if cue != -1 and text.find("，", term.end - sentence.start, cue) == -1:
        after = [(i, m) for i, m, s, _ in local if s > cue and s - cue <= 12]
        if after:
            return _deepest(doc, after)
    semi = next(span for span in _clauses(text, "；") if span[0] <= pos <= span[1])
    for scope in (semi, (0, len(text))):
        first = _clauses(text[scope[0] : scope[1]], "，：")[0]
        topic = [
            (i, m)
            for i, m, s, e in local
            if scope[0] + first[0] <= s and e <= scope[0] + first[1] and e <= pos
        ]
        if topic:
            return _deepest(doc, topic)
    return _sentence_regions(doc, text, pos, local, term.kind)


def _sentence_regions(doc: Doc, text: str, pos: int, local, kind: str) -> list[tuple[str, str]]:
    """A sentence whose topic names no region: the nearest clause before the term, in
    its semicolon clause, that names one (…，田坝村建起了加工厂，同时发展民宿); with
    none before it, the article's subject, unless the sentence speaks of an unnamed
    place below it (在村里开起了农家乐).  Regions after the term start what the
    sentence says next (…发展茶叶，X村建立了作坊), so they are not its place."""
    semi = next(span for span in _clauses(text, "；") if span[0] <= pos <= span[1])
    before = [c for c in _clauses(text, "，；：") if semi[0] <= c[0] and c[1] <= pos]
    for c in reversed(before):
        named = [(i, m) for i, m, s, e in local if c[0] <= s and e <= c[1]]
        if named:
            return _deepest(doc, named)
    subject = doc.subject_region
    if subject is None:
        return []
    for phrase in reversed(deictic_phrases(text[semi[0] : pos])):
        ref = focus_for(doc, phrase)  # 该村…发展芒果: the village in focus, not the subject
        # (a phrase of a wider level, 我市 in a county's report, leaves it the county's: the
        # region of a relation is the most specific one the text gives)
        if ref in doc.entities and LEVEL_RANK[ref[0]] > LEVEL_RANK[subject[0]]:
            return [ref]
    if any(LEVEL_RANK[level] > LEVEL_RANK[subject[0]] for level in _unnamed_places(text)):
        return []
    if kind == "Industry" and not any(verb in text for verb in _cues()["develops"]):
        return []  # 询问肉牛出栏情况, 蔬菜展台前: a product talked about, not developed
    return [subject]


def _unnamed_places(text: str) -> list[str]:
    """Levels of the places a sentence speaks of without naming them (村里, 镇上)."""
    return [level for word, level in _place_words().items() if word in text]


@cache
def _place_words() -> dict[str, str]:
    return {row[0]: row[1] for row in read_table("unnamed_places.tsv", 2)}


def _default_parents(doc: Doc, located: set, add) -> None:
    """Towns/villages with no written parent: the subject region, one level up."""
    subject = doc.subject_region
    if subject is None:
        return
    first_sentence: dict[tuple[str, str], int] = {}
    for i, m in enumerate(doc.mentions):
        ref = doc.mention_entity.get(i)
        if ref and ref[0] in ("Town", "Village"):
            first_sentence.setdefault(ref, m.sentence)
    for ref, s_index in first_sentence.items():
        if ref in located or ref == subject or doc.entities[ref].parent is not None:
            continue  # the division table gives its parent
        if LEVEL_RANK[subject[0]] < LEVEL_RANK[ref[0]] and subject[0] in ("County", "Town"):
            add("locatedIn", ref, subject, s_index)
