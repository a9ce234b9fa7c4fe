"""`llama-bot`: the Slack application's command line.

    llama-bot            Socket Mode when SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set, else the shell
    llama-bot serve      HTTP mode (gunicorn) on $PORT: POST /slack/events, GET /healthz
    llama-bot socket     Socket Mode (SLACK_APP_TOKEN)
    llama-bot shell      local console, no credentials

Settings are read here, once, and passed down. Each subcommand is one `add_parser` block plus one
function; storage adds `db upgrade` and `audit export`, jobs adds `clock` and `jobs run`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot.settings import Settings, is_placeholder

EXIT_CONFIG = 2

HOW_TO_GET = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) from OAuth & Permissions",
    "SLACK_SIGNING_SECRET": "the Signing Secret from Basic Information > App Credentials",
    "SLACK_APP_TOKEN": ("an app-level token (xapp-...) with the connections:write scope, generated under "
                        "Basic Information > App-Level Tokens, with Socket Mode turned on"),
}


def missing_message(mode: str, *, missing: list[str]) -> str:
    """One paragraph: which variables, where to get them, and how to try Herdbook without them."""
    names = " and ".join(missing)
    verb = "is" if len(missing) == 1 else "are"
    where = "; ".join(f"{name}: {HOW_TO_GET[name]}" for name in missing)
    return (f"llama-bot {mode} cannot start: {names} {verb} not set or still a placeholder from .env.example. "
            f"Open your app's settings page at https://api.slack.com/apps (pick the app; create it from "
            f"manifest.json if you have none) and copy {where}. Put them in the environment or in a .env file "
            f"in this directory (see docs/slack-setup.md). To try Herdbook without Slack, run `llama-bot shell`.")


def _setup_logging(settings: Settings) -> None:
    logging.basicConfig(level=getattr(logging, settings.log_level.upper(), logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _refuse(mode: str, settings: Settings) -> int | None:
    missing = settings.missing_for(mode)
    if missing:
        print(missing_message(mode, missing=missing), file=sys.stderr)
        return EXIT_CONFIG
    return None


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    if (code := _refuse("serve", settings)) is not None:
        return code
    from bot.storage.cli import refuse_if_behind

    if (code := refuse_if_behind(settings, mode="serve")) is not None:
        return code
    from bot.web import serve

    serve(settings)
    return 0


def cmd_socket(args: argparse.Namespace, settings: Settings) -> int:
    if (code := _refuse("socket", settings)) is not None:
        return code
    from bot.storage.cli import refuse_if_behind

    if (code := refuse_if_behind(settings, mode="socket")) is not None:
        return code
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app

    # Socket Mode acks over the websocket; answering after the ack keeps it under 3 seconds.
    app = create_app(settings, process_before_response=False)
    SocketModeHandler(app, settings.slack_app_token).start()
    return 0


def cmd_shell(args: argparse.Namespace, settings: Settings, *, hint: str | None = None) -> int:
    from bot.storage.cli import prepare_shell_database

    if (code := prepare_shell_database(settings)) is not None:
        return code
    from bot.shell import run

    return run(settings, hint=hint)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.cli import db_upgrade

    return db_upgrade(settings)


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.cli import audit_export

    return audit_export(settings, workspace=args.workspace, since=args.since, out_path=args.out)


def cmd_duties(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.duties import import_card_command

    return import_card_command(settings, service_name=args.service, card=args.card, workspace=args.workspace)


def cmd_default(args: argparse.Namespace, settings: Settings) -> int:
    if not is_placeholder(settings.slack_bot_token) and not is_placeholder(settings.slack_app_token):
        return cmd_socket(args, settings)
    hint = ("No SLACK_BOT_TOKEN/SLACK_APP_TOKEN set, so this is the local shell "
            "(`llama-bot serve` or `llama-bot socket` connect to Slack; see docs/slack-setup.md).")
    return cmd_shell(args, settings, hint=hint)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="llama-bot", description="Herdbook, the Llama license Slack bot.")
    parser.set_defaults(func=cmd_default)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("serve", help="HTTP mode on $PORT (gunicorn): POST /slack/events, GET /healthz")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("socket", help="Socket Mode with SLACK_APP_TOKEN (no public URL needed)")
    p.set_defaults(func=cmd_socket)
    p = sub.add_parser("shell", help="local console against a fake Slack; no credentials")
    p.set_defaults(func=cmd_shell)

    p = sub.add_parser("db", help="database: `llama-bot db upgrade` applies the migrations")
    p.add_argument("action", choices=["upgrade"])
    p.set_defaults(func=cmd_db)
    p = sub.add_parser("audit", help="audit log: `llama-bot audit export [--workspace T] [--since DATE]`")
    p.add_argument("action", choices=["export"])
    p.add_argument("--workspace", help="only this Slack team id (default: every workspace)")
    p.add_argument("--since", help="only rows from this date on (YYYY-MM-DD, UTC)")
    p.add_argument("--out", help="write the CSV to this file instead of standard output")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("duties", help="license duties: `llama-bot duties import NAME README.md` fills them from a model card")
    p.add_argument("action", choices=["import"])
    p.add_argument("service", help="the service's registered name")
    p.add_argument("card", help="the model card (README.md with YAML front matter) in its repository folder")
    p.add_argument("--workspace", help="the Slack team id (needed when the database holds several workspaces)")
    p.set_defaults(func=cmd_duties)

    # Jobs: `clock`, `jobs run`. One block each, as above.
    from bot.jobs.cli import add_subcommands as add_jobs_subcommands

    add_jobs_subcommands(sub)  # `clock` and `jobs run STEP [--now ISO-8601]`
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        bad = ", ".join(str(e["loc"][0]).upper() for e in error.errors() if e.get("loc"))
        print(f"llama-bot: the setting {bad} has a value I cannot use ({error.errors()[0]['msg']}); "
              "fix it in the environment or .env (see .env.example).", file=sys.stderr)
        return EXIT_CONFIG
    _setup_logging(settings)
    return int(args.func(args, settings) or 0)


if __name__ == "__main__":
    sys.exit(main())
