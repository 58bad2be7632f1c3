"""The whole build: the corpus graph is valid, traceable, stable and merged; bad input is safe."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from conftest import CONTRACT_CLASSES, CORPUS, FIXTURES, GOOD_ARTICLE, select
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import SKOS

from kg.build import build
from kg.errors import KgError
from kg.vocab import PA, PROV

RELATIONS = ("servesIn", "locatedIn", "implements", "develops")
ENTITY_CLASSES = set(CONTRACT_CLASSES)


def raw_article(name: str) -> str:
    return (CORPUS / name).read_bytes().decode("utf-8")


def node_by_label(graph: rdflib.Graph, kind: str, name: str) -> list[rdflib.term.Node]:
    return [
        s
        for s in graph.subjects(RDF.type, PA[kind])
        if Literal(name, lang="zh") in set(graph.objects(s, RDFS.label))
    ]


# ---------------------------------------------------------------- the corpus graph


def test_the_corpus_graph_conforms_to_the_shacl_shapes(corpus_build) -> None:
    from kg.graph.shacl import validate

    conforms, report = validate(corpus_build[1])
    assert conforms, report[:3000]


def test_rapper_reads_the_turtle_back(corpus_build) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    out, graph = corpus_build
    check = subprocess.run(
        [rapper, "-i", "turtle", "-c", str(out / "graph.ttl")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr[-2000:]
    assert re.search(r"returned \d+ triples", check.stderr), check.stderr
    # and rapper reads the same triples as rdflib (the file may state one twice)
    dump = subprocess.run(
        [rapper, "-q", "-i", "turtle", "-o", "ntriples", str(out / "graph.ttl")],
        capture_output=True,
        timeout=120,
    )
    assert dump.returncode == 0
    theirs = rdflib.Graph().parse(data=dump.stdout.decode("utf-8"), format="nt")
    assert set(theirs) == set(graph)


def test_every_relation_has_evidence_that_quotes_the_raw_article(corpus_build) -> None:
    graph = corpus_build[1]
    statements = {}
    for st, pred in graph.subject_objects(RDF.predicate):
        if (st, RDF.type, RDF.Statement) in graph:
            statements[st] = pred
    assert statements
    checked = 0
    for st, pred in statements.items():
        name = str(pred).rsplit("#", 1)[-1]
        assert name in RELATIONS, pred
        evidence = list(graph.objects(st, PA.supportedBy))
        from_gazetteer = (st, PA.fromGazetteer, Literal(True)) in graph
        assert evidence or from_gazetteer, f"{st} has neither evidence nor pa:fromGazetteer"
        if from_gazetteer:
            assert name == "locatedIn", f"only locatedIn comes from the gazetteer: {st}"
        for ev in evidence:
            quote = str(graph.value(ev, PA.quote))
            start, end = int(graph.value(ev, PA.startChar)), int(graph.value(ev, PA.endChar))
            article = str(graph.value(graph.value(ev, PROV.wasDerivedFrom), RDFS.label))
            assert raw_article(article)[start:end] == quote
            checked += 1
    assert checked > 100


def test_every_plain_relation_triple_has_its_statement_and_back(corpus_build) -> None:
    graph = corpus_build[1]
    plain = {(s, p, o) for p in (PA[r] for r in RELATIONS) for s, o in graph.subject_objects(p)}
    reified = {
        (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
        for st in graph.subjects(RDF.type, RDF.Statement)
    }
    assert plain == reified
    assert {p for _, p, _ in plain} == {PA[r] for r in RELATIONS}


def test_every_statistic_has_evidence_quoting_its_number(corpus_build) -> None:
    graph = corpus_build[1]
    stats = list(graph.subjects(RDF.type, PA.Statistic))
    assert len(stats) > 100
    for stat in stats:
        evidence = list(graph.objects(stat, PA.supportedBy))
        assert len(evidence) == 1, stat
        ev = evidence[0]
        quote = str(graph.value(ev, PA.quote))
        start, end = int(graph.value(ev, PA.startChar)), int(graph.value(ev, PA.endChar))
        article = str(graph.value(graph.value(ev, PROV.wasDerivedFrom), RDFS.label))
        assert raw_article(article)[start:end] == quote
        assert str(graph.value(stat, PA.surface)) in re.sub(r"\s", "", quote)
        assert graph.value(stat, PA.value).datatype == rdflib.XSD.decimal
        assert graph.value(stat, PA.aboutRegion) is not None


def test_every_entity_has_one_contract_class_and_a_chinese_label(corpus_build) -> None:
    graph = corpus_build[1]
    nodes = {s for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, PA[cls])}
    assert len(nodes) > 100
    for node in nodes:
        classes = {str(c).rsplit("#", 1)[-1] for c in graph.objects(node, RDF.type)}
        assert len(classes & ENTITY_CLASSES) == 1, (node, classes)
        labels = list(graph.objects(node, RDFS.label))
        assert len(labels) == 1 and labels[0].language == "zh", (node, labels)


def test_maojian_is_one_node_mentioned_in_several_articles(corpus_build) -> None:
    graph = corpus_build[1]
    (maojian,) = node_by_label(graph, "County", "茅箭区")
    articles = {str(graph.value(a, RDFS.label)) for a in graph.objects(maojian, PA.mentionedIn)}
    # 000 is about 茅箭区, 003 lists 茅箭区 among the counties lifted out, 004's title names it
    assert {
        "000_09ec1a85e73abec8.txt",
        "003_cdeaff0217b844a9.txt",
        "004_cca4ab3c6bf294dc.txt",
    } <= articles
    assert Literal("茅箭", lang="zh") in set(graph.objects(maojian, SKOS.altLabel))


def test_gazetteer_regions_and_counties_are_never_duplicated(corpus_build) -> None:
    graph = corpus_build[1]
    for kind in ("Province", "City", "County"):
        labels = [str(graph.value(s, RDFS.label)) for s in graph.subjects(RDF.type, PA[kind])]
        assert len(labels) == len(set(labels)), kind


def test_gazetteer_links_are_marked_and_claim_no_article(corpus_build) -> None:
    graph = corpus_build[1]
    rows = select(
        graph,
        """SELECT ?child ?parent ?cc ?pc WHERE {
             ?st rdf:subject ?c ; rdf:predicate pa:locatedIn ; rdf:object ?p ;
                 pa:fromGazetteer true .
             ?c rdfs:label ?child ; pa:adcode ?cc . ?p rdfs:label ?parent ; pa:adcode ?pc }""",
    )
    # no article names 湖北 or the link 万州区 → 重庆市: the national table supplies them
    assert {("十堰市", "湖北省"), ("万州区", "重庆市")} <= {(c, p) for c, p, _, _ in rows}
    for _, _, child_code, parent_code in rows:
        # GB/T 2260: a province is XX0000, a city XXYY00; children share that prefix
        prefix = parent_code[:2] if parent_code.endswith("0000") else parent_code[:4]
        assert child_code.startswith(prefix) and child_code != parent_code
    (hubei,) = node_by_label(graph, "Province", "湖北省")
    assert (hubei, PA.mentionedIn, None) not in graph


def test_articles_are_recorded_with_their_content_hash(corpus_build) -> None:
    import hashlib

    graph = corpus_build[1]
    for path in sorted(CORPUS.glob("*.txt")):
        (art,) = list(graph.subjects(RDFS.label, Literal(path.name)))
        assert (art, RDF.type, PA.Article) in graph
        assert (
            str(graph.value(art, PA.contentHash)) == hashlib.sha256(path.read_bytes()).hexdigest()
        )


def test_a_build_of_noisy_articles_from_other_provinces(tmp_path: Path) -> None:
    from kg.graph.shacl import validate

    build([FIXTURES], tmp_path / "out", html=False)
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    conforms, report = validate(graph)
    assert conforms, report[:3000]
    for ev in graph.subjects(RDF.type, PA.Evidence):
        article = str(graph.value(graph.value(ev, PROV.wasDerivedFrom), RDFS.label))
        raw = (FIXTURES / article).read_bytes().decode("utf-8")
        start, end = int(graph.value(ev, PA.startChar)), int(graph.value(ev, PA.endChar))
        assert raw[start:end] == str(graph.value(ev, PA.quote))
    rows = set(
        select(
            graph,
            """SELECT ?region ?industry ?quote WHERE {
                 ?st rdf:subject ?r ; rdf:predicate pa:develops ; rdf:object ?i ;
                     pa:supportedBy/pa:quote ?quote .
                 ?r rdfs:label ?region . ?i rdfs:label ?industry }""",
        )
    )
    # weiyuan_scan.txt: 渭源县会川镇大力发展当归、 黄芪等中药材产业, 带动当地群众脱倉致富。
    (quote,) = {q for r, i, q in rows if (r, i) == ("会川镇", "当归")}
    assert "脱倉致富" in quote, "evidence quotes the scan as printed"
    # leishan.txt, dingxi.txt
    assert {("控拜村", "银饰"), ("香泉镇", "马铃薯")} <= {(r, i) for r, i, _ in rows}
    serves = set(
        select(
            graph,
            """SELECT ?name ?position ?region WHERE {
                 ?o pa:servesIn/rdfs:label ?region ; rdfs:label ?name ; pa:position ?position }""",
        )
    )
    assert {("王丽华", "县长", "渭源县"), ("张明", "市委书记", "定西市")} <= serves
    stats = select(
        graph,
        """SELECT ?v WHERE { ?s pa:aboutRegion/rdfs:label "渭源县"@zh ; pa:value ?v ;
             pa:unit "元"@zh }""",
    )
    assert (Decimal("1250000000"),) in stats  # 投入扶贫资金12.5亿元


# ---------------------------------------------------------------- stability


def test_building_twice_gives_identical_bytes(corpus_build, tmp_path: Path) -> None:
    first = corpus_build[0] / "graph.ttl"
    build([CORPUS], tmp_path / "again", html=False)
    assert (tmp_path / "again" / "graph.ttl").read_bytes() == first.read_bytes()
    # and again into the same folder (its cache answers): still the same bytes
    build([CORPUS], tmp_path / "again", html=False)
    assert (tmp_path / "again" / "graph.ttl").read_bytes() == first.read_bytes()


def test_iris_do_not_depend_on_which_other_articles_are_built(corpus_build, tmp_path) -> None:
    whole = corpus_build[1]
    build([CORPUS / "004_cca4ab3c6bf294dc.txt"], tmp_path / "one", html=False)
    one = rdflib.Graph().parse(tmp_path / "one" / "graph.ttl", format="turtle")
    for kind, name in [("County", "茅箭区"), ("Town", "大川镇"), ("Village", "卡子村")]:
        assert node_by_label(one, kind, name) == node_by_label(whole, kind, name)
        assert len(node_by_label(one, kind, name)) == 1


# ---------------------------------------------------------------- bad input through the API


@pytest.fixture
def previous_out(tmp_path: Path, good_article: Path) -> tuple[Path, dict[str, bytes]]:
    """An OUT folder holding a complete earlier build (graph.ttl and graph.html)."""
    out = tmp_path / "exports"
    build([good_article], out, html=True)
    return out, {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.html")}


def assert_untouched(out: Path, before: dict[str, bytes]) -> None:
    for name, data in before.items():
        assert (out / name).read_bytes() == data, f"{name} was changed by a failed build"
    leftovers = {p.name for p in out.iterdir()} - {"graph.ttl", "graph.html", ".kg-cache"}
    assert leftovers == set(), "temporary files left behind"


def test_an_empty_folder_fails_and_leaves_the_previous_graph_untouched(
    tmp_path: Path, previous_out
) -> None:
    out, before = previous_out
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(KgError, match=f"{re.escape(str(empty))}: folder holds no .txt"):
        build([empty], out)
    assert_untouched(out, before)


@pytest.mark.parametrize(
    "name", ["binary.txt", "empty.txt", "blank.txt", "damaged.txt", "latin1.txt"]
)
def test_a_single_bad_file_fails_naming_it(bad_file, previous_out, name: str) -> None:
    out, before = previous_out
    path = bad_file(name)
    with pytest.raises(KgError) as info:
        build([path], out)
    message = str(info.value)
    assert message.startswith("nothing could be built: ")
    assert str(path) in message and "\n" not in message
    assert_untouched(out, before)


def test_an_article_without_entities_alone_builds_nothing(bad_file, previous_out) -> None:
    out, before = previous_out
    path = bad_file("no_entities.txt")
    with pytest.raises(KgError, match=re.escape(f"{path}: no entities found")):
        build([path], out)
    assert_untouched(out, before)


def test_a_missing_path_alone_fails_naming_it(tmp_path: Path, previous_out) -> None:
    out, before = previous_out
    with pytest.raises(KgError, match=re.escape(f"{tmp_path / 'nowhere'}: no such file or folder")):
        build([tmp_path / "nowhere"], out)
    assert_untouched(out, before)


def test_one_bad_file_among_good_ones_is_a_warning_and_the_rest_is_built(
    tmp_path: Path, bad_file
) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    for name in ("003_cdeaff0217b844a9.txt", "004_cca4ab3c6bf294dc.txt"):
        shutil.copy(CORPUS / name, corpus / name)
    for name in ("binary.txt", "empty.txt", "no_entities.txt"):
        shutil.copy(bad_file(name), corpus / name)
    report = build([corpus, tmp_path / "missing.txt"], tmp_path / "out", html=False)
    assert report.articles == 3  # the two good ones and the one without entities
    messages = report.skipped + report.warnings
    for name in ("binary.txt", "empty.txt", "no_entities.txt", "missing.txt"):
        assert sum(name in m for m in messages) == 1, (name, messages)
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert node_by_label(graph, "Town", "大川镇")
    assert node_by_label(graph, "City", "十堰市")


def test_gbk_and_utf16_articles_are_built(tmp_path: Path) -> None:
    corpus = tmp_path / "encodings"
    corpus.mkdir()
    (corpus / "gbk.txt").write_bytes(GOOD_ARTICLE.encode("gbk"))
    (corpus / "utf16.txt").write_bytes(GOOD_ARTICLE.replace("大川镇", "茅塔乡").encode("utf-16"))
    report = build([corpus], tmp_path / "out", html=False)
    assert report.articles == 2 and not report.skipped
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert node_by_label(graph, "Town", "大川镇") and node_by_label(graph, "Town", "茅塔乡")
    for ev in graph.subjects(RDF.type, PA.Evidence):
        article = str(graph.value(graph.value(ev, PROV.wasDerivedFrom), RDFS.label))
        data = (corpus / article).read_bytes()
        text = data.decode("gbk") if article == "gbk.txt" else data.decode("utf-16")
        start, end = int(graph.value(ev, PA.startChar)), int(graph.value(ev, PA.endChar))
        assert text[start:end] == str(graph.value(ev, PA.quote))


def test_an_output_folder_that_is_a_file_is_refused(tmp_path: Path, good_article: Path) -> None:
    blocker = tmp_path / "exports"
    blocker.write_text("not a folder", encoding="utf-8")
    for out in (blocker, blocker / "sub"):
        with pytest.raises(KgError, match="is a file"):
            build([good_article], out)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_failure_while_writing_the_view_leaves_both_old_outputs(
    monkeypatch, good_article: Path, previous_out
) -> None:
    import kg.build.view
    import kg.view.html

    def broken(*args, **kwargs):
        raise RuntimeError("disk full while writing the view")

    monkeypatch.setattr(kg.view.html, "write_html", broken)
    monkeypatch.setattr(kg.build.view, "write_html", broken, raising=False)
    out, before = previous_out
    other = good_article.with_name("other.txt")
    other.write_text(GOOD_ARTICLE.replace("大川镇", "茅塔乡"), encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk full"):
        build([other], out, html=True)
    assert_untouched(out, before)


def test_a_successful_build_leaves_no_temporary_files(tmp_path: Path, good_article: Path) -> None:
    out = tmp_path / "exports"
    report = build([good_article], out, html=True)
    assert {p.name for p in report.outputs} == {"graph.ttl", "graph.html"}
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".kg-cache")) == [
        "graph.html",
        "graph.ttl",
    ]
