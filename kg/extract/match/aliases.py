"""One node per organisation or programme in an article, whatever form it takes.

Reports name a body in full once and shortly afterwards
(``黔西县兴农种养殖有限公司`` … ``兴农公司``; ``天峻县X合作社`` … ``X合作社``).
Within one article:

* an organisation written after its region chain (``都兰县香加乡X合作社``)
  keeps only the nearest region in its canonical name (``香加乡X合作社``), so
  the forms with and without the higher regions meet; the region chain
  itself stays a region mention (:func:`leading_chain`);
* a short form is the full name with one run of characters left out, the
  rest of the name and its ending kept (``兴农|种养殖有限|公司`` → ``兴农公司``,
  ``都兰县畜牧兽医|工作|站`` → ``都兰县畜牧兽医站``), or a village's name
  without its ``村`` standing for the village (``X村合作社`` / ``X合作社``);
  a standard abbreviation inside it is read written out (``农行毕节分行`` for
  ``中国农业银行毕节分行``, ``organization_abbreviations.tsv``);
  it is taken only when it fits exactly one full name of the article and is
  not a body of its own in jieba's dictionary (``中国银行`` is no short form
  of ``中国农业银行``); a name with no word of its own (``苗汉子合作社``,
  which jieba reads as common nouns) is kept only as such a short form;
* a programme name found by its shape (``闽宁协作``, a quoted scheme) takes
  the lexicon programme it ends with (``扶贫协作``) as its short form when
  the article names both;
* a product written with a word of how or where it is grown
  (``industry_modifiers.txt``: ``设施蔬菜``, ``全域旅游``, ``生态猪``) is an alias
  of its broader product when the article names that one as a product too
  (GUIDELINES: the shortest name the article uses as the product); alone it
  stays the longer name (``冷凉蔬菜``), and a sector (a name in ``业``:
  ``生态畜牧业`` beside ``畜牧业``) is no product it could be an alias of.

The canonical name of an organisation's or programme's group is its longest
member; every other form is an alias (``skos:altLabel``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from kg.extract.match.name_shapes import is_place
from kg.extract.match.products import on_word_boundaries
from kg.extract.match.terms import term_rules
from kg.model import LEVEL_RANK, Mention
from kg.resources import read_table, read_words
from kg.resources.lexicon import load_lexicon
from kg.resources.segment import tag

_LEVEL_SUFFIXES = ("村", "社区", "乡", "镇")
_LEVEL_CHARS = frozenset("省市州县区旗镇乡村")
_MIN_KEPT = 2  # characters of its own a short form keeps before the ending
_BODY_TAGS = frozenset({"nt"})
_SECTOR = "业"  # 畜牧业, 渔业: a line of business, not a product


def leading_chain(org: Mention, regions: list[Mention]) -> list[Mention]:
    """The regions an organisation's name starts with, in order (都兰县|香加乡|…合作社)."""
    chain: list[Mention] = []
    cursor = org.start
    for r in sorted(regions, key=lambda m: m.start):
        if r.start == cursor and r.end < org.end and r.source in ("text", "table", "table-word"):
            chain.append(r)
            cursor = r.end
    return chain


def _ending(name: str) -> str:
    rules = term_rules()
    return max((s for s in rules.org_min if name.endswith(s)), key=len, default="")


def _one_gap(short: str, full: str) -> bool:
    """``short`` is ``full`` with one inner run left out, its ending kept whole."""
    if len(short) >= len(full) or short[0] != full[0]:
        return False
    ending = _ending(full)
    for i in range(_MIN_KEPT, len(short)):
        head, tail = short[:i], short[i:]
        if full.startswith(head) and full.endswith(tail) and ending.endswith(tail):
            return True
    return False


def _bodies(full: str) -> list[str]:
    """``full``, the name without its legal form when another ending is left
    (X投资集团|有限责任公司 → X投资集团), and their tails after a region prefix
    (都兰县香加乡|X合作社 → X合作社) or a place's short form (湖南|X股份有限公司)."""
    forms = [full]
    for legal in _legal_forms():
        rest = full.removesuffix(legal)
        if rest != full and _ending(rest):
            forms.append(rest)
    return [
        f[k:] for f in forms for k in [0, *range(2, len(f) - 3)]
        if k == 0 or f[k - 1] in _LEVEL_CHARS or (k <= 4 and is_place(f[:k]))
    ]


@cache
def _legal_forms() -> tuple[str, ...]:
    """The endings that give a company's legal form (有限公司, 股份有限公司)."""
    return tuple(sorted((s for s in term_rules().org_min if "有限" in s), key=len, reverse=True))


@cache
def _abbreviations() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = read_table("organization_abbreviations.tsv", 2)
    return tuple(sorted(((r[0], tuple(r[1].split())) for r in rows), key=lambda r: -len(r[0])))


def _expanded(short: str) -> list[str]:
    """``short`` and its forms with a standard abbreviation written out (农行 → 中国农业银行)."""
    forms = [short]
    for abbr, fulls in _abbreviations():
        if abbr in short:
            forms += [short.replace(abbr, full, 1) for full in fulls]
            break
    return forms


def _bare(short: str) -> list[str]:
    """``short`` and, for ``X村…``, the form without the village's 村 (X合作社)."""
    forms = _expanded(short)
    for suffix in _LEVEL_SUFFIXES:
        k = short.find(suffix, _MIN_KEPT)
        if k != -1 and k + len(suffix) < len(short) - 1:
            forms.append(short[:k] + short[k + len(suffix) :])
    return forms


def _is_short_form(short: str, full: str) -> bool:
    if tag(short) in _BODY_TAGS:
        return False  # a body jieba knows by that name (中国银行)
    return any(
        s == body or _one_gap(s, body) for s in _bare(short) for body in _bodies(full)
    )


def _canonical_orgs(mentions: list[Mention]) -> dict[int, str]:
    """Index of an organisation mention -> its name without the higher regions."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind in LEVEL_RANK:
            by_sentence.setdefault(m.sentence, []).append(m)
    out = {}
    for i, m in enumerate(mentions):
        if m.kind != "Organization":
            continue
        chain = leading_chain(m, by_sentence.get(m.sentence, []))
        if len(chain) >= 2:
            out[i] = m.surface[chain[-1].start - m.start :]
        else:
            out[i] = m.canonical
    return out


def _groups(names: set[str], is_short) -> dict[str, str]:
    """name -> the longest name of its group; a short form joins its one full name."""
    parent = {n: n for n in names}

    def find(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for short in sorted(names, key=lambda n: (-len(n), n)):  # long forms meet first
        fulls = {find(f) for f in names if len(f) > len(short) and is_short(short, f)}
        if len(fulls) == 1:
            root = fulls.pop()
            if find(short) != root:
                parent[find(short)] = root
    out = {}
    for n in names:
        root = find(n)
        members = [m for m in names if find(m) == root]
        out[n] = max(members, key=lambda m: (len(m), m))
    return out


@cache
def _modifiers() -> tuple[str, ...]:
    return tuple(sorted(read_words("industry_modifiers.txt"), key=len, reverse=True))


def _modified_broader(name: str) -> str:
    """The product a modified product name narrows (设施蔬菜 → 蔬菜, 生态猪 → 生猪), or ""."""
    mod = next((m for m in _modifiers() if name.startswith(m) and len(name) > len(m)), "")
    if not mod:
        return ""
    term = load_lexicon().get(name)
    if term is not None and term.kind == "Industry" and term.broader:
        return term.broader[0]
    rest = load_lexicon().get(name[len(mod):])  # 紫甘蓝, made by the modifier rule
    return rest.canonical if rest is not None and rest.kind == "Industry" else ""


def _industry_names(mentions: list[Mention]) -> dict[str, str]:
    """Industry name -> the broader product it is an alias of in this article."""
    names = {m.canonical for m in mentions if m.kind == "Industry"}
    return {
        n: b for n in names
        if (b := _modified_broader(n)) in names and b != n and not b.endswith(_SECTOR)
    }


@cache
def _work_heads() -> tuple[str, ...]:
    """Lines of work done on a product (养殖, 种植, 加工; industry_work_heads.txt)."""
    return tuple(sorted(read_words("industry_work_heads.txt"), key=len, reverse=True))


def _worked_products(mentions: list[Mention], text: str) -> dict[str, str]:
    """``X养殖`` -> ``X`` for the industries named by a line of work whose product the
    article also names alone (建成藏鸡养殖基地 … 年出栏藏鸡12万只): the shortest name the
    article uses as the product; ``X养殖`` stays an alias."""
    out = {}
    for name in {m.canonical for m in mentions if m.kind == "Industry"}:
        head = next((h for h in _work_heads() if name.endswith(h)), "")
        stem = name[: -len(head)] if head else ""
        if len(stem) < 2:
            continue
        at = text.find(stem)
        while at != -1:
            end = at + len(stem)
            if not text.startswith(head, end) and on_word_boundaries(text, at, end):
                out[name] = stem
                break
            at = text.find(stem, at + 1)
    return out


def resolve_aliases(mentions: list[Mention], text: str = "") -> list[Mention]:
    """The mentions of one article with organisations, programmes and industries named
    one way (``text``, the article's, decides the products named by a line of work)."""
    canon = _canonical_orgs(mentions)
    org_names = set(canon.values())
    # the region-free form of a chained name (天峻县X合作社 / X合作社) is a short form too
    org_group = _groups(
        org_names, lambda s, f: len(s) >= 4 and _is_short_form(s, f)
    )
    lexicon_programs = {m.canonical for m in mentions if m.kind == "Program"}
    shaped = {m.canonical for m in mentions if m.kind == "Program" and m.source == "shape"}
    prog_group = _groups(
        lexicon_programs, lambda s, f: f in shaped and s not in shaped and f.endswith(s)
    )
    strong = {canon[i] for i in canon if mentions[i].source != "weak"}
    bare = _industry_names(mentions)
    worked = _worked_products(mentions, text) if text else {}
    out = []
    for i, m in enumerate(mentions):
        if i in canon and m.source == "weak":
            if org_group[canon[i]] == canon[i] or org_group[canon[i]] not in strong:
                continue  # 农民专业合作社 alone: no body of the article it stands for
            m = replace(m, canonical=org_group[canon[i]], source="text")
        elif i in canon:
            m = replace(m, canonical=org_group[canon[i]])
        elif m.kind == "Program":
            m = replace(m, canonical=prog_group[m.canonical])
        elif m.kind == "Industry" and m.canonical in bare:
            m = replace(m, canonical=bare[m.canonical])
        elif m.kind == "Industry" and m.canonical in worked:
            m = replace(m, canonical=worked[m.canonical])
        out.append(m)
    return out

