"""The package's parts depend on each other one way, read from the import statements.

The extraction worker never loads the view, the analysis never loads the view (the view
sizes its nodes by the analysis's centrality: that is the one direction), and the records
both read import neither.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def modules(part: str) -> list[Path]:
    target = KG / part
    found = sorted(target.rglob("*.py")) if target.is_dir() else [target]
    assert found and all(p.is_file() for p in found), f"kg/{part} is gone: name its new place"
    return found


@pytest.mark.parametrize("part, forbidden", [
    ("build/runners.py", ("kg.view", "kg.analysis")),
    ("build/cache.py", ("kg.view", "kg.analysis")),
    ("extract", ("kg.view", "kg.analysis", "kg.export", "kg.build")),
    ("resources", ("kg.view", "kg.analysis", "kg.export", "kg.build", "kg.extract")),
    ("analysis", ("kg.view",)),
    ("graph", ("kg.view", "kg.analysis")),
])
def test_a_part_never_imports_what_depends_on_it(part: str, forbidden: tuple[str, ...]) -> None:
    for path in modules(part):
        bad = {m for m in imported(path) if m.startswith(forbidden)}
        assert not bad, f"{path.relative_to(KG)} imports {sorted(bad)}"


def test_no_module_spells_the_class_list_but_the_vocabulary() -> None:
    """A tuple, list or set naming three or more classes outside kg/vocab.py is a second class
    list.  (A rule table keyed by a few levels, such as the gazetteer's level suffixes, is a
    table of words, not of classes.)"""
    from kg.vocab import class_table

    names = set(class_table().names)
    for path in sorted(KG.rglob("*.py")):
        if path.name == "vocab.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                spelt = {i.value for i in node.elts if isinstance(i, ast.Constant)} & names
                assert len(spelt) < 3, f"{path.relative_to(KG)}:{node.lineno} lists {spelt}"
