"""A store's answers and network errors as short one-line messages."""

from __future__ import annotations


def reason(exc: Exception) -> str:
    """Why a request failed, in a few words (the marker of a known failure, or the start)."""
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "timed out", "reset"):
        if marker in text:
            return marker.lower()
    return text[:160]


def excerpt(text: str, limit: int = 300) -> str:
    """A store's message on one line, control characters (escape sequences) shown as '?'."""
    text = " ".join(text.split())
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
