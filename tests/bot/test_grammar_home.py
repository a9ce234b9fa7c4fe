"""The second-wave grammar of issue 14: register model/since, report ranges, status chart, duties."""

from __future__ import annotations

import pytest

from bot.grammar import parse_command


@pytest.mark.parametrize(
    ("text", "word", "args"),
    [
        ("register Chat model meta-llama/Llama-3.1-8B-Instruct", "register",
         {"service": "Chat", "license": None, "owner": None, "mau": None,
          "model": "meta-llama/Llama-3.1-8B-Instruct"}),
        ('register "Support Bot" since 2026-01 license llama-3.1', "register",
         {"service": "Support Bot", "license": "llama-3.1", "owner": None, "mau": None, "since": "2026-01"}),
        ('report "Support Bot" 2026-06..2026-10 10M,11M,12M,12.5M,13M', "report",
         {"service": "Support Bot", "range": ("2026-06", "2026-10"), "qtys": ["10M", "11M", "12M", "12.5M", "13M"]}),
        ("report Support Bot 2026-06..2026-07 10M, 11 million", "report",
         {"service": "Support Bot", "range": ("2026-06", "2026-07"), "qtys": ["10M", "11 million"]}),
        ("status chart", "status", {"chart": True}),
        ("STATUS Chart", "status", {"chart": True}),
        ('duties "Support Bot"', "duties", {"service": "Support Bot"}),
        ("duties Support Bot", "duties", {"service": "Support Bot"}),
    ],
)
def test_new_forms(text: str, word: str, args: dict) -> None:
    command = parse_command(text)
    assert (command.word, command.args) == (word, args)


@pytest.mark.parametrize(
    ("text", "problem_has"),
    [
        ("register Chat since October", "YYYY-MM"),
        ("register Chat model", "needs a value"),
        ("register Chat model meta llama", "one model id"),
        ("report Support Bot 2026-06..2026-07", "one quantity per month"),
        ("report Support Bot 2026-06..2026-07 10M,,11M", "none empty"),
        ("status everything", "only `chart`"),
        ("duties", "needs a service"),
    ],
)
def test_malformed_new_forms_are_help_with_the_problem(text: str, problem_has: str) -> None:
    command = parse_command(text)
    assert command.word == "help"
    assert problem_has in (command.args["problem"] or "")
