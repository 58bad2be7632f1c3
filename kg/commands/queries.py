"""``kg queries``: the saved questions in queries/*.rq and what each answers."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser(
        "queries",
        help="list the saved SPARQL questions",
        description="List the saved questions (queries/*.rq): name and what each answers.",
        epilog="examples:\n  kg queries\n  kg queries -v                      # with explanations\n"
        "  kg query exports/graph.ttl -f queries/villages_of_county.rq",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    q.add_argument(
        "--dir", type=Path, metavar="DIR", help="folder of .rq files (default: queries/)"
    )
    q.add_argument("-v", "--verbose", action="store_true", help="print each question's explanation")
    q.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import textwrap

    from kg.sparql.saved import load

    saved = load(args.dir)
    width = max((len(q.name) for q in saved), default=0)
    for q in saved:
        print(f"{q.name.ljust(width)}  {q.title}")
        if args.verbose and q.description:
            print(
                textwrap.fill(
                    q.description,
                    78,
                    initial_indent=" " * (width + 2),
                    subsequent_indent=" " * (width + 2),
                )
            )
    folder = saved[0].path.parent if saved else args.dir
    print(f"\n{len(saved)} saved question(s); run one: kg query GRAPH -f {folder}/NAME.rq")
    return 0
