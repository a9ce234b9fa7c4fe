"""Mentions, DMs and App Home through the real App; retries, bots, edits and joins ignored."""

from __future__ import annotations

import pytest

from bot import answers
from bot.fakeslack import FakeSlack
from bot.slackrequests import dm_event, event_callback, home_opened_event, mention_event
from tests.bot.conftest import Slack, reply_text


def test_mention_is_answered_in_the_thread_without_the_mention(slack: Slack) -> None:
    event = mention_event("mau 800M", channel="C0GENERAL", ts="1700000001.000100")
    sent = slack.event(event)
    assert sent.response.status == 200
    [reply] = sent.posted
    assert reply.method == "chat.postMessage"
    assert reply.body["channel"] == "C0GENERAL"
    assert reply.body["thread_ts"] == "1700000001.000100"
    assert "license required" in reply.body["text"]


def test_mention_inside_a_thread_answers_in_that_thread(slack: Slack) -> None:
    event = mention_event("help", thread_ts="1700000000.000001", ts="1700000009.000001")
    [reply] = slack.event(event).posted
    assert reply.body["thread_ts"] == "1700000000.000001"
    assert "/llama-check name Llama 2 Pro" in reply_text(reply)


@pytest.mark.parametrize(
    ("text", "verdict_word"),
    [
        ("mau 800M", "license required"),
        ("name Llama 2 Pro", "prohibited"),
        ("can we use Llama 2 to write malware?", "prohibited"),
    ],
)
def test_dm_is_answered_in_the_dm(slack: Slack, text: str, verdict_word: str) -> None:
    [reply] = slack.dm(text, channel="D0ASKER").posted
    assert reply.method == "chat.postMessage"
    assert reply.body["channel"] == "D0ASKER"
    assert not reply.body.get("thread_ts")
    assert verdict_word in reply.body["text"]


@pytest.mark.parametrize(
    "extra",
    [
        {"subtype": "bot_message", "bot_id": "B0OTHER"},  # another bot
        {"bot_id": "B0OTHER"},  # a bot posting as a user-like message
        {"user": "UBOT"},  # our own message (the fake's auth.test says we are UBOT)
        {"subtype": "message_changed", "message": {"text": "mau 800M"}},  # an edit
        {"subtype": "message_deleted"},
        {"subtype": "channel_join"},  # a join
        {"channel_type": "channel"},  # a channel message (not subscribed; mentions cover channels)
    ],
)
def test_bots_own_messages_edits_and_joins_are_acknowledged_without_reply(slack: Slack, extra: dict) -> None:
    sent = slack.event(dm_event("mau 800M", **extra))
    assert sent.response.status == 200
    assert sent.posted == []


def test_a_mention_by_another_bot_is_ignored(slack: Slack) -> None:
    event = mention_event("mau 800M") | {"bot_id": "B0OTHER"}
    assert slack.event(event).posted == []


@pytest.mark.parametrize("reason", ["http_timeout", "http_error", "unknown_error"])
def test_a_retried_delivery_is_not_answered_twice(slack: Slack, fake: FakeSlack, reason: str) -> None:
    body = event_callback(mention_event("mau 800M"), event_id="Ev0RETRIED")
    first = slack.dispatch(body)
    again = slack.dispatch(body, retry_num=1, retry_reason=reason)
    assert len(first.posted) == 1
    assert again.response.status == 200
    assert again.posted == []


def test_a_retry_that_another_process_received_first_is_skipped_by_its_header(slack: Slack) -> None:
    # This process never saw the first attempt (another web process did): the header decides.
    sent = slack.event(mention_event("mau 800M"), event_id="Ev0ELSEWHERE", retry_num=2, retry_reason="http_timeout")
    assert sent.response.status == 200
    assert sent.posted == []


def test_a_retry_whose_first_attempt_never_arrived_is_answered_once(slack: Slack) -> None:
    body = event_callback(dm_event("mau 800M"), event_id="Ev0LOST")
    first = slack.dispatch(body, retry_num=1, retry_reason="connection_failed")
    again = slack.dispatch(body, retry_num=2, retry_reason="connection_failed")
    assert len(first.posted) == 1
    assert again.posted == []


@pytest.mark.parametrize(("status", "retry_after"), [(429, 1), (500, None)])
def test_web_api_failure_then_success_is_retried_and_delivered_once(slack: Slack, fake: FakeSlack, status: int,
                                                                    retry_after: int | None) -> None:
    fake.fail_next("chat.postMessage", status=status, retry_after=retry_after)
    sent = slack.mention("mau 800M")
    assert sent.response.status == 200
    attempts = sent.posted
    assert [c.method for c in attempts] == ["chat.postMessage", "chat.postMessage"]
    assert attempts[0].body == attempts[1].body  # the same message, sent again after the failure
    assert "license required" in attempts[1].body["text"]


def test_slack_down_for_good_is_logged_and_never_a_500(slack: Slack, fake: FakeSlack,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("chat.postMessage", status=500, times=10)
    sent = slack.dm("mau 800M")
    assert sent.response.status == 200
    assert any(r.levelname == "ERROR" and r.exc_info for r in caplog.records)


def test_a_bug_is_answered_politely_in_the_thread(slack: Slack, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(command, asked, deps):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    monkeypatch.setitem(answers.HANDLERS, "mau", broken)
    sent = slack.event(mention_event("mau 5M", ts="1700000002.000200"))
    assert sent.response.status == 200
    [reply] = sent.posted
    assert reply.body["thread_ts"] == "1700000002.000200"
    assert "something went wrong on my side" in reply.body["text"]


def test_app_home_opened_publishes_help_and_examples(slack: Slack, fake: FakeSlack) -> None:
    sent = slack.event(home_opened_event(user="U0ASKER"))
    assert sent.response.status == 200
    [publish] = fake.calls_to("views.publish")
    assert publish.body["user_id"] == "U0ASKER"
    view = publish.body["view"]
    assert view["type"] == "home"
    text = str(view["blocks"])
    assert "/llama-check name Llama 2 Pro" in text
    assert "not legal advice" in text


@pytest.mark.parametrize("event_type", ["reaction_added", "tokens_revoked", "member_joined_channel"])
def test_events_nobody_listens_to_are_acknowledged_so_slack_does_not_retry(slack: Slack, event_type: str) -> None:
    sent = slack.event({"type": event_type, "user": "U0ASKER", "event_ts": "1700000000.000001"})
    assert sent.response.status == 200
    assert sent.posted == []
