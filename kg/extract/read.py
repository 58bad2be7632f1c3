"""Read article files: find them, decode them, refuse what is not text.

Real collections mix encodings: UTF-8 (with or without BOM), UTF-16 exported
from Word (with or without BOM), GBK/GB18030 from older Windows tools.  We
decode what can be decoded unambiguously and refuse the rest with the file's
name and the reason: a binary file, a damaged UTF-8 file (with the offset of
the first bad byte), or text in none of those encodings.  A file cut short
in its last character, or with a few stray control characters, is read with
a warning (the partial character dropped, spaces for the controls).

Evidence offsets count characters of the decoded text (a BOM is not text).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from pathlib import Path

from kg.errors import ArticleError, KgError, printable
from kg.io import CACHE_DIRNAME
from kg.model import Doc
from kg.sources import (
    MAX_DOCUMENT_BYTES,
    READERS,
    SUFFIXES,
    TEXTS_DIRNAME,
    read_document,
)

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIX = ".txt"
#: share of CJK characters that makes a decoding plausible (GBK and BOM-less UTF-16)
_MIN_CJK_SHARE = 0.3
#: damaged UTF-8: at most this share of undecodable bytes in otherwise Chinese UTF-8
_MAX_DAMAGE = 0.01
#: characters that written language does not contain (line and page breaks excepted)
_ODD = re.compile(r"[\x01-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ue000-\uf8ff\ud800-\udfff]")
_BINARY = "a binary file, not a text article"
#: a text is binary above this many odd characters, and above this share of them
_FEW_ODD, _MAX_ODD_SHARE = 16, 0.02
#: control characters a text article may carry by accident (tab, line and page breaks kept);
#: they are replaced by spaces, one for one, so evidence offsets stay those of the file
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NONCHARACTER = re.compile("[\ufffe\uffff]")


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
        shown = printable(path)
        if not path.exists():
            message = f"{shown}: " + ("broken symbolic link" if path.is_symlink()
                                      else "no such file or folder")
        elif path.is_dir():
            inside: list[str] = []
            files = _folder_articles(path, inside)
            if inside and problems is None:
                raise KgError(inside[0])
            messages.extend(inside)
            if files:
                found.extend(files)
            else:
                message = f"{shown}: folder holds no {ARTICLE_SUFFIX} articles"
        elif path.is_file():
            found.append(path)
        else:
            message = f"{shown}: {_not_a_file(str(path)) or 'not a regular file'}"
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


def _folder_articles(folder: Path, problems: list[str]) -> list[Path]:
    """``*.txt`` files under ``folder`` (any case of the suffix), skipping hidden folders.

    Linked folders are followed, once each (a link back to a folder above is
    a loop: reported, not followed).  What cannot be an article is reported
    in ``problems``, one line each, and skipped: a sub-folder that cannot be
    listed, a broken or looping link, a FIFO, a socket or a device named like
    an article.  Nothing is opened here: a FIFO would block the build.
    ``os.walk`` on strings, not ``Path.rglob``: listing a corpus is part of
    every rebuild, and pathlib costs ten times as much per file.
    """

    def unlisted(exc: OSError) -> None:
        problems.append(f"{printable(exc.filename or folder)}: cannot list folder "
                        f"({exc.strerror or exc}); skipped")

    out = []
    top = os.stat(folder)
    visited = {(top.st_dev, top.st_ino)}
    for root, dirs, files in os.walk(folder, onerror=unlisted, followlinks=True):
        # in a build's output folder only .txt files are articles, as they always
        # were: its graph.html and the texts/ of its sources are not
        output = CACHE_DIRNAME in dirs
        suffixes = {ARTICLE_SUFFIX} if output else SUFFIXES
        kept = []
        for d in sorted(dirs):  # sorted: which of two links to a folder is listed is fixed
            if d.startswith(".") or (output and d == TEXTS_DIRNAME):  # .git, .kg-cache ...
                continue
            full = os.path.join(root, d)
            try:
                st = os.stat(full)
            except OSError as exc:
                problems.append(f"{printable(full)}: cannot be read ({exc.strerror}); skipped")
                continue
            if (st.st_dev, st.st_ino) in visited:
                target, here = os.path.realpath(full), os.path.realpath(root)
                if here == target or here.startswith(target.rstrip(os.sep) + os.sep):
                    problems.append(f"{printable(full)}: symbolic link loop (to a folder "
                                    "above it); skipped")
                continue  # otherwise another link to a folder listed already: listed once
            visited.add((st.st_dev, st.st_ino))
            kept.append(d)
        dirs[:] = kept
        for name in files:
            full = os.path.join(root, name)
            if os.path.splitext(name)[1].lower() in suffixes:  # .txt and kg.sources.READERS
                problem = _not_a_file(full)
                if problem:
                    problems.append(f"{printable(full)}: {problem}; skipped")
                else:
                    out.append(full)
            elif os.path.islink(full) and not os.path.exists(full):
                problems.append(f"{printable(full)}: {_not_a_file(full)}; skipped")
    return sorted(map(Path, out))


def _not_a_file(path: str) -> str:
    """Why ``path`` cannot be read as an article file, or ``""`` (from its status alone)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return f"broken symbolic link (to {printable(os.readlink(path))})"
        return f"cannot be read ({exc.strerror or exc})"
    return _kind_problem(mode)


def _kind_problem(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file; not opened"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file, not a text article"
    if stat.S_ISSOCK(mode):
        return "a socket, not a text article"
    if stat.S_ISDIR(mode):
        return "a folder named like an article"
    return "not a regular file"


def name_problem(name: str) -> str:
    """Why a file name cannot be an article's label (and part of its IRI), or ``""``.

    Line breaks, tabs and other control characters, and bytes that are not
    UTF-8 (which ``os.fsdecode`` keeps as lone surrogates), cannot be written
    as a label in one line; such a file is reported and skipped.
    """
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            return "file name is not UTF-8; rename it"
        if code < 0x20 or 0x7F <= code <= 0x9F or code in (0xFFFE, 0xFFFF):
            kind = "a noncharacter" if code > 0xFFFD else "a control character"
            return f"file name holds {kind} (U+{code:04X}); rename it"
    return ""


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return cjk / max(1, sum(1 for c in text if not c.isspace()))


def _odd_count(text: str) -> int:
    return text.count("\x00") + len(_ODD.findall(text))


def _looks_odd(text: str) -> bool:
    """More than a trace of what written language does not contain (to pick an encoding)."""
    return "\x00" in text or _odd_count(text) > max(2, len(text) // 1000)


def _looks_binary(text: str) -> bool:
    """NUL, control characters, private-use or surrogate code points in bulk: not text.

    A few control characters (a damaged scan, a stray escape) do not make an
    article binary: :func:`read_article` replaces them and warns.
    """
    return _odd_count(text) > max(_FEW_ODD, len(text) * _MAX_ODD_SHARE)


def _without_bom(data: bytes) -> str:
    """UTF-16 (or UTF-32) text that Windows tools write without a BOM, or ``""``."""
    codecs = ("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ()
    if len(data) % 4 == 0:
        codecs += ("utf-32-le", "utf-32-be")
    for codec in codecs:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _looks_odd(text) and (_cjk_share(text) >= _MIN_CJK_SHARE or text.isascii()):
            return text
    return ""


def decode(data: bytes, name: str, notes: list[str] | None = None) -> str:
    """Decode article bytes, or raise :class:`ArticleError` saying why not.

    A file cut short in the middle of its last character loses that
    character, with a line in ``notes``: the rest of it is still the article.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        # UTF-32's little-endian BOM begins with UTF-16's: it is tried first
        codec = "utf-32" if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00")) else "utf-16"
        try:
            text = _decode_cut(data, codec, name, notes)
        except UnicodeDecodeError as exc:
            raise ArticleError(name, f"broken {codec.upper()} text ({exc.reason})") from None
        if _looks_binary(text):
            raise ArticleError(name, _BINARY)
        return text
    if b"\x00" in data:
        text = _without_bom(data)
        if text:
            return text
    try:
        text = _decode_cut(data, "utf-8", name, notes)
    except UnicodeDecodeError as exc:
        text = _decode_legacy(data, name, exc)
    if _looks_binary(text):
        raise ArticleError(name, _BINARY)
    return text


def _decode_cut(data: bytes, codec: str, name: str, notes: list[str] | None) -> str:
    """``data`` decoded; an incomplete character at its very end is dropped, with a note."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.end < len(data) or exc.reason not in ("unexpected end of data", "truncated data"):
            raise
        text = data[: exc.start].decode(codec)  # the decoder stopped at its first problem
    if notes is not None:
        notes.append(f"{printable(name)}: ends in the middle of a character (cut short?); "
                     "that character is dropped")
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


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of an article file, or :class:`ArticleError` saying why not.

    ``limit``: the largest file read; by default a text article's, or a
    document's (a PDF, image …) for the suffixes of kg.sources.

    A FIFO or a device is refused from its status before it is opened, and
    the file is opened non-blocking and checked again, so a file swapped for
    a FIFO in between cannot hang the build either.
    """
    try:
        problem = _kind_problem(os.stat(path).st_mode)
        if problem:
            raise ArticleError(str(path), problem)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        with open(os.open(path, flags), "rb") as fh:
            info = os.fstat(fh.fileno())
            problem = _kind_problem(info.st_mode)
            if problem:
                raise ArticleError(str(path), problem)
            if limit is None:
                limit = MAX_DOCUMENT_BYTES if path.suffix.lower() in READERS else MAX_ARTICLE_BYTES
            if info.st_size > limit:
                raise ArticleError(str(path), f"{info.st_size} bytes is too large for one article")
            return fh.read()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot be read ({exc.strerror or exc})") from None


def replace_controls(text: str, name: str) -> tuple[str, list[str]]:
    """``text`` with stray control characters and noncharacters replaced, and warnings.

    Controls become spaces; U+FFFE and U+FFFF, which XML and some Turtle
    parsers (raptor) refuse in a literal, become U+FFFD.  One for one, so
    evidence offsets stay those of the decoded file.
    """
    warnings = []
    for pattern, by, what in ((_CONTROL, " ", "control character(s) replaced by spaces"),
                              (_NONCHARACTER, "\ufffd", "noncharacter(s) replaced by U+FFFD")):
        found = pattern.search(text)
        if found is None:
            continue
        count = len(pattern.findall(text))
        line = text.count("\n", 0, found.start()) + 1
        warnings.append(f"{printable(name)}: {count} {what} "
                        f"(the first, U+{ord(found.group()):04X}, on line {line})")
        text = pattern.sub(by, text)
    return text, warnings


def read_article(path: Path, data: bytes | None = None, digest: str = "") -> Doc:
    """Read one article into a fresh :class:`Doc` (id = file name).

    ``data`` and its ``digest`` (sha256, hex): the file's bytes as the build
    already read and hashed them, so that neither is done twice.
    """
    if path.suffix.lower() in READERS:  # web pages, PDFs, Word files, images: kg.sources
        return read_document(path, data, digest)
    if data is None:
        data = read_bytes(path)
    notes: list[str] = []
    text, warnings = replace_controls(decode(data, str(path), notes), str(path))
    if not text.strip():
        raise ArticleError(str(path), "is empty")
    return Doc(
        article_id=path.name,
        raw=text,
        content_hash=digest or hashlib.sha256(data).hexdigest(),
        warnings=notes + warnings,
    )
