"""``kg serve``: clients the project does not contain get what ``kg query`` gets.

A real server process runs on a free loopback port.  SPARQLWrapper and curl
run every saved question against it and must get the same answers as
``kg query``; then the bad inputs: a syntax error (400 with line and column),
updates and SERVICE (403, nothing changed), a runaway query (cancelled after
the timeout, 503, the server still answering), an oversized body (413).  The
query page must load nothing from the network and work in a browser.
Hostile clients last: SERVICE in every spelling (403, a loopback listener
sees nothing), a Host that is not the server's (DNS rebinding), requests
of other origins, and ``--cors`` letting only the origins it names in.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import CHROMIUM, free_port, headless_chromium, kg_serve, norm
from rdflib import Graph
from test_query_guard import listener, spellings  # noqa: F401  (listener is a fixture)

from kg.cli import main
from kg.sparql.saved import load

requests = pytest.importorskip("requests", reason="the [push] extra (requests) is not installed")
pytest.importorskip("flask", reason="kg serve needs the [serve] extra (flask, waitress)")
pytest.importorskip("waitress", reason="kg serve needs the [serve] extra (flask, waitress)")

ROOT = Path(__file__).resolve().parents[2]
SAVED = load(ROOT / "queries")
CURL = shutil.which("curl")
TIMEOUT = 2.0  # the server's --timeout in these tests
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
OFFICIALS = "SELECT ?name WHERE { ?o a pa:Official ; rdfs:label ?name } ORDER BY ?name"



@pytest.fixture(scope="module")
def server(corpus_ttl: Path):
    """``kg serve`` in its own process; yields the base URL, stops it afterwards."""
    with kg_serve(corpus_ttl, "--timeout", str(TIMEOUT), "--workers", "2") as base:
        yield base


def kg_query_json(capsys, ttl: Path, name: str) -> list[dict]:
    assert main(["query", str(ttl), "--saved", name, "--format", "json"]) == 0
    return [{k: norm(v) for k, v in row.items()} for row in json.loads(capsys.readouterr().out)]


def kg_query_csv(capsys, ttl: Path, name: str) -> list[list[str]]:
    assert main(["query", str(ttl), "--saved", name, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    return [rows[0]] + [[norm(c) for c in r] for r in rows[1:]]


# ---------------------------------------------------------------- real clients


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_gets_what_kg_query_gets(capsys, server, corpus_ttl, method) -> None:
    sw_module = pytest.importorskip("SPARQLWrapper")
    for q in SAVED:
        client = sw_module.SPARQLWrapper(server + "/sparql")
        client.setQuery(q.text)
        client.setMethod(getattr(sw_module, method))
        client.setReturnFormat(sw_module.JSON)
        answer = client.queryAndConvert()
        names = answer["head"]["vars"]
        got = [
            {n: norm(b[n]["value"]) if n in b else "" for n in names}
            for b in answer["results"]["bindings"]
        ]
        assert got == kg_query_json(capsys, corpus_ttl, q.name), q.name


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_curl_gets_what_kg_query_gets(capsys, server, corpus_ttl) -> None:
    for q in SAVED:
        run = subprocess.run(
            [CURL, "-s", "-f", "--max-time", "20", "-H", "Accept: text/csv"]
            + ["--data-urlencode", f"query@{q.path}", server + "/sparql"],
            capture_output=True,
            timeout=30,
        )
        assert run.returncode == 0, run.stderr
        rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8"))))
        got = [rows[0]] + [[norm(c) for c in r] for r in rows[1:]]
        assert got == kg_query_csv(capsys, corpus_ttl, q.name), q.name


def test_every_media_type_by_accept_header(server) -> None:
    url = server + "/sparql"
    ask = {"query": "ASK { ?o pa:servesIn ?r }"}
    r = requests.post(
        url, data=ask, headers={"Accept": "application/sparql-results+xml"}, timeout=10
    )
    assert r.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert (
        ET.fromstring(r.content).find("{http://www.w3.org/2005/sparql-results#}boolean").text
        == "true"
    )
    r = requests.get(
        url,
        params={"query": OFFICIALS},
        headers={"Accept": "text/tab-separated-values"},
        timeout=10,
    )
    assert r.headers["Content-Type"].startswith("text/tab-separated-values")
    lines = r.text.splitlines()
    assert lines[0] == "?name" and '"周庆荣"@zh' in lines  # TSV writes terms in Turtle syntax
    r = requests.get(
        url, params={"query": OFFICIALS}, headers={"Accept": "application/json"}, timeout=10
    )
    assert "周庆荣" in {b["name"]["value"] for b in r.json()["results"]["bindings"]}
    construct = "CONSTRUCT { ?o pa:servesIn ?r } WHERE { ?o pa:servesIn ?r }"
    sizes = set()
    for media, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt")):
        r = requests.post(url, data={"query": construct}, headers={"Accept": media}, timeout=10)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(media)
        sizes.add(len(Graph().parse(data=r.text, format=fmt)))
    assert len(sizes) == 1 and sizes.pop() >= 5  # 000, 002, 003 name five officials' posts
    r = requests.post(url, data={"query": construct}, headers={"Accept": "text/csv"}, timeout=10)
    assert r.status_code == 406 and "text/turtle" in r.text
    body = "DESCRIBE <https://w3id.org/pa-kg/resource/region/420302>"
    r = requests.post(
        url, data=body.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=10
    )
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    assert "茅箭区" in r.text


# ---------------------------------------------------------------- bad input


def test_a_syntax_error_is_400_with_line_and_column_like_kg_query(
    capsys, server, corpus_ttl
) -> None:
    bad = "SELECT ?x WHERE {\n  ?x pa:servesIn ?r }\nLIMT 5"
    r = requests.post(server + "/sparql", data={"query": bad}, timeout=10)
    assert r.status_code == 400
    assert "line 3, column 1" in r.text and "LIMT" in r.text
    assert main(["query", str(corpus_ttl), bad]) == 2
    assert r.text.strip() in capsys.readouterr().err


def count_triples(server: str) -> int:
    r = requests.get(
        server + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}, timeout=10
    )
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_updates_and_service_are_refused_and_change_nothing(server) -> None:
    url = server + "/sparql"
    before = count_triples(server)
    insert = "INSERT DATA { <https://example.org/x> <https://example.org/p> 1 }"
    attempts = [
        requests.post(url, data={"update": insert}, timeout=10),
        requests.post(
            url,
            data=insert.encode(),
            headers={"Content-Type": "application/sparql-update"},
            timeout=10,
        ),
        requests.post(url, data={"query": insert}, timeout=10),
        requests.get(url, params={"update": insert}, timeout=10),
        requests.post(url, data={"query": "DROP ALL"}, timeout=10),
    ]
    for r in attempts:
        assert r.status_code == 403 and "read-only" in r.text
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = requests.post(url, data={"query": service}, timeout=10)
    assert r.status_code == 403 and "SERVICE" in r.text
    assert count_triples(server) == before
    r = requests.get(url, params={"query": "ASK { <https://example.org/x> ?p ?o }"}, timeout=10)
    assert r.json()["boolean"] is False
    # words that merely look like update keywords are fine
    fine = 'SELECT ?add WHERE { BIND("INSERT DATA" AS ?add) } # DELETE nothing'
    assert requests.post(url, data={"query": fine}, timeout=10).status_code == 200


def test_a_runaway_query_is_cancelled_and_the_server_goes_on(server) -> None:
    start = time.monotonic()
    r = requests.post(server + "/sparql", data={"query": RUNAWAY}, timeout=30)
    elapsed = time.monotonic() - start
    assert r.status_code == 503 and "cancelled" in r.text and "the server's limit" in r.text
    assert TIMEOUT <= elapsed < TIMEOUT + 5
    for _ in range(3):  # the other worker answers while the killed one is replaced
        r = requests.get(server + "/sparql", params={"query": OFFICIALS}, timeout=30)
        assert r.status_code == 200 and "周庆荣" in r.text


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_an_oversized_body_is_refused(server, tmp_path: Path) -> None:
    big = tmp_path / "big.rq"
    big.write_text("SELECT * WHERE { ?s ?p ?o } # " + "x" * 2_000_000, encoding="utf-8")
    run = subprocess.run(
        [CURL, "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20"]
        + ["-H", "Content-Type: application/sparql-query", "--data-binary", f"@{big}"]
        + [server + "/sparql"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.stdout == "413"


def test_requests_that_are_not_sparql_protocol(server) -> None:
    url = server + "/sparql"
    assert requests.get(url, timeout=10).status_code == 400  # no query
    r = requests.post(url, data=b"<x/>", headers={"Content-Type": "text/xml"}, timeout=10)
    assert r.status_code == 415
    assert requests.delete(url, timeout=10).status_code == 405


# ---------------------------------------------------------------- the query page


def test_the_page_needs_no_network_and_offers_the_saved_questions(server) -> None:
    r = requests.get(server + "/", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]
    page = r.text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "<script src" not in page
    for q in SAVED:
        assert q.name in page and q.title in page


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_the_page_runs_a_saved_question_and_browses_an_entity(server) -> None:
    outside: list[str] = []
    with headless_chromium() as browser:
        # the page's CSP forbids eval, which Playwright's wait_for_function needs
        page = browser.new_page(bypass_csp=True)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        def only_loopback(route) -> None:
            if route.request.url.startswith(server):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_loopback)
        page.goto(server + "/", timeout=15_000)
        page.wait_for_function("window.kgReady === true", timeout=10_000)
        assert page.locator("#highlight .tok-kw").count() > 0  # the editor highlights
        page.click("button[data-name=officials_by_region]")
        page.wait_for_selector("#results table", timeout=10_000)
        assert "周庆荣" in page.inner_text("#results")
        page.click("#results a >> text=周庆荣")  # a name opens the entity it names
        page.wait_for_function("location.hash.startsWith('#browse=')", timeout=10_000)
        page.wait_for_function(
            "document.querySelector('#results').innerText.includes('pa:servesIn')",
            timeout=10_000,
        )
        assert "par:region/420302" in page.inner_text("#results")
        assert not errors
    assert not outside


# ---------------------------------------------------------------- hostile clients


def test_every_service_spelling_gets_403_and_nothing_leaves(server, listener) -> None:  # noqa: F811
    url, hits = listener
    for name, query in spellings(url).items():
        # Oxigraph reads \u escapes only in strings and IRIs: \u0053ERVICE is a syntax error
        status, word = (400, "syntax error") if name == "unicode escape" else (403, "SERVICE")
        r = requests.post(server + "/sparql", data={"query": query}, timeout=10)
        assert r.status_code == status and word in r.text, name
        r = requests.post(
            server + "/sparql",
            data=query.encode(),
            headers={"Content-Type": "application/sparql-query"},
            timeout=10,
        )
        assert r.status_code == status, name
    time.sleep(0.3)
    assert hits == []


def test_a_host_that_is_not_the_server_is_refused(server) -> None:
    """A DNS-rebinding page reaches 127.0.0.1 under its own name: the Host header says so."""
    port = server.rsplit(":", 1)[1]
    url = server + "/sparql"
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}"):
        for path in ("/sparql", "/", "/queries.json"):
            r = requests.get(
                server + path, params={"query": "ASK {}"}, headers={"Host": host}, timeout=10
            )
            assert r.status_code == 403 and "Host" in r.text, (host, path)
            assert "周庆荣" not in r.text
    r = requests.post(url, data={"query": OFFICIALS}, headers={"Host": "evil.example"}, timeout=10)
    assert r.status_code == 403 and "周庆荣" not in r.text
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        r = requests.get(url, params={"query": "ASK {}"}, headers={"Host": host}, timeout=10)
        assert r.status_code == 200 and r.json()["boolean"] is True, host


def test_requests_of_other_origins_are_refused(server) -> None:
    url = server + "/sparql"
    port = int(server.rsplit(":", 1)[1])
    foreign = f"http://127.0.0.1:{port + 1}"
    form = {"query": OFFICIALS}
    for origin in (foreign, "https://evil.example", "null", f"https://127.0.0.1:{port}"):
        r = requests.post(url, data=form, headers={"Origin": origin}, timeout=10)
        assert r.status_code == 403 and "--cors" in r.text and "周庆荣" not in r.text, origin
        assert "Access-Control-Allow-Origin" not in r.headers
        r = requests.get(url, params=form, headers={"Origin": origin}, timeout=10)
        assert r.status_code == 403, origin
    preflight = {"Origin": foreign, "Access-Control-Request-Method": "POST"}
    assert requests.options(url, headers=preflight, timeout=10).status_code == 403
    # an image or script of another site carries no Origin, but Sec-Fetch-Site
    no_cors = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}
    assert requests.get(url, params=form, headers=no_cors, timeout=10).status_code == 403
    # the server's own page, a link followed from elsewhere, and clients without a browser
    own = {"Origin": server, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}
    assert requests.post(url, data=form, headers=own, timeout=10).status_code == 200
    link = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    assert requests.get(server + "/", headers=link, timeout=10).status_code == 200
    assert requests.post(url, data=form, timeout=10).status_code == 200


class _FakePool:
    description = "a test graph"

    def run(self, sparql, result_type, graph_type, options=None):
        from kg.sparql.pool import Reply

        return Reply(200, "application/sparql-results+json", b'{"head":{},"boolean":true}')


def test_cors_names_the_origins_let_in() -> None:
    from kg.commands.serve import HINTS
    from kg.sparql.requestguard import RequestGuard
    from kg.sparql.server import create_app

    guard = RequestGuard("127.0.0.1", 8555, ["http://localhost:3000/", "HTTPS://Yasgui.Example"],
                         HINTS)
    client = create_app(_FakePool(), [], guard=guard).test_client()
    base = {"Host": "127.0.0.1:8555"}
    for origin in ("http://localhost:3000", "https://yasgui.example"):
        r = client.post("/sparql", data={"query": "ASK {}"}, headers={**base, "Origin": origin})
        assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == origin
        r = client.options("/sparql", headers={**base, "Origin": origin})
        assert r.status_code == 204 and r.headers["Access-Control-Allow-Origin"] == origin
    other = {**base, "Origin": "http://localhost:3001"}
    r = client.post("/sparql", data={"query": "ASK {}"}, headers=other)
    assert r.status_code == 403 and "--cors http://localhost:3001" in r.get_data(as_text=True)
    assert client.get("/", headers={"Host": "localhost:8555"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost:8556"}).status_code == 403
    assert client.get("/", headers={"Host": "localhost"}).status_code == 403
    guard = RequestGuard("10.1.2.3", 80)
    client = create_app(_FakePool(), [], guard=guard).test_client()
    for host in ("10.1.2.3", "10.1.2.3:80", "127.0.0.1"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    assert client.get("/", headers={"Host": "10.1.2.30"}).status_code == 403


def test_bad_cors_and_host_values_are_one_line_errors(capsys, tmp_path: Path) -> None:
    ttl = tmp_path / "g.ttl"
    ttl.write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    for args, words in (
        (["--cors", "*"], "--cors"),
        (["--cors", "null"], "--cors"),
        (["--cors", "localhost:3000"], "--cors"),
        (["--host", "0.0.0.0"], "wildcard"),
        (["--host", "::"], "wildcard"),
        (["--host", "192.0.2.1"], "cannot listen"),  # TEST-NET-1: no local address, no packet
    ):
        assert main(["serve", str(ttl), "--port", str(free_port()), *args]) == 2, args
        err = capsys.readouterr().err
        assert words in err and len(err.strip().splitlines()) == 1, args
    assert main(["serve", str(ttl), "--port", "99999"]) == 2  # waitress would wrap it round
    assert "--port 99999" in capsys.readouterr().err
