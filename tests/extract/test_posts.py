"""Posts: the office's region (written, from its body, or in focus at its level),
the org:Membership nodes in the graph, their shapes, the saved question, and
one person across articles.

Articles and sentences are written for these tests in the style of reports
from Guizhou, Gansu, Henan, Hunan, Guangxi and Xinjiang.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import label, run_until
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD, Namespace

from kg.extract.pipeline import process_text
from kg.graph.build import build_graph
from kg.graph.shacl import validate
from kg.model import Doc
from kg.sparql.engine import open_source
from kg.vocab import PA, entity_iri

ORG = Namespace("http://www.w3.org/ns/org#")
DCT = Namespace("http://purl.org/dc/terms/")
ROOT = Path(__file__).resolve().parents[2]


def serves(doc: Doc) -> set[tuple[str, str]]:
    return {(label(doc, f.head), label(doc, f.tail)) for f in doc.facts if f.relation == "servesIn"}


def posts(doc: Doc) -> set[tuple[str, str, str]]:
    return {(label(doc, p.holder), p.position, label(doc, p.region)) for p in doc.posts}


VILLAGE_STORY = (
    "石门坎村的变化\n\n"
    "威宁县石门乡石门坎村过去是深度贫困村。\n"
    "石门坎村党支部书记王世友说，村里发展了马铃薯。\n"
    "乡纪委书记陈昌明说，扶贫资金的每一笔账都要公开。\n"
    "村支书王世友最有感触：“路通了，产业就来了。”\n"
)


def test_a_town_title_in_a_village_story_serves_the_villages_town() -> None:
    doc = run_until(VILLAGE_STORY, "relations")
    assert ("陈昌明", "石门乡") in serves(doc)  # 乡纪委书记: the town the village lies in
    assert ("王世友", "石门坎村") in serves(doc)


def test_a_higher_level_official_serves_the_province_the_article_names() -> None:
    text = (
        "甘肃省东乡县脱贫纪实\n\n"
        "东乡县地处甘肃省中部，是深度贫困县。\n"
        "省农业农村厅副厅长马建国说，要把东乡羊产业做大。\n"
        "市委书记张国华在东乡县调研时强调，要确保搬得出、稳得住。\n"
    )
    doc = run_until(text, "relations")
    assert ("马建国", "甘肃省") in serves(doc)
    assert ("张国华", "临夏回族自治州") not in serves(doc)  # the article never names the city


def test_a_unit_before_the_title_keeps_the_county_and_gives_the_position() -> None:
    text = "兰坪县脱贫纪实\n\n兰坪县扶贫办主任和永军说，兰坪县今年全部脱贫。\n"
    doc = run_until(text, "relations")
    assert ("和永军", "兰坪白族普米族自治县") in serves(doc)
    ((_, position, _),) = [p for p in posts(doc) if p[0] == "和永军"]
    assert position.endswith("县扶贫办主任")


def test_a_title_without_level_or_region_is_a_post_without_servesin() -> None:
    text = "巴楚县脱贫纪实\n\n巴楚县大力发展红枣。合作社理事长买买提说，今年分红20万元。\n"
    doc = run_until(text, "relations")
    assert ("买买提", "合作社理事长", "") in posts(doc)
    assert not any(h == "买买提" for h, _ in serves(doc))


def test_a_pronoun_clause_gives_the_post_to_the_official_named_last() -> None:
    text = (
        "扶贫路上的女书记\n\n"
        "融水县委组织部干部覃丽萍主动请缨到村里工作。\n"
        "三年前，她担任了融水县安陲乡江门村第一书记、驻村工作队队长。\n"
    )
    doc = run_until(text, "relations")
    assert ("覃丽萍", "江门村") in serves(doc)
    found = {p for p in posts(doc) if p[0] == "覃丽萍"}
    assert {"第一书记", "驻村工作队队长"} <= {position for _, position, _ in found}


def test_a_chain_gives_one_post_per_office_and_one_servesin_per_region() -> None:
    doc = run_until("花垣县脱贫纪实\n\n花垣县委副书记、县长龙晓华说，要做好后续扶持。\n",
                    "relations")
    assert {p for p in posts(doc) if p[0] == "龙晓华"} == {
        ("龙晓华", "县委副书记", "花垣县"), ("龙晓华", "县长", "花垣县")}
    (fact,) = [f for f in doc.facts if f.relation == "servesIn"]
    assert fact.position == "县委副书记、县长"


DATED = (
    "茶园里的致富经\n"
    "2020年6月18日\n\n"
    "湄潭县茶叶合作社理事长冯光荣说，合作社今年收购鲜叶300吨。\n"
    "湄潭县农业农村局局长赵德明介绍，湄潭县茶园面积达60万亩。\n"
)


@pytest.fixture(scope="module")
def dated_graph():
    return build_graph([process_text(DATED, "meitan.txt")])


def test_posts_are_memberships_with_role_region_date_and_sentence(dated_graph) -> None:
    g = dated_graph
    official = entity_iri("Official", "赵德明@520000")
    (post,) = list(g.subjects(ORG.member, official))
    assert (post, RDF.type, ORG.Membership) in g
    assert g.value(g.value(post, ORG.role), RDFS.label) == Literal("局长", lang="zh")
    assert str(g.value(post, PA.position)).endswith("农业农村局局长")
    assert g.value(g.value(post, PA.officeRegion), RDFS.label) == Literal("湄潭县", lang="zh")
    assert g.value(post, DCT.date) == Literal("2020-06-18", datatype=XSD.date)
    quote = str(g.value(g.value(post, PA.supportedBy), PA.quote))
    assert "赵德明介绍" in quote


def test_a_post_in_a_body_links_the_organization(dated_graph) -> None:
    g = dated_graph
    (post,) = list(g.subjects(ORG.member, entity_iri("Official", "冯光荣@520000")))
    body = g.value(post, ORG.organization)
    assert body is not None and (body, RDF.type, PA.Organization) in g
    assert "合作社" in str(g.value(body, RDFS.label))


def test_the_posts_conform_to_the_shapes_and_a_post_without_holder_does_not(dated_graph) -> None:
    conforms, report = validate(dated_graph)
    assert conforms, report
    g = dated_graph
    broken = type(g)()
    for triple in g:
        broken.add(triple)
    post = next(g.subjects(RDF.type, ORG.Membership))
    broken.remove((post, ORG.member, None))
    conforms, report = validate(broken)
    assert not conforms and "org:member" in report


def test_the_saved_question_lists_posts_with_holders_dates_and_sentences(tmp_path) -> None:
    ttl = tmp_path / "graph.ttl"
    build_graph([process_text(DATED, "meitan.txt")]).serialize(ttl, format="turtle")
    text = (ROOT / "queries" / "posts_by_region.rq").read_text(encoding="utf-8")
    answer = json.loads(open_source(ttl, "memory").execute(text).canonical())
    rows = [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]
    by_holder = {r["holder"]: r for r in rows}
    assert str(by_holder["赵德明"]["region"]) == "湄潭县"
    assert str(by_holder["赵德明"]["date"]) == "2020-06-18"
    assert "赵德明介绍" in str(by_holder["赵德明"]["sentence"])
    assert str(by_holder["冯光荣"]["role"]) == "理事长"


def _official_iris(*texts: tuple[str, str]) -> set[URIRef]:
    g = build_graph([process_text(text, name) for name, text in texts])
    return set(g.subjects(RDF.type, PA.Official))


def test_one_person_across_articles_of_one_province_is_one_node() -> None:
    # the same name, a county and a village inside it, two articles
    a = ("a.txt", "务川县脱贫纪实\n\n务川县委书记申修军说，要做强蜂蜜产业。\n")
    b = ("b.txt", "务川县龙潭村见闻\n\n务川县龙潭村村民说，县委书记申修军来过三次。\n")
    assert len(_official_iris(a, b)) == 1


def test_the_same_name_in_unrelated_provinces_is_two_nodes() -> None:
    a = ("a.txt", "武功县脱贫纪实\n\n武功县委书记刘建平说，要抓好猕猴桃。\n")
    b = ("b.txt", "罗城县脱贫纪实\n\n罗城县委书记刘建平说，要抓好毛葡萄。\n")
    assert len(_official_iris(a, b)) == 2


def test_a_clause_that_names_nobody_gives_no_post_to_an_earlier_official() -> None:
    text = (
        "选派干部驻村帮扶\n\n"
        "临夏县委书记马永福说，要选好派强驻村干部。\n"
        "今年全县选派300名机关干部，担任贫困村第一书记。\n"
    )
    doc = run_until(text, "relations")
    assert {position for h, position, _ in posts(doc) if h == "马永福"} == {"县委书记"}


def test_a_bureau_head_serves_the_county_a_cooperative_head_does_not() -> None:
    text = (
        "兰考县脱贫纪实\n\n"
        "兰考县人民医院院长马骏说，兰考县贫困人口看病有了保障。\n"
        "兰考县红庙镇蜜瓜种植专业合作社理事长陈丰收说，合作社今年带动80户增收。\n"
    )
    doc = run_until(text, "relations")
    assert ("马骏", "兰考县") in serves(doc)
    assert not any(h == "陈丰收" for h, _ in serves(doc))
    (post,) = [p for p in doc.posts if label(doc, p.holder) == "陈丰收"]
    assert post.organization is not None and "合作社" in label(doc, post.organization)
