"""The article's metadata: date, outlet and byline (kg/extract/metadata.py), as dcterms:."""

from __future__ import annotations

import pyoxigraph as ox
from conftest import run_until

from kg.extract.pipeline import process_text
from kg.graph.build import doc_triples
from kg.vocab import DCTERMS_NS, mint_article

DATELINE = (
    "新华社贵阳3月12日电 记者从雷山县获悉，2018年全县减少贫困人口1.3万人，"
    "雷山县委书记刘建华说，今年将巩固脱贫成果。\n"
)
BYLINE = (
    "雷山县脱贫攻坚综述\n\n记者 王晓燕 通讯员 杨明华\n\n"
    "雷山县西江镇发展茶叶产业。2019年全县接待游客12万人次。\n"
)


def test_a_dateline_gives_the_outlet_and_the_day_and_the_text_the_year() -> None:
    doc = run_until(DATELINE, "metadata")
    assert doc.outlet == "新华社"
    # no 去年 in the text: the latest year it looks back on is the article's
    assert doc.date == "2018-03-12"


def test_a_year_that_only_starts_a_period_is_not_the_articles() -> None:
    text = ("新华社成都11月20日电 2016年以来，平武县共实施易地扶贫搬迁3256户。"
            "响岩镇同心村去年电商销售额达180万元。\n")
    doc = process_text(text, "since.txt")
    assert doc.date == ""  # written some year after 2016; which one the text does not say
    assert all(s.year is None for s in doc.statistics)  # so 去年 is no year either
    # a year the text names as a time of its own still dates it
    again = run_until(text.replace("2016年以来，", "2018年，"), "metadata")
    assert again.date.startswith("2019")  # 2018年… and 去年: of the year after


def test_a_full_date_line_is_the_date() -> None:
    text = "雷山县脱贫攻坚综述\n\n2020年6月9日\n\n雷山县西江镇发展茶叶产业。\n"
    doc = run_until(text, "metadata")
    assert doc.date == "2020-06-09"


def test_reporters_are_the_byline_and_never_officials() -> None:
    doc = process_text(BYLINE, "byline.txt")
    assert doc.byline == ("王晓燕", "杨明华")
    officials = {e.label for e in doc.entities.values() if e.kind == "Official"}
    assert not officials & set(doc.byline)


def test_a_signature_at_the_end_is_the_byline() -> None:
    doc = run_until("雷山县西江镇发展茶叶产业，带动贫困户增收。（吴晓红 潘志刚）\n", "metadata")
    assert doc.byline == ("吴晓红", "潘志刚")


def test_the_metadata_is_on_the_article_node() -> None:
    doc = process_text(DATELINE, "dateline.txt")
    triples = list(doc_triples(doc))
    article = ox.NamedNode(mint_article("dateline.txt"))  # posts carry the date too
    date = [t.object for t in triples
            if t.subject == article and t.predicate == ox.NamedNode(DCTERMS_NS.date)]
    assert [d.value for d in date] == ["2018-03-12"]
    assert date[0].datatype.value.endswith("#date")
    publisher = [t.object.value for t in triples
                 if t.predicate == ox.NamedNode(DCTERMS_NS.publisher)]
    assert publisher == ["新华社"]


def test_a_year_a_change_reached_is_past_not_a_plan() -> None:
    text = ("新华社兰州9月2日电 渭源县贫困发生率从2013年的29.6%降至2019年的1.1%。"
            "到2020年，全县将全面建成小康社会。\n")
    doc = run_until(text, "metadata")
    assert doc.date == "2019-09-02"  # 降至2019年 is looked back on; 到2020年 ahead
