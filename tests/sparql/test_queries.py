"""The saved questions (queries/*.rq): listed, runnable, and right on the corpus.

Every expected answer below is a fact a reader can check in corpus/*.txt; the
article and the sentence are named next to each check.  The questions run on
both engines (rdflib's memory graph and Oxigraph) and through ``kg query``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from kg.cli import main
from kg.sparql.engine import open_source
from kg.sparql.saved import load

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
REQUIRED = {
    "officials_by_region",
    "villages_of_county",
    "programs_by_region",
    "regions_by_industry",
    "region_statistics",
    "evidence",
    "poverty_lifted_ranking",
    "industries_by_villages",
    "indicator_by_year",
}
NUMERIC = ("integer", "decimal", "double", "float", "int", "long")


def rows_of(answer_json: bytes) -> list[dict]:
    """SPARQL JSON bindings as plain values: numbers as Decimal, the rest as text."""
    rows = []
    for binding in json.loads(answer_json)["results"]["bindings"]:
        row = {}
        for name, term in binding.items():
            datatype = term.get("datatype", "")
            if datatype.endswith(NUMERIC):
                row[name] = Decimal(term["value"]).normalize()
            else:
                row[name] = term["value"]
        rows.append(row)
    return rows


def ask(ttl: Path, name: str, store: str = "auto", text: str | None = None) -> list[dict]:
    text = text if text is not None else (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    return rows_of(open_source(ttl, store).execute(text).canonical())


def with_values(name: str, old: str, new: str) -> str:
    """A saved question with its VALUES line changed, as its comment tells a reader to."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    assert f'"{old}"@zh' in text
    return text.replace(f'"{old}"@zh', f'"{new}"@zh')


def raw_article(name: str) -> str:
    """The article's text as read (offsets count characters of the decoded file)."""
    from kg.extract.read import read_article

    return read_article(ROOT / "corpus" / name).raw


# ---------------------------------------------------------------- the library


def test_every_required_question_is_saved_with_a_comment_saying_what_it_answers() -> None:
    saved = {q.name: q for q in load(QUERIES)}
    assert set(saved) >= REQUIRED
    for q in saved.values():
        assert q.text.lstrip().startswith("#"), q.name
        assert len(q.title) > 15 and q.description, q.name


def test_saved_questions_declare_their_prefixes_so_any_store_can_run_them() -> None:
    import pyoxigraph

    store = pyoxigraph.Store()
    for q in load(QUERIES):
        store.query(q.text)  # no default prefixes given: an undeclared one is a syntax error


def test_naive_clients_see_a_select_in_each_saved_question() -> None:
    """SPARQLWrapper guesses the query form from the first keyword it finds, comments
    included (it strips only every other comment line): comments must not mislead it."""
    wrapper = pytest.importorskip("SPARQLWrapper")
    client = wrapper.SPARQLWrapper("http://127.0.0.1:9/sparql")
    for q in load(QUERIES):
        assert client._parseQueryType(q.text) == "SELECT", q.name


def test_kg_queries_lists_every_question(capsys) -> None:
    assert main(["queries", "--dir", str(QUERIES)]) == 0
    out = capsys.readouterr().out
    for q in load(QUERIES):
        assert re.search(rf"^{q.name}\s+{re.escape(q.title)}$", out, re.M), q.name
    assert "kg query GRAPH -f" in out


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_kg_query_runs_each_saved_file(capsys, corpus_ttl: Path, name: str) -> None:
    status = main(["query", str(corpus_ttl), "-f", str(QUERIES / f"{name}.rq"), "--format", "json"])
    out = capsys.readouterr().out
    assert status == 0
    cli = json.loads(out)
    assert cli and len(cli) == len(ask(corpus_ttl, name))
    assert main(["query", str(corpus_ttl), "--saved", name, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == cli


# ---------------------------------------------------------------- answers, on both engines


@pytest.fixture(params=["memory", "oxigraph"])
def engine(request) -> str:
    return request.param


def test_officials_and_their_posts(corpus_ttl: Path, engine: str) -> None:
    got = {
        (r["region"], r["official"], r.get("position"))
        for r in ask(corpus_ttl, "officials_by_region", engine)
    }
    # 000: "茅箭区委书记周庆荣如此鼓励" / "茅箭区区长张捍声说"
    assert ("茅箭区", "周庆荣", "区委书记") in got
    assert ("茅箭区", "张捍声", "区长") in got
    # 002: "市委常委、 万州区委书记莫恭明前往走马…"
    assert ("万州区", "莫恭明", "区委书记") in got
    # 003: "市委书记张维国、市长陈新武分别担任…"
    assert ("十堰市", "张维国", "市委书记") in got
    assert ("十堰市", "陈新武", "市长") in got


def test_villages_of_a_county_through_towns(corpus_ttl: Path, engine: str) -> None:
    rows = ask(corpus_ttl, "villages_of_county", engine)
    within = {r["village"]: r["within"] for r in rows}
    # 004: "大川镇位于茅箭区南部，辖大川村、唐家村、浪溪村、卡子村、段家村5个行政村"
    for village in ("大川村", "唐家村", "浪溪村", "卡子村", "段家村"):
        assert within.get(village) == "大川镇", village
    # 000: "茅塔乡大坪村光伏电站"; "营子村、马家河村等建立了黄酒、蓝染、玉器加工等作坊"
    assert within.get("大坪村") == "茅塔乡"
    assert {"营子村", "马家河村"} <= set(within)
    # villages of 郧阳区 (001: 会沟村, 红和村) and 万州区 (002: 分水村, 戈厂村) are not 茅箭区's
    assert not {"会沟村", "红和村", "分水村", "戈厂村"} & set(within)
    # the same question about 万州区: 002 "龙驹镇分水村", "柱山乡戈厂村"
    wanzhou = ask(corpus_ttl, "", engine, with_values("villages_of_county", "茅箭区", "万州区"))
    assert {"分水村", "戈厂村"} <= {r["village"] for r in wanzhou}
    assert not {"唐家村", "卡子村"} & {r["village"] for r in wanzhou}


def test_programmes_each_region_implements(corpus_ttl: Path, engine: str) -> None:
    got = {
        (r["region"], r["level"], r["program"])
        for r in ask(corpus_ttl, "programs_by_region", engine)
    }
    # 004: "做优光伏扶贫。全镇共有光伏扶贫电站2座" / "做好金融扶贫。全镇扶贫小额信贷…"
    assert ("大川镇", "Town", "光伏扶贫") in got
    assert ("大川镇", "Town", "金融扶贫") in got
    # 001: "实施生态扶贫“三个一百工程”"
    assert ("郧阳区", "County", "三个一百工程") in got


def test_regions_developing_an_industry(corpus_ttl: Path, engine: str) -> None:
    got = {(r["region"], r["level"]) for r in ask(corpus_ttl, "regions_by_industry", engine)}
    # 001: "发展香菇、林业两大主导产业"; 004: "发展猕猴桃、阳荷、洋姜、香菇、辣椒等特色种植业";
    # 000: "发展香菇、蜂蜜、阳荷等产业"
    assert {("郧阳区", "County"), ("大川镇", "Town"), ("茅箭区", "County")} <= got
    # another industry through the VALUES line: 004 "发展猕猴桃…", 000 "建成茶叶、猕猴桃…基地"
    kiwi = ask(corpus_ttl, "", engine, with_values("regions_by_industry", "香菇", "猕猴桃"))
    assert {"大川镇", "茅箭区"} <= {r["region"] for r in kiwi}
    assert "郧阳区" not in {r["region"] for r in kiwi}


def test_all_statistics_of_a_region_with_their_year(corpus_ttl: Path, engine: str) -> None:
    rows = ask(corpus_ttl, "region_statistics", engine)
    facts = {(r["value"], r.get("unit"), r.get("year")) for r in rows}
    # 000: "至2019年，2402户7129名贫困人口…全部出列"
    assert (Decimal(7129), "人", "2019") in facts
    assert (Decimal(2402), "户", "2019") in facts
    # 000: "全区筹集资金1.8亿元安置978户2990名易迁群众"
    assert (Decimal(180000000), "元", None) in facts
    # 000: "2020年全区统筹…其中产业投入资金6379万元"
    assert (Decimal(63790000), "元", "2020") in facts
    for r in rows:  # each comes with the sentence it was read from
        assert r["quote"], r
    # the same question about 大川镇 (004): "建档立卡贫困人口465户1593人"
    town = ask(corpus_ttl, "", engine, with_values("region_statistics", "茅箭区", "大川镇"))
    facts = {(r["value"], r.get("unit")) for r in town}
    assert {(Decimal(1593), "人"), (Decimal(465), "户")} <= facts


def test_evidence_sentences_are_the_articles_own_text(corpus_ttl: Path, engine: str) -> None:
    rows = ask(corpus_ttl, "evidence", engine)
    assert len(rows) > 50
    assert {r["relation"] for r in rows} == {"servesIn", "locatedIn", "implements", "develops"}
    texts: dict[str, str] = {}
    for r in rows:
        raw = texts.setdefault(r["article"], raw_article(r["article"]))
        assert raw[int(r["start"]) : int(r["end"])] == r["quote"], r
    served = [
        r
        for r in rows
        if (r["subject"], r["relation"], r["object"]) == ("周庆荣", "servesIn", "茅箭区")
    ]
    assert served and all("茅箭区委书记周庆荣" in r["quote"] for r in served)
    assert served[0]["article"] == "000_09ec1a85e73abec8.txt"
    located = [
        r
        for r in rows
        if (r["subject"], r["relation"], r["object"]) == ("唐家村", "locatedIn", "大川镇")
    ]
    assert located and "辖大川村、唐家村" in located[0]["quote"]
    assert located[0]["article"] == "004_cca4ab3c6bf294dc.txt"


def test_regions_ranked_by_poor_population_lifted_out(corpus_ttl: Path, engine: str) -> None:
    rows = ask(corpus_ttl, "poverty_lifted_ranking", engine)
    people = {r["region"]: r["people"] for r in rows}
    # 003: "截至2018年底，全市累计脱贫65.9万人" (十堰市)
    assert rows[0]["region"] == "十堰市" and rows[0]["people"] == Decimal(659000)
    # 000: 茅箭区 "7129名贫困人口…全部出列";
    # 004: 大川镇 "建档立卡贫困人口465户1593人", "大川镇同步脱贫出列"
    assert people["茅箭区"] == Decimal(7129)
    assert people["大川镇"] == Decimal(1593)
    order = [r["region"] for r in rows]
    assert order.index("茅箭区") < order.index("大川镇")
    values = [r["people"] for r in rows]
    assert values == sorted(values, reverse=True)


def test_the_ranking_compares_regions_by_concept_not_by_wording(corpus_ttl: Path) -> None:
    # ningxia: "全国还有5000万贫困人口" is national, about none of the article's regions
    people = {r["region"]: r["people"] for r in ask(corpus_ttl, "poverty_lifted_ranking")}
    assert Decimal(50000000) not in people.values()
    assert "固原市" not in people


def test_an_indicator_by_year(corpus_ttl: Path, engine: str) -> None:
    text = with_values("indicator_by_year", "贫困发生率", "人均可支配收入")
    rows = ask(corpus_ttl, "indicator_by_year", engine, text)
    # 001: "农村常住居民人均可支配收入从2014年的7038元增加到2019年的11300元"
    by_year = {(r["region"], r["year"]): r["value"] for r in rows}
    assert by_year[("郧阳区", "2014")] == Decimal(7038)
    assert by_year[("郧阳区", "2019")] == Decimal(11300)
    assert {r["indicator"] for r in rows} == {"人均可支配收入"}
    # 003: "截至2018年底…贫困发生率降至7.8%" (十堰市)
    rates = ask(corpus_ttl, "indicator_by_year", engine)
    assert any(r["region"] == "十堰市" and r["year"] == "2018" and r["value"] == Decimal("7.8")
               for r in rates)


def test_industries_shared_by_most_villages(corpus_ttl: Path, engine: str) -> None:
    rows = ask(corpus_ttl, "industries_by_villages", engine)
    count = {r["industry"]: r["villages"] for r in rows}
    # 004: "帮助卡子村、浪溪村销售辣椒、西瓜等农产品"
    assert count["辣椒"] == count["西瓜"] == 2
    # 000: "营子村、马家河村等建立了黄酒、蓝染、玉器加工等作坊"
    assert count["黄酒"] == count["蓝染"] == count["玉器加工"] == 2
    values = [r["villages"] for r in rows]
    assert values == sorted(values, reverse=True) and values[0] == max(count.values())
