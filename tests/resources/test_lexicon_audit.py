"""The lexicon words the bundled corpus uses that general vocabulary does not know.

Such a word is either a domain word other counties' reports use, or a name only
one article has (which does not belong in a lexicon).  The list is kept, with
the reason for each entry, in ``ontology/lexicons/reviewed_terms.tsv``: a word
that starts or stops being in that situation fails this test until a reviewer
has looked at it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from conftest import CORPUS

from kg.resources import read_table
from kg.resources.lexicon import load_lexicon
from kg.resources.segment import jieba


def general_vocabulary() -> set[str]:
    """The words of jieba's own dictionary (without the words this project adds)."""
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as lines:
        return {line.split(" ", 1)[0] for line in lines}


def corpus_text() -> str:
    texts = (p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", "".join(texts)))


def test_every_corpus_only_lexicon_word_is_reviewed() -> None:
    text, general = corpus_text(), general_vocabulary()
    found = {w for w in load_lexicon() if w in text and w not in general}
    reviewed = {row[0] for row in read_table("reviewed_terms.tsv", 2)}
    assert found - reviewed == set(), f"not reviewed: {sorted(found - reviewed)}"
    assert reviewed - found == set(), f"no longer in the corpus only: {sorted(reviewed - found)}"


def test_the_general_vocabulary_is_jiebas_dictionary() -> None:
    general = general_vocabulary()
    assert {"茶叶", "合作社", "蔬菜"} <= general
    assert "生态猪" not in general
