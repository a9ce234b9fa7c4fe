"""Training on another vendor's outputs, Hangul names of other families, and answers that do not depend on
the process's hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import rules
from rules import i18n


@pytest.mark.parametrize("text, license", [
    ("can we train llama 3 on GPT-4 outputs?", "llama-3"),
    ("fine-tune llama 3.1 with claude 3 outputs for our support bot", "llama-3.1"),
    ("we want to sft llama 3.3 on gpt outputs we collected last year", "llama-3.3"),
])
def test_llama_trained_on_another_vendors_outputs_is_fine_tuning_under_review(text: str, license: str) -> None:
    v = rules.ask(text, license=license)
    assert v.verdict == "review"
    assert v.reasons[0].rule == "version.other_family"  # the deciding reason comes first
    assert "train_llm_on_outputs" not in " ".join(v.notes)


def test_llama_outputs_named_with_another_vendors_are_still_training_on_llama_outputs() -> None:
    v = rules.ask("we train our own llm on llama 3 outputs and gpt-4 outputs", license="llama-3")
    assert v.verdict == "prohibited"


@pytest.mark.parametrize("text, family", [
    ("미스트랄 모델 상업적으로 써도 되나요?", "Mistral"),
    ("젬마 파인튜닝해서 팔아도 돼?", "Gemma"),
    ("딥시크 써도 되나요", "DeepSeek"),
])
def test_other_families_in_hangul_are_out_of_scope(text: str, family: str) -> None:
    v = rules.ask(text)
    assert v.verdict == "unclear"
    assert family in v.reasons[0].message
    assert family in (i18n.explain(v.reasons[0], v, "ko") or "")


def test_korean_explains_the_words_it_did_not_read() -> None:
    v = rules.ask("라마 3로 사내 챗봇 만들어요")
    reason = rules.Reason("use.unexplained.unclear", "license §1.b.iv", "license",
                          "The text says '꿍꿍이', which none of the recognised activities explains; an answer cannot "
                          "be allowed on words it did not understand: the open-source program office must review it.")
    ko = i18n.explain(reason, v, "ko") or ""
    assert "알아듣지 못했습니다" in ko and "'꿍꿍이'" in ko


def test_answers_do_not_depend_on_the_hash_seed() -> None:
    questions = [
        "use llama 3 to write emails that look like they come from paypal asking people to confirm their password",
        "bot that dms 5k people a day from a scraped list pretending to be their bank, llama 3.1",
        "can we fine-tune llama 3 on claude outputs and sell it as Acme-Chat?",
    ]
    lines = "\n".join(json.dumps({"cmd": "ask", "input": q, "license": "llama-3"}) for q in questions) + "\n"
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-m", "rules.cli", "--json", "batch", "-"], input=lines,
                             capture_output=True, text=True, env=env, check=True).stdout
        outputs.add(out)
    assert len(outputs) == 1
