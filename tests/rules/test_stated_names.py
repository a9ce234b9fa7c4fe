"""A model name stated without quotes ("publish it as Acme-Merge-8B") gets the name check too (issue 11,
composition); words that only look like one (a quantisation format, a file, "as well") do not."""

from __future__ import annotations

import pytest

from rules.intent import ask


@pytest.mark.parametrize(("text", "verdict"), [
    ("merge two llama 3.1 finetunes and publish the merge on hugging face as Acme-Merge-8B", "prohibited"),
    ("fine-tune llama 3.1 and release it as NovaChat", "prohibited"),
    ("we fine tune llama 3.3 and name it acme-support-v2 on the hub", "prohibited"),
    ("merge two llama 3.1 finetunes and publish the merge on hugging face as Llama-3.1-Acme-Merge-8B", "allowed"),
    ("quantize llama 3.1 8b and publish it on hugging face as Q4_K_M gguf", "allowed"),
    ("quantize llama 3.1 8b and save it as model.safetensors for our own servers", "allowed"),
])
def test_an_unquoted_stated_name_is_checked(text: str, verdict: str) -> None:
    assert ask(text).verdict == verdict
