"""No command's ack pays for matplotlib: it is imported by the chart's drawing code only.

Run in a fresh interpreter, because this test process imports matplotlib for the chart tests.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, sys, tempfile
    from bot.app import create_app
    from bot.fakeslack import FakeSlack
    from bot.settings import Settings
    from bot.slackrequests import bolt_request, event_callback, home_opened_event, slash_command
    from bot.storage.db import upgrade_to_head
    import bot.blocks.home, bot.charts, bot.listeners.duties, bot.listeners.home, bot.services.home  # noqa

    assert "matplotlib" not in sys.modules, "importing the bot imported matplotlib"
    secret = "imports-test-secret-0123456789"
    url = "sqlite:///" + tempfile.mkdtemp() + "/herdbook.db"
    upgrade_to_head(url)
    with FakeSlack() as fake:
        settings = Settings(_env_file=None, slack_bot_token="xoxb-t", slack_signing_secret=secret,
                            slack_api_url=fake.url, database_url=url)
        app = create_app(settings, process_before_response=True)
        seen = {}
        for text in sys.argv[1:]:
            body = slash_command(text, response_url=fake.response_url("r"), team_id="T0IMPORT")
            response = app.dispatch(bolt_request(secret, body))
            assert response.status == 200, (text, response.body)
            seen[text] = "matplotlib" in sys.modules
        app.dispatch(bolt_request(secret, event_callback(home_opened_event(), team_id="T0IMPORT")))
        seen["home opened, nothing reported"] = "matplotlib" in sys.modules
        body = slash_command("status chart", response_url=fake.response_url("r"), team_id="T0IMPORT")
        app.dispatch(bolt_request(secret, body))
        seen["status chart (nothing to draw)"] = "matplotlib" in sys.modules
        print(json.dumps(seen))
""")

COMMANDS = ["help", "name Llama 2 Pro", "mau 800M", "use customer support chatbot mau 5M",
            "can we fine-tune Llama 3 and sell API access?", 'register "Support Bot" license llama-3.1',
            "status", 'duties "Support Bot"', "report Nope 5M"]


def test_no_command_imports_matplotlib() -> None:
    import json

    done = subprocess.run([sys.executable, "-c", SCRIPT, *COMMANDS], check=False, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(seen) >= set(COMMANDS)
    assert not any(seen.values()), seen
