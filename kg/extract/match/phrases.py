"""The phrases around a figure that say what it counts (used by :mod:`kg.extract.statistics`).

A noun phrase after a count, the phrase before a number, the money noun or
the purpose after a sum, what a people count got or became.  jieba's tags
decide where a noun phrase ends; the word tables are ``indicator_rules.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from kg.extract.match.figures import Figure, figure_rules
from kg.extract.match.grammar import CJK, CN_NUMERAL, LIST_JOINS
from kg.resources import read_table
from kg.resources.lexicon import load_lexicon
from kg.resources.segment import cut, is_word, tag

_QUOTES = "“”‘’\"'《》"
PHRASE_MAX = 14
BEFORE_MAX = 20  # characters read back from a number: its phrase has at most 4 words


@dataclass(frozen=True)
class StatRules:
    words: dict[str, tuple[str, ...]]

    def __getattr__(self, kind: str) -> tuple[str, ...]:
        try:
            return self.words[kind]
        except KeyError:
            raise AttributeError(kind) from None


@cache
def stat_rules() -> StatRules:
    rows = read_table("indicator_rules.tsv", 2)
    return StatRules({row[0]: tuple(row[1].split()) for row in rows})


def _tags(tokens: list[str]) -> list[str]:
    return [tag(t) or "x" for t in tokens]


def cjk_run(text: str, pos: int, limit: int, stops: tuple[str, ...] = ()) -> int:
    end = pos
    while end < len(text) and end - pos < limit:
        if not (CJK.match(text[end]) or text[end] in _QUOTES) or (
            stops and text.startswith(stops, end)
        ):
            break
        end += 1
    return end


def phrase_after(text: str, pos: int, rules: StatRules, thing: bool, places: list[int],
                 people: bool = False) -> str:
    """The counted noun right after a number: 7129名|贫困人口、 / 20多名|需要长期服药的老人。

    ``thing``: the unit counts things (个, 处, 座), which are always named
    after it, so a phrase jieba tags as verbs (67个|集中安置点) still is one.
    A region named after the number ends the phrase (9家卫生院|对兴和县…).
    """
    end = cjk_run(text, pos, PHRASE_MAX, rules.stop)
    end = min([end] + [p for p in places if pos < p < end])
    tokens = [t for t in cut(text[pos:end]) if t not in _QUOTES] if end > pos else []
    tags = _tags(tokens)
    kept: list[str] = []
    seen_noun = False
    for k, (token, pos_tag) in enumerate(zip(tokens, tags)):
        if token == "的":
            if not kept or "".join(kept).endswith(rules.people):
                break  # 6917人的健康体检任务, 2000贫困人口的医疗: the count is of the owner
            kept.append(token)
            seen_noun = False  # 需要长期服药的|老人: the head follows 的
            continue
        if seen_noun and token in rules.noun_suffix:
            kept.append(token)  # 8次区政府常务|会: a noun's last character jieba calls a verb
            continue
        if seen_noun and (pos_tag == "s" or token in rules.after_verb):
            break  # 5000名弱劳力|家门口就业, 30名区领导|定点包干: the clause goes on
        verb = pos_tag[0] in "vdpcu" and pos_tag != "vn" or token in rules.lead
        if seen_noun and verb and not (k + 1 < len(tokens) and tags[k + 1][0] == "n"
                                       and pos_tag[0] == "v" and len(token) > 1
                                       and token not in rules.stop
                                       and token not in rules.lead):
            break  # 贫困人口|免费缴纳: the verb after the noun ends it (not 建档立卡|学生)
        kept.append(token)
        seen_noun = seen_noun or pos_tag[0] in "njx" or pos_tag == "vn"
    if "的" in kept and ((tag(kept[-1]) or "x")[0] == "f" or kept[-1][-1] in rules.locality):
        kept = kept[: len(kept) - 1 - kept[::-1].index("的")]  # 两类对象|的基础上
        seen_noun = any((tag(t) or "x")[0] in "njx" or tag(t) == "vn" for t in kept)  # …|的带领下
    while kept and kept[-1] == "的":
        kept.pop()
    for k in range(1, len(kept) if people else 0):
        head = "".join(kept[:k])
        if len(head) > 1 and head.endswith(("户",) + rules.people) and kept[k] != "的":
            kept = kept[:k]  # 1052户边缘户|生产生活情况稳定, 465户建档立卡贫困户|住房保障
            break
    phrase = "".join(kept)
    if len(phrase) > 2 and phrase[-1] in rules.inside:
        phrase = phrase[:-1]  # 282户易地扶贫搬迁户|中
    return phrase if seen_noun or (thing and phrase) else ""


def phrase_before(text: str, pos: int, rules: StatRules, places: frozenset[str],
                  people_count: bool = False, rate: bool = False) -> str:
    """What a number before which it stands counts: 投入帮扶资金|2580余万元, 完工率|88.24%."""
    start = pos
    while start > max(0, pos - BEFORE_MAX) and (CJK.match(text[start - 1])
                                                  or text[start - 1].isdigit()):
        start -= 1
    for place in _longest_first(places):
        cut_at = text.rfind(place, start, pos)
        if cut_at != -1:
            start = cut_at + len(place)  # 雷山县|贫困发生率: the region is not what is counted
    tokens = [t for t in cut(text[start:pos]) if t]
    if tokens and len(tokens[-1]) > 1 and tokens[-1][-1] in rules.skip and not is_word(tokens[-1]):
        # 种桑养蚕|户有: a word jieba's HMM made across the number's verb is cut before it
        tokens[-1:] = [tokens[-1][:-1], tokens[-1][-1]]
    joined = False
    while tokens and (
        tokens[-1] in rules.skip or tokens[-1] in rules.stop or any(c.isdigit() for c in tokens[-1])
    ):
        joined = joined or tokens[-1] in LIST_JOINS
        tokens.pop()  # 收入|从2014年的|7038元
    tags = _tags(tokens)
    lexicon = load_lexicon()
    units = figure_rules().units
    kept: list[str] = []
    for k in range(len(tokens) - 1, -1, -1):
        token, pos_tag = tokens[k], tags[k]
        counted = (token in units or token[0] in units or token[0] in "万亿") and k and (
            tokens[k - 1][-1].isdigit() or tokens[k - 1][-1] in CN_NUMERAL)
        per_time = token in rules.per_time and kept and k and not (
            any(c.isdigit() for c in tokens[k - 1]) or tokens[k - 1] in rules.drop)
        if per_time:
            kept.insert(0, token)  # 人均|年|增收, 年|出栏: a year's, not a year
            continue
        if (token in rules.drop or token in rules.skip or counted
                or any(c.isdigit() for c in token)):
            if joined and counted:
                return ""  # 1449处集中供水工程和|317处: the noun of the figure before
            if kept and len(kept[0]) == 1 and any(c.isdigit() for c in token):
                kept = kept[1:]  # 380伏|线路: a measure of the number before
            break  # 5个|乡镇: the unit of a figure before is not part of the phrase
        verb = pos_tag[0] in "vdpcu" and pos_tag != "vn"
        lead = token in rules.lead and not rate  # a rate is named with its verb: 带动|比例
        split = len(token) == 1 and len(kept[0]) == 1 if kept else False  # 出|列|贫困村
        measure = len(kept) == 1 and kept[0] in rules.measure  # 种植|面积: the activity's measure
        if (kept and len("".join(kept)) > 1 and (lead or verb and len(kept) >= 2) and not split
                and not measure):
            # 筹集|资金, 组织|文艺汇演活动: the verb before the noun is not counted, but a
            # programme named just before it is (春季雨露计划|扶贫助学补助)
            at = next((j for j in range(max(0, k - 2), k + 1)
                       if tokens[j] in lexicon and lexicon[tokens[j]].kind == "Program"), -1)
            if at != -1:
                kept[:0] = tokens[at : k + 1]  # 易地扶贫搬迁|安置|点建设项目: all of it
            elif token in rules.work:
                kept.append(token)  # 改造|农村危房 → 农村危房改造: the work is what is counted
            break
        kept.insert(0, token)
        if len(kept) >= 4:
            break
    return _well_formed(kept, rules, units, people_count)


#: tags a phrase before a number never ends with (才要|92公斤, 如今有了|10多头 …), nor starts
_BAD_LAST = ("d", "p", "c", "u", "r", "m", "t", "f", "zg")
_BAD_FIRST = ("m", "u")


@lru_cache(maxsize=1024)
def _longest_first(places: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(places, key=len, reverse=True))


def _well_formed(kept: list[str], rules: StatRules, units, people_count: bool) -> str:
    """The phrase, if it can name what is counted: a word of two characters at least, not
    opening with a unit, a numeral, a time word or a pronoun (个村, 一只羊…, 如今…), not
    ending with an adverb, preposition or particle (…才要, 平均每公斤按)."""
    while kept and (kept[0][0] == "个" or (tag(kept[0]) or "x")[0] in "pctfr"
                    and len(kept) > 1 and len(kept[1]) > 1):  # 按|最低标准, not 因|病致贫
        kept = kept[1:]  # 个|村, 按|最低标准, 秋季|雨露计划补助
    while kept and kept[-1] in rules.skip:
        kept = kept[:-1]
    if "等" in kept[:-1]:
        kept = kept[len(kept) - kept[::-1].index("等"):]  # 猕猴桃、茶叶等|特色产业: the whole
    while len(kept) > 1 and kept[0] in rules.stop:
        kept = kept[1:]  # 蜂蜜等|农特产品金额: a list's 等 (和, 及) opens no phrase
    phrase = "".join(kept)
    phrase = phrase[:-1] if len(phrase) > 2 and phrase[-1] in rules.link_end else phrase  # 认定率为
    if len(phrase) < 2:
        return ""
    last, first = tag(kept[-1]) or "x", tag(kept[0]) or "x"
    if len(kept) > 1 and kept[-1] in rules.nominal_end:
        last = "n"  # 安置|点: jieba tags the 点 a numeral
    if last.startswith(_BAD_LAST) or first.startswith(_BAD_FIRST):
        return ""
    nouns = any((tag(t) or "x")[0] in "njxl" or tag(t) == "vn" for t in kept) or phrase.endswith(
        rules.nominal_end + rules.money)  # 完工|率, 安置|点, 共|分红: jieba tags them as verbs
    if not people_count and (not nouns or first[0] == "d"):
        return ""  # 减去|276元, 才要|92公斤, 能赚|700元: no noun names what is counted
    if people_count and len(kept) == 1 and last[0] == "v" and phrase not in rules.status:
        return ""  # 解决了|2.3万人的…: a verb alone, unless it is what the people did (脱贫)
    return phrase


def money_after(text: str, pos: int, rules: StatRules) -> str:
    """争取到40多万元|修路资金, 下达了800万元的|产业发展奖补资金."""
    begin = pos + 1 if text.startswith("的", pos) else pos
    window = text[begin : cjk_run(text, begin, PHRASE_MAX)]
    ends = [window.find(w) + len(w) for w in rules.money if w in window]
    if not ends:
        return ""
    end = min(ends)
    while more := next((w for w in rules.money if window.startswith(w, end)), ""):
        end += len(more)  # 奖补|资金
    phrase = window[:end]
    if phrase.startswith(rules.purpose) and phrase not in rules.money:
        return ""  # 5000万元|补助…: a verb, not a name of money
    return phrase


def purpose(text: str, pos: int, rules: StatRules) -> str:
    """投入X万元用于村道硬化 → 村道硬化资金; 投入5000万元解决…安全饮水问题 → 安全饮水资金."""
    verb = next((v for v in sorted(rules.purpose, key=len, reverse=True)
                 if text.startswith(v, pos)), "")
    if not verb:
        return ""
    start = pos + len(verb)
    obj = text[start : cjk_run(text, start, PHRASE_MAX, rules.purpose_stop)]
    obj = next((obj[: -len(w)] for w in rules.purpose_end if obj.endswith(w)), obj)
    kept: list[str] = []
    for token in reversed(cut(obj)):
        if token == "的" or len("".join(kept)) >= 4:
            break
        kept.insert(0, token)
    phrase = "".join(kept)
    return phrase + "资金" if len(phrase) >= 2 else ""


def share_of_people(text: str, fig: Figure, rules: StatRules, places: list[int]) -> str:
    """近20%的贫困人口是因病致贫 → 因病致贫的贫困人口占比; 80%的人群因病返贫 → …."""
    if not text.startswith("的", fig.end):
        return ""
    window = text[fig.end + 1 : cjk_run(text, fig.end + 1, PHRASE_MAX)]
    found = sorted((window.find(w), -len(w)) for w in rules.people if w in window)
    noun = (window[: found[0][0] - found[0][1]] if found
            else phrase_after(text, fig.end + 1, rules, False, places))
    if not noun.endswith(rules.people + rules.share_whole):
        return ""  # 97.35%的成绩: not a share of people
    rest = fig.end + 1 + len(noun)
    rest += 1 if text[rest : rest + 1] in rules.copula else 0
    while adverb := next((w for w in rules.adverb if text.startswith(w, rest)), ""):
        rest += len(adverb)
    pred = text[rest:cjk_run(text, rest, 10, ("的",))]
    return f"{pred}的{noun}占比" if len(pred) >= 2 else f"{noun}占比"


def after_people(text: str, end: int, noun: str, rules: StatRules) -> str:
    """What follows a people count: its state, what it got, the role it took."""
    pos = end + len(noun)
    for word in sorted(rules.role, key=len, reverse=True):
        if text.startswith(word, pos):
            start = pos + len(word)
            start += text.startswith("了", start)  # 当上了|护林员: the verb's aspect, not the role
            role = text[start : cjk_run(text, start, 12, rules.stop)]
            return role if len(role) >= 2 else ""
    run = text[pos : cjk_run(text, pos, PHRASE_MAX)]
    for word in sorted(rules.benefit, key=len, reverse=True):
        at = run.find(word)
        if at != -1 and (at == 0 or run[at - 1] == "的" or "的" in run[:at]):
            # 1300名因病致贫的贫困村民|享受了免费体检
            start = pos + at + len(word)
            obj = text[start : cjk_run(text, start, 12, rules.stop + ("的", "、"))]
            return word.rstrip("了") + obj if len(obj) >= 2 else ""
    if not noun:
        for word in sorted(rules.status, key=len, reverse=True):
            if text.startswith(word, pos):
                return word
    return ""


