"""Input that only PostgreSQL used to choke on (NUL bytes, long Slack ids), lookalike service names
and unbalanced quotes: through signed requests to the real app, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.models import Audit, MauReport, Service
from tests.storage.conftest import OWNER, TEAM_A, rows


def services(engine) -> list[str]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return [svc.name for svc in s.exec(select(Service).order_by(Service.id))]


@pytest.mark.parametrize("text", ["name Llama\x00Chat", "is fine-tuning\x00 allowed?\x07\x1b[31m",
                                  "can we use llama\x7f\x85 for ads"])
def test_nul_and_control_characters_are_answered_and_audited(slack, engine, text) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command(text)
    assert "Sorry, something went wrong" not in sent.text
    with session_scope(engine) as s:
        (audit,) = s.exec(select(Audit)).all()
    assert "\x00" not in audit.input and "\x07" not in audit.input and "\x85" not in audit.input


def test_nul_in_a_service_name_is_stripped_before_storage(slack, engine) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command('register "Null\x00 Bot\x01" license llama-3.1 mau 5M')
    assert "Registered *Null Bot*" in sent.text
    assert services(engine) == ["Null Bot"]
    assert "Saved" in slack.command('report "Null Bot" 6M').text


def test_long_enterprise_style_ids_fit(slack, engine) -> None:  # type: ignore[no-untyped-def]
    team, user = "T" + "9" * 39, "W" + "8" * 59  # 40 and 60 characters: over the old varchar(32)
    slack.fake.add_user(user, name="longid")
    sent = slack.command('register "Grid Bot" mau 5M', team=team, user=user)
    assert "Registered *Grid Bot*" in sent.text
    assert "Saved" in slack.command('report "Grid Bot" 6M', team=team, user=user).text
    with session_scope(engine) as s:
        (report,) = s.exec(select(MauReport)).all()
    assert (report.workspace_id, report.reported_by, report.value) == (team, user, 6_000_000)


@pytest.mark.parametrize("lookalike", ["Sup\u200bport Bot", "SUPPORT\u00a0BOT", "\uff33upport Bot",
                                       "Support\u2060 Bot\ufeff", "support  bot"])
def test_lookalike_names_are_the_same_service(slack, engine, lookalike) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    sent = slack.command(f'register "{lookalike}" license llama-3.1')
    assert "already registered" in sent.text
    assert "Saved: *Support Bot*" in slack.command(f'report "{lookalike}" 5M').text
    assert services(engine) == ["Support Bot"]
    with session_scope(engine) as s:
        assert repo.find_service(session=s, workspace_id=TEAM_A, name=lookalike) is not None


def test_a_name_of_invisible_characters_only_is_refused(slack, engine) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command('register "\u200b\u200d" license llama-3.1')
    assert "needs a name" in sent.text
    assert services(engine) == []


@pytest.mark.parametrize("command", ["""register "svc 'x mau 1M""", "register 'svc x owner <@U0OWNER>",
                                     "report \u201csvc 2M", """report "svc 'x 7M"""])
def test_unbalanced_quote_is_refused_and_changes_nothing(slack, engine, command) -> None:  # type: ignore[no-untyped-def]
    slack.command("register svc license llama-2 mau 1M")
    before = (rows(engine, Service), rows(engine, MauReport))
    sent = slack.command(command)
    assert "never closed" in sent.text
    assert (rows(engine, Service), rows(engine, MauReport)) == before
    with session_scope(engine) as s:
        svc = repo.find_service(session=s, workspace_id=TEAM_A, name="svc")
        report = repo.get_report(session=s, workspace_id=TEAM_A, service_id=svc.id, month=svc.since_month)
        assert (svc.license, svc.owner_id, report.value) == ("llama-2", OWNER, 1_000_000)


def test_an_id_longer_than_any_slack_id_is_refused_alike_on_both_databases(engine) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from sqlalchemy.exc import StatementError

    with pytest.raises(StatementError, match="longer than 128 characters"), session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id="T" + "1" * 200, now=datetime.now(UTC))
    assert rows(engine, Service) == 0


def test_a_name_whose_folded_form_is_too_long_is_refused(slack, engine) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command('register "' + "\u00df" * 100 + '" license llama-3.1')  # folds to 200 characters
    assert "too long for a service name" in sent.text
    assert services(engine) == []
