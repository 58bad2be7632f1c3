"""``kg export``: every standard format re-parses to the same graph; TriG keeps provenance.

Each export is parsed back with rdflib and compared with the built graph
(isomorphism), and with independent parsers: Debian's rapper (raptor2) for
Turtle, N-Triples, TriG, N-Quads and RDF/XML, and Oxigraph's for all six.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal
from rdflib.compare import isomorphic

from kg.cli import main
from kg.export.formats import BY_NAME, NAMES
from kg.sparql.store import write_store
from kg.vocab import PA, PROV, article_iri

ROOT = Path(__file__).resolve().parents[2]
RAPPER = shutil.which("rapper")
RAPPER_SYNTAX = {
    "ttl": "turtle",
    "nt": "ntriples",
    "trig": "trig",
    "nq": "nquads",
    "rdfxml": "rdfxml",
}
# rdflib's own TriG/N-Quads/JSON-LD parsers use its deprecated ConjunctiveGraph API
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

OX_FORMAT = {
    "ttl": "TURTLE",
    "nt": "N_TRIPLES",
    "trig": "TRIG",
    "nq": "N_QUADS",
    "jsonld": "JSON_LD",
    "rdfxml": "RDF_XML",
}


@pytest.fixture(scope="module")
def exports(corpus_ttl: Path, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt in NAMES:
        paths[fmt] = out / f"graph{BY_NAME[fmt].suffix}"
        assert main(["export", str(corpus_ttl), "--format", fmt, "-o", str(paths[fmt])]) == 0
    return paths


def default_of(ds: Dataset) -> Graph:
    """The default graph (``default_graph`` from rdflib 7.2 on)."""
    return ds.default_graph if hasattr(ds, "default_graph") else ds.default_context


def reparse(fmt: str, path: Path) -> Graph:
    """The export parsed by rdflib; for dataset formats, the union of all its graphs."""
    name, dataset = BY_NAME[fmt].rdflib, BY_NAME[fmt].dataset
    if not dataset:
        return Graph().parse(path, format=name)
    ds = Dataset()
    ds.parse(path, format=name)
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@pytest.mark.parametrize("fmt", NAMES)
def test_each_export_reparses_to_an_isomorphic_graph(
    fmt: str, exports: dict[str, Path], corpus_graph: Graph
) -> None:
    back = reparse(fmt, exports[fmt])
    assert len(back) == len(corpus_graph)
    assert isomorphic(back, corpus_graph)


@pytest.mark.parametrize("fmt", NAMES)
def test_oxigraph_parses_each_export_to_the_same_triples(
    fmt: str, exports: dict[str, Path], corpus_graph: Graph
) -> None:
    fmt_ox = getattr(pyoxigraph.RdfFormat, OX_FORMAT[fmt])
    triples = {q.triple for q in pyoxigraph.parse(path=str(exports[fmt]), format=fmt_ox)}
    assert len(triples) == len(corpus_graph)


@pytest.mark.skipif(RAPPER is None, reason="rapper (Debian raptor2-utils) is not installed")
@pytest.mark.parametrize("fmt", list(RAPPER_SYNTAX))
def test_rapper_parses_the_export(fmt: str, exports: dict[str, Path], corpus_graph: Graph) -> None:
    run = subprocess.run(
        [RAPPER, "-i", RAPPER_SYNTAX[fmt], "-c", str(exports[fmt])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert f"returned {len(corpus_graph)} triples" in run.stderr


def test_trig_has_one_named_graph_per_article(
    exports: dict[str, Path], corpus_graph: Graph
) -> None:
    ds = Dataset()
    ds.parse(exports["trig"], format="trig")
    articles = set(corpus_graph.subjects(RDF.type, PA.Article))
    named = {g.identifier for g in ds.graphs() if g.identifier != default_of(ds).identifier}
    assert named == articles and len(articles) == len(list((ROOT / "corpus").glob("*.txt")))
    for article in articles:
        graph = ds.graph(article)
        # every evidence sentence in an article's graph was taken from that article
        for _ev, source in graph.subject_objects(PROV.wasDerivedFrom):
            assert source == article
    # 004 says "大川镇位于茅箭区南部，辖大川村、唐家村…": that sentence, and the statement
    # that 唐家村 lies in 大川镇 which it supports, sit in 004's graph
    g004 = ds.graph(article_iri("004_cca4ab3c6bf294dc.txt"))
    quotes = [str(q) for q in g004.objects(None, PA.quote)]
    assert any("辖大川村、唐家村" in q for q in quotes)
    village = {s for s in corpus_graph.subjects(RDFS.label, Literal("唐家村", lang="zh"))}
    tangjia = {s for s, _, o in g004.triples((None, PA.locatedIn, None)) if s in village}
    assert tangjia
    # the default graph holds no article's evidence
    default = default_of(ds)
    assert not list(default.triples((None, PA.quote, None)))
    assert (None, RDF.type, PA.Statistic) not in default


def test_gazetteer_links_stay_in_the_default_graph(exports: dict[str, Path]) -> None:
    ds = Dataset()
    ds.parse(exports["trig"], format="trig")
    default = default_of(ds)
    gazetteer = list(ds.subjects(PA.fromGazetteer, Literal(True)))
    assert gazetteer, "the corpus has gazetteer locatedIn links"
    for statement in gazetteer:
        assert (statement, PA.fromGazetteer, Literal(True)) in default


def test_export_reads_a_store_and_writes_to_stdout(
    capfdbinary, corpus_graph: Graph, tmp_path: Path
) -> None:
    store = tmp_path / "graph.oxigraph"
    write_store(corpus_graph, store)
    assert main(["export", str(store), "--format", "nt"]) == 0
    out = capfdbinary.readouterr().out
    assert isomorphic(Graph().parse(data=out, format="nt"), corpus_graph)
    lines = out.decode("utf-8").splitlines()
    assert lines == sorted(lines)  # line formats come out sorted: exports diff cleanly


def test_an_unknown_format_is_refused(capsys, corpus_ttl: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["export", str(corpus_ttl), "--format", "n3"])
    assert stop.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_json_ld_has_a_context_of_the_project_prefixes(exports: dict[str, Path]) -> None:
    import json

    document = json.loads(exports["jsonld"].read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["pa"] == str(PA) and context["@language"] == "zh"
    nodes = document["@graph"]
    officials = [n for n in nodes if n.get("@type") == "pa:Official"]
    assert officials and all(n["@id"].startswith("par:") for n in officials)
    # 000: "茅箭区委书记周庆荣": a Chinese label is a plain string under "@language": "zh"
    assert any(n.get("rdfs:label") == "周庆荣" for n in officials)
    # no key is a full IRI of the project's vocabulary
    assert not [k for n in nodes for k in n if k.startswith(str(PA))]
