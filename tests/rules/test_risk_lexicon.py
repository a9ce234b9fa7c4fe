"""The broad risk lexicon ([lone.risk_lexicon] in rules/vocab/en.toml): a risk word no recognised harm or protective
purpose explains keeps an answer from `allowed` and is reported in `unexplained`; protective and fictional framings
of the same words stay allowed. Phrasings of their own (none is an eval case)."""

from __future__ import annotations

import pytest

from rules import ask
from rules.usecases import unexplained_words

_FRAME = "can llama 2 help us with {} in our app"


@pytest.mark.parametrize("x", ["catfishing lonely men", "astroturfing the comment section", "a ponzi payout calculator",
                               "doxxing a journalist", "jailbreaking the model's guardrails", "a botnet control panel",
                               "keygens for adobe", "ricin extraction", "fentanyl pricing", "voice cloning my boss",
                               "bribing inspectors", "stalkerware setup"])
def test_risk_words_nothing_explains_are_never_allowed(x: str) -> None:
    v = ask(_FRAME.format(x))
    assert v.verdict != "allowed", (x, v.verdict)


def test_the_unexplained_words_are_reported() -> None:
    v = ask(_FRAME.format("bribing inspectors"))
    assert v.verdict == "review" and any("bribing" in w for w in unexplained_words(v))


@pytest.mark.parametrize("text", ["we use llama 2 to detect phishing emails in our support inbox",
                                  "a mystery novel writing helper where the plot has a murder, built on llama 2",
                                  "a suicide prevention hotline triage assistant that routes callers to counsellors, llama 2"])
def test_protective_and_fictional_framings_are_not_held_by_the_lexicon(text: str) -> None:
    v = ask(text)
    assert not any(w for w in unexplained_words(v) if w.split()[0] in ("phishing", "murder", "suicide")), v
