"""Entities: one per real-world thing, stable keys, the article's subject region."""

from __future__ import annotations

from conftest import FIXTURES, entities, label, run_until


def keys(text: str, kind: str) -> set[str]:
    return {key for k, key in run_until(text, "entities").entities if k == kind}


def test_one_entity_per_thing_however_often_it_is_named() -> None:
    text = "大川镇位于茅箭区南部。大川镇始终坚守初心。2019年2月，大川镇同步脱贫出列。"
    doc = run_until(text, "entities")
    towns = [e for e in doc.entities.values() if e.kind == "Town"]
    assert [t.label for t in towns] == ["大川镇"]
    mentions = [i for i, m in enumerate(doc.mentions) if m.surface == "大川镇"]
    assert len(mentions) == 3
    assert {doc.mention_entity[i] for i in mentions} == {("Town", towns[0].key)}


def test_a_village_gets_the_same_key_whether_or_not_its_chain_is_written() -> None:
    # the key ties a village to its county, so two articles about 茅箭区 share 唐家村
    written = keys("茅箭区大川镇唐家村发展猕猴桃产业。", "Village")
    implied = keys("茅箭区脱贫攻坚工作扎实推进。唐家村建成光伏扶贫电站。", "Village")
    assert written == implied and len(written) == 1


def test_same_town_name_in_two_counties_is_two_towns() -> None:
    yunyang = keys("郧阳区城关镇红和村村民悬挂标牌。", "Town")
    leishan = keys("兴和县城关镇开展义诊活动。", "Town")  # both counties have a 城关镇
    assert len(yunyang) == len(leishan) == 1
    assert yunyang != leishan


def test_the_same_official_in_two_articles_gets_the_same_key() -> None:
    a = keys("万州区委书记莫恭明前往龙驹镇调研。", "Official")
    b = keys("重庆市万州区召开会议，万州区委书记莫恭明强调要真抓实干。", "Official")
    assert a == b and len(a) == 1


def test_generic_references_are_not_entities() -> None:
    doc = run_until("全区筹集资金，该镇发展产业，全省干部群众参与，全市上下一心。", "entities")
    assert not doc.entities


def test_the_subject_region_is_the_most_specific_one_the_title_names() -> None:
    text = (
        "如磐初心为百姓\n\n"
        "——茅箭区大川镇脱贫攻坚工作综述\n\n"
        "大川镇位于茅箭区南部。全镇建档立卡贫困人口1593人。\n"
    )
    doc = run_until(text, "entities")
    assert label(doc, doc.subject_region) == "大川镇"


def test_the_subject_region_of_an_article_from_another_province() -> None:
    doc = run_until((FIXTURES / "dingxi.txt").read_text(encoding="utf-8"), "entities")
    assert label(doc, doc.subject_region) == "安定区"
    assert {"甘肃省", "定西市", "安定区", "香泉镇"} <= {
        e.label for e in doc.entities.values() if e.adcode or e.kind == "Town"
    }


def test_whole_fixture_article_from_guizhou() -> None:
    doc = run_until((FIXTURES / "leishan.txt").read_text(encoding="utf-8"), "entities")
    assert label(doc, doc.subject_region) == "雷山县"
    assert {"控拜村", "麻料村", "乌高村"} <= entities(doc, "Village")
    assert {"茶叶", "乡村旅游"} <= entities(doc, "Industry")
    assert "易地扶贫搬迁" in entities(doc, "Program")
    assert "杨光明" in entities(doc, "Official")
    assert "吴小梅" not in entities(doc, "Official")  # the reporter of the byline


def test_a_county_name_with_one_misread_character_is_the_county_of_a_named_city() -> None:
    # 陇西县 lies in 定西市; a scan wrote 酉 for 西
    text = "定西市扎实推进脱贫攻坚。市委书记深入陇酉县调研督导，要求陇酉县压实责任。"
    doc = run_until(text, "entities")
    (county,) = [e for e in doc.entities.values() if e.kind == "County"]
    assert county.label == "陇西县" and county.aliases == {"陇酉县"}
    assert county.key == "621122"


def test_a_misreading_needs_the_city_and_is_never_a_common_word() -> None:
    # no city of 陇西县 named: 陇酉县 could be anything
    assert entities(run_until("市委书记深入陇酉县调研督导。", "entities"), "County") == set()
    # 开发区 is one character from 开福区 (长沙市), but a word of its own
    text = "长沙市扎实推进脱贫攻坚。经济开发区引进企业十家。"
    assert entities(run_until(text, "entities"), "County") == set()
    # common words that happen to be one character from a county of the named city:
    # 即墨区 (青岛市), 井研县 (乐山市), 南和区 (邢台市)
    for text in ["青岛市召开会议。即由区扶贫办牵头落实。",
                 "乐山市召开会议。领导深入一线实地调研县、镇、村。",
                 "邢台市召开会议。区委组织部和区扶贫办联合督查。"]:
        assert entities(run_until(text, "entities"), "County") == set(), text
    # two counties of the named city are that close: no guess
    text = "十堰市召开会议。竹西县抓好产业扶贫。"  # 竹山县? 竹溪县? both in 十堰市
    assert entities(run_until(text, "entities"), "County") == set()
