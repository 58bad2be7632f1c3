"""Statistics: figures (:mod:`kg.extract.match.figures`) with what they count, where and when.

The indicator is the phrase that says what is counted, as worded:

* the counted noun phrase after a count (``20多名需要长期服药的老人``), or its
  state (``尚有1380户4120人未脱贫`` → 未脱贫户, 未脱贫人口), what the people got
  (``1300人享受了免费体检``) or the role they took (``担任生态护林员``);
* for money, the phrase before it when it names money (``投入帮扶资金2580余万元``),
  else the money noun after it (``争取到40多万元修路资金``, ``下达800万元的…奖补资金``)
  or its purpose (``投入X万元用于Y``);
* the phrase before the number otherwise (``组织文艺汇演活动80场``, ``完工率88.24%``);
* for changes, shares and growth, the indicator of the figure before
  (``从2013年的31.6%降至2018年的0.8%``, ``占比35.64%``, ``同比增长29.6%``), a share
  of a whole (``教育支出占一般公共预算的18%``), a share of people (``近20%的贫困人口
  是因病致贫``).

The region and the year come from :mod:`kg.extract.match.discourse`; the word tables are
``indicator_rules.tsv``; the concept an indicator falls under is looked up in
``indicators.ttl`` (:mod:`kg.resources.indicators`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.match.discourse import Discourse, year_for
from kg.extract.match.figures import Figure, figure_rules, find_figures, parse_number
from kg.extract.match.focus import scope_pattern
from kg.extract.match.grammar import (
    CJK,
    CLAUSE_BREAK,
    COMPARISON,
    FIGURE_START,
    YEAR_NUMBER,
    clause_start,
)
from kg.extract.match.persons import personal_figure
from kg.extract.match.phrases import (
    StatRules,
    after_people,
    cjk_run,
    money_after,
    phrase_after,
    purpose,
    share_of_people,
    stat_rules,
)
from kg.extract.match.phrases import (
    phrase_before as _phrase_before,
)
from kg.extract.match.respective import respective_regions
from kg.model import Doc, Sentence, Statistic
from kg.resources.indicators import concept_for
from kg.resources.lexicon import load_lexicon
from kg.resources.segment import cut, tag

__all__ = ["extract_statistics", "parse_number"]

_SHARE_MAX = 8
_PER_ONE = re.compile(r"(?<![\d.年])(?:1|一)([\u4e00-\u9fff]{2,8})$")  # not 去年|一年
_BASE = re.compile(rf"[{COMPARISON}](?:{YEAR_NUMBER}年|去年|上年)(?:同期)?(?:相比)?")
#: the base figure of a comparison: 比2019年的|55955人, 较上年的|3.2万户 (group: its year)
_BASE_FIGURE = re.compile(rf"[{COMPARISON}](?:({YEAR_NUMBER})年|去年|上年)(?:同期)?的$")
_YEARS = re.compile(rf"(?:{YEAR_NUMBER}年(?:底|末)?|今年|去年|前年)(?:的)?"
                    r"|\d{1,2}(?:[至到—-]\d{1,2})?月(?:份)?(?:底|末|初)?(?:以来)?")  # 1至6月


def _chains(text: str, figures: list[Figure], rules: StatRules) -> list[list[Figure]]:
    """Adjacent numbers counting one thing: 2402户|7129名贫困人口."""
    chains: list[list[Figure]] = []
    for f in figures:
        if not chains:
            chains.append([f])
            continue
        gap, unit = text[chains[-1][-1].end : f.start], chains[-1][-1].unit
        households = gap == "、" and unit == "户" and f.unit == "人"
        heads = len(gap) == 1 and unit == f.unit == "个" and gap in rules.head
        people = f.unit in ("人", "人次") or not f.unit and unit == "户"  # 27.1万户83.3万贫困人口
        if gap == "" and people or households or heads:
            chains[-1].append(f)
        else:
            chains.append([f])
    return chains


def _lead(text: str, clause: int, pos: int) -> str:
    """The words a clause opens with before its figure, without years and comparison bases."""
    return _YEARS.sub("", _BASE.sub("", text[clause:pos]))


def _indicator(text: str, chain: list[Figure], rules: StatRules, places: frozenset[str],
               place_starts: list[int], previous: str, previous_end: int, before_pos: int) -> str:
    first, last = chain[0], chain[-1]

    memo: dict[tuple, str] = {}

    def phrase_before(text, pos, rules, places, people=False, rate=False) -> str:
        if (pos, people, rate) not in memo:
            before = _phrase_before(text, pos, rules, places, people, rate)
            if previous and before.startswith(previous) and text[previous_end:pos] == before:
                before = before[len(previous):]  # 1.5万户贫困户|户均增收3000元: the noun before
            memo[pos, people, rate] = before
        return memo[pos, people, rate]

    clause = clause_start(text, first.start)
    if previous and _BASE_FIGURE.search(text, clause, first.start):
        return previous  # 共转移就业57317人，比2019年的|55955人增加了2%: the same, a base year
    since = max(clause, previous_end) if previous_end > clause else clause
    lead = _lead(text, since, before_pos)
    if previous and previous_end > clause and any(v in lead for v in rules.change):
        return previous  # 从2013年的31.6%|降至2018年的0.8%: the same thing, later
    again = lead.lstrip("".join(rules.again)) in rules.lead and lead[:1] in rules.again
    changed = (lead.endswith(tuple(rules.change)) or again) and len(lead) <= 4
    if previous and previous_end <= clause and changed and not phrase_after(
        text, last.end, rules, True, place_starts
    ):
        return previous  # 从最初的300多只，|发展到2017年底的10000多只
    kind = last.kind
    money, rate = kind == "money", kind == "rate"
    if rate:
        if text[clause : first.start].find(rules.share[0]) != -1:
            at = text.index(rules.share[0], clause)
            whole = re.sub(r"(?:的|之)?(?:比重|比例)?(?:为|达到|达|约)?$", "",
                           _YEARS.sub("", text[at + 1 : first.start]))  # 占2020年|项目库的
            part = phrase_before(text, at, rules, places) or previous
            if part and whole and all(CJK.match(c) for c in whole) and len(whole) <= 12:
                return f"{part}占{whole}"
        if share := share_of_people(text, last, rules, place_starts):
            return share
        grown = lead.rstrip("了")
        if previous and grown.endswith(tuple(rules.growth)) and len(grown) <= _SHARE_MAX:
            return previous + next(g for g in sorted(rules.growth, key=len, reverse=True)
                                   if grown.endswith(g))
        done = text[last.end : cjk_run(text, last.end, 4, rules.stop + ("的",))]
        verb = done and (tag(cut(done)[0]) or "x").startswith("v")
        if verb and (before := phrase_before(text, before_pos, rules, places)):
            return before + done  # 适龄儿童少年100%入学
    if money:
        before = phrase_before(text, before_pos, rules, places)
        if before.endswith(rules.money) and before not in rules.lead:
            return before  # 投入帮扶资金|2580余万元 (but 投入|5000多万元解决…: a verb)
        after = money_after(text, last.end, rules) or purpose(text, last.end, rules)
        if after:
            return after
        if clause and lead in rules.total:  # …的利润分红，|一共48万多元: the sum's name before
            earlier = phrase_before(text, clause - 1, rules, places)
            if earlier.endswith(rules.money):
                return earlier
    elif not rate:
        head = text[last.end : last.end + 1]
        split = head in rules.head and cut(text[last.end : last.end + 4])[0] == head and not (
            text.startswith(rules.head_compound, last.end + 1))  # 两个村小组
        if last.unit == "个" and split:
            # 定点攻坚的4个镇10个村: the unit's noun, with the modifier (X的) before the chain
            return _modifier(text, before_pos, rules, places) + text[last.end]
        copula = text.startswith(rules.copula, last.end) and phrase_after(
            text, last.end + 1, rules, True, place_starts)
        if copula:
            return copula  # 其中5个是深度贫困县
        thing = last.unit not in ("人", "户", "人次", "") and kind == "count"
        after = phrase_after(text, last.end, rules, thing, place_starts,
                             last.unit in ("人", "户", "人次"))
        if last.unit == "人" and "的" in after and not after.endswith(rules.people):
            return ""  # 容纳100多人|就餐的特色餐厅: not what the people are
        of_whom = after.startswith("中") and cut(after)[0] == "中"
        if after and FIGURE_START.match(text, last.end + len(after)) or of_whom:
            after = ""  # 户贷量215户|贷款878.5万元: the next figure's; 35133人|中…: of whom
        if after and last.unit in ("人", "人次") and (mod := _modifier(text, before_pos, rules,
                                                                      places)):
            after = f"{mod}的{after}"  # 因病致贫的|6917名疾病人群
        if last.unit in ("人", "户", "人次") or after.endswith(rules.people):
            got = after_people(text, last.end, after, rules)
            if got in rules.status:
                before = phrase_before(text, before_pos, rules, places, True)
                if before and not before.endswith(tuple(rules.change)):
                    return before + got  # 贫困户约180人就业: 贫困户就业
                return got + ("户" if last.unit == "户" else "人口")  # 4120人未脱贫
            after = got or after
        if after:
            return after
    people = last.unit in ("人", "人次", "户")
    if before := phrase_before(text, before_pos, rules, places, people, rate):
        if last.unit == "户" and not before.endswith("户") and text.endswith(
                f"中有{before}", 0, before_pos):
            return f"有{before}户"  # 搬迁户中有劳动力|205户: the households that have it
        grown = lead.rstrip("了")
        growth = next((g for g in sorted(rules.growth, key=len, reverse=True)
                       if grown.endswith(g)), "")
        if growth and not before.endswith(growth) and len(grown) <= _SHARE_MAX + len(before):
            return before + growth  # 比去年外出务工增加364人, 承载数量减少了50%
        return before
    share = lead.endswith(rules.share_word) or lead.rstrip("了") in rules.growth
    if previous and share and len(lead) <= _SHARE_MAX and all(CJK.match(c) for c in lead):
        return previous + lead  # 占比35.64%
    if people and last.unit != "人次" and lead.endswith(rules.whole) and not any(
            w in lead for w in rules.drop_subset):
        return "总人口"  # 全村有|286户1260人: the region's households and people
    return ""


def _not_a_statistic(text: str, fig: Figure, heading: bool, rules: StatRules) -> bool:
    """A slogan in a heading (四项重点工作), a hypothesis (如果体重不超过35公斤, 按1公斤
    20元计算), a threshold (5户以上集中供水工程), a family's or a person's own figures
    (自家养了5头牛, 62岁的X做过两次手术, 他…小超市有了100多种日用品)."""
    chinese = not fig.numeral[:1].isdigit()
    if chinese and (heading or text.count("“", 0, fig.start) > text.count("”", 0, fig.start)):
        return True  # a heading's or a slogan's numeral: 四项重点工作, “最后一公里”
    clause = clause_start(text, fig.start)
    before = text[clause : fig.start]
    if fig.qualifier.endswith(("以上", "以下")) and CJK.match(text[fig.end : fig.end + 1]):
        return True  # 317处5户以上|相对集中供水工程: a threshold of what follows
    end = CLAUSE_BREAK.search(text, fig.end)
    reckoned = "按" in before and "计算" in text[fig.end : end.start() if end else len(text)]
    per_one = fig.value == 1 and fig.kind in ("weight", "area", "length", "volume")
    reckoned = reckoned or any(w in before for w in rules.reckoning)
    opening = text.lstrip("“　 ")
    own = (opening.startswith(rules.pronoun) and not opening.startswith(rules.pronoun_plural)
           and not opening.startswith(rules.speech, 1)  # 她说，厂里…: what she reports
           and not scope_pattern().search(text, 0, fig.start))  # 他通过…有了100多种日用品
    own = own or personal_figure(text, fig.start, rules.person_role)  # 村民李某家|三间瓦房
    return (reckoned or per_one or own or any(w in text[: fig.start] for w in rules.conditional)
            or any(w in text[: fig.start] for w in rules.personal))  # 1公斤羊肉20元: a price


def _modifier(text: str, pos: int, rules: StatRules, places: frozenset[str]) -> str:
    """X of ``X的<figure>`` (定点攻坚的|10个村), unless X is counted itself (5个乡镇的|32个点)."""
    if not text.endswith("的", 0, pos):
        return ""
    modifier = _phrase_before(text, pos - 1, rules, places)
    before = text[pos - 2 - len(modifier) : pos - 1 - len(modifier)]
    if len(modifier) < 2 or before.isdigit() or before in figure_rules().units:
        return ""
    return modifier


@lru_cache(maxsize=4096)
def _canonical_terms(indicator: str) -> str:
    """Write programme abbreviations in full: 易迁户 -> 易地扶贫搬迁户."""
    lexicon = load_lexicon()
    for size in range(min(len(indicator), 8), 1, -1):
        for start in range(len(indicator) - size + 1):
            term = lexicon.get(indicator[start : start + size])
            if (term is not None and term.kind == "Program" and term.canonical not in indicator
                    and len(term.canonical) > size):  # only abbreviations are written out
                return indicator[:start] + term.canonical + indicator[start + size :]
    return indicator


def _household(indicator: str, rules: StatRules) -> str:
    """A household count of a people noun: 贫困人口 → 贫困户; a total's (户籍总人口) → 总户数."""
    for word in rules.person:
        if indicator.endswith(word) and len(indicator) > len(word):
            stem = indicator[: -len(word)]
            return stem + ("户数" if stem.endswith("总") else "户")
    return indicator


def _per_before(text: str, pos: int) -> tuple[int, str]:
    """均价每公斤|6元: the figure is a price per 公斤."""
    for word in figure_rules().words["per"]:
        if text.endswith("每" + word, 0, pos):
            return pos - len(word) - 1, word
    one = _PER_ONE.search(text, 0, pos)
    if one and one.end() == pos:
        word = next((w for w in figure_rules().words["per"] if one.group(1).startswith(w)), "")
        if word:
            return pos, word  # 1公斤羊肉|五六十元: a price per 公斤
    return pos, ""


def article_year(doc: Doc) -> int | None:
    return int(doc.date[:4]) if doc.date[:4].isdigit() else None


def extract_statistics(doc: Doc) -> Doc:
    rules = stat_rules()
    disc = Discourse.of(doc, article_year(doc))
    stats: list[Statistic] = []
    for sentence in doc.sentences:
        text = sentence.text
        figures = find_figures(text)
        if not figures:
            continue
        mentions = [doc.mentions[i] for i in disc.regions.get(sentence.index, [])]
        places = frozenset(m.surface for m in mentions)
        place_starts = [m.start - sentence.start for m in mentions]
        previous, previous_end = "", -1
        starts = [f.start for f in figures]
        shared = respective_regions(text, sentence.start, figures, [
            (doc.mentions[i], doc.mention_entity[i]) for i in disc.regions.get(sentence.index, [])
        ], rules)
        for chain in _chains(text, figures, rules):
            if _not_a_statistic(text, chain[0], sentence.heading, rules):
                continue
            start, qualifier = chain[0].start, chain[0].qualifier
            if qualifier and text.endswith(qualifier, 0, start):
                start -= len(qualifier)  # 专项资金|不少于1亿元: the qualifier is no part of it
            cut_at, per = _per_before(text, start)
            indicator = _indicator(text, chain, rules, places, place_starts, previous,
                                   previous_end, cut_at)
            if not indicator and chain[0].start in shared:
                indicator = previous  # A镇和B镇分别新建扶贫车间5个和|3个
            if not indicator:
                continue
            previous = indicator = _canonical_terms(indicator)
            if indicator in rules.personal:
                continue  # 4个子女: a family's
            previous_end = chain[-1].end
            region = shared.get(chain[0].start) or disc.region_for(sentence, chain[0].start)
            if region is None:
                continue
            for k, fig in enumerate(chain):
                households = any(c.unit == "户" for c in chain[:k])
                own = indicator
                head = text[fig.end : fig.end + 1]
                if fig is not chain[-1] and head in rules.head and indicator.endswith(rules.head):
                    own = indicator[:-1] + head  # 4个镇|10个村: each counts its own noun
                stat = _statistic(doc, sentence, fig, own, region, disc.year, rules,
                                  households, per, chain[0].start, starts)
                if stat is not None:
                    stats.append(stat)
    doc.statistics = stats
    return doc


def _statistic(doc: Doc, sentence: Sentence, fig: Figure, indicator: str, region, article_year,
               rules: StatRules, households: bool, per: str, chain_start: int,
               starts: list[int]) -> Statistic | None:
    unit = fig.unit
    if not unit:
        if indicator.endswith("人次"):
            unit = "人次"
        elif indicator.endswith(rules.people):
            unit = "人"  # 83.3万贫困人口
        elif indicator.endswith("户"):
            unit = "户"
        else:
            return None
    size = next((w for w in rules.size if indicator.endswith(w) and len(indicator) > len(w)), "")
    term = load_lexicon().get(indicator)
    if (term is not None and term.kind == "Program" and unit in ("户", "人")
            and not indicator.endswith(rules.people + rules.agent_end)):
        indicator += "户" if unit == "户" else "人口"  # 易地扶贫搬迁1.2万户5.1万人: who it moved
    if size and unit in ("户", "人"):
        indicator = indicator[: -len(size)] + ("户" if unit == "户" else "人口")  # 搬迁总规模…户
    if unit == "户":
        indicator = _household(indicator, rules)
    elif unit == "人" and (word := next((w for w in rules.population if indicator.endswith(w)
                                          and len(indicator) > len(w)), "")):
        indicator = indicator[: -len(word)] + "人口"  # 2990名易迁群众: 易地扶贫搬迁人口
    elif unit == "人" and households and indicator.endswith("户") and len(indicator) > 2:
        indicator = indicator[:-1] + "人口"  # 贫困户136户533人: 533 is 贫困人口
    elif unit == "人" and households and indicator.endswith("户"):
        indicator += "人口"  # 农户326户1280人: 农户人口
    per = fig.per or per
    if per:
        unit = f"{unit}/{per}"
    base = _BASE_FIGURE.search(sentence.text, 0, chain_start)
    year = (int(base.group(1)) if base and base.group(1)
            else year_for(sentence.text, chain_start, article_year, starts))
    return Statistic(
        region,
        indicator,
        float(fig.value),
        unit,
        fig.surface,
        doc.evidence(sentence),
        year,
        sentence.start + fig.start,
        fig.qualifier,
        float(fig.upper) if fig.upper is not None else None,
        concept_for(indicator, unit),
    )
