"""``kg serve`` as standard clients use it: content negotiation, datasets, prefixes.

A real server on the corpus graph.  SPARQLWrapper sends both an ``Accept``
header and ``format=``; the Accept header must win, each format name must
mean its real media type, and a CONSTRUCT must come back as an rdflib graph in
RDF/XML, Turtle and JSON-LD.  ``FROM <article>`` and the protocol's
``default-graph-uri`` select one article's named graph; with neither, the
default graph is the whole graph.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import CHROMIUM, headless_chromium, kg_serve
from rdflib import RDF, RDFS, Graph, Literal

from kg.vocab import PA, PROV, article_iri

requests = pytest.importorskip("requests", reason="the [push] extra (requests) is not installed")
pytest.importorskip("flask", reason="kg serve needs the [serve] extra (flask, waitress)")
pytest.importorskip("waitress", reason="kg serve needs the [serve] extra (flask, waitress)")

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL_NAMES = "CONSTRUCT { ?o rdfs:label ?name } WHERE { ?o a pa:Official ; rdfs:label ?name }"
QUOTES = "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?ev pa:quote ?q }"
#: 000 names 茅箭区委书记周庆荣; 004 describes 大川镇 and its villages
SEED = str(article_iri("000_09ec1a85e73abec8.txt"))
OTHER = str(article_iri("004_cca4ab3c6bf294dc.txt"))


@pytest.fixture(scope="module")
def base(corpus_ttl: Path):
    with kg_serve(corpus_ttl, "--workers", "1") as url:
        yield url


def count(base: str, query: str, **params) -> int:
    r = requests.get(base + "/sparql", params={"query": query, **params}, timeout=20)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("name", ["XML", "TURTLE", "JSONLD"])
def test_sparqlwrapper_construct_gives_a_graph(base: str, name: str) -> None:
    sw = pytest.importorskip("SPARQLWrapper")
    client = sw.SPARQLWrapper(base + "/sparql")
    client.setQuery(OFFICIAL_NAMES)
    client.setReturnFormat(getattr(sw, name))
    with warnings.catch_warnings():
        # SPARQLWrapper warns when the type it got is not the one it asked for
        warnings.simplefilter("error", RuntimeWarning)
        graph = client.queryAndConvert()
    if name == "TURTLE":  # SPARQLWrapper hands Turtle over as bytes, by design
        graph = Graph().parse(data=graph, format="turtle")
    assert isinstance(graph, Graph), type(graph)
    assert Literal("周庆荣", lang="zh") in set(graph.objects(None, RDFS.label))
    assert set(graph.predicates()) == {RDFS.label}


def test_the_accept_header_wins_over_format(base: str) -> None:
    query = "SELECT ?name WHERE { ?o a pa:Official ; rdfs:label ?name } LIMIT 3"
    r = requests.get(
        base + "/sparql",
        params={"query": query, "format": "json"},
        headers={"Accept": "text/csv"},
        timeout=10,
    )
    assert r.headers["Content-Type"].startswith("text/csv")
    assert r.text.splitlines()[0] == "name"


@pytest.mark.parametrize(
    ("fmt", "form", "media"),
    [
        ("xml", "select", "application/sparql-results+xml"),
        ("json", "select", "application/sparql-results+json"),
        ("csv", "select", "text/csv"),
        ("xml", "construct", "application/rdf+xml"),
        ("rdf+xml", "construct", "application/rdf+xml"),
        ("json-ld", "construct", "application/ld+json"),
        ("json", "construct", "application/ld+json"),
        ("turtle", "construct", "text/turtle"),
        ("nt", "construct", "application/n-triples"),
    ],
)
def test_format_names_mean_their_media_types_without_accept(
    base: str, fmt: str, form: str, media: str
) -> None:
    query = OFFICIAL_NAMES if form == "construct" else "SELECT * WHERE { ?s a pa:Official }"
    for accept in (None, "*/*"):  # curl and requests send */*, which asks for nothing
        headers = {"Accept": accept} if accept else {}
        r = requests.get(
            base + "/sparql", params={"query": query, "format": fmt}, headers=headers, timeout=10
        )
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].split(";")[0] == media


def test_an_unknown_format_name_is_406(base: str) -> None:
    r = requests.get(base + "/sparql", params={"query": "ASK {}", "format": "yaml"}, timeout=10)
    assert r.status_code == 406 and "yaml" in r.text


def test_construct_turtle_uses_the_project_prefixes(base: str) -> None:
    query = "CONSTRUCT { ?o a pa:Official ; pa:servesIn ?r } WHERE { ?o pa:servesIn ?r }"
    r = requests.get(
        base + "/sparql", params={"query": query}, headers={"Accept": "text/turtle"}, timeout=10
    )
    assert "@prefix pa: <https://w3id.org/pa-kg/ontology#>" in r.text
    assert "pa:Official" in r.text and "ns1:" not in r.text


def test_kg_query_prints_turtle_with_the_project_prefixes(corpus_ttl: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "kg", "query", str(corpus_ttl)]
        + ["DESCRIBE ?o WHERE { ?o a pa:Official }"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "a pa:Official" in run.stdout and "ns1:" not in run.stdout


def test_relative_iris_in_construct_resolve_against_the_endpoint(base: str) -> None:
    r = requests.post(
        base + "/sparql",
        data=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
        timeout=10,
    )
    assert r.status_code == 200, r.text
    assert r.text.startswith(f"<{base}/s> <{base}/p> ")


def test_from_an_article_reads_that_articles_graph(base: str, corpus_graph: Graph) -> None:
    whole = count(base, QUOTES)
    quotes_of = {
        str(art): {
            str(q)
            for ev in corpus_graph.subjects(PROV.wasDerivedFrom, art)
            for q in corpus_graph.objects(ev, PA.quote)
        }
        for art in corpus_graph.subjects(RDF.type, PA.Article)
    }
    assert whole == len(set().union(*quotes_of.values()))
    one = count(base, QUOTES.replace("WHERE", f"FROM <{SEED}> WHERE"))
    assert 0 < one == len(quotes_of[SEED]) < whole
    # the protocol's dataset, given, wins over the query's FROM
    both = count(
        base, QUOTES.replace("WHERE", f"FROM <{SEED}> WHERE"), **{"default-graph-uri": OTHER}
    )
    assert both == len(quotes_of[OTHER])
    # two default graphs are merged
    r = requests.get(
        base + "/sparql",
        params=[("query", QUOTES), ("default-graph-uri", SEED), ("default-graph-uri", OTHER)],
        timeout=10,
    )
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == len(
        quotes_of[SEED] | quotes_of[OTHER]
    )


def test_graph_names_are_the_articles(base: str, corpus_graph: Graph) -> None:
    r = requests.get(
        base + "/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        timeout=10,
    )
    names = {b["g"]["value"] for b in r.json()["results"]["bindings"]}
    assert names == {str(a) for a in corpus_graph.subjects(RDF.type, PA.Article)}
    assert len(names) == len(list((ROOT / "corpus").glob("*.txt")))


def test_two_query_parameters_are_400(base: str) -> None:
    r = requests.get(
        base + "/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")], timeout=10
    )
    assert r.status_code == 400


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_the_pages_download_is_named_by_what_it_holds(base: str) -> None:
    with headless_chromium() as browser:
        page = browser.new_page(bypass_csp=True, accept_downloads=True)
        page.goto(base + "/", timeout=15_000)
        page.wait_for_function("window.kgReady === true", timeout=10_000)
        names = "SELECT ?name WHERE { ?o a pa:Official ; rdfs:label ?name }"
        for query, name, first in (
            (names, "answer.csv", "name"),
            (OFFICIAL_NAMES, "answer.ttl", "@prefix"),
        ):
            page.fill("#query", query)
            page.click("#run")
            page.wait_for_function(
                "document.querySelector('#status').textContent.includes(' in ')",
                timeout=10_000,
            )
            with page.expect_download(timeout=10_000) as info:
                page.click("#csv")
            download = info.value
            assert download.suggested_filename == name
            text = Path(download.path()).read_text(encoding="utf-8")
            assert text.startswith(first), text[:80]
            if name == "answer.ttl":
                assert "周庆荣" in text
                Graph().parse(data=text, format="turtle")
            else:
                assert "周庆荣" in text.splitlines()


def test_json_results_parse(base: str) -> None:
    r = requests.post(base + "/sparql", data={"query": "ASK { ?o a pa:Official }"}, timeout=10)
    assert json.loads(r.text)["boolean"] is True


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_the_page_draws_an_answer_of_iris_as_a_graph(base: str, corpus_graph: Graph) -> None:
    serves = [
        (str(corpus_graph.value(o, RDFS.label)), str(corpus_graph.value(r, RDFS.label)))
        for o, r in corpus_graph.subject_objects(PA.servesIn)
    ]
    construct = (
        "CONSTRUCT { ?o pa:servesIn ?r . ?o rdfs:label ?n . ?r rdfs:label ?m } "
        "WHERE { ?o pa:servesIn ?r ; rdfs:label ?n . ?r rdfs:label ?m }"
    )
    select = "SELECT ?o ?r WHERE { ?o pa:servesIn ?r }"
    with headless_chromium() as browser:
        page = browser.new_page(bypass_csp=True)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/", timeout=15_000)
        page.wait_for_function("window.kgReady === true", timeout=10_000)
        for query in (construct, select):
            page.fill("#query", query)
            page.click("#run")
            page.wait_for_selector("#draw:not([hidden])", timeout=10_000)
            page.click("#draw")
            page.wait_for_selector("#results svg circle", timeout=10_000)
            names = set(page.locator("#results svg text").all_text_contents())
            lines = page.locator("#results svg line").count()
            assert lines == len(serves)
            if query == construct:  # named by their labels: 000 茅箭区委书记周庆荣
                assert {"周庆荣", "茅箭区"} <= names
                assert {n for pair in serves for n in pair} == names
        # a node opens what the graph says about it
        page.locator("#results svg circle").first.click()
        page.wait_for_function("location.hash.startsWith('#browse=')", timeout=10_000)
        assert not errors
