"""The rules tests run in an English locale unless a test sets one: `llama-check` answers in the language of
LANG (rules.i18n.lang_from_env), and a developer's Korean shell must not change what the tests read."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
