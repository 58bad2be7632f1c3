"""A cooperative's or a company's figures are about the region in its name; a quote's
figures are about the speaker's region.

Reports quote an organisation's head on its own figures (``“今年我们合作社…”``); those
figures are the village's (town's) the organisation's name holds, not the subject's.
A village head's ``“我们村…”`` is the village the attribution after the quote names.
Sentences are written for these tests in the style of Gansu, Guizhou, Sichuan and
Xinjiang county reports.
"""

from __future__ import annotations

from conftest import label, run_until

from kg.model import Doc


def stats(text: str) -> Doc:
    return run_until(text, "statistics")


def region_of(doc: Doc, value: float, unit: str) -> str:
    found = [s for s in doc.statistics if s.value == value and s.unit == unit]
    assert len(found) == 1, [(label(doc, s.region), s.value, s.unit) for s in doc.statistics]
    return label(doc, found[0].region)


COOPERATIVE = (
    "渭源县推进牛羊产业扶贫。\n"
    "2017年成立的渭源县会川镇红柳村养殖专业合作社，目前入股牛羊3000头，总资产达1200万元。\n"
    "“今年我们合作社有35户贫困户入股，共分红42万元。收益一年比一年好，每户分红1.2万元。”"
    "合作社理事长马文华说。\n"
    "全县贫困人口减少到1.5万人。"
)


def test_figures_of_a_named_cooperative_are_its_villages():
    doc = stats(COOPERATIVE)
    assert region_of(doc, 3000, "头") == "红柳村"
    assert region_of(doc, 12000000, "元") == "红柳村"


def test_we_cooperative_carries_the_region_through_the_quote():
    doc = stats(COOPERATIVE)
    assert region_of(doc, 35, "户") == "红柳村"
    assert region_of(doc, 420000, "元") == "红柳村"
    assert region_of(doc, 12000, "元") == "红柳村"  # the next sentence of the quote


def test_a_scope_word_still_names_the_county():
    assert region_of(stats(COOPERATIVE), 15000, "人") == "渭源县"


def test_a_deictic_stands_for_the_latest_organisation_with_its_ending():
    doc = stats(
        "渭源县发展特色产业。\n"
        "渭源县会川镇红柳村养殖专业合作社带动农户养羊。"
        "渭源县田家河乡甘源农业有限公司建起了中药材加工厂。\n"
        "该公司今年吸纳贫困劳动力120人就业。"
    )
    assert region_of(doc, 120, "人") == "田家河乡"


def test_a_company_of_a_region_above_the_subject_leaves_the_figure_to_the_subject():
    doc = stats(
        "雷山县大力发展茶产业。\n"
        "贵州省茶业集团有限公司在雷山县投资建设茶叶加工厂，带动贫困户600户增收。"
    )
    assert region_of(doc, 600, "户") == "雷山县"


def test_a_year_long_opening_before_a_scope_word():
    doc = stats(
        "宕昌县哈达铺镇红星村发展乡村旅游。\n"
        "“去年一年村里接待游客5万人次。”村党支部书记说。"
    )
    assert region_of(doc, 50000, "人次") == "红星村"


def test_a_deictic_after_an_unnamed_cooperative_takes_the_region_before_it():
    doc = stats(
        "昭觉县解放乡火普村的变化\n"
        "火普村有建档立卡贫困户71户。\n"
        "昭觉县阿并洛古乡的彝绣合作社吸纳妇女52人就业。\n"
        "该合作社今年销售额突破80万元。"
    )
    assert region_of(doc, 800000, "元") == "阿并洛古乡"  # not the village the story is about


SPEAKER = (
    "墨玉县精准扶贫见闻\n"
    "墨玉县共有贫困人口10.2万人。\n"
    "“我们村今年新建了2座扶贫车间，吸纳了120名村民就业。”墨玉县萨依巴格乡阿亚克吾斯唐村"
    "第一书记说。\n"
    "“今年又新修了6公里通组路。”萨依巴格乡阿亚克吾斯唐村村委会主任说。\n"
    "“今年还有8座扶贫车间在建。”\n"
    "在喀尔赛镇举办的培训班上，记者见到了学员。"
)


def test_a_quote_is_about_the_speakers_region():
    doc = stats(SPEAKER)
    assert region_of(doc, 2, "座") == "阿亚克吾斯唐村"  # 我们村 of the speaker
    assert region_of(doc, 120, "人") == "阿亚克吾斯唐村"
    assert region_of(doc, 6, "公里") == "阿亚克吾斯唐村"  # no scope word: the speaker's


def test_a_quote_ending_its_paragraph_is_attributed_by_no_later_paragraph():
    doc = stats(SPEAKER)
    assert region_of(doc, 8, "座") == "墨玉县"
