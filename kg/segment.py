"""Our own jieba tokenizer, used only where segmentation decides something.

POS-tagging every sentence would cost eleven times plain segmentation; we
segment only the few characters left of a place-name suffix or after a
title, where the boundary of a name is in doubt, and look words' tags up in
jieba's dictionary instead of tagging.  A private ``jieba.Tokenizer`` keeps
our words out of jieba's shared default instance.

Loading jieba's dictionary twice (for the tokenizer and for the tag table)
costs over a second per process; both, with our domain words added, are
kept in one pickle in the user's cache folder (:func:`kg.resources.cached_resource`),
which loads in a third of that and is rebuilt when jieba or our lists change.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib.metadata import version

import jieba


@cache
def _tables() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's word frequencies (with our words) and its part-of-speech tags."""
    from kg.lexicon import LEXICON_FILES
    from kg.resources import cached_resource, lexicon_path

    sources = [lexicon_path("segment_words.txt")] + [lexicon_path(f) for f in
                                                      LEXICON_FILES.values()]
    return cached_resource("jieba-tables", sources, f"jieba={version('jieba')}", _make_tables)


def _make_tables() -> tuple[dict[str, int], int, dict[str, str]]:
    from jieba import posseg

    from kg.lexicon import load_lexicon
    from kg.resources import read_words

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in read_words("segment_words.txt") + sorted(load_lexicon()):
        tok.add_word(word)
    # the tag table reuses the frequency table's key objects and one object per
    # tag, so the pickle stores each word once: a third faster to load
    tags = posseg.dt.word_tag_tab
    one: dict[str, str] = {}
    shared = {word: one.setdefault(tags[word], tags[word]) for word in tok.FREQ if word in tags}
    return tok.FREQ, tok.total, shared


@cache
def tokenizer() -> jieba.Tokenizer:
    freq, total, _ = _tables()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = freq, total, True
    return tok


def word_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word (a lookup, no tagging)."""
    return _tables()[2]


def cut(text: str) -> list[str]:
    return tokenizer().lcut(text, HMM=True)


def is_word(text: str) -> bool:
    """Whether jieba's dictionary holds ``text`` as a word of its own."""
    return len(text) > 1 and bool(tokenizer().FREQ.get(text))


def trailing_name(window: str, min_len: int = 2, max_len: int = 4) -> str:
    """The name at the right end of ``window``: last tokens until ``min_len`` chars."""
    if len(window) <= min_len:
        return window
    name = ""
    for token in reversed(cut(window)):
        if len(name) >= min_len:
            break
        name = token + name
    return name if len(name) <= max_len else name[-max_len:]
