"""Questions a reader can check in the article text, asked of the corpus graph in SPARQL.

Each expected answer is quoted from the article it comes from (file prefix in the comment).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import PREFIXES, select


def ask(graph, query: str) -> bool:
    return bool(graph.query(PREFIXES + query).askAnswer)


@pytest.mark.parametrize(
    ("name", "position", "region"),
    [
        ("周庆荣", "区委书记", "茅箭区"),  # 000: 茅箭区委书记周庆荣如此鼓励全区干部群众
        ("张捍声", "区长", "茅箭区"),  # 000: 茅箭区区长张捍声说
        ("莫恭明", "区委书记", "万州区"),  # 002: 市委常委、万州区委书记莫恭明
        ("张维国", "市委书记", "十堰市"),  # 003: 市委书记张维国、市长陈新武 (an article on 十堰)
        ("陈新武", "市长", "十堰市"),
        ("向文龙", "规环所负责人", "龙驹镇"),  # 002: 龙驹镇规环所负责人向文龙
    ],
)
def test_officials_serve_in_the_region_of_their_title(corpus_build, name, position, region) -> None:
    rows = select(
        corpus_build[1],
        f"""SELECT ?position ?region WHERE {{
              ?o a pa:Official ; rdfs:label "{name}"@zh ; pa:position ?position ;
                 pa:servesIn ?r . ?r rdfs:label ?region }}""",
    )
    # every post of the official is a position; the office's region is the title's
    assert (position, region) in rows and {r for _, r in rows} == {region}


def test_villagers_and_reporters_are_not_officials(corpus_build) -> None:
    graph = corpus_build[1]
    # 002: 脱贫户谭志生 (a villager); 000: 记者王雁博 (the reporter)
    for name in ("谭志生", "王雁博"):
        assert not ask(graph, f'ASK {{ ?o a pa:Official ; rdfs:label "{name}"@zh }}')


def test_the_villages_of_dachuan(corpus_build) -> None:
    # 004: 大川镇位于茅箭区南部，辖大川村、唐家村、浪溪村、卡子村、段家村5个行政村;
    # 000 names 营子村 without its town, which the division table puts in 大川镇
    rows = select(
        corpus_build[1],
        """SELECT ?village WHERE {
             ?v a pa:Village ; rdfs:label ?village ; pa:locatedIn ?t .
             ?t rdfs:label "大川镇"@zh }""",
    )
    assert sorted(r[0] for r in rows) == sorted(
        ["大川村", "唐家村", "浪溪村", "卡子村", "段家村", "营子村"])
    assert ask(
        corpus_build[1],
        'ASK { ?t rdfs:label "大川镇"@zh ; pa:locatedIn ?c . ?c rdfs:label "茅箭区"@zh }',
    )


def test_a_chain_written_in_a_caption(corpus_build) -> None:
    # 002 caption: 万州区五桥街道龚家社区，村民出行的环境明显改善
    rows = select(
        corpus_build[1],
        """SELECT ?town ?county WHERE {
             ?v rdfs:label "龚家社区"@zh ; pa:locatedIn ?t . ?t rdfs:label ?town ;
                pa:locatedIn ?c . ?c rdfs:label ?county }""",
    )
    assert rows == [("五桥街道", "万州区")]


@pytest.mark.parametrize(
    ("region", "relation", "thing"),
    [
        ("民义村", "develops", "中药材"),  # 002: 万州区龙驹镇民义村打造的500亩中药材基地
        ("营子村", "develops", "黄酒"),  # 000: 营子村、马家河村等建立了黄酒、蓝染、玉器加工等作坊
        ("马家河村", "develops", "蓝染"),
        ("会沟村", "develops", "香菇"),  # 001 caption: 郧阳区白浪镇会沟村香菇种植基地
        ("鲍沟村", "implements", "扶贫小额信贷"),  # 001: 杨溪铺镇鲍沟村扶贫小额信贷案例
        ("郧阳区", "implements", "三个一百工程"),  # 001: 实施生态扶贫“三个一百工程”
        ("万州区", "implements", "三师入户"),  # 002: 万州区持续开展“三师入户”活动
        ("唐家村", "implements", "光伏扶贫"),  # 004: 光伏扶贫电站2座（分别位于唐家村和卡子村）
        ("卡子村", "implements", "光伏扶贫"),
    ],
)
def test_what_a_region_develops_or_implements(corpus_build, region, relation, thing) -> None:
    assert ask(
        corpus_build[1],
        f'ASK {{ ?r rdfs:label "{region}"@zh ; pa:{relation} ?t . ?t rdfs:label "{thing}"@zh }}',
    )


def test_the_evidence_of_a_fact_is_the_sentence_that_states_it(corpus_build) -> None:
    rows = select(
        corpus_build[1],
        """SELECT ?quote ?article WHERE {
             ?st rdf:subject ?r ; rdf:predicate pa:implements ; rdf:object ?p ;
                 pa:supportedBy ?ev .
             ?r rdfs:label "鲍沟村"@zh . ?p rdfs:label "扶贫小额信贷"@zh .
             ?ev pa:quote ?quote ; prov:wasDerivedFrom/rdfs:label ?article }""",
    )
    assert len(rows) == 1
    quote, article = rows[0]
    assert article == "001_4968c35a67ce9c3f.txt"
    assert "杨溪铺镇鲍沟村扶贫小额信贷案例入选" in quote


@pytest.mark.parametrize(
    ("region", "value", "unit", "word"),
    [
        ("茅箭区", Decimal(7129), "人", "贫困人口"),  # 000: 2402户7129名贫困人口…全部出列
        ("茅箭区", Decimal(2402), "户", "贫困"),
        ("茅箭区", Decimal(180000000), "元", "资金"),  # 000: 全区筹集资金1.8亿元
        ("茅箭区", Decimal(50000000), "元", ""),  # 000: 累计投入5000多万元
        ("郧阳区", Decimal("97.35"), "%", "认可度"),  # 001: 群众认可度97.35%
        ("郧阳区", Decimal(48000), "户", "贫困户"),  # 001: 结对帮扶4.8万户贫困户
        ("十堰市", Decimal(833000), "人", "贫困人口"),  # 003: 27.1万户83.3万贫困人口
        ("大川镇", Decimal(1593), "人", "贫困人口"),  # 004: 建档立卡贫困人口465户1593人
        ("大川镇", Decimal(2), "个", "贫困村"),  # 004: 省级重点贫困村两个
        ("民义村", Decimal(500), "亩", "中药材"),  # 002: 民义村打造的500亩中药材基地
    ],
)
def test_statistics_a_reader_can_find(corpus_build, region, value, unit, word) -> None:
    rows = select(
        corpus_build[1],
        f"""SELECT ?indicator WHERE {{
              ?s a pa:Statistic ; pa:aboutRegion/rdfs:label "{region}"@zh ;
                 pa:value ?v ; pa:unit "{unit}"@zh ; pa:indicator ?indicator .
              FILTER(?v = {value}) }}""",
    )
    assert rows, f"no statistic {value} {unit} about {region}"
    assert any(word in r[0] for r in rows), rows


def test_the_year_of_a_statistic(corpus_build) -> None:
    # 000: 至2019年，2402户7129名贫困人口…全部出列
    rows = select(
        corpus_build[1],
        """SELECT ?year WHERE {
             ?s a pa:Statistic ; pa:value ?v ; pa:aboutRegion/rdfs:label "茅箭区"@zh ;
                pa:indicator "贫困人口"@zh ; pa:year ?year . FILTER(?v = 7129) }""",
    )
    assert "2019" in {str(r[0])[:4] for r in rows}


@pytest.mark.parametrize(
    "name",
    ["德康公司", "十堰农商银行", "水利部", "中国人民保险集团"],  # 002, 003, 001, 001
)
def test_named_organisations(corpus_build, name) -> None:
    assert ask(corpus_build[1], f'ASK {{ ?o a pa:Organization ; rdfs:label "{name}"@zh }}')


def test_short_forms_are_aliases_of_the_full_names(corpus_build) -> None:
    # 000: 茅箭，十堰主城区; 001: 郧阳
    rows = select(
        corpus_build[1],
        """SELECT ?full ?short WHERE { ?r rdfs:label ?full ; skos:altLabel ?short .
             VALUES ?full { "茅箭区"@zh "十堰市"@zh } }""",
    )
    assert {("茅箭区", "茅箭"), ("十堰市", "十堰")} <= set(rows)


def test_programmes_by_region_count(corpus_build) -> None:
    rows = select(
        corpus_build[1],
        """SELECT ?region (COUNT(DISTINCT ?p) AS ?n) WHERE {
             ?r pa:implements ?p ; rdfs:label ?region } GROUP BY ?region""",
    )
    counts = dict(rows)
    # 002 lists 健康医疗扶贫、产业扶贫、就业扶贫、消费扶贫…易地扶贫搬迁 for 万州区
    assert counts["万州区"] >= 5
    assert counts["郧阳区"] >= 5


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_labels_are_chinese_literals_as_the_readme_says(corpus_ttl, store) -> None:
    """The README's saved-question notes: a plain literal is not a @zh label."""
    from kg.sparql.engine import open_source

    source = open_source(corpus_ttl, store)

    def answer(query: str) -> bool:
        return source.execute(query).boolean()

    # 000: 茅箭区委书记周庆荣
    assert answer('ASK { ?o a pa:Official ; rdfs:label "周庆荣" }') is False
    assert answer('ASK { ?o a pa:Official ; rdfs:label "周庆荣"@zh }') is True
    assert answer('ASK { ?o a pa:Official ; rdfs:label ?n FILTER(STR(?n) = "周庆荣") }') is True
