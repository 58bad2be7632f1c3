"""Read article files: find them, decode them, refuse what is not text.

Real collections mix encodings: UTF-8 (with or without BOM), UTF-16 exported
from Word (with or without BOM), GBK/GB18030 from older Windows tools.  We
decode what can be decoded unambiguously and refuse the rest with the file's
name and the reason: a binary file, a damaged UTF-8 file (with the offset of
the first bad byte), or text in none of those encodings.

Evidence offsets count characters of the decoded text (a BOM is not text).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from kg.cache import CACHE_DIRNAME
from kg.errors import ArticleError, KgError
from kg.model import Doc
from kg.sources import READERS, SUFFIXES, TEXTS_DIRNAME, read_document

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIX = ".txt"
#: share of CJK characters that makes a decoding plausible (GBK and BOM-less UTF-16)
_MIN_CJK_SHARE = 0.3
#: damaged UTF-8: at most this share of undecodable bytes in otherwise Chinese UTF-8
_MAX_DAMAGE = 0.01
#: characters that written language does not contain (line and page breaks excepted)
_ODD = re.compile(r"[\x01-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ue000-\uf8ff\ud800-\udfff]")
_BINARY = "a binary file, not a text article"


def find_articles(paths: list[Path], problems: list[str] | None = None) -> list[Path]:
    """Expand folders into their ``.txt`` files (sorted, so builds are deterministic).

    A path that does not exist, a folder without articles, or something that is
    neither a file nor a folder (a FIFO, a socket) is a problem.  With a
    ``problems`` list, each is appended to it as a one-line message naming the
    path and the others are still returned; a :class:`KgError` is raised only
    when no path holds an article.  Without the list the first problem raises.
    """
    found: list[Path] = []
    messages: list[str] = []
    for path in paths:
        message = ""
        if not path.exists():
            message = f"{path}: no such file or folder"
        elif path.is_dir():
            files = _folder_articles(path)
            if files:
                found.extend(files)
            else:
                message = f"{path}: folder holds no {ARTICLE_SUFFIX} articles"
        elif path.is_file():
            found.append(path)
        else:
            message = f"{path}: not a regular file"
        if message:
            if problems is None:
                raise KgError(message)
            messages.append(message)
    if not found:
        raise KgError("; ".join(messages) if messages else "no articles given")
    if problems is not None:
        problems.extend(messages)
    # the same file given twice (a folder and a file in it, or through a link)
    # is one article: the same device and inode (one stat, where realpath
    # costs one per path component)
    seen: set[tuple[int, int]] = set()
    unique = []
    for f in found:
        try:
            st = os.stat(f)
        except OSError:
            unique.append(f)  # gone since it was listed: reading it will say so
            continue
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            unique.append(f)
    return unique


def _folder_articles(folder: Path) -> list[Path]:
    """``*.txt`` files under ``folder`` (any case of the suffix), skipping hidden folders.

    ``os.walk`` on strings, not ``Path.rglob``: listing a corpus is part of
    every rebuild, and pathlib costs ten times as much per file.
    """
    problems: list[OSError] = []
    out = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        # in a build's output folder only .txt files are articles, as they always
        # were: its graph.html and the texts/ of its sources are not
        output = CACHE_DIRNAME in dirs
        suffixes = {ARTICLE_SUFFIX} if output else SUFFIXES
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (output and d == TEXTS_DIRNAME)]
        for name in files:
            if os.path.splitext(name)[1].lower() in suffixes:  # .txt and kg.sources.READERS
                full = os.path.join(root, name)
                if os.path.isfile(full):
                    out.append(full)
    if problems and not out:
        exc = problems[0]
        raise KgError(f"{folder}: cannot list folder ({exc.strerror or exc})")
    return sorted(map(Path, out))


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return cjk / max(1, sum(1 for c in text if not c.isspace()))


def _looks_binary(text: str) -> bool:
    """NUL, control characters, private-use or surrogate code points: not written language."""
    return "\x00" in text or len(_ODD.findall(text)) > max(2, len(text) // 1000)


def _utf16_without_bom(data: bytes) -> str:
    """UTF-16 text that Windows tools write without a BOM, or ``""``."""
    if len(data) % 2:
        return ""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text) and (_cjk_share(text) >= _MIN_CJK_SHARE or text.isascii()):
            return text
    return ""


def decode(data: bytes, name: str) -> str:
    """Decode article bytes, or raise :class:`ArticleError` saying why not."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(name, f"broken UTF-16 text ({exc.reason})") from None
        if _looks_binary(text):
            raise ArticleError(name, _BINARY)
        return text
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if not text:
            raise ArticleError(name, _BINARY)
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _decode_legacy(data, name, exc)
    if _looks_binary(text):
        raise ArticleError(name, _BINARY)
    return text


def _decode_legacy(data: bytes, name: str, exc: UnicodeDecodeError) -> str:
    """Bytes that are not UTF-8: GBK/GB18030, or a refusal that says why."""
    repaired = data.decode("utf-8", errors="replace")
    damage = repaired.count("\ufffd")
    if damage <= max(1, len(repaired) * _MAX_DAMAGE) and _cjk_share(repaired) >= _MIN_CJK_SHARE:
        # mostly valid UTF-8 Chinese: a damaged file, not another encoding
        raise ArticleError(
            name, f"invalid UTF-8 at byte {exc.start} (a damaged file? re-save it as UTF-8)"
        )
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _cjk_share(text) >= _MIN_CJK_SHARE and not _looks_binary(text):
        return text
    if _looks_binary(repaired):
        raise ArticleError(name, _BINARY)
    raise ArticleError(name, "not text in UTF-8, UTF-16 or GBK; re-save it as UTF-8")


def read_article(path: Path) -> Doc:
    """Read one article into a fresh :class:`Doc` (id = file name)."""
    if path.suffix.lower() in READERS:  # web pages, PDFs, Word files, images: kg.sources
        return read_document(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(str(path), "not a regular file")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise ArticleError(str(path), f"{info.st_size} bytes is too large for one article")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    text = decode(data, str(path))
    if not text.strip():
        raise ArticleError(str(path), "is empty")
    return Doc(
        article_id=path.name,
        raw=text,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
