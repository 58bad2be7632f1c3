"""The offline HTML view: self-contained, escapes what the articles say, carries every node.

These tests read the page's data block; tests/view/test_view_browser.py drives the page in Debian's
chromium with every non-file request aborted (search, filters, side panel, script in labels).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from graphs import (
    EVIL_QUOTE,
    IMG_LABEL,
    SCRIPT_LABEL,
    sample_graph,
    synthetic,
    zh,
)
from rdflib import SKOS, BNode, Graph

from kg.view import html as view
from kg.view import layout
from kg.view.html import write_html
from kg.vocab import PA, class_table, entity_iri


def page_data(text: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert match, "no kg-data block"
    return json.loads(match.group(1))


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, int, int]:
    g, expected = sample_graph()
    out = tmp_path / "view" / "graph.html"
    return out, write_html(g, out, title="扶贫 <b>图谱</b>"), expected


def by_label(data: dict, label: str) -> dict:
    return next(n for n in data["nodes"] if n["label"] == label)


def class_of(data: dict, node: dict) -> str:
    return data["classes"][node["c"]]["name"]


def test_counts_nodes_and_skips_provenance_nodes(written: tuple[Path, int, int]) -> None:
    out, drawn, expected = written
    assert drawn == expected
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == drawn and data["total"] == drawn and data["drawn"] == drawn
    assert not any(n.get("hid") for n in data["nodes"])
    assert {n["label"] for n in data["nodes"]} >= {"茅箭区", "张三", "7129人 贫困人口"}
    assert len(data["edges"]) == 10  # 4 locatedIn + servesIn + implements + 2 develops + about
    assert f">{drawn} nodes · 10 edges<" in out.read_text(encoding="utf-8")


def test_page_is_self_contained(written: tuple[Path, int, int]) -> None:
    text = written[0].read_text(encoding="utf-8")
    remote = re.findall(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert remote == []
    assert re.findall(r"""url\(\s*["']?\s*(?:https?:)?//""", text, re.I) == []  # no CSS fetch
    assert "<link" not in text.lower()
    assert "vis-network" in text and "@license" in text  # inlined, licence header kept
    assert not list(written[0].parent.glob(".*.tmp"))  # the atomic write left nothing behind


def test_labels_cannot_break_out(written: tuple[Path, int, int]) -> None:
    text = written[0].read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in text
    assert "<img src=x" not in text
    assert "<b>图谱</b>" not in text and "&lt;b&gt;图谱&lt;/b&gt;" in text
    # the JSON block holds exactly one </script>: its own
    block = text[text.index('id="kg-data">') :]
    assert block.count("</script>") == 2  # the data block's and the page script's
    data = page_data(text)
    labels = {n["label"] for n in data["nodes"]}
    assert {SCRIPT_LABEL, IMG_LABEL} <= labels  # kept as text, not dropped
    assert any(ev[0] == EVIL_QUOTE for ev in data["evidence"])
    # the page script never writes graph text as HTML
    script = text[text.rindex("<script>") :]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script


def test_relations_carry_their_evidence(written: tuple[Path, int, int]) -> None:
    data = page_data(written[0].read_text(encoding="utf-8"))
    official, county = by_label(data, "张三"), by_label(data, "茅箭区")
    assert class_of(data, official) == "Official" and official["pos"] == ["区委书记"]
    assert county["alt"] == ["茅箭"]
    serves = next(e for e in data["edges"] if e["from"] == official["id"])
    assert data["relations"][serves["r"]]["name"] == "servesIn" and serves["to"] == county["id"]
    quote, article, start, end = data["evidence"][serves["ev"][0]]
    assert quote == "茅箭区委书记张三到唐家村调研。" and (start, end) == (20, 35)
    assert data["articles"][article]["name"] == "000_x.txt"
    gazetteer = [e for e in data["edges"] if e.get("gaz")]
    assert len(gazetteer) == 4 and all("ev" not in e for e in gazetteer)
    stat = next(s for s in data["stats"] if s["reg"] == county["id"])
    assert [stat[k] for k in ("ind", "val", "unit", "year")] == ["贫困人口", "7129", "人", "2019"]
    assert data["evidence"][stat["ev"][0]][0] == "2019年全区贫困人口7129人。"
    legend = {c["name"]: c["count"] for c in data["classes"]}
    assert legend["Village"] == 2 and legend["Statistic"] == 1 and legend["Organization"] == 0
    assert [a["name"] for a in data["articles"]] == ["000_x.txt"]
    assert by_label(data, "唐家村")["art"] == [0]


def test_size_metrics_follow_the_links(written: tuple[Path, int, int]) -> None:
    data = page_data(written[0].read_text(encoding="utf-8"))
    county, program = by_label(data, "茅箭区"), by_label(data, "产业扶贫")
    # 茅箭区: 十堰市, 大川镇, 张三, 产业扶贫 and the statistic
    assert county["deg"] == 5 and program["deg"] == 1
    assert county["pr"] == max(n["pr"] for n in data["nodes"])
    assert county["bc"] > program["bc"] == 0


def test_hierarchy_layout_puts_regions_in_rows(written: tuple[Path, int, int]) -> None:
    data = page_data(written[0].read_text(encoding="utf-8"))
    chain = ["湖北省", "十堰市", "茅箭区", "大川镇", "唐家村"]
    ys = [by_label(data, name)["hy"] for name in chain]
    assert ys == sorted(ys) and len(set(ys)) == 5  # province on top, village at the bottom
    assert by_label(data, "张三")["hy"] < ys[0]  # officials above the regions
    assert by_label(data, "产业扶贫")["hy"] > ys[-1]  # programmes below the villages
    villages = [n for n in data["nodes"] if class_of(data, n) == "Village"]
    assert villages[0]["hx"] != villages[1]["hx"]  # siblings do not overlap
    town = by_label(data, "大川镇")
    assert min(v["hx"] for v in villages) <= town["hx"] <= max(v["hx"] for v in villages)


def test_big_graph_is_laid_out_in_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view, "LAYOUT_THRESHOLD", 5)
    g, expected = sample_graph()
    out = tmp_path / "big.html"
    assert write_html(g, out) == expected
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["physics"] is False and data["options"]["physics"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == expected


def test_limit_draws_the_most_central_nodes(tmp_path: Path) -> None:
    g, expected = sample_graph()
    out = tmp_path / "limited.html"
    assert write_html(g, out, limit=4, layout="hierarchy") == 4
    text = out.read_text(encoding="utf-8")
    data = page_data(text)
    drawn = [n for n in data["nodes"] if not n.get("hid")]
    hidden = [n for n in data["nodes"] if n.get("hid")]
    assert len(drawn) == 4 and len(hidden) == expected - 4 and data["drawn"] == 4
    assert min(n["pr"] for n in drawn) >= max(n["pr"] for n in hidden)
    assert "茅箭区" in {n["label"] for n in drawn}  # the hub of the sample
    assert all("x" in n for n in data["nodes"])  # a node the search brings in has a place
    assert ">4 of 11 nodes drawn · 10 edges<" in text
    assert data["layout"] == "hierarchy"
    assert {c["name"]: c["drawn"] for c in data["classes"]}["County"] == 1


def test_every_class_keeps_a_share_of_a_limited_view(tmp_path: Path) -> None:
    out = tmp_path / "share.html"
    assert write_html(synthetic(800), out, limit=150) == 150
    data = page_data(out.read_text(encoding="utf-8"))
    drawn: dict[str, int] = {}
    total: dict[str, int] = {}
    for node in data["nodes"]:
        cls = class_of(data, node)
        total[cls] = total.get(cls, 0) + 1
        drawn[cls] = drawn.get(cls, 0) + (0 if node.get("hid") else 1)
    entities = sum(n for cls, n in total.items() if cls != "Statistic")
    assert entities > 150  # so statistics wait: their regions' panels list them
    assert drawn["Statistic"] == 0
    for cls in ("Official", "Village", "Program", "Industry"):
        assert drawn[cls] >= 150 * total[cls] // entities > 0, cls
    assert {c["name"]: c["drawn"] for c in data["classes"]} == {
        name: drawn.get(name, 0) for name in class_table().names
    }


def test_every_class_and_relation_has_its_own_colour() -> None:
    from kg.graph.records import RELATIONS, STAT_RELATION

    style = class_table().style
    assert set(view.RELATION_STYLE) == {*RELATIONS, STAT_RELATION}
    assert len({colour for colour, _ in style.values()}) == len(style) == len(class_table().names)


def test_unknown_layout_is_refused(tmp_path: Path) -> None:
    g, _ = sample_graph()
    with pytest.raises(ValueError, match="layout"):
        write_html(g, tmp_path / "x.html", layout="circle")


def test_layout_of_2000_nodes_spreads_them() -> None:
    import random
    import statistics

    edges = [(i, i // 3) for i in range(1, 2000)] + [(i, (i * 7) % 2000) for i in range(0, 2000, 5)]
    pos = layout.force_layout(2000, edges)
    assert len(pos) == 2000 and len(set(pos)) == 2000

    def dist(a: int, b: int) -> float:
        return ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5

    rng = random.Random(1)
    linked = statistics.median(dist(a, b) for a, b in edges)
    anywhere = statistics.median(dist(rng.randrange(2000), rng.randrange(2000)) for _ in range(999))
    assert linked < anywhere / 4  # linked nodes end up close together


def test_placeholders_in_text_stay_text(tmp_path: Path) -> None:
    g, _ = sample_graph()
    county = entity_iri("County", "420302")
    g.add((county, SKOS.altLabel, zh("@@VISJS@@ @@DATA@@")))
    out = tmp_path / "g.html"
    write_html(g, out, title="@@DATA@@")
    text = out.read_text(encoding="utf-8")
    assert "<title>@@DATA@@</title>" in text
    assert text.count("@license") == 1  # vis-network went in once, not into a label


def test_rewrite_replaces_the_file(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    out.write_text("old", encoding="utf-8")
    assert write_html(Graph(), out) == 0
    assert "0 nodes · 0 edges" in out.read_text(encoding="utf-8")


def test_blank_nodes_and_untyped_ends_are_skipped(tmp_path: Path) -> None:
    g, expected = sample_graph()
    county = entity_iri("County", "420302")
    g.add((county, PA.locatedIn, BNode()))  # an untyped end: no node, no edge
    assert write_html(g, tmp_path / "g.html") == expected
