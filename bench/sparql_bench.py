"""SPARQL latency of the saved questions: rdflib's memory graph against Oxigraph, one run.

    python bench/sparql_bench.py                    # corpus graph and 1,000,000 triples (~3 min)
    python bench/sparql_bench.py --triples 200000   # quicker

For each saved question (queries/*.rq) and each graph (the corpus graph, and
the corpus graph grown with synthetic data of the same shape to --triples),
prints the median latency over --runs runs of:

* ``memory``: rdflib's in-memory graph (``kg query --store memory``);
* ``oxigraph``: the persistent Oxigraph store written by
  ``kg.sparql.store.write_store`` and opened read-only (``kg query DIR``);

and the ratio oxigraph/memory measured in the same run (below 1: Oxigraph is
faster).  A latency is the time to answer and serialise the whole answer as
SPARQL JSON, through :mod:`kg.sparql.engine`, as ``kg query`` and ``kg serve``
do.  A question whose rdflib runs pass --budget seconds is run fewer times.
Load times (file into rdflib, graph into the store) are printed too.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import RDF, RDFS, XSD, Graph, Literal  # noqa: E402

from kg.sparql.engine import MemorySource, OxigraphSource  # noqa: E402
from kg.sparql.saved import load as load_saved  # noqa: E402
from kg.sparql.store import open_store, write_store  # noqa: E402
from kg.vocab import PA, PAR, PROV  # noqa: E402

LEVELS = ["Province", "City", "County", "Town", "Village"]
UNITS = ["人", "户", "元", "个", "%"]
INDICATORS = ["贫困人口", "脱贫", "贫困户", "资金", "扶贫车间", "建档立卡贫困人口", "易地扶贫搬迁"]


def corpus_graph(path: Path | None, tmp: Path) -> Graph:
    graph = Graph()
    if path is None:
        from kg.build import build

        build([ROOT / "corpus"], tmp / "corpus", html=False)
        path = tmp / "corpus" / "graph.ttl"
    graph.parse(path, format="turtle")
    return graph


def grow(graph: Graph, target: int, seed: int = 7) -> Graph:
    """The corpus graph plus synthetic regions, relations and statistics up to ``target``.

    The synthetic part has the corpus graph's shape: a region tree (some towns
    in 茅箭区), reified relations with evidence from synthetic articles, and
    statistics with evidence; some regions develop 香菇.
    """
    rng = random.Random(seed)
    big = Graph()
    big.addN((s, p, o, big) for s, p, o in graph)
    corpus_counties = list(graph.subjects(RDF.type, PA.County))
    maojian = next(graph.subjects(RDFS.label, Literal("茅箭区", lang="zh")), None)
    xianggu = next(graph.subjects(RDFS.label, Literal("香菇", lang="zh")), None)
    articles = [PAR[f"article/synthetic_{i:05d}.txt"] for i in range(2000)]
    programs = [PAR[f"program/synthetic_{i}"] for i in range(300)]
    industries = [PAR[f"industry/synthetic_{i}"] for i in range(200)] + [xianggu] * 20
    batch: list = []
    counter = 0

    def add(s, p, o) -> None:
        batch.append((s, p, o, big))

    def evidence(node) -> None:
        nonlocal counter
        counter += 1
        ev = PAR[f"evidence/s{counter}"]
        add(node, PA.supportedBy, ev)
        add(ev, RDF.type, PA.Evidence)
        add(ev, PA.quote, Literal(f"第{counter}句：扶贫工作取得成效。", lang="zh"))
        add(ev, PA.startChar, Literal(counter % 9000))
        add(ev, PA.endChar, Literal(counter % 9000 + 40))
        add(ev, PROV.wasDerivedFrom, rng.choice(articles))

    def relate(s, p, o) -> None:
        nonlocal counter
        add(s, p, o)
        counter += 1
        st = PAR[f"statement/s{counter}"]
        add(st, RDF.type, RDF.Statement)
        add(st, RDF.subject, s)
        add(st, RDF.predicate, p)
        add(st, RDF.object, o)
        evidence(st)

    for art in articles:
        add(art, RDF.type, PA.Article)
        add(art, RDFS.label, Literal(str(art).rsplit("/", 1)[1]))
    for kind, items in (("Program", programs), ("Industry", industries)):
        for item in set(items) - {None}:
            add(item, RDF.type, getattr(PA, kind))
            add(item, RDFS.label, Literal(f"{kind}{str(item).rsplit('_', 1)[-1]}", lang="zh"))
    parents = {"Province": [None]}
    n = 0
    while len(big) + len(batch) < target:
        level = (
            "Province"
            if n < 30
            else "City"
            if n < 330
            else "County"
            if n < 3330
            else "Town"
            if n % 5 == 0
            else "Village"
        )
        region = PAR[f"region/synthetic-{n}"]
        n += 1
        add(region, RDF.type, getattr(PA, level))
        add(region, RDFS.label, Literal(f"{level}{n}", lang="zh"))
        add(region, PA.mentionedIn, rng.choice(articles))
        up = LEVELS[LEVELS.index(level) - 1] if level != "Province" else None
        pool = parents.get(up, []) + (corpus_counties if level == "Town" else [])
        parent = maojian if level == "Town" and maojian and rng.random() < 0.05 else None
        parent = parent or (rng.choice(pool) if pool else None)
        if parent is not None:
            relate(region, PA.locatedIn, parent)
        parents.setdefault(level, []).append(region)
        for _ in range(rng.randint(0, 3)):
            relate(region, PA.implements, rng.choice(programs))
        if level in ("Town", "Village") or rng.random() < 0.3:
            industry = rng.choice(industries)
            if industry is not None:
                relate(region, PA.develops, industry)
        for _ in range(rng.randint(0, 2)):
            counter += 1
            stat = PAR[f"statistic/s{counter}"]
            add(stat, RDF.type, PA.Statistic)
            add(stat, PA.aboutRegion, region)
            add(stat, PA.indicator, Literal(rng.choice(INDICATORS), lang="zh"))
            add(stat, PA.value, Literal(str(rng.randint(1, 900000)), datatype=XSD.decimal))
            add(stat, PA.unit, Literal(rng.choice(UNITS), lang="zh"))
            add(stat, PA.year, Literal(str(rng.choice([2018, 2019, 2020])), datatype=XSD.gYear))
            evidence(stat)
        if len(batch) > 50_000:
            big.addN(batch)
            batch = []
    big.addN(batch)
    return big


def timed(source, text: str, runs: int, budget: float) -> tuple[float, int, int]:
    """Median seconds to answer ``text`` and serialise it, the runs made, the rows."""
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        data = source.execute(text).canonical()
        times.append(time.perf_counter() - start)
        answer = json.loads(data)
        rows = len(answer["results"]["bindings"]) if "results" in answer else 1
        if sum(times) > budget:
            break
    return statistics.median(times), len(times), rows


def bench_graph(name: str, graph: Graph, tmp: Path, args, saved) -> list[float]:
    print(f"\n== {name}: {len(graph):,} triples")
    start = time.perf_counter()
    size = write_store(graph, tmp / f"{name}.oxigraph")
    print(f"  write_store {size:,} triples: {time.perf_counter() - start:.1f} s")
    memory = MemorySource(Path(name), graph)
    oxigraph = OxigraphSource(tmp / f"{name}.oxigraph", open_store(tmp / f"{name}.oxigraph"))
    ratios = []
    print(f"  {'question':24} {'memory ms':>10} {'oxigraph ms':>12} {'ratio':>7}  runs  rows")
    for q in saved:
        ox_s, ox_runs, rows = timed(oxigraph, q.text, args.runs, args.budget)
        mem_s, mem_runs, mem_rows = timed(memory, q.text, args.runs, args.budget)
        ratio = ox_s / mem_s
        ratios.append(ratio)
        print(
            f"  {q.name:24} {mem_s * 1000:10.1f} {ox_s * 1000:12.2f} {ratio:7.3f}"
            f"  {mem_runs}/{ox_runs}   {rows}"
            + ("" if rows == mem_rows else f" (memory: {mem_rows})")
        )
    geo = statistics.geometric_mean(ratios)
    print(f"  geometric mean of oxigraph/memory: {geo:.3f}  ({1 / geo:.0f}x faster)")
    return ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the large graph")
    parser.add_argument("--runs", type=int, default=5, help="runs per question (median)")
    parser.add_argument(
        "--budget", type=float, default=15.0, help="seconds after which a question stops repeating"
    )
    parser.add_argument("--graph", type=Path, help="corpus graph.ttl (default: build corpus/)")
    args = parser.parse_args()
    saved = load_saved(ROOT / "queries")
    with tempfile.TemporaryDirectory(prefix="sparql-bench-") as tmp_name:
        tmp = Path(tmp_name)
        start = time.perf_counter()
        graph = corpus_graph(args.graph, tmp)
        print(
            f"corpus graph: {len(graph):,} triples, loaded in {time.perf_counter() - start:.1f} s"
        )
        small = bench_graph("corpus", graph, tmp, args, saved)
        start = time.perf_counter()
        big_graph = grow(graph, args.triples)
        print(f"\nsynthetic graph grown in rdflib in {time.perf_counter() - start:.1f} s")
        big = bench_graph("synthetic", big_graph, tmp, args, saved)
    print("\n== oxigraph/memory latency ratio per question (same run)")
    for q, a, b in zip(saved, small, big):
        print(f"  {q.name:24} corpus {a:7.3f}   {args.triples:,} triples {b:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
