"""A folder of one article of each kind builds into one graph that says what their texts say.

Five corpus articles are made into the documents people keep (tests/documents.py): a news
page with navigation, a sidebar and comments around it; a PDF printed by Chromium; a Word
file; a phone photo of a printed page; a copier's scanned PDF (pages as images, no text
layer), both read back by OCR.  The folder is built once, in two worker processes, and each
article's entities and relations are compared with those of the same article built from its
.txt; with the development gold present (../shared), its scores too.  OCR makes this module
slow (about a minute on two free cores).
"""

from __future__ import annotations

import datetime
import importlib.util
import shutil
from pathlib import Path

import pytest
import rdflib
from conftest import CORPUS, SHARED, select
from documents import (
    page_images,
    photograph,
    plain_page,
    print_pdf,
    scanned_pdf,
    web_page,
    word_file,
)

from kg.build import build
from kg.build.cache import BuildCache, unpack

pytestmark = pytest.mark.slow

#: corpus article -> the document it becomes (the two OCR'd ones are short: OCR is slow)
KINDS = {
    "anhui_jinzhai": ".html",
    "003_cdeaff0217b844a9": ".pdf",
    "000_09ec1a85e73abec8": ".docx",
    "shaanxi_yanan": ".jpg",  # a photographed page
    "004_cca4ab3c6bf294dc": ".scan.pdf",  # a seed article, scanned
}
OCR = {"shaanxi_yanan", "004_cca4ab3c6bf294dc"}
#: how far OCR may move an article's scores on the gold (and its entities from the text's)
TOLERANCE = 0.05


def make_document(stem: str, kind: str, folder: Path) -> Path:
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    target = (folder / stem).with_suffix(".pdf" if kind == ".scan.pdf" else kind).resolve()
    if kind == ".html":
        target.write_text(web_page(text), encoding="utf-8")
    elif kind == ".pdf":
        print_pdf(plain_page(text), target)
    elif kind == ".docx":
        word_file(text, target)
    elif kind == ".jpg":  # the whole article on one page, then photographed
        pages = page_images(text, size=28, width=1500, height=2120)
        assert len(pages) == 1
        photograph(pages[0]).save(target, "JPEG", quality=80)
    else:
        scanned_pdf(page_images(text), target)
    return target


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    pytest.importorskip("rapidocr_onnxruntime", reason="OCR needs the extra [documents]")
    root = tmp_path_factory.mktemp("kinds")
    docs, texts = root / "docs", root / "texts-in"
    docs.mkdir()
    texts.mkdir()
    for stem, kind in KINDS.items():
        make_document(stem, kind, docs)
        shutil.copy(CORPUS / f"{stem}.txt", texts)
    doc_report = build([docs], root / "out", html=False, jobs=2)
    text_report = build([texts], root / "out-txt", html=False)
    graph = rdflib.Graph().parse(root / "out" / "graph.ttl", format="turtle")
    return {"docs": docs, "out": root / "out", "report": doc_report, "graph": graph,
            "text_out": root / "out-txt", "text_report": text_report}


def by_stem(report) -> dict:
    return {r.article_id.split(".")[0]: r for r in report.results}


def f1(found: set, wanted: set) -> float:
    return 2 * len(found & wanted) / (len(found) + len(wanted)) if found or wanted else 1.0


def test_every_document_is_built(builds) -> None:
    report = builds["report"]
    assert report.skipped == [] and report.warnings == []
    assert sorted(by_stem(report)) == sorted(KINDS)


def test_each_article_has_the_entities_and_relations_of_its_text(builds) -> None:
    docs, texts = by_stem(builds["report"]), by_stem(builds["text_report"])
    for stem in KINDS:
        got, want = docs[stem], texts[stem]
        entities, facts = set(unpack(got.entities)), set(unpack(got.facts))
        text_entities, text_facts = set(unpack(want.entities)), set(unpack(want.facts))
        assert len(text_entities) > 5 and len(text_facts) > 3, stem
        if stem in OCR:
            assert f1(entities, text_entities) >= 1 - 2 * TOLERANCE, (
                stem, entities ^ text_entities)
            assert f1(facts, text_facts) >= 1 - 2 * TOLERANCE, (stem, facts ^ text_facts)
        else:  # a text layer: the same characters, so the same graph
            assert entities == text_entities, (stem, entities ^ text_entities)
            assert facts == text_facts, (stem, facts ^ text_facts)
        assert got.statistics >= want.statistics - (3 if stem in OCR else 0), stem


def test_scores_on_the_gold_stay_within_the_ocr_tolerance(builds) -> None:
    scorer_path, gold = SHARED / "eval" / "score.py", SHARED / "gold" / "dev"
    if not scorer_path.is_file() or not gold.is_dir():
        pytest.skip(f"no scorer and development gold under {SHARED} (development machines)")
    spec = importlib.util.spec_from_file_location("pa_kg_score", scorer_path)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    docs, texts = by_stem(builds["report"]), by_stem(builds["text_report"])
    for stem in KINDS:  # each article's own fragment of the graph, scored on its own gold
        fragment = BuildCache(builds["out"]).fragment_path(docs[stem].key)
        text_fragment = BuildCache(builds["text_out"]).fragment_path(texts[stem].key)
        got = scorer.score(scorer.load_graph(fragment), gold, [stem])
        want = scorer.score(scorer.load_graph(text_fragment), gold, [stem])
        for part in ("entities", "relations"):
            assert got[part]["ALL"]["f1"] >= want[part]["ALL"]["f1"] - TOLERANCE, (stem, part)


def test_every_evidence_of_a_pdf_or_image_has_a_page_and_a_box(builds) -> None:
    rows = select(builds["graph"], """
        SELECT ?name ?page ?box WHERE {
          ?ev a pa:Evidence ; prov:wasDerivedFrom/rdfs:label ?name .
          OPTIONAL { ?ev pa:page ?page } OPTIONAL { ?ev pa:box ?box } }""")
    paged = [(name, page, box) for name, page, box in rows if name.endswith((".pdf", ".jpg"))]
    assert {name for name, _, _ in paged} == {
        "003_cdeaff0217b844a9.pdf", "004_cca4ab3c6bf294dc.pdf", "shaanxi_yanan.jpg"}
    for name, page, box in paged:
        assert page is not None and page >= 1 and box is not None, name
        x, y, w, h = map(float, box.removeprefix("xywh=percent:").split(","))
        assert x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= 100 and y + h <= 100, box
    assert max(page for name, page, _ in paged if name.startswith("004")) >= 2  # pages counted
    others = [row for row in rows if not row[0].endswith((".pdf", ".jpg"))]
    assert others and all(page is None and box is None for _, page, box in others)


def test_every_quote_is_the_text_kept_beside_the_graph(builds) -> None:
    out = builds["out"]
    rows = select(builds["graph"], """
        SELECT ?file ?quote ?start ?end WHERE {
          ?ev pa:quote ?quote ; pa:startChar ?start ; pa:endChar ?end ;
              prov:wasDerivedFrom/pa:textFile ?file }""")
    assert {file for file, *_ in rows} == {
        f"texts/{name}" for name in (p.name + ".txt" for p in builds["docs"].iterdir())}
    texts = {file: (out / file).read_text(encoding="utf-8") for file, *_ in rows}
    for file, quote, start, end in rows:
        assert texts[file][start:end] == quote, file


def test_a_web_page_gives_the_article_its_title_date_and_outlet(builds) -> None:
    query = """PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?title ?date ?outlet WHERE {
          ?a rdfs:label "anhui_jinzhai%s" ; dcterms:title ?title .
          OPTIONAL { ?a dcterms:date ?date } OPTIONAL { ?a dcterms:publisher ?outlet } }"""
    text_graph = rdflib.Graph().parse(builds["text_out"] / "graph.ttl", format="turtle")
    [(title, _, _)] = select(text_graph, query % ".txt")
    # the page's own date, typed as a date, and its site
    assert select(builds["graph"], query % ".html") == [
        (title, datetime.date(2020, 6, 12), "黔东南新闻网")]


def test_a_rebuild_reads_no_document_again_and_writes_the_same_graph(builds) -> None:
    before = (builds["out"] / "graph.ttl").read_bytes()
    again = build([builds["docs"]], builds["out"], html=False, jobs=2)
    assert again.extracted == 0 and again.up_to_date
    assert (builds["out"] / "graph.ttl").read_bytes() == before
