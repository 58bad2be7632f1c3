"""The corpus graph is its articles' fragments joined under one prefix block."""

from __future__ import annotations

import io

import pyoxigraph as ox

from kg.graph.write import assemble, fragment, header

PA = "https://w3id.org/pa-kg/ontology#"
PAR = "https://w3id.org/pa-kg/resource/"


def _triple(subject: str, label: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(PAR + subject),
                     ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                     ox.Literal(label, language="zh"))


def test_fragments_share_one_prefix_block_and_keep_every_triple(tmp_path) -> None:
    paths = []
    for name, label in (("a", "同心县"), ("b", "泾源县"), ("c", "@prefix 不是前缀")):
        path = tmp_path / f"{name}.ttl"
        path.write_bytes(fragment([_triple(f"region/{name}", label)]))
        assert path.read_bytes().startswith(b"@prefix")  # each is a whole document
        paths.append(path)
    (tmp_path / "empty.ttl").write_bytes(b"")
    out = io.BytesIO()
    assemble([*paths, tmp_path / "empty.ttl"], out)
    text = out.getvalue()
    assert text.startswith(header())
    assert text.count(b"@prefix pa:") == 1 and text.count(b"@prefix rdfs:") == 1
    parsed = set(ox.parse(text, format=ox.RdfFormat.TURTLE))
    assert {t.object.value for t in parsed} == {"同心县", "泾源县", "@prefix 不是前缀"}
