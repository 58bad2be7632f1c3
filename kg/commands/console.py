"""The commands' :class:`~kg.reporter.Reporter`: a progress bar and messages on the terminal."""

from __future__ import annotations

import sys

from kg.reporter import Progress, Reporter


class Console(Reporter):
    """Progress on stderr (tqdm, when there are two things or more to count), messages
    on stdout, warnings on stderr; ``quiet`` keeps the bar and the messages back."""

    def __init__(self, quiet: bool = False, prefix: str = "") -> None:
        self.quiet = quiet
        self.shows_progress = not quiet
        self.prefix = prefix  # "kg serve: ", for warnings from a long-running command

    def progress(self, what: str, total: int, unit: str) -> Progress:
        if self.quiet or total < 2:
            return super().progress(what, total, unit)
        from tqdm import tqdm

        return tqdm(total=total, desc=what, unit=unit, file=sys.stderr)

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, flush=True)

    def warning(self, message: str) -> None:
        print(f"{self.prefix}warning: {message}", file=sys.stderr, flush=True)
