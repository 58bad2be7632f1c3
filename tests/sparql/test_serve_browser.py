"""``kg serve`` against hostile pages, in a real browser (Debian's chromium, Playwright).

Two attacks from issue 10, played by Chromium itself:

* a page of another origin (served on another loopback port) submits a form
  to the endpoint, as any web page the user has open could, and tries
  ``fetch`` both with and without CORS: every request reaches the server and
  gets 403, the page reads nothing of the graph;
* DNS rebinding: Chromium is told that ``rebind.test`` is 127.0.0.1 (as an
  attacker's DNS answer would say), so the browser sends the server
  ``Host: rebind.test:PORT``: 403 too, while the same URL under 127.0.0.1 works.

Requests to any other address are aborted and recorded.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from conftest import CHROMIUM
from test_serve import server  # noqa: F401  (a fixture: kg serve in its own process)

REBIND = "rebind.test"
QUERY = "SELECT ?name WHERE { ?o a pa:Official ; rdfs:label ?name }"
NAME = "周庆荣"  # article 000: 茅箭区委书记周庆荣, so the graph's answer would hold it

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian)"),
]

ATTACK = """<!doctype html><meta charset="utf-8"><title>a page of another origin</title>
<form id="f" method="POST" action="{endpoint}" target="out">
  <input name="query" value="{query}">
</form>
<iframe name="out" id="out"></iframe>
<script>
window.results = {{}};
fetch("{endpoint}", {{method: "POST", mode: "no-cors",
  headers: {{"Content-Type": "application/x-www-form-urlencoded"}},
  body: "query=" + encodeURIComponent("{query}")}})
  .then(r => window.results.nocors = "opaque " + r.type, e => window.results.nocors = "failed");
fetch("{endpoint}?query=" + encodeURIComponent("{query}"), {{mode: "cors"}})
  .then(r => r.text().then(t => window.results.cors = "read " + t),
        e => window.results.cors = "failed");
document.getElementById("f").submit();
</script>
"""


@pytest.fixture
def attacker(server):  # noqa: F811
    """A page of another origin on another loopback port; yields its URL."""
    page = ATTACK.format(endpoint=server + "/sparql", query=QUERY).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                f"--host-resolver-rules=MAP {REBIND} 127.0.0.1",
            ],
            timeout=30_000,
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _loopback_only(page, allowed: tuple[str, ...], outside: list[str]) -> None:
    def route(r) -> None:
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)


def test_a_page_of_another_origin_cannot_use_the_endpoint(server, attacker, browser) -> None:  # noqa: F811
    outside: list[str] = []
    answers: list[tuple[str, int, str]] = []
    page = browser.new_page()
    _loopback_only(page, (server, attacker), outside)

    def record(response) -> None:
        if response.url.startswith(server + "/sparql"):
            try:
                body = response.text()
            except Exception:  # a body the browser withheld; the status is what counts
                body = ""
            answers.append((response.request.method, response.status, body))

    page.on("response", record)
    page.goto(attacker, timeout=15_000)
    page.wait_for_function("window.results.cors && window.results.nocors", timeout=15_000)
    for _ in range(100):  # the form's POST and the no-cors fetch's POST
        if len(answers) >= 2:
            break
        page.wait_for_timeout(100)
    results = page.evaluate("window.results")
    # the fetch with CORS gets no Access-Control-Allow-Origin: the browser fails it
    assert results["cors"] == "failed"
    assert results["nocors"].startswith("opaque")  # an opaque answer: nothing readable
    # the form and the no-cors fetch reach the server and are refused before any query runs
    posts = [(status, body) for method, status, body in answers if method == "POST"]
    assert len(posts) >= 2 and all(status == 403 for status, _ in posts), answers
    assert all("--cors" in body and NAME not in body for _, body in posts)
    frame = page.frame(name="out")  # what the form's answer shows (the page cannot read it)
    assert frame is not None and "refused" in frame.content() and NAME not in frame.content()
    assert not outside


def test_a_rebinding_host_is_refused_in_the_browser(server, browser) -> None:  # noqa: F811
    outside: list[str] = []
    port = server.rsplit(":", 1)[1]
    rebound = f"http://{REBIND}:{port}"
    page = browser.new_page()
    _loopback_only(page, (server, rebound), outside)
    ask = "/sparql?query=" + quote("ASK { ?o a pa:Official }")
    fetch = "url => fetch(url).then(r => r.text().then(t => [r.status, t]))"
    response = page.goto(rebound + ask, timeout=15_000)
    assert response is not None and response.status == 403
    assert "Host" in response.text() and "rebinding" in response.text()
    response = page.goto(rebound + "/", timeout=15_000)  # nor the query page
    assert response is not None and response.status == 403
    # the rebinding page's own fetch is same-origin to the browser, yet refused
    status, text = page.evaluate(fetch, ask)
    assert status == 403 and "Host" in text and "true" not in text
    # the same request from the server's own page, under its address, is answered
    page.goto(server + "/", timeout=15_000)
    status, text = page.evaluate(fetch, ask)
    assert status == 200 and '"boolean":true' in text.replace(" ", "")
    assert not outside
