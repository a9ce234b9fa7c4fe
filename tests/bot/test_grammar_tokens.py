"""`grammar.tokens` splits exactly as shlex (POSIX) does, with its fast path for text without quotes."""

from __future__ import annotations

import shlex

from hypothesis import given
from hypothesis import strategies as st

from bot.grammar import parse_command, tokens

# Letters, digits, punctuation, shlex's whitespace and whitespace shlex does not split on (no-break, em space).
ALPHABET = st.sampled_from(list("ab Z09-_.,:;@#<>|&!?*()[]{}/\t\r\n\u00a0\u2003\u3000라마") + ["\x0b", "\x0c"])


def _shlex_or_split(text: str) -> list[str]:
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        return text.split()


@given(st.text(ALPHABET, max_size=60))
def test_text_without_quotes_splits_as_shlex_does(text: str) -> None:
    assert tokens(text) == _shlex_or_split(text)


@given(st.text(st.one_of(ALPHABET, st.sampled_from(['"', "'", "\\", "\u201c", "\u2019"])), max_size=60))
def test_any_text_splits_as_before(text: str) -> None:
    typographic = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    assert tokens(text) == _shlex_or_split(typographic)


def test_leading_options_and_the_rest_as_typed() -> None:
    command = parse_command('--license llama-3.1 register "Support Bot" owner @alice mau 5M')
    assert command.options == {"license": "llama-3.1"}
    assert command.args["service"] == "Support Bot" and command.args["mau"] == "5M"
