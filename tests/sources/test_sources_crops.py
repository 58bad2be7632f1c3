"""The evidence panel shows the crop of the page that holds the sentence (kg/sources/crops.py).

A folder holds a scanned page (an image, read by OCR) under an awkward file name, a text PDF
printed by Chromium over several pages and a plain .txt article.  It is built once with the
view; the crops beside graph.html are checked against the graph's evidence (pa:page, pa:box),
read back by OCR to show they hold their sentences, and found in the view's evidence panel in
a real browser with the network blocked.  The articles are written for the tests in the style
of county reports from Guizhou and Guangxi.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
import rdflib
from conftest import CHROMIUM, headless_chromium
from documents import page_images, plain_page, print_pdf

from kg.build import build
from kg.sources.crops import CROPS_DIRNAME, crop_name, parse_box
from kg.view.html import render
from kg.vocab import PA

pytestmark = pytest.mark.slow

SCAN = """望谟县：板栗产业助力群众增收

2020年，望谟县坚持把板栗产业作为脱贫攻坚的主导产业，全县板栗种植面积达到12.5万亩。

桑郎镇纳包村成立板栗专业合作社，带动贫困户218户实现稳定增收。
"""
PRINTED = ("凌云县发展茶叶产业\n\n凌云县泗城镇发展茶叶产业，带动贫困户增收。\n\n"
           + "\n".join(f"第{i}条：做好帮扶工作，巩固脱贫成果，防止返贫。" for i in range(1, 45))
           + "\n\n百色市乐业县同乐镇发展猕猴桃产业，建成猕猴桃基地两个。\n")
PLAIN = """环江县推进易地扶贫搬迁

2019年，环江县实施易地扶贫搬迁工程，思恩镇建成安置点三个，搬迁群众4100人。
"""
#: a file name with what HTML, JSON and URLs treat specially
SCAN_NAME = '望谟县 <img src=x onerror=kgBad()> "scan" #2 %41.png'


def crops(folder: Path) -> list[Path]:
    """The crop files (a folder is named after its article: ``scan.png/``)."""
    return [p for p in folder.rglob("*.png") if p.is_file()]


def _page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert found, "the view's data block"
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    pytest.importorskip("rapidocr_onnxruntime", reason="OCR needs the extra [documents]")
    if shutil.which(str(CHROMIUM)) is None:
        pytest.skip("printing a PDF needs chromium")
    root = tmp_path_factory.mktemp("crops")
    corpus = root / "in"
    corpus.mkdir()
    pages = page_images(SCAN)
    assert len(pages) == 1
    pages[0].save(corpus / SCAN_NAME)
    print_pdf(plain_page(PRINTED), (corpus / "lingyun.pdf").resolve())
    (corpus / "huanjiang.txt").write_text(PLAIN, encoding="utf-8")
    out = root / "out"
    report = build([corpus], out, html=True, jobs=1)
    assert not report.skipped, report.skipped
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    places: dict[str, set[tuple[int, str, str]]] = {}
    for ev in set(graph.subjects(PA.page, None)):
        article = graph.value(graph.value(ev, rdflib.PROV.wasDerivedFrom), rdflib.RDFS.label)
        places.setdefault(str(article), set()).add(
            (int(graph.value(ev, PA.page)), str(graph.value(ev, PA.box)),
             str(graph.value(ev, PA.quote))))
    return {"corpus": corpus, "out": out, "graph": graph, "places": places,
            "html": (out / "graph.html").read_text(encoding="utf-8")}


def test_every_evidence_box_of_a_pdf_or_image_has_its_crop_beside_the_graph(built) -> None:
    places, folder = built["places"], built["out"] / CROPS_DIRNAME
    assert set(places) == {SCAN_NAME, "lingyun.pdf"}  # the .txt article's evidence has no page
    assert max(page for page, _, _ in places["lingyun.pdf"]) >= 2  # crops of a later page too
    written = {p.relative_to(folder).as_posix() for p in crops(folder)}
    expected = {f"{article}/{crop_name(page, box)}"
                for article, found in places.items() for page, box, _ in found}
    assert written == expected
    from PIL import Image

    for article, found in places.items():
        for page, box, _ in found:
            crop = Image.open(folder / article / crop_name(page, box))
            x0, y0, x1, y1 = parse_box(box)
            assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
            assert crop.width > 100 and 10 < crop.height < 400  # a line or a few, not the page
            assert crop.convert("L").getextrema()[0] < 100  # ink on it


def test_a_crop_holds_the_sentence_it_stands_for(built) -> None:
    """Read back by OCR, each crop of the scan gives most characters of its quote."""
    from PIL import Image

    from kg.sources.ocr import ocr_image

    checked = 0
    for article in (SCAN_NAME, "lingyun.pdf"):
        for page, box, quote in sorted(built["places"][article])[:1]:
            path = built["out"] / CROPS_DIRNAME / article / crop_name(page, box)
            read = "".join(line for line, _ in ocr_image(path, Image.open(path)))
            wanted = [c for c in quote if "\u4e00" <= c <= "\u9fff"]
            found = sum(1 for c in wanted if c in read)
            assert found >= 0.8 * len(wanted), (quote, read)
            checked += 1
    assert checked == 2


def test_the_view_names_each_crop_by_a_relative_url_that_resolves(built) -> None:
    html, out = built["html"], built["out"]
    assert "<img src=x" not in html  # the file name is escaped wherever it appears
    data = _page_data(html)
    articles = [a["name"] for a in data["articles"]]
    with_crop = [ev for ev in data["evidence"] if len(ev) > 4]
    without = [ev for ev in data["evidence"] if len(ev) == 4]
    assert {articles[ev[1]] for ev in with_crop} == {SCAN_NAME, "lingyun.pdf"}
    assert {articles[ev[1]] for ev in without} == {"huanjiang.txt"}
    for _, _, _, _, url, page in with_crop:
        assert url.startswith(f"{CROPS_DIRNAME}/") and not re.search(r'[ #"<>]', url)
        assert (out / unquote(url)).is_file()
        assert re.fullmatch(rf"{CROPS_DIRNAME}/[^/]+/p{page}-[0-9a-f]{{12}}\.png", url)


def test_a_view_rendered_from_the_graph_alone_names_no_crops(built) -> None:
    data = _page_data(render(built["graph"]).page)
    assert data["evidence"] and all(len(ev) == 4 for ev in data["evidence"])


def test_the_evidence_panel_shows_the_crop_offline(built) -> None:
    data = _page_data(built["html"])
    articles = [a["name"] for a in data["articles"]]
    scan = articles.index(SCAN_NAME)
    # an edge with a sentence of the scan: its panel must show that sentence's crop
    edge = next(i for i, e in enumerate(data["edges"])
                if any(data["evidence"][j][1] == scan for j in e.get("ev", [])))
    with headless_chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        blocked: list[str] = []
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            "file:") else (blocked.append(route.request.url), route.abort()))
        page.goto((built["out"] / "graph.html").as_uri())
        page.wait_for_function("window.kgReady === true")
        page.evaluate("i => kgShowEdge(i)", edge)
        page.wait_for_function("""() => { const imgs = [...document.querySelectorAll(
            '#kg-side img.kg-crop')]; return imgs.length && imgs.every(i => i.complete); }""")
        shown = page.evaluate("""() => [...document.querySelectorAll('#kg-side img.kg-crop')]
            .map(i => [decodeURIComponent(i.src), i.naturalWidth, i.naturalHeight])""")
        page.close()
    assert not blocked and not errors, (blocked, errors)
    assert shown and all(w > 100 and h > 10 for _, w, h in shown)  # loaded, not broken images
    assert any(f"/{SCAN_NAME}/" in src for src, _, _ in shown)


def test_a_rebuild_keeps_the_crops_and_drops_those_of_a_removed_document(built) -> None:
    out, corpus = built["out"], built["corpus"]
    before = {p: p.read_bytes() for p in crops(out / CROPS_DIRNAME)}
    (out / "graph.html").unlink()  # the outputs are written again, the articles from the cache
    again = build([corpus], out, html=True)
    assert again.extracted == 0
    assert {p: p.read_bytes() for p in crops(out / CROPS_DIRNAME)} == before
    (corpus / SCAN_NAME).unlink()
    build([corpus], out, html=True)
    assert not (out / CROPS_DIRNAME / SCAN_NAME).exists()
    assert {p for p in before if "lingyun.pdf" in p.parts} == set(
        crops(out / CROPS_DIRNAME))


def test_a_page_that_cannot_be_rendered_costs_its_crops_not_the_article() -> None:
    import pyoxigraph as ox

    from kg.model import Doc, TextBox
    from kg.sources.crops import make_crops

    ev = ox.NamedNode("https://example.org/evidence/1")
    triples = [ox.Triple(ev, ox.NamedNode(str(PA.page)), ox.Literal("2")),
               ox.Triple(ev, ox.NamedNode(str(PA.box)), ox.Literal("xywh=percent:10,20,60,4"))]
    line = TextBox(0, 10, 2, (0.1, 0.2, 0.7, 0.24))
    doc = Doc("tianlin.pdf", "田林县发展油茶产业。\n", boxes=(line,),
              data=b"%PDF-1.4\n1 0 obj broken")
    archive, count, warnings = make_crops(doc, triples)
    assert (archive, count) == (b"", 0)
    assert len(warnings) == 1 and warnings[0].startswith("tianlin.pdf: no page image for")
    assert make_crops(Doc("tianlin.txt", "田林县发展油茶产业。\n"), triples) == (b"", 0, [])
