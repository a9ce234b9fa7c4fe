"""`llama-bot` as a user runs it: the shell driven through stdin, and friendly refusals without tokens."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.procs import console_script


def run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None, stdin: str = "",
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_") and k not in ("PORT", "DATABASE_URL")}
    return subprocess.run([console_script("llama-bot"), *args], check=False, cwd=cwd, env={**base, **(env or {})}, input=stdin,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def workdir(tmp_path: Path, migrated_db: Path) -> Path:
    shutil.copy(migrated_db, tmp_path / "herdbook.db")
    return tmp_path


@pytest.mark.parametrize(
    ("mode", "env", "named", "not_named"),
    [
        ("serve", {}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"], []),
        ("serve", {"SLACK_BOT_TOKEN": "xoxb-your-bot-token", "SLACK_SIGNING_SECRET": "0123abcd"},
         ["SLACK_BOT_TOKEN"], ["SLACK_SIGNING_SECRET"]),
        ("serve", {"SLACK_BOT_TOKEN": "xoxb-123-456", "SLACK_SIGNING_SECRET": "your-signing-secret"},
         ["SLACK_SIGNING_SECRET"], ["SLACK_BOT_TOKEN"]),
        ("socket", {"SLACK_BOT_TOKEN": "xoxb-123-456"}, ["SLACK_APP_TOKEN", "connections:write"], ["SLACK_BOT_TOKEN"]),
        ("socket", {"SLACK_BOT_TOKEN": "xoxb-123", "SLACK_APP_TOKEN": "xapp-your-app-level-token"},
         ["SLACK_APP_TOKEN"], ["SLACK_BOT_TOKEN"]),
    ],
)
def test_missing_or_placeholder_tokens_are_refused_in_one_paragraph(workdir: Path, mode: str, env: dict,
                                                                    named: list[str], not_named: list[str]) -> None:
    result = run([mode], cwd=workdir, env={"DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}", **env})
    assert result.returncode == 2
    message = result.stderr.strip()
    assert "Traceback" not in result.stderr + result.stdout
    assert "\n" not in message  # one paragraph
    assert f"llama-bot {mode} cannot start" in message
    assert "https://api.slack.com/apps" in message
    for word in named:
        assert word in message
    for word in not_named:
        assert f" {word} " not in message.split("copy", 1)[0]


def test_placeholders_from_env_example_are_refused(workdir: Path) -> None:
    example = Path(__file__).resolve().parents[2] / ".env.example"
    shutil.copy(example, workdir / ".env")
    result = run(["serve"], cwd=workdir)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET still hold the placeholders from .env.example" in result.stderr
    assert "not set" not in result.stderr  # a placeholder is called a placeholder


def test_unset_and_placeholder_are_told_apart(workdir: Path) -> None:
    result = run(["serve"], cwd=workdir, env={"SLACK_SIGNING_SECRET": "your-signing-secret"})
    assert result.returncode == 2
    assert ("SLACK_BOT_TOKEN is not set and SLACK_SIGNING_SECRET still holds the placeholder from .env.example"
            in result.stderr)


def test_help_says_what_no_command_starts() -> None:
    from bot.__main__ import build_parser

    text = " ".join(build_parser().format_help().split())
    assert "With no COMMAND, llama-bot starts Socket Mode when SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set" in text
    assert "otherwise the local shell" in text


def test_shell_workspace_has_the_channels_the_help_names_and_more_shows_every_reason(workdir: Path) -> None:
    long_question = ("Can we use Llama 2 to build a chatbot that writes malware, spam, fake news and harasses "
                     "people, with 900M users, and sell it to the military for weapons?")
    typed = ["/llama-check alerts #llama-alerts", long_question, "more"]
    result = run(["shell"], cwd=workdir, env={"DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"},
                 stdin="".join(f"{line}\n" for line in typed))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Threshold alerts for this workspace will go to #llama-alerts" in out
    assert "couldn't find the channel" not in out
    folded, full = out.split("(type `more` to show all reasons)")
    assert "Show all reasons" in folded and "AUP 2.b" not in folded
    assert "AUP 2.b" in full and "Show all reasons" not in full


def test_shell_answers_again_in_the_same_folder(workdir: Path) -> None:
    # The database remembers answered event ids; a second shell run must not take its messages for retries.
    env = {"DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"}
    for _ in range(2):
        result = run(["shell"], cwd=workdir, env=env, stdin="can we use Llama 2 for a customer chatbot?\n")
        assert "Allowed" in result.stdout and "(no reply)" not in result.stdout


def test_shell_answers_typed_lines(workdir: Path) -> None:
    typed = [
        "/llama-check help",
        "/llama-check name Llama 2 Pro",
        "/llama-check mau 800M",
        "/llama-check stauts",
        "/llama-check mau lots",
        "@herdbook mau 5M",
        "can we use Llama 2 to write malware?",
        "exit",
        "/llama-check mau 1",  # after exit: never read
    ]
    lines = "".join(f"{line}\n" for line in typed)
    result = run(["shell"], cwd=workdir, env={"DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"}, stdin=lines)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in out + result.stderr
    assert "/llama-check name Llama 2 Pro" in out  # help's examples
    assert "Prohibited" in out and "license required" in out.lower()
    assert "Did you mean `status`" in out
    assert "Sorry, I couldn't use that" in out and "'lots'" in out
    assert "[in thread]" in out and "Allowed" in out
    assert "[in D0SHELL]" in out
    assert "1 monthly active users" not in out
    # Answers given in the ack itself are rendered like the others, never as raw JSON.
    assert '"response_type"' not in out and '"blocks"' not in out


def test_shell_ends_at_eof(workdir: Path) -> None:
    result = run(["shell"], cwd=workdir, env={"DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"},
                 stdin="/llama-check mau 800M\n")
    assert result.returncode == 0
    assert "License required" in result.stdout


def test_bare_llama_bot_without_tokens_starts_the_shell_with_a_hint(workdir: Path) -> None:
    result = run([], cwd=workdir, env={"DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"},
                 stdin="/llama-check help\n")
    assert result.returncode == 0
    first = result.stdout.splitlines()[0]
    assert "local shell" in first and "llama-bot socket" in first
    assert "/llama-check name Llama 2 Pro" in result.stdout


def test_env_example_lists_every_setting_with_a_comment() -> None:
    import re

    from bot.settings import Settings

    lines = (Path(__file__).resolve().parents[2] / ".env.example").read_text().splitlines()
    listed = {}
    for i, line in enumerate(lines):
        if m := re.match(r"^([A-Z_]+)=", line):
            listed[m.group(1).lower()] = lines[i - 1]
    assert set(listed) == set(Settings.model_fields)
    assert all(previous.startswith("#") for previous in listed.values())
