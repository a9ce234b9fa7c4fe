"""Check-ins: one DM per service and month, from 09:00 on the 1st in the owner's time zone."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.jobs.periods import checkin_month
from tests.jobs.conftest import World, at

M = 1_000_000


@pytest.mark.parametrize(
    ("now", "tz", "month"),
    [
        ("2026-10-31 23:59", "Asia/Seoul", "2026-09"),  # 08:59 KST on the 1st: not yet
        ("2026-11-01 00:00", "Asia/Seoul", "2026-10"),  # 09:00 KST
        ("2026-11-01 08:59", "UTC", "2026-09"),
        ("2026-11-01 09:00", "UTC", "2026-10"),
        ("2026-11-01 16:59", "America/Los_Angeles", "2026-09"),  # 08:59 PST (DST ended at 02:00)
        ("2026-11-01 17:00", "America/Los_Angeles", "2026-10"),
        ("2026-01-01 09:00", "UTC", "2025-12"),  # across the year
        ("2026-11-01 09:00", None, "2026-10"),  # no time zone from Slack: UTC
        ("2026-11-01 09:00", "Mars/Olympus_Mons", "2026-10"),  # unknown zone: UTC
    ],
)
def test_checkin_month(now: str, tz: str | None, month: str) -> None:
    assert checkin_month(at(now), tz) == month


def setup_three_zones(world: World) -> dict[str, int]:
    world.workspace()
    services = {
        "seoul": world.service("Seoul Search", owner="USEOUL", tz="Asia/Seoul"),
        "utc": world.service("Support Bot", owner="UGMT", tz="UTC"),
        "la": world.service("LA Captions", owner="ULA", tz="America/Los_Angeles"),
    }
    for i, sid in enumerate(services.values()):
        world.report(sid, "2026-09", (i + 1) * 10 * M)
    return services


def test_checkins_follow_each_owners_morning(world: World) -> None:
    setup_three_zones(world)
    timeline = [
        ("2026-10-31 23:55", []),
        ("2026-11-01 00:00", ["USEOUL"]),  # Seoul's 09:00 comes first
        ("2026-11-01 08:55", ["USEOUL"]),
        ("2026-11-01 09:00", ["USEOUL", "UGMT"]),
        ("2026-11-01 16:55", ["USEOUL", "UGMT"]),
        ("2026-11-01 17:00", ["USEOUL", "UGMT", "ULA"]),  # Los Angeles last
        ("2026-11-01 17:05", ["USEOUL", "UGMT", "ULA"]),
        ("2026-11-02 09:00", ["USEOUL", "UGMT", "ULA"]),
    ]
    for now, expected in timeline:
        world.tick(at(now))
        dmed = [c.body["channel"] for c in world.dms()]
        assert dmed == ["D" + u[1:] for u in expected], now


def test_checkin_message_has_last_value_and_both_buttons(world: World) -> None:
    services = setup_three_zones(world)
    world.tick(at("2026-11-01 09:00"))
    (dm,) = world.dms("UGMT")
    assert "Support Bot" in dm.body["text"] and "October 2026" in dm.body["text"]
    assert "20,000,000" in dm.body["text"]  # last month's value
    actions = next(b for b in dm.body["blocks"] if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == ["checkin_open", "checkin_no_change"]
    assert f'"service_id": {services["utc"]}' in actions["elements"][0]["value"]
    assert world.fake.calls_to("conversations.open")[0].body["users"] in {"USEOUL", "UGMT"}


def test_no_checkin_for_a_service_already_reported(world: World) -> None:
    services = setup_three_zones(world)
    world.report(services["utc"], "2026-10", 25 * M, now=at("2026-11-01 08:00"))
    world.tick(at("2026-11-01 18:00"))
    assert sorted(c.body["channel"] for c in world.dms()) == ["DLA", "DSEOUL"]


def test_reporting_before_delivery_closes_the_checkin(world: World) -> None:
    services = setup_three_zones(world)
    world.fake.fail_next("chat.postMessage", status=500, times=3)  # Slack is having a bad minute
    world.tick(at("2026-11-01 18:00"))
    assert [n.status for n in world.notifications(kind="checkin")] == ["failed"] * 3
    world.fake.reset()  # forget the three failed attempts
    world.report(services["utc"], "2026-10", 25 * M, now=at("2026-11-01 18:01"))
    world.tick(at("2026-11-01 18:30"))
    assert sorted(c.body["channel"] for c in world.dms()) == ["DLA", "DSEOUL"]
    (row,) = world.notifications(kind="checkin", subject=f"service:{services['utc']}")
    assert row.status == "skipped"


def test_clock_down_from_the_28th_to_the_3rd_catches_up_once(world: World) -> None:
    setup_three_zones(world)
    world.tick(at("2026-10-28 10:00"))
    assert world.dms() == []
    # ... the clock is down until the 3rd ...
    for now in ("2026-11-03 10:00", "2026-11-03 10:05", "2026-11-03 12:00"):
        world.tick(at(now))
    assert sorted(c.body["channel"] for c in world.dms()) == ["DGMT", "DLA", "DSEOUL"]
    assert len(world.notifications(kind="checkin")) == 3


def test_new_service_is_not_asked_about_a_month_before_it_existed(world: World) -> None:
    world.workspace()
    world.service("Brand New", owner="UNEW", since="2026-11", now=at("2026-11-01 08:00"))
    world.tick(at("2026-11-01 12:00"))
    assert world.dms() == []


@pytest.mark.parametrize(
    ("user", "reason"),
    [
        ({"deleted": True}, "they have left the workspace"),
        (None, "no owner is set"),
    ],
)
def test_owner_gone_goes_to_the_alert_channel_once(world: World, user: dict | None, reason: str) -> None:
    world.workspace()
    sid = world.service("Orphan Bot", owner="UGONE" if user else None, **(user or {}))
    world.report(sid, "2026-09", 5 * M)
    for now in ("2026-11-01 10:00", "2026-11-01 10:05", "2026-11-02 10:00"):
        world.tick(at(now))
    assert world.dms() == []
    (notice,) = world.posts("CALERT")
    assert "Orphan Bot" in notice.body["text"] and reason in notice.body["text"]


def test_dm_that_fails_becomes_one_channel_notice(world: World) -> None:
    world.workspace()
    sid = world.service("Quiet Bot", owner="UNODM")
    world.report(sid, "2026-09", 5 * M)
    world.fake.state.dm_fail_users.add("UNODM")
    for now in ("2026-11-01 10:00", "2026-11-01 10:05", "2026-11-01 10:10"):
        world.tick(at(now))
    (checkin,) = world.notifications(kind="checkin")
    assert checkin.status == "dead" and "cannot_dm_bot" in checkin.last_error
    (notice,) = world.posts("CALERT")
    assert "Quiet Bot" in notice.body["text"] and "UNODM" in notice.body["text"]


def test_owner_time_zone_is_cached(world: World) -> None:
    setup_three_zones(world)
    for minute in range(0, 30, 5):
        world.tick(datetime.fromisoformat(f"2026-11-01 10:{minute:02d}").replace(tzinfo=at("2026-11-01 00:00").tzinfo))
    # Seoul and UTC were asked at once; only Los Angeles is still pending, and users.info is not
    # called every tick for it.
    assert len(world.fake.calls_to("users.info")) == 3
