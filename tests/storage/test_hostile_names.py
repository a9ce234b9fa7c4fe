"""A service name or question written to ping everyone (`<!channel>`, `<!here|x>`, a fake `<@U1>`)
comes back escaped in every answer: register and report confirmations, refusals, status, the modal's
confirmation, name verdicts and thread replies. Herdbook's own mentions (`<@owner>`, `<#channel>`) stay."""

from __future__ import annotations

import json

import pytest

from bot.escape import slack_escape
from bot.listeners.register import CALLBACK
from tests.storage.conftest import ADMIN, OTHER, OWNER
from tests.storage.test_register_modal import _values

HOSTILE = ["<!channel> Bot", "<!here|x> & <@U1>"]


def raw_free(fake) -> list[str]:  # type: ignore[no-untyped-def]
    bodies = [json.dumps(c.body, ensure_ascii=False) for c in fake.calls]
    for body in bodies:
        assert "<!" not in body, body
        assert "<@U1>" not in body, body
    return bodies


@pytest.mark.parametrize("name", HOSTILE)
def test_every_workspace_answer_escapes_the_name(slack, fake, name) -> None:  # type: ignore[no-untyped-def]
    quoted = json.dumps(name)
    escaped = slack_escape(name)
    sent = slack.command(f"register {quoted} license llama-3.1 mau 5M")
    assert f"Registered *{escaped}*" in sent.text and f"<@{OWNER}>" in sent.text
    answers = [
        slack.command(f"register {quoted}").text,                      # already registered
        slack.command(f"report {quoted} 6M").text,                     # saved, replaces
        slack.command(f"report {quoted} 7M", user=OTHER).text,         # not yours
        slack.command(f"report {quoted} 1M for 1999-01").text,         # month refused (names the service)
        slack.command(f"report {json.dumps(name + 'x')} 1M").text,     # did you mean
        slack.command("status", user=ADMIN).text,
        slack.command("alerts <#C0ALERTS|llama-alerts>", user=ADMIN).text,
        slack.command(f"name {quoted}").text,                          # a verdict echoing the name
        slack.mention(f"can we call our model {name}?").text,          # a thread reply
    ]
    assert escaped in answers[0] and escaped in answers[1] and escaped in answers[5]
    assert "<#C0ALERTS>" in answers[6]
    raw_free(fake)


@pytest.mark.parametrize("name", HOSTILE)
def test_modal_registration_confirms_escaped(slack, fake, name) -> None:  # type: ignore[no-untyped-def]
    slack.command("register")
    [opened] = fake.calls_to("views.open")
    view = {**opened.body["view"], "callback_id": CALLBACK,
            "private_metadata": json.dumps({"channel_id": "C0GENERAL"})}
    sent = slack.submit_view(view, _values(name=name))
    assert slack_escape(name) in sent.text
    raw_free(fake)
