"""The rules tests run in an English locale unless a test sets one: `llama-check` answers in the language of
LANG (rules.i18n.lang_from_env), and a developer's Korean shell must not change what the tests read."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator

import pytest

HAS_KIWI = importlib.util.find_spec("kiwipiepy") is not None


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(params=["analyser", "stems only"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """For the Korean probes (test_korean_ko7/8/9): each is read twice, with kiwipiepy (when installed) and with the
    stem reading alone."""
    from rules import korean

    if request.param == "analyser":
        if not HAS_KIWI:
            pytest.skip("kiwipiepy is not installed (pip install -e '.[korean]')")
    else:
        monkeypatch.setitem(sys.modules, "kiwipiepy", None)  # `import kiwipiepy` raises ImportError
        monkeypatch.setattr(korean, "_KIWI", None)
        monkeypatch.setattr(korean, "_KIWI_MISSING", False)
    yield request.param
