"""``kg push``: load a graph into a triple store (SPARQL 1.1 Graph Store HTTP Protocol)."""

from __future__ import annotations

import argparse
from pathlib import Path

EPILOG = """\
examples:
  kg push exports/graph.ttl --endpoint http://127.0.0.1:7878/store --graph https://w3id.org/pa-kg/graph
  kg push exports/graph.ttl --endpoint http://127.0.0.1:3030/pa/data            # Fuseki
  KG_PASSWORD=dba kg push exports/graph.ttl --user dba --auth digest \\
      --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --graph-param graph-uri \\
      --graph https://w3id.org/pa-kg/graph                                       # Virtuoso

PUT (the default) replaces the target graph, POST adds to it; without
--graph the store's default graph is the target.  The whole graph travels in
one request, and is read back and counted afterwards.  An unreachable store
or a refused login loads nothing; when the outcome is unknown (timeout,
broken connection, server error) the message says the store may hold part of
the upload: push again with PUT.

--timeout is a deadline for each request as a whole (connecting, sending,
the whole answer), not for each read; it must be positive.  Redirects are
followed only to the same scheme, host and port (an upload only on 307/308);
the graph read back must come in an RDF media type.
"""


def register(sub: argparse._SubParsersAction) -> None:
    from kg.commands.remote_options import add_remote_arguments

    p = sub.add_parser(
        "push",
        help="load the graph into a triple store (Graph Store Protocol)",
        description="Load GRAPH (a graph file or an Oxigraph store) into a triple store "
        "through the SPARQL 1.1 Graph Store HTTP Protocol.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("graph", type=Path, metavar="GRAPH")
    p.add_argument(
        "--endpoint", required=True, metavar="URL", help="the store's Graph Store Protocol URL"
    )
    p.add_argument(
        "--graph", dest="graph_iri", metavar="IRI", help="target graph (default: the default graph)"
    )
    p.add_argument(
        "--graph-param",
        default="graph",
        metavar="NAME",
        help="query parameter naming the graph (default: graph; Virtuoso: graph-uri)",
    )
    p.add_argument(
        "--method",
        choices=["PUT", "POST"],
        default="PUT",
        help="PUT replaces the graph (default), POST adds to it",
    )
    p.add_argument("--no-verify", action="store_true", help="do not read the graph back")
    add_remote_arguments(p, "the store")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.commands.remote_options import auth_from
    from kg.errors import KgError
    from kg.remote.push import LoginRefused, push

    try:
        report = push(
            args.graph,
            args.endpoint,
            graph=args.graph_iri,
            graph_param=args.graph_param,
            method=args.method,
            auth=auth_from(args),
            timeout=args.timeout,
            verify=not args.no_verify,
        )
    except LoginRefused as exc:
        raise KgError(f"{exc} (give --user and --password; Virtuoso: --auth digest)") from None
    target = f"graph <{args.graph_iri}>" if args.graph_iri else "the default graph"
    held = f"; it now holds {report.stored}" if report.stored is not None else ""
    print(f"pushed {report.triples} triples to {target} at {args.endpoint} ({args.method}{held})")
    return 0
