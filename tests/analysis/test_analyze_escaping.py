"""``kg analyze``'s report.md: names from articles stay text, whatever they hold.

The graph is made here, in the style of a Guizhou county report, with names as
damaged scans and scraped pages deliver them: raw HTML, Markdown links and
emphasis, a table's ``|``, line breaks and terminal escape sequences.  The
report must render them as themselves: no tag, link, image, extra row or
column, and no raw control character on the terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphs import add_entity, relate
from rdflib import Graph

from kg.cli import main

SCRIPT_NAME = "杨<script>alert(1)</script>明"
LINK_NAME = "[刺梨产业](http://evil.example/x) **精准扶贫**"
ROW_NAME = "板庚村|伪造|列\n| 假 | 行 |"
ESCAPE_NAME = "罗甸县\x1b[2J\x1b[31m"
IMG_NAME = "![图](http://evil.example/t.png)茶叶"


def hostile_graph() -> Graph:
    g = Graph()
    county = add_entity(g, "County", "522728", ESCAPE_NAME)
    town = add_entity(g, "Town", "522728-边阳镇", "边阳镇")
    village = add_entity(g, "Village", "522728-边阳镇-板庚村", ROW_NAME)
    official = add_entity(g, "Official", "杨明", SCRIPT_NAME)
    program = add_entity(g, "Program", "易地扶贫搬迁", LINK_NAME)
    industry = add_entity(g, "Industry", "茶叶", IMG_NAME)
    relate(g, town, _pa("locatedIn"), county, "罗甸县边阳镇地处山区。", 0)
    relate(g, village, _pa("locatedIn"), town)
    relate(g, official, _pa("servesIn"), county, "罗甸县委书记杨明到板庚村调研。", 20)
    relate(g, county, _pa("implements"), program, "罗甸县实施易地扶贫搬迁。", 40)
    relate(g, village, _pa("develops"), industry, "板庚村发展茶叶产业。", 60)
    return g


def _pa(name: str):
    from kg.vocab import PA

    return getattr(PA, name)


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_names_in_report_md_stay_text(capsys, tmp_path: Path) -> None:
    ttl = tmp_path / "hostile.ttl"
    hostile_graph().serialize(ttl, format="turtle", encoding="utf-8")
    out = tmp_path / "analysis"
    assert main(["analyze", str(ttl), "-o", str(out)]) == 0
    shown = capsys.readouterr().out
    md = (out / "report.md").read_text(encoding="utf-8")
    for text in (md, shown):
        assert "<script" not in text and "<img" not in text
        assert "\x1b" not in text
        assert "](http" not in text  # no link or image syntax survives
        assert "**精准扶贫**" not in text
    assert "&lt;script&gt;" in md  # the name is there, as text
    assert "刺梨产业" in md and "罗甸县" in md and "板庚村" in md
    # every table row has as many cell borders as its header: no forged column or row
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            width = _unescaped_pipes(lines[i - 1])
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert _unescaped_pipes(lines[j]) == width, lines[j]
                j += 1
    assert not any(line.startswith("| 假 |") for line in lines)
