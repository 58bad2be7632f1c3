"""``kg path``: the shortest chain of facts between two names, with the sentence of each fact."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """\
examples:
  kg path exports/graph.ttl 周庆荣 光伏扶贫
  kg path exports/graph.ttl 唐家村 茅箭区 --evidence 3

names are labels or aliases (or IRIs).  Facts are followed in either
direction and printed in their own.  Exit 1 when no chain links the two.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "path",
        help="shortest chain of facts between two names, with evidence",
        description="Print the shortest chain of facts linking two entities, each fact with "
        "the sentence and article it comes from.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("graph", type=Path, metavar="GRAPH",
                   help="graph file (.ttl, .nt, .jsonld …) or Oxigraph store folder")
    p.add_argument("source", metavar="FROM", help="a name, e.g. 周庆荣")
    p.add_argument("target", metavar="TO", help="a name, e.g. 光伏扶贫")
    p.add_argument(
        "--evidence",
        type=int,
        default=2,
        metavar="N",
        help="sentences printed per fact (default 2)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.analysis import to_networkx
    from kg.analysis.paths import shortest_path
    from kg.errors import KgError
    from kg.graph.open import open_graph
    from kg.graph.records import has_entities

    graph = open_graph(args.graph).rdflib()
    if not has_entities(graph):
        raise KgError(f"{args.graph}: holds no pa-kg entities (no pa:Official, pa:County … nodes)")
    steps = shortest_path(to_networkx(graph), args.source, args.target)
    if not steps:
        if args.source.strip() == args.target.strip():
            print(f"{args.source} is {args.target}: a chain of 0 facts")
            return 0
        print(f"no chain of facts links {args.source} and {args.target}", file=sys.stderr)
        return 1
    n_facts = sum(len(step["facts"]) for step in steps)
    print(f"{args.source} → {args.target}: {len(steps)} step(s), {n_facts} fact(s)")
    for i, step in enumerate(steps, 1):
        for fact in step["facts"]:
            print(
                f"{i}. {fact['subject']} ({fact['subject_class']}) —{fact['relation']}→ "
                f"{fact['object']} ({fact['object_class']})"
            )
            if fact["from_gazetteer"]:
                print("   (from the administrative-division gazetteer)")
            shown = fact["evidence"][: max(0, args.evidence)]
            for ev in shown:
                span = f" [{ev['start']}–{ev['end']}]" if ev["start"] is not None else ""
                print(f"   「{ev['quote']}」 — {ev['article']}{span}")
            if len(fact["evidence"]) > len(shown):
                print(f"   … and {len(fact['evidence']) - len(shown)} more sentence(s)")
    return 0
