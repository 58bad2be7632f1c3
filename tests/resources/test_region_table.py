"""Towns and villages decided on the whole article with the national division table.

The sentences are written for these tests in the style of county reports from Gansu, Guizhou
and Liaoning; the place names are real units of the table, in counties the bundled corpus
never mentions.
"""

from __future__ import annotations

import importlib.util

import pytest

import kg.resources.divisions as divisions
from kg.errors import KgError
from kg.extract.pipeline import process_text
from kg.model import Doc, county_of


def regions(doc: Doc, *levels: str) -> dict[str, tuple[str, str]]:
    """label -> entity ref of the article's regions of those levels."""
    return {e.label: ref for ref, e in doc.entities.items() if e.kind in levels}


def located(doc: Doc) -> dict[tuple[str, str], bool]:
    """(child, parent) labels of every locatedIn fact -> whether the article wrote it."""
    label = {ref: e.label for ref, e in doc.entities.items()}
    # a parent the article never names is known by the label its child's table row gives
    label.update({e.parent: e.parent_label for e in doc.entities.values() if e.parent})
    out = {}
    for f in doc.facts:
        if f.relation == "locatedIn":
            out[(label[f.head], label[f.tail])] = f.evidence is not None
    return out


def test_villages_of_the_article_county_are_found_whatever_precedes_them() -> None:
    doc = process_text(
        "会宁县持续推进产业扶贫。\n"
        "在慢湾村，驻村工作队帮助群众建起了养殖小区；沈家洼村、窑沟村发展小杂粮种植。\n"
    )
    villages = regions(doc, "Village")
    assert set(villages) == {"慢湾村", "沈家洼村", "窑沟村"}
    # keyed by the county the table puts them in (its code, or county and name), not by
    # the sentence
    assert all(county_of(ref[1]) == "620422" for ref in villages.values())


def test_the_table_gives_the_parent_the_article_does_not_write() -> None:
    doc = process_text("会宁县扶贫办介绍，慢湾村今年新建日光温室40座。\n")
    facts = located(doc)
    # 慢湾村 lies in 丁家沟镇, which the article never names; the fact has no sentence
    assert facts[("慢湾村", "丁家沟镇")] is False
    assert ("慢湾村", "会宁县") not in facts  # not hung on the county instead


def test_common_phrases_are_not_places_in_a_county_the_table_covers() -> None:
    doc = process_text(
        "会宁县推行小事不出村、大事不出镇的做法，村容村貌焕然一新。\n"
        "他也是村里的致富带头人，当过村支书。\n"
    )
    assert regions(doc, "Town", "Village") == {}


def test_a_name_the_table_lacks_is_kept_only_when_the_article_vouches_for_it() -> None:
    # 青松岭村 is no village of 会宁县 in the table: a new or merged village, or a misreading
    vouched = process_text("会宁县丁家沟镇青松岭村党支部带领群众种植马铃薯。\n")
    assert "青松岭村" in regions(vouched, "Village")
    alone = process_text("会宁县大力发展马铃薯，帮扶青松岭村群众种植。\n")
    assert regions(alone, "Village") == {}


def test_without_a_county_the_suffix_rule_still_reads_names() -> None:
    doc = process_text("在青松岭村，群众种植马铃薯，年人均增收800元。\n")
    assert "青松岭村" in regions(doc, "Village")


def test_homonymous_villages_of_two_counties_are_two_entities() -> None:
    # 张家村 is a village name in some 200 counties
    gansu = process_text("东乡族自治县东塬乡张家村发展牛羊养殖。\n", "gansu.txt")
    liaoning = process_text("盘山县胡家镇张家村发展河蟹养殖。\n", "liaoning.txt")
    again = process_text("东乡族自治县张家村的养殖合作社分红30万元。\n", "gansu2.txt")
    a, b, c = (regions(d, "Village")["张家村"] for d in (gansu, liaoning, again))
    assert a != b
    assert a == c  # the same village in two articles is one node


def test_a_tie_between_towns_of_one_name_goes_to_the_one_written_before() -> None:
    doc = process_text("盘山县胡家镇张家村发展河蟹养殖，太平街道张家村发展大米加工。\n")
    parents = {p for (child, p) in located(doc) if child == "张家村"}
    assert "胡家镇" in parents


def test_the_subject_descends_to_the_village_the_story_returns_to() -> None:
    doc = process_text(
        "会宁县是国家扶贫开发工作重点县。\n"
        "记者来到会宁县慢湾村。慢湾村地处山区，过去交通不便。\n"
        "如今，慢湾村建起了合作社，会宁县还为村里修通了硬化路。\n"
    )
    assert doc.entities[doc.subject_region].label == "慢湾村"


def test_a_city_summary_naming_several_counties_stays_with_the_city() -> None:
    doc = process_text(
        "白银市坚持精准扶贫。白银市会宁县、靖远县、景泰县脱贫摘帽。\n"
        "白银市实施易地扶贫搬迁，会宁县建设安置点12个。\n"
    )
    assert doc.entities[doc.subject_region].label == "白银市"


def test_a_missing_table_names_the_package_to_install(monkeypatch) -> None:
    monkeypatch.setattr(divisions, "find_spec", lambda name: None)
    with pytest.raises(KgError, match="pip install jionlp"):
        divisions.table_path()


def test_a_damaged_cached_table_is_made_again(tmp_path, monkeypatch) -> None:
    if importlib.util.find_spec("jionlp") is None:
        pytest.skip("jionlp is not installed")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    divisions.load_divisions.cache_clear()
    try:
        first = divisions.load_divisions()
        cached = list(tmp_path.rglob("divisions-*.bin"))
        assert len(cached) == 1
        cached[0].write_bytes(cached[0].read_bytes()[:1000])  # a truncated copy
        divisions.load_divisions.cache_clear()
        again = divisions.load_divisions()
        assert again.index == first.index and again.packed("620422") == first.packed("620422")
        assert cached[0].stat().st_size > 1000
    finally:
        divisions.load_divisions.cache_clear()


def test_short_forms_are_read_under_the_province_or_city_the_article_names() -> None:
    doc = process_text(
        "甘肃省会宁县持续推进易地扶贫搬迁。\n"
        "记者从兰州出发，驱车三个多小时来到会宁，又去了相邻的靖远。\n"
    )
    cities, counties = regions(doc, "City"), regions(doc, "County")
    assert "兰州市" in cities  # a city of the province the article names
    assert {"会宁县", "靖远县"} <= set(counties)  # 靖远: a county beside the one it names


def test_a_short_form_that_is_an_everyday_word_stays_a_word() -> None:
    # 合作 is also 合作市, a county-level city of 甘南州
    doc = process_text("甘南藏族自治州夏河县加强东西部协作，深化与企业的合作。\n")
    assert "合作市" not in regions(doc, "County")


def test_a_misread_character_resolves_to_the_one_close_unit_of_the_county() -> None:
    # 荔家峡村 of 会宁县's 丁家沟镇, one character misread by a scan
    doc = process_text("会宁县丁家沟镇荔家侠村建成光伏电站。\n")
    village = doc.entities[regions(doc, "Village")["荔家峡村"]]
    assert "荔家侠村" in village.aliases
    # 赫家川村 is as close to 郝家川村 as to 线家川村 of the same town: left as written
    doc = process_text("会宁县丁家沟镇赫家川村建成光伏电站。\n")
    assert set(regions(doc, "Village")) == {"赫家川村"}


def test_a_villagers_group_is_no_village() -> None:
    doc = process_text("会宁县丁家沟镇慢湾村新庄村小组的贫困户搬进了新居。\n")
    assert set(regions(doc, "Village")) == {"慢湾村"}


def test_a_renamed_county_reads_as_todays_unit_with_its_old_name_kept() -> None:
    # 湟中县 became 湟中区 of 西宁市 in 2019; a report from before says 湟中县
    doc = process_text("青海省湟中县实施乡村旅游扶贫，带动贫困户增收。\n")
    county = doc.entities[regions(doc, "County")["湟中区"]]
    assert "湟中县" in county.aliases and county.adcode == "630106"


def test_deictic_words_find_the_region_in_focus_at_their_level() -> None:
    from kg.extract.match.focus import focus_for

    doc = process_text(
        "记者来到会宁县丁家沟镇慢湾村。慢湾村地处山区。\n"
        "慢湾村的马铃薯远近闻名，全镇有一半的马铃薯出自这里，全县的马铃薯节也在这里办。\n"
    )
    label = {ref: e.label for ref, e in doc.entities.items()}
    assert label[doc.subject_region] == "慢湾村"
    assert label[focus_for(doc, "全镇")] == "丁家沟镇"
    assert label[focus_for(doc, "全县")] == "会宁县"
    assert focus_for(doc, "该村") == doc.subject_region


def test_all_the_city_is_the_county_level_city_a_county_story_is_about() -> None:
    from kg.extract.match.focus import focus_for

    doc = process_text("玉门市是甘肃省的一个县级市。玉门市发展枸杞种植，全市种植枸杞3万亩。\n")
    assert doc.entities[focus_for(doc, "全市")].label == "玉门市"


def test_a_unit_named_like_a_common_noun_needs_the_article_to_vouch() -> None:
    # 甘洛县 has a village-level 街道社区 under 田坝镇; the phrase is usually just "street
    # and community"
    plain = process_text("甘洛县各街道社区开展就业培训，帮助群众外出务工。\n")
    assert regions(plain, "Village") == {}
    written = process_text("甘洛县田坝镇街道社区党支部组织群众种植花椒。\n")
    assert "街道社区" in regions(written, "Village")


def test_this_village_in_a_county_story_is_where_its_product_is_grown() -> None:
    doc = process_text(
        "会宁县坚持把产业扶贫作为根本之策。\n"
        "慢湾村过去靠天吃饭。近年来，该村在驻村工作队的带领下，发展马铃薯种植3000亩。\n"
    )
    label = {ref: e.label for ref, e in doc.entities.items()}
    develops = {(label[f.head], label[f.tail]) for f in doc.facts if f.relation == "develops"}
    assert ("慢湾村", "马铃薯") in develops and ("会宁县", "马铃薯") not in develops


def test_a_listed_town_is_no_product_and_a_particle_opens_no_organisation() -> None:
    doc = process_text("会宁县丁家沟镇、中川镇也纷纷发展马铃薯、中药材等产业，"
                       "并成立了慢湾村马铃薯专业合作社。\n")
    kinds = {e.label: e.kind for e in doc.entities.values()}
    assert kinds["丁家沟镇"] == "Town" and kinds["中川镇"] == "Town"
    assert "慢湾村马铃薯专业合作社" in kinds  # not 了慢湾村…


def test_a_link_the_article_states_is_not_also_marked_as_the_gazetteers() -> None:
    import pyoxigraph as ox

    from kg.graph.build import doc_triples
    from kg.vocab import PA_IRI

    doc = process_text("会宁县位于白银市南部，是国家扶贫开发工作重点县。\n")
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in doc_triples(doc))
    rows = list(store.query(f"""
        PREFIX pa: <{PA_IRI}>
        SELECT ?gaz ?ev WHERE {{
          ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> pa:locatedIn ;
              <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?city .
          ?city <http://www.w3.org/2000/01/rdf-schema#label> "白银市"@zh .
          OPTIONAL {{ ?st pa:fromGazetteer ?gaz }} OPTIONAL {{ ?st pa:supportedBy ?ev }} }}"""))
    assert len(rows) == 1 and rows[0]["ev"] is not None and rows[0]["gaz"] is None


def test_a_town_named_by_its_old_kind_is_the_tables_town() -> None:
    # 丁家沟乡 became 丁家沟镇: one node, the old name its alias, the village's parent
    doc = process_text("会宁县丁家沟乡慢湾村今年新建日光温室40座。"
                       "丁家沟乡党委书记说，全乡发展小杂粮。\n")
    towns = [e for e in doc.entities.values() if e.kind == "Town"]
    assert [t.label for t in towns] == ["丁家沟镇"] and "丁家沟乡" in towns[0].aliases
    assert located(doc)[("慢湾村", "丁家沟镇")] is True  # written as a chain
