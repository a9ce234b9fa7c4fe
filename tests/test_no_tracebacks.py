"""Every console-script subcommand (llama-bot, llama-check), run with bad settings and bad arguments: never a
traceback, always an exit status from the documented set, and a line that says what to do.

The cases the issue reported run as real processes; the full matrix of llama-bot commands runs `main(argv)`
in-process (an exception escaping it is exactly what would print a traceback), because each llama-bot process
spends about a second importing.

Exit statuses (README): 0 done, 1 busy or internal error, 2 a setting/token/argument to fix, 3 the database,
4 Slack cannot be reached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.fakeslack import FakeSlack
from tests.procs import console_script

DOCUMENTED = {0, 1, 2, 3, 4}
UNREACHABLE_SLACK = "http://127.0.0.1:9/api/"  # the discard port: nothing listens, the connection is refused

# Every llama-bot subcommand, with arguments that would be fine.
LLAMA_BOT = [
    [], ["serve"], ["socket"], ["shell"], ["clock"], ["db", "upgrade"], ["audit", "export"],
    ["jobs", "run", "checkin"], ["jobs", "run", "reminders"], ["jobs", "run", "sweep"], ["jobs", "run", "deliver"],
]
TOKENS = {"SLACK_BOT_TOKEN": "xoxb-1-2-3", "SLACK_APP_TOKEN": "xapp-1-2-3", "SLACK_SIGNING_SECRET": "0123abcd",
          "SLACK_API_URL": UNREACHABLE_SLACK}
BAD_SETTINGS = {
    "garbage-url": ({"DATABASE_URL": "garbage"}, ["DATABASE_URL", "sqlite:///"]),
    "mysql-url": ({"DATABASE_URL": "mysql://root@127.0.0.1:3306/test"}, ["DATABASE_URL", "'MySQLdb'"]),
    "unknown-dialect": ({"DATABASE_URL": "oracle+nope://x@y/z"}, ["DATABASE_URL"]),
    "license": ({"DEFAULT_LICENSE": "llama-9"}, ["DEFAULT_LICENSE", "llama-3.1"]),
    "policy": ({"DEFAULT_POLICY": "strictest"}, ["DEFAULT_POLICY", "license-text"]),
    "log-level": ({"LOG_LEVEL": "LOUD"}, ["LOG_LEVEL", "WARNING"]),
    "clock-interval": ({"CLOCK_INTERVAL_MINUTES": "0"}, ["CLOCK_INTERVAL_MINUTES", "1 or more"]),
    "not-a-number": ({"PORT": "eighty"}, ["PORT"]),
}


def run(exe: str, args: list[str], *, cwd: Path, env: dict[str, str] | None = None, stdin: str = "",
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("SLACK_") and k not in ("PORT", "DATABASE_URL", "LOG_LEVEL")}
    return subprocess.run([console_script(exe), *args], cwd=cwd, env={**base, **(env or {})}, input=stdin,
                          capture_output=True, text=True, timeout=timeout, check=False)


def run_main(args: list[str], *, cwd: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> subprocess.CompletedProcess[str]:
    """`llama-bot ARGS` in this process, as the console script runs it (argparse's exit included)."""
    from bot.__main__ import main

    monkeypatch.chdir(cwd)
    for key in ("LOG_LEVEL", "DEFAULT_LICENSE", "DEFAULT_POLICY", "CLOCK_INTERVAL_MINUTES"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    try:
        code = main(args)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 2
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["llama-bot", *args], code, out, err)


def assert_clean(result: subprocess.CompletedProcess[str], *, status: int | None = None,
                 one_line: bool = True) -> str:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode in DOCUMENTED, (result.returncode, output)
    if status is not None:
        assert result.returncode == status, (result.returncode, output)
    if one_line and result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
    return result.stderr.strip()


@pytest.fixture
def workdir(tmp_path: Path, migrated_db: Path) -> Path:
    shutil.copy(migrated_db, tmp_path / "herdbook.db")
    return tmp_path


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bot.storage.db import upgrade_to_head

    path = tmp_path_factory.mktemp("template") / "herdbook.db"
    upgrade_to_head(f"sqlite:///{path}")
    return path


@pytest.mark.parametrize("args", LLAMA_BOT, ids=lambda a: " ".join(a) or "bare")
def test_every_llama_bot_command_refuses_every_bad_setting_in_one_line(tmp_path: Path, args: list[str],
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # All the bad settings at once: the one line names each of them, and nothing is created.
    env = {**TOKENS}
    for values, _ in BAD_SETTINGS.values():
        env.update(values)
    env["DATABASE_URL"] = "garbage"
    message = assert_clean(run_main(args, cwd=tmp_path, env=env, monkeypatch=monkeypatch, capsys=capsys), status=2)
    for name in ("DATABASE_URL", "DEFAULT_LICENSE", "DEFAULT_POLICY", "LOG_LEVEL", "CLOCK_INTERVAL_MINUTES", "PORT"):
        assert name in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_each_bad_setting_is_named_with_what_to_write(tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    values, fragments = BAD_SETTINGS[case]
    result = run_main(["clock"], cwd=tmp_path, env={**TOKENS, **values}, monkeypatch=monkeypatch, capsys=capsys)
    message = assert_clean(result, status=2)
    assert message.startswith("llama-bot: cannot start with these settings:")
    for fragment in fragments:
        assert fragment in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "status", "fragment"),
    [
        (["audit", "export", "--out", "/nonexistent/dir/x"], 2, "does not exist"),
        (["audit", "export", "--since", "last week"], 2, "YYYY-MM-DD"),
        (["audit", "import"], 2, "invalid choice"),
        (["db", "downgrade"], 2, "invalid choice"),
        (["jobs", "run", "payday"], 2, "invalid choice"),
        (["jobs", "run", "sweep", "--now", "yesterday"], 2, "ISO-8601"),
        (["jobs"], 2, "required"),
        (["frobnicate"], 2, "invalid choice"),
        (["serve", "--port", "1"], 2, "unrecognized arguments"),
    ],
)
def test_bad_arguments_are_usage_errors(workdir: Path, args: list[str], status: int, fragment: str,
                                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(args, cwd=workdir, env={"DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"},
                      monkeypatch=monkeypatch, capsys=capsys)
    message = assert_clean(result, status=status, one_line=False)  # argparse: a usage line, then the error
    assert fragment in message
    assert not (workdir / "x").exists()


@pytest.mark.parametrize("args", [["serve"], ["socket"], ["clock"], ["jobs", "run", "sweep"], ["audit", "export"]],
                         ids=" ".join)
def test_unmigrated_database_is_refused_and_no_file_is_created(tmp_path: Path, args: list[str],
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    message = assert_clean(run_main(args, cwd=tmp_path, env=TOKENS, monkeypatch=monkeypatch, capsys=capsys), status=3)
    assert "llama-bot db upgrade" in message
    assert list(tmp_path.iterdir()) == []  # no empty herdbook.db left behind


@pytest.mark.parametrize(
    ("args", "env", "status", "fragment"),
    [
        ([], {"DATABASE_URL": "garbage"}, 2, "DATABASE_URL"),
        (["db", "upgrade"], {"DATABASE_URL": "mysql://root@127.0.0.1:3306/test"}, 2, "'MySQLdb'"),
        (["audit", "export", "--out", "/nonexistent/dir/x"], {}, 2, "does not exist"),
        (["clock"], {"SLACK_BOT_TOKEN": "xoxb-1-2-3"}, 3, "llama-bot db upgrade"),
    ],
    ids=["garbage-url", "mysql-url", "audit-out", "clock-unmigrated"],
)
def test_reported_cases_as_real_processes(tmp_path: Path, args: list[str], env: dict[str, str], status: int,
                                          fragment: str) -> None:
    message = assert_clean(run("llama-bot", args, cwd=tmp_path, env=env), status=status)
    assert fragment in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("mode", ["serve", "socket"])
def test_serve_and_socket_without_network_say_so(workdir: Path, mode: str) -> None:
    env = {**TOKENS, "DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"}
    message = assert_clean(run("llama-bot", [mode], cwd=workdir, env=env), status=4)
    assert "cannot reach Slack" in message and "network" in message


def test_slack_in_trouble_is_not_blamed_on_the_token(workdir: Path) -> None:
    with FakeSlack() as fake:
        fake.fail_next("auth.test", status=503)
        env = {**TOKENS, "SLACK_API_URL": fake.url, "DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"}
        message = assert_clean(run("llama-bot", ["serve"], cwd=workdir, env=env), status=4)
        assert "HTTP 503" in message and "refused" not in message


@pytest.mark.parametrize(("mode", "method", "token"), [
    ("serve", "auth.test", "SLACK_BOT_TOKEN"),
    ("socket", "auth.test", "SLACK_BOT_TOKEN"),
    ("socket", "apps.connections.open", "SLACK_APP_TOKEN"),
])
def test_serve_and_socket_refuse_a_token_slack_refuses(workdir: Path, mode: str, method: str, token: str) -> None:
    with FakeSlack() as fake:
        fake.fail_next(method, status=200, body={"ok": False, "error": "invalid_auth"})
        env = {**TOKENS, "SLACK_API_URL": fake.url, "DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"}
        message = assert_clean(run("llama-bot", [mode], cwd=workdir, env=env), status=2)
        assert f"Slack refused {token} (invalid_auth)" in message and "https://api.slack.com/apps" in message
        assert fake.calls_to(method)


@pytest.mark.parametrize(
    ("args", "stdin", "status"),
    [
        ([], "", 2),
        (["ask"], "", 2),
        (["name"], "", 2),
        (["mau", "lots"], "", 2),
        (["--license", "llama-9", "ask", "can we?"], "", 2),
        (["--policy", "strictest", "name", "X"], "", 2),
        (["--json", "use", "chatbot", "--mau", "many"], "", 2),
        (["sing"], "", 2),
        (["card", "/nonexistent/README.md"], "", 2),
        (["card", "/"], "", 2),
        (["batch", "/nonexistent.jsonl"], "", 2),
        (["batch", "-"], '{"text": "x"}\n\n[1]\n{"cmd": "ask", "input": ["x"]}\nnot json\n', 0),
        (["licenses", "extra"], "", 2),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_llama_check_bad_input_never_shows_a_traceback(tmp_path: Path, args: list[str], stdin: str,
                                                       status: int) -> None:
    result = run("llama-check", args, cwd=tmp_path, stdin=stdin)
    assert_clean(result, status=status, one_line=bool(args))  # bare llama-check prints its usage


def test_llama_bot_reader_gone_is_no_traceback(workdir: Path) -> None:
    # `llama-bot shell | head -1`: the reader leaves after the first line.
    base = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_") and k != "DATABASE_URL"}
    proc = subprocess.Popen([console_script("llama-bot"), "shell"], cwd=workdir, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**base, "DATABASE_URL": f"sqlite:///{workdir / 'herdbook.db'}"})
    assert proc.stdout is not None and proc.stdin is not None
    proc.stdout.close()
    _, err = proc.communicate("/llama-check help\n/llama-check name Llama 2 Pro\n", timeout=60)
    assert "Traceback" not in err and proc.returncode == 0, err
