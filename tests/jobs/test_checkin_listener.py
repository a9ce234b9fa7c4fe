"""The check-in DM's buttons and modal, through the real Bolt app with signed requests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltResponse
from sqlmodel import Session, select

from bot.app import create_app
from bot.fakeslack import Call
from bot.jobs.periods import add_months, latest_complete_month
from bot.settings import Settings
from bot.slackrequests import bolt_request, slash_command
from bot.storage.models import Audit, MauReport
from tests.jobs.conftest import World, at

SECRET = "jobs-test-signing-secret-0123456789"
# The listeners read the real clock (at the edge); the month asked about is the real last month.
MONTH = latest_complete_month(datetime.now(UTC))
ASKED_AT = at(f"{add_months(MONTH, 1)}-01 10:00")


@pytest.fixture
def app(world: World) -> App:
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET,
                        slack_api_url=world.fake.url, database_url="sqlite://")
    return create_app(settings, process_before_response=True, engine=world.engine)


def asked(world: World, name: str = "Support Bot", owner: str = "U1", last: int | None = 3_000_000) -> Call:
    world.workspace()
    sid = world.service(name, owner=owner)
    if last is not None:
        world.report(sid, add_months(MONTH, -1), last, now=ASKED_AT)
    world.tick(ASKED_AT)
    (dm,) = world.dms(owner)
    return dm


def button(dm: Call, action_id: str) -> dict[str, Any]:
    actions = next(b for b in dm.body["blocks"] if b["type"] == "actions")
    return next(e for e in actions["elements"] if e["action_id"] == action_id)


def click(app: App, world: World, dm: Call, action_id: str, *, user: str = "U1") -> BoltResponse:
    element = button(dm, action_id)
    payload = {
        "type": "block_actions", "team": {"id": "T1", "domain": "fake"}, "user": {"id": user, "team_id": "T1"},
        "api_app_id": "A0HERDBOOK", "trigger_id": "111.222.abc", "channel": {"id": dm.body["channel"]},
        "container": {"type": "message", "message_ts": "1700000001.000100", "channel_id": dm.body["channel"]},
        "message": {"ts": "1700000001.000100", "text": dm.body["text"]},
        "response_url": world.fake.response_url("dm"),
        "actions": [{"action_id": action_id, "block_id": "b", "value": element["value"], "type": "button",
                     "action_ts": "1700000002.0"}],
    }
    response = app.dispatch(bolt_request(SECRET, urlencode({"payload": json.dumps(payload)})))
    assert response.status == 200
    return response


def submit(app: App, view: dict[str, Any], value: str, *, user: str = "U1") -> BoltResponse:
    payload = {
        "type": "view_submission", "team": {"id": "T1", "domain": "fake"}, "user": {"id": user, "team_id": "T1"},
        "api_app_id": "A0HERDBOOK",
        "view": {**view, "id": "V0CHECKIN", "team_id": "T1",
                 "state": {"values": {"mau": {"value": {"type": "plain_text_input", "value": value}}}}},
    }
    response = app.dispatch(bolt_request(SECRET, urlencode({"payload": json.dumps(payload)})))
    assert response.status == 200
    return response


def reports(world: World) -> list[tuple[str, int, str]]:
    with Session(world.engine) as s:
        return [(r.month, r.value, r.reported_by) for r in s.exec(select(MauReport).order_by(MauReport.month))]


def test_report_through_the_modal_closes_the_checkin(app: App, world: World) -> None:
    dm = asked(world)
    click(app, world, dm, "checkin_open")
    (opened,) = world.fake.calls_to("views.open")
    view = opened.body["view"]
    assert view["callback_id"] == "checkin_report"
    assert view["blocks"][1]["element"]["initial_value"] == "3000000"  # pre-filled with the last value

    # a bad quantity is shown in the modal, next to the field, and nothing is saved
    response = submit(app, view, "lots of users")
    body = json.loads(response.body)
    assert body["response_action"] == "errors" and "lots of users" in body["errors"]["mau"]
    assert len(reports(world)) == 1

    response = submit(app, view, "3.5M")
    assert response.body in ("", None) or json.loads(response.body or "{}").get("response_action") != "errors"
    assert reports(world)[-1] == (MONTH, 3_500_000, "U1")
    (update,) = world.fake.calls_to("chat.update")
    assert update.body["channel"] == dm.body["channel"] and "Recorded" in update.body["text"]
    # closed: no reminder on day 3, no summary later
    world.tick(ASKED_AT + timedelta(days=3))
    world.tick(ASKED_AT + timedelta(days=9))
    assert len(world.dms("U1")) == 1 and world.posts("CALERT") == []
    with Session(world.engine) as s:
        assert [a.action for a in s.exec(select(Audit))] == ["report", "report"]  # refused, then saved


def test_no_change_records_last_value(app: App, world: World) -> None:
    dm = asked(world)
    click(app, world, dm, "checkin_no_change")
    assert reports(world)[-1] == (MONTH, 3_000_000, "U1")
    (replaced,) = world.fake.calls_to("response_url")
    assert replaced.body["replace_original"] is True and "Recorded 3,000,000" in replaced.body["text"]


def test_only_the_owner_or_an_admin_may_answer(app: App, world: World) -> None:
    dm = asked(world)
    world.fake.add_user("U2", name="mallory")
    click(app, world, dm, "checkin_no_change", user="U2")
    assert len(reports(world)) == 1
    (refused,) = world.fake.calls_to("response_url")
    assert "only <@U1> or a workspace admin" in refused.body["text"]
    world.fake.add_user("UADMIN", name="ada", is_admin=True)
    click(app, world, dm, "checkin_no_change", user="UADMIN")
    assert reports(world)[-1] == (MONTH, 3_000_000, "UADMIN")


def test_no_change_button_needs_an_earlier_value(app: App, world: World) -> None:
    dm = asked(world, last=None)
    actions = next(b for b in dm.body["blocks"] if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == ["checkin_open"]


def test_report_from_the_modal_runs_the_sweep(app: App, world: World) -> None:
    dm = asked(world)
    click(app, world, dm, "checkin_open")
    submit(app, world.fake.calls_to("views.open")[0].body["view"], "400M")
    subjects = sorted(n.subject for n in world.notifications(kind="alert"))
    assert subjects == ["level:50:company", "level:50:service:1"]


def command(app: App, world: World, text: str, *, user: str = "U1") -> str:
    before = len(world.fake.calls_to("response_url"))
    body = slash_command(text, response_url=world.fake.response_url("cmd"), user_id=user, team_id="T1")
    assert app.dispatch(bolt_request(SECRET, body)).status == 200
    return "\n".join(c.body.get("text", "") for c in world.fake.calls_to("response_url")[before:])


def test_report_command_closes_the_checkin_and_runs_the_sweep(app: App, world: World) -> None:
    asked(world)
    answer = command(app, world, f'report "Support Bot" 400M for {MONTH}')
    assert "Saved" in answer
    assert sorted(n.subject for n in world.notifications(kind="alert")) == ["level:50:company",
                                                                            "level:50:service:1"]
    world.tick(ASKED_AT + timedelta(days=3))
    assert len(world.dms("U1")) == 1  # no reminder: the month is reported
    world.deliver(datetime.now(UTC) + timedelta(seconds=1))  # the alerts were queued at the real time
    assert len([c for c in world.posts() if "passed 50 %" in c.body["text"]]) == 2


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([100_000_000, 200_000_000, 300_000_000], "would reach 700 million in"),
        ([100_000_000, 100_000_000, 100_000_000], "not within 36 months"),
        ([100_000_000], "not enough data to forecast"),
    ],
)
def test_status_shows_the_forecast(app: App, world: World, values: list[int], expected: str) -> None:
    world.workspace()
    sid = world.service("Support Bot", owner="U1", since=add_months(MONTH, -5), now=datetime.now(UTC))
    for i, value in enumerate(values):
        world.report(sid, add_months(MONTH, i - len(values) + 1), value, now=datetime.now(UTC))
    assert expected in command(app, world, "status")
