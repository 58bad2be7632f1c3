"""Our own jieba tokenizer, used only where segmentation decides something.

POS-tagging every sentence would cost eleven times plain segmentation; we
segment only the few characters left of a place-name suffix or after a
title, where the boundary of a name is in doubt, and look words' tags up in
jieba's dictionary instead of tagging.  A private ``jieba.Tokenizer`` keeps
our words out of jieba's shared default instance.

jieba's dictionary (500,000 keys with their prefixes, and the tag table)
takes over a second to build and a quarter of a second to unpickle, more
than extracting a dozen articles.  So it is kept, with our domain words
added, in the user's cache folder (:func:`kg.resources.cached_bytes`) in
chunks by first character, and a chunk is read the first time a word
starting with that character is looked up: one article needs about a
seventh of the dictionary, which is what makes a one-article rebuild cheap.
"""

from __future__ import annotations

import logging
import marshal
import sys
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from math import log
from types import ModuleType
from typing import TypeVar

_V = TypeVar("_V")
_MAGIC = b"pa-kg jieba tables 1\n"
_LENGTH = 8  # bytes of the header length that follows the magic


def _import_jieba() -> ModuleType:
    """jieba, imported without the deprecated ``pkg_resources``.

    jieba imports pkg_resources (0.08 s, most of what a one-article rebuild
    spends on imports) only to open its data files, and opens them by path
    when that import fails; a ``None`` in ``sys.modules`` makes it fail.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()


class _Chunked(Mapping[str, _V]):
    """Words of the loaded chunks, kept as the chunks hold them (by first character).

    Merging half a million words into one dict cost as much again as reading
    the chunks; every lookup of a word knows its first character, so a word
    is looked up in its chunk instead (:class:`_Tokenizer` does so in jieba's
    loops).
    """

    def __init__(self) -> None:
        self.chunks: dict[str, dict[str, _V]] = {}

    def __getitem__(self, word: str) -> _V:
        chunk = self.chunks.get(word[:1])
        if chunk is None:
            raise KeyError(word)
        return chunk[word]

    def get(self, word: str, default: _V | None = None) -> _V | None:  # type: ignore[override]
        chunk = self.chunks.get(word[:1])
        return default if chunk is None else chunk.get(word, default)

    def __contains__(self, word: object) -> bool:
        chunk = self.chunks.get(word[:1]) if isinstance(word, str) else None
        return chunk is not None and word in chunk

    def __iter__(self) -> Iterator[str]:
        for chunk in self.chunks.values():
            yield from chunk

    def __len__(self) -> int:
        return sum(map(len, self.chunks.values()))


class Tables:
    """jieba's word frequencies and tags, filled in a first character at a time.

    :meth:`need` must be called with a text before any word starting in it
    is looked up.
    """

    def __init__(self, data: bytes) -> None:
        start = len(_MAGIC) + _LENGTH
        size = int.from_bytes(data[len(_MAGIC) : start], "little")
        self.total, self._index = marshal.loads(data[start : start + size])
        self._body = memoryview(data)[start + size :]
        self._loaded: set[str] = set()
        self.freq: _Chunked[int] = _Chunked()
        self.tags: _Chunked[str] = _Chunked()

    @property
    def first_characters(self) -> str:
        """Every character some word starts with (``need`` of it loads the whole dictionary)."""
        return "".join(self._index)

    def need(self, text: str) -> None:
        """Make sure every word that starts with a character of ``text`` is loaded."""
        if self._loaded.issuperset(text):
            return
        for char in set(text) - self._loaded:
            self._loaded.add(char)
            span = self._index.get(char)
            if span is not None:
                freq, tags = marshal.loads(self._body[span[0] : span[1]])
                self.freq.chunks[char] = freq
                if tags:
                    self.tags.chunks[char] = tags


def table_data() -> bytes:
    """The tables' file: index and chunks (made on the first call after jieba or a list changed)."""
    from kg.resources import cached_bytes, lexicon_path, library_version
    from kg.resources.lexicon import LEXICON_FILES

    sources = [lexicon_path("segment_words.txt")] + [lexicon_path(f) for f in
                                                      LEXICON_FILES.values()]
    return cached_bytes("jieba-tables", sources, f"jieba={library_version('jieba')}",
                        _make_tables, _complete)


def _complete(data: bytes) -> bool:
    """Whether ``data`` is a whole tables file (a damaged one is made again)."""
    if not data.startswith(_MAGIC):
        return False
    try:
        tables = Tables(data)
    except (ValueError, EOFError, TypeError):
        return False
    return len(tables._body) == max((end for _, end in tables._index.values()), default=0)


@cache
def tables() -> Tables:
    return Tables(table_data())


def _make_tables() -> bytes:
    """jieba's dictionary with our words, as chunks by first character behind an index."""
    from jieba import posseg

    from kg.resources import read_words
    from kg.resources.lexicon import load_lexicon

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in read_words("segment_words.txt") + sorted(load_lexicon()):
        tok.add_word(word)
    tags = posseg.dt.word_tag_tab
    chunks: dict[str, tuple[dict[str, int], dict[str, str]]] = {}
    for word, freq in tok.FREQ.items():
        chunk = chunks.setdefault(word[0], ({}, {}))
        chunk[0][word] = freq
        if word in tags:
            chunk[1][word] = tags[word]
    body = bytearray()
    index: dict[str, tuple[int, int]] = {}
    for char, chunk in chunks.items():
        blob = marshal.dumps(chunk)  # a word shared by both dicts is stored once
        index[char] = (len(body), len(body) + len(blob))
        body += blob
    header = marshal.dumps((tok.total, index))
    return _MAGIC + len(header).to_bytes(_LENGTH, "little") + header + bytes(body)


_NO_WORDS: dict[str, int] = {}


class _Tokenizer(jieba.Tokenizer):
    """jieba's tokenizer reading the frequencies chunk by chunk.

    ``get_DAG`` and ``calc`` are jieba's own, but look every word up in the
    chunk of its first character (every word they look up starts at the
    character they are at), so no merged dictionary is needed.
    """

    def __init__(self, t: Tables) -> None:
        super().__init__()
        self.FREQ, self.total, self.initialized = t.freq, t.total, True
        self._chunks = t.freq.chunks

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 (jieba's name)
        chunks = self._chunks
        dag = {}
        n = len(sentence)
        for k in range(n):
            words = chunks.get(sentence[k], _NO_WORDS)
            ends = []
            i = k
            frag = sentence[k]
            while i < n and frag in words:
                if words[frag]:
                    ends.append(i)
                i += 1
                frag = sentence[k : i + 1]
            if not ends:
                ends.append(k)
            dag[k] = ends
        return dag

    def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict) -> None:  # noqa: N803
        chunks = self._chunks
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        for idx in range(n - 1, -1, -1):
            get = chunks.get(sentence[idx], _NO_WORDS).get
            route[idx] = max((log(get(sentence[idx : x + 1]) or 1) - logtotal + route[x + 1][0], x)
                             for x in DAG[idx])


@cache
def tokenizer() -> jieba.Tokenizer:
    """A tokenizer over :func:`tables`; call it through :func:`cut`, which loads what it needs."""
    return _Tokenizer(tables())


def cut(text: str) -> list[str]:
    """jieba's words of ``text`` (a new list: callers may change it)."""
    return list(_cut(text))


# The stages segment the same windows again and again (a sentence's clauses,
# the text left of each suffix): two thirds of the calls repeat one.  An
# answer depends on the text alone, since ``need`` loads every word a text
# can hold before jieba looks.
@lru_cache(maxsize=1 << 16)
def _cut(text: str) -> tuple[str, ...]:
    tables().need(text)
    return tuple(tokenizer().lcut(text, HMM=True))


@lru_cache(maxsize=1 << 17)
def is_word(text: str) -> bool:
    """Whether jieba's dictionary holds ``text`` as a word of its own."""
    if len(text) < 2:
        return False
    t = tables()
    t.need(text[0])
    return bool(t.freq.get(text))


def word_across(text: str, edge: int, longest: int = 4) -> bool:
    """Whether a dictionary word of 2 to ``longest`` characters spans ``edge``
    (``is_word`` of every such slice, looked up in the chunks directly: matchers
    ask this at both edges of every lexicon hit)."""
    first = max(0, edge - longest + 1)
    t = tables()
    t.need(text[first:edge])
    chunks, n = t.freq.chunks, len(text)
    for a in range(first, edge):
        words = chunks.get(text[a])
        if words:
            for b in range(edge + 1, min(n, a + longest) + 1):
                if words.get(text[a:b]):
                    return True
    return False


@lru_cache(maxsize=1 << 17)
def tag(word: str) -> str | None:
    """jieba's part-of-speech tag of a dictionary word (a lookup, no tagging)."""
    if not word:
        return None
    t = tables()
    t.need(word[0])
    return t.tags.get(word)


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
