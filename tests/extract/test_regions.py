"""Regions: gazetteer names, town/village suffixes, shared suffixes, short forms."""

from __future__ import annotations

import pytest
from conftest import entities, facts, run_until

from kg.extract.match.regions import find_regions
from kg.model import Mention


def regions(text: str) -> list[tuple[str, str, str]]:
    """(surface, level, canonical) of the region mentions of one sentence."""
    return [(m.surface, m.kind, m.canonical) for m in find_regions(text, 0, 0)]


def adcodes(text: str) -> dict[str, str]:
    doc = run_until(text, "entities")
    return {e.label: e.adcode for e in doc.entities.values() if e.adcode}


def test_a_chain_written_as_one_name_gives_three_levels_and_two_links() -> None:
    text = "万州区五桥街道龚家社区，村民出行的环境明显改善。"
    assert regions(text) == [
        ("万州区", "County", "万州区"),
        ("五桥街道", "Town", "五桥街道"),
        ("龚家社区", "Village", "龚家社区"),
    ]
    doc = run_until(text, "relations")
    assert facts(doc, "locatedIn") == {("五桥街道", "万州区"), ("龚家社区", "五桥街道")}


def test_a_five_level_chain_in_another_province() -> None:
    text = "贵州省黔东南苗族侗族自治州雷山县西江镇控拜村大力发展银饰加工。"
    assert [(s, lvl) for s, lvl, _ in regions(text)] == [
        ("贵州省", "Province"),
        ("黔东南苗族侗族自治州", "City"),
        ("雷山县", "County"),
        ("西江镇", "Town"),
        ("控拜村", "Village"),
    ]
    doc = run_until(text, "relations")
    assert facts(doc, "locatedIn") == {
        ("黔东南苗族侗族自治州", "贵州省"),
        ("雷山县", "黔东南苗族侗族自治州"),
        ("西江镇", "雷山县"),
        ("控拜村", "西江镇"),
    }


def test_gazetteer_regions_carry_their_national_adcodes() -> None:
    # GB/T 2260 codes: 湖北省十堰市茅箭区, 甘肃省定西市安定区, 重庆市万州区
    assert adcodes("湖北省十堰市茅箭区脱贫摘帽。") == {
        "湖北省": "420000",
        "十堰市": "420300",
        "茅箭区": "420302",
    }
    assert adcodes("甘肃省定西市安定区大力发展马铃薯产业。") == {
        "甘肃省": "620000",
        "定西市": "621100",
        "安定区": "621102",
    }
    assert adcodes("重庆市万州区脱贫攻坚。")["万州区"] == "500101"


def test_a_list_sharing_one_suffix_gives_each_item_that_suffix() -> None:
    text = "6月9日至10日，市委常委、万州区委书记莫恭明前往走马、罗田、高梁、李河、分水镇调研。"
    towns = [(s, c) for s, lvl, c in regions(text) if lvl == "Town"]
    assert sorted(c for _, c in towns) == sorted(["走马镇", "罗田镇", "高梁镇", "李河镇", "分水镇"])
    assert {s for s, _ in towns} == {"走马", "罗田", "高梁", "李河", "分水镇"}
    doc = run_until(text, "entities")
    assert entities(doc, "Town") == {"走马镇", "罗田镇", "高梁镇", "李河镇", "分水镇"}
    by_label = {e.label: e for e in doc.entities.values()}
    assert "走马" in by_label["走马镇"].aliases


def test_a_shared_suffix_list_in_another_province() -> None:
    doc = run_until("雷山县县长李华前往西江、丹江、永乐镇调研。", "entities")
    assert entities(doc, "Town") == {"西江镇", "丹江镇", "永乐镇"}


def test_villages_listed_with_their_own_suffixes_are_each_a_mention() -> None:
    villages = [
        s
        for s, lvl, _ in regions("辖大川村、唐家村、浪溪村、卡子村、段家村5个行政村。")
        if lvl == "Village"
    ]
    assert villages == ["大川村", "唐家村", "浪溪村", "卡子村", "段家村"]


@pytest.mark.parametrize(
    "text",
    [
        "乡镇干部全部下沉到村工作，全镇村两委干部参加。",
        "扎实推进脱贫攻坚和乡村振兴，返乡创业青年增多，城乡居民收入提高。",
        "驻村工作队严格落实“三在村”，乡镇干部严格落实“三在乡”。",
        "巴山汉水，环抱着这片苍茫大地。",
        "雷山县干部带领父老乡亲脱贫致富。",
        "田东县是全国有名的芒果之乡，修水县被誉为中国蚕桑之乡。",  # honorifics
        "光伏扶贫电站每年为32个嘎查村增加集体收入。",  # 嘎查村: Inner Mongolia's villages
    ],
)
def test_common_words_and_slogans_are_not_towns_or_villages(text: str) -> None:
    doc = run_until(text, "entities")
    assert not entities(doc, "Town") and not entities(doc, "Village")


def test_a_place_name_inside_an_organisation_name_is_not_a_region() -> None:
    doc = run_until("十堰农商银行工作人员上门走访贫困户。", "entities")
    assert not any(m.kind == "City" for m in doc.mentions)
    assert entities(doc, "Organization") == {"十堰农商银行"}


def test_a_short_form_resolves_to_the_full_name_the_article_anchors() -> None:
    text = "茅箭区大川镇位于城区南部。茅箭，十堰主城区，发展主阵地。"
    doc = run_until(text, "entities")
    counties = [e for e in doc.entities.values() if e.kind == "County"]
    assert [(e.label, e.aliases) for e in counties] == [("茅箭区", {"茅箭"})]
    cities = [e for e in doc.entities.values() if e.kind == "City"]
    assert [(e.label, e.aliases) for e in cities] == [("十堰市", {"十堰"})]
    short = {doc.mention_entity.get(i) for i, m in enumerate(doc.mentions) if m.surface == "茅箭"}
    assert short == {("County", counties[0].key)}


def test_a_short_form_the_article_does_not_anchor_is_no_entity() -> None:
    doc = run_until("茅箭发展很快，全区贫困人口大幅减少。", "entities")
    assert not doc.entities


def test_a_province_short_form_is_always_the_province() -> None:
    doc = run_until("万州区还开通了至广东、福建、浙江等省市的10余条线路。", "entities")
    assert {"广东省", "福建省", "浙江省"} <= entities(doc, "Province")


def test_mention_offsets_point_at_the_surface() -> None:
    text = "近年来，雷山县西江镇大力发展茶叶。"
    found: list[Mention] = find_regions(text, 3, 100)
    assert found and all(m.sentence == 3 for m in found)
    for m in found:
        assert text[m.start - 100 : m.end - 100] == m.surface


def test_a_prefecture_written_with_zhou_links_its_county() -> None:
    doc = run_until("黔东南州从江县加勉乡党扭村发展香猪养殖。", "relations")
    assert ("从江县", "黔东南苗族侗族自治州") in facts(doc, "locatedIn")
    assert any(m.surface == "黔东南州" for m in doc.mentions)


def test_a_village_name_starting_with_a_stop_character_after_its_town() -> None:
    doc = run_until("渭源县会川镇本庙村发展中药材种植。", "relations")
    assert ("本庙村", "会川镇") in facts(doc, "locatedIn")


def test_xiangqin_in_a_headline_is_not_a_town() -> None:
    doc = run_until("苗岭茶香富乡亲\n\n雷山县西江镇发展茶叶产业。", "entities")
    assert entities(doc, "Town") == {"西江镇"}


def test_village_names_may_hold_numerals_but_counts_are_not_villages() -> None:
    found = {name for name, _, _ in regions("花垣县双龙镇十八洞村和三合村，全镇共有三十村。")}
    assert {"十八洞村", "三合村"} <= found
    assert "三十村" not in found


def test_an_organisation_named_after_its_village_keeps_the_village_name() -> None:
    doc = run_until("花垣县十八洞村组建了十八洞村苗绣合作社。", "entities")
    assert "十八洞村苗绣合作社" in entities(doc, "Organization")
    assert "十八洞村" in entities(doc, "Village")


def test_inner_mongolia_writes_banners_by_their_initials() -> None:
    doc = run_until("科右中旗旗长包斯琴说，察右后旗和土左旗也发展肉牛产业。", "relations")
    counties = {e.label: e.aliases for e in doc.entities.values() if e.kind == "County"}
    assert counties == {"科尔沁右翼中旗": {"科右中旗"}, "察哈尔右翼后旗": {"察右后旗"},
                        "土默特左旗": {"土左旗"}}
    assert facts(doc, "servesIn") == {("包斯琴", "科尔沁右翼中旗")}


def test_a_long_transliterated_village_right_after_its_town_stays_whole() -> None:
    doc = run_until("墨玉县萨依巴格乡阿亚格巴格村第一书记走访农户。", "relations")
    assert entities(doc, "Village") == {"阿亚格巴格村"}
    assert ("阿亚格巴格村", "萨依巴格乡") in facts(doc, "locatedIn")


def test_an_ethnic_township_keeps_its_place_name() -> None:
    doc = run_until("福贡县匹河怒族乡老姆登村发展乡村旅游。", "relations")
    assert entities(doc, "Town") == {"匹河怒族乡"}
    assert ("老姆登村", "匹河怒族乡") in facts(doc, "locatedIn")


def test_a_numbered_village_after_its_town_is_a_village() -> None:
    doc = run_until("珍秦镇十一村党支部书记尼玛才让带领群众。推进一村一品。", "relations")
    assert entities(doc, "Village") == {"十一村"}
    assert ("十一村", "珍秦镇") in facts(doc, "locatedIn")
