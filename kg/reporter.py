"""Where a library call's progress and messages go: an object the caller supplies.

The library never prints and never names a command-line flag; a long call
(a build, a server) takes a :class:`Reporter` and tells it what happens.  The
default one keeps quiet, which is what a program using ``kg`` as a library
wants; ``kg``'s commands pass :class:`kg.commands.console.Console`, which
draws a progress bar and writes the messages to the terminal.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """A count that moves towards a total (a progress bar, or nothing)."""

    def update(self, n: int = 1) -> None: ...

    def close(self) -> None: ...


class _Still:
    """A progress that shows nothing."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class Reporter:
    """Progress and messages of a long call; this one drops them all."""

    #: whether progress is shown at all: readers of long documents in worker
    #: processes, which cannot reach the reporter, draw their page bars only then
    shows_progress: bool = False

    def progress(self, what: str, total: int, unit: str) -> Progress:
        """Start counting ``total`` ``unit``\\ s of ``what`` (e.g. "extracting", 40, "article")."""
        return _Still()

    def info(self, message: str) -> None:
        """Something the user asked to see (where a server listens)."""

    def warning(self, message: str) -> None:
        """Something went wrong but the call goes on (a worker could not restart)."""


QUIET = Reporter()
