"""Errors that the command line turns into one clear line and an exit status."""

from __future__ import annotations

import os
import re

#: what must not reach a one-line message as it is: C0 and C1 controls, DEL,
#: line and paragraph separators, bidi and other format controls, lone
#: surrogates (``os.fsdecode`` turns a file name's non-UTF-8 bytes into them)
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str | os.PathLike[str]) -> str:
    """``text`` (a path, a name) fit for one line of a message: controls spelt ``\\xNN``.

    A file name may hold a newline, a tab, an escape sequence or bytes that
    are not UTF-8; quoting it as it is would break the line or the terminal.
    """
    return _UNPRINTABLE.sub(_escape, os.fspath(text))


class KgError(Exception):
    """A problem the user can fix (bad path, bad file, bad query)."""


class ArticleError(KgError):
    """One article cannot be read; the build goes on without it."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{printable(path)}: {problem}")
        self.path = path
        self.problem = problem


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a command, with what was kept (``kept``: one clause)."""

    def __init__(self, kept: str) -> None:
        super().__init__(kept)
        self.kept = kept
