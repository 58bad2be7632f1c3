"""Make N realistic articles from the bundled ones (seeded, deterministic).

Each synthetic article recombines paragraphs of two bundled articles and
substitutes their names: the county, city and province become a county
drawn from the national division table (with its own city and province),
towns and villages get new names, industries are drawn from the lexicon,
officials get new names.  The graph therefore grows with N as a real corpus
would: new regions and officials per article, shared programmes and
industries.

    python bench/corpus_gen.py N OUT_DIR [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from functools import cache
from pathlib import Path

from kg.extract.pipeline import process_file
from kg.resources import read_words
from kg.resources.gazetteer import load_gazetteer
from kg.resources.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent
NAME_CHARS = (
    "安宝北长城大东丰福高光广桂海和红华黄吉金锦景康兰乐黎利莲林柳龙隆茂梅民明南宁平"
    "青清庆仁瑞三山上石双顺太泰天田通万文武西仙新兴阳杨永玉园云枣樟正中竹"
)


@cache
def sources() -> list[tuple[list[str], dict[str, tuple[str, str]]]]:
    """Paragraphs of each bundled article and the names it mentions."""
    out = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        doc = process_file(path)
        names: dict[str, tuple[str, str]] = {}
        for i, m in enumerate(doc.mentions):
            ref = doc.mention_entity.get(i)
            if ref is not None and len(m.surface) >= 2:
                names.setdefault(m.surface, (m.kind, ref[1]))
        # a paragraph is a line: the newer articles separate them by one newline, the scans by two
        paragraphs = [p for p in doc.raw.splitlines() if p.strip()]
        out.append((paragraphs, names))
    return out


def _new_name(rng: random.Random, suffix: str) -> str:
    return "".join(rng.choice(NAME_CHARS) for _ in range(2)) + suffix


def make_article(index: int, seed: int) -> str:
    rng = random.Random(seed * 1_000_003 + index)
    gaz = load_gazetteer()
    counties = sorted((d for d in gaz.by_code.values() if d.level == "County"),
                      key=lambda d: d.adcode)
    industries = sorted(k for k, t in load_lexicon().items() if t.kind == "Industry")
    surnames = read_words("surnames.txt")
    srcs = sources()
    first, second = rng.sample(range(len(srcs)), 2)
    county = rng.choice(counties)
    chain = {d.level: d for d in gaz.chain(county.adcode)}
    replacements: dict[str, str] = {}
    for src in (first, second):
        for surface, (kind, _) in srcs[src][1].items():
            if surface in replacements:
                continue
            if kind in chain:
                target = chain[kind].name
                replacements[surface] = target if len(surface) > 2 or surface.endswith(
                    ("区", "县", "市", "省")) else target[:-1]
            elif kind in ("Town", "Village"):
                suffix = next(s for s in ("街道", "社区", "镇", "乡", "村") if surface.endswith(s)
                              ) if surface.endswith(("街道", "社区", "镇", "乡", "村")) else ""
                replacements[surface] = _new_name(rng, suffix) if suffix else surface
            elif kind == "Industry":
                replacements[surface] = rng.choice(industries)
            elif kind == "Official":
                replacements[surface] = rng.choice(surnames) + "".join(
                    rng.choice(NAME_CHARS) for _ in range(rng.choice((1, 2))))
    paragraphs: list[str] = []
    for src in (first, second):
        paras = srcs[src][0]
        share = rng.uniform(0.3, 0.7)
        kept = [p for p in paras if rng.random() < share]
        paragraphs += kept or [rng.choice(paras)]  # never an empty article
    text = "\n\n".join(paragraphs)
    if replacements:
        pattern = re.compile("|".join(map(re.escape, sorted(replacements, key=len, reverse=True))))
        text = pattern.sub(lambda m: replacements[m.group()], text)
    return text + "\n"


def generate(n: int, out_dir: Path, seed: int = 7) -> list[Path]:
    """Write articles 0..n-1 (reusing those already there: the set grows with n)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out_dir / f"synthetic_{i:05d}.txt"
        if not path.exists():
            path.write_text(make_article(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
