"""Llama named only to compare another model with it: the question is about the other model, which no Llama pack
judges (rules/families.toml [comparison]); Korean vendors' models are other families too."""

from __future__ import annotations

import pytest

import rules


@pytest.mark.parametrize("text", [
    "is mixtral 8x7b under the same rules as llama for a paid app?",
    "Does HyperCLOVA X have the same license terms as Llama? We want to use it in a commercial service.",
    "are qwen's terms stricter than llama's for redistribution?",
    "can we use exaone 3.5 in our chatbot",
    "upstage solar pro for our paid api, ok?",
])
def test_the_other_model_is_not_judged_under_llama(text: str) -> None:
    v = rules.ask(text, license="llama-2")
    assert v.verdict == "unclear" and v.reasons[0].rule == "version.other_family", v.notes


@pytest.mark.parametrize(("text", "want"), [
    ("can we fine-tune llama and sell it, we used mistral before", "allowed"),
    ("use llama instead of gpt-4 for our support bot", "allowed"),
    ("we switched from mistral to llama 3 for our chatbot, ok?", "allowed"),
    ("solar panel installer's chatbot on llama 3", "allowed"),
])
def test_llama_as_the_subject_is_still_judged(text: str, want: str) -> None:
    assert rules.ask(text, license="llama-3").verdict == want
