"""Which HTTP requests ``kg serve`` answers: its own address, its own pages, named origins.

A server on 127.0.0.1 is reachable from every web page the user opens.  Two
checks keep those pages out:

* **Host**: a DNS-rebinding page makes the browser send requests to
  127.0.0.1 under the page's own name (``Host: evil.example``), so it can read
  the answers.  Only a Host that names the bound address is answered:
  ``127.0.0.1``, ``localhost``, ``[::1]`` or the ``--host`` given, with the port.
* **Origin**: a page of another origin can POST a form to the endpoint (a
  "simple" request that CORS does not stop), or load it as an image or
  script.  A request whose ``Origin`` is not the server's own is refused
  unless ``--cors`` names that origin; without an ``Origin``, a browser's
  ``Sec-Fetch-Site: cross-site``/``same-site`` on anything but a navigation is
  refused too.  Navigations (a link to the page) stay allowed.

Both refusals are 403 with a message that says what to do.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kg.errors import KgError

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_ORIGIN = re.compile(r"(https?)://([a-z0-9.\-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?", re.I)


@dataclass(frozen=True)
class Hints:
    """How to let in what the guard refuses, in the words of the program that starts the
    server (``kg serve`` names its options); ``{origin}`` stands for the refused origin."""

    host: str = "serve under that name"
    origin: str = "let the origin {origin} in"


#: the hints of a server started from Python
PLAIN = Hints()


def parse_origin(value: str) -> str:
    """An allowed origin as a browser spells it in ``Origin``: ``scheme://host[:port]``."""
    text = value.strip().rstrip("/")
    m = _ORIGIN.fullmatch(text)
    if not m:
        raise KgError(
            f"{value!r}: give an origin as a browser sends it, e.g. "
            "http://localhost:3000 or https://yasgui.example.org ('*' and 'null' are not "
            "accepted: any page could then use the endpoint)"
        )
    scheme, name, port = m.groups()
    scheme = scheme.lower()
    if port is None or int(port) == {"http": 80, "https": 443}[scheme]:
        return f"{scheme}://{name.lower()}"  # browsers leave a default port out of Origin
    return f"{scheme}://{name.lower()}:{int(port)}"


def check_bind_host(host: str) -> str:
    """The address to listen on, refused when it is a wildcard (the Host check needs one
    name)."""
    name = host.strip().strip("[]")
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        if not re.fullmatch(r"[A-Za-z0-9.-]+", name):
            raise KgError(f"{host!r}: not an IP address or host name") from None
        return name.lower()
    if address.is_unspecified:
        raise KgError(
            f"{host}: give the one address clients use (e.g. 127.0.0.1); a wildcard "
            "cannot be checked against the Host header"
        )
    return str(address)


def netloc(host: str) -> str:
    """``host`` as it stands in a Host header (IPv6 in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class RequestGuard:
    """The Host and Origin checks of one server (``port`` may be set once it is bound)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8000, cors: Iterable[str] = (),
                 hints: Hints = PLAIN):
        self.host = host
        self.port = port
        self.cors = tuple(parse_origin(o) for o in cors)
        self.hints = hints

    def hosts(self) -> list[str]:
        """The Host header values answered: the bound address and loopback names, with port."""
        names = list(dict.fromkeys([*LOOPBACK_NAMES, netloc(self.host.lower())]))
        values = [f"{n}:{self.port}" for n in names]
        if self.port == 80:
            values += names
        return values

    def own_origins(self) -> set[str]:
        return {f"http://{h}" for h in self.hosts()}

    def cors_origin(self, headers: Mapping[str, str]) -> str | None:
        """The request's Origin when it is let in (echoed in Access-Control-Allow-Origin)."""
        origin = (headers.get("Origin") or "").strip().lower()
        return origin if origin and origin in self.cors else None

    def refusal(self, headers: Mapping[str, str]) -> str | None:
        """Why a request with these headers is refused (403), or None to answer it."""
        host = (headers.get("Host") or "").strip().lower()
        allowed = self.hosts()
        if host not in allowed:
            shown = repr(host) if host else "(none)"
            return (
                f"refused: the Host header {shown} does not name this server "
                f"(it answers {', '.join(allowed)}); pages under other names are kept out "
                f"(DNS rebinding); use one of those addresses, or {self.hints.host}"
            )
        origin = (headers.get("Origin") or "").strip().lower()
        if origin:
            if origin in self.own_origins() or origin in self.cors:
                return None
            return (
                f"refused: a page of {origin} may not use this endpoint (a cross-origin "
                f"request); {self.hints.origin.format(origin=origin)} to let that page in"
            )
        site = (headers.get("Sec-Fetch-Site") or "").lower()
        mode = (headers.get("Sec-Fetch-Mode") or "").lower()
        if site in ("cross-site", "same-site") and mode != "navigate":
            return (
                "refused: a request from a page of another site (Sec-Fetch-Site: "
                f"{site}); {self.hints.origin.format(origin='ORIGIN')} to let a page in"
            )
        return None
