"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint and an offline query page.

Flask routes the requests and waitress serves them (both maintained PyPI
packages; no HTTP is parsed here).  ``/sparql`` takes ``GET ?query=``, a
``POST`` form or an ``application/sparql-query`` body and answers in the
media type the ``Accept`` header (or ``?format=``) asks for.  Updates and
``SERVICE`` are refused with 403 by the query's structure (kg/sparql/guard.py,
in the workers, which also have no network), and so are requests whose Host
or Origin is not this server's (kg/sparql/requestguard.py: DNS rebinding,
cross-origin form posts); bodies over ``max_body`` get 413, syntax
errors with 400 and their line and column; a query still running after the
timeout is killed with its worker and answered with 503.  ``/`` is the query
page (``assets/query.html``: editor, highlighter and table all inline).
"""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path

from kg.errors import KgError
from kg.export.formats import GRAPH_TYPES, RESULT_TYPES, media_by_name
from kg.reporter import QUIET, Reporter
from kg.sparql.engine import DatasetSpec
from kg.sparql.guard import READ_ONLY
from kg.sparql.pool import QueryPool, Reply, text_reply
from kg.sparql.requestguard import PLAIN, Hints, RequestGuard, check_bind_host, netloc
from kg.vocab import PREFIXES

HOST = "127.0.0.1"
EXAMPLE = """SELECT ?official ?position ?region WHERE {
  ?o a pa:Official ; rdfs:label ?official ; pa:servesIn/rdfs:label ?region .
  OPTIONAL { ?o pa:position ?position }
}
ORDER BY ?region ?official
"""
PAGE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def read_query(request) -> str:
    """The query text of a SPARQL 1.1 Protocol request (flask ``request``)."""
    mimetype = request.mimetype
    if request.method == "GET":
        fields = request.args
    elif mimetype == "application/x-www-form-urlencoded":
        fields = request.form
    elif mimetype == "application/sparql-query":
        fields = {"query": [_body_text(request)]}
    elif mimetype == "application/sparql-update":
        raise _Refused(403, READ_ONLY)
    else:
        raise _Refused(
            415,
            "send the query as ?query=…, as a form field 'query' "
            "(application/x-www-form-urlencoded) or as an application/sparql-query body",
        )
    if "update" in fields:
        raise _Refused(403, READ_ONLY)
    texts = fields.getlist("query") if hasattr(fields, "getlist") else fields["query"]
    if len(texts) > 1:
        raise _Refused(
            400, f"{len(texts)} query parameters: send exactly one (SPARQL 1.1 Protocol)"
        )
    text = texts[0] if texts else None
    if not text or not text.strip():
        raise _Refused(400, "no query: send ?query=… (SPARQL 1.1 Protocol)")
    return text


def _body_text(request) -> str:
    """An application/sparql-query body, which the protocol says is UTF-8."""
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise _Refused(415, f"a query body must be UTF-8, not {charset} (SPARQL 1.1 Protocol)")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused(400, "the query body is not valid UTF-8") from None


def read_dataset(request) -> DatasetSpec | None:
    """The protocol's ``default-graph-uri`` / ``named-graph-uri`` (in the URL, or in a
    form body); None when the request names neither, so the query's FROM or the
    default graph (the union of every graph) applies."""
    fields = [request.args]
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        fields.append(request.form)
    default = [iri for f in fields for iri in f.getlist("default-graph-uri")]
    named = [iri for f in fields for iri in f.getlist("named-graph-uri")]
    if not default and not named:
        return None
    for iri in default + named:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\s]*", iri):
            raise _Refused(400, f"not an absolute IRI in the dataset: {iri!r}")
    return DatasetSpec(tuple(default), tuple(named))


def negotiate(request) -> tuple[str | None, str | None]:
    """The media types for a SELECT/ASK answer and for a graph answer; None: nothing fits.

    The ``Accept`` header decides; ``format=`` (or ``output=``) only when no Accept
    header was sent, or one that allows anything (``*/*``, what curl, requests and
    fetch send unless told otherwise).  An unknown format name raises _Refused (406).
    """
    accept = request.accept_mimetypes
    if request.headers.get("Accept") and any(m != "*/*" for m, _ in accept):
        result = accept.best_match([*RESULT_TYPES, "application/json", "application/xml"])
        graph = accept.best_match([*GRAPH_TYPES, *_GRAPH_SYNONYMS])
        return (
            _RESULT_SYNONYMS.get(result, result) if result else None,
            _GRAPH_SYNONYMS.get(graph, graph) if graph else None,
        )
    wanted = request.values.get("format") or request.values.get("output")
    if wanted:
        result, graph = media_by_name(wanted)
        if result is None and graph is None:
            raise _Refused(406, f"unknown format {wanted!r}; ask for csv, tsv, json, xml, "
                           "turtle, ntriples, json-ld or rdf+xml, or send an Accept header")
        return result, graph
    return "application/sparql-results+json", "text/turtle"


_RESULT_SYNONYMS = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
}
_GRAPH_SYNONYMS = {
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/x-json+ld": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
}


def render_page(saved, source: str, timeout: float) -> str:
    """The query page with the saved questions and prefixes written into it."""
    template = (Path(__file__).parent / "assets" / "query.html").read_text(encoding="utf-8")
    data = {
        "prefixes": PREFIXES,
        "saved": [
            {"name": q.name, "title": q.title, "description": q.description, "text": q.text}
            for q in saved
        ],
        "example": EXAMPLE,
        "source": source,
        "timeout": f"{timeout:g}",
    }
    blob = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
    return template.replace("__KG_DATA__", blob)


def create_app(
    pool,
    saved,
    *,
    max_body: int = 1 << 20,
    timeout: float = 30.0,
    guard: RequestGuard | None = None,
):
    """The WSGI application: ``/`` (page), ``/sparql`` (endpoint), ``/queries.json``.

    ``guard`` decides which Host and Origin headers are answered (default: 127.0.0.1:8000).
    """
    from flask import Flask, Response, request

    guard = guard or RequestGuard()
    app = Flask("kg.sparql")
    app.config["MAX_CONTENT_LENGTH"] = max_body
    page = render_page(saved, getattr(pool, "description", ""), timeout)

    def send(reply: Reply) -> Response:
        content_type = reply.content_type
        if content_type.startswith("text/") and "charset" not in content_type:
            content_type += "; charset=utf-8"
        response = Response(reply.body, status=reply.status, content_type=content_type)
        response.headers["Vary"] = "Accept, Origin"
        origin = guard.cors_origin(request.headers)
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        return response

    @app.before_request
    def check_host_and_origin():
        why = guard.refusal(request.headers)
        return send(text_reply(403, why)) if why else None

    @app.route("/sparql", methods=["GET", "POST", "OPTIONS"])
    def sparql():
        if request.method == "OPTIONS":
            return send(Reply(204, "text/plain", b""))
        try:
            text = read_query(request)
        except _Refused as refused:
            return send(text_reply(refused.status, refused.message))
        try:
            dataset = read_dataset(request)
            result_type, graph_type = negotiate(request)
        except _Refused as refused:
            return send(text_reply(refused.status, refused.message))
        options = {"dataset": dataset, "base": request.base_url}
        return send(pool.run(text, result_type, graph_type, options))

    @app.get("/")
    def index():
        response = Response(page, content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        return response

    @app.get("/favicon.ico")
    def favicon():
        return send(Reply(204, "text/plain", b""))

    @app.get("/queries.json")
    def queries():
        body = [{"name": q.name, "title": q.title, "text": q.text} for q in saved]
        return send(Reply(200, "application/json", json.dumps(body, ensure_ascii=False).encode()))

    @app.errorhandler(413)
    def too_large(_exc):
        return send(text_reply(413, f"request body over {max_body} bytes, the server's limit"))

    @app.errorhandler(404)
    def not_found(_exc):
        return send(text_reply(404, "not found: the endpoint is /sparql, the query page /"))

    @app.errorhandler(405)
    def not_allowed(_exc):
        return send(text_reply(405, "use GET or POST on /sparql"))

    return app


def serve(
    path: Path,
    *,
    port: int = 8000,
    store: str = "auto",
    timeout: float = 30.0,
    workers: int = 2,
    max_body: int = 1 << 20,
    cors: tuple[str, ...] = (),
    saved=None,
    host: str = HOST,
    allow_service: bool = False,
    reporter: Reporter = QUIET,
    hints: Hints = PLAIN,
) -> None:
    """Serve ``path`` on ``host``:``port`` until interrupted or terminated.

    ``reporter`` is told where the server listens, and of workers that fail;
    ``hints`` say in refusals how to let a name or an origin in.

    ``cors``: origins whose pages may query the endpoint; ``allow_service``:
    let SERVICE clauses call other endpoints (workers then keep the network).
    """
    try:
        from waitress import create_server
    except ImportError:
        raise KgError("kg serve needs flask and waitress: pip install 'pa-kg[serve]'") from None
    if saved is None:
        from kg.sparql.saved import load

        try:
            saved = load()
        except KgError:
            saved = []
    host = check_bind_host(host)
    if not 0 <= port <= 65535:
        raise KgError(f"port {port}: give a port from 1 to 65535 (0: any free port)")
    guard = RequestGuard(host, port, cors, hints)
    pool = QueryPool(path, store, workers=workers, timeout=timeout, allow_service=allow_service,
                     reporter=reporter)
    try:
        app = create_app(pool, saved, max_body=max_body, timeout=timeout, guard=guard)
        try:
            server = create_server(
                app,
                host=host,
                port=port,
                threads=max(4, 2 * workers),
                max_request_body_size=max_body,
                ident="kg-serve",
            )
        except OSError as exc:
            raise KgError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
        except ValueError:  # waitress: a host name that does not resolve
            raise KgError(f"cannot listen on {host}:{port} (no such local address)") from None
        guard.port = server.effective_port
        signal.signal(signal.SIGTERM, _stop)
        url = f"http://{netloc(host)}:{server.effective_port}"
        reporter.info(f"serving {pool.description}\n  query page   {url}/\n"
                      f"  endpoint     {url}/sparql   (read-only; queries stop after "
                      f"{timeout:g} s)")
        try:
            server.run()
        finally:
            server.close()
    finally:
        pool.close()


def _stop(_signum, _frame) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the server as Ctrl-C does
