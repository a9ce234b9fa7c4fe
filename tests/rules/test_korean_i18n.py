"""Messages as data (rules/locales, rules.i18n) and `llama-check --lang ko`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import rules
from rules import i18n
from rules.cli import main
from rules.data import ACTIVITIES
from rules.verdict import OUTCOMES

RULES_DIR = Path(rules.__file__).resolve().parent
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in RULES_DIR.glob("*.py"))
EN, KO = i18n.catalog("en"), i18n.catalog("ko")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_both_catalogs_hold_the_same_ids() -> None:
    assert set(EN) == set(KO)
    assert all(m.strip() for m in (*EN.values(), *KO.values()))


def test_messages_take_the_same_values_in_both_languages() -> None:
    for key in EN:
        assert set(re.findall(r"\{(\w+)\}", EN[key])) == set(re.findall(r"\{(\w+)\}", KO[key])), key


def test_korean_catalog_is_korean() -> None:
    for key, msg in KO.items():
        if key.startswith(("ui.", "source.")) and not HANGUL.search(msg):
            continue  # layout lines ("  - {text} [{clause}; {source}]")
        assert HANGUL.search(msg), key


def test_every_id_is_used() -> None:
    """ui/error/note ids are looked up by name in the code; the tables keyed by the engine's ids cover exactly
    the engine's ids, so no message is missing and none is left over."""
    for key in EN:
        table, _, name = key.partition(".")
        if table in ("ui", "error", "note"):
            assert f'"{key}"' in SOURCE or f'"{name}"' in SOURCE, key
    assert {k[6:] for k in EN if k.startswith("label.")} == set(OUTCOMES)
    assert {k[5:] for k in EN if k.startswith("kind.")} == {"ask", "name", "use", "mau", "card"}
    assert {k[7:] for k in EN if k.startswith("source.")} == {"license", "policy"}
    # ... and the risk concepts answered at least review, whose reason names them ("<topic>에 닿는 내용이지만 ...").
    from rules.vocab import VOCAB

    review = {c.id for c in VOCAB.risk.values() if c.outcome == "review"}
    assert {k[9:] for k in EN if k.startswith("activity.")} == set(ACTIVITIES) | {"medical", "legal", "financial",
                                                                                  "emergency"} | review
    assert {k[8:] for k in EN if k.startswith("outcome.")} == {f"{s}.{o}" for s in ("license", "policy")
                                                               for o in OUTCOMES if o != "unclear"}


def test_reason_ids_are_rules_the_engine_gives() -> None:
    generic = {"condition", "direction", "unclear_harm", "who_decides", "trademark", "eu_text_only", "unclear",
               "no_clause"}
    for key in (k for k in EN if k.startswith("reason.")):
        rule = key[7:]
        parts = rule.split(".")
        if parts[0] == "use":
            assert parts[1] in ACTIVITIES or parts[1] in generic or f'"{rule}"' in SOURCE, key
            assert len(parts) == 2 or parts[2] in OUTCOMES, key
        elif parts[0] == "mau" and parts[1] in ("over", "under", "target_over", "target_under"):
            assert '"mau.threshold"' in SOURCE and '"mau.target"' in SOURCE
        else:
            base = ".".join(parts[:2])
            assert f'"{base}"' in SOURCE, key


def test_english_suggestions_are_the_engines_words() -> None:
    from rules import usecases

    for act, tip in usecases._SUGGEST.items():
        assert EN[f"suggest.{act}"] == tip
    assert EN["suggest.mau"] == usecases._SUGGEST_MAU
    assert EN["suggest.unclear"] == usecases._SUGGEST_UNCLEAR


@pytest.mark.parametrize(("n", "shown"), [(700_000_000, "7억 명"), (690_000_000, "6억 9,000만 명"),
                                          (699_999_999, "6억 9,999만 9,999명"), (50_000_000, "5,000만 명"),
                                          (1_200_000_000, "12억 명"), (120_000, "12만 명"), (5_000, "5,000명")])
def test_korean_counts(n: int, shown: str) -> None:
    assert i18n.count(n, "ko") == shown
    assert i18n.count(n, "en") == f"{n:,}"


def test_korean_dates() -> None:
    assert i18n.month("2026-11", "ko") == "2026년 11월"
    assert i18n.month("2026-11", "en") == "November 2026"
    assert i18n.date("2023-07-18", "ko") == "2023년 7월 18일"


@pytest.mark.parametrize(("word", "p", "fitted"), [("라마 2", "은", "는"), ("7억 명", "은", "은"), ("LLM", "을", "을"),
                                                   ("Llama 3", "로", "으로"), ("Llama 3.1", "로", "로"),
                                                   ("파인튜닝", "을", "을"), ("양자화", "이", "가")])
def test_particles_fit_the_value(word: str, p: str, fitted: str) -> None:
    assert i18n.particle(word, p) == fitted


def test_language_from_the_environment() -> None:
    assert i18n.lang_from_env({"LANG": "ko_KR.UTF-8"}) == "ko"
    assert i18n.lang_from_env({"LANG": "en_US.UTF-8"}) == "en"
    assert i18n.lang_from_env({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}) == "ko"
    assert i18n.lang_from_env({}) == "en"
    assert i18n.choose(None, "라마 2 써도 돼?", {"LANG": "en_US.UTF-8"}) == "ko"
    assert i18n.choose("en", "라마 2 써도 돼?", {}) == "en"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_korean_answer_keeps_the_license_words_beside_the_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "ko", "ask", "Can we train a new LLM with Llama 2 outputs?")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("금지  (질문, llama-2, 정책 guide)")
    assert "  - 라마의 출력으로 다른 LLM을 학습시키는 것은 금지입니다." in out
    assert "    원문: " in out and "§1.b.v" in out  # the license's own words, in English
    assert lines[-1] == KO["ui.footer"]


def test_a_korean_question_gets_a_korean_answer(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    _, out, _ = run(capsys, "ask", "월간 활성 사용자 6억 9천만 명인 서비스에 라마 2를 써도 되나요?")
    assert out.startswith("허용  (질문, llama-2, 정책 guide, 월간 활성 사용자 6억 9,000만 명)")
    assert "월간 활성 사용자 6억 9,000만 명은 7억 명 미만입니다." in out
    assert "이렇게 읽었습니다" in out
    _, out, _ = run(capsys, "--lang", "en", "ask", "라마 2를 상업적으로 써도 되나요?")
    assert out.startswith("ALLOWED  (ask, llama-2, policy guide)")


def test_lang_default_comes_from_lang(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    _, out, _ = run(capsys, "mau", "800M")
    assert out.startswith("라이선스 필요  (사용자 수, llama-2, 정책 guide, 월간 활성 사용자 8억 명)")
    monkeypatch.setenv("LANG", "C.UTF-8")
    _, out, _ = run(capsys, "mau", "800M")
    assert out.startswith("LICENSE REQUIRED  (mau, llama-2, policy guide, MAU 800,000,000)")


def test_json_keeps_its_fields_and_adds_lang(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--json", "--lang", "ko", "ask", "라마 2를 상업적으로 써도 되나요?")
    obj = json.loads(out)
    assert obj["lang"] == "ko" and obj["verdict"] == "allowed"
    assert {"kind", "verdict", "license", "policy", "mau", "reasons", "suggestions"} <= set(obj)
    assert not any(HANGUL.search(r["message"]) for r in obj["reasons"])  # reason texts stay the license's English
    _, out, _ = run(capsys, "--json", "--lang=en", "mau", "7억")
    assert json.loads(out)["lang"] == "en"


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--lang", "ko", "mau", "lots"], "'lots'를 월간 활성 사용자 수로 읽지 못했습니다"),
    (["--lang", "ko", "--license", "llama-9", "ask", "chatbot"], "모르는 라이선스입니다: 'llama-9'"),
    (["--lang", "ko", "ask", " "], "입력이 비어 있습니다"),
    (["--lang", "ko", "batch", "/nonexistent.jsonl"], "배치 파일 '/nonexistent.jsonl'을 찾지 못했습니다"),
    (["--lang", "ko", "card", "/nonexistent.md"], "입력을 확인해 주세요: Model card '/nonexistent.md' not found"),
    (["--lang", "ko", "ask"], "명령을 이해하지 못했습니다"),
])
def test_korean_errors_are_one_polite_line(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("llama-check: ") and fragment in err and err.count("\n") == 1


def test_bad_lang_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "fr", "ask", "chatbot")
    assert code == 2 and "--lang must be ko or en" in err


def test_korean_license_listing_shows_korean_dates(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--lang", "ko", "licenses")
    assert "llama-2     2023년 7월 18일  LLAMA 2 COMMUNITY LICENSE AGREEMENT, 월간 활성 사용자 기준 달 2023년 6월" in out


def test_batch_lines_carry_their_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"cmd": "ask", "input": "라마 2 파인튜닝 가능?"}, ensure_ascii=False) + "\n"
                    + json.dumps({"cmd": "ask", "input": "fine-tune Llama 2"}) + "\n", encoding="utf-8")
    _, out, _ = run(capsys, "--json", "batch", str(path))
    a, b = (json.loads(x) for x in out.splitlines())
    assert (a["lang"], a["verdict"]) == ("ko", "allowed") and b["verdict"] == "allowed"


def test_every_verdict_and_reason_of_the_blind_set_renders_in_korean() -> None:
    from rules.intent import ask

    eval_dir = RULES_DIR.parent / "eval"
    for line in (eval_dir / "ko_blind.jsonl").read_text(encoding="utf-8").splitlines():
        v = ask(json.loads(line)["input"])
        text = i18n.render(v, "ko")
        assert text.splitlines()[0].startswith(KO[f"label.{v.verdict}"])
        for i, r in enumerate(v.reasons):
            said = i18n.explain(r, v, "ko", first=i == 0)
            assert said is not None and HANGUL.search(said), r
