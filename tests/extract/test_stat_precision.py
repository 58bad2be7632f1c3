"""Precision shapes of statistics: figures of named persons, indicator phrases cut mid-clause.

Sentences in the style of county reports from other provinces (none from the corpus).
"""

from __future__ import annotations

from test_statistics import find, rows, stats


def test_roll_of_names_with_their_dividends_is_no_region_statistic() -> None:
    doc = stats("黔西县谷里镇合作社今年共分红36万元。"
                "扎西，分红金额3200元；卓玛，分红金额2800元；次仁，分红金额4100元。")
    assert [r[1:] for r in rows(doc)] == [(360000, "元")]


def test_figures_after_a_role_and_a_name_are_the_persons() -> None:
    doc = stats("会宁县丁家沟镇有贫困户420户。"
                "2018年，贫困户的马国强被聘为护林员，每个月有1500元工资。"
                "村民刘德胜家三间土坯房已经翻新。")
    assert [r[1:] for r in rows(doc)] == [(420, "户")]


def test_a_scope_word_after_the_name_makes_the_figure_the_regions_again() -> None:
    doc = stats("石门县龙潭镇村民王建国介绍，全镇共有贫困户850户。")
    assert find(doc, 850, "户").indicator == "贫困户"


def test_a_meeting_keeps_its_last_character() -> None:
    doc = stats("今年以来，凤凰县召开6次县政府常务会、3次县扶贫开发领导小组会。")
    assert find(doc, 6, "次").indicator == "县政府常务会"


def test_a_place_word_or_the_clause_verb_ends_the_counted_noun() -> None:
    doc = stats("凉山州昭觉县扶贫车间带动2300名弱劳力家门口就业，"
                "160名乡镇农技员入户开展技术指导，25名县领导定点包干。")
    assert find(doc, 2300, "人").indicator == "弱劳力"
    assert find(doc, 160, "人").indicator == "乡镇农技员"
    assert find(doc, 25, "人").indicator == "县领导"


def test_a_work_noun_before_a_number_keeps_its_verb() -> None:
    doc = stats("“十三五”期间，台江县完成改水入户3.6万户、固定宽带入户2.1万户。")
    assert find(doc, 36000, "户").indicator == "改水入户"
    assert find(doc, 21000, "户").indicator == "固定宽带入户"


def test_a_phrase_starts_at_the_domain_word_jieba_would_split() -> None:
    doc = stats("2019年，麻江县统筹脱贫攻坚财政专项资金8600万元。")
    assert find(doc, 86000000, "元").indicator == "脱贫攻坚财政专项资金"


def test_a_share_of_a_whole_named_with_its_year() -> None:
    doc = stats("截至目前，麻江县开工项目个数占2021年县级项目库比例为76.5%。")
    assert find(doc, 76.5, "%").indicator == "项目个数占县级项目库"  # the share, not 比例


def test_the_place_of_sale_is_not_the_figures_region() -> None:
    doc = stats("台江县合作社在凯里市出售的200多头肉牛，平均每头重600公斤。")
    assert rows(doc)[0] == ("台江县", 200, "头")
    doc = stats("台江县今年种植蓝莓3000亩，其中销往杭州市的鲜果有300吨。")
    assert [r[0] for r in rows(doc)] == ["台江县", "台江县"]


def test_the_served_region_of_a_paired_programme_has_the_figure() -> None:
    doc = stats("2019年，杭州市对口帮扶黔东南州台江县，投入帮扶资金8600万元。")
    assert rows(doc) == [("台江县", 86000000, "元")]
    doc = stats("2019年，杭州市投入帮扶资金8600万元。")
    assert rows(doc) == [("杭州市", 86000000, "元")]  # no served region: the city's own


def test_households_that_have_labour_are_counted_as_households() -> None:
    doc = stats("台江县易地扶贫搬迁户中有劳动力1205户，均已落实就业。")
    assert find(doc, 1205, "户").indicator == "有劳动力户"


def test_a_noun_before_de_and_a_locality_is_still_the_counted_noun() -> None:
    doc = stats("台江县在全县选派的46名驻村“第一书记”的带领下，组建了驻村工作队。")
    assert find(doc, 46, "人").indicator.endswith("驻村第一书记")  # not 选派


def test_a_helping_province_before_a_body_does_not_take_the_villages_figures() -> None:
    doc = stats("在依麻木镇库尔干村，上海援疆工作队援建的扶贫车间吸纳了90名村民就业，"
                "人均月收入2200元。")
    assert [r[0] for r in rows(doc)] == ["库尔干村", "库尔干村"]
    doc = stats("乌什县大力发展扶贫车间。乌什县引进企业12家。"
                "江苏省援建的扶贫车间吸纳了90名村民就业。")
    assert find(doc, 90, "人") is not None
    assert {r[0] for r in rows(doc)} == {"乌什县"}  # the county's workshop, not the helper's


def test_the_role_people_took_is_named_without_the_verbs_aspect() -> None:
    doc = stats("涞源县东团堡乡今年有68名贫困群众当上了保洁员。")
    assert find(doc, 68, "人").indicator == "保洁员"
    doc = stats("涞源县乌龙沟乡有35名贫困人口成为了护林员。")
    assert find(doc, 35, "人").indicator == "生态护林员"  # the programme's full name


def test_a_word_jieba_guesses_across_the_numbers_verb_is_cut_before_it() -> None:
    doc = stats("那坡县百合乡发展桑蚕产业，种桑养蚕户有230户。")
    assert find(doc, 230, "户").indicator == "种桑养蚕户"
