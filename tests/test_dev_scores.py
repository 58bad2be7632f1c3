"""Regression guard: the scorer of ../shared/eval on a fresh build against the development gold.

../shared exists on the development machines only; elsewhere this test skips.  The floors sit a
little under the figures in the README on the eleven articles of the development gold (the five
seeds and six articles from other provinces) so that a change which costs real quality fails
here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

#: ../shared beside the repository (development machines only)
SHARED = Path(__file__).resolve().parents[2] / "shared"

ENTITY_F1 = 0.965
RELATION_F1 = 0.945
STATISTIC_RECALL = 0.92
#: issue 11's targets on the development gold: regions below the county and their parents
REGION_F1 = {"Town": 0.93, "Village": 0.93}
LOCATED_IN_F1 = 0.95
#: issue 12's targets: the open-ended names and the relations hung on them
TERM_F1 = {"Organization": 0.90, "Program": 0.90, "Industry": 0.90}
TERM_RELATION_F1 = {"develops": 0.85, "implements": 0.85}


@pytest.fixture(scope="module")
def report(request) -> dict:
    scorer_path = SHARED / "eval" / "score.py"
    gold = SHARED / "gold" / "dev"
    if not scorer_path.is_file() or not gold.is_dir():
        pytest.skip(f"no scorer and development gold under {SHARED} (only on development machines)")
    spec = importlib.util.spec_from_file_location("pa_kg_score", scorer_path)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    out_dir, _ = request.getfixturevalue("corpus_build")  # built only when the gold is here
    graph = scorer.load_graph(out_dir / "graph.ttl")  # read as the scorer reads it
    return scorer.score(graph, gold)


def test_all_dev_articles_are_scored(report) -> None:
    assert report["articles"] == 11


def test_entity_f1(report) -> None:
    assert report["entities"]["ALL"]["f1"] >= ENTITY_F1, report["entities"]


def test_relation_f1(report) -> None:
    assert report["relations"]["ALL"]["f1"] >= RELATION_F1, report["relations"]


def test_statistic_recall(report) -> None:
    assert report["statistics"]["recall"] >= STATISTIC_RECALL, report["statistics"]


def test_positions_of_officials(report) -> None:
    positions = report["positions"]
    assert positions["checked"] > 0 and positions["correct"] == positions["checked"], positions


@pytest.mark.parametrize("level", sorted(REGION_F1))
def test_towns_and_villages(report, level) -> None:
    assert report["entities"][level]["f1"] >= REGION_F1[level], report["entities"][level]


def test_located_in(report) -> None:
    assert report["relations"]["locatedIn"]["f1"] >= LOCATED_IN_F1, report["relations"]


@pytest.mark.parametrize("kind", sorted(TERM_F1))
def test_organisations_programmes_industries(report, kind) -> None:
    assert report["entities"][kind]["f1"] >= TERM_F1[kind], report["entities"][kind]


@pytest.mark.parametrize("relation", sorted(TERM_RELATION_F1))
def test_develops_and_implements(report, relation) -> None:
    assert report["relations"][relation]["f1"] >= TERM_RELATION_F1[relation], report["relations"]
