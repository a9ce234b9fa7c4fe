"""rules.korean: Korean questions read as the English the recogniser knows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import rules
from rules import korean
from rules.intent import ask


def test_english_text_is_returned_as_it_is() -> None:
    for text in ("Can we fine-tune Llama 2?", "naïve café chatbot for Llama 3", ""):
        assert korean.gloss(text) == text
        assert not korean.has_hangul(text)
    assert korean.has_hangul("라마 2") and korean.has_hangul("Llama 3 써도 돼?")


@pytest.mark.parametrize("text", ["라마 3 출력으로 다른 LLM 학습시켜도 돼?", "라마 3 출력으로 다른 LLM을 학습하려고 해요",
                                  "라마 3 출력을 다른 LLM 학습용으로 써도 되나요?"])
def test_particles_and_endings_do_not_hide_the_stem(text: str) -> None:
    g = korean.gloss(text)
    assert "llama 3" in g and "train" in g and "outputs" in g and "LLM" in g
    assert ask(text).verdict == "prohibited"


@pytest.mark.parametrize(("text", "license"), [("라마 3.1 출력으로 분류기 학습", "llama-3.1"), ("라마3로 요약 봇", "llama-3"),
                                               ("메타 라마 3를 파인튜닝", "llama-3"), ("Llama 3.1 70B로 요약", "llama-3.1"),
                                               ("라마2 양자화", "llama-2"), ("라마 1을 연구에", "llama-1")])
def test_versions_written_in_korean_are_found(text: str, license: str) -> None:
    assert ask(text).license == license


def test_words_holding_a_mark_are_not_the_mark() -> None:
    assert "llama" not in korean.gloss("드라마 대본 요약 앱")
    assert "drama script" in korean.gloss("드라마 대본 요약 앱")


def test_verbs_move_before_their_object() -> None:
    assert "generate hate speech" in korean.gloss("라마2로 혐오 발언을 생성해도 되나요?")
    assert "without doctor" in korean.gloss("의사 없이 환자를 진단")


def test_negation_puts_not_before_its_verb() -> None:
    assert "not use" in korean.gloss("라마 2 출력을 학습에 쓰지 않아요")
    assert "not use" in korean.gloss("라마 2는 안 써요")


def test_negation_takes_its_clause_in_the_shape_the_english_scope_reads() -> None:
    # The negated clause (its topic and purpose too) goes after "not"; a comma ends the scope; -만 is "only".
    g = korean.gloss("라마 3 출력은 모델 학습에 쓰지 않고 사용자 화면에만 표시합니다")
    assert g.startswith("not use llama 3 outputs train model,") and "show only" in g
    # Before the fix this read as output training (prohibited); now nothing risky is left (the English engine
    # asks for review when only a display is described).
    assert ask("라마 3 출력은 모델 학습에 쓰지 않고 사용자 화면에만 표시합니다").verdict in ("allowed", "review")
    assert ask("라마 3 응답을 다른 모델 학습에 쓰지 않아요. 고객 응대에만 써요.").verdict == "allowed"
    # Without the negation the same clause is output training.
    assert ask("라마 3 출력은 모델 학습에 쓰고 사용자 화면에도 표시합니다").verdict == "prohibited"
    assert korean.gloss("라마 3 말고 GPT로 학습해요").startswith("not llama 3,")
    assert "not llama 2 chatbot diagnose," in korean.gloss("라마 2 챗봇은 진단은 하지 않고 예약만 도와줍니다")
    # A negated question about permission is kept ("not allowed" is in the English keep list).
    assert ask("라마 3 출력으로 경쟁 LLM을 학습시키는 건 안 되죠?").verdict == "prohibited"


def test_a_safeguard_not_obtained_reads_as_without_it() -> None:
    assert korean.gloss("동의를 받지 않고 위치 정보를 수집해요").startswith("without consent collect location data")
    assert korean.gloss("동의하지 않은 회원에게 문자를 보내요").startswith("without consent")
    assert "without telling users" in korean.gloss("사용자에게 알리지 않고 대화를 녹음해요")
    assert ask("사용자 동의를 받지 않고 연락처를 수집하는 라마 2 앱").verdict == "prohibited"
    # A negated relative clause closes before its noun instead of negating the rest of the sentence.
    assert ask("동의하지 않은 회원들에게 라마 2로 쓴 광고 문자를 대량으로 보내요").verdict == "prohibited"


def test_bulk_messaging_to_scraped_or_bought_lists() -> None:
    g = korean.gloss("스크래핑한 이메일 주소로 라마 3.1이 쓴 광고 메일을 대량 발송해도 되나요?")
    assert "scraped email addresses" in g
    assert ask("스크래핑한 이메일 주소로 라마 3.1이 쓴 광고 메일을 대량 발송해도 되나요?").verdict == "prohibited"
    assert ask("크롤링한 전화번호로 라마 2가 만든 홍보 문자를 뿌려도 되나요?").verdict == "prohibited"
    # An instrument phrase after the object is "as": "use the responses as training data" (output training).
    g = korean.gloss("라마 3 응답을 다른 모델 학습 데이터로 쓰면 안 되나요?")
    assert "use llama 3 responses as other model training data" in g
    assert ask("라마 3 응답을 다른 모델 학습 데이터로 쓰면 안 되나요?").verdict == "prohibited"


def test_quantities_become_figures_and_versions_stay_apart() -> None:
    g = korean.gloss("월간 활성 사용자 6억 9,000만 명인 서비스에 라마 2를 넣어도 되나요?")
    assert "690,000,000" in g
    v = ask("라마 2를 쓰는데 월간 활성 사용자가 8억 명이면 메타 라이선스가 필요한가요?")
    assert (v.verdict, v.mau) == ("license_required", 800_000_000)  # not "2 users" from "라마 2 월간..."
    assert ask("월간 활성 사용자 5천만 명 앱에 라마 3를 써도 되나요?").mau == 50_000_000


def test_quoted_names_keep_their_words_with_the_marks_transliterated() -> None:
    g = korean.gloss("우리 모델 이름을 '라마 코리아'로 해도 되나요?")
    assert '"Llama 코리아"' in g and "name" in g
    v = ask("우리 모델 이름을 '라마 코리아'로 해도 되나요?")
    assert v.verdict == "prohibited" and any("Llama 코리아" in n for n in v.notes)
    assert ask("모델명을 '한빛-7B (라마 2 기반)'로 해도 되나요?").verdict == "allowed"


def test_korean_questions_get_the_english_twins_verdicts() -> None:
    pairs = [("라마 2를 상업적으로 써도 되나요?", "Can we use Llama 2 commercially?"),
             ("라마 3 출력으로 다른 LLM 학습시켜도 돼?", "Can we train another LLM on Llama 3 outputs?"),
             ("독일 회사인데 라마 3.2 비전 모델을 써도 되나요?", "We are a German company; can we use Llama 3.2 vision?"),
             ("변호사 검토 없이 라마 3 챗봇이 고객에게 법률 자문을 해줘도 되나요?",
              "Can a Llama 3 chatbot give legal advice to clients without a lawyer reviewing it?")]
    for ko, en in pairs:
        assert ask(ko).verdict == ask(en).verdict


def test_check_use_reads_korean_too() -> None:
    assert rules.check_use("라마2로 랜섬웨어 코드를 작성", license="llama-2").verdict == "prohibited"


def test_vocabulary_rejects_a_stem_listed_twice() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        korean._Vocab({"nouns": {"a": ["라마"]}, "verbs": {"b": ["라마"]}})


def test_english_questions_never_load_the_korean_front_end() -> None:
    code = ("import json, sys, rules\n"
            "rules.ask('Can we fine-tune Llama 2 for a customer chatbot?'); rules.check_use('chatbot')\n"
            "print(json.dumps('rules.korean' in sys.modules))\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(p.stdout) is False


@pytest.mark.parametrize(("text", "name", "verdict"), [
    ("라마 코리아라는 이름으로 출시해도 되나요?", "Llama 코리아", "prohibited"),
    ("우리 모델을 라마 코리아라고 불러도 돼?", "Llama 코리아", "prohibited"),
    ("모델 이름을 한빛-Llama2-7B로 해도 되나요?", "한빛-Llama2-7B", "allowed"),
    ("모델명은 Llama 2 Pro 괜찮아?", "Llama 2 Pro", "prohibited"),
    ("모델 이름을 누리봇으로 지어도 될까요?", "누리봇", "allowed"),
])
def test_names_written_without_quotes(text: str, name: str, verdict: str) -> None:
    v = ask(text)
    assert f"checked as a model name: {name!r}" in v.notes and v.verdict == verdict


def test_a_word_called_something_is_no_name() -> None:
    v = ask("LLM이라는 게 뭐예요? 라마 2 상업적 이용 가능?")
    assert v.verdict == "allowed" and not any("model name" in n for n in v.notes)


def test_nothing_readable_is_unclear_not_an_error() -> None:
    assert ask("ㅁㄴㅇㄹ ㅋㅋㅋ").verdict == "unclear"
    assert rules.check_use("ㅋㅋ").verdict == "unclear"


def test_control_characters_the_gloss_uses_as_markers_are_not_taken_from_the_text() -> None:
    # \x00 marks a quoted name and \x01 a multi-word stem inside the gloss: a question containing them is read,
    # never an error.
    assert "llama" in korean.gloss("라마 \x00 써도 되나요 \x01 테스트")
    assert korean.gloss_read('"이름\x00" 라마 2 써도 돼?')[0]
