"""Socket Mode requests (no signature; the payload arrives over the websocket) through the same App.

SocketModeHandler turns each envelope into `BoltRequest(body=payload, mode="socket_mode")` and
dispatches it; these tests dispatch exactly that. Socket Mode has no retry headers, so a redelivered
event is recognised by its event_id alone.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from slack_bolt.request import BoltRequest

from bot.fakeslack import FakeSlack
from bot.slackrequests import event_callback, mention_event, slash_command
from tests.bot.conftest import Slack


def socket_request(body: str) -> BoltRequest:
    payload = json.loads(body) if body.startswith("{") else dict(parse_qsl(body))
    return BoltRequest(body=payload, mode="socket_mode")


def test_slash_command_in_socket_mode_answers_in_the_ack(slack: Slack, fake: FakeSlack) -> None:
    response = slack.app.dispatch(socket_request(slash_command("mau 800M", response_url=fake.response_url())))
    assert response.status == 200
    assert "license required" in json.loads(response.body)["text"]


def test_redelivered_event_in_socket_mode_is_answered_once(slack: Slack, fake: FakeSlack) -> None:
    body = event_callback(mention_event("mau 800M"), event_id="Ev0SOCKET")
    for _ in range(2):
        assert slack.app.dispatch(socket_request(body)).status == 200
    [reply] = fake.posted()
    assert "license required" in reply.body["text"]
