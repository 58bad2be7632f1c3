"""Figures shared out over a list of regions: ``A镇和B镇分别新建扶贫车间5个和3个``.

Reports give one figure per region of a list with ``分别`` (``indicator_rules.tsv``:
``respective``): the regions listed right before the word, the figures listed after
it in its clause, paired in order when the two lists are as long and the figures
share a unit.  The later figures of the list name no noun of their own; they count
what the first counts.
"""

from __future__ import annotations

from kg.extract.match.figures import Figure
from kg.extract.match.grammar import CLAUSE_BREAK, LIST_JOINS
from kg.extract.match.phrases import StatRules
from kg.model import Mention

Ref = tuple[str, str]
_JOINS = ("、",) + LIST_JOINS


def respective_regions(text: str, base: int, figures: list[Figure],
                       mentions: list[tuple[Mention, Ref]], rules: StatRules) -> dict[int, Ref]:
    """Figure start -> the region of the list it is given for (offsets within ``text``;
    ``base``: the sentence's offset in the article, which mention offsets are in)."""
    out: dict[int, Ref] = {}
    for word in rules.respective:
        at = text.find(word)
        if at == -1:
            continue
        regions: list[Ref] = []
        cursor = at
        for m, ref in sorted(mentions, key=lambda p: p[0].start, reverse=True):
            start, end = m.start - base, m.end - base
            if end > cursor:
                continue
            gap = text[end:cursor]
            if not (gap == "" if not regions else gap in _JOINS):
                break
            regions.insert(0, ref)
            cursor = start
        if len(regions) < 2:
            continue
        stop = CLAUSE_BREAK.search(text, at)
        listed = [f for f in figures if at < f.start and (stop is None or f.end <= stop.start())]
        listed = listed[: len(regions)]
        joined = all(text[a.end : b.start] in _JOINS for a, b in zip(listed, listed[1:]))
        if len(listed) == len(regions) and joined and len({f.unit for f in listed}) == 1:
            out.update({f.start: ref for f, ref in zip(listed, regions)})
    return out
