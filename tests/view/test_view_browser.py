"""The HTML view in a real browser: Debian's chromium driven by Playwright, network blocked.

Every request that is not a local file is aborted (and recorded), so a page that needs the
internet fails here.  Expected values come from the RDF graph (SPARQL) and the article files,
not from the page.  Screenshots go to a temporary folder (or to $KG_SCREENSHOTS) for a person
to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, CONTRACT_CLASSES
from graphs import EVIL_QUOTE, IMG_LABEL, SCRIPT_LABEL, sample_graph, synthetic
from rdflib import RDF, RDFS, Graph, URIRef

from kg.view.html import write_html
from kg.vocab import PA

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
ARTICLE_004 = CORPUS / "004_cca4ab3c6bf294dc.txt"
DRAWN_CLASSES = [*CONTRACT_CLASSES, "Statistic"]

pytestmark = pytest.mark.browser


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> tuple[Path, Graph]:
    """``kg build corpus``: (graph.html as kg build writes it, the parsed graph.ttl)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("corpus-view")
    build([CORPUS], out)
    graph = Graph()
    graph.parse(out / "graph.ttl", format="turtle")
    return out / "graph.html", graph


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60000)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("KG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


class Offline:
    """A page opened from file:// with every other request aborted, its errors collected."""

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.set_default_timeout(20000)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgReady === true")

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def shot(self, folder: Path, name: str) -> Path:
        path = folder / name
        self.page.screenshot(path=str(path))
        png = path.read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000  # a picture, not a blank
        return path

    def close(self) -> None:
        assert self.errors == [], self.errors
        self.page.close()


@pytest.fixture
def corpus_page(browser, corpus):
    page = Offline(browser, corpus[0])
    yield page
    page.close()


def sparql(graph: Graph, query: str) -> list[tuple]:
    prefixes = (
        "PREFIX pa: <https://w3id.org/pa-kg/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    )
    return [tuple(row) for row in graph.query(prefixes + query)]


def iris_of(graph: Graph, cls: str) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, getattr(PA, cls))}


def visible_iris(page: Offline) -> set[str]:
    return set(page.js("kgView.nodes.getIds().map(id => K.nodes[id].iri)"))


def search(page: Offline, text: str) -> int:
    """Type into the search box as a person would, press Enter, return the selected node id."""
    page.page.fill("#kg-search", "")
    page.page.type("#kg-search", text)
    page.page.wait_for_selector("#kg-results button")
    page.page.press("#kg-search", "Enter")
    page.page.wait_for_function("network.getSelectedNodes().length === 1")
    page.page.wait_for_timeout(400)  # the focus animation
    return page.js("network.getSelectedNodes()[0]")


# ---------------------------------------------------------------- the corpus graph


def test_corpus_view_draws_every_node_offline(corpus_page: Offline, corpus, shots: Path) -> None:
    graph = corpus[1]
    expected = set().union(*(iris_of(graph, c) for c in DRAWN_CLASSES))
    statistics = iris_of(graph, "Statistic")
    # statistics are off the canvas when the page opens: their regions' panels list them
    assert visible_iris(corpus_page) == expected - statistics
    assert corpus_page.js("network.body.nodeIndices.length") == len(expected - statistics)
    assert corpus_page.js("network.physics.options.enabled") is False  # nothing keeps spinning
    legend = corpus_page.page.inner_text("#kg-legend")
    for cls in DRAWN_CLASSES:
        assert re.search(rf"{cls}( \(draw\))?\s+{len(iris_of(graph, cls))}\b", legend), cls
    assert corpus_page.page.is_hidden("#kg-notice")  # small enough to draw whole
    assert "listed in their region" in corpus_page.page.inner_text("#kg-stat-hint")
    corpus_page.shot(shots, "corpus.png")
    # the toggle draws them, beside their regions
    corpus_page.page.check("#kg-legend input[data-cls=Statistic]")
    assert visible_iris(corpus_page) == expected
    assert corpus_page.js("network.body.nodeIndices.length") == len(expected)
    corpus_page.shot(shots, "corpus_with_statistics.png")
    corpus_page.page.uncheck("#kg-legend input[data-cls=Statistic]")
    assert corpus_page.blocked == []


def test_the_most_central_nodes_are_labelled_readably_at_first_zoom(
    corpus_page: Offline, corpus
) -> None:
    labelled = corpus_page.js("kgLabelled()")
    assert len(labelled) >= 10
    scale = corpus_page.js("network.getScale()")
    on_screen = corpus_page.js(
        "ids => ids.map(id => network.body.nodes[id].options.font.size * network.getScale())",
        labelled,
    )
    assert min(on_screen) >= 12, (scale, on_screen)  # pixels: a label a person can read
    # they are the most central: the county every seed article is about is among them
    labels = corpus_page.js("ids => ids.map(id => K.nodes[id].label)", labelled)
    assert "茅箭区" in labels
    inside = corpus_page.js(
        """ids => ids.every(id => {
        const p = network.canvasToDOM(network.getPositions([id])[id]);
        return p.x >= 0 && p.x <= 1400 && p.y >= 0 && p.y <= 900;
    })""",
        labelled,
    )
    assert inside


def test_search_finds_a_village_and_its_evidence(corpus_page: Offline, shots: Path) -> None:
    node = search(corpus_page, "唐家村")
    assert corpus_page.js("id => K.nodes[id].label", node) == "唐家村"
    # jumped to it: the node is in the middle of the screen
    xy = corpus_page.js(f"network.canvasToDOM(network.getPositions([{node}])[{node}])")
    assert 500 < xy["x"] < 900 and 250 < xy["y"] < 650
    side = corpus_page.page.inner_text("#kg-side")
    assert "唐家村" in side and "Village" in side
    assert "locatedIn" in side and "大川镇" in side
    corpus_page.shot(shots, "search_tangjiacun.png")


def test_search_by_alias(corpus_page: Offline) -> None:
    node = search(corpus_page, "茅箭")  # the alias of 茅箭区
    assert corpus_page.js("id => K.nodes[id].label", node) == "茅箭区"
    assert "aliases: 茅箭" in corpus_page.page.inner_text("#kg-side")


def test_class_filter_hides_and_shows(corpus_page: Offline, corpus, shots: Path) -> None:
    programs = iris_of(corpus[1], "Program")
    before = visible_iris(corpus_page)
    assert programs <= before
    corpus_page.page.uncheck("#kg-legend input[data-cls=Program]")
    after = visible_iris(corpus_page)
    assert before - after == programs and not (after & programs)
    assert corpus_page.js("network.body.nodeIndices.length") == len(before) - len(programs)
    # no edge is left hanging on a hidden node
    ends = corpus_page.js(
        "kgView.edges.get().flatMap(e => [K.nodes[e.from].iri, K.nodes[e.to].iri])"
    )
    assert set(ends) <= after
    corpus_page.shot(shots, "without_programs.png")
    corpus_page.page.check("#kg-legend input[data-cls=Program]")
    assert visible_iris(corpus_page) == before


def test_article_filter(corpus_page: Offline, corpus) -> None:
    rows = sparql(
        corpus[1],
        """SELECT ?s WHERE { ?s pa:mentionedIn ?a . ?a rdfs:label "004_cca4ab3c6bf294dc.txt" }""",
    )
    mentioned = {str(s) for (s,) in rows}
    statistics = iris_of(corpus[1], "Statistic")
    index = corpus_page.js("K.articles.findIndex(a => a.name === '004_cca4ab3c6bf294dc.txt')")
    # the article is listed by its title (the first line of 004: 如磐初心为百姓)
    option = corpus_page.page.inner_text(f"#kg-article option[value='{index}']")
    assert option == "如磐初心为百姓"
    whole = corpus_page.js("network.getScale()")
    corpus_page.page.select_option("#kg-article", str(index))
    assert visible_iris(corpus_page) == mentioned - statistics
    # the view fits what is left: every node on screen, closer than the whole graph
    assert corpus_page.js("network.getScale()") > whole
    inside = corpus_page.js(
        """() => kgView.nodes.getIds().every(id => {
        const p = network.canvasToDOM(network.getPositions([id])[id]);
        return p.x >= 0 && p.x <= 1400 && p.y >= 0 && p.y <= 900;
    })"""
    )
    assert inside
    corpus_page.page.select_option("#kg-article", "-1")
    assert visible_iris(corpus_page) == set().union(
        *(iris_of(corpus[1], c) for c in DRAWN_CLASSES)
    ) - statistics


def test_side_panel_quotes_the_article(corpus_page: Offline, shots: Path) -> None:
    """A real click on 大川镇 opens its panel; the quoted sentences are in the article."""
    node = corpus_page.js("K.nodes.findIndex(n => n.label === '大川镇')")
    corpus_page.js(f"network.focus({node}, {{scale: 1.5, animation: false}})")
    xy = corpus_page.js(f"network.canvasToDOM(network.getPositions([{node}])[{node}])")
    corpus_page.page.mouse.click(xy["x"], xy["y"])
    corpus_page.page.wait_for_selector("#kg-side:not([hidden])")
    assert corpus_page.page.inner_text("#kg-side h2") == "大川镇"
    raw = ARTICLE_004.read_text(encoding="utf-8")
    quotes = corpus_page.page.locator("#kg-side .kg-quote").all_text_contents()
    sources = corpus_page.page.locator("#kg-side .kg-src").all_inner_texts()
    checked = 0
    for quote, source in zip(quotes, [s for s in sources if s.startswith("—")]):
        match = re.fullmatch(r"— (?:《[^》]*》 )?(\S+) \[(\d+)–(\d+)\]", source)
        if match and match.group(1) == ARTICLE_004.name and not quote.endswith("…」"):
            start, end = int(match.group(2)), int(match.group(3))
            assert raw[start:end] == quote.strip("「」")  # the sentence, where it says it is
            checked += 1
    assert checked >= 3
    # each sentence once, the facts it supports under it: "辖大川村、唐家村…" supports
    # that each of those villages lies in 大川镇
    assert len(quotes) == len(set(quotes))
    grouped = corpus_page.page.locator("#kg-side .kg-rel", has_text="辖大川村、唐家村")
    assert grouped.count() == 1
    facts = grouped.locator(".kg-fact").all_inner_texts()
    assert {"唐家村 → locatedIn (this)", "卡子村 → locatedIn (this)"} <= set(facts)
    assert "《如磐初心为百姓》" in grouped.inner_text()
    table = corpus_page.page.inner_text("#kg-side table.kg-stats")
    assert "indicator" in table and "1593" in table  # 建档立卡贫困人口465户1593人 (the article)
    corpus_page.shot(shots, "side_panel_dachuan.png")


def test_hierarchy_layout(corpus_page: Offline, shots: Path) -> None:
    network_positions = corpus_page.js("network.getPositions()")
    corpus_page.page.select_option("#kg-layout", "hierarchy")
    chain = ["湖北省", "十堰市", "茅箭区", "大川镇", "唐家村"]
    ys = corpus_page.js(
        """names => {
        const pos = network.getPositions();
        return names.map(name => pos[K.nodes.findIndex(n => n.label === name)].y);
    }""",
        chain,
    )
    assert ys == sorted(ys) and len(set(ys)) == len(ys)  # county above town above village
    corpus_page.shot(shots, "hierarchy.png")
    corpus_page.page.select_option("#kg-layout", "network")
    assert corpus_page.js("network.getPositions()") == network_positions  # and back again


def test_size_by_pagerank(corpus_page: Offline) -> None:
    corpus_page.page.select_option("#kg-size", "pr")
    sizes = corpus_page.js(
        """() => {
        const top = K.nodes.reduce((a, b) => (b.pr > a.pr ? b : a));
        const low = K.nodes.reduce((a, b) => (b.pr < a.pr ? b : a));
        return [kgView.nodes.get(top.id).size, kgView.nodes.get(low.id).size];
    }"""
    )
    assert sizes[0] > sizes[1]


# ---------------------------------------------------------------- labels that try to run


def test_script_in_labels_and_evidence_stays_text(browser, tmp_path: Path, shots: Path) -> None:
    g, expected = sample_graph()
    out = tmp_path / "evil.html"
    write_html(g, out)
    page = Offline(browser, out)
    page.page.check("#kg-legend input[data-cls=Statistic]")
    assert page.js("network.body.data.nodes.length") == expected
    scripts = page.js("document.scripts.length")
    node = search(page, "<script>")
    assert page.page.inner_text("#kg-side h2") == SCRIPT_LABEL
    page.page.wait_for_timeout(200)
    # the evidence with </script> in it is shown as written
    village = search(page, "唐家村")
    assert page.js("id => K.nodes[id].label", village) == "唐家村"
    assert EVIL_QUOTE in page.page.inner_text("#kg-side")
    # hovering the image-labelled node shows its label as text in the tooltip
    img = page.js("K.nodes.findIndex(n => n.label.startsWith('<img'))")
    page.js(f"network.focus({img}, {{scale: 1.2, animation: false}})")
    xy = page.js(f"network.canvasToDOM(network.getPositions([{img}])[{img}])")
    page.page.mouse.move(xy["x"], xy["y"])
    page.page.wait_for_selector("#kg-tip:not([hidden])")
    assert IMG_LABEL in page.page.inner_text("#kg-tip")
    assert page.js("document.querySelectorAll('#kg-side script, #kg-tip script').length") == 0
    assert page.js("document.querySelectorAll('img').length") == 0
    assert page.js("document.scripts.length") == scripts
    assert page.js("typeof window.__pwned") == "undefined"
    assert node != village
    page.shot(shots, "evil_labels.png")
    assert page.blocked == []
    page.close()


# ---------------------------------------------------------------- a graph too large to draw


def linked_to(graph: Graph, node: URIRef) -> set[str]:
    """IRIs of the entities and statistics linked to ``node`` by a relation (either way)."""
    relations = (PA.servesIn, PA.locatedIn, PA.implements, PA.develops, PA.aboutRegion)
    out = {str(o) for p in relations for o in graph.objects(node, p)}
    return out | {str(s) for p in relations for s in graph.subjects(p, node)}


def test_large_graph_shows_the_central_part(browser, tmp_path: Path, shots: Path) -> None:
    out = tmp_path / "large.html"
    graph = synthetic(1500)
    assert write_html(graph, out, limit=300) == 300
    page = Offline(browser, out)
    page.page.check("#kg-legend input[data-cls=Statistic]")
    assert page.js("network.body.data.nodes.length") == 300
    assert page.js("K.nodes.length") == 1500
    notice = page.page.inner_text("#kg-notice")
    assert "300" in notice and "1500" in notice and "search" in notice
    drawn = {str(iri) for iri in page.js("kgView.allNodes.getIds().map(id => K.nodes[id].iri)")}
    village, label, neighbours = next(
        (v, str(graph.value(v, RDFS.label)), links)
        for v in sorted(graph.subjects(RDF.type, PA.Village))
        if str(v) not in drawn
        and (links := linked_to(graph, v)) - drawn  # with a neighbour that is not drawn either
    )
    node = search(page, label)
    assert page.js("id => K.nodes[id].iri", node) == str(village)
    assert page.js(f"kgView.nodes.get({node}) !== null")
    # it came in with all its neighbours and the facts that link them
    shown = page.js(f"network.getConnectedNodes({node}).map(id => K.nodes[id].iri)")
    assert set(shown) == neighbours
    assert page.js("network.body.data.nodes.length") == 300 + len(neighbours - drawn) + 1
    page.shot(shots, "large_found.png")
    page.page.select_option("#kg-layout", "hierarchy")
    page.shot(shots, "large_hierarchy.png")
    assert page.blocked == []
    page.close()
