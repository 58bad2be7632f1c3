"""Our own jieba tokenizer, used only where segmentation decides something.

POS-tagging every sentence would cost eleven times plain segmentation; we
segment only the few characters left of a place-name suffix or after a
title, where the boundary of a name is in doubt.  A private
``jieba.Tokenizer`` keeps our words out of jieba's shared default instance.
"""

from __future__ import annotations

import logging
from functools import cache

import jieba


@cache
def tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    from kg.lexicon import load_lexicon
    from kg.resources import read_words

    for word in read_words("segment_words.txt") + sorted(load_lexicon()):
        tok.add_word(word)
    return tok


def cut(text: str) -> list[str]:
    return tokenizer().lcut(text, HMM=True)


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


@cache
def word_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word (a lookup, no tagging)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def is_word(text: str) -> bool:
    """Whether jieba's dictionary holds ``text`` as a word of its own."""
    return len(text) > 1 and bool(tokenizer().FREQ.get(text))
