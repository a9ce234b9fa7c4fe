"""Workspace commands end to end: signed requests through the real app, a fake Slack Web API, and a
real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.models import Audit, MauReport, MauReportRevision, ProcessedEvent, Service, Workspace
from tests.storage.conftest import ADMIN, CREATOR, OTHER, OWNER, TEAM_A, TEAM_B, last_month, months_ago, rows


def test_register_report_replace_history_status(slack, engine) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command('register "Support Bot" license llama3.1 mau 5M')
    assert "Registered *Support Bot*: llama-3.1" in sent.text and "5,000,000" in sent.text
    assert f"recorded for {last_month()}" in sent.text

    sent = slack.command("report support bot 6.2M")
    assert f"6,200,000 monthly active users in {last_month()}" in sent.text
    assert "replaces 5,000,000" in sent.text and f"<@{OWNER}>" in sent.text

    with session_scope(engine) as s:
        svc = repo.find_service(session=s, workspace_id=TEAM_A, name="Support Bot")
        assert (svc.license, svc.owner_id, svc.created_by) == ("llama-3.1", OWNER, OWNER)
        history = repo.report_history(session=s, workspace_id=TEAM_A, service_id=svc.id)
        assert [(h.month, h.value, h.reported_by) for h in history] == [
            (last_month(), 5_000_000, OWNER), (last_month(), 6_200_000, OWNER)]
    assert rows(engine, MauReport) == 1

    slack.command('register "Search" license llama-2 owner @oscar')
    slack.command("report Search 1.5 million", user=OTHER)
    sent = slack.command("status", user=ADMIN)
    text = sent.text
    assert "Support Bot" in text and "Search" in text and "llama-3.1" in text
    assert f"<@{OWNER}>" in text and f"<@{OTHER}>" in text
    assert f"Company total for {last_month()}: 7,700,000" in text
    assert "upper bound on unique users" in text and "affiliates" in text
    assert "headroom 692,300,000" in text and "below the first alert level" in text
    assert "allowed" in sent.posted[-1].body["text"]


@pytest.mark.parametrize(
    ("command", "expect"),
    [
        ('register "Chat" owner <@U0OTHER|oscar>', OTHER),
        ("register Chat owner @oscar", OTHER),
        ("register Chat owner @OSCAR license llama-2", OTHER),
        ("register Chat license llama-2", OWNER),  # no owner: the person registering
    ],
)
def test_register_owner_escaped_plain_or_self(slack, engine, command, expect) -> None:  # type: ignore[no-untyped-def]
    slack.command(command)
    with session_scope(engine) as s:
        assert repo.find_service(session=s, workspace_id=TEAM_A, name="Chat").owner_id == expect


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        ('register "Chat" license llama-9', "llama-9"),
        ('register "Chat" mau lots', "lots"),
        ('register "Chat" owner @nobody', "@nobody"),
        ('register "12M"', "looks like a number"),
    ],
)
def test_register_refused_writes_nothing(slack, engine, command, fragment) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command(command)
    assert fragment in sent.text and "register" in sent.text  # names the input, shows an example
    assert rows(engine, Service) == 0 and rows(engine, MauReport) == 0


@pytest.mark.parametrize(
    ("report", "fragment"),
    [
        ('report "Chat" lots', "'lots'"),
        ('report "Chat" -5', "-5"),
        ("report Chat 5M for 2026-13", "'2026-13' is not a month"),
        (f"report Chat 5M for {months_ago(0)}", "not over yet"),
        (f"report Chat 5M for {months_ago(-1)}", "in the future"),
        (f"report Chat 5M for {months_ago(2)}", "before Chat existed"),
        ("report Chat", "needs the service and a quantity"),
    ],
)
def test_bad_quantities_and_months_refused_nothing_written(slack, engine, report, fragment) -> None:  # type: ignore[no-untyped-def]
    slack.command("register Chat license llama-2")
    sent = slack.command(report)
    assert fragment in sent.text
    assert "report" in sent.text  # an example of what to send instead
    assert rows(engine, MauReport) == 0 and rows(engine, MauReportRevision) == 0
    with session_scope(engine) as s:
        refused = s.exec(select(Audit).where(Audit.action.in_(["report", "help"]))).all()
        assert [a.result for a in refused] == ["refused"]


def test_unknown_service_did_you_mean(slack, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot"')
    slack.command('register "Sales Assistant"')
    sent = slack.command("report Suport bot 5M")
    assert "Did you mean *Support Bot*?" in sent.text
    sent = slack.command("report Billing 5M")
    assert "register Billing" in sent.text
    assert rows(engine, MauReport) == 0


@pytest.mark.parametrize(
    ("user", "allowed"),
    [(OWNER, True), (ADMIN, True), (OTHER, False), (CREATOR, False)],
)
def test_only_owner_or_admin_may_report(slack, engine, user, allowed) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot"', user=OWNER)
    sent = slack.command('report "Support Bot" 5M', user=user)
    if allowed:
        assert "Saved" in sent.text
    else:
        assert f"only <@{OWNER}> or a workspace admin" in sent.text
    assert rows(engine, MauReport) == (1 if allowed else 0)


def test_only_owner_or_admin_may_change_a_service(slack, engine, fake) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-2', user=OWNER)
    sent = slack.command('register "Support Bot" license llama-3 owner @oscar', user=OTHER)
    assert "only <@U0OWNER> or a workspace admin can change" in sent.text
    sent = slack.command('register "support bot" license llama-3 owner @oscar', user=ADMIN)
    assert "Updated *Support Bot*: llama-3, owner <@U0OTHER>" in sent.text
    with session_scope(engine) as s:
        svc = repo.find_service(session=s, workspace_id=TEAM_A, name="Support Bot")
        assert (svc.license, svc.owner_id) == ("llama-3", OTHER)
    # users.info answers are cached: the admin check asked Slack once per person.
    asked = [c.body.get("user") for c in fake.calls_to("users.info")]
    assert sorted(asked) == sorted(set(asked))


def test_cross_workspace_invisible_by_name_and_by_id(slack, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Ledger Bot" mau 5M', user=OWNER, team=TEAM_A)
    with session_scope(engine) as s:
        svc_id = repo.find_service(session=s, workspace_id=TEAM_A, name="Ledger Bot").id

    sent = slack.command('report "Ledger Bot" 9M', user=ADMIN, team=TEAM_B)
    assert "don't know a service called 'Ledger Bot'" in sent.text
    sent = slack.command("status", user=ADMIN, team=TEAM_B)
    assert "Ledger Bot" not in sent.text and "No services are registered yet" in sent.text

    # The same name in B is B's own service; A's is untouched.
    slack.command('register "Ledger Bot" license llama-2 mau 1M', user=OTHER, team=TEAM_B)
    with session_scope(engine) as s:
        b = repo.find_service(session=s, workspace_id=TEAM_B, name="Ledger Bot")
        assert b.id != svc_id
        # By id: A's id is no service of B, for reading, reporting or changing.
        assert repo.get_service(session=s, workspace_id=TEAM_B, service_id=svc_id) is None
        with pytest.raises(repo.UnknownService):
            repo.record_report(session=s, workspace_id=TEAM_B, service_id=svc_id, month=last_month(),
                               value=1, user_id=ADMIN, now=datetime.now(UTC))
    assert [r for r in _values(engine, svc_id)] == [5_000_000]
    assert rows(engine, Workspace) == 2


def _values(engine, service_id):  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return [r.value for r in s.exec(select(MauReport).where(MauReport.service_id == service_id))]


@pytest.mark.parametrize(
    ("user", "channel", "allowed"),
    [
        (ADMIN, "<#C0ALERTS|llama-alerts>", True),
        (CREATOR, "<#C0ALERTS|llama-alerts>", True),
        (CREATOR, "#llama-alerts", True),
        (OTHER, "<#C0ALERTS|llama-alerts>", False),
        (OWNER, "#llama-alerts", False),
    ],
)
def test_alerts_admin_or_channel_creator(slack, engine, user, channel, allowed) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command(f"alerts {channel}", user=user)
    with session_scope(engine) as s:
        ws = repo.get_workspace(session=s, workspace_id=TEAM_A)
        assert ws.alert_channel == ("C0ALERTS" if allowed else None)
    if allowed:
        assert "<#C0ALERTS>" in sent.text
    else:
        assert "only a workspace admin or the channel's creator" in sent.text


def test_alerts_unknown_channel(slack, engine) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command("alerts #nowhere", user=ADMIN)
    assert "#nowhere" in sent.text and "alerts #" in sent.text


def test_every_command_is_audited(slack, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot"')
    slack.command('report "Support Bot" lots')
    slack.command("name Llama 2 Pro")
    with session_scope(engine) as s:
        audit = s.exec(select(Audit).order_by(Audit.id)).all()
    assert [(a.action, a.user_id, a.workspace_id) for a in audit] == [
        ("register", OWNER, TEAM_A), ("report", OWNER, TEAM_A), ("name", OWNER, TEAM_A)]
    assert [a.result for a in audit][:2] == ["ok", "refused"]
    assert audit[2].result in ("prohibited", "review", "allowed") and '"verdict"' in audit[2].detail


def test_event_delivered_twice_answered_once(slack, engine, fake) -> None:  # type: ignore[no-untyped-def]
    first = slack.mention("status", event_id="Ev0DUPLICATE")
    again = slack.mention("status", event_id="Ev0DUPLICATE")
    assert len(first.posted) == 1 and again.posted == []
    assert rows(engine, ProcessedEvent, ProcessedEvent.event_id == "Ev0DUPLICATE") == 1


def test_cross_workspace_by_id_through_checkin_buttons_and_modal(slack, engine, fake) -> None:  # type: ignore[no-untyped-def]
    """Ids travel in buttons and modal metadata; one from workspace A is no service in workspace B."""
    import json
    from urllib.parse import urlencode

    from bot.blocks.checkin import MODAL_CALLBACK, NO_CHANGE_ACTION, VALUE_ACTION, VALUE_BLOCK

    slack.command('register "Ledger Bot" mau 5M', user=OWNER, team=TEAM_A)
    with session_scope(engine) as s:
        svc_id = repo.find_service(session=s, workspace_id=TEAM_A, name="Ledger Bot").id
    target = json.dumps({"service_id": svc_id, "month": last_month()})

    # "No change" pressed by an admin of workspace B on a forged button carrying A's id.
    payload = {
        "type": "block_actions", "team": {"id": TEAM_B}, "user": {"id": ADMIN, "team_id": TEAM_B},
        "api_app_id": "A0HERDBOOK", "trigger_id": "1.1.t", "response_url": fake.response_url("btn"),
        "container": {"type": "message", "message_ts": "1.2"}, "channel": {"id": "D0ADMIN"},
        "actions": [{"type": "button", "action_id": NO_CHANGE_ACTION, "block_id": "b", "value": target,
                     "action_ts": "1.3"}],
    }
    sent = slack.dispatch(urlencode({"payload": json.dumps(payload)}))
    assert "no longer registered here" in sent.text

    # The report modal submitted from B with A's id in its metadata.
    view = {"callback_id": MODAL_CALLBACK, "type": "modal",
            "private_metadata": json.dumps({"service_id": svc_id, "month": last_month()})}
    sent = slack.submit_view(view, {VALUE_BLOCK: {VALUE_ACTION: {"type": "plain_text_input", "value": "9M"}}},
                             user=ADMIN, team=TEAM_B)
    assert "no longer registered here" in json.loads(sent.response.body)["errors"][VALUE_BLOCK]
    assert _values(engine, svc_id) == [5_000_000]
    assert rows(engine, MauReportRevision) == 1
