"""Hostile input to the build: any text builds, odd file names and odd files are skipped.

The texts are made up in the style of county reports; the nasty characters are
the ones damaged scans and scrapers produce (U+FFFD, C1 controls, DEL,
brackets inside a quoted scheme name, noncharacters, bidi controls).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import ROOT

from kg.graph.write import fragment
from kg.vocab import PAR_IRI, iri_name, mint_article, mint_entity, mint_node

#: what IRIs cannot hold as it is, one of each kind
NASTY = [
    "[", "]", "\ufffd", "\uffff", "\ufffe", "\x85", "\x9f", "\x7f", "\x00", "\x1b", " ", '"',
    "'", "<", ">", "\\", "^", "`", "{", "|", "}", "%", "#", "?", "\u3000", "\u200b",
    "\u202e", "\ue000", "\U000f0000", "\ufdd0", "\U0001fffe", "\ud800", "\t", "\n", "\r",
]

KEPT = ["光伏扶贫", "522634-方祥乡", "易地扶贫搬迁“十三五”规划", "e-commerce_2020", "(一村一品)"]


def _roundtrip(iri: str) -> str:
    """The IRI after a trip through a Turtle fragment, read back by rdflib."""
    node = ox.NamedNode(iri)  # raises on an invalid IRI
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    data = fragment([ox.Triple(node, label, ox.Literal("x"))])
    graph = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
    (subject,) = set(graph.subjects())
    return str(subject)


@pytest.mark.parametrize("name", KEPT)
def test_ordinary_names_keep_their_readable_iri(name: str) -> None:
    assert mint_entity("Program", name) == f"{PAR_IRI}program/{name}"
    assert _roundtrip(mint_entity("Program", name)) == f"{PAR_IRI}program/{name}"


@pytest.mark.parametrize("ch", NASTY, ids=[f"U+{ord(c):04X}" for c in NASTY])
def test_any_character_in_a_name_makes_a_valid_iri(ch: str) -> None:
    name = f"实施“9划{ch}”工程"
    iri = mint_entity("Program", name)
    assert iri.startswith(f"{PAR_IRI}program/实施“9划")
    if ch != "'":  # a sub-delimiter IRIs allow; the rest is percent-encoded UTF-8 (RFC 3987)
        encoded = "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        assert iri == f"{PAR_IRI}program/实施“9划{encoded}”工程"
    assert _roundtrip(iri) == iri
    assert _roundtrip(mint_article(f"毕节{ch}.txt")) == mint_article(f"毕节{ch}.txt")
    assert _roundtrip(mint_node("statistic", name, "3")) == mint_node("statistic", name, "3")


def test_names_stay_apart_once_encoded() -> None:
    names = ["三变 改革", "三变%20改革", "三变\u3000改革", "三变[改革]", "三变%5B改革%5D"]
    assert len({iri_name(n) for n in names}) == len(names)


@pytest.mark.parametrize("name", [".", "..", "黔东南/../凯里", "./x"])
def test_dot_segments_are_not_left_for_resolution_to_remove(name: str) -> None:
    iri = mint_entity("Organization", name)
    segments = iri[len(PAR_IRI):].split("/")
    assert "." not in segments and ".." not in segments
    assert _roundtrip(iri) == iri


def _kg(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=timeout, errors="replace")


ARTICLE = (
    "黔西南州册亨县脱贫攻坚纪实\n\n"
    "册亨县位于贵州省西南部。全县实施“{scheme}”工程，发展油茶产业，"
    "带动建档立卡贫困户2150户增收。\n"
)


def test_a_bracket_in_a_quoted_scheme_name_builds_with_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("实施“9划[\n", encoding="utf-8")  # the reproduction
    schemes = ["9划[", "双[培]", "三变\ufffd改革", "四\x85在\x7f农家", "五\uffff"]
    for i, scheme in enumerate(schemes):
        (corpus / f"cehang_{i}.txt").write_text(ARTICLE.format(scheme=scheme), encoding="utf-8")
    run = _kg("build", corpus, "-o", tmp_path / "out", "--no-html", "-q")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "Invalid IRI" not in run.stderr
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    articles = {str(o) for o in graph.objects(None, rdflib.RDFS.label) if str(o).endswith(".txt")}
    assert articles == {"a.txt", *(f"cehang_{i}.txt" for i in range(5))}
    assert graph.value(rdflib.URIRef(f"{PAR_IRI}region/522327"), rdflib.RDFS.label) is not None
    assert rdflib.URIRef(f"{PAR_IRI}industry/油茶") in set(graph.subjects())
    # the C1 control and DEL are replaced by spaces and said so, one line per article
    warned = [line for line in run.stderr.splitlines() if "cehang_3.txt" in line]
    assert len(warned) == 1 and "2 control character(s) replaced by spaces" in warned[0]
    # U+FFFF, which raptor and XML refuse in a literal, is read as U+FFFD
    warned = [line for line in run.stderr.splitlines() if "cehang_4.txt" in line]
    assert len(warned) == 1 and "1 noncharacter(s) replaced by U+FFFD" in warned[0]
    assert "\uffff" not in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_file_names_that_cannot_be_labels_are_reported_in_one_line_and_skipped(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = ARTICLE.format(scheme="一县一业")
    names = [b"line\nbreak.txt", b"tab\there.txt", b"cr\rhere.txt", b"gbk\xb2\xe1.txt",
             "册亨 [2020] 年报.txt".encode()]  # the last is odd but a fine label
    for name in names:
        with open(os.path.join(os.fsencode(corpus), name), "w", encoding="utf-8") as fh:
            fh.write(good)
    run = _kg("build", corpus, "-o", tmp_path / "out", "--no-html", "-q")
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 4, lines  # one per skipped file, none broken by the name
    assert any("line\\x0abreak.txt: file name holds a control character" in x for x in lines)
    assert any("tab\\x09here.txt" in x for x in lines)
    assert any("cr\\x0dhere.txt" in x for x in lines)
    assert any("gbk\\xb2\\xe1.txt: file name is not UTF-8" in x for x in lines)
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label) if str(o).endswith(".txt")}
    assert labels == {"册亨 [2020] 年报.txt"}
    assert rdflib.URIRef(mint_article("册亨 [2020] 年报.txt")) in set(graph.subjects())



@pytest.mark.parametrize("zeros", [120, 400])  # 8e124, and a number no float holds
def test_a_number_of_a_hundred_digits_builds_as_a_plain_decimal_or_not_at_all(zeros: int) -> None:
    from kg.extract.pipeline import process_text
    from kg.graph.build import build_graph

    text = ("雷山县脱贫攻坚\n\n雷山县位于贵州省黔东南州。全县累计投入扶贫资金8" + "0" * zeros
            + "万元，带动贫困户增收。\n")
    graph = build_graph([process_text(text, "leishan.txt")])
    values = [o for o in graph.objects(None, rdflib.URIRef(
        "https://w3id.org/pa-kg/ontology#value"))]
    if zeros == 120:
        assert [str(v) for v in values] == ["8" + "0" * (zeros + 4)]  # 万: four more zeros
    else:
        assert values == []  # infinity is no xsd:decimal: the figure is left out
    again = rdflib.Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert len(again) == len(graph)


def test_an_internal_error_on_one_article_skips_it_and_builds_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.extract.pipeline
    from kg.build import build

    real = kg.extract.pipeline.run

    def run(doc):
        if doc.article_id == "bad.txt":
            raise ValueError("Invalid IRI code point '['\nsecond line")
        return real(doc)

    monkeypatch.setattr(kg.extract.pipeline, "run", run)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("bad.txt", "good.txt"):
        (corpus / name).write_text(ARTICLE.format(scheme="一县一业"), encoding="utf-8")
    report = build([corpus], tmp_path / "out", html=False)
    assert report.articles == 1
    assert report.skipped == [
        f"{corpus / 'bad.txt'}: could not be extracted (internal error ValueError: Invalid IRI "
        "code point '[' second line; please report it with the file)"
    ]
