"""Relations: locatedIn from chains and cues, implements/develops for the right region."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, facts, label, run_until

from kg.model import Doc

DACHUAN = (
    "如磐初心为百姓\n\n"
    "——茅箭区大川镇脱贫攻坚工作综述\n\n"
    "大川镇位于茅箭区南部，全镇建档立卡贫困人口1593人。\n\n"
    "力推产业扶贫。全镇通过发展猕猴桃、阳荷、香菇等特色种植业，带动315户贫困户增收。\n"
)


def relate(text: str) -> Doc:
    doc = run_until(text, "relations")
    for fact in doc.facts:
        ev = fact.evidence
        if ev is not None:
            assert doc.raw[ev.start : ev.end] == ev.sentence
    return doc


def test_weiyu_places_the_town_in_the_county_with_its_sentence_as_evidence() -> None:
    doc = relate("大川镇位于茅箭区南部，全镇建档立卡贫困人口1593人。")
    (fact,) = [f for f in doc.facts if f.relation == "locatedIn"]
    assert (label(doc, fact.head), label(doc, fact.tail)) == ("大川镇", "茅箭区")
    assert fact.evidence is not None
    assert fact.evidence.sentence == "大川镇位于茅箭区南部，全镇建档立卡贫困人口1593人。"


def test_xia_lists_the_villages_of_a_town() -> None:
    doc = relate("大川镇辖大川村、唐家村、浪溪村、卡子村、段家村5个行政村。")
    assert facts(doc, "locatedIn") == {
        (v, "大川镇") for v in ["大川村", "唐家村", "浪溪村", "卡子村", "段家村"]
    }


def test_a_programme_belongs_to_the_most_specific_region_of_its_clause() -> None:
    doc = relate("杨溪铺镇鲍沟村扶贫小额信贷案例入选全国典型。")
    assert facts(doc, "implements") == {("鲍沟村", "扶贫小额信贷")}


def test_a_helping_region_does_not_implement_what_it_helps_build() -> None:
    doc = relate("在依麻木镇库尔干村，上海援疆工作队援建的扶贫车间吸纳了90名村民就业。")
    assert facts(doc, "implements") == {("库尔干村", "扶贫车间")}
    doc = relate("福州市对口帮扶定西市安定区，在香泉镇建起扶贫车间。")
    assert ("福州市", "扶贫车间") not in facts(doc, "implements")
    # the helper written as a chain: neither of its regions implements the programme
    doc = relate("那坡县地处中越边境。广东省深圳市对口帮扶那坡县以来，投入帮扶资金3.2亿元。")
    assert facts(doc, "implements") == {("那坡县", "对口帮扶")}


def test_what_a_place_grew_before_is_not_what_it_develops() -> None:
    doc = relate("石阡县过去家家户户种玉米，如今全县发展茶叶和核桃。")
    assert facts(doc, "develops") == {("石阡县", "茶叶"), ("石阡县", "核桃")}
    doc = relate("“以前村里只养土鸡，现在养上了藏鸡。”拉孜县扎西岗乡吉荣村村民说。")
    assert ("吉荣村", "土鸡") not in facts(doc, "develops")


def test_every_region_of_a_list_develops_every_industry_of_the_list() -> None:
    doc = relate("推进扶贫作坊建设，营子村、马家河村等建立了黄酒、蓝染、玉器加工等作坊。")
    assert {(v, i) for v in ["营子村", "马家河村"] for i in ["黄酒", "蓝染", "玉器加工"]} <= facts(
        doc, "develops"
    )


def test_a_programme_said_to_lie_in_villages_belongs_to_them() -> None:
    text = "大川镇做优光伏扶贫。全镇共有光伏扶贫电站2座（分别位于唐家村和卡子村），目前均运行良好。"
    doc = relate(text)
    assert {("唐家村", "光伏扶贫"), ("卡子村", "光伏扶贫")} <= facts(doc, "implements")


def test_the_topic_of_the_sentence_develops_what_its_later_clause_names() -> None:
    doc = relate("修文县六桶镇，首届采摘节（网上）助推猕猴桃外销，带动当地村民脱贫致富。")
    assert ("六桶镇", "猕猴桃") in facts(doc, "develops")
    assert ("修文县", "猕猴桃") not in facts(doc, "develops")


def test_quan_zhen_sentences_belong_to_the_subject_region() -> None:
    doc = relate(DACHUAN)
    assert facts(doc, "develops") >= {("大川镇", "猕猴桃"), ("大川镇", "阳荷"), ("大川镇", "香菇")}
    assert ("大川镇", "产业扶贫") in facts(doc, "implements")
    assert ("茅箭区", "猕猴桃") not in facts(doc, "develops")


def test_a_county_implements_what_it_carries_out() -> None:
    doc = relate("对“一方水土养活不了一方人”的地方，郧阳区实施易地扶贫搬迁。")
    assert facts(doc, "implements") == {("郧阳区", "易地扶贫搬迁")}


def test_relations_in_an_article_from_gansu() -> None:
    doc = relate((FIXTURES / "dingxi.txt").read_text(encoding="utf-8"))
    assert {("香泉镇", "马铃薯"), ("香泉镇", "中药材"), ("香泉镇", "当归")} <= facts(
        doc, "develops"
    )
    assert ("安定区", "光伏扶贫") in facts(doc, "implements")
    assert {("香泉镇", "安定区"), ("安定区", "定西市"), ("定西市", "甘肃省")} <= facts(
        doc, "locatedIn"
    )
    assert ("张明", "定西市") in facts(doc, "servesIn")


def test_every_fact_of_an_article_quotes_that_article() -> None:
    doc = relate((FIXTURES / "leishan.txt").read_text(encoding="utf-8"))
    assert doc.facts
    assert all(f.evidence is not None for f in doc.facts), "gazetteer links are added later"
    assert all(f.evidence.article == "article.txt" for f in doc.facts if f.evidence)


def test_xia_after_weiyu_clause_places_villages_in_the_town() -> None:
    doc = relate("西江镇位于雷山县东北部，辖控拜村、麻料村、乌高村等行政村。")
    assert {("控拜村", "西江镇"), ("麻料村", "西江镇"), ("乌高村", "西江镇")} <= facts(
        doc, "locatedIn"
    )


def test_a_first_secretary_leading_his_village_to_an_industry() -> None:
    doc = relate("从江县加勉乡党扭村第一书记杨文华带领群众发展香猪养殖。")
    assert ("党扭村", "香猪") in facts(doc, "develops")


@pytest.mark.parametrize("fixture, subject, serves, located", [
    # Yunnan: an ethnic township, a Yi name
    ("fugong.txt", "福贡县",
     {("何永明", "福贡县"), ("吉克阿呷", "腊竹底村"), ("李文华", "福贡县")},  # 福贡县扶贫办副主任
     {("老姆登村", "匹河怒族乡"), ("匹河怒族乡", "福贡县"), ("腊竹底村", "上帕镇")}),
    # Inner Mongolia: a banner written by its initials, 嘎查 villages; the town written
    # 吐列毛杜镇 is labelled as the division table spells it, 吐列毛都镇
    ("kezhongqi.txt", "科尔沁右翼中旗",
     {("白喜林", "科尔沁右翼中旗"), ("包斯琴", "科尔沁右翼中旗"), ("乌云", "吐列毛都镇"),
      ("包斯琴", "兴安盟")},  # 兴安盟盟委委员、科右中旗旗长包斯琴: two posts
     {("科尔沁右翼中旗", "兴安盟"), ("吐列毛都镇", "科尔沁右翼中旗")}),
    # Xinjiang: dotted names, a long transliterated village
    ("moyu.txt", "墨玉县",
     {("张晓东", "墨玉县"), ("艾尔肯·吐尼亚孜", "阿亚格巴格村"),
      ("阿不都热依木·阿不都克力木", "墨玉县")},
     {("阿亚格巴格村", "萨依巴格乡"), ("墨玉县", "和田地区")}),
    # Qinghai: a numbered village, Tibetan names
    ("chenduo.txt", "称多县", {("才仁扎西", "称多县"), ("尼玛才让", "十一村")},
     {("十一村", "珍秦镇"), ("珍秦镇", "称多县"), ("称多县", "玉树藏族自治州")}),
    # Ningxia: a title after 、 held where the first title is
    ("xiji.txt", "西吉县", {("马小平", "西吉县"), ("海军", "西吉县")},  # 县扶贫开发办公室主任海军
     {("龙王坝村", "吉强镇"), ("西吉县", "固原市")}),
])
def test_whole_articles_from_the_borderlands(fixture, subject, serves, located) -> None:
    doc = relate((FIXTURES / fixture).read_text(encoding="utf-8"))
    assert label(doc, doc.subject_region) == subject
    assert facts(doc, "servesIn") == serves
    assert located <= facts(doc, "locatedIn")


def test_a_region_in_an_earlier_clause_of_the_sentence_holds_the_industry() -> None:
    doc = relate(
        "凤冈县脱贫攻坚纪实\n\n凤冈县多措并举促增收。\n\n"
        "自2017年起，永安镇田坝村建起了茶叶加工厂，同时发展乡村旅游、民宿等新业态。"
    )
    assert {("田坝村", "民宿"), ("田坝村", "乡村旅游")} <= facts(doc, "develops")
    assert ("凤冈县", "民宿") not in facts(doc, "develops")


def test_an_unnamed_village_is_not_the_subject_county() -> None:
    doc = relate(
        "凤冈县脱贫攻坚纪实\n\n凤冈县多措并举促增收。\n\n"
        "老王靠扶贫贷款在村里办起了农家乐，旺季一个月能挣八千元。"
    )
    assert ("凤冈县", "农家乐") not in facts(doc, "develops")


def test_a_region_after_the_term_starts_the_next_statement() -> None:
    doc = relate(
        "凤冈县脱贫攻坚纪实\n\n凤冈县多措并举促增收。\n\n"
        "全县发展茶叶、生猪等产业，田坝村等建立了茶叶加工作坊。"
    )
    assert ("凤冈县", "生猪") in facts(doc, "develops")
    assert ("田坝村", "生猪") not in facts(doc, "develops")


def test_a_product_only_talked_about_is_not_developed_by_the_subject() -> None:
    doc = relate(
        "凤冈县脱贫攻坚纪实\n\n凤冈县多措并举促增收。\n\n"
        "他详细了解了肉牛销路、饲草储备等情况。\n\n全县大力发展肉牛养殖。"
    )
    evidence = {f.evidence.sentence for f in doc.facts
                if f.relation == "develops" and f.evidence is not None}
    assert ("凤冈县", "肉牛") in facts(doc, "develops")
    assert evidence == {"全县大力发展肉牛养殖。"}


def test_a_product_something_else_leads_to_is_not_the_subjects() -> None:
    doc = relate(
        "凤冈县脱贫攻坚纪实\n\n凤冈县多措并举促增收。\n\n"
        "他说，可以通过红色教育带动旅游业，但不能丢了本色。"
    )
    assert ("凤冈县", "旅游") not in facts(doc, "develops")
