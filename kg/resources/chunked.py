"""One file format for the derived tables read a county at a time (division names, codes).

An 8-byte header size, a marshalled ``(index, extra)`` header, then the chunks:
``index`` maps a key (a county's adcode) to the ``(start, end)`` of its chunk
in the file, so a process reads the small header at start-up and decodes a
chunk only when an article asks for it.
"""

from __future__ import annotations

import marshal
from typing import Any

from kg.errors import KgError

_SIZE = 8  # bytes of the header's length


def pack(chunks: dict[str, bytes], extra: Any) -> bytes:
    """The file of ``chunks`` (in their order) with ``extra`` beside the index."""
    # the header's size with positions at their widest, so the real ones fit in it
    widest = {key: (2**40 + i, 2**40 + i) for i, key in enumerate(chunks)}
    size = len(marshal.dumps((widest, extra)))
    index: dict[str, tuple[int, int]] = {}
    pos = _SIZE + size
    for key, chunk in chunks.items():
        index[key] = (pos, pos + len(chunk))
        pos += len(chunk)
    header = marshal.dumps((index, extra))
    if len(header) > size:
        raise KgError("a derived table's index does not fit its header; report this")
    header += b" " * (size - len(header))  # marshal ignores what follows its object
    return size.to_bytes(_SIZE, "little") + header + b"".join(chunks.values())


def header(blob: bytes) -> tuple[dict[str, tuple[int, int]], Any]:
    """``(index, extra)`` of a file made by :func:`pack`."""
    size = int.from_bytes(blob[:_SIZE], "little")
    return marshal.loads(blob[_SIZE : _SIZE + size])


def whole(blob: bytes, minimum: int) -> bool:
    """Whether ``blob`` is a whole file with at least ``minimum`` chunks: a cached file
    that was cut short or damaged is made again, never read in part."""
    try:
        index, _ = header(blob)
    except (ValueError, EOFError, TypeError):
        return False
    return len(index) >= minimum and max((e for _, e in index.values()), default=0) == len(blob)
