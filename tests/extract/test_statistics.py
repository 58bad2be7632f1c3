"""Statistics: numbers with Chinese units and magnitudes, normalised; indicator, region, year.

Expected values follow CONTRACT.md and GUIDELINES.md: ``1.8亿元`` → 180000000 元,
``97.35%`` → 97.35 %, ``4.8万户`` → 48000 户, ``2402户7129名贫困人口`` → 2402 户 and 7129 人.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import label, run_until

from kg.extract.statistics import parse_number
from kg.model import Doc


def stats(text: str) -> Doc:
    doc = run_until(text, "statistics")
    for s in doc.statistics:
        assert doc.raw[s.evidence.start : s.evidence.end] == s.evidence.sentence
        assert s.surface in s.evidence.sentence
    return doc


def rows(doc: Doc) -> list[tuple[str, float, str]]:
    """(region label, value, unit) of each statistic, in order."""
    return [(label(doc, s.region), s.value, s.unit) for s in doc.statistics]


def find(doc: Doc, value: float, unit: str):
    found = [s for s in doc.statistics if s.value == value and s.unit == unit]
    assert len(found) == 1, f"one statistic {value} {unit} expected, got {rows(doc)}"
    return found[0]


@pytest.mark.parametrize(
    ("num", "magnitude", "expected"),
    [
        ("1.8", "亿", Decimal(180000000)),
        ("5000", "万", Decimal(50000000)),
        ("97.35", "", Decimal("97.35")),
        ("两", "", Decimal(2)),
        ("三千", "", Decimal(3000)),
        ("一万两千", "", Decimal(12000)),
        ("4.2", "万", Decimal(42000)),
    ],
)
def test_parse_number(num: str, magnitude: str, expected: Decimal) -> None:
    assert parse_number(num, magnitude) == expected


def test_yi_yuan_is_normalised_to_yuan() -> None:
    doc = stats("茅箭区筹集资金1.8亿元安置978户2990名易迁群众。")
    money = find(doc, 180000000, "元")
    assert label(doc, money.region) == "茅箭区"
    assert "资金" in money.indicator
    assert money.surface == "1.8亿元"
    assert find(doc, 978, "户")
    assert find(doc, 2990, "人")


def test_a_percentage() -> None:
    doc = stats("2019年底，郧阳区以“零漏评、零错退、群众认可度97.35%”的成绩通过验收。")
    rate = find(doc, 97.35, "%")
    assert "认可度" in rate.indicator
    assert label(doc, rate.region) == "郧阳区"
    assert rate.year == 2019


def test_households_and_people_counted_together() -> None:
    doc = stats("至2019年，茅箭区2402户7129名贫困人口全部出列。")
    households = find(doc, 2402, "户")
    people = find(doc, 7129, "人")
    assert "贫困人口" in people.indicator
    assert households.indicator.endswith("户") and "贫困" in households.indicator
    assert households.year == people.year == 2019
    assert label(doc, households.region) == label(doc, people.region) == "茅箭区"


def test_more_than_wan_yuan() -> None:
    doc = stats("据不完全统计，茅箭区累计投入5000多万元解决贫困人口安全饮水问题。")
    assert find(doc, 50000000, "元").surface == "5000多万元"


def test_a_chinese_numeral_count() -> None:
    doc = stats("大川镇有省级重点贫困村两个（唐家村、卡子村），省级深度贫困村1个（卡子村）。")
    two = find(doc, 2, "个")
    assert "贫困村" in two.indicator
    assert label(doc, two.region) == "大川镇"
    assert "深度贫困村" in find(doc, 1, "个").indicator


def test_wan_hu_and_bare_wan_before_a_noun() -> None:
    doc = stats("十堰市6.65万名党员干部结对帮扶27.1万户83.3万贫困人口。")
    assert "党员干部" in find(doc, 66500, "人").indicator
    assert find(doc, 271000, "户")
    assert "贫困人口" in find(doc, 833000, "人").indicator
    assert {label(doc, s.region) for s in doc.statistics} == {"十堰市"}


def test_statistics_of_another_province_with_year_and_region() -> None:
    doc = stats("截至2020年底，渭源县累计减少贫困人口8.6万人，81个贫困村全部出列。")
    people = find(doc, 86000, "人")
    villages = find(doc, 81, "个")
    assert "贫困人口" in people.indicator and "贫困村" in villages.indicator
    assert people.year == villages.year == 2020
    assert label(doc, people.region) == label(doc, villages.region) == "渭源县"


def test_each_clause_counts_for_the_region_it_starts_with() -> None:
    doc = stats("雷山县新建茶园1.2万亩，西江镇建成扶贫车间3个。")
    assert label(doc, find(doc, 12000, "亩").region) == "雷山县"
    assert label(doc, find(doc, 3, "个").region) == "西江镇"


def test_a_sentence_without_a_region_counts_for_the_subject_region() -> None:
    text = (
        "会宁县脱贫攻坚纪实\n\n"
        "会宁县是国家扶贫开发工作重点县。\n\n"
        "全县投入资金2.3亿元，建成养殖小区120个。\n"
    )
    doc = stats(text)
    assert label(doc, find(doc, 230000000, "元").region) == "会宁县"
    assert label(doc, find(doc, 120, "个").region) == "会宁县"


@pytest.mark.parametrize(
    "text",
    [
        "6月9日至10日，万州区委书记莫恭明前往走马镇调研。",
        "2019年2月，大川镇同步脱贫出列。",
        "万州区召开第3次专题会议。",
        "雷山县建成一个扶贫车间，选派一名第一书记。",
    ],
)
def test_dates_ordinals_and_articles_are_not_statistics(text: str) -> None:
    assert stats(text).statistics == []


def test_two_equal_numbers_in_one_sentence_stay_two_statistics() -> None:
    doc = stats("2019年享受春季雨露计划补助的大川镇学生24人，2020年享受秋季雨露计划补助24人。")
    twenty_four = [s for s in doc.statistics if s.value == 24 and s.unit == "人"]
    assert len(twenty_four) == 2
    assert len({s.offset for s in twenty_four}) == 2
    assert sorted(s.year for s in twenty_four) == [2019, 2020]


def test_the_indicator_does_not_repeat_the_region() -> None:
    doc = stats("雷山县贫困发生率降至0.8%。")
    rate = find(doc, 0.8, "%")
    assert "贫困发生率" in rate.indicator and "雷山县" not in rate.indicator


def test_a_later_clause_of_a_sentence_opening_with_a_year() -> None:
    doc = stats("2019年，定西市安定区实现1.2万名贫困人口脱贫，投入财政专项扶贫资金3.5亿元。")
    assert label(doc, find(doc, 12000, "人").region) == "安定区"
    assert label(doc, find(doc, 350000000, "元").region) == "安定区"


def test_households_after_the_noun_get_a_household_indicator() -> None:
    doc = stats("大川镇建档立卡贫困人口465户1593人。")
    assert find(doc, 465, "户").indicator.endswith("户")
    assert "贫困人口" in find(doc, 1593, "人").indicator


def test_a_share_after_a_money_figure() -> None:
    doc = stats("2020年，茅箭区统筹财政专项资金17895万元，其中产业投入资金6379万元，占比35.64%。")
    assert find(doc, 178950000, "元")
    assert "占比" in find(doc, 35.64, "%").indicator


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("两", 2), ("十五", 15), ("二十", 20), ("一百二", 120), ("三千零五十", 3050),
     ("一千零一", 1001), ("一万两千", 12000), ("五十万", 500000), ("百万", 1_000_000)],
)
def test_chinese_numerals_are_read_as_written(numeral: str, value: int) -> None:
    assert parse_number(numeral, "") == value


def test_a_rough_size_is_not_a_figure() -> None:
    from kg.extract.pipeline import process_text

    doc = process_text("茅箭区行程数百公里，发展百万亩经果林。", "rough.txt")
    values = {(s.value, s.unit) for s in doc.statistics}
    assert (100.0, "公里") not in values
    assert (1_000_000.0, "亩") in values


def test_people_counted_after_households_are_people_of_those_households() -> None:
    from kg.extract.pipeline import process_text

    doc = process_text("十八洞村有贫困户136户533人。其中贫困户约180人就业。", "hh.txt")
    by_value = {s.value: s.indicator for s in doc.statistics}
    assert by_value[136.0] == "贫困户"
    assert by_value[533.0] == "贫困人口"
    # not a chain: the people are counted as households' members, by what they do
    assert by_value[180.0] == "贫困户就业"


def test_things_counted_are_named_after_the_unit_even_when_jieba_tags_them_as_verbs() -> None:
    from kg.extract.pipeline import process_text

    doc = process_text("怒江州建成67个集中安置点，贫困发生率高达56.24%。", "yn.txt")
    by_value = {s.value: s.indicator for s in doc.statistics}
    assert by_value[67.0] == "集中安置点"
    assert by_value[56.24] == "贫困发生率"


# -- statistics as people write them (issue 14) --------------------------------

TITLE = "南江县脱贫攻坚纪实\n\n南江县位于四川省东北部。\n\n"


def in_nanjiang(sentence: str) -> Doc:
    return stats(TITLE + sentence + "\n")


@pytest.mark.parametrize(
    ("sentence", "value", "indicator"),
    [
        ("全县争取到40多万元修路资金。", 400000, "修路资金"),
        ("县财政下达了800万元的产业发展奖补资金。", 8000000, "产业发展奖补资金"),
        ("全县投入1200万元用于村道硬化。", 12000000, "村道硬化资金"),
        ("全县投入600万元解决贫困群众安全饮水问题。", 6000000, "安全饮水资金"),
    ],
)
def test_money_is_named_by_the_noun_after_it_or_its_purpose(sentence, value, indicator) -> None:
    assert find(in_nanjiang(sentence), value, "元").indicator == indicator


def test_the_state_of_a_count_is_its_indicator() -> None:
    doc = in_nanjiang("全县尚有1380户4120人未脱贫。")
    assert find(doc, 1380, "户").indicator == "未脱贫户"
    people = find(doc, 4120, "人")
    assert people.indicator == "未脱贫人口" and people.concept == "未脱贫人口"


def test_households_and_people_listed_with_a_pause_mark_count_one_thing() -> None:
    doc = in_nanjiang("全县尚余的38户、97名未脱贫人口年内将全部达标。")
    assert find(doc, 38, "户").indicator == "未脱贫户"
    assert find(doc, 97, "人").indicator == "未脱贫人口"


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "indicator"),
    [
        ("县医院照顾20多名需要长期服药的老人。", 20, "人", "需要长期服药的老人"),
        ("全县组织文艺汇演活动80场。", 80, "场", "文艺汇演活动"),
        ("已有860名留守老人享受了免费体检。", 860, "人", "享受免费体检"),
        ("全县聘用520名贫困人口担任生态护林员。", 520, "人", "生态护林员"),
        ("全县6个乡镇中，其中2个是深度贫困乡镇。", 2, "个", "深度贫困乡镇"),
    ],
)
def test_the_counted_noun_phrase(sentence, value, unit, indicator) -> None:
    assert find(in_nanjiang(sentence), value, unit).indicator == indicator


def test_a_change_is_two_statistics_with_two_years() -> None:
    doc = in_nanjiang("全县贫困发生率从2014年的28.5%降至2019年的0.6%。")
    before, after = find(doc, 28.5, "%"), find(doc, 0.6, "%")
    assert before.indicator == after.indicator == "贫困发生率"
    assert (before.year, after.year) == (2014, 2019)
    assert before.concept == "贫困发生率"


def test_growth_is_the_thing_grown_and_the_base_year_is_not_its_year() -> None:
    doc = in_nanjiang("2019年，全县农民人均可支配收入达12000元，较2015年增长45.2%。")
    income, growth = find(doc, 12000, "元"), find(doc, 45.2, "%")
    assert "人均可支配收入" in income.indicator and income.concept == "人均可支配收入"
    assert growth.indicator == income.indicator + "增长"
    assert growth.year == 2019


def test_shares() -> None:
    doc = in_nanjiang("全县教育支出占一般公共预算的18%，近30%的贫困人口是因病致贫。")
    assert find(doc, 18, "%").indicator == "教育支出占一般公共预算"
    illness = find(doc, 30, "%")
    assert "因病致贫" in illness.indicator and illness.qualifier == "近"


def test_a_price_per_kilogram() -> None:
    doc = in_nanjiang("全县茶青收购均价每公斤60元。")
    assert find(doc, 60, "元/公斤").indicator.endswith("均价")


def test_a_national_figure_is_about_no_region_of_the_article() -> None:
    doc = in_nanjiang("全国还有3000万贫困人口，全县还有贫困人口1.2万人。")
    assert not [s for s in doc.statistics if s.value == 30000000]
    assert label(doc, find(doc, 12000, "人").region) == "南江县"


def test_a_paragraph_about_a_village_counts_for_the_village() -> None:
    doc = in_nanjiang("长赤镇白果村是省级贫困村。村里有贫困户56户213人。\n\n全县新建村卫生室42个。")
    assert label(doc, find(doc, 56, "户").region) == "白果村"
    assert label(doc, find(doc, 213, "人").region) == "白果村"
    assert label(doc, find(doc, 42, "个").region) == "南江县"  # a new paragraph, 全县


def test_a_region_right_before_a_figure_is_its_region() -> None:
    doc = in_nanjiang("省城专家深入到南江县12家卫生院开展义诊。")
    assert label(doc, find(doc, 12, "家").region) == "南江县"


def test_relative_years_resolve_from_the_articles_year() -> None:
    doc = stats(TITLE + "2018年，全县新修通村公路300公里。\n\n去年全县接待游客12万人次。\n")
    assert doc.date == "2019"
    assert find(doc, 120000, "人次").year == 2018


def test_a_year_belongs_to_the_first_figure_after_it() -> None:
    doc = in_nanjiang("截至2019年底，全县贫困发生率由2014年的28.5%下降到0.87%，"
                      "136个贫困村全部出列。")
    assert find(doc, 28.5, "%").year == 2014
    assert find(doc, 0.87, "%").year == find(doc, 136, "个").year == 2019


def test_growth_in_percentage_points_and_per_household() -> None:
    doc = in_nanjiang("全县森林覆盖率达到62.5%，比2015年提高了8个百分点。")
    assert find(doc, 62.5, "%").concept == "森林覆盖率"
    assert find(doc, 8, "个百分点").indicator == "森林覆盖率提高"
    doc = in_nanjiang("全县带动1.5万户贫困户户均增收3000元以上。")
    assert find(doc, 3000, "元").indicator == "户均增收"


@pytest.mark.parametrize(
    "sentence",
    [
        "要是生猪长到150公斤以上，就不好卖了。",  # a hypothesis
        "按1公斤羊肉20元计算，养殖户能有不少利润。",  # a reckoning
        "要牢记“两个维护”，做到“四个不摘”。",  # slogans
        "她的3个孙子都在县城读书。",  # a family's
    ],
)
def test_figures_that_are_no_statistic_of_a_region(sentence: str) -> None:
    doc = in_nanjiang(sentence)
    assert doc.statistics == [], rows(doc)


def test_a_threshold_is_no_count() -> None:
    doc = in_nanjiang("全县对5户以上集中供水工程开展水质检测。")
    assert not [s for s in doc.statistics if s.value == 5], rows(doc)


def test_phrases_jieba_tags_wrong_still_name_what_is_counted() -> None:
    doc = in_nanjiang("全县销售核桃、花椒、木耳等农特产品金额共计260万元。")
    assert find(doc, 2600000, "元").indicator == "农特产品金额"  # not 等农特产品金额
    doc = in_nanjiang("全县共建成集中安置点46个。")
    assert find(doc, 46, "个").indicator.endswith("安置点")  # 点 tagged a numeral
    doc = in_nanjiang("全县光伏电站今年共分红85万元。")
    assert find(doc, 850000, "元").indicator.endswith("分红")  # 分红 tagged a verb


def test_a_year_long_period_is_no_price_per_year() -> None:
    doc = in_nanjiang("去年一年全县接待游客12万人次。")
    assert find(doc, 120000, "人次").indicator == "游客"


def test_a_sum_named_in_the_clause_before() -> None:
    doc = in_nanjiang("今年全县光伏扶贫电站的发电收益，一共1260万元。")
    assert find(doc, 12600000, "元").indicator == "发电收益"


def test_the_work_done_is_part_of_what_is_counted() -> None:
    doc = in_nanjiang("全县改造农村危房3600户，硬化通村道路420公里。")
    assert find(doc, 3600, "户").indicator == "农村危房改造户"  # 危房改造 is a programme
    assert find(doc, 420, "公里").indicator == "通村道路硬化"


def test_a_people_count_of_masses_is_a_population() -> None:
    doc = in_nanjiang("全县共搬迁安置1.2万名贫困群众。")
    assert find(doc, 12000, "人").indicator == "贫困人口"


def test_a_household_count_of_a_total_population() -> None:
    doc = in_nanjiang("全县常住总人口5.6万户。")
    assert find(doc, 56000, "户").indicator.endswith("总户数")


def test_the_verb_of_an_activity_measure_is_part_of_it() -> None:
    doc = in_nanjiang("全县新增食用菌种植面积1.5万亩，实现销售收入3000万元。")
    assert find(doc, 15000, "亩").indicator == "食用菌种植面积"
    assert find(doc, 30000000, "元").indicator == "销售收入"


def test_a_qualifier_before_the_number_and_a_list_before_the_noun() -> None:
    doc = in_nanjiang("县财政每年安排扶贫专项资金不少于8000万元。")
    stat = find(doc, 80000000, "元")
    assert (stat.indicator, stat.qualifier) == ("扶贫专项资金", "不少于")
    doc = in_nanjiang("全县发展核桃、油茶等特色产业12万亩，贫困人口参保率达100%。")
    assert find(doc, 120000, "亩").indicator == "特色产业"
    assert find(doc, 100, "%").indicator == "贫困人口参保率"


def test_a_regions_whole_population_without_a_noun() -> None:
    doc = in_nanjiang("全县现有4.2万户16.8万人。其中有贫困户3100户。")
    assert find(doc, 42000, "户").indicator == "总户数"
    assert find(doc, 168000, "人").indicator == "总人口"
    assert find(doc, 3100, "户").indicator == "贫困户"  # a part, named


def test_the_base_figure_of_a_comparison_and_an_average_growth() -> None:
    doc = in_nanjiang("全县转移贫困劳动力2.6万人，比2019年的2.3万人增加了13%。")
    base = find(doc, 23000, "人")
    assert (base.indicator, base.year) == (find(doc, 26000, "人").indicator, 2019)
    doc = in_nanjiang("全县农民人均可支配收入从2015年的6200元增加到2020年的10800元，"
                      "年均增长11.7%。")
    assert find(doc, 11.7, "%").indicator.endswith("人均可支配收入年均增长")


def test_a_per_year_gain_and_one_cooperative_are_no_family_figures() -> None:
    doc = in_nanjiang("全县建成核桃种植基地2.4万亩，带动贫困群众1500余人增收，人均年增收2800元。")
    assert find(doc, 24000, "亩").indicator == "核桃种植基地"
    assert find(doc, 2800, "元").indicator == "人均年增收"  # not the count's phrase + 增收
    doc = in_nanjiang("全县一家茶叶专业合作社去年实现销售收入180万元。")
    assert find(doc, 1800000, "元").indicator == "销售收入"  # 一家 of a cooperative


@pytest.mark.parametrize(
    "sentence",
    [
        "58岁的杨大伯做过两次手术，全靠低保维持生活。",  # a person's story: 岁的
        "他通过电商进货，小卖部有了200多种商品。",  # a person's, by the pronoun subject
    ],
)
def test_a_persons_figures_are_no_statistic(sentence: str) -> None:
    doc = in_nanjiang(sentence)
    assert doc.statistics == [], rows(doc)


def test_what_a_speaker_reports_is_a_statistic() -> None:
    doc = in_nanjiang("她说，厂里共吸纳贫困劳动力就业120人。")
    assert find(doc, 120, "人")


def test_a_later_clause_counting_the_same_thing_again() -> None:
    doc = in_nanjiang("去年全县新增公益性岗位1800个，今年1至6月又新增600个。")
    assert find(doc, 600, "个").indicator == find(doc, 1800, "个").indicator == "公益性岗位"


def test_a_programme_counted_in_households_and_people() -> None:
    doc = in_nanjiang("全县完成易地扶贫搬迁1.1万户4.6万人。")
    assert find(doc, 11000, "户").indicator == "易地扶贫搬迁户"
    assert find(doc, 46000, "人").indicator == "易地扶贫搬迁人口"
