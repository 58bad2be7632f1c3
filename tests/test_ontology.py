"""The ontology, the SHACL shapes and the SKOS lexicons stay consistent.

``kg/vocab.py`` and ``ontology/pa.ttl`` describe the same vocabulary twice, so
a test keeps them in step; the shapes are exercised on tiny graphs so that a
shape which silently accepts everything (or rejects good data) is caught; the
lexicons are checked for the properties the extractor relies on (one
prefLabel, unique labels, a broader chain that ends at a top concept).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg import vocab
from kg.errors import KgError
from kg.graph.shacl import ontology_dir, validate
from kg.vocab import PA, PA_IRI, PAR, PROV, entity_iri, mint_entity

ONTOLOGY = ontology_dir() / "pa.ttl"
SHAPES = ontology_dir() / "shapes.ttl"
LEXICONS = ontology_dir() / "lexicons"
TERM_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
SCHEME_IRI = "https://w3id.org/pa-kg/resource/scheme/"
CONCEPT_NS = {
    "industries": "https://w3id.org/pa-kg/resource/industry/",
    "programs": "https://w3id.org/pa-kg/resource/program/",
}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def vocab_terms() -> set[URIRef]:
    return {PA[name] for name in PA.__annotations__}


# --------------------------------------------------------------------------
# (a) kg.vocab.PA <-> ontology/pa.ttl


def test_the_plain_iri_face_names_the_same_terms_as_the_rdflib_face() -> None:
    plain = {getattr(vocab.PA_NS, name) for name in vocab.pa_terms()}
    assert plain == {str(t) for t in vocab_terms()}
    assert str(PAR) == vocab.PAR_IRI and str(PROV) == vocab.PROV_IRI
    assert mint_entity("County", "420302") == str(entity_iri("County", "420302"))
    assert mint_entity("Organization", "a b#c") == str(PAR["organization/a%20b%23c"])


def test_the_class_table_is_the_ontology_s_classes(ontology: rdflib.Graph) -> None:
    """Each row of kg.vocab.CLASSES is an owl:Class of pa.ttl with the row's English label,
    the target of a SHACL shape, and its lexicon file exists."""
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    targets = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    for row in vocab.CLASSES:
        iri = PA[row.name]
        assert (iri, RDF.type, OWL.Class) in ontology, row.name
        assert Literal(row.label, lang="en") in set(ontology.objects(iri, RDFS.label)), row.name
        assert iri in targets or row.name == "Region", row.name  # Region: never alone
        assert not row.lexicon or (LEXICONS / row.lexicon).is_file(), row.lexicon
    assert vocab.class_table().levels == ("Province", "City", "County", "Town", "Village")


def test_both_faces_refuse_a_misspelt_term() -> None:
    for space, typo in [(vocab.PA_NS, "Oficial"), (PA, "Oficial"), (vocab.XSD_NS, "integr")]:
        with pytest.raises(AttributeError):
            getattr(space, typo)


@pytest.mark.parametrize("ours, theirs", [
    ("RDF_NS", RDF), ("RDFS_NS", RDFS), ("XSD_NS", XSD), ("SKOS_NS", SKOS), ("OWL_NS", OWL),
    ("DCTERMS_NS", rdflib.namespace.DCTERMS), ("PROV_NS", rdflib.namespace.PROV),
])
def test_standard_namespaces_are_spelt_as_rdflib_spells_them(ours, theirs) -> None:
    space = getattr(vocab, ours)
    assert str(space) == str(theirs._NS if hasattr(theirs, "_NS") else theirs)
    for term in space._terms:
        assert getattr(space, term) == str(theirs[term])


def test_ontology_header(ontology: rdflib.Graph) -> None:
    headers = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert headers == [URIRef("https://w3id.org/pa-kg/ontology")]
    assert ontology.value(headers[0], OWL.versionInfo) is not None


@pytest.mark.parametrize("name", sorted(PA.__annotations__))
def test_every_vocab_term_is_declared(ontology: rdflib.Graph, name: str) -> None:
    term = PA[name]
    types = set(ontology.objects(term, RDF.type)) & TERM_TYPES
    assert len(types) == 1, (
        f"pa:{name} needs exactly one of owl:Class/ObjectProperty/DatatypeProperty"
    )
    langs = {label.language for label in ontology.objects(term, RDFS.label)}
    assert {"zh", "en"} <= langs, f"pa:{name} needs rdfs:label @zh and @en"
    comments = [c for c in ontology.objects(term, RDFS.comment) if c.language == "en"]
    assert comments, f"pa:{name} needs an rdfs:comment @en"


def test_no_undeclared_terms_in_ontology(ontology: rdflib.Graph) -> None:
    declared = {
        s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(PA_IRI)
    }
    used = {o for o in ontology.objects() if isinstance(o, URIRef) and str(o).startswith(PA_IRI)}
    assert declared == vocab_terms(), f"drift: {sorted(declared ^ vocab_terms())}"
    assert used <= vocab_terms(), f"pa.ttl refers to unknown terms {sorted(used - vocab_terms())}"


def test_class_hierarchy(ontology: rdflib.Graph) -> None:
    for level in (PA.Province, PA.City, PA.County, PA.Town, PA.Village):
        assert (level, RDFS.subClassOf, PA.Region) in ontology
    assert (PA.Evidence, RDFS.subClassOf, PROV.Entity) in ontology


def test_property_kinds_domains_and_ranges(ontology: rdflib.Graph) -> None:
    objects = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert {
        PA.servesIn,
        PA.locatedIn,
        PA.implements,
        PA.develops,
        PA.aboutRegion,
        PA.mentionedIn,
        PA.supportedBy,
    } <= objects
    assert ontology.value(PA.locatedIn, RDFS.domain) == PA.Region
    assert ontology.value(PA.locatedIn, RDFS.range) == PA.Region
    assert ontology.value(PA.supportedBy, RDFS.range) == PA.Evidence
    ranges = {
        PA.value: XSD.decimal,
        PA.year: XSD.gYear,
        PA.startChar: XSD.integer,
        PA.endChar: XSD.integer,
        PA.adcode: XSD.string,
        PA.contentHash: XSD.string,
        PA.fromGazetteer: XSD.boolean,
        PA.quote: RDF.langString,
        PA.position: RDF.langString,
        PA.indicator: RDF.langString,
        PA.unit: RDF.langString,
    }
    for prop, datatype in ranges.items():
        assert (prop, RDF.type, OWL.DatatypeProperty) in ontology, prop
        assert ontology.value(prop, RDFS.range) == datatype, prop


# --------------------------------------------------------------------------
# (b) SHACL shapes


def test_shapes_are_valid_shacl() -> None:
    import pyshacl

    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


ARTICLE = PAR["article/000_test.txt"]
CITY = PAR["region/420300"]
COUNTY = PAR["region/420302"]
OFFICIAL = PAR["official/周庆荣"]
PROGRAM = PAR["program/易地扶贫搬迁"]
EVIDENCE = PAR["evidence/e1"]
STATISTIC = PAR["statistic/s1"]
SERVES = PAR["statement/serves"]
LOCATED = PAR["statement/located"]


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def good_graph() -> rdflib.Graph:
    """A small graph that follows every shape: one of each kind of node."""
    g = rdflib.Graph()
    g.add((ARTICLE, RDF.type, PA.Article))
    g.add((ARTICLE, PA.contentHash, Literal("ab" * 32)))
    # a gazetteer city (adcode, no mentionedIn) and a county named in the text
    g.add((CITY, RDF.type, PA.City))
    g.add((CITY, RDFS.label, zh("十堰市")))
    g.add((CITY, PA.adcode, Literal("420300")))
    g.add((COUNTY, RDF.type, PA.County))
    g.add((COUNTY, RDFS.label, zh("茅箭区")))
    g.add((COUNTY, PA.mentionedIn, ARTICLE))
    g.add((COUNTY, PA.locatedIn, CITY))
    g.add((OFFICIAL, RDF.type, PA.Official))
    g.add((OFFICIAL, RDFS.label, zh("周庆荣")))
    g.add((OFFICIAL, PA.position, zh("区委书记")))
    g.add((OFFICIAL, PA.servesIn, COUNTY))
    g.add((OFFICIAL, PA.mentionedIn, ARTICLE))
    g.add((PROGRAM, RDF.type, PA.Program))
    g.add((PROGRAM, RDFS.label, zh("易地扶贫搬迁")))
    g.add((PROGRAM, PA.mentionedIn, ARTICLE))
    g.add((COUNTY, PA.implements, PROGRAM))
    g.add((EVIDENCE, RDF.type, PA.Evidence))
    g.add((EVIDENCE, PA.quote, zh("茅箭区委书记周庆荣说。")))
    g.add((EVIDENCE, PROV.wasDerivedFrom, ARTICLE))
    g.add((EVIDENCE, PA.startChar, Literal(10)))
    g.add((EVIDENCE, PA.endChar, Literal(21)))
    for node, pred, subj, obj in (
        (SERVES, PA.servesIn, OFFICIAL, COUNTY),
        (LOCATED, PA.locatedIn, COUNTY, CITY),
    ):
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, subj))
        g.add((node, RDF.predicate, pred))
        g.add((node, RDF.object, obj))
    g.add((SERVES, PA.supportedBy, EVIDENCE))
    g.add((LOCATED, PA.fromGazetteer, Literal(True)))
    g.add((STATISTIC, RDF.type, PA.Statistic))
    g.add((STATISTIC, PA.value, Literal(Decimal(7129))))
    g.add((STATISTIC, PA.unit, zh("人")))
    g.add((STATISTIC, PA.indicator, zh("贫困人口")))
    g.add((STATISTIC, PA.aboutRegion, COUNTY))
    g.add((STATISTIC, PA.supportedBy, EVIDENCE))
    g.add((STATISTIC, PA.year, Literal("2019", datatype=XSD.gYear)))
    g.add((STATISTIC, PA.surface, Literal("7129")))
    g.add((STATISTIC, PA.mentionedIn, ARTICLE))
    return g


def test_good_graph_conforms() -> None:
    conforms, report = validate(good_graph())
    assert conforms, report


def test_explicit_shapes_path() -> None:
    conforms, report = validate(good_graph(), SHAPES)
    assert conforms, report


def test_missing_shapes_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="cannot load SHACL shapes"):
        validate(good_graph(), tmp_path / "missing.ttl")


def test_statistic_without_value_fails() -> None:
    g = good_graph()
    g.remove((STATISTIC, PA.value, None))
    conforms, report = validate(g)
    assert not conforms
    assert "pa:Statistic needs exactly one pa:value" in report
    assert str(STATISTIC) in report


def test_statistic_value_must_be_decimal() -> None:
    g = good_graph()
    g.set((STATISTIC, PA.value, Literal(7129.0)))  # xsd:double
    conforms, report = validate(g)
    assert not conforms
    assert "DatatypeConstraintComponent" in report


def test_statement_without_evidence_fails() -> None:
    g = good_graph()
    g.remove((SERVES, PA.supportedBy, None))
    conforms, report = validate(g)
    assert not conforms
    assert "OrConstraintComponent" in report
    assert "needs pa:supportedBy" in report
    assert str(SERVES) in report


def test_gazetteer_flag_only_excuses_locatedin() -> None:
    g = good_graph()
    g.remove((SERVES, PA.supportedBy, None))
    g.add((SERVES, PA.fromGazetteer, Literal(True)))
    conforms, report = validate(g)
    assert not conforms
    assert str(SERVES) in report


def test_statement_of_other_predicate_needs_no_evidence() -> None:
    g = good_graph()
    other = BNode()
    g.add((other, RDF.type, RDF.Statement))
    g.add((other, RDF.subject, COUNTY))
    g.add((other, RDF.predicate, RDFS.seeAlso))
    g.add((other, RDF.object, CITY))
    conforms, report = validate(g)
    assert conforms, report


def test_servesin_must_point_to_a_region() -> None:
    g = good_graph()
    g.add((OFFICIAL, PA.servesIn, PROGRAM))
    conforms, report = validate(g)
    assert not conforms
    assert "pa:servesIn must point to a region" in report


def test_region_needs_mention_or_adcode() -> None:
    g = good_graph()
    g.remove((CITY, PA.adcode, None))
    conforms, report = validate(g)
    assert not conforms
    assert "a region needs pa:mentionedIn" in report


def test_entity_needs_a_chinese_label_and_a_mention() -> None:
    g = good_graph()
    g.remove((PROGRAM, RDFS.label, None))
    g.add((PROGRAM, RDFS.label, Literal("relocation", lang="en")))
    g.remove((PROGRAM, PA.mentionedIn, None))
    conforms, report = validate(g)
    assert not conforms
    assert "rdfs:label tagged @zh" in report
    assert "needs at least one pa:mentionedIn" in report


def test_evidence_offsets_are_ordered() -> None:
    g = good_graph()
    g.set((EVIDENCE, PA.endChar, Literal(5)))
    conforms, report = validate(g)
    assert not conforms
    assert "LessThanConstraintComponent" in report


# --------------------------------------------------------------------------
# (c) SKOS lexicons


@pytest.fixture(scope="module", params=sorted(CONCEPT_NS))
def lexicon(request: pytest.FixtureRequest) -> tuple[str, rdflib.Graph]:
    name: str = request.param
    return name, rdflib.Graph().parse(LEXICONS / f"{name}.ttl", format="turtle")


def concepts(g: rdflib.Graph) -> set[URIRef]:
    return {c for c in g.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef)}


def zh_labels(g: rdflib.Graph, concept: URIRef, prop: URIRef) -> list[str]:
    return [str(x) for x in g.objects(concept, prop) if getattr(x, "language", None) == "zh"]


def test_lexicon_scheme(lexicon: tuple[str, rdflib.Graph]) -> None:
    name, g = lexicon
    scheme = URIRef(SCHEME_IRI + name)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert {lit.language for lit in g.objects(scheme, SKOS.prefLabel)} >= {"zh", "en"}
    for concept in concepts(g):
        assert (concept, SKOS.inScheme, scheme) in g, concept


def test_lexicon_prefLabels(lexicon: tuple[str, rdflib.Graph]) -> None:
    name, g = lexicon
    for concept in concepts(g):
        labels = zh_labels(g, concept, SKOS.prefLabel)
        assert len(labels) == 1, f"{concept}: {labels}"
        assert str(concept) == CONCEPT_NS[name] + labels[0], "the IRI ends with the prefLabel"


def test_lexicon_labels_unique(lexicon: tuple[str, rdflib.Graph]) -> None:
    _, g = lexicon
    owner: dict[str, URIRef] = {}
    for concept in concepts(g):
        for label in zh_labels(g, concept, SKOS.prefLabel) + zh_labels(g, concept, SKOS.altLabel):
            assert label == label.strip() and label, f"{concept}: bad label {label!r}"
            assert owner.setdefault(label, concept) == concept, (
                f"{label} labels both {owner[label]} and {concept}"
            )


def test_lexicon_hierarchy_ends_at_top_concepts(lexicon: tuple[str, rdflib.Graph]) -> None:
    name, g = lexicon
    scheme = URIRef(SCHEME_IRI + name)
    tops = set(g.subjects(SKOS.topConceptOf, scheme))
    assert tops == set(g.objects(scheme, SKOS.hasTopConcept))
    all_concepts = concepts(g)
    for top in tops:
        assert not list(g.objects(top, SKOS.broader)), f"top concept {top} has a broader"
    for concept in all_concepts:
        seen = [concept]
        current = concept
        while current not in tops:
            parents = list(g.objects(current, SKOS.broader))
            assert len(parents) == 1, f"{current} needs one skos:broader (chain {seen})"
            current = parents[0]
            assert current in all_concepts, f"{current} is not a concept of {name}"
            assert current not in seen, f"cycle through {seen}"
            seen.append(current)


def test_lexicon_groupings_are_concepts(lexicon: tuple[str, rdflib.Graph]) -> None:
    name, g = lexicon
    collection = URIRef(f"{SCHEME_IRI}{name}-groupings")
    assert (collection, RDF.type, SKOS.Collection) in g
    members = set(g.objects(collection, SKOS.member))
    assert members and members <= concepts(g)


def test_lexicon_sizes() -> None:
    sizes = {
        name: len(concepts(rdflib.Graph().parse(LEXICONS / f"{name}.ttl", format="turtle")))
        for name in CONCEPT_NS
    }
    assert sizes["industries"] >= 400, sizes
    assert sizes["programs"] >= 100, sizes


def all_labels(path: Path) -> set[str]:
    g = rdflib.Graph().parse(path, format="turtle")
    return {
        str(label)
        for c in concepts(g)
        for prop in (SKOS.prefLabel, SKOS.altLabel)
        for label in zh_labels(g, c, prop)
    }


def not_programs() -> list[str]:
    lines = (LEXICONS / "not_programs.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_lexicons_do_not_overlap() -> None:
    industries = all_labels(LEXICONS / "industries.ttl")
    programs = all_labels(LEXICONS / "programs.ttl")
    assert not industries & programs
    excluded = set(not_programs())
    assert not excluded & programs, "a slogan cannot also be a programme"
    assert not excluded & industries


def test_not_programs_file() -> None:
    terms = not_programs()
    assert len(terms) == len(set(terms)), "duplicate entries"
    for required in ("两不愁三保障", "三率一度", "四个不摘", "脱贫攻坚", "精准扶贫", "乡村振兴"):
        assert required in terms


def test_every_lexicon_file_is_described_in_the_lexicons_readme() -> None:
    """A table nobody can look up is a table nobody can review: each file has its row."""
    readme = (LEXICONS / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in LEXICONS.iterdir() if p.is_file() and p.name != "README.md")
    assert files, "no lexicon files found"
    undocumented = [name for name in files if f"`{name}`" not in readme]
    assert not undocumented, f"ontology/lexicons/README.md lacks a row for {undocumented}"
