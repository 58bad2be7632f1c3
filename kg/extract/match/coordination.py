"""Industries no lexicon holds, found beside ones it does: ``A、B、C等``.

A county's products are open-ended, but reports list them together: in
``发展核桃、花椒、金银花等产业`` knowing 核桃 says what 花椒 and 金银花 are.
So the members of a ``、`` list (with ``和``/``及``/``与`` before its last
member) in which at least one member is a known industry are industries too,
when they have the shape of a product name: a short run of nouns (jieba tags
them as nouns, or does not know them), no verb, nothing another matcher has
claimed, and no word from ``industry_generic.txt`` (产品, 行业, 基地: the
words that make a list of sectors, not of products).

A product no list holds is found by its line of work right after a verb of
developing (``发展|牦牛肉|加工``, ``引导农户|种植|竹荪``… is the lexicon's):
``develop verb + product-shaped run + head`` (``industry_heads.txt``, heads of
two characters or more), the whole name kept as in a list (玉器加工).
"""

from __future__ import annotations

import re
from functools import cache

from kg.extract.match.products import develop_verbs
from kg.model import Mention
from kg.resources import read_words
from kg.resources.segment import cut, tag

_CLAUSE = re.compile(r"[^，。；：！？“”（）()]+")
_LAST_JOIN = re.compile(r"以及|和|及|与")
_NOUN_TAGS = frozenset({None, "n", "nz", "nr", "ns", "ng", "j"})
_MIN, _MAX = 2, 6
_CJK_RUN = re.compile(r"^[\u4e00-\u9fff]+$")


@cache
def _heads() -> frozenset[str]:
    return frozenset(read_words("industry_heads.txt"))


@cache
def _modifiers() -> frozenset[str]:
    return frozenset(read_words("industry_modifiers.txt"))


@cache
def _generic() -> frozenset[str]:
    return frozenset(read_words("industry_generic.txt"))


def _members(clause: str, base: int) -> list[tuple[int, int]]:
    """Spans of the members of the ``、`` list in ``clause`` (empty if none)."""
    if "、" not in clause:
        return []
    pieces, start = [], 0
    for k, ch in enumerate(clause + "、"):
        if ch == "、":
            pieces.append((start, k))
            start = k + 1
    if len(pieces) < 2:
        return []
    # the last piece ends the list: 蔬菜等产业 -> 蔬菜, 茶叶和蔬菜 -> 茶叶, 蔬菜
    s, e = pieces[-1]
    last = clause[s:e]
    cut_at = last.find("等")
    if cut_at != -1:
        last = last[:cut_at]
    tail = [(s, s + len(last))]
    joined = _LAST_JOIN.search(last)
    if joined:
        tail = [(s, s + joined.start()), (s + joined.end(), s + len(last))]
    spans = pieces[:-1] + tail
    return [(base + a, base + b) for a, b in spans if b > a]


def _edge_trimmed(text: str, start: int, end: int, first: bool, last: bool) -> tuple[int, int]:
    """The first member starts after the last word that is no noun (发展|核桃), the last
    ends before the first such word (核桃|种植面积 stays, 核桃|产业 is cut by the caller)."""
    if first:  # 大力发展|X: after the last verb of developing (jieba may tag 大力发展 nz)
        piece = text[start:end]
        cue = max(((piece.rfind(v), v) for v in develop_verbs()), default=(-1, ""))
        if cue[0] != -1:
            start += cue[0] + len(cue[1])
    tokens = cut(text[start:end])
    bad = [k for k, t in enumerate(tokens) if tag(t) not in _NOUN_TAGS and t not in _heads()]
    if first and bad:
        start += len("".join(tokens[: bad[-1] + 1]))
        tokens = tokens[bad[-1] + 1 :]
    if last:
        bad = [k for k, t in enumerate(tokens) if tag(t) not in _NOUN_TAGS and t not in _heads()]
        if bad:
            end -= len("".join(tokens[bad[0] :]))
    return start, end


def _is_head(before: str, word: str) -> bool:
    """草原|旅游: a known line of work ending a member after words of a product's
    shape is the member's head, not the product the member is (特色|旅游 is 旅游)."""
    return word in _heads() and _product_shaped(before) and before not in _modifiers()


def _product_shaped(name: str) -> bool:
    if not (_MIN <= len(name) <= _MAX and _CJK_RUN.match(name)):
        return False
    tokens = cut(name)
    generic = _generic()
    head = max((h for h in _heads() if name.endswith(h) and len(name) > len(h)),
               key=len, default="")
    if len(tokens) == 1 and head:
        tokens = [name[: -len(head)], head]  # jieba's one word 特色旅游 is 特色|旅游
    if len(tokens) > 1 and tokens[-1] in _heads():
        tokens = tokens[:-1]  # 玉器|加工, 肉羊|养殖: a product and its line of work
    if any(name.endswith(g) for g in generic):
        return False  # 农产品, 服务行业: a sector, not a product
    return all(tag(t) in _NOUN_TAGS and t not in generic for t in tokens)


@cache
def _headed() -> re.Pattern[str]:
    """发展|X|养殖: a verb of developing, two to four characters, a line of work."""
    verbs = "|".join(map(re.escape, sorted(develop_verbs(), key=len, reverse=True)))
    heads = "|".join(map(re.escape, sorted((h for h in _heads() if len(h) > 1),
                                           key=len, reverse=True)))
    return re.compile(f"(?:{verbs})([\u4e00-\u9fff]{{2,4}}?)(?:{heads})")


def headed_industries(text: str, mentions: list[Mention], sentence: int,
                      offset: int) -> list[Mention]:
    """``mentions`` with the products named by their line of work after a verb of
    developing (发展牦牛肉加工), where no other matcher found a name."""
    spans = [(m.start - offset, m.end - offset) for m in mentions]
    out = list(mentions)
    for m in _headed().finditer(text):
        a, b = m.start(1), m.end()
        if any(s < b and a < e for s, e in spans) or not _product_shaped(text[a:b]):
            continue
        if not all(tag(t) in _NOUN_TAGS for t in cut(m.group(1))):
            continue  # 发展|种植|养殖: the run is another line of work
        if m.group(1) in _modifiers():
            continue  # 发展|庭院|种植: how, not what
        name = text[a:b]
        out.append(Mention(sentence, offset + a, offset + b, name, "Industry", name,
                           source="shape"))
        spans.append((a, b))
    return out


def coordinated_industries(text: str, mentions: list[Mention], sentence: int,
                           offset: int) -> list[Mention]:
    """``mentions`` with the industries of ``text`` named in a list beside a known one;
    a listed product that holds a lexicon word not at its end replaces that word
    (X贝母鸡 is a chicken, not 贝母)."""
    spans = {(m.start - offset, m.end - offset): m for m in mentions}
    known = {span for span, m in spans.items() if m.kind == "Industry"}
    out: list[Mention] = []
    replaced: set[tuple[int, int]] = set()
    for clause in _CLAUSE.finditer(text):
        members = _members(clause.group(), clause.start())
        if not members:
            continue
        # a member is known when a lexicon industry ends it (发展|茶叶, 富硒|茶叶)
        if not any(any(e == b and a <= s for s, e in known) for a, b in members):
            continue
        for k, (a, b) in enumerate(members):
            if any(s <= a and b <= e for s, e in spans):
                continue  # a known word or name already (most members are)
            a, b = _edge_trimmed(text, a, b, k == 0, k == len(members) - 1)
            inside = [(s, e) for s, e in spans if s < b and a < e]
            if any(not (a <= s and (e < b or _is_head(text[a:s], text[s:e])) and (s, e) in known)
                   for s, e in inside):
                continue  # overlaps a name, or a product that ends it (it is that product)
            name = text[a:b]
            if _product_shaped(name):
                replaced.update(inside)
                out.append(Mention(sentence, offset + a, offset + b, name, "Industry", name,
                                   source="shape"))
    return [m for span, m in spans.items() if span not in replaced] + out
