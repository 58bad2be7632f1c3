"""``kg serve``: a read-only SPARQL endpoint and an offline query page on 127.0.0.1.

It answers only requests addressed to it (Host) from its own page or the
origins ``--cors`` names (Origin); see kg/sparql/requestguard.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.sparql.engine import STORES
from kg.sparql.requestguard import Hints

#: how a refused request is told to let a name or an origin in
HINTS = Hints(host="start kg serve with --host", origin="start kg serve with --cors {origin}")

EPILOG = """\
examples:
  kg serve exports/graph.ttl                  # http://127.0.0.1:8000/ (page), /sparql (endpoint)
  kg serve exports/graph.oxigraph --port 8890 --timeout 10
  kg serve exports/graph.ttl --cors http://localhost:3000     # a YASGUI page on :3000
  curl -H 'Accept: text/csv' --data-urlencode query@queries/officials_by_region.rq \\
       http://127.0.0.1:8000/sparql

the endpoint speaks the SPARQL 1.1 Protocol (GET ?query=, POST form or
application/sparql-query) and answers in the media type of the Accept header:
application/sparql-results+json, +xml, text/csv, text/tab-separated-values;
text/turtle, application/n-triples (CONSTRUCT, DESCRIBE).  It is read-only:
SPARQL Update and SERVICE get 403, told apart by parsing the query, and the
query workers run without a network (--allow-service lets SERVICE through
and gives the workers the network back).

Web pages cannot use it: a request is answered only when its Host header
names the server (127.0.0.1:PORT, localhost:PORT, [::1]:PORT or --host with
the port; other names, as a DNS-rebinding page sends, get 403), and a
request from a page of another origin (a form POST, a fetch, an image) gets
403 unless --cors names that origin, e.g. --cors http://localhost:3000 for a
YASGUI page there.  A query running longer than --timeout is
cancelled (503), a body over --max-body refused (413).  The page at / works
offline: editor, saved questions, result tables whose links browse entities.
Ctrl-C stops the server.
"""


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "serve",
        help="serve a graph as a read-only SPARQL endpoint with a query page",
        description="Serve GRAPH (a graph file or an Oxigraph store) on 127.0.0.1 as a "
        "read-only SPARQL 1.1 Protocol endpoint, with an offline query page.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("graph", type=Path, metavar="GRAPH", help="graph file or Oxigraph store")
    s.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on, and the name the Host header must give (default: "
        "127.0.0.1; localhost and [::1] are always accepted).  Another address lets other "
        "machines read the graph",
    )
    s.add_argument(
        "--store", choices=STORES, default="auto", help="engine, as for kg query (default: auto)"
    )
    s.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="cancel a query after S seconds (default: 30)",
    )
    s.add_argument("--workers", type=int, default=2, help="queries answered at once (default: 2)")
    s.add_argument(
        "--max-body",
        type=int,
        default=1 << 20,
        metavar="BYTES",
        help="largest request body accepted (default: 1 MiB)",
    )
    s.add_argument(
        "--cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let pages of ORIGIN (scheme://host[:port], e.g. http://localhost:3000 for "
        "YASGUI) query the endpoint; repeatable.  Requests from other origins get 403",
    )
    s.add_argument(
        "--allow-service",
        action="store_true",
        help="answer federated queries: SERVICE clauses then make the server send requests "
        "to any URL a query names (off by default: SERVICE gets 403 and the workers have "
        "no network)",
    )
    s.add_argument(
        "--queries", type=Path, metavar="DIR", help="saved questions (default: queries/)"
    )
    s.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.commands.console import Console
    from kg.errors import KgError
    from kg.sparql.saved import load
    from kg.sparql.server import serve

    if not 0 <= args.port <= 65535:
        raise KgError(f"--port {args.port}: give a port from 1 to 65535 (0: any free port)")
    if args.workers < 1:
        raise KgError("--workers must be at least 1")
    if args.timeout <= 0:
        raise KgError("--timeout must be positive")
    from kg.sparql.requestguard import check_bind_host, parse_origin

    for option, value, check in (("--host", args.host, check_bind_host),
                                 *(("--cors", origin, parse_origin) for origin in args.cors)):
        try:
            check(value)
        except KgError as exc:
            raise KgError(f"{option} {exc}") from None
    saved = load(args.queries) if args.queries else None
    try:
        serve(
            args.graph,
            port=args.port,
            store=args.store,
            timeout=args.timeout,
            workers=args.workers,
            max_body=args.max_body,
            cors=tuple(args.cors),
            saved=saved,
            host=args.host,
            allow_service=args.allow_service,
            reporter=Console(prefix="kg serve: "),
            hints=HINTS,
        )
    except KeyboardInterrupt:
        print("stopped")
    return 0
