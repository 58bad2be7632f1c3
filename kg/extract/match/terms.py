"""Find programmes, industries and organisations in a sentence.

* the SKOS lexicons, matched with one Aho-Corasick automaton, leftmost-longest;
  which product hits are industries, and under which name, is
  :mod:`kg.extract.match.products`; products listed beside them,
  :mod:`kg.extract.match.coordination`;
* ``X扶贫`` / ``X脱贫`` names a line of work when X is a content word
  (光伏扶贫, 袜业扶贫, 产业脱贫), read with jieba from the few characters before it;
* a paired programme after two provinces' abbreviations (京蒙对口帮扶, 闽宁协作);
* a quoted name followed by a scheme word or after a trigger verb
  (实施“三个一百工程”, “三大五进”模式, “生猪仓单贷”) is a local scheme, and wins
  over the lexicon words inside it;
* organisations by their endings (公司, 银行, 合作社, 卫生院, 分行 ...), read
  leftwards to a boundary and trimmed of leading verbs; the same body's other
  forms in the article are joined by :mod:`kg.extract.match.aliases`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from kg.extract.match.coordination import coordinated_industries, headed_industries
from kg.extract.match.name_shapes import (
    LEVEL_WORDS,
    cut_places,
    false_ending,
    is_place,
    is_proper,
    level_then_word,
    names_a_body,
)
from kg.extract.match.products import (
    compounds,
    developed_sectors,
    on_word_boundaries,
    with_industry_evidence,
    with_modifiers,
)
from kg.model import Mention
from kg.resources import read_table, read_words
from kg.resources.lexicon import load_lexicon, not_programs
from kg.resources.segment import cut, is_word, tag

_CJK = re.compile(r"[\u4e00-\u9fff]")
_QUOTED = re.compile(r"“([^“”，。；：！？、]{2,30})”")
_SCHEME_WINDOW = 8
_NUMERALS = set("一二两三四五六七八九十百千万双0123456789")
_PREFIX_WINDOW = 6
_ORG_WINDOW = 14
_BRACKET = re.compile(r"（[\u4e00-\u9fff]{2,4}）$")
_BODY_TAGS = frozenset({"nt", "nz"})
_BAD_HEAD_TAGS = frozenset({"v", "d", "p", "c", "r", "m", "q", "u", "ad", "f", "t"})


@dataclass(frozen=True)
class TermRules:
    automaton: ahocorasick.Automaton
    heads: tuple[str, ...]
    head_pattern: re.Pattern[str]  # any of the heads, in their order
    narrow_heads: frozenset[str]
    narrow_sectors: frozenset[str]
    modifiers: frozenset[str]
    followers: tuple[str, ...]
    joined: tuple[str, ...]
    brands: tuple[str, ...]
    partnered: re.Pattern[str]
    schemes: tuple[str, ...]
    triggers: tuple[str, ...]
    org_suffixes: re.Pattern[str]
    org_min: dict[str, int]
    org_named: frozenset[str]  # endings only after a place or a name jieba knows (新华|网)
    org_known: frozenset[str]  # endings of names of common words jieba knows whole (人民日报)
    org_generic: frozenset[str]
    stop_chars: frozenset[str]
    org_stop_chars: frozenset[str]
    sectors: frozenset[str]
    org_heads: frozenset[str]
    org_sentence_words: frozenset[str]  # never inside a name (推进, 依托)
    org_false: tuple[str, ...]


@cache
def term_rules() -> TermRules:
    auto = ahocorasick.Automaton()
    for surface, term in load_lexicon().items():
        auto.add_word(surface, (surface, term))
    auto.make_automaton()
    patterns = {row[0]: row[1].split() for row in read_table("program_patterns.tsv", 2)}
    org_rows = read_table("organization_suffixes.tsv", 2)
    orgs = {row[0]: int(row[1]) for row in org_rows}
    return TermRules(
        automaton=auto,
        heads=tuple(patterns["head"]),
        head_pattern=re.compile("|".join(patterns["head"])),
        narrow_heads=frozenset(patterns["narrow_head"]),
        narrow_sectors=frozenset(patterns["narrow_sector"]),
        modifiers=frozenset(patterns["modifier"]),
        followers=tuple(patterns["follower"]),
        joined=tuple(patterns["joined"]),
        brands=tuple(patterns["brand"]),
        partnered=re.compile(
            "([{}]{{2}})({})".format(
                "".join(read_words("province_abbreviations.txt")),
                "|".join(sorted(patterns["partnered"], key=len, reverse=True)),
            )
        ),
        schemes=tuple(sorted(patterns["scheme"], key=len, reverse=True)),
        triggers=tuple(patterns["trigger"]),
        org_suffixes=re.compile("|".join(map(re.escape, sorted(orgs, key=len, reverse=True)))),
        org_min=orgs,
        org_named=frozenset(row[0] for row in org_rows if row[2:3] == ["named"]),
        org_known=frozenset(row[0] for row in org_rows if row[2:3] == ["known"]),
        org_generic=frozenset(read_words("organization_generic.txt")),
        stop_chars=frozenset(read_words("name_stop_chars.txt")),
        org_stop_chars=frozenset(read_words("organization_stop_chars.txt")),
        sectors=frozenset(patterns["sector"]),
        org_heads=frozenset(read_words("organization_heads.txt")),
        org_sentence_words=frozenset(read_words("organization_sentence_words.txt")),
        org_false=tuple(read_words("organization_false_endings.txt")),
    )


def _lexicon_hits(text: str) -> list[tuple[int, int, str, object]]:
    hits = [(end - len(s) + 1, end + 1, s, t) for end, (s, t) in term_rules().automaton.iter(text)]
    # a lexicon word that cuts a word of the sentence is inside another word
    # (养大|黄牛 has no 大黄 in it, 生态|移民区 no 生态移民), then leftmost-longest
    hits = [h for h in hits if on_word_boundaries(text, h[0], h[1])]
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out, last = [], 0
    for h in hits:
        if h[0] >= last:
            out.append(h)
            last = h[1]
    return with_modifiers(text, compounds(out))


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _left_window(text: str, end: int, size: int, stop: frozenset[str]) -> str:
    start = end
    while start > 0 and end - start < size:
        ch = text[start - 1]
        if not _CJK.match(ch) or ch in stop:
            break
        start -= 1
    return text[start:end]


def _fupin_programs(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """``X扶贫`` names: X is the content word right before 扶贫."""
    rules = term_rules()
    lexicon = load_lexicon()
    out = []
    for m in rules.head_pattern.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        window = _left_window(text, m.start(), _PREFIX_WINDOW, rules.stop_chars)
        tokens = cut(window) if window else []
        if not tokens:
            continue
        # the longest run of trailing tokens that the lexicon knows (乡村旅游)
        prefix = tokens[-1]
        for i in range(len(tokens) - 1):
            joined = "".join(tokens[i:])
            if joined in lexicon:
                prefix = joined
                break
        known = lexicon.get(prefix)
        sectors = rules.narrow_sectors if m.group() in rules.narrow_heads else rules.sectors
        if prefix not in sectors and (known is None or known.kind != "Industry"):
            continue  # 销售扶贫产品, 明确提出扶贫: 扶贫 after a verb is no programme name
        start = m.start() - len(prefix)
        out.append((start, m.end(), prefix + m.group()))
    return out


def _partnered_programs(text: str) -> list[tuple[int, int, str]]:
    """京蒙|对口帮扶, 闽宁|协作: a paired programme after the two provinces' abbreviations."""
    out = []
    for m in term_rules().partnered.finditer(text):
        if len(set(m.group(1))) == 2 and not is_word(text[m.start() - 1 : m.start() + 1]):
            out.append((m.start(), m.end(), m.group()))
    return out


def _quoted_schemes(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Quoted local schemes: (start, end, surface, canonical)."""
    rules = term_rules()
    out = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        short = len(inner) < 3 and not (len(inner) == 2 and inner[0] in _NUMERALS)
        if short or inner in not_programs() or _overlaps(m.start(1), m.end(1), taken):
            continue
        after = re.split(r"[，。；：、“（]", text[m.end() : m.end() + _SCHEME_WINDOW])[0]
        before = text[max(0, m.start() - 4) : m.start()]
        follows = next((s for s in rules.schemes if s in after), "")
        if not (
            inner.endswith(rules.schemes)
            or follows
            or before.endswith(rules.triggers)
            or after.startswith(rules.followers)
        ):
            continue
        if after.startswith(rules.brands):
            continue  # 推进“X羊”品牌建设: a brand is a product, not a scheme
        first = cut(after[:4])[0] if after else ""
        if (
            not inner.endswith(rules.schemes)
            and not before.endswith(rules.triggers)
            and tag(first) == "n"
            and not first.startswith(rules.schemes + rules.followers)
        ):
            continue  # 关爱“三留守”人员: the quoted words describe the noun after them
        wordy = len(_CJK.findall(inner)) >= len(inner) * 0.6
        if "+" in inner and wordy:
            continue  # “基本医保+大病保险+…”, “村集体经济组织+贫困户+…”: a list of parts
        if not wordy and not before.endswith(rules.triggers):
            continue  # 构建了“8+192”入户体系, but 推行“1+2+N”产业扶贫模式
        stem = inner
        for scheme in rules.schemes:
            if len(scheme) > 1:  # 特惠|贷 is a loan's whole name
                stem = stem.removesuffix(scheme)
        if len(stem) < 3 and not any(c in _NUMERALS for c in stem):
            continue  # “头号工程”, “民心工程”: a slogan, not the name of a scheme
        canonical = inner
        joined = next((w for w in rules.joined if after.startswith(w)), "")
        if joined and not inner.endswith(joined):
            canonical = inner + joined  # “双百万”工程 -> 双百万工程, “三变”改革 -> 三变改革
        out.append((m.start(1), m.end(1), inner, canonical))
    return out


def _organizations(text: str, taken: list[tuple[int, int]]
                   ) -> list[tuple[int, int, str, bool]]:
    """(start, end, name, weak): weak names have no word of their own (see aliases)."""
    rules = term_rules()
    lexicon = load_lexicon()
    out: list[tuple[int, int, str, bool]] = []
    for m in rules.org_suffixes.finditer(text):
        suffix = m.group()
        if out and m.start() < out[-1][1]:
            continue
        if len(suffix) == 1 and is_word(text[m.start() - 1 : m.end()]):
            continue  # 格局, 大局, 工厂: the ending makes a common word
        if false_ending(text, m.start(), suffix, rules.org_false):
            continue  # 人社部门, 中小学: the ending starts another word or ends one
        # X（深圳）有限公司: a bracketed place before the ending belongs to the name
        bracket = _BRACKET.search(text, 0, m.start())
        inner = bracket.group() if bracket else ""
        window = _left_window(text, m.start() - len(inner), _ORG_WINDOW, rules.org_stop_chars)
        tokens = cut_places(window)
        verbs = [i for i, t in enumerate(tokens) if tag(t) in _BAD_HEAD_TAGS | {"vn"}]
        # 百度金融联合|央视财经频道: the name starts after the last verb that leaves a
        # name of its own; 甘肃蓝天马铃薯产业发展有限公司 keeps its 发展
        for v in reversed(verbs):
            if any(is_proper(t) or t in rules.org_heads for t in tokens[v + 1 :]):
                tokens = tokens[v + 1 :]
                break
        said = [
            i
            for i, t in enumerate(tokens)
            if t in rules.org_sentence_words
            or (tag(t) in ("m", "mq") and any(c in _NUMERALS for c in t))
        ]
        if said:  # 称多县大力推进|生态畜牧业合作社, 两家|中心医院: the words before are a sentence
            tokens = tokens[said[-1] + 1 :]
        while tokens and tag(tokens[0]) in _BAD_HEAD_TAGS | {"vn"}:
            tokens = tokens[1:]  # 建设郧阳区…: a leading verb is not part of the name
        if tokens and (tokens[0] in LEVEL_WORDS or level_then_word(tokens[0])):
            continue  # 县农牧局, 市卫健委, 县人|社局: a body of "the county", not a name
        tokens = _bracketed_head(text, m.start() - len(inner) - len("".join(tokens)), tokens,
                                 rules.org_stop_chars)
        name = "".join(tokens)
        if len(name) < rules.org_min[suffix]:
            continue
        if suffix in rules.org_named and not names_a_body(tokens[-1]):
            continue  # 安全网, “低架网床”: a common noun or an unknown run before 网
        # 农民专业合作社, 保险公司, 制衣厂: no name of its own; kept as a weak candidate,
        # a short form only if the article names a body it abbreviates (苗汉子|合作社)
        known_body = (suffix in rules.org_known and not said
                      and tag(name + inner + suffix) in _BODY_TAGS)
        weak = bool(tokens) and not known_body and not any(
            t in rules.org_heads
            or (is_proper(t) and t not in rules.org_generic and t not in lexicon)
            for t in tokens
        )  # 光明日报社, a paper jieba knows by that name, has a name of its own
        start = m.start() - len(inner) - len(name)
        if _overlaps(start, m.end(), taken) or (inner and not name) or (weak and not name):
            continue
        if out and out[-1][0] < start < out[-1][1]:
            # X保险股份有限公司|甘肃省分公司: the branch's name starts inside the body's
            first = out.pop()
            start, weak = first[0], first[3] and weak
            out.append((start, m.end(), text[start : m.end()], weak))
            continue
        out.append((start, m.end(), name + inner + suffix, weak))
    # 团结中心|卫生院, 农业银行|甘南分行: a name that ends in one ending and goes on
    # to another is one organisation, the longer
    return [o for o in out if not any(p != o and p[0] <= o[0] and o[1] <= p[1] for p in out)]


def _known_program(name: str) -> str:
    """The lexicon's name for a shaped one (光伏发电扶贫 → 光伏扶贫), else the name itself."""
    term = load_lexicon().get(name)
    return term.canonical if term is not None and term.kind == "Program" else name


def _bracketed_head(text: str, start: int, tokens: list[str], stop: frozenset[str]
                    ) -> list[str]:
    """碧桂园（广州）|农业科技有限公司: the brand before a bracketed place starts the name."""
    bracket = _BRACKET.search(text, 0, start)
    if not bracket or not tokens or not is_place(bracket.group()[1:-1]):
        return tokens  # 村（社区）服务站: not a place in brackets
    head = cut_places(_left_window(text, bracket.start(), _ORG_WINDOW, stop))
    while head and tag(head[0]) in _BAD_HEAD_TAGS | {"vn"}:
        head = head[1:]
    return [*head, bracket.group(), *tokens] if head else tokens


def find_terms(text: str, sentence: int, offset: int) -> list[Mention]:
    """Programme, industry and organisation mentions of one sentence."""
    mentions: list[Mention] = []
    # names by shape that hold a lexicon word: the whole name wins
    # (“生猪仓单贷” is a loan, not pigs; 京蒙对口帮扶 is more than 对口帮扶)
    shaped = [(s, e, surface, surface) for s, e, surface in _partnered_programs(text)]
    shaped += [q for q in _quoted_schemes(text, []) if q[2] not in load_lexicon()]
    taken: list[tuple[int, int]] = [(s, e) for s, e, _, _ in shaped]
    for start, end, surface, term in _lexicon_hits(text):
        if _overlaps(start, end, taken):
            continue
        mentions.append(
            Mention(sentence, offset + start, offset + end, surface, term.kind, term.canonical)
        )
        taken.append((start, end))
    for start, end, label in developed_sectors(text, taken):
        mentions.append(Mention(sentence, offset + start, offset + end, label, "Industry", label))
        taken.append((start, end))
    for start, end, surface in _fupin_programs(text, taken):
        shaped.append((start, end, surface, surface))
        taken.append((start, end))
    for start, end, surface, canonical in shaped:
        mentions.append(
            Mention(sentence, offset + start, offset + end, surface, "Program",
                    _known_program(canonical), source="shape")
        )
    for start, end, surface, weak in _organizations(text, []):
        # an organisation swallows the lexicon words inside its name (德康公司)
        if not weak:
            mentions = [
                m for m in mentions if not (start <= m.start - offset and m.end - offset <= end)
            ]
        mentions.append(Mention(sentence, offset + start, offset + end, surface, "Organization",
                                surface, source="weak" if weak else "text"))
    mentions = coordinated_industries(text, mentions, sentence, offset)
    mentions = headed_industries(text, mentions, sentence, offset)
    mentions.sort(key=lambda m: m.start)
    return with_industry_evidence(text, mentions, offset)
