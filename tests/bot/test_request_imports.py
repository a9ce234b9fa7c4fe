"""After a worker's warm-up, answering a rules question or `status` imports no module (bench/profile_request.py,
docs/performance.md): everything the answer needs was loaded before the first request.

Run in a fresh interpreter: this test process has imported much more than a worker does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, sys, tempfile
    from bot import web
    from bot.fakeslack import FakeSlack
    from bot.settings import Settings
    from bot.slackrequests import signed_environ, slash_command
    from bot.storage import audit
    from bot.storage.db import upgrade_to_head

    secret = "imports-test-secret-0123456789"
    url = "sqlite:///" + tempfile.mkdtemp() + "/herdbook.db"
    upgrade_to_head(url)
    from datetime import UTC, datetime
    from bot.storage import repository as repo
    from bot.storage.db import make_engine, session_scope
    now = datetime.now(UTC)
    seed = make_engine(url)
    with session_scope(seed) as s:  # a workspace with reported services: status draws its forecast line
        repo.get_or_create_workspace(session=s, team_id="T0IMPORT", now=now)
        for i, month in enumerate(("2026-01", "2026-02", "2026-03")):
            svc = repo.register_service(session=s, workspace_id="T0IMPORT", name=f"Svc {i}", license="llama-3.1",
                                        owner_id="U1", user_id="U1", now=now, since_month="2026-01")
            for m in ("2026-01", "2026-02", "2026-03"):
                repo.record_report(session=s, workspace_id="T0IMPORT", service_id=svc.id, month=m,
                                   value=1_000_000 * (i + 1), user_id="U1", now=now)
    seed.dispose()

    def call(app, text, response_url):
        environ = signed_environ(secret, slash_command(text, response_url=response_url, team_id="T0IMPORT"))
        status = []
        b"".join(app(environ, lambda s, h: status.append(s)))
        assert status[0].startswith("200"), (text, status)

    with FakeSlack() as fake:
        settings = Settings(_env_file=None, slack_bot_token="xoxb-t", slack_signing_secret=secret,
                            slack_api_url=fake.url, database_url=url)
        app = web.build_wsgi(settings, inline=True)  # what each gunicorn worker loads, warm-up included
        call(app, "help", fake.response_url("first"))  # the first request pays Bolt's auth.test: not counted
        new = {}
        for text in sys.argv[1:]:
            before = set(sys.modules)
            call(app, text, fake.response_url("r"))
            new[text] = sorted(set(sys.modules) - before)
        audit.stop_all()
        print(json.dumps(new))
""")

ANSWERS = ["name Llama 2 Pro", "mau 800M", "use customer support chatbot mau 5M",
           "can we fine-tune Llama 3 and sell API access?", "help name", "status"]


def test_answers_import_nothing_after_the_warm_up() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, *ANSWERS], check=False, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    new = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(new) == set(ANSWERS)
    assert new == {text: [] for text in ANSWERS}
