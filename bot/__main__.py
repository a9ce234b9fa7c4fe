"""`llama-bot`: the Slack application's command line.

    llama-bot            Socket Mode when SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set, else the shell
    llama-bot serve      HTTP mode (gunicorn) on $PORT: POST /slack/events, GET /healthz
    llama-bot socket     Socket Mode (SLACK_APP_TOKEN)
    llama-bot shell      local console, no credentials

Settings are read once (bot.cli.run) and passed down. Each subcommand is one function and one line of
`COMMANDS`; the scheduler's (`clock`, `jobs run`) are bot/jobs/cli.py's.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from bot.cli import EXIT_CONFIG, EXIT_NETWORK, Subcommand, add_subcommands, arg, run
from bot.jobs.cli import COMMANDS as JOBS_COMMANDS
from bot.settings import Settings, is_placeholder

HOW_TO_GET = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) from OAuth & Permissions",
    "SLACK_SIGNING_SECRET": "the Signing Secret from Basic Information > App Credentials",
    "SLACK_APP_TOKEN": ("an app-level token (xapp-...) with the connections:write scope, generated under "
                        "Basic Information > App-Level Tokens, with Socket Mode turned on"),
}


HOW_TO_FIX = {
    "SLACK_BOT_TOKEN": ("Copy the Bot User OAuth Token (xoxb-...) again from OAuth & Permissions at "
                        "https://api.slack.com/apps (reinstall the app if it was removed) into SLACK_BOT_TOKEN."),
    "SLACK_APP_TOKEN": ("Generate an app-level token (xapp-...) with the connections:write scope under Basic "
                        "Information > App-Level Tokens at https://api.slack.com/apps, turn Socket Mode on, and put "
                        "it in SLACK_APP_TOKEN."),
}


def _names(names: list[str]) -> str:
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]


def missing_message(mode: str, *, missing: list[str], placeholders: list[str] | None = None) -> str:
    """One paragraph: which variables are unset, which still hold a placeholder, where to get them, and how to
    try Herdbook without them. `missing` lists both kinds; `placeholders` says which of them are placeholders."""
    placeholders = [n for n in (placeholders or []) if n in missing]
    unset = [n for n in missing if n not in placeholders]
    problems = []
    if unset:
        problems.append(f"{_names(unset)} {'is' if len(unset) == 1 else 'are'} not set")
    if placeholders:
        what = "the placeholder" if len(placeholders) == 1 else "the placeholders"
        problems.append(f"{_names(placeholders)} still {'holds' if len(placeholders) == 1 else 'hold'} {what} "
                        f"from .env.example")
    where = "; ".join(f"{name}: {HOW_TO_GET[name]}" for name in missing)
    return (f"llama-bot {mode} cannot start: {' and '.join(problems)}. "
            f"Open your app's settings page at https://api.slack.com/apps (pick the app; create it from "
            f"manifest.json if you have none) and copy {where}. Put them in the environment or in a .env file "
            f"in this directory (see docs/slack-setup.md). To try Herdbook without Slack, run `llama-bot shell`.")


def _refuse(mode: str, settings: Settings) -> int | None:
    missing = settings.missing_for(mode)
    if missing:
        placeholders = [name for name in missing if getattr(settings, name.lower())]
        print(missing_message(mode, missing=missing, placeholders=placeholders), file=sys.stderr)
        return EXIT_CONFIG
    return None


def _quiet_client(settings: Settings) -> object:
    """A WebClient for the start-up checks whose own logging stays silent: the one line printed says it all."""
    from slack_sdk import WebClient

    quiet = logging.getLogger("herdbook.startup-check")
    quiet.setLevel(logging.CRITICAL + 1)
    quiet.propagate = False
    # No retry handlers: a refused connection is reported at once (systemd or the platform restarts the process).
    return WebClient(base_url=settings.slack_api_url, timeout=15, logger=quiet, retry_handlers=[])


def check_slack(mode: str, settings: Settings) -> int | None:
    """`auth.test` with SLACK_BOT_TOKEN (and, for Socket Mode, `apps.connections.open` with SLACK_APP_TOKEN)
    before serving: a refused token or no way to reach Slack is one line and an exit status now, not a
    traceback (or users told "your installation is no longer available") later."""
    from slack_sdk.errors import SlackApiError

    client: Any = _quiet_client(settings)
    checks = [("SLACK_BOT_TOKEN", lambda: client.auth_test(token=settings.slack_bot_token))]
    if mode == "socket":
        checks.append(("SLACK_APP_TOKEN", lambda: client.apps_connections_open(app_token=settings.slack_app_token)))
    for name, call in checks:
        try:
            call()
        except SlackApiError as error:
            code = error.response.get("error") if error.response is not None else None
            status = error.response.status_code if error.response is not None else 0
            if status >= 500 or status == 429 or code == "ratelimited":
                print(f"llama-bot {mode} cannot start: Slack answered HTTP {status} ({code or 'no reason given'}) "
                      "when asked whether the token is good; Slack is having trouble, start again in a minute.",
                      file=sys.stderr)
                return EXIT_NETWORK
            print(f"llama-bot {mode} cannot start: Slack refused {name} ({code or 'no reason given'}). "
                  f"{HOW_TO_FIX[name]}", file=sys.stderr)
            return EXIT_CONFIG
        except OSError as error:  # URLError, timeouts, refused connections, DNS failures
            reason = getattr(error, "reason", None) or error
            print(f"llama-bot {mode} cannot start: cannot reach Slack at {settings.slack_api_url} ({reason}). "
                  "Check the network connection (and HTTPS_PROXY, if you need one) and start again.", file=sys.stderr)
            return EXIT_NETWORK
    return None


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    if (code := _refuse("serve", settings)) is not None:
        return code
    from bot.storage.cli import refuse_if_behind

    if (code := refuse_if_behind(settings, mode="serve")) is not None:
        return code
    if (code := check_slack("serve", settings)) is not None:
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
    if (code := check_slack("socket", settings)) is not None:
        return code
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from bot.app import create_app
    from bot.storage.db import make_engine
    from bot.web import warm_up

    # Socket Mode acks over the websocket; answering after the ack keeps it under 3 seconds.
    engine = make_engine(settings.database_url)
    app = create_app(settings, process_before_response=False, engine=engine)
    # What first answers would pay: rules indexes, the Korean vocabulary and analyser, catalogs, the database's
    # first connection and compiled reads, Bolt's auth.test.
    warm_up(settings, app=app, engine=engine)
    try:
        SocketModeHandler(app, settings.slack_app_token).start()
    except SlackApiError as error:  # refused between the start-up check and the connection
        code = error.response.get("error") if error.response is not None else None
        print(f"llama-bot socket stopped: Slack refused SLACK_APP_TOKEN ({code}). {HOW_TO_FIX['SLACK_APP_TOKEN']}",
              file=sys.stderr)
        return EXIT_CONFIG
    except OSError as error:
        print(f"llama-bot socket stopped: lost the connection to Slack ({getattr(error, 'reason', None) or error}). "
              "Check the network connection and start again.", file=sys.stderr)
        return EXIT_NETWORK
    except KeyboardInterrupt:
        return 0
    return 0


def cmd_shell(args: argparse.Namespace, settings: Settings, *, hint: str | None = None) -> int:
    from bot.storage.cli import prepare_shell_database

    if (code := prepare_shell_database(settings)) is not None:
        return code
    from bot.shell import run

    return run(settings, hint=hint, lang=getattr(args, "lang", None))


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
    tokens = {"SLACK_BOT_TOKEN": settings.slack_bot_token, "SLACK_APP_TOKEN": settings.slack_app_token}
    unset = [name for name, value in tokens.items() if not value]
    placeholders = [name for name, value in tokens.items() if value and is_placeholder(value)]
    why = " and ".join(([f"{'/'.join(unset)} not set"] if unset else [])
                       + ([f"{'/'.join(placeholders)} still a placeholder"] if placeholders else []))
    hint = (f"{why[0].upper()}{why[1:]}, so this is the local shell "
            "(`llama-bot serve` or `llama-bot socket` connect to Slack; see docs/slack-setup.md).")
    return cmd_shell(args, settings, hint=hint)


COMMANDS = (
    Subcommand("serve", "HTTP mode on $PORT (gunicorn): POST /slack/events, GET /healthz", cmd_serve),
    Subcommand("socket", "Socket Mode with SLACK_APP_TOKEN (no public URL needed)", cmd_socket),
    Subcommand("shell", "local console against a fake Slack; no credentials", cmd_shell, args=(
        arg("--lang", choices=("en", "ko"), default=None,
            help="your Slack language in the shell: answers in English or Korean (default: from LANG)"),)),
    Subcommand("db", "database: `llama-bot db upgrade` applies the migrations", cmd_db,
               args=(arg("action", choices=["upgrade"]),)),
    Subcommand("audit", "audit log: `llama-bot audit export [--workspace T] [--since DATE]`", cmd_audit, args=(
        arg("action", choices=["export"]),
        arg("--workspace", help="only this Slack team id (default: every workspace)"),
        arg("--since", help="only rows from this date on (YYYY-MM-DD, UTC)"),
        arg("--out", help="write the CSV to this file instead of standard output"))),
    Subcommand("duties", "license duties: `llama-bot duties import NAME README.md` fills them from a model card",
               cmd_duties, args=(
        arg("action", choices=["import"]),
        arg("service", help="the service's registered name"),
        arg("card", help="the model card (README.md with YAML front matter) in its repository folder"),
        arg("--workspace", help="the Slack team id (needed when the database holds several workspaces)"))),
    *JOBS_COMMANDS,  # `clock` and `jobs run STEP [--now ISO-8601]`
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llama-bot", description="Herdbook, the Llama license Slack bot.",
        epilog="With no COMMAND, llama-bot starts Socket Mode when SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set "
               "(as `llama-bot socket`), and otherwise the local shell (as `llama-bot shell`). Settings come from "
               "the environment or .env (.env.example lists them); `llama-check` answers license questions "
               "without Slack or a database.")
    parser.set_defaults(func=cmd_default)
    add_subcommands(parser.add_subparsers(dest="command", metavar="COMMAND"), COMMANDS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
