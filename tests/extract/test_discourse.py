"""A figure's region from the discourse: the place a paragraph visits, informal scope words.

Sentences are written for these tests in the style of Gansu and Henan county reports.
"""

from __future__ import annotations

from conftest import label, run_until

VISIT = (
    "会宁县脱贫攻坚纪实\n"
    "会宁县2013年底有贫困人口16.8万人。\n"
    "走进头寨子镇，漫山遍野的黄花菜正值采摘期。近年来，镇上发展黄花菜种植1.2万亩。"
    "今年预计产值达到6000万元。\n"
    "全县今年计划完成减贫2.1万人。"
)


def regions(text: str) -> dict[float, str]:
    doc = run_until(text, "statistics")
    return {s.value: label(doc, s.region) for s in doc.statistics}


def test_a_paragraph_that_visits_a_town_is_about_it():
    found = regions(VISIT)
    assert found[12000] == "头寨子镇"  # 镇上: the town the paragraph went into
    assert found[60000000] == "头寨子镇"  # no scope word: the paragraph's town
    assert found[21000] == "会宁县"
    assert found[168000] == "会宁县"


def test_figures_shared_out_over_a_list_of_towns():
    found = regions(
        "东乡族自治县产业扶贫\n"
        "东乡族自治县唐汪镇和达板镇分别新建扶贫车间5个和3个。\n"
        "唐汪镇、达板镇、那勒寺镇分别有贫困户320户、280户、410户。"
    )
    assert (found[5], found[3]) == ("唐汪镇", "达板镇")
    assert (found[320], found[280], found[410]) == ("唐汪镇", "达板镇", "那勒寺镇")
