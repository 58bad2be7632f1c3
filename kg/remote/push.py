"""``kg push``: load a graph into a triple store through the SPARQL 1.1 Graph Store Protocol.

One HTTP request carries the whole graph (N-Triples, sent as ``text/turtle``,
of which it is a subset, so every store accepts it): ``PUT`` replaces the
target graph, ``POST`` adds to it.  An unreachable store or a refused login
leaves nothing behind, and the error says so; when the outcome is unknown (no
answer within the timeout, a broken connection, a 5xx) the error says that
the store may hold part of the upload.  After a success the graph is read
back and its triples counted, so a partial load cannot pass unnoticed.

``timeout`` is a deadline for each exchange as a whole (kg/remote/http.py),
redirects go only to the same scheme, host and port, and the answer read
back must be RDF by its media type before it is parsed.

Where the protocol lives:  Oxigraph ``http://HOST:7878/store``;  Fuseki
``http://HOST:3030/DATASET/data``;  Virtuoso
``http://HOST:8890/sparql-graph-crud-auth`` (digest auth, the graph
parameter ``graph-uri``).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from kg.errors import KgError
from kg.remote.http import DeadlinePassed, check_timeout, check_url, media_type, send
from kg.remote.messages import excerpt as _excerpt
from kg.remote.messages import reason as _reason

UPLOAD_TYPE = "text/turtle"


class LoginRefused(KgError):
    """The store wants a login, or refused the one given (401, 403); nothing was loaded."""


@dataclass
class PushReport:
    url: str
    triples: int  # triples sent
    stored: int | None  # triples the target graph holds afterwards (None: not checked)
    status: int


def auth_for(user: str | None, password: str | None, scheme: str = "basic"):
    """A requests auth object for a user name and password (basic or digest)."""
    if not user:
        return None
    import requests.auth

    if scheme == "digest":
        return requests.auth.HTTPDigestAuth(user, password or "")
    if scheme == "basic":
        return requests.auth.HTTPBasicAuth(user, password or "")
    raise KgError(f"unknown auth scheme {scheme!r}; choose basic or digest")


def graph_url(endpoint: str, graph: str | None, param: str = "graph") -> str:
    """The Graph Store Protocol URL of one graph (``?graph=IRI``) or the default (``?default``)."""
    parts = urlsplit(check_url(endpoint, "a Graph Store Protocol endpoint"))
    extra = urlencode({param: graph}) if graph else "default"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _requests():
    try:
        import requests
    except ImportError:
        raise KgError("uploading needs requests: pip install 'pa-kg[push]'") from None
    return requests


def write_ntriples(path: Path, output) -> int:
    """The graph file or store at ``path`` as N-Triples into ``output``; count the triples."""
    from kg.graph.open import open_graph

    return open_graph(path).write_ntriples(output)


def push(
    path: Path,
    endpoint: str,
    *,
    graph: str | None = None,
    graph_param: str = "graph",
    method: str = "PUT",
    auth=None,
    timeout: float = 300.0,
    verify: bool = True,
) -> PushReport:
    """Send the graph at ``path`` to ``endpoint``; raise KgError saying what was loaded."""
    requests = _requests()
    method = method.upper()
    if method not in ("PUT", "POST"):
        raise KgError(f"method {method}: PUT replaces the graph, POST adds to it")
    timeout = check_timeout(timeout)
    url = graph_url(endpoint, graph, graph_param)
    target = f"graph <{graph}>" if graph else "the default graph"
    with tempfile.TemporaryFile() as body:
        sent = write_ntriples(Path(path), body)
        size = body.tell()
        body.seek(0)
        try:
            response = send(
                method,
                url,
                data=body,
                headers={"Content-Type": UPLOAD_TYPE, "Content-Length": str(size)},
                auth=auth,
                timeout=timeout,
            )
        except DeadlinePassed:
            raise KgError(_unknown(endpoint, target, f"no answer within {timeout:g} s")) from None
        except requests.exceptions.ConnectionError as exc:
            if isinstance(exc, requests.exceptions.ConnectTimeout) or not _sent_anything(exc):
                raise KgError(
                    f"cannot reach {endpoint} ({_reason(exc)}); nothing was loaded"
                ) from None
            raise KgError(
                _unknown(endpoint, target, f"the connection broke ({_reason(exc)})")
            ) from None
        except requests.exceptions.Timeout:
            raise KgError(_unknown(endpoint, target, f"no answer within {timeout:g} s")) from None
        except requests.exceptions.RequestException as exc:  # invalid URL, too many …
            raise KgError(f"{endpoint}: {_excerpt(str(exc))}; nothing was loaded") from None
    if response.status_code in (401, 403):
        raise LoginRefused(
            f"{endpoint} refused the upload ({response.status_code} {response.reason}); "
            "nothing was loaded"
        )
    if 400 <= response.status_code < 500:
        raise KgError(
            f"{endpoint} rejected the upload ({response.status_code} {response.reason}: "
            f"{_excerpt(response.text)}); a store rolls a rejected request back, so "
            "nothing should be loaded (check with a query of the store)"
        )
    if response.status_code >= 500:
        raise KgError(
            _unknown(
                endpoint,
                target,
                f"the store failed ({response.status_code}: {_excerpt(response.text)})",
            )
        )
    stored = count_graph(url, auth=auth, timeout=timeout) if verify else None
    if stored is not None and method == "PUT" and stored != sent:
        raise KgError(f"sent {sent} triples to {target} of {endpoint} but it now holds {stored}")
    return PushReport(url, sent, stored, response.status_code)


def count_graph(url: str, *, auth=None, timeout: float = 300.0) -> int:
    """Read one graph back through the Graph Store Protocol and count its triples."""
    import pyoxigraph as ox

    requests = _requests()
    try:
        response = send(
            "GET",
            url,
            headers={"Accept": "application/n-triples, text/turtle;q=0.9"},
            auth=auth,
            timeout=timeout,
        )
    except requests.exceptions.RequestException as exc:
        raise KgError(
            f"uploaded, but could not read the graph back from {url} ({_reason(exc)})"
        ) from None
    except DeadlinePassed as exc:
        raise KgError(f"uploaded, but reading the graph back from {url}: {exc}") from None
    if response.status_code == 404:
        return 0
    if response.status_code != 200:
        raise KgError(f"uploaded, but reading the graph back gave {response.status_code}")
    media = media_type(response)
    fmt = ox.RdfFormat.from_media_type(media) if media else None
    if fmt is None:
        raise KgError(
            f"uploaded, but {url} answered the read-back in {media or 'an unnamed type'}, "
            "not RDF: is the endpoint the store's Graph Store Protocol URL? (the read-back "
            "can be left out)"
        )
    try:
        return len({q.triple for q in ox.parse(response.content, format=fmt)})
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(
            f"uploaded, but the graph read back from {url} is not valid {media} "
            f"({_excerpt(str(exc), 160)})"
        ) from None


def _sent_anything(exc: Exception) -> bool:
    """False when the connection was refused or the name did not resolve: nothing left."""
    text = str(exc)
    return not any(
        s in text
        for s in (
            "Connection refused",
            "Name or service not known",
            "Failed to resolve",
            "No route to host",
            "Errno 111",
            "Errno -2",
            "Errno 113",
            "NewConnectionError",
        )
    )


def _unknown(endpoint: str, target: str, what: str) -> str:
    return (
        f"{what} while loading {target} into {endpoint}: the store may hold part of the "
        "upload; push again with PUT to replace the graph whole"
    )
