"""/llama-check through the real App: signed requests in, ephemeral replies out through the response_url."""

from __future__ import annotations

import time

import pytest

from bot import answers
from bot.fakeslack import FakeSlack
from bot.slackrequests import slash_command
from tests.bot.conftest import SECRET, Slack, reply_text


@pytest.mark.parametrize(
    ("text", "verdict_word", "also"),
    [
        ("name Llama 2 Pro", "prohibited", ["Llama 2 Pro"]),
        ("mau 800M", "license required", ["800,000,000"]),
        ("mau 5M", "allowed", ["5,000,000"]),
        ("use chatbot mau 5M", "allowed", ["chatbot"]),
        ("use customer support chatbot mau 5M target 1 billion", "needs review", ["target"]),
    ],
)
def test_rules_subcommands_answer_ephemerally_with_the_verdict(slack: Slack, text: str, verdict_word: str,
                                                               also: list[str]) -> None:
    sent = slack.command(text)
    assert sent.response.status == 200
    # Rules answers travel in the ack itself: nothing else is posted.
    [reply] = sent.replies
    assert reply.method == "ack"
    assert reply.body["response_type"] == "ephemeral"
    assert verdict_word in reply.body["text"]
    blocks = reply.body["blocks"]
    assert blocks[0]["type"] == "header"
    everything = reply_text(reply)
    for word in also:
        assert word in everything
    # Reasons carry their clause and source; the footer says it is not legal advice.
    assert "license text" in everything or "policy" in everything
    assert "not legal advice" in everything


def test_name_suggests_alternatives(slack: Slack) -> None:
    [reply] = slack.command("name Llama 2 Pro").replies
    assert "Try instead" in reply_text(reply)


def test_free_text_goes_to_ask(slack: Slack) -> None:
    [reply] = slack.command("can we use Llama 2 to write malware?").replies
    assert "prohibited" in reply.body["text"]
    assert "Question: can we use Llama 2 to write malware?" in reply_text(reply)


def test_help_lists_every_subcommand_with_an_example_and_the_licenses(slack: Slack) -> None:
    [reply] = slack.command("help").replies
    everything = reply_text(reply)
    for example in ("name Llama 2 Pro", "use ", "mau 800M", "register ", "report ", "status", "alerts #"):
        assert f"/llama-check {example}" in everything
    for version in ("llama-1", "llama-2", "llama-3.1", "llama-4"):
        assert version in everything
    assert "not legal advice" in everything


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stauts", ["Did you mean `status`", "/llama-check status"]),
        ("nmae Llama 2 Pro", ["Did you mean `name`", "/llama-check name Llama 2 Pro"]),
        ("mau", ["`mau` needs a number", "/llama-check mau 800M"]),
        ("report Support Bot", ["needs the service and a quantity", "/llama-check report"]),
    ],
)
def test_unknown_or_malformed_input_gets_help_for_the_closest_subcommand(slack: Slack, text: str,
                                                                         expected: list[str]) -> None:
    sent = slack.command(text)
    assert sent.response.status == 200
    [reply] = sent.replies
    for piece in expected:
        assert piece in reply_text(reply)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mau lots", ["'lots'", "/llama-check mau 800M"]),
        ("use chatbot mau many", ["'many'", "/llama-check use"]),
        ("--license llama-9 name Foo", ["'llama-9'", "llama-3.1"]),
    ],
)
def test_bad_quantity_or_license_is_refused_politely(slack: Slack, text: str, expected: list[str]) -> None:
    sent = slack.command(text)
    assert sent.response.status == 200
    [reply] = sent.replies
    assert reply.body["text"].startswith("Sorry, I couldn't use that")
    for piece in expected:
        assert piece in reply_text(reply)


@pytest.mark.parametrize("text", ["status", "register Support Bot", "report Support Bot 5M",
                                  "report Support Bot", "stauts"])
def test_workspace_words_reach_the_workspace_handlers(slack: Slack, text: str) -> None:
    sent = slack.command(text)
    assert sent.response.status == 200
    # Workspace answers ack empty at once and answer through the response_url.
    assert sent.response.body == ""
    [reply] = sent.replies
    assert reply.method == "response_url"
    assert reply.body["response_type"] == "ephemeral"
    assert "not available yet" not in reply.body["text"]


def test_not_available_is_a_polite_refusal() -> None:
    from bot.grammar import parse_command

    reply = answers.not_available(parse_command("status"), None, {})  # type: ignore[arg-type]
    assert not reply.ok
    assert "`status` is not available yet" in reply.text
    assert "/llama-check name Llama 2 Pro" in reply.text


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"timestamp": int(time.time()) - 6 * 60}, "older than five minutes"),
        ({"secret": "not-the-signing-secret"}, "forged signature"),
    ],
)
def test_bad_signatures_are_rejected_with_401_and_no_reply(slack: Slack, fake: FakeSlack, headers: dict,
                                                           why: str) -> None:
    from bot.slackrequests import bolt_request

    body = slash_command("name Llama 2 Pro", response_url=fake.response_url("x"))
    secret = headers.pop("secret", SECRET)
    response = slack.app.dispatch(bolt_request(secret, body, **headers))
    assert response.status == 401, why
    assert fake.posted() == []


@pytest.mark.parametrize(
    ("status", "retry_after"),
    [(429, 1), (500, None), (503, None)],
)
def test_response_url_failure_then_success_is_retried_and_delivered_once(slack: Slack, fake: FakeSlack,
                                                                         status: int,
                                                                         retry_after: int | None) -> None:
    fake.fail_next("response_url", status=status, retry_after=retry_after)
    sent = slack.command("status")
    assert sent.response.status == 200
    delivered = [c for c in sent.posted if c.method == "response_url"]
    assert len(delivered) == 2  # the failed attempt and the retry
    assert delivered[0].body == delivered[1].body


@pytest.mark.parametrize(("text", "method"), [("mau 5M", "ack"), ("status", "response_url")])
def test_a_bug_in_a_handler_is_logged_and_answered_politely(slack: Slack, monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture, text: str,
                                                            method: str) -> None:
    def broken(command, asked, deps):  # type: ignore[no-untyped-def]
        raise KeyError("boom")

    monkeypatch.setitem(answers.HANDLERS, text.split()[0], broken)
    sent = slack.command(text)
    assert sent.response.status == 200
    [reply] = sent.replies
    assert reply.method == method
    assert "something went wrong on my side" in reply.body["text"]
    assert any(r.exc_info and "boom" in str(r.exc_info[1]) for r in caplog.records)


@pytest.mark.parametrize(("text", "method"), [("mau 5M", "ack"), ("status", "response_url")])
def test_a_bug_under_serve_settings_is_answered_politely_too(settings, fake: FakeSlack,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch, text: str,
                                                             method: str) -> None:
    # `serve` acks before the listener finishes (process_before_response=False): the apology for a
    # failure after the ack can only go through the response_url.
    from bot.app import create_app
    from bot.slackrequests import bolt_request

    def broken(command, asked, deps):  # type: ignore[no-untyped-def]
        raise KeyError("boom")

    monkeypatch.setitem(answers.HANDLERS, text.split()[0], broken)
    app = create_app(settings, process_before_response=False)
    response = app.dispatch(bolt_request(SECRET, slash_command(text, response_url=fake.response_url("bg"))))
    assert response.status == 200
    if method == "ack":
        assert "something went wrong on my side" in response.body
    else:
        deadline = time.monotonic() + 10
        while not fake.posted() and time.monotonic() < deadline:
            time.sleep(0.02)
        [reply] = fake.posted()
        assert "something went wrong on my side" in reply.body["text"]
