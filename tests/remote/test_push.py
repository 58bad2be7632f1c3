"""``kg push`` into a real Oxigraph server, then the saved questions on the server's endpoint.

The ``oxigraph`` PyPI package's server (``oxigraph serve``) runs on a free
loopback port in a fresh directory.  After ``kg push`` the saved questions,
run by SPARQLWrapper on the server's own ``/query`` endpoint and by
``kg query --endpoint``, must give what ``kg query`` gives on the file.  A
small WSGI store stands in for stores with logins and for failing stores,
and a raw socket server for hostile ones: an answer trickled one byte at a
time (cut off at the --timeout deadline), a web page instead of RDF,
redirects to other schemes, hosts and ports.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from conftest import free_port, norm, wait_until_up

from kg.cli import main
from kg.sparql.saved import load

requests = pytest.importorskip("requests", reason="kg push needs the [push] extra (requests)")

ROOT = Path(__file__).resolve().parents[2]
SAVED = load(ROOT / "queries")
OXIGRAPH = shutil.which("oxigraph")
GRAPH_IRI = "https://w3id.org/pa-kg/graph/corpus"



@pytest.fixture
def oxigraph_server(tmp_path: Path):
    """A fresh ``oxigraph serve`` on loopback; yields its base URL."""
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, base + "/query?query=ASK%20%7B%7D", 20, "oxigraph serve")
        yield base
    finally:
        proc.kill()
        proc.wait(timeout=10)


def kg_query_json(capsys, *args: str) -> list[dict]:
    status = main(["query", *args, "--format", "json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return [{k: norm(v) for k, v in row.items()} for row in json.loads(captured.out)]


def sparqlwrapper_rows(endpoint: str, text: str, graph: str | None) -> list[dict]:
    sw = pytest.importorskip("SPARQLWrapper")
    client = sw.SPARQLWrapper(endpoint)
    if graph:
        client.addDefaultGraph(graph)
    client.setQuery(text)
    client.setReturnFormat(sw.JSON)
    answer = client.queryAndConvert()
    names = answer["head"]["vars"]
    return [
        {n: norm(b[n]["value"]) if n in b else "" for n in names}
        for b in answer["results"]["bindings"]
    ]


def server_count(base: str, graph: str | None = None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    r = requests.get(
        base + "/query",
        params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_pushed_graph_answers_the_saved_questions_like_the_file(
    capsys, oxigraph_server: str, corpus_ttl: Path
) -> None:
    store = oxigraph_server + "/store"
    status = main(["push", str(corpus_ttl), "--endpoint", store, "--graph", GRAPH_IRI])
    out = capsys.readouterr().out
    assert status == 0
    local_size = len(kg_query_json(capsys, str(corpus_ttl), "SELECT * WHERE { ?s ?p ?o }"))
    assert f"pushed {local_size} triples" in out and f"holds {local_size}" in out
    assert server_count(oxigraph_server, GRAPH_IRI) == local_size
    endpoint = oxigraph_server + "/query"
    for q in SAVED:
        local = kg_query_json(capsys, str(corpus_ttl), "--saved", q.name)
        assert local, q.name
        assert sparqlwrapper_rows(endpoint, q.text, GRAPH_IRI) == local, q.name
        remote = kg_query_json(
            capsys, "--endpoint", endpoint, "--default-graph", GRAPH_IRI, "--saved", q.name
        )
        assert remote == local, q.name


def test_push_put_replaces_and_the_default_graph_works(
    capsys, oxigraph_server: str, corpus_ttl: Path
) -> None:
    store = oxigraph_server + "/store"
    assert main(["push", str(corpus_ttl), "--endpoint", store]) == 0
    first = server_count(oxigraph_server)
    assert main(["push", str(corpus_ttl), "--endpoint", store]) == 0  # PUT again: same graph
    capsys.readouterr()
    assert server_count(oxigraph_server) == first
    # the saved questions need no --default-graph when the graph is the default one
    local = kg_query_json(capsys, str(corpus_ttl), "--saved", "officials_by_region")
    remote = kg_query_json(
        capsys, "--endpoint", oxigraph_server + "/query", "--saved", "officials_by_region"
    )
    assert remote == local
    # 000: "茅箭区委书记周庆荣"
    assert {"region": "茅箭区", "official": "周庆荣", "position": "区委书记"} in remote


def test_a_remote_syntax_error_is_reported_with_status_2(capsys, oxigraph_server: str) -> None:
    status = main(["query", "--endpoint", oxigraph_server + "/query", "SELECT ?x WHERE { ?x }"])
    err = capsys.readouterr().err
    assert status == 2 and "answered 400" in err and len(err.strip().splitlines()) == 1


def test_an_unreachable_store_loads_nothing_and_says_so(capsys, corpus_ttl: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"  # nothing listens there
    started = time.monotonic()
    status = main(["push", str(corpus_ttl), "--endpoint", url, "--timeout", "10"])
    err = capsys.readouterr().err
    assert status == 2
    assert "cannot reach" in err and "nothing was loaded" in err
    assert time.monotonic() - started < 15
    status = main(["query", "--endpoint", url.replace("/store", "/query"), "ASK {}"])
    assert status == 2 and "cannot reach" in capsys.readouterr().err


class FakeStore:
    """A Graph Store Protocol endpoint with a login, or failing on purpose."""

    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.body = b""
        self.seen_auth: list[str] = []

    def __call__(self, environ, start_response):
        auth = environ.get("HTTP_AUTHORIZATION", "")
        self.seen_auth.append(auth)
        expected = "Basic " + base64.b64encode(b"editor:s3cret").decode()
        if auth != expected:
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="store"')])
            return [b"login needed"]
        if environ["REQUEST_METHOD"] in ("PUT", "POST"):
            size = int(environ.get("CONTENT_LENGTH") or 0)
            self.body = environ["wsgi.input"].read(size)
            if self.mode == "fail":
                start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
                return [b"disk full"]
            if self.mode == "slow":
                time.sleep(3)
            start_response("204 No Content", [])
            return [b""]
        start_response("200 OK", [("Content-Type", "application/n-triples")])
        return [self.body]


class Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def fake_store():
    servers = []

    def start(mode: str = "ok") -> tuple[str, FakeStore]:
        app = FakeStore(mode)
        httpd = make_server("127.0.0.1", 0, app, handler_class=Quiet)
        threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        ).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_port}/store", app

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def test_push_logs_in_with_user_and_password(
    capsys, fake_store, corpus_ttl: Path, monkeypatch
) -> None:
    url, app = fake_store()
    assert main(["push", str(corpus_ttl), "--endpoint", url, "--graph", GRAPH_IRI]) == 2
    err = capsys.readouterr().err
    assert "401" in err and "--user" in err and "nothing was loaded" in err
    monkeypatch.setenv("KG_PASSWORD", "s3cret")
    assert main(["push", str(corpus_ttl), "--endpoint", url, "--user", "editor"]) == 0
    assert app.seen_auth[-1].startswith("Basic ")
    sent = app.body.decode("utf-8")
    # 000: "茅箭区委书记周庆荣" travels as a label
    assert '"周庆荣"@zh' in sent
    assert "holds" in capsys.readouterr().out


def test_a_failing_or_silent_store_is_reported_as_maybe_partial(
    capsys, fake_store, corpus_ttl: Path
) -> None:
    login = ["--user", "editor", "--password", "s3cret"]
    url, _ = fake_store("fail")
    assert main(["push", str(corpus_ttl), "--endpoint", url, *login]) == 2
    err = capsys.readouterr().err
    assert "500" in err and "may hold part of the upload" in err
    url, _ = fake_store("slow")
    assert main(["push", str(corpus_ttl), "--endpoint", url, *login, "--timeout", "1"]) == 2
    err = capsys.readouterr().err
    assert "no answer within 1 s" in err and "may hold part of the upload" in err


# ---------------------------------------------------------------- hostile stores


def _read_request(conn: socket.socket) -> tuple[str, str, bytes]:
    """Method, path and body of one HTTP/1.1 request (Content-Length bodies)."""
    conn.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return "", "", b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    size = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            size = int(value)
    while len(body) < size:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return method, path, body


@pytest.fixture
def raw_store():
    """A loopback server whose answers a test writes byte by byte: ``start(handler)``."""
    servers: list[socket.socket] = []

    def start(handler) -> str:
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        servers.append(server)

        def loop() -> None:
            while True:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                threading.Thread(target=_handle, args=(handler, conn), daemon=True).start()

        threading.Thread(target=loop, daemon=True).start()
        return f"http://127.0.0.1:{server.getsockname()[1]}"

    yield start
    for server in servers:
        server.close()


def _handle(handler, conn: socket.socket) -> None:
    try:
        handler(conn, *_read_request(conn))
    except OSError:  # the client gave up: that is what some tests want
        pass
    finally:
        conn.close()


def _trickle(conn: socket.socket, data: bytes, pause: float = 0.4) -> None:
    for byte in data:
        conn.sendall(bytes([byte]))
        time.sleep(pause)


def test_a_store_that_trickles_its_answer_is_cut_off_at_the_deadline(
    capsys, raw_store, corpus_ttl: Path
) -> None:
    """One byte every 0.4 s never trips a per-read timeout; --timeout is a deadline."""

    def slow_headers(conn, method, path, body) -> None:
        _trickle(conn, b"HTTP/1.1 204 No Content\r\nX-Store: " + b"z" * 200)

    def slow_body(conn, method, path, body) -> None:
        if method == "PUT":
            conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/n-triples\r\n")
        conn.sendall(b"Content-Length: 100000\r\n\r\n")
        _trickle(conn, b"<https://example.org/a> <https://example.org/b> 1 .\n" * 100)

    for handler, words in ((slow_headers, "may hold part"), (slow_body, "reading the graph back")):
        base = raw_store(handler)
        started = time.monotonic()
        status = main(["push", str(corpus_ttl), "--endpoint", base + "/store", "--timeout", "2"])
        elapsed = time.monotonic() - started
        err = capsys.readouterr().err
        assert status == 2 and "within 2 s" in err and words in err, err
        assert elapsed < 2 + 3, elapsed  # the graph file loads in well under a second
    base = raw_store(slow_headers)
    started = time.monotonic()
    status = main(["query", "--endpoint", base + "/query", "ASK {}", "--timeout", "1.5"])
    assert status == 2 and "no answer within 1.5 s" in capsys.readouterr().err
    assert time.monotonic() - started < 1.5 + 2


def test_an_html_answer_is_a_clear_error(capsys, raw_store, corpus_ttl: Path) -> None:
    """A web server's welcome page where the store should be: 200, but not RDF."""

    def web_page(conn, method, path, body) -> None:
        if method == "PUT":
            conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
            return
        page = b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>"
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        conn.sendall(b"Content-Length: %d\r\n\r\n" % len(page) + page)

    base = raw_store(web_page)
    assert main(["push", str(corpus_ttl), "--endpoint", base + "/store"]) == 2
    err = capsys.readouterr().err
    assert "text/html" in err and "not RDF" in err and len(err.strip().splitlines()) == 1
    assert main(["query", "--endpoint", base + "/query", "ASK {}"]) == 2
    assert "text/html" in capsys.readouterr().err


def test_redirects_only_to_the_same_store(capsys, raw_store, corpus_ttl: Path) -> None:
    received: dict[str, bytes] = {}

    def moved(conn, method, path, body) -> None:
        if path.startswith("/old"):  # a store that moved its endpoint: 308 keeps the body
            location = path.replace("/old", "/new", 1)
            conn.sendall(f"HTTP/1.1 308 Permanent Redirect\r\nLocation: {location}\r\n".encode())
            conn.sendall(b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        elif method == "PUT":
            received[path] = body
            conn.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
        else:
            data = received.get(path, b"")
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/n-triples\r\n")
            conn.sendall(b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(data) + data)

    base = raw_store(moved)
    assert main(["push", str(corpus_ttl), "--endpoint", base + "/old/store"]) == 0
    assert "/new/store?default" in received and "holds" in capsys.readouterr().out

    for location, code in (
        ("file:///etc/passwd", 307),
        ("ftp://127.0.0.1/store", 307),
        (base.replace("127.0.0.1", "localhost") + "/store", 307),  # another host name
        (base.rsplit(":", 1)[0] + ":9/store", 308),  # another port
        ("/elsewhere", 302),  # same store, but a 302 would turn the upload into a GET
    ):

        def redirect(conn, method, path, body, location=location, code=code) -> None:
            conn.sendall(f"HTTP/1.1 {code} Moved\r\nLocation: {location}\r\n".encode())
            conn.sendall(b"Content-Length: 0\r\nConnection: close\r\n\r\n")

        base = raw_store(redirect)
        assert main(["push", str(corpus_ttl), "--endpoint", base + "/store"]) == 2, location
        err = capsys.readouterr().err
        assert "redirected to" in err and len(err.strip().splitlines()) == 1, location
    assert main(["query", "--endpoint", base + "/query", "ASK {}"]) == 2
    assert "redirected to" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_a_timeout_that_is_not_positive_is_refused(capsys, corpus_ttl: Path, value) -> None:
    for command in (
        ["push", str(corpus_ttl), "--endpoint", "http://127.0.0.1:9/store"],
        ["query", "--endpoint", "http://127.0.0.1:9/query", "ASK {}"],
    ):
        with pytest.raises(SystemExit) as exit_:
            main([*command, f"--timeout={value}"])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert "--timeout" in err and ("positive" in err or "not a number" in err), err


def test_a_stores_message_reaches_the_terminal_without_escapes(
    capsys, raw_store, corpus_ttl: Path
) -> None:
    def hostile(conn, method, path, body) -> None:
        message = b"syntax error \x1b[2J\x1b]0;pwned\x07 at line 1"
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n")
        conn.sendall(b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(message) + message)

    base = raw_store(hostile)
    assert main(["query", "--endpoint", base + "/query", "ASK {}"]) == 2
    err = capsys.readouterr().err
    assert "syntax error" in err and "\x1b" not in err and "\x07" not in err
    assert main(["push", str(corpus_ttl), "--endpoint", base + "/store"]) == 2
    err = capsys.readouterr().err
    assert "rejected the upload" in err and "\x1b" not in err


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/store",
        "http://127.0.0.1:99999/store",
        "http://127.0.0.1:abc/store",
        "file:///etc/passwd",
        "http://",
        "http://exa mple/store",
        "http://127.0.0.1:9/st\x1bore",
    ],
)
def test_an_endpoint_that_is_no_http_url_is_one_line(capsys, corpus_ttl: Path, url) -> None:
    assert main(["push", str(corpus_ttl), "--endpoint", url, "--timeout", "3"]) == 2
    err = capsys.readouterr().err
    assert "URL" in err and len(err.strip().splitlines()) == 1 and "\x1b" not in err
    assert main(["query", "--endpoint", url, "ASK {}", "--timeout", "3"]) == 2
    err = capsys.readouterr().err
    assert "URL" in err and len(err.strip().splitlines()) == 1 and "\x1b" not in err
