"""Enterprise Grid: an org-wide install is one tenant keyed by its enterprise id, whichever of the
org's workspaces a request comes from; a workspace-level install is keyed by its team id; two orgs
never share a record. One test per surface: command, event, action, view."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from sqlmodel import select

from bot.slackrequests import event_callback, mention_event, slash_command
from bot.storage.db import session_scope
from bot.storage.models import Service, Workspace
from tests.storage.conftest import OWNER, last_month, months_ago
from tests.storage.test_register_modal import _values


def org_command(slack, text: str, *, enterprise: str, team: str = "", org_install: bool = True):  # type: ignore[no-untyped-def]
    body = slash_command(text, response_url=slack.fake.response_url("cmd"), user_id=OWNER, team_id=team)
    body += "&" + urlencode({"enterprise_id": enterprise, "is_enterprise_install": str(org_install).lower()})
    return slack.dispatch(body)


def org_interaction(slack, payload: dict, *, enterprise: str, team: str):  # type: ignore[no-untyped-def]
    payload = {**payload, "team": None, "enterprise": {"id": enterprise, "name": enterprise},
               "is_enterprise_install": True, "user": {"id": OWNER, "team_id": team},
               "api_app_id": "A0HERDBOOK"}
    return slack.dispatch(urlencode({"payload": json.dumps(payload)}))


def tenants(engine) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        found: dict[str, list[str]] = {w.id: [] for w in s.exec(select(Workspace))}
        for svc in s.exec(select(Service).order_by(Service.id)):
            found[svc.workspace_id].append(svc.name)
    return found


def test_command_two_orgs_with_empty_team_ids_never_share(slack, engine) -> None:  # type: ignore[no-untyped-def]
    assert "Registered" in org_command(slack, 'register "Grid Helper" mau 5M', enterprise="E1").text
    assert "Grid Helper" not in org_command(slack, "status", enterprise="E2").text
    assert "Registered" in org_command(slack, 'register "Grid Helper" mau 1M', enterprise="E2").text
    # The same org from another of its workspaces: the same tenant.
    assert "5,000,000" in org_command(slack, "status", enterprise="E1", team="T0E1B").text
    # A workspace-level install inside a Grid org is its own tenant.
    assert "No services are registered" in org_command(slack, "status", enterprise="E1", team="T0E1C",
                                                       org_install=False).text
    assert tenants(engine) == {"E1": ["Grid Helper"], "E2": ["Grid Helper"], "T0E1C": []}


def test_event_mentions_of_two_orgs_never_share(slack, engine) -> None:  # type: ignore[no-untyped-def]
    org_command(slack, 'register "Grid Helper" mau 5M', enterprise="E1")

    def mention(enterprise: str, text: str) -> str:
        body = json.loads(event_callback(mention_event(text, user=OWNER), team_id=""))
        body.update(enterprise_id=enterprise, is_enterprise_install=True, authorizations=[
            {"enterprise_id": enterprise, "team_id": None, "user_id": "UBOT", "is_bot": True,
             "is_enterprise_install": True}])
        return slack.dispatch(json.dumps(body)).text

    assert "Grid Helper" in mention("E1", "status")
    assert "Grid Helper" not in mention("E2", "status")
    assert tenants(engine) == {"E1": ["Grid Helper"], "E2": []}


def test_action_of_another_org_cannot_reach_a_service(slack, engine) -> None:  # type: ignore[no-untyped-def]
    org_command(slack, 'register "Grid Helper" mau 5M', enterprise="E1")
    with session_scope(engine) as s:
        (service_id,) = s.exec(select(Service.id)).all()

    def open_report(enterprise: str, team: str):  # type: ignore[no-untyped-def]
        before = len(slack.fake.calls_to("views.open"))
        sent = org_interaction(slack, {
            "type": "block_actions", "trigger_id": "111.222.abc", "response_url": slack.fake.response_url("act"),
            "container": {"type": "message", "message_ts": "1700000001.000100", "channel_id": "D0OWNER"},
            "channel": {"id": "D0OWNER"}, "message": {"ts": "1700000001.000100", "text": "check-in"},
            "actions": [{"action_id": "checkin_open", "block_id": "b", "type": "button", "action_ts": "1.0",
                         "value": json.dumps({"service_id": service_id, "month": last_month()})}],
        }, enterprise=enterprise, team=team)
        return sent, len(slack.fake.calls_to("views.open")) - before

    sent, opened = open_report("E1", "T0E1A")
    assert opened == 1
    sent, opened = open_report("E2", "T0E2A")
    assert opened == 0 and "no longer registered here" in sent.text


def test_view_submissions_of_two_orgs_are_two_services(slack, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command("register")
    [opened] = slack.fake.calls_to("views.open")
    view = opened.body["view"]
    for enterprise, team in (("E1", "T0E1A"), ("E2", "T0E2A"), ("E1", "T0E1B")):
        org_interaction(slack, {
            "type": "view_submission",
            "view": {**view, "id": "V0REGISTER", "team_id": team,
                     "state": {"values": _values(name="Grid Helper", since=months_ago(3))}},
        }, enterprise=enterprise, team=team)
    with session_scope(engine) as s:
        services = sorted((svc.workspace_id, svc.name) for svc in s.exec(select(Service)))
    assert services == [("E1", "Grid Helper"), ("E2", "Grid Helper")]
