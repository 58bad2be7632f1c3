"""Products: which lexicon hits are industries, and under which name.

* a product word must sit on jieba's word boundaries (养大|黄牛 holds no 大黄);
* a processed product after its material is one product (红薯|粉条), a product
  after a word of how it is grown is the longer product (冷凉|蔬菜);
* a top category right after a verb of developing is a sector (发展|养殖业);
* a lone product word in a sentence that says nothing is grown, made or sold
  (``industry_cues.txt``) is an object of daily life, and one just before the
  head of an event's or platform's name (``name_heads.txt``) is inside that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.model import Mention
from kg.resources import read_table, read_words
from kg.resources.lexicon import Term, load_lexicon, top_industries
from kg.resources.segment import cut, is_word, word_across

_BOUNDARY_WINDOW = 3
_NAME_WINDOW = 14
_LIST_JOINS = frozenset({"、", "和", "及", "与", "以及"})
_PROCESSED = "加工业"  # the top industry category of processed products


@dataclass(frozen=True)
class ProductRules:
    cues: re.Pattern[str]
    costs: re.Pattern[str]  # 、人工成本, 的费用 right after a product: it is paid for
    modifiers: tuple[str, ...]  # longest first
    name_heads: tuple[str, ...]


@cache
def _rules() -> ProductRules:
    return ProductRules(
        cues=re.compile("|".join(map(re.escape, read_words("industry_cues.txt")))),
        costs=re.compile(
            r"(?:、[\u4e00-\u9fff]{1,4}?)*等?的?(?:"
            + "|".join(map(re.escape, read_words("industry_costs.txt")))
            + ")"
        ),
        modifiers=tuple(sorted(read_words("industry_modifiers.txt"), key=len, reverse=True)),
        name_heads=tuple(read_words("name_heads.txt")),
    )


def compounds(hits: list) -> list:
    """A product made of another, written as one (红薯|粉条, 核桃|乳), is one product;
    two raw products side by side (牦牛藏羊) stay two."""
    out: list = []
    for h in hits:
        prev = out[-1] if out else None
        if (prev and prev[1] == h[0] and prev[3].kind == h[3].kind == "Industry"
                and _top_industry(h[3]) == _PROCESSED and _top_industry(prev[3]) != _PROCESSED):
            surface = prev[2] + h[2]
            out[-1] = (prev[0], h[1], surface, Term("Industry", surface, (h[3].canonical,)))
        else:
            out.append(h)
    return out

def _top_industry(term: Term) -> str:
    """The top category of an industry concept (种植业, 加工业 ...)."""
    lexicon, seen = load_lexicon(), set()
    while term.broader and term.broader[0] not in seen:
        seen.add(term.broader[0])
        parent = lexicon.get(term.broader[0])
        if parent is None or parent.kind != "Industry":
            return term.broader[0]
        term = parent
    return term.canonical

def with_modifiers(text: str, hits: list) -> list:
    """冷凉|蔬菜, 生态|畜牧业, 紫|甘蓝: the longer product wins over the lexicon word
    inside it (the lexicon word is its broader concept)."""
    modifiers = _rules().modifiers
    out = []
    for s, e, surface, term in hits:
        if term.kind == "Industry":
            mod = next((m for m in modifiers if text.startswith(m, s - len(m))), "")
            if len(mod) == 1 and s >= 2 and is_word(text[s - 2 : s]):
                mod = ""  # 摸黑|茶叶: the character ends another word
            if mod and not (out and out[-1][1] > s - len(mod)):
                s, surface = s - len(mod), mod + surface
                term = Term("Industry", mod + term.canonical, (term.canonical,))
        out.append((s, e, surface, term))
    return out

def on_word_boundaries(text: str, start: int, end: int) -> bool:
    """Whether jieba, reading a few characters either side, cuts at ``start`` and ``end``.

    Only a dictionary word across one of the two edges can make it cut elsewhere,
    so the segmenter runs only when a few lookups find one (most hits have none)."""
    if not any(_crosses(text, edge) for edge in (start, end)):
        return True
    lo = max(0, start - _BOUNDARY_WINDOW)
    cuts, k = {lo}, lo
    for token in cut(text[lo : end + _BOUNDARY_WINDOW]):
        k += len(token)
        cuts.add(k)
    return start in cuts and end in cuts

def _crosses(text: str, edge: int) -> bool:
    """Whether a dictionary word of up to four characters spans ``edge``."""
    return word_across(text, edge, 4)

def _inside_event_name(text: str, end: int) -> bool:
    """牦牛|养殖技术培训班: an event's or platform's head follows the product closely;
    a dash joins the stages a name lists (X产业|研发—推广—应用平台)."""
    run = re.split(r"[^\u4e00-\u9fff—]", text[end : end + _NAME_WINDOW])[0]
    return any(head in run for head in _rules().name_heads)


def with_industry_evidence(text: str, mentions: list[Mention], offset: int) -> list[Mention]:
    """Drop product words from a sentence that neither names a second product nor
    says anything is grown, made or sold (industry_cues.txt), product words
    inside the name of an event or platform (name_heads.txt), and products that
    are a cost (除去饲料、人工成本: industry_costs.txt)."""
    mentions = [
        m for m in mentions
        if m.kind != "Industry" or not (
            _inside_event_name(text, m.end - offset)
            or _rules().costs.match(text, m.end - offset)
        )
    ]
    products = [m for m in mentions if m.kind == "Industry"]
    if not products or _rules().cues.search(text):
        return mentions
    # 香菇、木耳 in a heading: products listed together say so themselves
    listed = {
        k
        for a, b in zip(products, products[1:])
        if text[a.end - offset : b.start - offset] in _LIST_JOINS
        for k in (a.start, b.start)
    }
    return [m for m in mentions if m.kind != "Industry" or m.start in listed]


@cache
def develop_verbs() -> tuple[str, ...]:
    """The verbs of developing of two characters or more (relation_cues.tsv, ``develops``)."""
    rows = {row[0]: row[1].split() for row in read_table("relation_cues.tsv", 2)}
    return tuple(v for v in rows["develops"] if len(v) >= 2)


def developed_sectors(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """发展|养殖业: a top industry category right after a verb of developing is a sector
    the sentence develops (alone, 养殖业 only organises the lexicon)."""
    out = []
    for label in top_industries():
        if label not in text:
            continue
        for m in re.finditer(re.escape(label), text):
            s, e = m.start(), m.end()
            if text[:s].endswith(develop_verbs()) and not any(a < e and s < b for a, b in taken):
                out.append((s, e, label))
    return out
