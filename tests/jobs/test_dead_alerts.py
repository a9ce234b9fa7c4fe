"""An alert the outbox gave up on stays visible (status, /healthz) and is posted once Slack recovers."""

from __future__ import annotations

from datetime import timedelta

from slack_bolt import App

from bot.storage.repository import health_counters
from tests.jobs.conftest import World, at
from tests.jobs.test_checkin_listener import app, command  # noqa: F401 - fixture

M = 1_000_000
T = at("2026-11-05 09:00")


def alert_posts(world: World) -> list[str]:
    return [c.body["text"] for c in world.posts() if "passed 50 %" in c.body["text"]]


def test_dead_alert_is_shown_then_delivered_exactly_once_after_recovery(app: App, world: World) -> None:  # noqa: F811
    world.workspace()
    sid = world.service("Support Bot", owner="U1")
    world.report(sid, "2026-10", 400 * M, now=T)
    world.fake.fail_next("chat.postMessage", status=503, times=1000)  # a long Slack outage
    now = T
    for _ in range(12):  # 8 attempts with backoff 1, 2, 4 ... 64 minutes
        world.tick(now)
        if len(world.notifications(kind="alert", status="dead")) == 2:
            break
        now += timedelta(hours=2)
    dead = world.notifications(kind="alert", status="dead")
    assert sorted(n.subject for n in dead) == ["level:50:company", "level:50:service:1"]
    assert health_counters(engine=world.engine) == {"dead_alerts": 2}

    shown = command(app, world, "status")
    assert "The 50 % alert for the company total (2026-10) could not be posted" in shown
    assert "The 50 % alert for *Support Bot* (2026-10)" in shown and "503" in shown
    assert f"last tried {dead[0].claimed_at:%Y-%m-%d %H:%M} UTC" in shown

    world.fake.reset()  # Slack is back
    for minutes in (0, 1, 40, 90, 600):
        world.tick(now + timedelta(minutes=minutes))
    assert len(alert_posts(world)) == 2  # each alert once
    assert {n.status for n in world.notifications(kind="alert")} == {"sent"}
    assert health_counters(engine=world.engine) == {"dead_alerts": 0}
    assert "could not be posted" not in command(app, world, "status")


def test_a_dead_alert_superseded_by_a_higher_level_stays_dead(world: World) -> None:
    world.workspace()
    sid = world.service("Support Bot", owner="U1")
    world.report(sid, "2026-10", 400 * M, now=T)
    world.fake.fail_next("chat.postMessage", body={"ok": False, "error": "not_in_channel"}, status=200, times=2)
    world.tick(T)
    assert len(world.notifications(status="dead")) == 2  # refused for good at once
    refused = len(world.posts())
    world.report(sid, "2026-10", 600 * M, now=T)  # the 75 % alert is posted meanwhile
    world.tick(T + timedelta(minutes=5))
    for minutes in (40, 80):
        world.tick(T + timedelta(minutes=minutes))
    texts = [c.body["text"] for c in world.posts()[refused:]]
    assert sum("passed 75 %" in t for t in texts) == 2 and not any("passed 50 %" in t for t in texts)
    assert {n.status for n in world.notifications(kind="alert") if n.subject.startswith("level:50")} == {"obsolete"}
    assert health_counters(engine=world.engine) == {"dead_alerts": 0}


def test_a_dead_alert_of_a_rearmed_level_stays_dead(world: World) -> None:
    world.workspace()
    sid = world.service("Support Bot", owner="U1")
    world.report(sid, "2026-10", 400 * M, now=T)
    world.fake.fail_next("chat.postMessage", body={"ok": False, "error": "not_in_channel"}, status=200, times=2)
    world.tick(T)
    refused = len(world.posts())
    world.report(sid, "2026-10", 100 * M, now=T)  # corrected: it never passed 50 %
    for minutes in (5, 40, 80):
        world.tick(T + timedelta(minutes=minutes))
    assert world.posts()[refused:] == []
    assert {n.status for n in world.notifications(kind="alert")} == {"obsolete"}
    assert health_counters(engine=world.engine) == {"dead_alerts": 0}
