"""kg analyze's indicator trends: each indicator concept's values by year per region."""

from __future__ import annotations

from pathlib import Path

import rdflib

from kg.analysis.trends import indicator_trends, render_trends
from kg.cli import main

ARTICLE = (
    "花垣县脱贫攻坚纪实\n\n"
    "花垣县位于湖南省西部。全县贫困发生率从2014年的31.2%降至2019年的0.9%。\n\n"
    "2019年，全县农民人均可支配收入达9800元，较2014年增长58.3%。\n"
)


def build(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "huayuan.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "--no-html", "-q"]) == 0
    return out / "graph.ttl"


def test_a_concept_with_two_years_is_a_trend_and_one_year_is_not(tmp_path: Path) -> None:
    graph = rdflib.Graph().parse(build(tmp_path))
    trends = {t["indicator"]: t for t in indicator_trends(graph)}
    rate = trends["贫困发生率"]
    assert rate["unit"] == "%" and rate["years"] == [2014, 2019]
    assert rate["series"] == {"花垣县": [(2014, 31.2), (2019, 0.9)]}
    assert "人均可支配收入" not in trends  # one year only (2019)
    section = render_trends(list(trends.values()))
    assert "## Indicators by year" in section and "| 花垣县 | 31.2 | 0.9 |" in section


def test_analyze_draws_a_chart_per_trend(tmp_path: Path, capsys) -> None:
    ttl = build(tmp_path)
    out = tmp_path / "analysis"
    assert main(["analyze", str(ttl), "-o", str(out)]) == 0
    png = (out / "trend_01.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "![贫困发生率 by year](trend_01.png)" in md
    assert "贫困发生率" in capsys.readouterr().out
