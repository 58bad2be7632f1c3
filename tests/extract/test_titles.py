"""The title grammar (kg/extract/match/titles.py) and every order of name and title.

Sentences are written for these tests in the style of county reports from
Guizhou, Gansu, Sichuan, Henan, Hunan, Guangxi, Xinjiang and Tibet.
"""

from __future__ import annotations

import pytest
from conftest import run_until

from kg.extract.match.titles import grammar, parse_before


def titles(text: str) -> dict[str, list[tuple[str, str, str]]]:
    """name -> [(position, role, level)] of the Official mentions of ``text``."""
    doc = run_until(text, "mentions")
    return {m.surface: [(t.position, t.role, t.level) for t in m.titles]
            for m in doc.mentions if m.kind == "Official"}


def written_regions(text: str) -> dict[str, list[str]]:
    """name -> the region written with each title ("" where none is)."""
    doc = run_until(text, "mentions")
    return {m.surface: [doc.text[t.region_span[0] : t.region_span[1]] for t in m.titles]
            for m in doc.mentions if m.kind == "Official"}


@pytest.mark.parametrize("text, name, expected", [
    # unit with a name of its own before the role (Henan); the county that opens the
    # bureau's name is the office's region, the rest is the post (Y县林业局局长 → 林业局局长)
    ("兰考县农业农村局副局长范志军介绍，全县发展蜜瓜两万亩。", "范志军",
     [("农业农村局副局长", "局长", "County")]),
    # level word, two units, role (Gansu)
    ("省林业和草原局生态修复处处长马文礼说，要种好每一棵树。", "马文礼",
     [("省林业和草原局生态修复处处长", "处长", "Province")]),
    # a level word before a committee's unit (Hunan)
    ("镇纪委书记向红梅说，扶贫资金一分一厘都要用在刀刃上。", "向红梅",
     [("镇纪委书记", "书记", "Town")]),
    # modifiers: 常务副 before a role that names its level (Sichuan)
    ("常务副县长罗成刚表示，要把住房安全保障落到实处。", "罗成刚",
     [("常务副县长", "县长", "County")]),
    # a role word that names the village (Guangxi)
    ("村支书韦光辉带着我们走进了砂糖橘园。", "韦光辉", [("村支书", "村支书", "Village")]),
    # a professional title after a station (Tibet)
    ("县农牧综合服务中心高级畜牧师次旦说，牦牛出栏率提高了。", "次旦",
     [("县农牧综合服务中心高级畜牧师", "畜牧师", "County")]),
    # a field of work between the level word and the role (Guizhou, Hunan)
    ("镇扶贫专干吴晓丽说，全镇建档立卡户都有了帮扶责任人。", "吴晓丽",
     [("镇扶贫专干", "专干", "Town")]),
    ("村妇女主任龙秀英说，绣娘们一个月能挣两千元。", "龙秀英", [("村妇女主任", "主任", "Village")]),
    # a modifier before the level word
    ("原县委书记李学勤说，那时候全县还有12万贫困人口。", "李学勤",
     [("原县委书记", "书记", "County")]),
    # a cooperative and its chairman, no region (Xinjiang)
    ("红枣种植专业合作社理事长买买提·吐尔逊说，今年每亩多收两百元。", "买买提·吐尔逊",
     [("红枣种植专业合作社理事长", "理事长", "")]),
])
def test_titles_are_composed_from_levels_units_modifiers_and_roles(text, name, expected) -> None:
    assert titles(text)[name] == expected


def test_a_chain_with_a_comma_of_enumeration_gives_every_post() -> None:
    text = "县委常委、组织部长、县委党校校长杜建华说，要选好派强驻村干部。"
    found = titles(text)["杜建华"]
    assert [p for p, _, _ in found] == ["县委常委", "组织部长", "县委党校校长"]
    assert {level for _, _, level in found} == {"County"}  # 组织部长 is the county's too


def test_a_chain_joined_by_jian_gives_both_village_posts() -> None:
    text = "白杨坪村党支部书记兼村委会主任冉启富说，村里的路修到了家门口。"
    assert [p for p, _, _ in titles(text)["冉启富"]] == ["党支部书记", "村委会主任"]
    assert written_regions(text)["冉启富"] == ["白杨坪村", "白杨坪村"]


def test_in_a_chain_a_title_of_another_level_keeps_its_own_level() -> None:
    # the city's committee member is not the county's
    text = "市委常委、镇雄县委书记周正平带队督查。"
    assert written_regions(text)["周正平"] == ["", "镇雄县"]
    assert titles(text)["周正平"][0][2] == "City"


@pytest.mark.parametrize("text, name, position", [
    ("吴秀芬担任了村党支部书记，带领村民种植油茶。", "吴秀芬", "村党支部书记"),
    ("马正清任县扶贫开发办公室主任期间，全县减贫三万人。", "马正清", "县扶贫开发办公室主任"),
    ("今年46岁的杨再兴是村里的致富带头人。", "杨再兴", "致富带头人"),
    ("卢俊峰担任第一书记已有三年。", "卢俊峰", "第一书记"),
])
def test_a_name_before_its_title(text: str, name: str, position: str) -> None:
    assert [p for p, _, _ in titles(text)[name]] == [position]


def test_de_between_title_and_name() -> None:
    assert "覃海燕" in titles("身为县电商协会副会长的覃海燕，把螺蛳粉卖到了全国。")


@pytest.mark.parametrize("text, name", [
    ("村支书陈国栋最有感触：“路通了，心也通了。”", "陈国栋"),  # 最 starts the next word
    ("合作社监事洛桑补充说，牦牛肉销路很好。", "洛桑"),  # no surname; 补充说 follows
    ("理事长阿依古丽介绍，合作社有社员120户。", "阿依古丽"),
    ("乡党委书记欧阳和平说，要抓好油茶。", "欧阳和平"),  # 和 inside a name
    ("镇党委书记田和顺说，要抓好油茶。", "田和顺"),
    ("村主任沙马拉且指着新修的水池说。", "沙马拉且"),  # a Yi name before 指着
    ("乡党委书记次仁旺堆说，要发展青稞产业。", "次仁旺堆"),  # 旺堆 is a word, 次仁 none
])
def test_the_name_ends_where_the_words_after_names_begin(text: str, name: str) -> None:
    assert name in titles(text)


@pytest.mark.parametrize("text", [
    "本报记者 刘建华 通讯员 杨帆",  # a byline
    "脱贫户龙大妈笑着说，日子一天比一天好。",  # a villager
    "村民石老三说，今年的辣椒卖了好价钱。",
    "省委书记的一番话，让大家干劲更足了。",  # no name after the title
    "他任宣传委员时主抓移风易俗。",  # a verb after the title, not a name
    "县长和镇长一起走访了贫困户。",
    "他对县长和书记都很熟悉。",  # 和 and 都 are surnames, but not here
])
def test_bylines_villagers_and_titles_without_a_name_give_no_official(text: str) -> None:
    assert titles(text) == {}


def test_a_role_alone_is_a_title_and_no_role_is_none() -> None:
    assert parse_before("书记", 2, {}).position == "书记"
    assert parse_before("林业局", 3, {}) is None  # a unit without a role


def test_the_grammar_tables_compose_rather_than_list_whole_titles() -> None:
    g = grammar()
    # composed titles are not in any table: the grammar makes them
    for whole in ("副局长", "村党支部书记", "常务副县长", "县委书记"):
        assert whole not in g.role_level and whole not in g.units
    assert {"副", "常务副", "原", "老", "前任"} <= set(g.modifiers)
    assert {"党委", "政府", "人大", "政协", "纪委", "组织部", "局", "委", "厅", "站", "所", "院",
            "中心", "合作社", "公司", "协会", "工作队"} <= set(g.units)


def test_a_named_unit_is_not_the_villages_and_a_company_post_takes_no_level() -> None:
    # a party branch of a relocation site is not the village's; the deputy town head is the town's
    found = titles("易地搬迁安置点临时党支部书记、副镇长韦光明说，群众搬得出、稳得住。")["韦光明"]
    assert [(p, level) for p, _, level in found] == [("临时党支部书记", ""), ("副镇长", "Town")]
    # the company's chairman is not the county's, though the association's head is
    found = titles("县茶叶协会会长、黔丰茶业有限公司董事长罗永群说。")["罗永群"]
    assert [level for _, _, level in found] == ["County", ""]


def test_a_short_phrase_with_de_may_stand_between_the_cue_and_the_title() -> None:
    assert [p for p, _, _ in titles("王德军是这家公司的负责人。")["王德军"]] == ["负责人"]


def test_the_length_of_a_name_comes_from_the_same_name_written_elsewhere() -> None:
    # 荣获 is a word, so 杨光|荣获 alone reads two characters; the article writes 杨光荣说
    text = "村主任杨光荣获县级表彰。“路修好了，产业就来了。”杨光荣说。"
    assert set(titles(text)) == {"杨光荣"}
    # 杰出 makes 张华杰 doubtful; the article writes 张华 again and 张华杰 never
    text = "县委书记张华杰出席了签约仪式。张华说，要把茶叶产业做强。"
    assert set(titles(text)) == {"张华"}


def test_a_bad_row_in_a_grammar_table_names_the_file(monkeypatch, tmp_path) -> None:
    import shutil

    from kg import resources
    from kg.errors import KgError

    lexicons = tmp_path / "lexicons"
    shutil.copytree(resources.ontology_dir() / "lexicons", lexicons)
    with (lexicons / "title_roles.tsv").open("a", encoding="utf-8") as f:
        f.write("乡长\tTownship\n")
    monkeypatch.setattr(resources, "ontology_dir", lambda: tmp_path)
    grammar.cache_clear()
    try:
        with pytest.raises(KgError, match=r"title_roles\.tsv: unknown level 'Township'"):
            grammar()
    finally:
        grammar.cache_clear()


def test_a_name_ended_by_a_follower_does_not_grow_into_it() -> None:
    # 杨波正 is written again (before 在), but 正在 follows names: the name is 杨波
    text = "驻村工作队员杨波正在给村民讲解政策。"
    assert set(titles(text)) == {"杨波"}
