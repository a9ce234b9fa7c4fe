"""`register ... model ID` / `since`, `report` ranges for backfill, and the duties checklist (command,
checkboxes, audit, evidence, `llama-bot duties import`). SQLite and PostgreSQL."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from sqlmodel import select

from bot.blocks.duties import TICK_ACTION
from bot.services.duties import applicable_duties
from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.home import DutyTick
from bot.storage.models import Audit, MauReport, Service
from rules.data import load_pack
from tests.rules.test_card import make_repo
from tests.storage.conftest import ADMIN, OTHER, OWNER, TEAM_A, last_month, months_ago, rows


def _service(engine, name: str = "Support Bot") -> Service:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        svc = repo.find_service(session=s, workspace_id=TEAM_A, name=name)
        assert svc is not None
        s.expunge(svc)
        return svc


# -- register model / since ---------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "license"), [
    ("meta-llama/Llama-3.1-8B-Instruct", "llama-3.1"),
    ("meta-llama/Llama-3.2-11B-Vision-Instruct", "llama-3.2"),
    ("meta-llama/Meta-Llama-3-8B", "llama-3"),
    ("meta-llama/Llama-2-7b-chat-hf", "llama-2"),
])
def test_register_with_a_meta_model_id_sets_the_license(slack, engine, model: str, license: str) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command(f'register "Support Bot" model {model}')
    assert f"Registered *Support Bot*: {license}" in sent.text
    assert _service(engine).license == license


@pytest.mark.parametrize(("model", "fragment"), [
    ("someone/Llama-3.1-8B-finetune", "its name suggests llama-3.1"),
    ("mistralai/Mistral-7B-v0.1", "can't tell the Llama version"),
])
def test_register_with_another_model_id_asks_and_writes_nothing(slack, engine, model: str, fragment: str) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command(f'register "Support Bot" model {model}')
    assert fragment in sent.text and "license" in sent.text
    assert rows(engine, Service) == 0


def test_register_model_with_a_license_for_a_derivative_uses_the_license(slack, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" model someone/Llama-3.1-8B-finetune license llama-3.1')
    assert _service(engine).license == "llama-3.1"


def test_register_model_contradicting_the_license_is_refused(slack, engine) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command('register "Support Bot" model meta-llama/Llama-3.1-8B-Instruct license llama-2')
    assert "llama-3.1 model" in sent.text and rows(engine, Service) == 0


def test_register_since_lets_history_be_reported(slack, engine) -> None:  # type: ignore[no-untyped-def]
    first = months_ago(6)
    slack.command(f'register "Support Bot" license llama-3.1 since {first}')
    assert _service(engine).since_month == first
    sent = slack.command(f'report "Support Bot" 3M for {first}')
    assert "Saved" in sent.text


@pytest.mark.parametrize("since", ["2026-13", "2999-01"])
def test_register_bad_since_writes_nothing(slack, engine, since: str) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command(f'register "Support Bot" license llama-3.1 since {since}')
    assert since in sent.text
    assert rows(engine, Service) == 0


# -- report ranges ------------------------------------------------------------------------------------


def test_report_range_backfills_every_month(slack, engine) -> None:  # type: ignore[no-untyped-def]
    first, last = months_ago(5), last_month()
    slack.command(f'register "Support Bot" license llama-3.1 since {first}')
    sent = slack.command(f'report "Support Bot" {first}..{last} 10M,11M,12M,12.5M,13M')
    assert "Saved 5 months" in sent.text and "12,500,000" in sent.text
    with session_scope(engine) as s:
        got = [(r.month, r.value) for r in s.exec(select(MauReport).order_by(MauReport.month)).all()]
    assert got == [(months_ago(5 - i), v) for i, v in
                   enumerate([10_000_000, 11_000_000, 12_000_000, 12_500_000, 13_000_000])]


@pytest.mark.parametrize(("tail", "fragment"), [
    ("{first}..{last} 10M,11M", "5 months, but 2 quantities"),
    ("{last}..{first} 10M", "not a range"),
    ("{first}..{last} 10M,11M,lots,12M,13M", "lots"),
    ("{early}..{last} 1M,1M,1M,1M,1M,1M", "before Support Bot existed"),
])
def test_bad_report_range_writes_nothing(slack, engine, tail: str, fragment: str) -> None:  # type: ignore[no-untyped-def]
    first, last = months_ago(5), last_month()
    slack.command(f'register "Support Bot" license llama-3.1 since {first}')
    sent = slack.command("report \"Support Bot\" " + tail.format(first=first, last=last, early=months_ago(6)))
    assert fragment in sent.text, sent.text
    assert rows(engine, MauReport) == 0


def test_report_range_for_someone_elses_service_is_refused(slack, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command(f'register "Support Bot" license llama-3.1 since {months_ago(2)}')
    sent = slack.command(f'report "Support Bot" {months_ago(2)}..{last_month()} 1M,2M', user=OTHER)
    assert "only" in sent.text and rows(engine, MauReport) == 0


# -- duties -------------------------------------------------------------------------------------------


def test_duties_come_from_the_pack() -> None:
    pack = load_pack("llama-3.2")
    duties = {d.id: d for d in applicable_duties("llama-3.2")}
    assert set(duties) == {"agreement", "notice", "display", "prefix", "aup", "eu"}
    assert pack.notice in duties["notice"].task and duties["notice"].clause == pack.notice_clause
    assert pack.display_string in duties["display"].task and pack.aup_url in duties["aup"].task
    assert "eu" not in {d.id for d in applicable_duties("llama-3.1")}
    assert {d.id for d in applicable_duties("llama-2")} == {"agreement", "notice", "aup"}


def _tick_payload(box: dict, block_id: str, *, ticked: bool, user: str) -> str:
    action = {"type": "checkboxes", "action_id": TICK_ACTION, "block_id": block_id, "action_ts": "1",
              "selected_options": box["options"] if ticked else []}
    payload = {"type": "block_actions", "team": {"id": TEAM_A}, "user": {"id": user, "team_id": TEAM_A},
               "api_app_id": "A0HERDBOOK", "trigger_id": "1.2.3", "response_url": "RESPONSE",
               "container": {"type": "message", "is_ephemeral": True}, "actions": [action]}
    return urlencode({"payload": json.dumps(payload)})


def test_duties_checklist_tick_is_saved_and_audited(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    sent = slack.command('duties "support bot"')
    [message] = sent.posted
    assert "0 of 5 license duties done" in message.body["text"]
    pack = load_pack("llama-3.1")
    assert pack.notice.replace("©", "&lt;") not in sent.text and pack.notice in sent.text
    boxes = {b["block_id"]: b["accessory"] for b in message.body["blocks"]
             if b.get("accessory", {}).get("type") == "checkboxes"}
    [notice_id] = [k for k in boxes if k.endswith(":notice")]
    body = _tick_payload(boxes[notice_id], notice_id, ticked=True, user=OWNER).replace(
        "RESPONSE", fake.response_url("tick"))
    redrawn = slack.dispatch(body)
    assert "1 of 5 license duties done" in redrawn.text
    with session_scope(engine) as s:
        [tick] = s.exec(select(DutyTick)).all()
        assert (tick.duty, tick.done, tick.updated_by) == ("notice", True, OWNER)
        [audit] = s.exec(select(Audit).where(Audit.action == "duty")).all()
        assert audit.subject == "Support Bot" and json.loads(audit.detail)["duty"] == "notice"
    # Unticking (no selected option) is saved too.
    slack.dispatch(_tick_payload(boxes[notice_id], notice_id, ticked=False, user=ADMIN).replace(
        "RESPONSE", fake.response_url("tick")))
    with session_scope(engine) as s:
        assert s.exec(select(DutyTick)).one().done is False
    assert rows(engine, Audit, Audit.action == "duty") == 2


def test_someone_else_cannot_tick(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    message = slack.command('duties "Support Bot"').posted[0]
    box = next(b for b in message.body["blocks"] if b.get("accessory", {}).get("type") == "checkboxes")
    sent = slack.dispatch(_tick_payload(box["accessory"], box["block_id"], ticked=True, user=OTHER).replace(
        "RESPONSE", fake.response_url("tick")))
    assert "only" in sent.text
    assert rows(engine, DutyTick) == 0


def test_duties_of_an_unknown_service_suggests_names(slack) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    assert "Did you mean *Support Bot*" in slack.command("duties Suport Bot").text


def test_evidence_modal_saves_a_link_and_refuses_other_text(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    message = slack.command('duties "Support Bot"').posted[0]
    button = next(b["accessory"] for b in message.body["blocks"]
                  if b.get("accessory", {}).get("action_id") == "duty_evidence")
    payload = {"type": "block_actions", "team": {"id": TEAM_A}, "user": {"id": OWNER, "team_id": TEAM_A},
               "api_app_id": "A0HERDBOOK", "trigger_id": "1.2.3", "response_url": fake.response_url("ev"),
               "container": {"type": "message", "is_ephemeral": True},
               "actions": [{**button, "block_id": "b", "action_ts": "1"}]}
    slack.dispatch(urlencode({"payload": json.dumps(payload)}))
    modal = fake.calls_to("views.open")[-1].body["view"]

    def values(url: str) -> dict:
        return {"duty": {"value": {"type": "static_select", "selected_option": {"value": "display"}}},
                "evidence": {"value": {"type": "url_text_input", "value": url}}}

    bad = slack.submit_view(modal, values("javascript:alert(1)"))
    assert json.loads(bad.response.body)["response_action"] == "errors"
    assert rows(engine, DutyTick) == 0
    slack.submit_view(modal, values("https://example.com/about"))
    with session_scope(engine) as s:
        tick = s.exec(select(DutyTick)).one()
        assert (tick.duty, tick.done, tick.evidence) == ("display", True, "https://example.com/about")
    assert "https://example.com/about" in json.dumps(fake.calls_to("response_url")[-1].body)


def test_duties_import_fills_from_a_model_card(slack, engine, settings, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from bot.__main__ import main

    slack.command('register "Support Bot" license llama-3.1')
    card_repo = make_repo(tmp_path, "llama-3.1", drop="notice")
    import os

    os.environ["DATABASE_URL"] = settings.database_url
    try:
        status = main(["duties", "import", "Support Bot", str(card_repo / "README.md")])
    finally:
        del os.environ["DATABASE_URL"]
    out = capsys.readouterr().out
    assert status == 0, out
    assert "4 duties ticked from the card, 1 still open" in out and "open     Notice sentence" in out
    with session_scope(engine) as s:
        done = {t.duty for t in s.exec(select(DutyTick)).all() if t.done}
    assert done == {"agreement", "display", "prefix", "aup"}
    # The Home tab counts what is left.
    sent = slack.command('duties "Support Bot"')
    assert "4 of 5 license duties done" in sent.text


def test_duties_import_of_an_unknown_service_is_a_one_line_error(slack, settings, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from bot.__main__ import main

    slack.command('register "Support Bot" license llama-3.1')
    import os

    os.environ["DATABASE_URL"] = settings.database_url
    try:
        status = main(["duties", "import", "Nope", str(tmp_path / "README.md")])
    finally:
        del os.environ["DATABASE_URL"]
    err = capsys.readouterr().err
    assert status == 2 and "no service 'Nope'" in err and "Traceback" not in err
