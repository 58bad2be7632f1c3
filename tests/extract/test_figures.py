"""The number grammar: figures as reports write them (kg/extract/match/figures.py).

Expected values follow CONTRACT.md and GUIDELINES.md: plain units
(``1.8亿元`` → 180000000 元), the qualifier kept as written.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.match.figures import find_figures


def one(text: str):
    figures = find_figures(text)
    assert len(figures) == 1, f"one figure expected in {text!r}, got {figures}"
    return figures[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("乡文化站新添图书8000余册", 8000, "册"),
        ("开设农技培训班25期", 25, "期"),
        ("引进蔬菜新品种40种", 40, "种"),
        ("办理民生实事210件", 210, "件"),
        ("组织文艺演出90场", 90, "场"),
        ("收购核桃1200吨", 1200, "吨"),
        ("新建厂房3000平方米", 3000, "平方米"),
        ("修通村组公路46.5公里", 46.5, "公里"),
        ("流转土地1,200亩", 1200, "亩"),
        ("筹集资金1.8亿元", 180000000, "元"),
        ("发放贷款3.2万元", 32000, "元"),
        ("带动3.6万人", 36000, "人"),
        ("九成农户", 90, "%"),
    ],
)
def test_units_measure_words_and_magnitudes(text: str, value: float, unit: str) -> None:
    figure = one(text)
    assert figure.value == Decimal(str(value)) and figure.unit == unit


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("投入5000多万元", "多"), ("新添图书8000余册", "余"), ("惠及近5000人", "近"),
     ("约300万元", "约"), ("繁殖率95%以上", "以上"), ("培训300人左右", "左右")],
)
def test_the_qualifier_is_kept_as_written(text: str, qualifier: str) -> None:
    assert one(text).qualifier == qualifier


def test_a_range_keeps_both_ends() -> None:
    figure = one("每只羔羊增收200到350元")
    assert (figure.value, figure.upper, figure.unit) == (200, 350, "元")
    tens = one("每斤卖四五十元")
    assert (tens.value, tens.upper) == (40, 50)


@pytest.mark.parametrize(
    ("text", "value"),
    [("三分之二的农户", Decimal("66.67")), ("2/3的贫困户", Decimal("66.67")),
     ("百分之九十", Decimal(90))],
)
def test_fractions_are_shares_in_percent(text: str, value: Decimal) -> None:
    figure = one(text)
    assert figure.unit == "%" and figure.value == value


def test_a_price_per_unit() -> None:
    figure = one("鲜椒收购价8元/公斤")
    assert (figure.value, figure.unit, figure.per) == (8, "元", "公斤")


def test_a_magnitude_alone_before_mu_is_a_figure() -> None:
    assert one("建成万亩刺梨基地").value == 10000
    assert find_figures("千家万户") == [] and find_figures("万元户") == []


@pytest.mark.parametrize(
    "text",
    ["用了10个月", "二期工程开工", "新建成", "奔波上千里", "2019年", "第3次会议",
     "三个小时", "8月3日"],
)
def test_times_ordinals_and_rough_sizes_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_a_numeral_naming_a_crop_before_a_word_its_unit_begins() -> None:
    assert find_figures("文山三七种植基地") == []  # 三七 the herb, 种植 no 种
    assert one("全县开发特色产品四十种").value == 40  # a unit ending the phrase still counts


def test_a_category_named_with_a_lone_numeral_is_no_count() -> None:
    assert find_figures("解决两类对象的住房问题") == []  # a policy's category
    assert one("全县建立5类台账").value == 5
