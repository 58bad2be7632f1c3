"""Small RDF graphs of the project's shape, shared by the tests of the view and the analysis.

The view's tests (tests/view/) and the analysis's (tests/analysis/) draw and count the same
graphs; the root conftest puts this folder on the import path of every test folder.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.vocab import PA, PROV, article_iri, entity_iri, node_iri

SCRIPT_LABEL = "<script>window.__pwned=1</script>"
IMG_LABEL = '<img src=x onerror="window.__pwned=2">'
EVIL_QUOTE = "茶叶</script><script>window.__pwned=3</script>产业"


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def add_entity(g: Graph, kind: str, key: str, label: str, *aliases: str) -> URIRef:
    iri = entity_iri(kind, key)
    g.add((iri, RDF.type, getattr(PA, kind)))
    g.add((iri, RDFS.label, zh(label)))
    for alias in aliases:
        g.add((iri, SKOS.altLabel, zh(alias)))
    g.add((iri, PA.mentionedIn, article_iri("000_x.txt")))
    return iri


def add_evidence(g: Graph, quote: str, start: int) -> URIRef:
    ev = node_iri("evidence", quote, str(start))
    g.add((ev, RDF.type, PA.Evidence))
    g.add((ev, PA.quote, zh(quote)))
    g.add((ev, PROV.wasDerivedFrom, article_iri("000_x.txt")))
    g.add((ev, PA.startChar, Literal(start)))
    g.add((ev, PA.endChar, Literal(start + len(quote))))
    return ev


def relate(g: Graph, s: URIRef, p: URIRef, o: URIRef, quote: str = "", start: int = 0) -> None:
    """The plain triple plus its reified statement, as graph/build.py writes them."""
    g.add((s, p, o))
    st = node_iri("statement", str(s), str(p), str(o))
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    if quote:
        g.add((st, PA.supportedBy, add_evidence(g, quote, start)))
    else:
        g.add((st, PA.fromGazetteer, Literal(True)))


def sample_graph() -> tuple[Graph, int]:
    """A small article's worth of graph, two labels of which try to run script."""
    g = Graph()
    art = article_iri("000_x.txt")
    g.add((art, RDF.type, PA.Article))
    g.add((art, RDFS.label, Literal("000_x.txt")))
    hubei = add_entity(g, "Province", "420000", "湖北省", "湖北")
    shiyan = add_entity(g, "City", "420300", "十堰市", "十堰")
    maojian = add_entity(g, "County", "420302", "茅箭区", "茅箭")
    town = add_entity(g, "Town", "420302-大川镇", "大川镇")
    village = add_entity(g, "Village", "420302-大川镇-唐家村", "唐家村")
    evil_village = add_entity(g, "Village", "evil-img", IMG_LABEL)
    official = add_entity(g, "Official", "张三", "张三")
    g.add((official, PA.position, zh("区委书记")))
    program = add_entity(g, "Program", "产业扶贫", "产业扶贫")
    tea = add_entity(g, "Industry", "茶叶", "茶叶")
    evil = add_entity(g, "Industry", "evil-script", SCRIPT_LABEL)
    relate(g, shiyan, PA.locatedIn, hubei)
    relate(g, maojian, PA.locatedIn, shiyan)
    relate(g, town, PA.locatedIn, maojian, "茅箭区大川镇唐家村地处山区。", 0)
    relate(g, village, PA.locatedIn, town)
    relate(g, evil_village, PA.locatedIn, town)
    relate(g, official, PA.servesIn, maojian, "茅箭区委书记张三到唐家村调研。", 20)
    relate(g, maojian, PA.implements, program, "茅箭区大力实施产业扶贫。", 40)
    relate(g, village, PA.develops, tea, "唐家村发展茶叶产业。", 60)
    relate(g, village, PA.develops, evil, EVIL_QUOTE, 80)
    stat = node_iri("statistic", "贫困人口", "7129")
    g.add((stat, RDF.type, PA.Statistic))
    g.add((stat, PA.aboutRegion, maojian))
    g.add((stat, PA.indicator, zh("贫困人口")))
    g.add((stat, PA.value, Literal(7129.0)))
    g.add((stat, PA.unit, zh("人")))
    g.add((stat, PA.year, Literal("2019", datatype=XSD.gYear)))
    g.add((stat, PA.supportedBy, add_evidence(g, "2019年全区贫困人口7129人。", 100)))
    return g, 11


def synthetic(n: int) -> Graph:
    """The bench's synthetic graph of ``n`` nodes (regions, officials, programmes, statistics)."""
    root = Path(__file__).resolve().parents[1]  # tests/ -> the repository
    spec = importlib.util.spec_from_file_location("view_bench", root / "bench" / "view_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_graph(n)
