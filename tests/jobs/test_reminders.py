"""Reminders 3 and 7 days after the check-in, then one summary a month in the alert channel."""

from __future__ import annotations

from tests.jobs.conftest import World, at

M = 1_000_000


def two_services(world: World) -> tuple[int, int]:
    world.workspace()
    done = world.service("Done Bot", owner="UDONE")
    late = world.service("Late Bot", owner="ULATE")
    for sid in (done, late):
        world.report(sid, "2026-09", 3 * M)
    world.tick(at("2026-11-01 09:00"))  # both asked
    world.report(done, "2026-10", 4 * M, now=at("2026-11-02 08:00"))
    return done, late


def texts(world: World, user: str) -> list[str]:
    return [c.body["text"] for c in world.dms(user)]


def test_reminders_on_day_3_and_7_only_while_unreported(world: World) -> None:
    two_services(world)
    timeline = [
        ("2026-11-04 08:55", 1),  # 2 days 23 hours: not yet
        ("2026-11-04 09:00", 2),  # day 3
        ("2026-11-04 09:05", 2),
        ("2026-11-07 12:00", 2),
        ("2026-11-08 09:00", 3),  # day 7
        ("2026-11-08 09:05", 3),
        ("2026-11-20 09:00", 3),
    ]
    for now, count in timeline:
        world.tick(at(now))
        assert len(texts(world, "ULATE")) == count, now
    first, r3, r7 = texts(world, "ULATE")
    assert first.startswith("How many monthly active users did Late Bot")
    assert r3.startswith("Reminder (3 days): Late Bot has no MAU for October 2026")
    assert r7.startswith("Reminder (7 days)")
    assert len(texts(world, "UDONE")) == 1  # reported on the 2nd: never reminded
    kinds = [(n.kind, n.period) for n in world.notifications(kind="reminder")]
    assert kinds == [("reminder", "2026-10:r3"), ("reminder", "2026-10:r7")]


def test_monthly_summary_names_missing_services_and_owners_once(world: World) -> None:
    two_services(world)
    gone = world.service("Orphan Bot", owner=None)
    world.report(gone, "2026-09", 1 * M)
    for now in ("2026-11-01 10:00", "2026-11-04 09:00", "2026-11-08 09:00", "2026-11-08 23:00"):
        world.tick(at(now))
    channel_texts = [c.body["text"] for c in world.posts("CALERT")]
    assert len(channel_texts) == 1 and "Orphan Bot" in channel_texts[0]  # the owner-missing notice
    for now in ("2026-11-09 09:00", "2026-11-09 09:05", "2026-11-15 09:00", "2026-11-30 09:00"):
        world.tick(at(now))
    summaries = [c for c in world.posts("CALERT") if "still ha" in c.body["text"]]
    assert len(summaries) == 1
    text = summaries[0].body["text"]
    assert "2 services still have no MAU for October 2026" in text
    assert "Late Bot (<@ULATE>)" in text and "Orphan Bot (no owner)" in text
    assert "Done Bot" not in text


def test_no_summary_when_everyone_reported(world: World) -> None:
    _, late = two_services(world)
    world.tick(at("2026-11-04 09:00"))
    world.report(late, "2026-10", 1 * M, now=at("2026-11-05 08:00"))
    for now in ("2026-11-08 09:00", "2026-11-10 09:00"):
        world.tick(at(now))
    assert world.posts("CALERT") == []
    assert len(texts(world, "ULATE")) == 2  # the check-in and the day-3 reminder, nothing after


def test_long_outage_sends_the_latest_reminder_only(world: World) -> None:
    two_services(world)
    world.tick(at("2026-11-12 09:00"))  # the clock was down from the 1st to the 12th
    assert [t.split(":")[0] for t in texts(world, "ULATE")[1:]] == ["Reminder (7 days)"]
    assert len([c for c in world.posts("CALERT") if "still ha" in c.body["text"]]) == 1
