"""Shared fixtures: the corpus built once per session, stage runners, bad inputs.

Expected values in the tests come from reading the article text (corpus/, tests/fixtures/)
or from CONTRACT.md / GUIDELINES.md, never from the program's output.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
import rdflib

from kg.extract.pipeline import STAGES
from kg.model import Doc
from kg.resources.division_codes import ENV as CODES_ENV
from kg.resources.division_codes import codes_dir

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

# Without npm's town and village codes (no `npm ci` here), builds are made explicitly
# without them, as a user would choose, so that they warn of nothing the tests did not
# ask for; the tests of the codes themselves skip or set their own.
if codes_dir() is None:
    os.environ.setdefault(CODES_ENV, "off")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"

PREFIXES = """\
PREFIX pa: <https://w3id.org/pa-kg/ontology#>
PREFIX par: <https://w3id.org/pa-kg/resource/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

#: a short, clean article (about 大川镇, 茅箭区) used wherever a build needs one good file
GOOD_ARTICLE = (
    "大川镇脱贫攻坚工作综述\n\n"
    "大川镇位于茅箭区南部。全镇建档立卡贫困人口465户1593人。\n\n"
    "茅箭区大川镇唐家村发展猕猴桃产业，带动贫困户增收。\n"
)


def run_until(text: str, last: str, article_id: str = "article.txt") -> Doc:
    """Run the pipeline on ``text`` up to and including the stage named ``last``."""
    names = [name for name, _, _ in STAGES]
    assert last in names, f"no stage {last!r} in {names}"
    doc = Doc(article_id=article_id, raw=text)
    for name, stage, _ in STAGES:
        doc = stage(doc)
        if name == last:
            break
    return doc


def label(doc: Doc, ref: tuple[str, str] | None) -> str:
    """The label of an entity reference of ``doc`` (``""`` for None)."""
    return doc.entities[ref].label if ref is not None else ""


def facts(doc: Doc, relation: str) -> set[tuple[str, str]]:
    """``(head label, tail label)`` of the facts of one relation."""
    return {(label(doc, f.head), label(doc, f.tail)) for f in doc.facts if f.relation == relation}


def entities(doc: Doc, kind: str) -> set[str]:
    return {e.label for e in doc.entities.values() if e.kind == kind}


def select(graph: rdflib.Graph, query: str) -> list[tuple]:
    """Rows of a SELECT query (the project prefixes need no declaration), as Python values."""
    rows = []
    for row in graph.query(PREFIXES + query):
        rows.append(tuple(None if v is None else v.toPython() for v in row))
    return rows


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> tuple[Path, rdflib.Graph]:
    """``kg.build.build`` over corpus/, once per session: (out_dir, parsed graph.ttl)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("corpus-build")
    build([CORPUS], out, html=False)
    graph = rdflib.Graph()
    graph.parse(out / "graph.ttl", format="turtle")
    return out, graph


@pytest.fixture(scope="session")
def corpus_ttl(corpus_build) -> Path:
    """The corpus graph file of :func:`corpus_build` (for tests that load it their way)."""
    return corpus_build[0] / "graph.ttl"


@pytest.fixture(scope="session")
def corpus_graph(corpus_build) -> rdflib.Graph:
    """The corpus graph of :func:`corpus_build`, parsed by rdflib (do not modify it)."""
    return corpus_build[1]


@pytest.fixture
def good_article(tmp_path: Path) -> Path:
    path = tmp_path / "good" / "dachuan.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD_ARTICLE, encoding="utf-8")
    return path


#: bad inputs, each a file name and a function writing it; generated, so no binary is checked in
BAD_INPUTS: dict[str, Callable[[Path], None]] = {
    "binary.txt": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
    "empty.txt": lambda p: p.write_bytes(b""),
    "blank.txt": lambda p: p.write_text(" \n\n\t\n", encoding="utf-8"),
    "damaged.txt": lambda p: p.write_bytes(
        GOOD_ARTICLE.encode("utf-8")[:40] + b"\xff" + GOOD_ARTICLE.encode("utf-8")[40:]
    ),
    "latin1.txt": lambda p: p.write_bytes(
        "Caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la carte".encode("latin-1")
    ),
    "no_entities.txt": lambda p: p.write_text(
        "今天天气很好，我们一起去公园散步，心情愉快。\n", encoding="utf-8"
    ),
}


@pytest.fixture
def bad_file(tmp_path: Path) -> Callable[[str], Path]:
    """``bad_file(name)`` writes one of :data:`BAD_INPUTS` into its own folder."""

    def make(name: str) -> Path:
        folder = tmp_path / "bad"
        folder.mkdir(exist_ok=True)
        path = folder / name
        BAD_INPUTS[name](path)
        return path

    return make


def norm(value: str) -> str:
    """Numbers compared as numbers (Oxigraph writes 7129 where a file says 7129.0)."""
    if re.fullmatch(r"-?\d+(\.\d+)?", value):
        try:
            return str(Decimal(value).normalize())
        except InvalidOperation:
            return value
    return value


def free_port() -> int:
    """A free TCP port on loopback for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    """End a process a test started: terminate it, and kill it if it lingers."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@contextmanager
def kg_serve(graph: Path, *options: str) -> Iterator[str]:
    """``kg serve GRAPH OPTIONS…`` in its own process on a free loopback port; its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "kg", "serve", str(graph), "--port", str(port), *options]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, base + "/", 60, "kg serve")
        yield base
    finally:
        stop(proc)


#: Debian's chromium, which the browser tests drive through playwright
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
#: the entity classes of spec/CONTRACT.md, written out here as the tests' own oracle (the
#: code derives its list from kg.vocab.CLASSES; a class lost there must fail a test)
CONTRACT_CLASSES = ("Official", "Province", "City", "County", "Town", "Village", "Program",
                    "Industry", "Organization")


@contextmanager
def headless_chromium(timeout_ms: int = 30_000) -> Iterator:
    """A headless Chromium browser for a test (skipped without playwright), closed after."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                     timeout=timeout_ms)
        try:
            yield browser
        finally:
            browser.close()


def wait_until_up(proc: subprocess.Popen, url: str, seconds: float, name: str) -> None:
    """Poll ``url`` until it answers 200; fail, with the server's output, if it exits or stalls."""
    import requests

    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            out = proc.stdout or proc.stderr
            pytest.fail(f"{name} exited: {out.read().decode()[:300] if out else ''}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{name} did not answer within {seconds:.0f} s")
        time.sleep(0.1)
