"""Network analysis: the networkx graph, the report, paths with evidence, GraphML/GEXF, charts.

Expected counts come from SPARQL over the RDF graph and quotes are checked against the article
files, so the tests do not restate the program's own output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from graphs import sample_graph
from rdflib import RDF, RDFS, Graph, Literal

from kg.analysis import network, paths
from kg.analysis import report as analysis
from kg.cli import main
from kg.errors import KgError
from kg.export import gephi
from kg.vocab import PA, entity_iri

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
ENTITY_CLASSES = "pa:Official pa:Province pa:City pa:County pa:Town pa:Village pa:Region "
ENTITY_CLASSES += "pa:Program pa:Industry pa:Organization"
PREFIXES = "PREFIX pa: <https://w3id.org/pa-kg/ontology#>\n"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> tuple[Path, Graph]:
    """``kg build corpus`` once: (graph.ttl, the parsed graph)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("corpus-analyze")
    build([CORPUS], out, html=False)
    graph = Graph()
    graph.parse(out / "graph.ttl", format="turtle")
    return out / "graph.ttl", graph


def rdf_counts(graph: Graph) -> tuple[int, int]:
    """(entities, relation triples between entities), by SPARQL."""
    values = f"VALUES ?c {{ {ENTITY_CLASSES} }}"
    entities = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {values} ?s a ?c }}"
    (n,) = next(iter(graph.query(PREFIXES + entities)))
    query = f"""SELECT (COUNT(*) AS ?n) WHERE {{
        {{ SELECT DISTINCT ?s ?p ?o WHERE {{
            VALUES ?p {{ pa:servesIn pa:locatedIn pa:implements pa:develops }}
            ?s ?p ?o .
            FILTER EXISTS {{ {values} ?s a ?c }}
            FILTER EXISTS {{ {values} ?o a ?c }} }} }} }}"""
    (m,) = next(iter(graph.query(PREFIXES + query)))
    return int(n), int(m)


def quote_is_in_article(ev: dict) -> bool:
    raw = (CORPUS / ev["article"]).read_text(encoding="utf-8")
    return raw[ev["start"] : ev["end"]] == ev["quote"]


# ---------------------------------------------------------------- the networkx graph


def test_to_networkx_has_one_node_per_entity_and_one_edge_per_relation() -> None:
    g, _ = sample_graph()
    G = network.to_networkx(g)
    assert isinstance(G, nx.MultiDiGraph)
    assert (G.number_of_nodes(), G.number_of_edges()) == rdf_counts(g) == (10, 9)
    county = str(entity_iri("County", "420302"))
    assert G.nodes[county]["label"] == "茅箭区" and G.nodes[county]["cls"] == "County"
    assert G.nodes[county]["aliases"] == ["茅箭"]
    official = str(entity_iri("Official", "张三"))
    (edge,) = G.get_edge_data(official, county).values()
    assert edge["relation"] == "servesIn" and not edge["from_gazetteer"]
    assert edge["evidence"] == [
        {"quote": "茅箭区委书记张三到唐家村调研。", "article": "000_x.txt", "start": 20, "end": 35}
    ]
    gazetteer = [d for _, _, d in G.edges(data=True) if d["from_gazetteer"]]
    assert len(gazetteer) == 4 and all(d["evidence"] == [] for d in gazetteer)


def test_statistics_come_when_asked() -> None:
    g, _ = sample_graph()
    G = network.to_networkx(g, statistics=True)
    stats = [v for v, cls in G.nodes(data="cls") if cls == "Statistic"]
    assert len(stats) == 1
    attrs = G.nodes[stats[0]]
    assert (attrs["indicator"], attrs["value"], attrs["unit"]) == ("贫困人口", "7129", "人")
    assert list(G.successors(stats[0])) == [str(entity_iri("County", "420302"))]


def test_graphml_and_gexf_keep_the_counts_and_parallel_relations(tmp_path: Path) -> None:
    g, _ = sample_graph()
    county, program = entity_iri("County", "420302"), entity_iri("Program", "产业扶贫")
    g.add((county, PA.develops, program))  # a second relation between the same two nodes
    G = network.to_networkx(g)
    gephi.write_graphml(G, tmp_path / "g.graphml")
    gephi.write_gexf(G, tmp_path / "g.gexf")
    for H in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")):
        assert (H.number_of_nodes(), H.number_of_edges()) == rdf_counts(g) == (10, 10)
        relations = sorted(d["relation"] for _, _, d in H.edges(str(county), data=True))
        assert relations.count("develops") == 1 and relations.count("implements") == 1
    H = nx.read_graphml(tmp_path / "g.graphml")
    assert H.nodes[str(county)]["label"] == "茅箭区" and H.nodes[str(county)]["aliases"] == "茅箭"


# ---------------------------------------------------------------- the corpus


def test_corpus_graphml_matches_the_rdf_graph(corpus, tmp_path: Path) -> None:
    path, graph = corpus
    assert main(["analyze", str(path), "-o", str(tmp_path / "out")]) == 0
    H = nx.read_graphml(tmp_path / "out" / "graph.graphml")
    assert (H.number_of_nodes(), H.number_of_edges()) == rdf_counts(graph)
    G = nx.read_gexf(tmp_path / "out" / "graph.gexf")
    assert (G.number_of_nodes(), G.number_of_edges()) == rdf_counts(graph)
    # Gephi gets the metrics as attributes
    zhou = next(v for v, d in H.nodes(data=True) if d["label"] == "周庆荣")
    assert {"pagerank", "betweenness", "degree", "community", "cls"} <= set(H.nodes[zhou])


def test_report_on_the_corpus(corpus, tmp_path: Path, capsys) -> None:
    path, graph = corpus
    G, report = analysis.report(graph, top=5)
    n, m = rdf_counts(graph)
    assert report["graph"]["nodes"] == n and report["graph"]["edges"] == m
    assert report["graph"]["articles"] == len(list(CORPUS.glob("*.txt")))
    assert set(report["central"]) >= {"Official", "Region", "Program", "Industry"}
    regions = report["central"]["Region"]
    assert len(regions) == 5
    assert [r["pagerank"] for r in regions] == sorted(
        (r["pagerank"] for r in regions), reverse=True
    )
    busiest = max(G.nodes, key=lambda v: G.degree(v) if G.nodes[v]["cls"] == "County" else -1)
    assert G.nodes[busiest]["label"] in [r["label"] for r in regions]
    # each central official links to the regions it serves in (茅箭区委书记周庆荣 …)
    serves: dict[str, set[str]] = {}
    for official, region in graph.query(
            "SELECT ?o ?r WHERE { ?x <https://w3id.org/pa-kg/ontology#servesIn>/"
            "<http://www.w3.org/2000/01/rdf-schema#label> ?r ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?o }"):
        serves.setdefault(str(official), set()).add(str(region))
    officials = report["central"]["Official"]
    assert officials and all(set(r["links"]) >= serves.get(r["label"], set()) for r in officials)
    assert any(serves.get(r["label"]) for r in officials)
    U = nx.Graph(G.to_undirected())
    assert report["components"]["count"] == nx.number_connected_components(U)
    assert report["components"]["largest"] == len(max(nx.connected_components(U), key=len))
    assert 0 < report["communities"]["modularity"] <= 1
    members = [c["size"] for c in report["communities"]["largest"]]
    assert members == sorted(members, reverse=True)
    # 光伏扶贫 runs in 唐家村, 卡子村 and 大川镇 (article 004)
    reach = {r["label"]: r["regions"] for r in analysis._reach(G, "implements", 100)}
    assert reach["光伏扶贫"] >= 3
    assert json.loads(json.dumps(report, ensure_ascii=False)) == report  # JSON-ready


def test_analyze_command_writes_report_charts_and_gephi_files(corpus, tmp_path: Path, capsys):
    path, _ = corpus
    out = tmp_path / "analysis"
    assert main(["analyze", str(path), "-o", str(out), "--top", "3"]) == 0
    printed = capsys.readouterr().out
    assert "## Most central: Official" in printed and "## Most central: Region" in printed
    names = {p.name for p in out.iterdir()}
    assert names >= {"report.md", "report.json", "graph.graphml", "graph.gexf"}
    assert {"programmes_by_regions.png", "statistics_by_region.png"} <= names
    for chart in ("programmes_by_regions.png", "statistics_by_region.png"):
        png = (out / chart).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "![Programmes by number of regions](programmes_by_regions.png)" in md
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["charts"] == ["programmes_by_regions.png", "statistics_by_region.png"]
    assert main(["analyze", str(path), "--json", "--top", "2"]) == 0
    assert len(json.loads(capsys.readouterr().out)["central"]["Program"]) == 2


def test_svg_charts(corpus, tmp_path: Path) -> None:
    path, _ = corpus
    assert main(["analyze", str(path), "-o", str(tmp_path), "--chart-format", "svg"]) == 0
    svg = (tmp_path / "programmes_by_regions.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "光伏扶贫" in svg  # text kept as text


def test_chart_font_is_found() -> None:
    from kg.analysis.charts import cjk_font

    if not list(Path("/usr/share/fonts").glob("**/NotoSansCJK*")):
        pytest.skip("fonts-noto-cjk is not installed")
    assert cjk_font() is not None


# ---------------------------------------------------------------- paths


def test_path_from_an_official_to_a_programme(corpus) -> None:
    _, graph = corpus
    G = network.to_networkx(graph)
    steps = paths.shortest_path(G, "周庆荣", "光伏扶贫")
    ids = {G.nodes[v]["label"]: v for v in G}
    expected = nx.shortest_path_length(nx.Graph(G.to_undirected()), ids["周庆荣"], ids["光伏扶贫"])
    assert len(steps) == expected
    assert steps[0]["from"] == "周庆荣" and steps[-1]["to"] == "光伏扶贫"
    for a, b in zip(steps, steps[1:]):
        assert a["to"] == b["from"]  # a chain
    first = steps[0]["facts"][0]
    assert (first["subject"], first["relation"], first["object"]) == (
        "周庆荣",
        "servesIn",
        "茅箭区",
    )
    for step in steps:
        assert step["facts"]
        for fact in step["facts"]:
            assert {fact["subject"], fact["object"]} == {step["from"], step["to"]}
            assert fact["from_gazetteer"] or fact["evidence"]
            assert all(quote_is_in_article(ev) for ev in fact["evidence"])


def test_path_command_prints_facts_with_evidence(corpus, capsys) -> None:
    path, _ = corpus
    assert main(["path", str(path), "周庆荣", "光伏扶贫"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("周庆荣 → 光伏扶贫:")
    assert "1. 周庆荣 (Official) —servesIn→ 茅箭区 (County)" in out
    raw = (CORPUS / "000_09ec1a85e73abec8.txt").read_text(encoding="utf-8")
    quote = re.search(r"「(.+?)」 — 000_09ec1a85e73abec8\.txt \[(\d+)–(\d+)\]", out)
    assert quote and raw[int(quote.group(2)) : int(quote.group(3))] == quote.group(1)


def test_unknown_name_is_named_with_the_nearest_labels(corpus, capsys) -> None:
    path, graph = corpus
    with pytest.raises(KgError, match=r"no node is named '周庆'; nearest labels: 周庆荣"):
        paths.shortest_path(network.to_networkx(graph), "周庆", "光伏扶贫")
    assert main(["path", str(path), "光伏扶贫", "光伏扶"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'光伏扶'" in err and "光伏扶贫" in err
    assert "Traceback" not in err


def test_no_chain_exits_1(tmp_path: Path, capsys) -> None:
    g, _ = sample_graph()
    lonely = entity_iri("Organization", "某合作社")
    g.add((lonely, RDF.type, PA.Organization))
    g.add((lonely, RDFS.label, Literal("某合作社", lang="zh")))
    path = tmp_path / "g.ttl"
    g.serialize(path, format="turtle")
    assert main(["path", str(path), "张三", "某合作社"]) == 1
    assert "no chain of facts links 张三 and 某合作社" in capsys.readouterr().err


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("command", ["view", "analyze", "path"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("@prefix ex: <http://ex.org/> .\nex:a ex:b", "not a readable turtle graph"),
        ("", "the graph is empty"),
        ("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n", "holds no pa-kg entities"),
    ],
    ids=["broken", "empty", "foreign"],
)
def test_bad_graph_files(tmp_path: Path, capsys, command: str, content: str, message: str):
    path = tmp_path / "g.ttl"
    path.write_text(content, encoding="utf-8")
    args = {
        "view": ["view", str(path), "-o", str(tmp_path / "v.html")],
        "analyze": ["analyze", str(path)],
        "path": ["path", str(path), "a", "b"],
    }[command]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "v.html").exists()


def test_view_command(corpus, tmp_path: Path, capsys) -> None:
    path, graph = corpus
    out = tmp_path / "view.html"
    assert main(["view", str(path), "-o", str(out), "--limit", "50"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote {out}") and "the 50 most central" in printed
    text = out.read_text(encoding="utf-8")
    assert re.findall(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I) == []
    assert main(["view", str(path), "-o", str(out), "--limit", "0"]) == 2
