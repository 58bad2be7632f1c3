"""Shapes of the words inside an organisation's name, read with jieba and the
division table: which token is a place or a name of its own, where a level
word or a false ending cuts in.  Used by :mod:`kg.extract.match.terms` (reading a
name leftwards from its ending) and :mod:`kg.extract.match.aliases`.
"""

from __future__ import annotations

from functools import cache

from kg.resources.lexicon import load_lexicon
from kg.resources.segment import cut, is_word, tag

_MAX_PLACE = 8  # characters of the longest division name looked for in a name
_PROPER_TAGS = frozenset({None, "nr", "ns", "nt", "nz", "nrt", "nrfg", "j", "eng", "x"})
LEVEL_WORDS = frozenset("省市州县区旗镇乡村")
_NAMED_TAGS = frozenset({"ns", "nz", "nt", "j", "nrt"})


def false_ending(text: str, start: int, suffix: str, false: tuple[str, ...]) -> bool:
    """Whether a word of ``false`` starts at the ending's first or last character or
    just before it (部门 of 人社部门, 小学 of 中小学); a word the ending itself
    begins with (办公 of 办公室) is the ending, not another word."""
    end = start + len(suffix)
    for k in (end - 1, start, start - 1):
        if text.startswith(false, k) and any(
            text.startswith(f, k) and not (k == start and suffix.startswith(f)) for f in false
        ):
            return True
    return False


def level_then_word(token: str) -> bool:
    """县人 of 县人|社局: jieba glued a level word to the next word (no word, no place)."""
    return (len(token) > 1 and token[0] in LEVEL_WORDS and not is_word(token)
            and not is_division(token) and not is_place(token))


def names_a_body(token: str) -> bool:
    """A place or a name jieba knows (新华, 央视, 贵州): it can open a media outlet's name."""
    return tag(token) in _NAMED_TAGS or is_division(token)


def cut_places(window: str) -> list[str]:
    """jieba's words, with the divisions the window names kept whole (盘州市, not 盘|州市)."""
    tokens: list[str] = []
    start = k = 0
    while k < len(window):
        name = next(
            (window[k:e] for e in range(min(len(window), k + _MAX_PLACE), k + 2, -1)
             if is_division(window[k:e])),
            "",
        )
        if name:
            tokens += cut(window[start:k]) if k > start else []
            tokens.append(name)
            start = k = k + len(name)
        else:
            k += 1
    return tokens + (cut(window[start:]) if start < len(window) else [])


def is_proper(token: str) -> bool:
    """A token that can make a name its own: unknown to jieba, a place/brand/abbreviation,
    or a division's name (jieba tags 毕节市 a common noun); not a run of one-character
    products (牛羊, which jieba tags as a person's name)."""
    if all(ch in _single_products() for ch in token):
        return False
    return tag(token) in _PROPER_TAGS or is_division(token)


@cache
def _single_products() -> frozenset[str]:
    terms = load_lexicon().values()
    return frozenset(t.canonical for t in terms if t.kind == "Industry" and len(t.canonical) == 1)


@cache
def is_place(name: str) -> bool:
    """A division's full name or short form (深圳, 广州市)."""
    from kg.resources.gazetteer import load_gazetteer

    return bool(load_gazetteer().lookup(name)[0])


@cache
def is_division(token: str) -> bool:
    from kg.resources.gazetteer import load_gazetteer

    divisions, full = load_gazetteer().lookup(token)
    return len(token) >= 3 and bool(divisions) and full
