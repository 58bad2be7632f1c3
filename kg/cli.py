"""The ``kg`` command: parse arguments, make one library call, print, exit.

Each subcommand lives in :mod:`kg.commands`; library errors
(:class:`kg.errors.KgError`) become one line on stderr and status 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading

from kg.errors import KgError

#: subcommand modules under kg.commands, in the order --help lists them
COMMANDS = [
    "build",
    "query",
    "validate",
    "queries",
    "serve",
    "export",
    "push",
    "view",
    "analyze",
    "path",
]


def _parser() -> argparse.ArgumentParser:
    from kg import __version__

    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build, query and explore knowledge graphs of Chinese "
        "poverty-alleviation reports.",
        epilog="run 'kg COMMAND --help' for examples of each command.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"kg.commands.{name}").register(sub)
    return parser


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM ends a build like Ctrl-C: outputs stay whole


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args)
    except KgError as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        kept = getattr(exc, "kept", "") or "previous outputs are untouched"
        print(f"kg {args.command}: interrupted; {kept}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kg query … | head` closed the pipe: stop quietly, as cat does
        _silence_stdout()
        return 141  # what a shell reports for a process ended by SIGPIPE


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises no second error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
