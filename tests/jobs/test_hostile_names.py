"""A service named to ping everyone (`<!channel> Bot`) reaches Slack escaped in every message the jobs
and the check-in buttons send: check-in and reminder DMs, owner-missing notices, the monthly summary,
threshold alerts, the modal and the thank-you that replaces the DM."""

from __future__ import annotations

import json

import pytest
from slack_bolt import App

from bot.escape import slack_escape
from bot.fakeslack import FakeSlack
from tests.jobs.conftest import World, at
from tests.jobs.test_checkin_listener import ASKED_AT, MONTH, add_months, app, click  # noqa: F401 - fixture

HOSTILE = ["<!channel> Bot", "<!here|x> & <@U1>"]
M = 1_000_000


def assert_nothing_raw(fake: FakeSlack, name: str) -> list[str]:
    """No call carries `<!` (or the hostile `<@U1>`) anywhere; returns every call's JSON for more checks."""
    bodies = [json.dumps(c.body, ensure_ascii=False) for c in fake.calls]
    for body in bodies:
        assert "<!" not in body, body
        assert "<@U1>" not in body, body
    assert any(json.dumps(slack_escape(name), ensure_ascii=False)[1:-1] in b for b in bodies)
    return bodies


@pytest.mark.parametrize("name", HOSTILE)
def test_dms_reminders_notices_summary_and_alerts_are_escaped(world: World, name: str) -> None:
    world.workspace()
    late = world.service(name, owner="ULATE")
    orphan = world.service(name + " 2", owner=None)
    gone = world.service(name + " 3", owner="UGONE")
    world.fake.state.dm_fail_users.add("UGONE")
    for sid in (late, orphan, gone):
        world.report(sid, "2026-09", 130 * M)  # 390M in all: past the 50 % alert level
    for now in ("2026-11-01 09:00", "2026-11-01 09:10", "2026-11-04 09:00", "2026-11-08 09:00",
                "2026-11-09 09:00", "2026-11-09 09:05"):
        world.tick(at(now))
    kinds = {n.kind for n in world.notifications(status="sent")}
    assert kinds == {"checkin", "reminder", "owner_missing", "summary", "alert"}, kinds
    assert_nothing_raw(world.fake, name)
    texts = [c.body["text"] for c in world.fake.calls_to("chat.postMessage")]
    assert any(t.startswith(f"How many monthly active users did {slack_escape(name)}") for t in texts)


@pytest.mark.parametrize("name", HOSTILE)
def test_checkin_buttons_modal_and_thanks_are_escaped(app: App, world: World, name: str) -> None:  # noqa: F811
    world.workspace()
    sid = world.service(name, owner="U9")
    world.report(sid, add_months(MONTH, -1), 3 * M, now=ASKED_AT)
    world.tick(ASKED_AT)
    (dm,) = world.dms("U9")
    click(app, world, dm, "checkin_open", user="U9")
    click(app, world, dm, "checkin_no_change", user="U9")
    assert world.fake.calls_to("views.open") and world.fake.calls_to("response_url")
    assert_nothing_raw(world.fake, name)
