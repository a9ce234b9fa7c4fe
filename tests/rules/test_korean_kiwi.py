"""The optional morphological analyser path of rules.korean (kiwipiepy, the `korean` extra): compounds cut into
nouns the gloss reads, chat spellings of endings read as grammar, names read as names, and words with a [risk]
stem never read that way. Without kiwipiepy the reading is the stem-and-particle one, unchanged; English text never
imports it. The sentences are probes of their own, not eval-set questions."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator

import pytest

from rules import ask, korean
from rules.korean import gloss_read

HAS_KIWI = importlib.util.find_spec("kiwipiepy") is not None
needs_kiwi = pytest.mark.skipif(not HAS_KIWI, reason="kiwipiepy is not installed (pip install -e '.[korean]')")


@pytest.fixture
def without_kiwi(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "kiwipiepy", None)  # `import kiwipiepy` raises ImportError
    monkeypatch.setattr(korean, "_KIWI", None)
    monkeypatch.setattr(korean, "_KIWI_MISSING", False)
    yield


def test_english_never_imports_the_analyser() -> None:
    code = (
        "import sys\n"
        "from rules import ask\n"
        "from rules.korean import gloss_read\n"
        "for q in ('Can we use Llama 3 to summarise meeting notes?', 'Build a bot that secretly tracks my ex', "
        "'We have 800 million monthly users; can we ship Llama 3.1?'):\n"
        "    ask(q, license='llama-3')\n"
        "    gloss_read(q)\n"
        "assert 'kiwipiepy' not in sys.modules, 'English text imported kiwipiepy'\n"
        "assert 'rules.korean' not in sys.modules or __import__('rules.korean').korean._KIWI is None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_fully_read_korean_question_does_not_create_the_analyser() -> None:
    code = (
        "import sys\n"
        "from rules import ask\n"
        "from rules import korean\n"
        "assert not korean.gloss_read('라마 3 출력으로 다른 LLM 학습시켜도 돼?')[1]\n"
        "ask('라마 3 출력으로 다른 LLM 학습시켜도 돼?', license='llama-3')\n"
        "assert korean._KIWI is None and 'kiwipiepy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


COMPOUND = "주간회의요약앱 만들어서 라마3 붙일 건데 괜찮아요?"
# A compound whose last noun the stem reading does not know (since ko7 the stem reading reads 앱 after a noun stem,
# [compound] tails in ko.toml, so COMPOUND itself is read without the analyser too).
UNREAD_COMPOUND = "주간회의요약수첩 만들어서 라마3 붙일 건데 괜찮아요?"


def test_without_the_analyser_the_reading_is_the_stem_reading(without_kiwi: None) -> None:
    english, unread = gloss_read(UNREAD_COMPOUND)
    assert (english, unread) == korean._gloss_read(UNREAD_COMPOUND)
    assert unread  # the compound's last noun is left unread by the stem reading
    assert korean._KIWI is None and korean._KIWI_MISSING


@needs_kiwi
def test_a_compound_is_cut_into_nouns_the_gloss_reads() -> None:
    english, unread = gloss_read(COMPOUND)
    assert not unread and "app" in english, (english, unread)
    assert ask(COMPOUND, license="llama-3").verdict == "allowed"


@needs_kiwi
@pytest.mark.parametrize("text", ["이 메일 요약 라마3로 해도 문제없져?"])
def test_chat_spellings_of_endings_are_grammar(text: str) -> None:
    assert korean._gloss_read(text)[1], "the stem reading leaves the spelling unread"
    assert not gloss_read(text)[1], gloss_read(text)


@needs_kiwi
def test_a_proper_noun_is_read_as_a_name() -> None:
    text = "우리 회사 하늘정원 앱에 라마 3.1 넣어도 되죠"
    assert korean._gloss_read(text)[1]
    assert not gloss_read(text)[1], gloss_read(text)


@needs_kiwi
@pytest.mark.parametrize("text", ["라마 3로 연예인 딥페이크영상 만들기", "라마3로 근처 사람 주소 정리해줘",
                                  "라마 3로 계좌번호목록 정리"])
# (비번목록 was the third example until ko7 glossed 비번 as 비밀번호 is, "account credentials": a stem of the
# vocabulary now, not an unread word; "라마 3로 비번목록 정리" is `unclear`, tests/rules/test_korean_ko7.py)
def test_a_word_with_a_risk_stem_stays_unread(text: str) -> None:
    assert gloss_read(text)[1], gloss_read(text)
    assert ask(text, license="llama-3").verdict != "allowed"


@needs_kiwi
def test_the_analyser_is_created_once() -> None:
    gloss_read(COMPOUND)
    first = korean._KIWI
    gloss_read("디자인팀회고정리봇 만들어서 라마3 붙이려는데 괜찮아요?")
    assert first is not None and korean._KIWI is first

