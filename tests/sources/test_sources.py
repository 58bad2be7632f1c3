"""Readers of web pages, PDFs, Word files and images (kg/sources), one behaviour a test.

The articles here are written for the tests in the style of county reports from Guizhou,
Gansu, Sichuan and Guangxi; the documents are made from them as people make them (see
tests/documents.py).  The build of a folder of every kind from corpus articles, and the OCR
scores, are in test_sources_build.py.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from documents import page_images, plain_page, print_pdf, scanned_pdf, web_page, word_file

from kg.build import build
from kg.errors import ArticleError
from kg.extract.normalise import normalise
from kg.extract.read import find_articles, read_article
from kg.model import Doc, TextBox
from kg.sources import READERS, SUFFIXES, page_progress

GUIZHOU = """雷山县：茶旅融合助农增收

近年来，雷山县坚持把茶产业作为脱贫攻坚的主导产业，全县茶园面积达到16.2万亩。

西江镇控拜村成立茶叶专业合作社，带动贫困户126户实现稳定增收。

县委书记表示，下一步将继续推进易地扶贫搬迁后续扶持工作，让搬迁群众稳得住、能致富。
"""

GANSU = """渭源县扎实推进产业扶贫

渭源县坚持把马铃薯和中药材作为富民产业，2019年全县种植中药材32万亩，带动贫困人口人均增收1200元。

会川镇本庙村建成扶贫车间两个，吸纳贫困劳动力86人就近就业，实现了挣钱顾家两不误。

该县还实施光伏扶贫项目，建成村级光伏电站54座，村集体经济收入明显增加。
"""


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def one_line(message: str, path: Path) -> None:
    assert "\n" not in message and message.startswith(f"{path}: "), message


# -- the registry and the folder listing -------------------------------------------------


def test_every_listed_suffix_has_a_reader_and_folders_list_them(tmp_path: Path) -> None:
    kinds = {".html", ".htm", ".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
    assert kinds <= set(READERS)
    assert {".txt", *READERS} == SUFFIXES
    for name in ["a.txt", "b.HTML", "c.pdf", "d.docx", "e.JPG", "f.tiff", "g.doc", "h.md", "i.zip"]:
        write(tmp_path / "in" / name, "x")
    found = [p.name for p in find_articles([tmp_path / "in"])]
    assert found == ["a.txt", "b.HTML", "c.pdf", "d.docx", "e.JPG", "f.tiff"]


def test_a_build_output_inside_the_corpus_is_not_read_as_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "guizhou.html", web_page(GUIZHOU))
    build([corpus], corpus / "out", html=True)
    assert (corpus / "out" / "graph.html").is_file()
    assert (corpus / "out" / "texts" / "guizhou.html.txt").is_file()
    assert [p.name for p in find_articles([corpus])] == ["guizhou.html"]


# -- web pages ---------------------------------------------------------------------------


def test_a_web_page_gives_its_article_and_metadata_without_navigation_or_comments(
        tmp_path: Path) -> None:
    page = write(tmp_path / "leishan.html", web_page(GUIZHOU, outlet="黔东南新闻网",
                                                     date="2020-06-12", author="杨光"))
    doc = read_article(page)
    assert doc.raw.splitlines()[0] == "雷山县：茶旅融合助农增收"  # the headline first
    assert "西江镇控拜村成立茶叶专业合作社" in doc.raw
    for furniture in ["首页", "热点排行", "全州召开春耕生产调度会", "网友评论", "点赞", "版权所有"]:
        assert furniture not in doc.raw, furniture
    assert doc.meta["date"] == "2020-06-12" and doc.meta["publisher"] == "黔东南新闻网"
    assert doc.meta["creator"] == "杨光"
    assert doc.meta["textFile"] == "texts/leishan.html.txt"
    assert not doc.boxes  # a web page has no pages


def test_a_web_page_reads_the_same_however_many_pages_came_before(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "leishan.html", web_page(GUIZHOU))
    again = write(tmp_path / "b" / "leishan-copy.html", web_page(GUIZHOU))
    texts = {read_article(path).raw for path in [first, again] * 3}
    assert len(texts) == 1 and "西江镇控拜村成立茶叶专业合作社" in texts.pop()


def test_a_gbk_web_page_is_decoded_by_its_meta_charset(tmp_path: Path) -> None:
    page = web_page(GANSU).replace('charset="utf-8"', 'charset="gbk"')
    doc = read_article(write(tmp_path / "weiyuan.htm", page.encode("gbk")))
    assert "会川镇本庙村建成扶贫车间两个" in doc.raw


def test_a_web_page_without_an_article_body_is_one_line(tmp_path: Path) -> None:
    listing = "<html><body><nav><a href='/'>首页</a> <a href='/a'>要闻</a></nav></body></html>"
    path = write(tmp_path / "index.html", listing)
    with pytest.raises(ArticleError) as err:
        read_article(path)
    one_line(str(err.value), path)
    assert "no article body" in str(err.value)


# -- Word files --------------------------------------------------------------------------


def test_a_docx_gives_its_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    table = [["乡镇", "脱贫户数"], ["会川镇", "1320户"]]
    doc = read_article(word_file(GANSU, tmp_path / "weiyuan.docx", table=table))
    lines = [line for line in doc.raw.splitlines() if line]
    assert lines[0] == "渭源县扎实推进产业扶贫"
    assert lines[2].startswith("会川镇本庙村建成扶贫车间两个")
    assert lines[-2:] == ["乡镇 脱贫户数", "会川镇 1320户"]


def test_a_renamed_zip_or_a_renamed_file_is_not_a_docx(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("photos/readme.txt", "照片")
    for path in [write(tmp_path / "photos.docx", buffer.getvalue()),
                 write(tmp_path / "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))]:
        with pytest.raises(ArticleError) as err:
            read_article(path)
        one_line(str(err.value), path)
        assert "not a Word .docx file" in str(err.value) and "save it as .docx" in str(err.value)


# -- PDFs --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed_pdf(tmp_path_factory) -> Path:
    """Chromium's print of the Gansu article, long enough for two pages."""
    folder = tmp_path_factory.mktemp("printed")
    long = GANSU + "\n".join(f"第{i}条：渭源县会川镇推进产业扶贫工作，带动贫困户增收。"
                             for i in range(1, 40))
    return print_pdf(plain_page(long), (folder / "weiyuan.pdf").resolve())


def test_a_text_pdf_is_read_page_by_page_with_a_box_for_every_line(printed_pdf: Path) -> None:
    doc = normalise(read_article(printed_pdf))
    assert "会川镇本庙村建成扶贫车间两个，吸纳贫困劳动力86人就近就业" in doc.text
    assert "2019年全县种植中药材32万亩" in doc.text  # digits on the line of their characters
    from pypdf import PdfReader

    count = len(PdfReader(printed_pdf).pages)
    assert count >= 2 and {b.page for b in doc.boxes} == set(range(1, count + 1))
    last = next(b for b in doc.boxes if "第39条" in doc.raw[b.start:b.end])
    assert last.page == count  # the article's last line is on the last page
    for b in doc.boxes:
        assert doc.raw[b.start:b.end].strip() and "\n" not in doc.raw[b.start:b.end]
        x0, y0, x1, y1 = b.box
        assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
    tops = [b.box[1] for b in doc.boxes if b.page == 1]
    assert tops == sorted(tops)  # top to bottom


def test_an_encrypted_or_broken_pdf_is_one_line(tmp_path: Path, printed_pdf: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(printed_pdf))
    writer.encrypt("secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        writer.write(fh)
    cut = write(tmp_path / "cut.pdf", printed_pdf.read_bytes()[:3000])
    named = write(tmp_path / "named.pdf", GANSU)
    for path, problem in [(locked, "encrypted with a password"), (cut, "not a readable PDF"),
                          (named, "not a PDF file")]:
        with pytest.raises(ArticleError) as err:
            read_article(path)
        one_line(str(err.value), path)
        assert problem in str(err.value)


# -- images and OCR ----------------------------------------------------------------------


def test_an_image_without_text_is_one_line(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    photo = Image.new("RGB", (800, 600), (110, 140, 90))
    ImageDraw.Draw(photo).ellipse((200, 150, 600, 450), fill=(200, 180, 60))  # a field, a sun
    path = tmp_path / "field.jpg"
    photo.save(path, "JPEG")
    with pytest.raises(ArticleError) as err:
        read_article(path)
    one_line(str(err.value), path)
    assert "no text found by OCR" in str(err.value)


def test_a_damaged_image_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "scan.png", b"\x89PNG\r\n\x1a\n" + bytes(40))
    with pytest.raises(ArticleError) as err:
        read_article(path)
    one_line(str(err.value), path)
    assert "not a readable image" in str(err.value)


def test_without_ocr_installed_an_image_or_scan_says_what_to_install(
        tmp_path: Path, monkeypatch) -> None:
    pages = page_images(GUIZHOU)
    image = tmp_path / "leishan.png"
    pages[0].save(image)
    scan = scanned_pdf(pages, tmp_path / "leishan-scan.pdf")
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails
    for path in (image, scan):
        with pytest.raises(ArticleError) as err:
            read_article(path)
        one_line(str(err.value), path)
        assert "pip install 'pa-kg[documents]'" in str(err.value)


def test_a_build_reports_each_bad_document_on_one_line_and_builds_the_rest(
        tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "mixed"
    write(corpus / "leishan.html", web_page(GUIZHOU))
    word_file(GANSU, corpus / "weiyuan.docx")
    write(corpus / "index.html", "<html><body><nav><a href='/'>首页</a></nav></body></html>")
    write(corpus / "notes.docx", b"PK\x03\x04" + bytes(30))
    write(corpus / "broken.pdf", b"%PDF-1.4\n%%EOF")
    write(corpus / "scan.png", page_images(GANSU)[0].tobytes()[:500])  # not an image file
    report = build([corpus], tmp_path / "out", html=False)
    assert report.articles == 2
    assert len(report.skipped) == 4
    for message in report.skipped:
        assert "\n" not in message and message.split(":")[0].endswith(
            ("index.html", "notes.docx", "broken.pdf", "scan.png"))
    texts = sorted(p.name for p in (tmp_path / "out" / "texts").iterdir())
    assert texts == ["leishan.html.txt", "weiyuan.docx.txt"]


# -- where evidence sits on the page -----------------------------------------------------


def test_evidence_gets_the_page_and_united_box_of_its_lines() -> None:
    raw = "第一行文字，\n第二行文字。\n\n下一页的文字。\n"
    doc = Doc("scan.pdf", raw, boxes=(
        TextBox(0, 6, 1, (0.1, 0.10, 0.8, 0.12)),
        TextBox(7, 13, 1, (0.1, 0.13, 0.6, 0.15)),
        TextBox(15, 22, 2, (0.2, 0.05, 0.7, 0.07)),
    ))
    assert doc.place(0, 13) == (1, (0.1, 0.10, 0.8, 0.15))
    assert doc.place(8, 12) == (1, (0.1, 0.13, 0.6, 0.15))
    assert doc.place(7, 22) == (1, (0.1, 0.13, 0.6, 0.15))  # it starts on page 1
    assert doc.place(14, 20) == (2, (0.2, 0.05, 0.7, 0.07))  # from the blank line between
    assert Doc("a.txt", raw).place(0, 5) == (0, None)


def test_pdf_and_image_evidence_terms_are_declared_in_the_ontology() -> None:
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    from kg.graph.shacl import ontology_dir
    from kg.vocab import PA, PA_TERMS

    onto = rdflib.Graph().parse(ontology_dir() / "pa.ttl", format="turtle")
    for term, domain in [("page", PA.Evidence), ("box", PA.Evidence), ("textFile", PA.Article)]:
        assert term in PA_TERMS
        assert (PA[term], RDF.type, OWL.DatatypeProperty) in onto
        assert (PA[term], RDFS.domain, domain) in onto


# -- the normaliser undoes what PDFs and OCR do to characters -----------------------------


def test_radical_code_points_read_as_the_characters_they_stand_for() -> None:
    raw = "⻓顺县⼤⼒发展⻩⽜养殖，⻔前修通⽔泥路。"  # Kangxi radicals and supplement radicals
    doc = normalise(Doc("a.pdf", raw))
    assert doc.text == "长顺县大力发展黄牛养殖，门前修通水泥路。"
    assert doc.offsets == list(range(len(raw)))  # one for one: offsets still point into raw
    spaced = normalise(Doc("b.pdf", "截至2019年9月21 ⽇，⻘⽯村共有32 ⼾"))
    assert spaced.text == "截至2019年9月21日，青石村共有32户"  # the simplified forms


# -- long documents show progress by page ------------------------------------------------


class Terminal(io.StringIO):
    """stderr as a terminal: progress bars draw themselves only on one."""

    def isatty(self) -> bool:
        return True


def test_a_long_pdf_shows_progress_by_page_on_a_terminal(monkeypatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with page_progress(Path("bulletin.pdf"), 200) as bar:
        bar.update(150)
        bar.refresh()
        shown = terminal.getvalue()
    assert "bulletin.pdf" in shown and "150/200" in shown and "page" in shown
    with page_progress(Path("short.pdf"), 3) as quiet:
        assert quiet.disable  # a few pages of text read in no time
    with page_progress(Path("two-scans.tif"), 2, slow=True) as ocr:
        assert not ocr.disable  # OCR takes seconds a page
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with page_progress(Path("bulletin.pdf"), 200) as logged:
        assert logged.disable  # not a terminal (a log file, CI): no bar


def test_a_long_pdf_in_a_build_shows_its_pages_unless_the_build_is_quiet(
        tmp_path: Path, printed_pdf: Path, monkeypatch) -> None:
    from pypdf import PdfReader

    import kg.sources
    from kg.commands.console import Console

    pages = len(PdfReader(printed_pdf).pages)
    monkeypatch.setattr(kg.sources, "PROGRESS_MIN_PAGES", 1)  # as if it had 200 pages
    corpus = write(tmp_path / "in" / "weiyuan.pdf", printed_pdf.read_bytes()).parent
    for progress, out in ((True, "shown"), (False, "quiet")):
        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        build([corpus], tmp_path / out, reporter=Console(quiet=not progress), html=False, jobs=1)
        monkeypatch.setattr(sys, "stderr", sys.__stderr__)
        shown = terminal.getvalue()
        by_page = [f"| {n}/{pages} [" in shown for n in range(1, pages + 1)]
        assert ("weiyuan.pdf:" in shown and all(by_page)) is progress, shown
    assert kg.sources._page_bars  # the quiet build left the setting as it found it


def test_the_time_limit_sees_through_a_library_that_wraps_the_alarm() -> None:
    import time

    from kg.build.runners import ArticleTimeout, time_limit

    started = time.monotonic()
    with pytest.raises(ArticleTimeout), time_limit(0.2):
        try:
            time.sleep(5)
        except Exception as exc:
            raise RuntimeError("inference failed") from exc
    assert time.monotonic() - started < 2
    with pytest.raises(KeyError), time_limit(5):
        raise KeyError("a failing article is not a slow one")


def test_a_file_changed_after_the_build_looked_it_up_is_cached_as_what_was_read(
        tmp_path: Path) -> None:
    from kg.build.cache import article_key, content_hash
    from kg.build.runners import extract_path

    path = word_file(GUIZHOU, tmp_path / "leishan.docx")
    looked_up = article_key(path.name, content_hash(path.read_bytes()))
    word_file(GANSU, path)  # saved again between the lookup and the extraction
    result = extract_path(str(path), looked_up)
    assert not result.error
    assert result.key == article_key(path.name, content_hash(path.read_bytes())) != looked_up
    assert "渭源县" in result.text


def test_a_page_that_takes_too_long_is_one_line_even_inside_a_library(tmp_path: Path) -> None:
    import time

    from kg.sources import page_time_limit

    def library_call() -> None:  # what OCR libraries do with whatever interrupts them
        try:
            time.sleep(5)
        except Exception as exc:
            raise RuntimeError("inference failed") from exc

    path = tmp_path / "bulletin.pdf"
    with pytest.raises(ArticleError) as err, page_time_limit(path, 7, seconds=0.2):
        library_call()
    one_line(str(err.value), path)
    assert "page 7 took over" in str(err.value)
    with pytest.raises(ValueError), page_time_limit(path, 1, seconds=5):
        raise ValueError("a failing page is not a slow one")


def test_each_frame_of_a_tiff_is_a_page_read_by_ocr(tmp_path: Path) -> None:
    from documents import _font
    from PIL import Image, ImageDraw

    frames = []
    for line in ["雷山县大力发展茶产业。", "渭源县扩大中药材种植。"]:
        frame = Image.new("L", (900, 160), 250)
        ImageDraw.Draw(frame).text((60, 50), line, font=_font(44), fill=20)
        frames.append(frame)
    path = tmp_path / "two-pages.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    doc = read_article(path)
    assert [b.page for b in doc.boxes] == [1, 2]
    first, second = (doc.raw[b.start:b.end] for b in doc.boxes)
    assert "雷山县" in first and "茶产业" in first and "渭源县" in second
    x0, y0, x1, y1 = doc.boxes[0].box
    assert 0.03 < x0 < 0.1 and 0.2 < y0 < 0.4 and 0.5 < x1 < 0.7 and 0.5 < y1 < 0.8


def test_documents_build_the_same_graph_in_one_process_and_in_two(
        tmp_path: Path, printed_pdf: Path) -> None:
    corpus = tmp_path / "sources"
    write(corpus / "leishan.html", web_page(GUIZHOU))
    word_file(GANSU, corpus / "weiyuan.docx")
    write(corpus / "weiyuan.pdf", printed_pdf.read_bytes())
    write(corpus / "leishan.txt", GUIZHOU)
    one = build([corpus], tmp_path / "one", html=False, jobs=1)
    two = build([corpus], tmp_path / "two", html=False, jobs=2)
    assert one.articles == two.articles == 4
    graph = (tmp_path / "one" / "graph.ttl").read_bytes()
    assert graph == (tmp_path / "two" / "graph.ttl").read_bytes()
    for name in ["leishan.html.txt", "weiyuan.docx.txt", "weiyuan.pdf.txt"]:
        assert (tmp_path / "one" / "texts" / name).read_bytes() == (
            tmp_path / "two" / "texts" / name).read_bytes()
    assert not (tmp_path / "one" / "texts" / "leishan.txt.txt").exists()  # a .txt is its own text
    (corpus / "weiyuan.docx").unlink()
    again = build([corpus], tmp_path / "one", html=False)
    assert again.extracted == 0
    assert sorted(p.name for p in (tmp_path / "one" / "texts").iterdir()) == [
        "leishan.html.txt", "weiyuan.pdf.txt"]  # the deleted source's text goes with it


def test_a_library_failing_inside_a_reader_is_one_line_not_a_crash(
        tmp_path: Path, monkeypatch) -> None:
    import kg.sources.docx as word

    def broken(path, data):
        raise IndexError("list index out of range\nin some table cell")

    monkeypatch.setattr(word, "read_docx", broken)
    path = word_file(GANSU, tmp_path / "weiyuan.docx")
    with pytest.raises(ArticleError) as err:
        read_article(path)
    one_line(str(err.value), path)
    assert "IndexError: list index out of range" in str(err.value)
