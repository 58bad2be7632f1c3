"""``kg build``: articles in, graph.ttl and graph.html out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """\
examples:
  kg build corpus -o exports            # every .txt under corpus/
  kg build a.txt b.txt -o out --no-html

writes OUT/graph.ttl (Turtle) and OUT/graph.html (an offline view).  A file
that cannot be read is reported and skipped; the rest is built.  Files are
replaced only when the new ones are complete.
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
    b.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.api import build

    report = build(args.paths, args.out, progress=not args.quiet, html=not args.no_html)
    for message in report.skipped:
        print(f"warning: {message}", file=sys.stderr)
    if not args.quiet:
        ents = ", ".join(f"{n} {k}" for k, n in sorted(report.entities.items()))
        rels = ", ".join(f"{n} {k}" for k, n in sorted(report.relations.items()))
        print(f"built {report.articles} article(s): {report.triples} triples")
        print(f"  entities: {ents}")
        print(f"  relations: {rels}")
        print(f"  statistics: {report.statistics}")
        for path in report.outputs:
            print(f"  wrote {path}")
    return 0
