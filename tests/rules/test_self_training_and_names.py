"""Two false prohibitions from the English twins of eval/ko_dev3-4 (issue 11), fixed by category.

- The Llama model trained again on its own rated outputs ("SFT that same model") is Llama improving itself, which
  every license with an outputs clause excludes (Llama 2 §1.b.v: "excluding Llama 2 or derivative works thereof");
  training another model on those outputs stays prohibited.
- "Can we get menu name ideas ...?" asks for names of menu items, not whether "we get menu" may name a model.

The phrasings are written for these tests.
"""

from __future__ import annotations

import pytest

import rules


@pytest.mark.parametrize("q", [
    "we keep the best-rated answers of our llama 2 chat model and fine-tune that same model on them",
    "is it ok to retrain the model itself on its own top answers? it's our llama 2 13b",
    "self-training: our llama 2 assistant's thumbs-up replies are used to sft the same base model again",
])
def test_llama_trained_on_its_own_outputs_is_not_another_llm(q: str) -> None:
    v = rules.ask(q, license="llama-2")
    assert v.verdict != "prohibited", [r.message for r in v.reasons]
    assert not any(r.rule.endswith("train_llm_on_outputs") for r in v.reasons)


@pytest.mark.parametrize("q", [
    "we fine-tune a new mistral model on our llama 2 chat model's best answers",
    "can we train another model on the highly rated answers from our llama 2 chat model?",
    "our llama 2 bot's answers train a brand new llm, not the same model",
])
def test_another_model_trained_on_outputs_stays_prohibited(q: str) -> None:
    assert rules.ask(q, license="llama-2").verdict == "prohibited"


@pytest.mark.parametrize("q", [
    "Can we get menu name ideas for a cafe recommended by Llama 3?",
    "could we get product name suggestions from llama 3 for our new sneakers?",
    "can you give street name ideas for our city-builder game with llama 3?",
])
def test_asking_for_name_ideas_is_not_a_model_name(q: str) -> None:
    v = rules.ask(q, license="llama-3")
    assert not any(r.rule.startswith("naming.") for r in v.reasons), [r.message for r in v.reasons]


def test_a_model_name_question_still_is_one() -> None:
    assert rules.ask("can LlamaChef be the name of our llama 3 fine-tune?").verdict == "prohibited"
    v = rules.ask("Can Nova-7B be our model name?", license="llama-3")
    assert v.verdict == "prohibited" and any(r.rule == "naming.prefix" for r in v.reasons)
    assert rules.ask("Can Nova-7B be our model name?", license="llama-2").verdict == "allowed"


@pytest.mark.parametrize(("q", "verdict"), [
    # A quoted name with 로 after its noun ("모델 'X'로 공개"): published as that name (ko_blind16's development part).
    ("라마 3.1 답변으로 증류한 모델 '바다-8B'로 허깅페이스에 올릴게요", "prohibited"),
    ("라마 3.1로 파인튜닝한 모델 'Llama-Bada-8B'로 공개합니다", "allowed"),
    # 'X'라는 이름으로 ("under the name X"), and English with the name first.
    ("라마 3.1로 파인튜닝한 모델을 '바다-8B'라는 이름으로 배포해도 되나요?", "prohibited"),
    ("we fine-tune llama 3.1 and release it with 'Bada-8B' as the name", "prohibited"),
    ("we fine-tune llama 3.1 and release it with 'Llama-Bada-8B' as the name", "allowed"),
])
def test_a_stated_name_is_checked_whichever_side_of_as_it_stands(q: str, verdict: str) -> None:
    v = rules.ask(q, license="llama-3.1")
    assert v.verdict == verdict, [r.message for r in v.reasons]
