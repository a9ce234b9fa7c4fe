"""The threshold sweep: each level once per upward crossing, re-armed only by a real drop."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session

from bot.jobs.periods import add_months
from bot.jobs.sweep import run_sweep, sweep_workspace
from bot.storage.db import session_scope
from bot.storage.models import Workspace
from tests.jobs.conftest import World, at

LIMIT = 700_000_000


def pct(p: float) -> int:
    return round(LIMIT * p / 100)


def after(month: str) -> datetime:
    """A moment in the month after `month`, when `month` is the latest complete one."""
    return at(add_months(month, 1) + "-02 12:00")


def alerts(world: World) -> list[tuple[str, str]]:
    """(subject, month) of every alert queued, in order."""
    return [(n.subject, n.period) for n in world.notifications(kind="alert")]


def run_months(world: World, sid: int, values: list[float], start: str = "2026-01") -> None:
    month = start
    for value in values:
        world.report(sid, month, pct(value), now=after(month))
        world.jobs.run("sweep", now=after(month))
        world.jobs.run("deliver", now=after(month))
        month = add_months(month, 1)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # rising: every level exactly once, in order
        ([40, 55, 60, 80, 85, 92, 100, 105],
         [(50, "2026-02"), (75, "2026-04"), (90, "2026-06"), (100, "2026-07")]),
        # a jump over several levels is one message, at the highest; the lower ones do not follow later
        ([10, 95, 96], [(90, "2026-02")]),
        # a small dip (to 4 points below 50 %) and back: no second alert
        ([52, 46, 53, 47, 51], [(50, "2026-01")]),
        # a real drop (more than 5 points below) re-arms; the next crossing alerts again
        ([52, 44, 51], [(50, "2026-01"), (50, "2026-03")]),
        # the limit itself: re-armed only below 95 %
        ([100, 96, 101, 94, 100], [(100, "2026-01"), (100, "2026-05")]),
    ],
)
def test_levels_fire_once_per_upward_crossing(world: World, values: list[float],
                                              expected: list[tuple[int, str]]) -> None:
    world.workspace()
    sid = world.service("Big Bot", owner="UBIG")
    run_months(world, sid, values)
    # one service: the company total and the service cross together
    want = sorted([(f"level:{lvl}:company", m) for lvl, m in expected]
                  + [(f"level:{lvl}:service:{sid}", m) for lvl, m in expected])
    assert sorted(alerts(world)) == want
    assert len(world.posts("CALERT")) == len(want)


def test_company_total_alerts_when_no_single_service_does(world: World) -> None:
    world.workspace()
    a = world.service("Alpha", owner="UA")
    b = world.service("Beta", owner="UB")
    world.report(a, "2026-03", pct(30))
    world.report(b, "2026-03", pct(25))
    world.jobs.run("sweep", now=after("2026-03"))
    assert alerts(world) == [("level:50:company", "2026-03")]


def test_limit_alert_says_what_to_do_and_quotes_section_2(world: World) -> None:
    world.workspace()
    a = world.service("Alpha", owner="UA")
    b = world.service("Beta", owner="UB")
    for i, month in enumerate(("2026-01", "2026-02", "2026-03")):
        world.report(a, month, pct(60 + 10 * i))
        world.report(b, month, pct(10 + 10 * i))
    world.jobs.run("sweep", now=after("2026-03"))
    world.jobs.run("deliver", now=after("2026-03"))
    company = next(c for c in world.posts() if c.body["text"].startswith("The company total"))
    text = company.body["text"]
    assert "reached the Llama license limit: 770,000,000" in text
    assert "requires requesting a license from Meta" in text
    assert "you must request a license from Meta, which Meta may grant to you in its sole discretion" in text
    blocks = str(company.body["blocks"])
    assert "Alpha" in blocks and "Beta" in blocks  # the largest services
    assert "Forecast: the company total already reached 700 million in 2026-03" in text


def test_forecast_in_a_lower_alert(world: World) -> None:
    world.workspace()
    sid = world.service("Growing", owner="UG")
    run_months(world, sid, [30, 40, 52])
    text = world.posts()[0].body["text"]
    assert "passed 50 %" in text and "Forecast: at the current trend" in text and "would reach 700 million in" in text


def test_same_month_swept_twice_and_after_the_report_posts_once(world: World) -> None:
    world.workspace()
    sid = world.service("Big Bot", owner="UBIG")
    now = after("2026-05")
    # the report handler's path: save and sweep in one transaction
    with session_scope(world.engine) as s:
        from bot.storage import repository as repo

        repo.record_report(session=s, workspace_id="T1", service_id=sid, month="2026-05", value=pct(80),
                           user_id="UBIG", now=now)
        sweep_workspace(session=s, workspace_id="T1", now=now)
    for minutes in (0, 5, 10):
        world.tick(now + timedelta(minutes=minutes))
    assert sorted(alerts(world)) == [("level:75:company", "2026-05"), (f"level:75:service:{sid}", "2026-05")]
    assert len(world.posts()) == 2


def test_no_alert_channel_keeps_the_level_armed(world: World) -> None:
    world.workspace(channel=None)
    sid = world.service("Big Bot", owner="UBIG")
    world.report(sid, "2026-05", pct(80))
    world.jobs.run("sweep", now=after("2026-05"))
    assert alerts(world) == []
    with session_scope(world.engine) as s:
        s.get(Workspace, "T1").alert_channel = "CLATER"
    world.jobs.run("sweep", now=after("2026-05") + timedelta(minutes=5))
    world.jobs.run("deliver", now=after("2026-05") + timedelta(minutes=5))
    assert len(world.posts("CLATER")) == 2


@pytest.mark.parametrize(("policy", "levels"), [("guide", [90, 100]), ("license-text", [90])])
def test_exactly_the_limit_depends_on_the_policy(world: World, policy: str, levels: list[int]) -> None:
    world.workspace()
    with session_scope(world.engine) as s:
        s.get(Workspace, "T1").default_policy = policy
    sid = world.service("Big Bot", owner="UBIG")
    run_months(world, sid, [92, 100])
    assert [s for s, _ in alerts(world) if s.endswith("company")] == [f"level:{lvl}:company" for lvl in levels]


def test_two_sweeps_at_once_post_each_alert_once(world: World) -> None:
    teams = [f"T{i:03d}" for i in range(12)]
    expected = []
    for team in teams:
        world.workspace(team)
        sid = world.service("Big Bot", owner="UBIG", team=team)
        world.report(sid, "2026-05", pct(91), team=team)
        expected += [(team, "level:90:company"), (team, f"level:90:service:{sid}")]
    now = after("2026-05")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            barrier.wait()
            run_sweep(engine=world.engine, now=now, page_size=5)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    got = sorted((n.workspace_id, n.subject) for n in world.notifications(kind="alert"))
    assert got == sorted(expected)
    world.jobs.run("deliver", now=now)
    world.jobs.run("deliver", now=now + timedelta(minutes=30))
    assert len(world.posts()) == len(expected)


def test_nothing_crosses_workspaces(world: World) -> None:
    world.workspace("TA")
    world.workspace("TB", channel="CB")
    a = world.service("Big Bot", owner="UA", team="TA")
    world.service("Small Bot", owner="UB", team="TB")
    world.report(a, "2026-05", pct(60), team="TA")
    world.jobs.run("sweep", now=after("2026-05"))
    with Session(world.engine) as s:
        assert {n.workspace_id for n in world.notifications(kind="alert")} == {"TA"}
        assert s.get(Workspace, "TB") is not None


def test_alert_names_services_counted_at_their_last_value(world: World) -> None:
    world.workspace()
    a = world.service("Alpha", owner="UA")
    b = world.service("Beta", owner="UB")
    world.report(a, "2026-04", pct(20))
    world.report(b, "2026-04", pct(20))
    world.report(a, "2026-05", pct(40))  # Beta has not reported May yet
    world.jobs.run("sweep", now=after("2026-05"))
    world.jobs.run("deliver", now=after("2026-05"))
    (company,) = [c for c in world.posts() if c.body["text"].startswith("The company total")]
    assert "passed 50 %" in company.body["text"]
    assert "counted at their last value: Beta." in str(company.body["blocks"])


SWEEP_CHILD = """
import sys, time
from datetime import datetime
from bot.jobs.sweep import run_sweep
from bot.storage.db import make_engine
engine = make_engine(sys.argv[1])
go = float(sys.argv[3])
while time.time() < go:  # both processes start sweeping at the same moment
    time.sleep(0.005)
print(len(run_sweep(engine=engine, now=datetime.fromisoformat(sys.argv[2]), page_size=3).alerts))
"""


def test_two_processes_sweeping_at_once_queue_each_alert_once(world: World) -> None:
    import subprocess
    import sys
    import time

    expected = 0
    for i in range(8):
        team = f"T{i:03d}"
        world.workspace(team)
        sid = world.service("Big Bot", owner="UBIG", team=team)
        world.report(sid, "2026-05", pct(76), team=team)
        expected += 2
    url = world.engine.url.render_as_string(hide_password=False)
    go = str(time.time() + 3)
    procs = [subprocess.Popen([sys.executable, "-c", SWEEP_CHILD, url, after("2026-05").isoformat(), go],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert sum(int(out) for out, _ in outs) == expected  # each alert queued by exactly one of them
    assert len(world.notifications(kind="alert")) == expected


def test_a_failing_after_report_sweep_does_not_lose_the_report(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.jobs import sweep as sweep_module
    from bot.storage import repository as repo

    world.workspace()
    sid = world.service("Big Bot", owner="UBIG")
    now = after("2026-05")

    def broken(*args: object, **kw: object) -> None:
        raise RuntimeError("simulated bug in the sweep")

    monkeypatch.setattr(sweep_module, "_apply", broken)
    with session_scope(world.engine) as s:
        repo.record_report(session=s, workspace_id="T1", service_id=sid, month="2026-05", value=pct(80),
                           user_id="UBIG", now=now)
        assert sweep_workspace(session=s, workspace_id="T1", now=now).alerts == []
    with Session(world.engine) as s:
        assert repo.get_report(session=s, workspace_id="T1", service_id=sid, month="2026-05").value == pct(80)
    monkeypatch.undo()
    world.jobs.run("sweep", now=now)  # the clock catches up
    assert len(alerts(world)) == 2
