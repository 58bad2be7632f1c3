"""Officials: a title from the positions lexicon, then a person's name; the office region."""

from __future__ import annotations

import pytest
from conftest import entities, label, run_until

from kg.model import Doc


def officials(text: str) -> list[tuple[str, str, str]]:
    """(name, position, office region as written) of the Official mentions."""
    doc = run_until(text, "mentions")
    return [(m.surface, m.position, m.office_region) for m in doc.mentions if m.kind == "Official"]


def serves_in(doc: Doc) -> set[tuple[str, str, str]]:
    return {
        (label(doc, f.head), label(doc, f.tail), f.position)
        for f in doc.facts
        if f.relation == "servesIn"
    }


def test_a_title_after_another_title_gives_name_position_and_region() -> None:
    text = "6月9日至10日，市委常委、万州区委书记莫恭明前往走马、罗田、高梁、李河、分水镇调研。"
    assert officials(text) == [("莫恭明", "区委书记", "万州区")]
    assert serves_in(run_until(text, "relations")) == {("莫恭明", "万州区", "区委书记")}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Tibetan names: two names of two syllables, no Han surname to go by
        ("扎西宗乡乡长普布次仁说，乡里将扩大青稞种植。", "普布次仁"),
        ("曲玛乡党委书记罗布次仁带领群众发展牦牛养殖。", "罗布次仁"),
        # a time word after a two-character name is not part of it
        ("查务乡乡长李明今天说，全乡贫困户全部脱贫。", "李明"),
        ("芒普乡党委书记王芳昨天表示，要办好扶贫车间。", "王芳"),
        # a three-character name the speech verb follows stays whole
        ("热萨乡乡长张明天表示，要发展藏鸡养殖。", "张明天"),
    ],
)
def test_a_name_runs_to_the_verb_after_it(text: str, name: str) -> None:
    assert [o[0] for o in officials(text)] == [name]


def test_a_name_followed_by_a_speech_verb() -> None:
    assert officials("“我们一定要把产业做大。”第一书记王翔说。") == [("王翔", "第一书记", "")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("茅箭区委书记周庆荣如此鼓励全区干部群众。", ("周庆荣", "区委书记", "茅箭区")),
        ("“脱贫攻坚，时不我待。”茅箭区区长张捍声说。", ("张捍声", "区长", "茅箭区")),
        ("会宁县副县长刘志强说，要加快易地扶贫搬迁。", ("刘志强", "副县长", "会宁县")),
        ("雷山县县长李华强调，要做大茶产业。", ("李华", "县长", "雷山县")),
    ],
)
def test_region_plus_title_plus_name(text: str, expected: tuple[str, str, str]) -> None:
    assert officials(text) == [expected]
    name, position, region = expected
    assert serves_in(run_until(text, "relations")) == {(name, region, position)}


def test_a_unit_between_region_and_title_is_part_of_the_position() -> None:
    text = "在谭志生建房的过程中，龙驹镇规环所负责人向文龙等建设工程技术人员多次到现场。"
    assert officials(text) == [("向文龙", "规环所负责人", "龙驹镇")]


def test_a_town_party_secretary_in_another_province() -> None:
    doc = run_until("甘肃省定西市安定区香泉镇党委书记王建国带领干部入户走访。", "relations")
    assert entities(doc, "Official") == {"王建国"}
    ((name, region, position),) = serves_in(doc)
    assert (name, region) == ("王建国", "香泉镇")
    assert position.endswith("党委书记")


def test_a_city_title_without_region_serves_in_the_city_the_article_is_about() -> None:
    text = (
        "十堰市脱贫攻坚工作综述\n\n"
        "十堰市全面落实中央“五级书记抓扶贫”要求，十堰市各级党委压实主体责任。"
        "市委书记张维国、市长陈新武分别担任市扶贫攻坚工作领导小组组长、第一副组长。\n"
    )
    doc = run_until(text, "relations")
    assert serves_in(doc) == {("张维国", "十堰市", "市委书记"), ("陈新武", "十堰市", "市长")}


def test_a_city_secretary_of_another_province() -> None:
    doc = run_until("定西市委书记张明说，要抓好马铃薯产业。", "relations")
    assert serves_in(doc) == {("张明", "定西市", "市委书记")}


@pytest.mark.parametrize(
    "text",
    [
        "龙驹镇分水村的脱贫户谭志生，终于实现了安居乐业的梦想。",
        "记者王雁博 通讯员时清\n\n茅箭区脱贫攻坚全景扫描。",
        "区委书记、区长双挂帅，区委书记遍访85个贫困村。",
    ],
)
def test_villagers_bylines_and_bare_titles_are_not_officials(text: str) -> None:
    assert officials(text) == []


def test_the_same_official_in_two_sentences_is_one_entity() -> None:
    text = "万州区委书记莫恭明前往龙驹镇调研。莫恭明强调，要深入学习贯彻重要讲话精神。"
    doc = run_until(text, "entities")
    assert entities(doc, "Official") == {"莫恭明"}


def test_a_name_that_starts_like_a_word_after_a_title() -> None:
    assert officials("“要把小茶叶做成大产业。”雷山县委书记吴国华说。") == [
        ("吴国华", "县委书记", "雷山县")
    ]


def test_a_minority_surname_and_an_autonomous_county_short_form() -> None:
    doc = run_until("怒江州州委书记纳云德多次强调，贡山县独龙江乡要发展草果。", "relations")
    assert "纳云德" in {e.label for e in doc.entities.values() if e.kind == "Official"}
    assert ("独龙江乡", "贡山独龙族怒族自治县") in {
        (doc.entities[f.head].label, doc.entities[f.tail].label)
        for f in doc.facts if f.relation == "locatedIn"
    }


@pytest.mark.parametrize("text, name", [
    ("村第一书记艾尔肯·吐尼亚孜带领群众发展核桃。", "艾尔肯·吐尼亚孜"),
    ("县长阿不都热依木·阿不都克力木说，要抓好就业。", "阿不都热依木·阿不都克力木"),
    ("县长阿不都热依木·阿不都克力木介绍，全县累计投入资金。", "阿不都热依木·阿不都克力木"),
    ("乡党委书记次仁·多吉表示，牧民增收。", "次仁·多吉"),
])
def test_a_name_written_with_a_middle_dot_keeps_all_its_parts(text: str, name: str) -> None:
    assert entities(run_until(text, "entities"), "Official") == {name}


def test_a_four_character_name_before_a_follower_is_whole() -> None:
    # Yi names (吉克阿呷) run to four characters; three-character names stay three
    text = "腊竹底村党总支书记吉克阿呷带领村民种植草果，县长李文华介绍了情况。"
    assert entities(run_until(text, "entities"), "Official") == {"吉克阿呷", "李文华"}


@pytest.mark.parametrize("text, position", [
    # the second title is held where the first is: both posts are the county's
    ("西吉县委常委、副县长马小平介绍，全县马铃薯种植面积稳定。", "县委常委、副县长"),
    # the committee is the county's
    ("西吉县委常委马小平介绍，全县马铃薯种植面积稳定。", "县委常委"),
])
def test_a_title_after_a_county_committee_title_serves_in_that_county(text, position) -> None:
    doc = run_until(text, "relations")
    serves = [(label(doc, f.head), label(doc, f.tail), f.position)
              for f in doc.facts if f.relation == "servesIn"]
    assert serves == [("马小平", "西吉县", position)]
