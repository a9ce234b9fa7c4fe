"""`llama-bot db upgrade`, `audit export`, the refusal to run on an out-of-date database, /healthz."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.__main__ import main
from bot.settings import Settings
from bot.storage import repository as repo
from bot.storage.db import current_revision, head_revision, make_engine, session_scope, upgrade_to_head

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_db_upgrade_creates_and_is_repeatable(database_url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0
    assert f"at migration {head_revision()} (latest)" in capsys.readouterr().out
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


@pytest.mark.parametrize("mode", ["serve", "socket"])
def test_refuses_to_start_on_a_database_behind(mode, database_url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-real-looking")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "0123456789abcdef")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-real-looking")
    assert main([mode]) == 3
    err = capsys.readouterr().err
    assert "llama-bot db upgrade" in err and "no Herdbook tables" in err
    assert "Traceback" not in err


def test_unreachable_database_is_one_line(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", "postgres://nobody:secret@127.0.0.1:1/none")
    assert main(["db", "upgrade"]) == 3
    err = capsys.readouterr().err
    assert "cannot use the database" in err and "secret" not in err and "Traceback" not in err


def _audit(engine) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        for i, (ws, action) in enumerate([("T1", "ask"), ("T2", "register"), ("T1", "report")]):
            repo.record_audit(session=s, workspace_id=ws, user_id="U1", action=action, now=NOW + timedelta(days=i),
                              input=f'text, with "quotes" {i}', result="ok", detail={"i": i})


@pytest.mark.parametrize(
    ("args", "actions"),
    [
        ([], ["ask", "register", "report"]),
        (["--workspace", "T1"], ["ask", "report"]),
        (["--since", "2026-11-27"], ["register", "report"]),
        (["--workspace", "T1", "--since", "2026-11-28"], ["report"]),
    ],
)
def test_audit_export_csv(engine, database_url, monkeypatch, capsys, args, actions) -> None:  # type: ignore[no-untyped-def]
    _audit(engine)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["audit", "export", *args]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["action"] for r in table] == actions
    assert all(r["input"].startswith('text, with "quotes"') for r in table)
    assert json.loads(table[0]["detail"])["i"] in (0, 1, 2)


def test_audit_export_to_file_and_bad_date(engine, database_url, monkeypatch, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _audit(engine)
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / "audit.csv"
    assert main(["audit", "export", "--out", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 4
    assert main(["audit", "export", "--since", "last week"]) == 2
    assert "'last week' is not a date" in capsys.readouterr().err


def _get(app, path: str) -> tuple[str, dict]:  # type: ignore[no-untyped-def]
    seen: dict = {}
    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, lambda status, headers: seen.update(s=status)))
    return seen["s"], json.loads(body)


def test_healthz_pings_the_database(database_url) -> None:  # type: ignore[no-untyped-def]
    from bot.web import build_wsgi

    upgrade_to_head(database_url)
    ok = build_wsgi(Settings(_env_file=None, slack_signing_secret="s", slack_bot_token="xoxb-t", database_url=database_url))
    assert _get(ok, "/healthz") == ("200 OK", {"ok": True, "database": "ok", "dead_alerts": 0})
    down = build_wsgi(Settings(_env_file=None, slack_signing_secret="s", slack_bot_token="xoxb-t",
                               database_url="postgresql://nobody@127.0.0.1:1/none"))
    status, payload = _get(down, "/healthz")
    assert status.startswith("503") and payload["ok"] is False


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                                     "\t=1+1", "\r=1+1"])
def test_audit_export_neutralises_formulas(engine, database_url, monkeypatch, capsys, hostile) -> None:  # type: ignore[no-untyped-def]
    """OWASP CSV injection: a cell that a spreadsheet would run as a formula starts with ' instead."""
    with session_scope(engine) as s:
        repo.record_audit(session=s, workspace_id="T1", user_id=hostile, action="ask", now=NOW, subject=hostile,
                          input=hostile, result="ok")
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["audit", "export"]) == 0
    (row,) = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    for column in ("user_id", "subject", "input"):
        assert row[column] == "'" + hostile
    assert row["action"] == "ask" and row["result"] == "ok"
