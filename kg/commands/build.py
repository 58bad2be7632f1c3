"""``kg build``: articles in, graph.ttl and graph.html out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import KgError

EPILOG = """\
examples:
  kg build corpus -o exports                  # every .txt under corpus/
  kg build a.txt b.txt -o out --no-html
  kg build big-corpus -o out --jobs 2         # extract in 2 worker processes
  kg build big-corpus -o out --executor dask --scheduler tcp://host:8786

writes OUT/graph.ttl (Turtle) and OUT/graph.html (an offline view).  A file
that cannot be read is reported and skipped; the rest is built.  Outputs are
replaced only when the new ones are complete.  Rebuilding into the same OUT
re-extracts only the articles whose content changed (cache: OUT/.kg-cache).
One build at a time writes into OUT: a second one stops with a message (the
lock OUT/.kg-build.lock of a killed build is taken over, and what it left
half-written is removed).
"""


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser(
        "build",
        help="extract articles into graph.ttl and graph.html",
        description="Extract officials, regions, programmes, industries, "
        "organisations and statistics from articles into an RDF graph.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    b.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="folders of .txt articles (UTF-8, UTF-16 or GBK) or single files",
    )
    b.add_argument(
        "-o",
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="output folder (created if missing)",
    )
    b.add_argument("--no-html", action="store_true", help="skip graph.html")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    b.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes for extraction (default 1)",
    )
    b.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="where extraction runs: local processes or a Dask cluster",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address (tcp://host:8786); default: a local cluster",
    )
    b.add_argument(
        "--fresh",
        action="store_true",
        help="ignore the incremental cache and extract every article again",
    )
    b.add_argument(
        "--store",
        choices=["oxigraph"],
        help="also load the graph into a persistent Oxigraph store OUT/graph.oxigraph",
    )
    b.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.build import build
    from kg.commands.console import Console

    if args.jobs < 1:
        raise KgError("--jobs must be at least 1")
    paths = args.paths
    if args.executor == "dask":  # workers have their own working folder: give them full paths
        paths = [Path(p).resolve() for p in paths]
    report = build(
        paths,
        args.out,
        reporter=Console(args.quiet),
        html=not args.no_html,
        jobs=args.jobs,
        executor=args.executor,
        scheduler=args.scheduler,
        fresh=args.fresh,
        store=args.store,
    )
    for message in report.skipped + report.warnings:
        print(f"warning: {message}", file=sys.stderr)
    if not args.quiet:
        ents = ", ".join(f"{n} {k}" for k, n in sorted(report.entities.items()))
        rels = ", ".join(f"{n} {k}" for k, n in sorted(report.relations.items()))
        cached = report.articles - report.extracted
        note = f" ({cached} unchanged, from the cache)" if cached else ""
        size = f": {report.triples} triples" if report.triples else ""
        print(f"built {report.articles} article(s){note}{size}")
        # what the articles name and state; the graph adds the gazetteer's parents of regions
        print(f"  entities named: {ents}")
        print(f"  relations found: {rels}")
        print(f"  statistics: {report.statistics}")
        for path in report.outputs:
            print(f"  {'up to date' if report.up_to_date else 'wrote'} {path}")
    return 0
