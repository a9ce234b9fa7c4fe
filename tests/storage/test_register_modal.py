"""`register` alone opens a modal; its submission is validated in the modal and saved like the command."""

from __future__ import annotations

import pytest

from bot.listeners.register import CALLBACK, FIELD
from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.models import MauReport, Service
from tests.storage.conftest import ADMIN, OTHER, OWNER, TEAM_A, last_month, rows


def _values(name: str = "Support Bot", license: str = "llama-3.1", owner: str | None = OWNER,
            mau: str | None = None, since: str | None = None) -> dict:
    return {
        "service": {FIELD: {"type": "plain_text_input", "value": name}},
        "license": {FIELD: {"type": "static_select", "selected_option": {"value": license}}},
        "owner": {FIELD: {"type": "users_select", "selected_user": owner}},
        "mau": {FIELD: {"type": "plain_text_input", "value": mau}},
        "since": {FIELD: {"type": "plain_text_input", "value": since}},
    }


def _opened(slack, fake) -> dict:  # type: ignore[no-untyped-def]
    sent = slack.command("register")
    assert sent.posted == []  # nothing posted: a form opened instead
    [call] = fake.calls_to("views.open")
    view = call.body["view"]
    assert view["callback_id"] == CALLBACK
    return view


def test_register_alone_opens_the_form(slack, fake) -> None:  # type: ignore[no-untyped-def]
    view = _opened(slack, fake)
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert set(blocks) >= {"service", "license", "owner", "mau", "since"}
    assert blocks["owner"]["element"]["type"] == "users_select"
    assert blocks["owner"]["element"]["initial_user"] == OWNER
    licenses = [o["value"] for o in blocks["license"]["element"]["options"]]
    assert "llama-2" in licenses and "llama-3.1" in licenses
    assert blocks["mau"]["optional"] is True


def test_valid_form_registers_and_confirms(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    view = _opened(slack, fake)
    sent = slack.submit_view(view, _values(owner=OTHER, mau="5M"))
    assert sent.response.body in ("", None)  # a plain ack closes the modal
    [confirm] = fake.calls_to("chat.postEphemeral")
    assert confirm.body["user"] == OWNER and "Registered *Support Bot*" in confirm.body["text"]
    with session_scope(engine) as s:
        svc = repo.find_service(session=s, workspace_id=TEAM_A, name="Support Bot")
        assert (svc.license, svc.owner_id) == ("llama-3.1", OTHER)
        assert repo.get_report(session=s, workspace_id=TEAM_A, service_id=svc.id, month=last_month()).value == 5_000_000


@pytest.mark.parametrize(
    ("values", "block", "fragment"),
    [
        (_values(name="  "), "service", "needs a name"),
        (_values(mau="lots"), "mau", "lots"),
        (_values(since="2026-13"), "since", "2026-13"),
        (_values(since="2999-01"), "since", "not begun"),
        (_values(license="llama-9"), "license", "llama-9"),
    ],
)
def test_invalid_form_shows_errors_and_writes_nothing(slack, fake, engine, values, block, fragment) -> None:  # type: ignore[no-untyped-def]
    import json

    view = _opened(slack, fake)
    sent = slack.submit_view(view, values)
    answer = json.loads(sent.response.body)
    assert answer["response_action"] == "errors"
    assert fragment in answer["errors"][block]
    assert rows(engine, Service) == 0 and rows(engine, MauReport) == 0


def test_form_for_someone_elses_service_is_refused_in_the_form(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    import json

    slack.command('register "Support Bot" license llama-2', user=OWNER)
    view = _opened(slack, fake)
    sent = slack.submit_view(view, _values(license="llama-3", owner=OTHER), user=OTHER)
    answer = json.loads(sent.response.body)
    assert "only @U0OWNER or a workspace admin" in answer["errors"]["service"]
    sent = slack.submit_view(view, _values(license="llama-3", owner=OTHER), user=ADMIN)
    with session_scope(engine) as s:
        assert repo.find_service(session=s, workspace_id=TEAM_A, name="Support Bot").license == "llama-3"


def test_register_alone_in_a_mention_says_what_to_type(slack, fake) -> None:  # type: ignore[no-untyped-def]
    sent = slack.mention("register")
    assert fake.calls_to("views.open") == []
    assert 'register "Support Bot" license llama-3.1' in sent.text
