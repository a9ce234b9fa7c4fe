"""rules.intent: version detection in free text, which license wins, and routing to name / mau / use."""

from __future__ import annotations

import pytest

from rules import EmptyInputError, ask
from rules.intent import detect_license


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Can we use Llama 2 for this?", ["llama-2"]),
        ("Use LLaMA 1 in a commercial product", ["llama-1"]),
        ("Is LLaMA (the first one) ok for a paid product?", ["llama-1"]),
        ("the original LLaMA weights", ["llama-1"]),
        ("llama-1 weights", ["llama-1"]),
        ("the original LLaMA", ["llama-1"]),
        ("LLaMA 65B", ["llama-1"]),
        ("Llama 3.1 405B", ["llama-3.1"]),
        ("Meta Llama 3 8B", ["llama-3"]),
        ("Meta-Llama-3-70B-Instruct", ["llama-3"]),
        ("llama3.2 vision", ["llama-3.2"]),
        ("Llama-3.3-70B-Instruct", ["llama-3.3"]),
        ("Llama 4 Scout", ["llama-4"]),
        ("Maverick", ["llama-4"]),
        ("Llama 2 70B chat", ["llama-2"]),
        ("Llama-2-7b-hf", ["llama-2"]),
        ("llama2", ["llama-2"]),
        ("Code Llama", ["llama-2"]),
        ("a llama farm chatbot", []),
        ("no version named", []),
        ("Llama-2-7b outputs to train on Llama 3.1", ["llama-2", "llama-3.1"]),
    ],
)
def test_detect_license(text: str, found: list[str]) -> None:
    assert detect_license(text) == found


@pytest.mark.parametrize(
    ("text", "given", "used", "verdict"),
    [
        # the text wins over the given license (the score harness always passes llama-2)
        ("Use LLaMA 1 in a commercial product", "llama-2", "llama-1", "prohibited"),
        ("train our own LLM on Llama 3.1 outputs", "llama-2", "llama-3.1", "allowed"),
        ("train our own LLM on Llama 3 outputs", "llama-3.1", "llama-3", "prohibited"),
        # no version in the text: the given license, else llama-2
        ("train our own LLM on the outputs", "llama-3.1", "llama-3.1", "allowed"),
        ("train our own LLM on the outputs", None, "llama-2", "prohibited"),
        ("customer chatbot", "llama3.2", "llama-3.2", "allowed"),  # Hugging Face id accepted
    ],
)
def test_which_license_is_used(text: str, given: str | None, used: str, verdict: str) -> None:
    v = ask(text, license=given)
    assert (v.license, v.verdict, v.kind) == (used, verdict, "ask")
    assert v.notes[0].startswith(f"license: {used}")


def test_note_says_text_overrode_the_given_license() -> None:
    v = ask("Use LLaMA 1 in a commercial product", license="llama-2")
    assert "instead of the given llama-2" in v.notes[0]


@pytest.mark.parametrize(
    ("text", "route", "verdict"),
    [
        ('Can we call our model "Nova-7B"?', "name", "allowed"),
        ("is the name Llama 2 Pro ok?", "name", "prohibited"),
        ("name it CustomLLM-Llama2-7B", "name", "allowed"),
        ("can we call our fine-tune Meta-Chat-13B?", "name", "prohibited"),
        ('"Sapphire-13B"', "name", "allowed"),
        ('"Nova 7B — Built with Llama 2"', "name", "allowed"),
        ('Is "Llama 2 for customer support" allowed?', "use", "allowed"),  # a use in quotes, not a name
        ("Would “Llama 3 Pro” be a compliant name under Llama 3?", "name", "allowed"),
        ("Is Llama 2 Pro a good name?", "name", "prohibited"),
        ("We want to call it KoLlama2", "name", "review"),
        ("would MetaMath-7B be ok as a name", "name", "allowed"),
        ("our model is called Llama 2 Pro, is that ok?", "name", "prohibited"),
        ("naming: Llama2-Turbo", "name", "prohibited"),
        ("Can we release our fine-tune as Llama-2-Nova?", "name", "prohibited"),
        ("Can we use Meta Llama Custom as the name?", "name", "prohibited"),
        ("We want to name our Llama 3 model Llama 3 Orion", "name", "allowed"),
        ("can we call our new Llama 3.1 chatbot Orion Assistant?", "name", "prohibited"),
        ("release it as open source", "use", "allowed"),  # "open source" is not shaped like a name
        ("900M", "mau", "license_required"),
        ("we have 1.2 billion MAU", "mau", "license_required"),
        ("7억", "mau", "license_required"),
        ("3천만 users", "mau", "allowed"),
        ("Can we train a new LLM with Llama 2 outputs?", "use", "prohibited"),
        ('Is "write hate speech" allowed?', "use", "prohibited"),  # quoted, but not shaped like a name
        ("we have 900M users and a support chatbot", "use", "license_required"),
    ],
)
def test_routing(text: str, route: str, verdict: str) -> None:
    v = ask(text)
    assert v.kind == "ask" and v.verdict == verdict
    joined = " ".join(v.notes)
    if route == "name":
        assert "checked as a model name" in joined
    elif route == "mau":
        assert "monthly-active-user figure" in joined and v.mau is not None
    else:
        assert "checked as" not in joined


def test_version_inside_a_name_does_not_override_the_given_license() -> None:
    # Under llama-2 the guide bars leading with the mark; under llama-3 the license requires it.
    assert ask('can we call it "Llama 3 Pro"?', license="llama-2").license == "llama-2"
    assert ask('can we call it "Llama 3 Pro"?').license == "llama-3"


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_question_raises(text: str) -> None:
    with pytest.raises(EmptyInputError):
        ask(text)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # A good name never green-lights a bad use described in the same question.
        ('Can we call our model "HateBot" and use it to write hate speech?', "prohibited"),
        ("is the name Llama 2 Pro ok for our diagnosis bot with no doctor?", "prohibited"),
        ("name it Nova 7B; we have 900M users", "license_required"),
        ('Can we call our model "Nova-7B"?', "allowed"),
    ],
)
def test_naming_question_with_a_use(text: str, verdict: str) -> None:
    v = ask(text)
    assert v.verdict == verdict and v.kind == "ask"
    assert any("checked as a model name" in n for n in v.notes)
