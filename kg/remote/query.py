"""SPARQL 1.1 Protocol queries of a remote triple store (``kg query --endpoint URL``).

The query is POSTed as a form (``query=``, plus ``default-graph-uri`` with
a list of graphs), with the project's prefixes added when it uses them without
declaring them; the answer (SPARQL JSON or XML results, or a graph) becomes
an :class:`~kg.sparql.answer.Answer` that ``kg query`` prints like a local one.  The store's
own error message, line and column included, becomes the KgError.

Endpoints:  Oxigraph ``http://HOST:7878/query``;  Fuseki
``http://HOST:3030/DATASET/sparql``;  Virtuoso ``http://HOST:8890/sparql``;
``kg serve`` ``http://127.0.0.1:8000/sparql``.

``timeout`` bounds the whole exchange; redirects go only to the same scheme,
host and port (kg/remote/http.py).
"""

from __future__ import annotations

from kg.errors import KgError
from kg.export.formats import GRAPH_TYPES
from kg.remote.http import DeadlinePassed, check_timeout, check_url, media_type, send
from kg.remote.messages import excerpt, reason
from kg.sparql.answer import Answer, read_answer
from kg.sparql.engine import with_prefixes

ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/turtle;q=0.8, application/n-triples;q=0.7"
)


def remote_query(
    endpoint: str,
    sparql: str,
    *,
    graphs: list[str] | None = None,
    auth=None,
    timeout: float = 300.0,
) -> Answer:
    """Run ``sparql`` on ``endpoint``; its answer, read by Oxigraph's parsers."""
    try:
        import requests
    except ImportError:
        raise KgError("remote queries need requests: pip install 'pa-kg[push]'") from None
    check_url(endpoint, "a SPARQL endpoint")
    timeout = check_timeout(timeout)
    form = [("query", with_prefixes(sparql))]
    form += [("default-graph-uri", g) for g in graphs or []]
    try:
        response = send(
            "POST", endpoint, data=form, headers={"Accept": ACCEPT}, auth=auth, timeout=timeout
        )
    except requests.exceptions.ConnectionError as exc:
        raise KgError(f"cannot reach {endpoint} ({reason(exc)})") from None
    except (requests.exceptions.Timeout, DeadlinePassed):
        raise KgError(f"{endpoint} gave no answer within {timeout:g} s") from None
    except requests.exceptions.RequestException as exc:
        raise KgError(f"{endpoint}: {excerpt(str(exc), 400)}") from None
    if response.status_code != 200:
        message = excerpt(response.text, 400) or response.reason
        raise KgError(f"{endpoint} answered {response.status_code}: {message}")
    media = media_type(response)
    if media == "application/json":
        media = "application/sparql-results+json"
    readable = ("application/sparql-results+json", "application/sparql-results+xml", *GRAPH_TYPES)
    if media not in readable:
        raise KgError(f"{endpoint} answered in {media or 'an unnamed type'}, which kg cannot read")
    try:
        return read_answer(response.content, media)
    except KgError as exc:
        raise KgError(f"{endpoint}: unreadable answer ({excerpt(str(exc), 400)})") from None
