"""Reading articles: finding files, decoding UTF-8 / UTF-16 / GBK, refusing what is not text."""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import pytest
from conftest import GOOD_ARTICLE

from kg.errors import ArticleError, KgError
from kg.extract.pipeline import process_file
from kg.extract.read import MAX_ARTICLE_BYTES, decode, find_articles, read_article

TEXT = "茅箭区大川镇唐家村发展猕猴桃产业，带动贫困户增收。\n全镇建档立卡贫困人口465户1593人。\n"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
        TEXT.encode("utf-16"),  # with BOM, native order
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-le"),  # Windows tools also write it without a BOM
        TEXT.encode("utf-16-be"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "gbk",
        "gb18030",
        "utf16",
        "utf16be-bom",
        "utf16le-bom",
        "utf16le",
        "utf16be",
    ],
)
def test_decodes_the_encodings_of_real_collections(encoded: bytes) -> None:
    assert decode(encoded, "a.txt") == TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (gzip.compress(TEXT.encode("utf-8") * 20, mtime=0), "binary"),
        (bytes(range(1, 32)) * 40, "binary"),
        (b"\x00" * 100, "binary"),
        ("Caf\xe9 cr\xe8me br\xfbl\xe9e".encode("latin-1"), "UTF-8"),
    ],
    ids=["png", "gzip", "control-bytes", "nul-bytes", "latin1"],
)
def test_refuses_what_is_not_text_with_the_name_and_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ArticleError) as info:
        decode(data, "dir/x.txt")
    message = str(info.value)
    assert message.startswith("dir/x.txt: ")
    assert reason in message
    assert "\n" not in message


def test_a_damaged_utf8_file_is_refused_at_its_first_bad_byte_not_read_as_gbk() -> None:
    data = TEXT.encode("utf-8")
    damaged = data[:30] + b"\xff" + data[30:]
    with pytest.raises(ArticleError, match=r"x\.txt: invalid UTF-8 at byte 30"):
        decode(damaged, "x.txt")


def test_a_file_cut_short_in_its_last_character_loses_only_that_character(
    tmp_path: Path,
) -> None:
    for codec, cut in (("utf-8", 2), ("utf-16", 1), ("utf-32", 3)):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(TEXT.rstrip("\n").encode(codec)[:-cut])
        doc = read_article(path)
        assert doc.raw == TEXT.rstrip("\n")[:-1], codec
        assert doc.warnings == [f"{path}: ends in the middle of a character (cut short?); "
                                "that character is dropped"]


def test_read_article_names_the_article_after_its_file_and_hashes_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "004_abc.txt"
    path.parent.mkdir()
    path.write_bytes(TEXT.encode("gbk"))
    doc = read_article(path)
    assert doc.article_id == "004_abc.txt"
    assert doc.raw == TEXT
    assert doc.content_hash == hashlib.sha256(TEXT.encode("gbk")).hexdigest()


@pytest.mark.parametrize("content", [b"", b" \n\r\n\t  \n", "\ufeff".encode("utf-8")])
def test_an_empty_article_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=r"empty\.txt: is empty"):
        read_article(path)


def test_a_missing_file_is_an_article_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match=r"gone\.txt: cannot be read"):
        read_article(tmp_path / "gone.txt")


def test_a_file_too_large_for_an_article_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # sparse: takes no disk space
        fh.truncate(MAX_ARTICLE_BYTES + 1)
    with pytest.raises(ArticleError, match=r"huge\.txt: .*too large"):
        read_article(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleError, match=r"pipe\.txt: a FIFO \(named pipe\), not a file"):
        read_article(fifo)
    problems: list[str] = []
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    assert find_articles([fifo, good], problems) == [good]
    assert problems == [f"{fifo}: a FIFO (named pipe), not a file; not opened"]


def test_gbk_and_utf16_articles_give_the_same_extraction_as_utf8(tmp_path: Path) -> None:
    results = []
    for codec in ("utf-8", "gbk", "utf-16"):
        path = tmp_path / codec / "dachuan.txt"
        path.parent.mkdir()
        path.write_bytes(GOOD_ARTICLE.encode(codec))
        doc = process_file(path)
        results.append((sorted(doc.entities), sorted(doc.facts, key=repr), doc.statistics))
        for fact in doc.facts:
            if fact.evidence is not None:
                assert doc.raw[fact.evidence.start : fact.evidence.end] == fact.evidence.sentence
    assert results[0][0], "the good article names entities"
    assert results[0] == results[1] == results[2]


def test_folders_expand_to_their_articles_sorted_and_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "b").mkdir(parents=True)
    (corpus / ".git").mkdir()
    for name in ["b/2.txt", "1.txt", "3.TXT", "notes.md", ".git/objects.txt"]:
        (corpus / name).write_text(TEXT, encoding="utf-8")
    (corpus / "folder.txt").mkdir()  # a folder named like an article is not one
    found = find_articles([corpus, corpus / "1.txt"])
    assert [p.relative_to(corpus).as_posix() for p in found] == ["1.txt", "3.TXT", "b/2.txt"]


def test_a_missing_path_or_empty_folder_alone_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match=r"nowhere: no such file or folder"):
        find_articles([tmp_path / "nowhere"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.md").write_text("x", encoding="utf-8")
    with pytest.raises(KgError, match=r"empty: folder holds no \.txt articles"):
        find_articles([tmp_path / "empty"])
    with pytest.raises(KgError, match="no such file or folder"):
        find_articles([tmp_path / "nowhere"], [])  # nothing at all to build: still an error


def test_missing_paths_among_good_ones_are_reported_and_the_rest_returned(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    problems: list[str] = []
    found = find_articles([tmp_path / "nowhere.txt", good, tmp_path / "empty"], problems)
    assert found == [good]
    assert problems == [
        f"{tmp_path / 'nowhere.txt'}: no such file or folder",
        f"{tmp_path / 'empty'}: folder holds no .txt articles",
    ]
    with pytest.raises(KgError, match="nowhere.txt"):
        find_articles([tmp_path / "nowhere.txt", good])  # without a list: the first problem


def test_the_same_file_through_a_link_is_one_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "b.txt").symlink_to(corpus / "a.txt")
    os.link(corpus / "a.txt", corpus / "c.txt")
    (corpus / "d.txt").write_text(TEXT, encoding="utf-8")  # equal bytes, another file
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.symlink_to(corpus / "d.txt")
    found = find_articles([corpus, elsewhere, corpus / "a.txt"])
    assert [p.name for p in found] == ["a.txt", "d.txt"]


GANSU = "定西市安定区发展马铃薯产业，带动建档立卡贫困户3120户增收。\n"


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_with_or_without_bom_is_decoded(codec: str) -> None:
    data = GANSU.encode(codec)
    if codec != "utf-32":  # without a BOM, and with the other order's BOM
        assert decode(data, "a.txt") == GANSU
        bom = b"\xff\xfe\x00\x00" if codec.endswith("le") else b"\x00\x00\xfe\xff"
        data = bom + data
    assert decode(data, "a.txt") == GANSU


def test_a_few_control_characters_are_replaced_and_warned_about_not_called_binary(
    tmp_path: Path,
) -> None:
    damaged = "定西市安定区\x01发展马铃薯\x1b产业，\n带动贫困户\x7f增收\x85。\n\x0c第二页\n"
    path = tmp_path / "dingxi.txt"
    path.write_bytes(damaged.encode("utf-8"))
    doc = read_article(path)
    assert doc.raw == "定西市安定区 发展马铃薯 产业，\n带动贫困户 增收 。\n\x0c第二页\n"
    assert len(doc.raw) == len(damaged)  # one for one: evidence offsets stay the file's
    assert doc.warnings == [
        f"{path}: 4 control character(s) replaced by spaces (the first, U+0001, on line 1)"
    ]
    entities = {e.label for e in process_file(path).entities.values()}
    assert {"安定区", "马铃薯"} <= entities


def test_text_that_is_mostly_control_characters_is_still_binary() -> None:
    noisy = "".join(f"{c}\x02\x03" for c in GANSU * 3)
    with pytest.raises(ArticleError, match="binary"):
        decode(noisy.encode("utf-8"), "x.txt")


def test_a_stray_nul_in_utf8_text_is_not_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(GANSU.encode("utf-8").replace("，".encode(), b"\x00", 1))
    doc = read_article(path)
    assert "\x00" not in doc.raw and doc.raw.startswith("定西市安定区发展马铃薯产业 带动")
    assert "U+0000" in doc.warnings[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_odd_entries_of_a_corpus_folder_are_reported_one_line_each_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text(GANSU, encoding="utf-8")
    (corpus / "sub" / "deep.txt").write_text(GANSU, encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    (corpus / "sub" / "up").symlink_to(corpus)  # a folder link back up: listing it never ends
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(GANSU, encoding="utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything: refuse the listing as the OS would
        real = os.scandir

        def scandir(path=".", /):
            if os.fspath(path) == str(locked):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    problems: list[str] = []
    try:
        found = find_articles([corpus], problems)
    finally:
        locked.chmod(0o755)
    assert found == [corpus / "good.txt", corpus / "sub" / "deep.txt"]
    assert sorted(problems) == sorted([
        f"{corpus / 'pipe.txt'}: a FIFO (named pipe), not a file; not opened; skipped",
        f"{corpus / 'dangling.txt'}: broken symbolic link (to {tmp_path / 'gone.txt'}); skipped",
        f"{corpus / 'loop.txt'}: symbolic link loop; skipped",
        f"{corpus / 'sub' / 'up'}: symbolic link loop (to a folder above it); skipped",
        f"{locked}: cannot list folder (Permission denied); skipped",
    ])


def test_a_linked_folder_is_followed_once(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "longnan.txt").write_text(GANSU, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a").symlink_to(shared)
    (corpus / "b").symlink_to(shared)
    problems: list[str] = []
    assert find_articles([corpus], problems) == [corpus / "a" / "longnan.txt"]
    assert problems == []


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "null.txt").symlink_to("/dev/null")
    with pytest.raises(ArticleError, match=r"null\.txt: a device file"):
        read_article(tmp_path / "null.txt")
    problems: list[str] = []
    (tmp_path / "good.txt").write_text(GANSU, encoding="utf-8")
    assert find_articles([tmp_path], problems) == [tmp_path / "good.txt"]
    assert problems == [f"{tmp_path / 'null.txt'}: a device file, not a text article; skipped"]
