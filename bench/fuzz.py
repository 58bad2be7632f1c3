"""Fuzz the build with mutated articles: every one must build, or be refused in one line.

Each case takes a bundled article (or a window of it), applies a few seeded
mutations of the kinds damaged scans and scrapers produce (code points IRIs
forbid, U+FFFD, noncharacters, C0/C1 controls, brackets and quotes inside a
quoted scheme name, truncation in the middle of a character, lost or
doubled spans, NUL bytes, another encoding) and runs it through what
``kg build`` runs on a file: read and decode the bytes, extract, mint the
triples, serialise the article's Turtle fragment and read it back.  A case
passes if that raises nothing but :class:`~kg.errors.ArticleError` (a
one-line refusal) and the fragment parses with every evidence quote equal
to its span of the text.

    python bench/fuzz.py 15000                 # whole articles, seed 1
    python bench/fuzz.py 2000 --seed 7 --window 800

A failing case is written to bench/out/fuzz-SEED-INDEX.bin with its traceback.
tests/test_fuzz.py runs a few hundred cases of the same mutations.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: code points that broke IRIs, labels, Turtle or terminals before, and their neighbours
NASTY = (
    "[]<>{}|\\^`\"' %#?\t\r\n\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x80\x85\x9f\xa0\xad"
    "\u200b\u200e\u202e\u2028\u2029\u3000\ufeff\ufdd0\ufdef\ufff9\ufffc\ufffd\ufffe\uffff"
    "\ue000\uf8ff\U0001fffe\U0001ffff\U000e0001\U000f0000\U0010fffd\U0010ffff"
)
#: characters of the reports' own structure that rules key on
STRUCTURE = "“”‘’《》（）()【】[]、，。；：！？—…·0123456789万亿元户人%"


def _random_code_point(rng: random.Random) -> str:
    """Any Unicode scalar value, surrogates excepted (a file cannot hold one)."""
    while True:
        code = rng.choice((rng.randrange(0x20, 0x3000), rng.randrange(0x3000, 0x10000),
                           rng.randrange(0x10000, 0x110000)))
        if not 0xD800 <= code <= 0xDFFF:
            return chr(code)


def _insert(text: str, rng: random.Random, what: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + what + text[at:]


def _in_quotes(text: str, rng: random.Random) -> str:
    """Brackets, quotes or a nasty character inside a quoted scheme name (“9+3”工程)."""
    opens = [i for i, ch in enumerate(text) if ch in "“《"]
    junk = rng.choice(["[", "]", "[]", "“", "”", "\ufffd", "\x85", "\x7f", "《", "》", "[“",
                       rng.choice(NASTY), _random_code_point(rng)])
    if not opens:
        return _insert(text, rng, f"“{junk}工程”")
    at = rng.choice(opens) + 1 + rng.randrange(4)
    return text[:at] + junk + text[at:]


def _mutate_once(text: str, rng: random.Random) -> str:
    kind = rng.randrange(10)
    if kind == 0:
        return _insert(text, rng, rng.choice(NASTY))
    if kind == 1:
        return _insert(text, rng, _random_code_point(rng))
    if kind == 2:
        return _in_quotes(text, rng)
    if kind == 3:
        controls = "".join(chr(rng.choice([*range(1, 32), *range(127, 160)]))
                           for _ in range(rng.randrange(1, 4)))
        return _insert(text, rng, controls)
    if kind == 4 and text:  # a lost span
        at = rng.randrange(len(text))
        return text[:at] + text[at + rng.randrange(1, 200):]
    if kind == 5 and text:  # a doubled span
        at = rng.randrange(len(text))
        return text[:at] + text[at:at + rng.randrange(1, 300)] + text[at:]
    if kind == 6:
        return _insert(text, rng, rng.choice(STRUCTURE) * rng.randrange(1, 5))
    if kind == 7 and text:  # a character replaced by U+FFFD, as damaged OCR does
        at = rng.randrange(len(text))
        return text[:at] + "\ufffd" + text[at + 1:]
    if kind == 8:  # a run of one character
        return _insert(text, rng, rng.choice("村镇县“[0 \n") * rng.randrange(2, 400))
    return _insert(text, rng, "".join(_random_code_point(rng) for _ in range(rng.randrange(1, 9))))


def mutate(text: str, rng: random.Random) -> bytes:
    """A damaged copy of ``text`` as the bytes of a file."""
    for _ in range(rng.randrange(1, 6)):
        text = _mutate_once(text, rng)
    codec = rng.choices(["utf-8", "utf-8-sig", "utf-16", "gb18030", "utf-32"],
                        [80, 5, 5, 5, 5])[0]
    data = text.encode(codec, errors="replace" if codec == "gb18030" else "surrogatepass")
    roll = rng.random()
    if roll < 0.1:  # cut short, perhaps in the middle of a character
        data = data[: rng.randrange(len(data) + 1)]
    elif roll < 0.13:  # a NUL byte
        at = rng.randrange(len(data) + 1)
        data = data[:at] + b"\x00" + data[at:]
    return data


def articles() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]


def cases(n: int, seed: int, window: int = 0) -> list[tuple[str, bytes]]:
    """``n`` (name, bytes) cases; with ``window``, spans of about that many characters."""
    rng = random.Random(seed)
    texts = articles()
    out = []
    for i in range(n):
        text = rng.choice(texts)
        if window and len(text) > window:
            size = rng.randrange(window // 4, window + 1)
            start = rng.randrange(len(text) - size)
            text = text[start:start + size]
        out.append((f"fuzz_{seed}_{i}.txt", mutate(text, rng)))
    return out


def check(name: str, data: bytes, folder: Path) -> str:
    """Build one case as ``kg build`` would; ``"built"`` or ``"refused"``, or raise."""
    import pyoxigraph as ox

    from kg.errors import ArticleError
    from kg.extract.pipeline import process_file
    from kg.graph.build import doc_triples
    from kg.graph.write import fragment
    from kg.vocab import PA_IRI

    path = folder / name
    path.write_bytes(data)
    try:
        doc = process_file(path)
    except ArticleError as exc:
        message = str(exc)
        assert message.startswith(f"{path}: ") and "\n" not in message, message
        return "refused"
    frag = fragment(doc_triples(doc))
    triples = list(ox.parse(frag, format=ox.RdfFormat.TURTLE))
    spans = {}
    for t in triples:
        if t.predicate.value in (PA_IRI + "startChar", PA_IRI + "endChar", PA_IRI + "quote"):
            spans.setdefault(t.subject, {})[t.predicate.value[len(PA_IRI):]] = t.object.value
    for span in spans.values():
        start, end = int(span["startChar"]), int(span["endChar"])
        assert doc.raw[start:end] == span["quote"], (start, end)
    return "built"


def run(n: int, seed: int, window: int, folder: Path) -> tuple[Counter[str], list[str]]:
    """Check ``n`` cases; the outcome counts and the failures (written to bench/out)."""
    from kg.build.runners import warm_up

    warm_up()
    outcomes: Counter[str] = Counter()
    failures = []
    for name, data in cases(n, seed, window):
        try:
            outcomes[check(name, data, folder)] += 1
        except Exception:
            outcomes["failed"] += 1
            out = ROOT / "bench" / "out"
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{Path(name).stem}.bin").write_bytes(data)
            (out / f"{Path(name).stem}.txt").write_text(traceback.format_exc(), encoding="utf-8")
            failures.append(f"{name}: {traceback.format_exc().strip().splitlines()[-1]}")
        (folder / name).unlink(missing_ok=True)
    return outcomes, failures


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of mutated articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--window", type=int, default=0,
                        help="mutate spans of about this many characters (default: whole)")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        outcomes, failures = run(args.n, args.seed, args.window, Path(folder))
    seconds = time.perf_counter() - started
    print(f"{args.n} cases in {seconds:.1f} s: " +
          ", ".join(f"{count} {what}" for what, count in sorted(outcomes.items())))
    for line in failures:
        print(f"  {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
