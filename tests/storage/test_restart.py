"""Restarting `llama-bot serve` loses nothing: register and report, stop the process, start a new
one on the same database, and `status` still shows both (SQLite file and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from bot.fakeslack import FakeSlack
from bot.slackrequests import signed_headers, slash_command
from bot.storage.db import upgrade_to_head
from tests.procs import console_script, free_port, wait_for
from tests.storage.conftest import OWNER, SECRET, TEAM_A, last_month


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        # Not up yet: gunicorn binds the port before its worker has booted and warmed up, so a probe can connect and
        # then wait out its read timeout (seen in CI under load); the caller polls again until its deadline.
        return 0


class Server:
    def __init__(self, *, database_url: str, fake: FakeSlack, log: Path) -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        env.update(SLACK_BOT_TOKEN="xoxb-test-token", SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.url,
                   PORT=str(self.port), DATABASE_URL=database_url, WEB_CONCURRENCY="1", LOG_LEVEL="WARNING")
        self.log = log.open("ab")
        self.proc = subprocess.Popen([console_script("llama-bot"), "serve"], env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        wait_for(lambda: self.proc.poll() is not None or _get(self.base + "/healthz") == 200, what="serve to start")
        assert self.proc.poll() is None, log.read_text()

    def command(self, text: str, fake: FakeSlack, key: str) -> str:
        body = slash_command(text, response_url=fake.response_url(key), user_id=OWNER, team_id=TEAM_A)
        req = urllib.request.Request(self.base + "/slack/events", data=body.encode(),
                                     headers=signed_headers(SECRET, body), method="POST")
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 200
        call = wait_for(lambda: [c for c in fake.calls_to("response_url") if c.path.endswith("/" + key)],
                     what=f"the reply to {text!r}")[0]
        return str(call.body.get("text"))

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)  # gunicorn's arbiter and its worker
        self.proc.wait(timeout=30)
        self.log.close()


def test_restart_loses_nothing(database_url: str, tmp_path: Path) -> None:
    upgrade_to_head(database_url)
    log = tmp_path / "serve.log"
    with FakeSlack() as fake:
        fake.add_user(OWNER, name="olivia")
        first = Server(database_url=database_url, fake=fake, log=log)
        try:
            assert "Registered" in first.command('register "Support Bot" license llama-3.1', fake, "r1")
            assert "Saved" in first.command('report "Support Bot" 6.2M', fake, "r2")
        finally:
            first.stop()
        second = Server(database_url=database_url, fake=fake, log=log)
        try:
            status = second.command("status", fake, "r3")
        finally:
            second.stop()
    assert "Support Bot" in status and "llama-3.1" in status
    assert f"Company total for {last_month()}: 6,200,000" in status
