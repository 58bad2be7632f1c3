"""The W3C SPARQL 1.1 Protocol query tests, run against a real ``kg serve``.

``tests/sparql/w3c_protocol/`` holds the manifest and data of the W3C test suite
(``sparql/sparql11/protocol``).  Its query tests need an endpoint whose dataset
holds the data files as named graphs called by the IRIs the manifest gives them;
they are written into one N-Quads file, which ``kg serve`` serves.  Each
request is sent as the manifest spells it (method, path, headers, body bytes in
the stated encoding) with :mod:`http.client`, so that no client library adds or
mends anything; the answer must have the expected status class, and the
expected format (boolean, tabular, RDF) and boolean where the test names them.
The update tests do not apply: the endpoint is read-only.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import kg_serve
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

pytest.importorskip("requests", reason="wait_until_up needs requests (the [push] extra)")
pytest.importorskip("flask", reason="kg serve needs the [serve] extra (flask, waitress)")
pytest.importorskip("waitress", reason="kg serve needs the [serve] extra (flask, waitress)")

ROOT = Path(__file__).resolve().parents[2]
SUITE = Path(__file__).resolve().parent / "w3c_protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SRX = "{http://www.w3.org/2005/sparql-results#}"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def manifest() -> Graph:
    return Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=SUITE.as_uri() + "/")


def query_tests() -> list[URIRef]:
    """The manifest's entries, in its order, less the update tests."""
    graph = manifest()
    root = graph.value(None, RDF.type, MF.Manifest)
    entries = Collection(graph, graph.value(root, MF.entries))
    return [e for e in entries if "update" not in str(e).rsplit("#", 1)[1]]


def test_the_manifest_has_twenty_query_tests() -> None:
    assert len(query_tests()) == 20


@pytest.fixture(scope="module")
def suite_server(tmp_path_factory):
    """``kg serve`` on an N-Quads file holding each data file as the graph the manifest
    names for it (every test names the same three)."""
    graph = manifest()
    quads = []
    for data in graph.objects(None, UT.graphData):
        name = str(graph.value(data, RDFS.label))
        source = Path(str(graph.value(data, UT.graph)).removeprefix("file://"))
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.strip():
                quads.append(line.rstrip().removesuffix(".").rstrip() + f" <{name}> .")
    assert len(set(quads)) == 3
    path = tmp_path_factory.mktemp("w3c") / "protocol.nq"
    path.write_text("\n".join(sorted(set(quads))) + "\n", encoding="utf-8")
    with kg_serve(path, "--workers", "1") as base:
        yield int(base.rsplit(":", 1)[1])


def send(port: int, graph: Graph, request) -> http.client.HTTPResponse:
    """One ``ht:Request`` of the manifest, sent as it is written."""
    method = str(graph.value(request, HT.methodName))
    path = str(graph.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {}
    listed = graph.value(request, HT.headers)
    for header in Collection(graph, listed) if listed is not None else []:
        headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = None
    content = graph.value(request, HT.body)
    if content is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers)
    return connection.getresponse()


def boolean_of(content_type: str, body: bytes) -> bool:
    if content_type == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    assert content_type == "application/sparql-results+xml", content_type
    return ET.fromstring(body).find(f"{SRX}boolean").text.strip() == "true"


def check_tabular(content_type: str, body: bytes) -> None:
    if content_type == "application/sparql-results+json":
        data = json.loads(body)
        assert "vars" in data["head"] and isinstance(data["results"]["bindings"], list)
    elif content_type == "application/sparql-results+xml":
        assert ET.fromstring(body).find(f"{SRX}results") is not None
    else:
        assert content_type in ("text/csv", "text/tab-separated-values"), content_type
        delimiter = "," if content_type == "text/csv" else "\t"
        rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
        # a header of variables (TSV writes them ?x), and every row as wide as it
        assert rows and all(v.lstrip("?").isidentifier() for v in rows[0]), rows[:1]
        assert all(len(row) == len(rows[0]) for row in rows), rows[:3]


@pytest.mark.parametrize("test", query_tests(), ids=lambda t: str(t).rsplit("#", 1)[1])
def test_w3c_protocol_query_test(suite_server: int, test: URIRef) -> None:
    graph = manifest()
    action = graph.value(test, MF.action)
    for request in Collection(graph, graph.value(action, HT.requests)):
        response = send(suite_server, graph, request)
        body = response.read()
        expected = graph.value(request, HT.resp)
        statuses = graph.objects(expected, MF.expectedStatus)
        classes = {str(c).rsplit("StatusCode", 1)[1] for c in statuses}
        got = f"{response.status // 100}xx"
        assert got in classes, f"{response.status} {body[:200]!r}; expected {sorted(classes)}"
        content_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
        form = graph.value(expected, MF.expectedFormat)
        if form is not None and str(form) == "boolean":
            answer = boolean_of(content_type, body)
            wanted = graph.value(expected, MF.expectedBoolean)
            if wanted is not None:
                assert answer is wanted.toPython()
        elif form is not None and str(form) == "tabular":
            check_tabular(content_type, body)
        elif form is not None and str(form) == "RDF":
            assert content_type in RDF_TYPES, content_type
            Graph().parse(data=body, format=RDF_TYPES[content_type])
