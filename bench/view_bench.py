"""Time to interactive of the HTML view for a synthetic 10,000-node graph, in headless Chromium.

    python bench/view_bench.py [--nodes 10000] [--baseline 1000] [--runs 3] [--no-pyvis]

Builds a synthetic pa-kg graph (regions province → village, officials, programmes, industries,
organisations, statistics; every relation with its evidence sentence), writes the view with
``kg.view.html.write_html`` and opens it from file:// in Debian's chromium with every network
request aborted.  "Interactive" is the moment the page sets ``window.kgReady`` (first frame
drawn, controls wired); the figure is ``performance.now()`` then, i.e. milliseconds since the
navigation started.  The same run measures the baseline graph (default 1,000 nodes) and, unless
``--no-pyvis``, plain pyvis (``Network().write_html``, in-line resources, physics on) on the big
graph, capped at 30 s, for the ratio.  Medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal

from kg.vocab import PA, PROV, article_iri, entity_iri, node_iri

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CHARS = "安宝北长城大东丰福高光广桂海和红华黄吉金锦景康兰乐黎利莲林柳龙隆茂梅民明南宁平青清庆仁瑞"
#: share of each class in the synthetic graph (the rest are statistics)
SHARES = {
    "Province": 0.0005,
    "City": 0.002,
    "County": 0.01,
    "Town": 0.06,
    "Village": 0.30,
    "Official": 0.03,
    "Program": 0.03,
    "Industry": 0.03,
    "Organization": 0.02,
}
SUFFIX = {
    "Province": "省",
    "City": "市",
    "County": "县",
    "Town": "镇",
    "Village": "村",
    "Program": "扶贫",
    "Industry": "产业",
    "Organization": "合作社",
    "Official": "",
}
PARENT = {"City": "Province", "County": "City", "Town": "County", "Village": "Town"}


def synthetic_graph(n: int, *, seed: int = 7, articles: int = 50) -> Graph:
    """A pa-kg graph of about ``n`` nodes (entities + statistics), shaped like a real build."""
    rng = random.Random(seed)
    triples: list[tuple] = []
    add = triples.append
    arts = [article_iri(f"{i:03d}_synthetic.txt") for i in range(articles)]
    for i, art in enumerate(arts):
        add((art, RDF.type, PA.Article))
        add((art, RDFS.label, Literal(f"{i:03d}_synthetic.txt")))
    names: set[str] = set()

    def name(kind: str) -> str:
        while True:
            length = 3 if kind in ("Village", "Town", "Official") else 2
            label = "".join(rng.choice(CHARS) for _ in range(length)) + SUFFIX[kind]
            if label not in names:
                names.add(label)
                return label

    ents: dict[str, list] = {}
    for kind, share in SHARES.items():
        ents[kind] = []
        for j in range(max(1, round(n * share))):
            label = name(kind)
            iri = entity_iri(kind, f"syn-{kind}-{j}")
            add((iri, RDF.type, PA[kind]))
            add((iri, RDFS.label, Literal(label, lang="zh")))
            if kind in SUFFIX and SUFFIX[kind] and kind not in ("Program", "Industry"):
                add((iri, SKOS.altLabel, Literal(label[:-1], lang="zh")))
            for art in rng.sample(arts, rng.choice((1, 1, 2))):
                add((iri, PA.mentionedIn, art))
            ents[kind].append((iri, label))
    offset = [0]

    def evidence(quote: str) -> object:
        art = rng.choice(arts)
        start = offset[0]
        offset[0] += len(quote) + 1
        ev = node_iri("evidence", str(art), str(start))
        add((ev, RDF.type, PA.Evidence))
        add((ev, PA.quote, Literal(quote, lang="zh")))
        add((ev, PA.startChar, Literal(start)))
        add((ev, PA.endChar, Literal(start + len(quote))))
        add((ev, PROV.wasDerivedFrom, art))
        return ev

    def relate(s, rel: str, o, quote: str | None) -> None:
        add((s, PA[rel], o))
        st = node_iri("statement", str(s), rel, str(o))
        add((st, RDF.type, RDF.Statement))
        add((st, RDF.subject, s))
        add((st, RDF.predicate, PA[rel]))
        add((st, RDF.object, o))
        if quote is None:
            add((st, PA.fromGazetteer, Literal(True)))
        else:
            add((st, PA.supportedBy, evidence(quote)))

    for kind, parent in PARENT.items():
        for iri, label in ents[kind]:
            p_iri, p_label = rng.choice(ents[parent])
            quote = None if kind in ("City", "County") else f"{label}位于{p_label}，交通便利。"
            relate(iri, "locatedIn", p_iri, quote)

    def zipf(items: list) -> tuple:
        return items[min(len(items) - 1, int(rng.paretovariate(1.2)) - 1)]

    offices = ents["County"] + ents["Town"]
    for iri, label in ents["Official"]:
        r_iri, r_label = rng.choice(offices)
        relate(iri, "servesIn", r_iri, f"{r_label}党委书记{label[:-1] or label}深入一线调研。")
    for kind, count in (("County", 4), ("Town", 2), ("Village", 1)):
        for iri, label in ents[kind]:
            for _ in range(rng.randint(1, count)):
                p_iri, p_label = zipf(ents["Program"])
                relate(iri, "implements", p_iri, f"{label}大力实施{p_label}，带动贫困户增收。")
    for iri, label in ents["Village"]:
        i_iri, i_label = zipf(ents["Industry"])
        relate(iri, "develops", i_iri, f"{label}发展{i_label}，群众增收致富。")
    regions = ents["County"] + ents["Town"] * 2 + ents["Village"]
    for j in range(max(0, n - sum(len(v) for v in ents.values()))):
        r_iri, r_label = rng.choice(regions)
        value = rng.randint(1, 9000)
        stat = node_iri("statistic", "syn", str(j))
        add((stat, RDF.type, PA.Statistic))
        add((stat, PA.aboutRegion, r_iri))
        add((stat, PA.indicator, Literal("贫困人口", lang="zh")))
        add((stat, PA.value, Literal(str(value), datatype=XSD.decimal)))
        add((stat, PA.unit, Literal("人", lang="zh")))
        add((stat, PA.year, Literal("2019", datatype=XSD.gYear)))
        add((stat, PA.mentionedIn, rng.choice(arts)))
        add((stat, PA.supportedBy, evidence(f"2019年{r_label}贫困人口{value}人。")))
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


#: pyvis pages have no ready flag: note when vis-network's stabilisation (during which nothing
#: is drawn) is done, by catching the assignment to pyvis's global ``network``
PYVIS_HOOK = """
Object.defineProperty(window, "network", {configurable: true,
  get() { return this.__net; },
  set(v) { this.__net = v;
           v.once("stabilizationIterationsDone", () => { window.kgReadyAt = performance.now(); }); }
});
"""


def measure(
    browser, page_path: Path, *, ready: str, timeout_s: float, init: str | None = None
) -> float | None:
    """Milliseconds from navigation start until ``ready`` is true; None past the timeout."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    if init:
        page.add_init_script(init)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    try:
        page.goto(page_path.as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(ready, timeout=timeout_s * 1000, polling=20)
        return page.evaluate("window.kgReadyAt || performance.now()")
    except Exception as exc:  # playwright's TimeoutError: report, don't crash the bench
        if "Timeout" not in type(exc).__name__:
            raise
        return None
    finally:
        page.close()


def search_ms(browser, page_path: Path) -> tuple[float, bool]:
    """Time for the search to find and show a node that was not drawn (or any, if all were)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(page_path.as_uri())
    page.wait_for_function("window.kgReady === true", timeout=60000)
    found = page.evaluate(
        """() => {
        const target = K.nodes.find(n => n.hid) || K.nodes[K.nodes.length - 1];
        const t0 = performance.now();
        const hit = kgSearch(target.label)[0];
        kgSelect(hit, false);
        network.redraw();
        const shown = kgView.nodes.get(target.id) !== null;
        return [performance.now() - t0, network.getSelectedNodes()[0] === target.id && shown];
    }"""
    )
    page.close()
    return found[0], found[1]


def pyvis_page(graph: Graph, path: Path) -> None:
    """Plain pyvis: every node and edge, default options (physics on), resources in line."""
    from pyvis.network import Network

    from kg.graph.records import read_graph

    data = read_graph(graph)
    net = Network(directed=True, cdn_resources="in_line")
    for i, node in enumerate(data.nodes):
        net.add_node(i, label=node.label)
    for e in data.edges:
        net.add_edge(e.src, e.dst)
    path.write_text(net.generate_html(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10000)
    parser.add_argument("--baseline", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pyvis", action="store_true", help="skip plain pyvis")
    args = parser.parse_args(argv)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed (pip install playwright)", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    from kg.view.html import render

    out = Path(tempfile.mkdtemp(prefix="view_bench."))
    pages: dict[str, Path] = {}
    rows = []
    for label, n, limit in (
        (f"{args.baseline:,} nodes (baseline)", args.baseline, None),
        (f"{args.nodes:,} nodes", args.nodes, None),
        (f"{args.nodes:,} nodes, all drawn", args.nodes, args.nodes),
    ):
        started = time.perf_counter()
        graph = synthetic_graph(n)
        made = time.perf_counter()
        view = render(graph, title=label, **({} if limit is None else {"limit": limit}))
        path = out / f"view_{n}_{limit or 'default'}.html"
        path.write_text(view.page, encoding="utf-8")
        done = time.perf_counter()
        pages[label] = path
        rows.append((label, view, made - started, done - made, path.stat().st_size))
    if not args.no_pyvis:
        pyvis_path = out / "pyvis_default.html"
        pyvis_page(synthetic_graph(args.nodes), pyvis_path)
    print(f"pages in {out}")
    head = ("nodes", "drawn", "edges", "MB", "build s", "html s")
    print(f"{'graph':34} " + " ".join(f"{h:>7}" for h in head))
    for label, view, t_graph, t_html, size in rows:
        print(
            f"{label:34} {view.nodes:7d} {view.drawn:7d} {view.edges:7d} {size / 1e6:7.1f} "
            f"{t_graph:7.1f} {t_html:7.1f}"
        )
    results: dict[str, float | None] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60000)
        try:
            measure(browser, pages[rows[0][0]], ready="window.kgReady === true", timeout_s=60)
            print(
                "\ntime to interactive in headless Chromium, network blocked "
                f"(median of {args.runs}):"
            )
            for label, path in pages.items():
                times = [
                    measure(browser, path, ready="window.kgReady === true", timeout_s=60)
                    for _ in range(args.runs)
                ]
                ok = [t for t in times if t is not None]
                results[label] = statistics.median(ok) if len(ok) == len(times) else None
                shown = (
                    "timed out (60 s)" if results[label] is None else f"{results[label]:7.0f} ms"
                )
                runs = [None if t is None else round(t) for t in times]
                print(f"  {label:34} {shown}   runs: {runs}")
            ms, ok = search_ms(browser, pages[rows[1][0]])
            print(f"  search + show a node not drawn ({rows[1][0]}): {ms:.0f} ms, found={ok}")
            if not args.no_pyvis:
                t = measure(
                    browser,
                    pyvis_path,
                    ready="window.kgReadyAt !== undefined",
                    timeout_s=30,
                    init=PYVIS_HOOK,
                )
                shown = "nothing drawn within 30 s" if t is None else f"{t:7.0f} ms"
                print(
                    f"  {'plain pyvis default, ' + format(args.nodes, ',') + ' nodes':34} {shown}"
                )
        finally:
            browser.close()
    big, base = results[rows[1][0]], results[rows[0][0]]
    if big is not None and base:
        print(
            f"\nratio {rows[1][0]} / {rows[0][0]}: {big / base:.2f}  "
            f"({big / 1000:.2f} s vs {base / 1000:.2f} s; budget 5 s)"
        )
    return 0 if big is not None and big < 5000 else 1


if __name__ == "__main__":
    sys.exit(main())
