"""HTTP requests to triple stores with a deadline and a redirect policy (uploads, remote queries).

``requests`` bounds each socket operation, not a request: a store that sends
one byte every few seconds never trips a read timeout.  :func:`send` gives
the whole exchange (connecting, sending the body, every byte of the answer,
the second round of digest auth, redirects) one deadline: when it passes,
the sockets of the request are shut down, which wakes any blocked read or
write, and :class:`DeadlinePassed` says so.

Redirects are followed only to the same scheme, host and port (a store that
moved its endpoint to another path); one to another scheme (``file://``) or
another host is refused, and an upload is re-sent only on 307/308, the
redirects that keep the method and body.
"""

from __future__ import annotations

import contextlib
import math
import socket
import threading
import time
from urllib.parse import urljoin, urlsplit

from kg.errors import KgError

MAX_REDIRECTS = 5


class DeadlinePassed(KgError):
    """The exchange did not finish within its deadline (the outcome is unknown)."""


def check_timeout(seconds: float, option: str = "timeout") -> float:
    """``seconds`` if it is a positive, finite number; KgError otherwise."""
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        raise KgError(f"{option} {seconds!r}: not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise KgError(f"{option} {seconds}: give a positive number of seconds, e.g. 300")
    return value


def check_url(url: str, what: str) -> str:
    """``url`` if it is an http(s) URL with a host (and a valid port); KgError otherwise."""
    shown = "".join(c if c.isprintable() else "?" for c in url)
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number in range
    except ValueError as exc:
        raise KgError(f"{shown}: not a valid URL of {what} ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise KgError(f"{shown}: not an http(s) URL of {what}")
    if shown != url or any(c.isspace() for c in url) or port == 0:
        raise KgError(f"{shown}: not a valid URL of {what} (spaces, control characters, port 0)")
    return url


class Deadline:
    """Shuts down every socket registered with it once ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return max(self.end - time.monotonic(), 0.001)

    def register(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _session(deadline: Deadline):
    """A requests Session whose connections register their sockets with ``deadline``."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def connection(base):
        class Connection(base):
            def _new_conn(self):
                sock = super()._new_conn()
                deadline.register(sock)
                return sock

        return Connection

    pools = {
        "http": type("Pool", (HTTPConnectionPool,), {"ConnectionCls": connection(HTTPConnection)}),
        "https": type(
            "Pool", (HTTPSConnectionPool,), {"ConnectionCls": connection(HTTPSConnection)}
        ),
    }

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

    session = requests.Session()
    adapter = Adapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def send(method: str, url: str, *, timeout: float, data=None, **kwargs):
    """One HTTP exchange bounded by ``timeout`` seconds in all; the final requests Response.

    ``data`` is a form or a seekable file (sent again only after a 307/308).  Raises
    :class:`DeadlinePassed`, ``requests`` connection errors, or KgError for a
    refused redirect.
    """
    import requests

    with Deadline(timeout) as deadline, _session(deadline) as session:
        for _ in range(MAX_REDIRECTS + 1):
            if hasattr(data, "seek"):
                data.seek(0)
            try:
                response = session.request(
                    method,
                    url,
                    data=data,
                    allow_redirects=False,
                    timeout=(min(10.0, deadline.remaining()), deadline.remaining()),
                    **kwargs,
                )
            except requests.exceptions.RequestException:
                if deadline.expired:
                    raise DeadlinePassed(f"no answer within {timeout:g} s") from None
                raise
            if deadline.expired:
                raise DeadlinePassed(f"no answer within {timeout:g} s")
            location = response.headers.get("Location")
            if response.status_code not in (301, 302, 303, 307, 308) or not location:
                return response
            target = urljoin(url, location)
            if _origin(target) != _origin(url):
                raise KgError(
                    f"{url} redirected to {target}: another scheme, host or port is "
                    "refused; give the URL you mean directly"
                )
            if data is not None and response.status_code not in (307, 308):
                raise KgError(
                    f"{url} redirected to {target} with {response.status_code}, which "
                    "would drop what was sent; give that URL instead"
                )
            url = target
        raise KgError(f"{url}: more than {MAX_REDIRECTS} redirects")


def media_type(response) -> str:
    """The answer's media type, lower-case, without parameters ('' when none is given)."""
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()
