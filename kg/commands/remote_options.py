"""The options of the commands that talk to a remote store (kg query --endpoint, kg push)."""

from __future__ import annotations

import argparse
import os

from kg.errors import KgError


def positive_seconds(text: str) -> float:
    """argparse ``type=`` for ``--timeout``: a clear message instead of a traceback."""
    from kg.remote.http import check_timeout

    try:
        return check_timeout(text, "")
    except KgError as exc:
        raise argparse.ArgumentTypeError(str(exc).strip()) from None


def add_remote_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    """--user/--password/--auth/--timeout, shared by kg query --endpoint and kg push."""
    parser.add_argument("--user", help=f"user name for {what} (HTTP basic or digest auth)")
    parser.add_argument(
        "--password",
        help="password (default: the KG_PASSWORD environment variable, which keeps it "
        "out of the shell history)",
    )
    parser.add_argument(
        "--auth",
        choices=["basic", "digest"],
        default="basic",
        help="HTTP auth scheme (default: basic; Virtuoso wants digest)",
    )
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=300.0,
        metavar="S",
        help=f"give up on a request to {what} after S seconds in all: connecting, sending "
        "and the whole answer (default: 300)",
    )


def auth_from(args: argparse.Namespace):
    """The requests auth object of --user, --password (or KG_PASSWORD) and --auth."""
    from kg.remote.push import auth_for

    password = args.password if args.password is not None else os.environ.get("KG_PASSWORD")
    return auth_for(args.user, password, args.auth)
