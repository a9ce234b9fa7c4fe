"""The /llama-check grammar: words, arguments, quoting, escaped and plain users and channels."""

from __future__ import annotations

import pytest

from bot.grammar import ChannelRef, UserRef, parse_channel, parse_command, parse_user, strip_mentions


@pytest.mark.parametrize(
    ("text", "word", "args"),
    [
        ("help", "help", {"topic": None, "problem": None, "unknown": None}),
        ("", "help", {"topic": None, "problem": None, "unknown": None}),
        ("help report", "help", {"topic": "report", "problem": None, "unknown": None}),
        ("name Llama 2 Pro", "name", {"name": "Llama 2 Pro"}),
        ('name "Llama 2 Pro"', "name", {"name": "Llama 2 Pro"}),
        ("NAME  Llama   Pro", "name", {"name": "Llama Pro"}),
        ("name Llama &amp; Friends &lt;3", "name", {"name": "Llama & Friends <3"}),
        ("use chatbot mau 5M", "use", {"text": "chatbot", "mau": "5M", "target": None}),
        ("use support chatbot mau 5 million target 1.2 billion", "use",
         {"text": "support chatbot", "mau": "5 million", "target": "1.2 billion"}),
        ("mau 800M", "mau", {"qty": "800M"}),
        ("mau 700,000,000", "mau", {"qty": "700,000,000"}),
        ("register", "register", {"service": None}),
        ('register "Support Bot" license llama-3.1 owner <@U123|alice> mau 5M', "register",
         {"service": "Support Bot", "license": "llama-3.1", "owner": UserRef("U123", "alice"), "mau": "5M"}),
        ("register Support Bot owner @alice", "register",
         {"service": "Support Bot", "license": None, "owner": UserRef(None, "alice"), "mau": None}),
        ("report Support Bot 6.2M", "report", {"service": "Support Bot", "qty": "6.2M", "month": None}),
        ("report Support Bot 6 million for 2026-10", "report",
         {"service": "Support Bot", "qty": "6 million", "month": "2026-10"}),
        ('report "Bot 2" 5M for 2026-09', "report", {"service": "Bot 2", "qty": "5M", "month": "2026-09"}),
        ("status", "status", {}),
        ("alerts <#C123|llama-alerts>", "alerts", {"channel": ChannelRef("C123", "llama-alerts")}),
        ("alerts #llama-alerts", "alerts", {"channel": ChannelRef(None, "llama-alerts")}),
        ("alert #x", "alerts", {"channel": ChannelRef(None, "x")}),
        ("can we fine-tune Llama 3 and sell API access?", "ask",
         {"text": "can we fine-tune Llama 3 and sell API access?"}),
        ("user data in prompts: allowed?", "ask", {"text": "user data in prompts: allowed?"}),
        ("same name as Meta's model?", "ask", {"text": "same name as Meta's model?"}),
    ],
)
def test_words_and_arguments(text: str, word: str, args: dict) -> None:
    command = parse_command(text)
    assert (command.word, command.args) == (word, args)


@pytest.mark.parametrize(
    ("text", "topic", "unknown", "problem_has"),
    [
        ("stauts", "status", "stauts", None),
        ("nmae Llama 2 Pro", "name", "nmae", None),
        ("regster Support Bot", "register", "regster", None),
        ("name", "name", None, "needs the model name"),
        ("mau", "mau", None, "needs a number"),
        ("use mau 5M", "use", None, "needs a description"),
        ("use chatbot mau", "use", None, "needs a quantity"),
        ("report Support Bot", "report", None, "needs the service and a quantity"),
        ("report Support Bot 5M for October", "report", None, "YYYY-MM"),
        ("alerts", "alerts", None, "needs a channel"),
        ("alerts llama-alerts", "alerts", None, "needs a channel"),
        ("register Bot owner nobody!", "register", None, "needs a person"),
        ("--colour red name X", None, None, "--colour"),
    ],
)
def test_malformed_input_becomes_help_for_the_closest_subcommand(text: str, topic: str | None, unknown: str | None,
                                                                 problem_has: str | None) -> None:
    command = parse_command(text)
    assert command.word == "help"
    assert command.args["topic"] == topic
    assert command.args["unknown"] == unknown
    if problem_has is None:
        assert command.args["problem"] is None
    else:
        assert problem_has in command.args["problem"]


@pytest.mark.parametrize(
    ("text", "options", "word"),
    [
        ("--license llama-3.1 name Llama Support", {"license": "llama-3.1"}, "name"),
        ("--license=llama3 --policy license-text mau 800M", {"license": "llama3", "policy": "license-text"}, "mau"),
        ('--license llama-3 register "A B" mau 3M', {"license": "llama-3"}, "register"),
    ],
)
def test_leading_options(text: str, options: dict, word: str) -> None:
    command = parse_command(text)
    assert (command.options, command.word) == (options, word)


def test_options_keep_the_quoted_service() -> None:
    assert parse_command('--license llama-3 register "A B" mau 3M').args["service"] == "A B"


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("<@U123ABC|alice>", UserRef("U123ABC", "alice")),
        ("<@U123ABC>", UserRef("U123ABC", None)),
        ("<@W123ABC|bob>", UserRef("W123ABC", "bob")),
        ("@alice", UserRef(None, "alice")),
        ("@alice.smith", UserRef(None, "alice.smith")),
        ("U123ABCD", UserRef("U123ABCD", None)),
        ("alice", None),
        ("@", None),
        ("<#C123|general>", None),
    ],
)
def test_parse_user(token: str, expected: UserRef | None) -> None:
    assert parse_user(token) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("<#C123ABC|alerts>", ChannelRef("C123ABC", "alerts")),
        ("<#C123ABC>", ChannelRef("C123ABC", None)),
        ("<#C123ABC|>", ChannelRef("C123ABC", None)),
        ("#Alerts", ChannelRef(None, "alerts")),
        ("alerts", None),
        ("<@U123>", None),
    ],
)
def test_parse_channel(token: str, expected: ChannelRef | None) -> None:
    assert parse_channel(token) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@UBOT> name Llama Pro", "name Llama Pro"),
        ("<@UBOT|herdbook>   status", "status"),
        ("hey <@UBOT> mau 5M", "hey mau 5M"),
        ("<@UOTHER> is fine", "<@UOTHER> is fine"),
    ],
)
def test_strip_mentions(text: str, expected: str) -> None:
    assert strip_mentions(text, "UBOT") == expected
