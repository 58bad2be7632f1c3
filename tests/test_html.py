"""The offline HTML view: self-contained, escapes what the articles say, draws every node.

The browser test loads the page in Debian's chromium with every non-file request aborted, so a
page that needs the internet, or that lets a label run as script, fails here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef

from kg.export import html as view
from kg.export.html import write_html
from kg.vocab import PA, PROV, article_iri, entity_iri, node_iri

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCRIPT_LABEL = "<script>window.__pwned=1</script>"
IMG_LABEL = '<img src=x onerror="window.__pwned=2">'
EVIL_QUOTE = "茶叶</script><script>window.__pwned=3</script>产业"
CLASSES = ["Official", "Province", "City", "County", "Town", "Village", "Program", "Industry"]


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def add_entity(g: Graph, kind: str, key: str, label: str, *aliases: str) -> URIRef:
    iri = entity_iri(kind, key)
    g.add((iri, RDF.type, getattr(PA, kind)))
    g.add((iri, RDFS.label, zh(label)))
    for alias in aliases:
        g.add((iri, SKOS.altLabel, zh(alias)))
    g.add((iri, PA.mentionedIn, article_iri("000_x.txt")))
    return iri


def add_evidence(g: Graph, quote: str, start: int) -> URIRef:
    ev = node_iri("evidence", quote, str(start))
    g.add((ev, RDF.type, PA.Evidence))
    g.add((ev, PA.quote, zh(quote)))
    g.add((ev, PROV.wasDerivedFrom, article_iri("000_x.txt")))
    g.add((ev, PA.startChar, Literal(start)))
    g.add((ev, PA.endChar, Literal(start + len(quote))))
    return ev


def relate(g: Graph, s: URIRef, p: URIRef, o: URIRef, quote: str = "", start: int = 0) -> None:
    """The plain triple plus its reified statement, as graph/build.py writes them."""
    g.add((s, p, o))
    st = node_iri("statement", str(s), str(p), str(o))
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    if quote:
        g.add((st, PA.supportedBy, add_evidence(g, quote, start)))
    else:
        g.add((st, PA.fromGazetteer, Literal(True)))


def sample_graph() -> tuple[Graph, int]:
    """A small article's worth of graph, two labels of which try to run script."""
    g = Graph()
    art = article_iri("000_x.txt")
    g.add((art, RDF.type, PA.Article))
    g.add((art, RDFS.label, Literal("000_x.txt")))
    hubei = add_entity(g, "Province", "420000", "湖北省", "湖北")
    shiyan = add_entity(g, "City", "420300", "十堰市", "十堰")
    maojian = add_entity(g, "County", "420302", "茅箭区", "茅箭")
    town = add_entity(g, "Town", "420302-大川镇", "大川镇")
    village = add_entity(g, "Village", "420302-大川镇-唐家村", "唐家村")
    evil_village = add_entity(g, "Village", "evil-img", IMG_LABEL)
    official = add_entity(g, "Official", "张三", "张三")
    g.add((official, PA.position, zh("区委书记")))
    program = add_entity(g, "Program", "产业扶贫", "产业扶贫")
    tea = add_entity(g, "Industry", "茶叶", "茶叶")
    evil = add_entity(g, "Industry", "evil-script", SCRIPT_LABEL)
    relate(g, shiyan, PA.locatedIn, hubei)
    relate(g, maojian, PA.locatedIn, shiyan)
    relate(g, town, PA.locatedIn, maojian, "茅箭区大川镇唐家村地处山区。", 0)
    relate(g, village, PA.locatedIn, town)
    relate(g, evil_village, PA.locatedIn, town)
    relate(g, official, PA.servesIn, maojian, "茅箭区委书记张三到唐家村调研。", 20)
    relate(g, maojian, PA.implements, program, "茅箭区大力实施产业扶贫。", 40)
    relate(g, village, PA.develops, tea, "唐家村发展茶叶产业。", 60)
    relate(g, village, PA.develops, evil, EVIL_QUOTE, 80)
    stat = node_iri("statistic", "贫困人口", "7129")
    g.add((stat, RDF.type, PA.Statistic))
    g.add((stat, PA.aboutRegion, maojian))
    g.add((stat, PA.indicator, zh("贫困人口")))
    g.add((stat, PA.value, Literal(7129.0)))
    g.add((stat, PA.unit, zh("人")))
    g.add((stat, PA.year, Literal("2019", datatype=XSD.gYear)))
    g.add((stat, PA.supportedBy, add_evidence(g, "2019年全区贫困人口7129人。", 100)))
    return g, 11


def page_data(text: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert match, "no kg-data block"
    return json.loads(match.group(1))


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, int, int]:
    g, expected = sample_graph()
    out = tmp_path / "view" / "graph.html"
    return out, write_html(g, out, title="扶贫 <b>图谱</b>"), expected


def test_counts_nodes_and_skips_provenance_nodes(written: tuple[Path, int, int]) -> None:
    out, drawn, expected = written
    assert drawn == expected
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == drawn
    assert {n["label"] for n in data["nodes"]} >= {"茅箭区", "张三", "7129人 贫困人口"}
    assert len(data["edges"]) == 10  # 4 locatedIn + servesIn + implements + 2 develops + about
    assert f">{drawn} nodes · 10 edges<" in out.read_text(encoding="utf-8")


def test_page_is_self_contained(written: tuple[Path, int, int]) -> None:
    text = written[0].read_text(encoding="utf-8")
    remote = re.findall(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert remote == []
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
    titles = [n["title"] for n in data["nodes"]]
    assert any(f"Industry · {SCRIPT_LABEL}" in t for t in titles)  # kept as text, not dropped
    assert any(f"Village · {IMG_LABEL}" in t for t in titles)
    assert any(EVIL_QUOTE in e.get("title", "") for e in data["edges"])


def test_tooltips_carry_evidence(written: tuple[Path, int, int]) -> None:
    data = page_data(written[0].read_text(encoding="utf-8"))
    official = next(n for n in data["nodes"] if n["label"] == "张三")
    assert "Official · 张三" in official["title"]
    assert "position: 区委书记" in official["title"]
    assert "茅箭区委书记张三到唐家村调研。" in official["title"]
    assert "000_x.txt [20–35]" in official["title"]
    county = next(n for n in data["nodes"] if n["label"] == "茅箭区")
    assert "aliases: 茅箭" in county["title"]
    stat = next(n for n in data["nodes"] if n["label"] == "7129人 贫困人口")
    assert "year: 2019" in stat["title"] and "region: 茅箭区" in stat["title"]
    legend = {c["name"]: c["count"] for c in data["legend"]}
    assert legend["Village"] == 2 and legend["Statistic"] == 1


def test_big_graph_is_laid_out_in_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view, "LAYOUT_THRESHOLD", 5)
    g, expected = sample_graph()
    out = tmp_path / "big.html"
    assert write_html(g, out) == expected
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["physics"] is False and data["options"]["physics"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == expected


def test_layout_of_2000_nodes_is_quick() -> None:
    import time

    edges = [(i, i // 3) for i in range(1, 2000)] + [(i, (i * 7) % 2000) for i in range(0, 2000, 5)]
    started = time.perf_counter()
    pos = view._layout(2000, edges)
    assert time.perf_counter() - started < 5
    assert len(pos) == 2000 and len(set(pos)) == 2000


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


# ---------------------------------------------------------------- in a real browser


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60000)
        try:
            yield b
        finally:
            b.close()


def open_offline(browser, out: Path) -> tuple[object, list[str]]:
    """The page with every request that is not a local file aborted (and recorded)."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.set_default_timeout(20000)
    blocked: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(out.as_uri())
    page.wait_for_function("window.kgReady === true && typeof network !== 'undefined'")
    return page, blocked


@pytest.mark.browser
def test_view_in_chromium(browser, written: tuple[Path, int, int], tmp_path: Path) -> None:
    out, drawn, _ = written
    page, blocked = open_offline(browser, out)
    assert page.evaluate("network.body.data.nodes.length") == drawn
    assert page.evaluate("network.body.data.edges.length") == 10
    assert page.evaluate("typeof window.__pwned") == "undefined"
    legend = page.inner_text("#kg-legend")
    for name in [*CLASSES, "Statistic", "servesIn", "locatedIn", "aboutRegion"]:
        assert name in legend
    assert page.evaluate("network.physics.options.enabled") is False  # settled, not spinning
    # hovering the script-labelled node shows its label as text, and nothing runs
    nodes = page_data(out.read_text("utf-8"))["nodes"]
    evil_id = next(n["id"] for n in nodes if SCRIPT_LABEL in n["title"])
    xy = page.evaluate(f"network.canvasToDOM(network.getPositions([{evil_id}])[{evil_id}])")
    page.mouse.move(xy["x"], xy["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert SCRIPT_LABEL in page.inner_text("div.vis-tooltip")
    assert page.evaluate("document.querySelectorAll('.vis-tooltip script, img').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot = tmp_path / "view.png"
    page.screenshot(path=str(shot))
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000
    assert blocked == []
    page.close()


@pytest.mark.browser
def test_big_view_in_chromium(browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view, "LAYOUT_THRESHOLD", 5)
    g, expected = sample_graph()
    out = tmp_path / "big.html"
    write_html(g, out)
    page, blocked = open_offline(browser, out)
    assert page.evaluate("network.body.data.nodes.length") == expected
    assert page.evaluate("network.physics.options.enabled") is False
    assert blocked == []
    page.close()


def test_blank_nodes_and_untyped_ends_are_skipped(tmp_path: Path) -> None:
    g, expected = sample_graph()
    county = entity_iri("County", "420302")
    g.add((county, PA.locatedIn, BNode()))  # an untyped end: no node, no edge
    assert write_html(g, tmp_path / "g.html") == expected
