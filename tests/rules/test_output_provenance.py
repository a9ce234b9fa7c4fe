"""Output training when the data is described by how it was made ("Q&A data made with Llama 2"), in English
and in the Korean participle form (라마2로 만든 데이터): prohibited under Llama 2 when another LLM is trained on it;
fine-tuning Llama itself on such data stays allowed."""

from __future__ import annotations

import pytest

import rules


@pytest.mark.parametrize(("text", "lic"), [
    ("We want to train our own LLM (based on EXAONE) on Q&A data made with Llama 2 70B; that's fine, right?", "llama-2"),
    ("train our mistral fine-tune on examples generated with llama 3", "llama-3"),
    ("pairs created using llama 2 13b will pretrain our in-house llm", "llama-2"),
    ("라마2 70b로 만든 질의응답 데이터로 우리 자체 LLM(엑사원 기반) 학습시키려는데 괜찮죠?", "llama-2"),
])
def test_data_described_by_how_it_was_made_is_output_training(text: str, lic: str) -> None:
    v = rules.ask(text, license=lic)
    assert v.verdict == "prohibited" and v.reasons[0].rule == "use.train_llm_on_outputs", v.notes


@pytest.mark.parametrize(("text", "lic"), [
    ("we use data made with llama 2 to fine-tune llama 2 itself", "llama-2"),
    ("라마 3로 만든 데이터로 라마 3 자체를 파인튜닝해도 되나요?", "llama-3"),
    ("chatbot answers made with llama 2 shown to users in our app", "llama-2"),
])
def test_llama_itself_or_no_training_stays_allowed(text: str, lic: str) -> None:
    assert rules.ask(text, license=lic).verdict == "allowed"
