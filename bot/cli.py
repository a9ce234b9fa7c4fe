"""What every part of `llama-bot`'s command line shares: the exit statuses, the one-line refusal of bad
settings, the subcommand table, and `run` (parse, read the settings once, set up logging, call).

bot/__main__.py declares the application's subcommands and bot/jobs/cli.py the scheduler's, each as a
tuple of `Subcommand`s. `llama-check` (rules/cli.py) keeps its own parser; docs/architecture.md says why.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError

    from bot.settings import Settings

# Exit statuses (README "Exit statuses"): 0 done, 1 busy or an internal error, 2 a setting or argument to fix,
# 3 the database (unreachable or behind the migrations; bot/storage/cli.py), 4 Slack cannot be reached.
EXIT_CONFIG = 2
EXIT_NETWORK = 4


@dataclass(frozen=True)
class Arg:
    """One `add_argument` call: its names or flags and its keywords."""

    names: tuple[str, ...]
    options: dict[str, Any]


def arg(*names: str, **options: Any) -> Arg:
    return Arg(names, options)


@dataclass(frozen=True)
class Subcommand:
    """`llama-bot NAME ...`: what `run(args, settings) -> exit status` is called for it, and its arguments.
    `subcommands` nest one level down (`jobs run`), one of them required."""

    name: str
    help: str
    run: Callable[[argparse.Namespace, Settings], int] | None = None
    args: tuple[Arg, ...] = ()
    subcommands: tuple[Subcommand, ...] = ()


def add_subcommands(subparsers: Any, commands: Sequence[Subcommand]) -> None:
    for command in commands:
        parser = subparsers.add_parser(command.name, help=command.help)
        for a in command.args:
            parser.add_argument(*a.names, **a.options)
        if command.run is not None:
            parser.set_defaults(func=command.run)
        if command.subcommands:
            nested = parser.add_subparsers(dest=f"{command.name}_command", required=True)
            add_subcommands(nested, command.subcommands)


def settings_problem(error: ValidationError) -> str:
    """One line naming every setting that was refused, what is wrong with it, and where to fix it."""
    parts = []
    for e in error.errors():
        name = str(e["loc"][0]).upper() if e.get("loc") else "a setting"
        message = str(e.get("msg", "")).removeprefix("Value error, ").rstrip(".")
        parts.append(f"{name}: {message}")
    return (f"llama-bot: cannot start with these settings: {'; '.join(parts)}. "
            "Fix them in the environment or in .env (.env.example lists every setting).")


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None = None) -> int:
    """Parse `argv`, read the settings (a refused one is one line and exit 2), and call the subcommand."""
    from pydantic import ValidationError

    from bot.settings import Settings

    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(settings_problem(error), file=sys.stderr)
        return EXIT_CONFIG
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args, settings) or 0)
    except BrokenPipeError:
        # `llama-bot audit export | head`: the reader left. Stop quietly, and keep the interpreter's final flush
        # of stdout from raising again at exit.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
