"""Read article files: find them, decode them, refuse what is not text.

Real collections mix encodings: UTF-8 (with or without BOM), UTF-16 exported
from Word, GBK/GB18030 from older Windows tools.  We decode what can be
decoded unambiguously and refuse the rest with the file's name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.errors import ArticleError, KgError
from kg.model import Doc

MAX_ARTICLE_BYTES = 20 * 1024 * 1024


def find_articles(paths: list[Path]) -> list[Path]:
    """Expand folders into their ``.txt`` files (sorted, so builds are deterministic)."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise KgError(f"{path}: no such file or folder")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not files:
                raise KgError(f"{path}: folder holds no .txt articles")
            found.extend(files)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for f in found:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return cjk / max(1, sum(1 for c in text if not c.isspace()))


def decode(data: bytes, name: str) -> str:
    """Decode article bytes, or raise :class:`ArticleError` saying why not."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(name, f"broken UTF-16 text ({exc.reason})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
        if b"\x00" not in data:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                text = ""
            if text and _cjk_share(text) < 0.3:
                text = ""
        if not text:
            raise ArticleError(name, "not text in UTF-8, UTF-16 or GBK (a binary file?)") from None
    if "\x00" in text:
        raise ArticleError(name, "holds NUL bytes: a binary file, not an article")
    return text


def read_article(path: Path) -> Doc:
    """Read one article into a fresh :class:`Doc` (id = file name)."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(str(path), f"{size} bytes is too large for one article")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot be read ({exc.strerror})") from None
    text = decode(data, str(path))
    if not text.strip():
        raise ArticleError(str(path), "is empty")
    return Doc(
        article_id=path.name,
        raw=text,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
