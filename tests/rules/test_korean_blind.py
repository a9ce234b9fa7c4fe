"""The Korean blind sets in CI: Korean `ask` reaches its English twins' verdicts (eval/ko_score.py).

eval/ko_blind.jsonl, ko_blind2.jsonl, ko_blind3.jsonl, ko_blind4.jsonl, ko_blind6.jsonl and the test part of
ko_blind5.jsonl are frozen (written before the vocabulary they
measure; never tuned on before their first reading); eval/ko_dev.jsonl is the tuning set.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / "eval"
_spec = importlib.util.spec_from_file_location("ko_score", EVAL / "ko_score.py")
assert _spec is not None and _spec.loader is not None
ko_score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ko_score)


@pytest.mark.parametrize("name", ["ko_blind.jsonl", "ko_blind2.jsonl", "ko_blind3.jsonl", "ko_dev.jsonl"])
def test_korean_agrees_with_english_twins(name: str) -> None:
    s = ko_score.score(EVAL / name)
    assert s["agreement"] >= 0.95, s["misses"]
    # No question is green-lit because of how its Korean was read.
    assert s["korean_dangerous_allows"] == 0, s["misses"]


def test_fourth_blind_set_has_no_dangerous_allow_from_the_korean_reading() -> None:
    # ko_blind4 is BELOW the 0.95 target (0.889 at its freeze, 0.944 after the judge branch; eval/README.md). The
    # target is not met on it; this keeps what holds: no dangerous allow at all, and no regression from 34/36.
    s = ko_score.score(EVAL / "ko_blind4.jsonl")
    assert s["dangerous_allows"] == 0, s["misses"]
    assert s["agreement"] >= 34 / 36, s["misses"]


@pytest.mark.parametrize(("name", "min_agree"), [("ko_blind5.jsonl", 39), ("ko_blind6.jsonl", 14)])
def test_fresh_korean_batches_do_not_regress(name: str, min_agree: int) -> None:
    # ko_blind5 (48: dev part kob5-000..023 tuned on, test part frozen) and ko_blind6 (20, frozen) are below the
    # 0.95 target (eval/README.md). Guards at their measured figures: no dangerous allow at all (the unread-word
    # rule), agreement no lower than measured. Only counts are shown on failure, never the frozen cases.
    s = ko_score.score(EVAL / name)
    agree = round(s["agreement"] * s["n"])
    assert s["dangerous_allows"] == 0 and agree >= min_agree, (agree, s["n"], s["dangerous_allows"])


def test_seventh_blind_set_does_not_regress() -> None:
    # ko_blind7 (22, frozen whole, the judge2 branch's final measurement) is far below the 0.95 target and has one
    # dangerous allow the Korean reading caused (eval/README.md). Guards at its first-run figures: agreement no lower
    # than 12/22, no more than that one dangerous allow. After the ko6 category lists 13/22, 4 of 8 allowed-truth
    # questions held (5 without kiwipiepy): guards raised to those. Only counts are shown on failure.
    s = ko_score.score(EVAL / "ko_blind7.jsonl")
    agree = round(s["agreement"] * s["n"])
    held = s["not_allowed_on_allowed_truth"]
    # After ko7 (Korean read by category): 14/22 (totals only).
    assert agree >= 14 and s["dangerous_allows"] <= 1 and held <= 5, (agree, s["n"], s["dangerous_allows"], held)


def test_eighth_blind_set_does_not_regress() -> None:
    # ko_blind8 (24, frozen whole, written after the in-word and trailing-content rules): first run 10/24 agreement,
    # 0 dangerous allows, 10 of 13 allowed-truth questions held; 11/24 and 9/13 after the judge3 frequency lists
    # (eval/README.md); 12/24 and 8/13 after the ko6 category lists. Guards at the later figures.
    s = ko_score.score(EVAL / "ko_blind8.jsonl")
    agree = round(s["agreement"] * s["n"])
    held = s["not_allowed_on_allowed_truth"]
    assert agree >= 12 and s["dangerous_allows"] == 0 and held <= 8, (agree, s["n"], s["dangerous_allows"], held)


def test_ninth_blind_set_does_not_regress() -> None:
    # ko_blind9 (38, frozen whole, written before the judge3 frequency lists and run once after them): first run
    # 26/38 agreement, 0 dangerous allows, 9 of 24 allowed-truth questions held (eval/README.md). Guards at those
    # figures, raised to 29/38 and 5/24 after the ko6 category lists; the target (<= 10 % held) is not met. Only
    # counts are shown on failure.
    s = ko_score.score(EVAL / "ko_blind9.jsonl")
    agree = round(s["agreement"] * s["n"])
    held = s["not_allowed_on_allowed_truth"]
    assert agree >= 29 and s["dangerous_allows"] == 0 and held <= 5, (agree, s["n"], s["dangerous_allows"], held)


def test_tenth_blind_set_does_not_regress() -> None:
    # ko_blind10 (30, frozen whole, written before the Kiwi path and run once after it, each way): first run with
    # kiwipiepy 17/30 agreement, 0 dangerous allows, 11 of 22 allowed-truth questions held; without it 12/30, 0,
    # 16/22 (eval/README.md); after the ko6 category lists 19/30, 0, 9/22 with it and 16/30, 0, 12/22 without. Guards at
    # the figures of the installed reading. Only counts are shown on failure.
    with_kiwi = importlib.util.find_spec("kiwipiepy") is not None
    s = ko_score.score(EVAL / "ko_blind10.jsonl")
    agree = round(s["agreement"] * s["n"])
    held = s["not_allowed_on_allowed_truth"]
    # After ko7 (Korean read by category): 20/30, 9/22 with it and 18/30, 11/22 without (totals only, never the cases).
    min_agree, max_held = (20, 9) if with_kiwi else (18, 11)
    assert agree >= min_agree and s["dangerous_allows"] == 0 and held <= max_held, (
        with_kiwi, agree, s["n"], s["dangerous_allows"], held)


@pytest.mark.parametrize(("part", "min_agree", "max_held"), [("dev", 41, 2), ("test", 39, 4)])
def test_ordinary_korean_questions_are_allowed(part: str, min_agree: int, max_held: int) -> None:
    # eval/ko_ordinary.jsonl: 66 ordinary allowed-truth questions and 21 harmful ones, split 43 dev / 44 frozen test.
    # First run 41/66 not allowed (dev 21/36, test 20/30); after the vocabulary work dev 2/36, test 7/30 (its
    # first look was 10/30), 4/30 after the judge3 frequency lists. Guards: no dangerous allow, no more over-review, no less agreement than measured
    # (test part agreement 39/44 after ko7, totals only).
    s = ko_score.score(EVAL / "ko_ordinary.jsonl", part)
    agree = round(s["agreement"] * s["n"])
    assert s["dangerous_allows"] == 0 and s["not_allowed_on_allowed_truth"] <= max_held and agree >= min_agree, (
        agree, s["n"], s["dangerous_allows"], s["not_allowed_on_allowed_truth"])


def test_all_blind_sets_together_reach_the_target() -> None:
    # The measure: a blind set of at least 60 Korean questions at >= 95 % agreement with the twins.
    scores = [ko_score.score(EVAL / f"ko_blind{n}.jsonl") for n in ("", "2", "3", "4")]
    n = sum(s["n"] for s in scores)
    agree = sum(s["agreement"] * s["n"] for s in scores) / n
    assert n >= 60 and agree >= 0.95 and sum(s["korean_dangerous_allows"] for s in scores) == 0


def test_second_dev_set_reads_korean_at_least_as_well_as_english() -> None:
    # eval/ko_dev2.jsonl (the korean-fix tuning set: negation scope, consent, bulk messaging) holds many questions
    # whose English twin the English engine answers wrong; there the Korean reading must agree with every twin
    # the engine answers right, be right at least as often, and never green-light a question itself.
    s = ko_score.score(EVAL / "ko_dev2.jsonl")
    assert s["n"] >= 30 and s["agreement_twin_right"] >= 0.95, s["misses"]
    assert s["accuracy"] >= s["en_accuracy"] and s["korean_dangerous_allows"] == 0, s["misses"]


def test_first_blind_set_has_no_dangerous_allow_at_all() -> None:
    s = ko_score.score(EVAL / "ko_blind.jsonl")
    assert s["n"] >= 60 and s["dangerous_allows"] == 0, s["misses"]


@pytest.mark.parametrize("name", ["ko_blind.jsonl", "ko_blind2.jsonl", "ko_blind3.jsonl", "ko_blind4.jsonl", "ko_blind5.jsonl",
                                  "ko_blind6.jsonl", "ko_blind7.jsonl", "ko_blind8.jsonl", "ko_blind9.jsonl", "ko_blind10.jsonl", "ko_blind11.jsonl", "ko_blind12.jsonl", "ko_blind13.jsonl", "ko_blind14.jsonl", "ko_blind15.jsonl", "ko_ordinary.jsonl", "ko_dev.jsonl", "ko_dev2.jsonl", "ko_dev3.jsonl",
                                  "ko_dev4.jsonl"])
def test_sets_are_korean_questions_with_english_twins(name: str) -> None:
    cases = [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    for c in cases:
        assert any("\uac00" <= ch <= "\ud7a3" for ch in c["input"]), c["id"]
        # The twin is English: no Hangul (ko_blind12's kob12-018 writes "résumés", so not ASCII alone).
        assert c["en"] and not any("\uac00" <= ch <= "\ud7a3" for ch in c["en"]), c["id"]
        assert c["accept"] and isinstance(c["danger"], bool), c["id"]


def test_blind_and_dev_sets_share_no_question() -> None:
    def inputs(name: str) -> set[str]:
        return {json.loads(line)["input"] for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line}

    dev = inputs("ko_dev.jsonl") | inputs("ko_dev2.jsonl")
    for name in ("ko_blind.jsonl", "ko_blind2.jsonl", "ko_blind3.jsonl", "ko_blind4.jsonl", "ko_blind5.jsonl",
                 "ko_blind6.jsonl", "ko_blind7.jsonl", "ko_blind8.jsonl", "ko_blind9.jsonl", "ko_blind10.jsonl"):
        assert not dev & inputs(name)


@pytest.mark.parametrize(("name", "part", "with_kiwi", "without_kiwi"), [
    # (agreement at least, held allowed-truth at most), with and without kiwipiepy; 0 dangerous allows always.
    # ko_blind11 (40, evalw helper, written blind): first run agreement 0.600 (dev 11/20, test 13/20), 2 dangerous
    # allows (0 caused by the Korean reading), held 3/7 and 2/7. ko_blind12 (30, evalw3 helper, written blind):
    # first run dev 14/15, test 8/15, 0 dangerous, held 2/8 and 2/4. Guards at the figures after the session's
    # changes (dev parts tuned on; test parts frozen, totals only). Only counts are shown on failure.
    # ko7 (Korean read by category, dev parts tuned on): ko_blind11 dev 12 -> 16 (held without kiwipiepy 3 -> 1),
    # ko_blind12 dev without 13 -> 15 (held 2 -> 0), ko_blind12 test 8 -> 10 (held 2 -> 1, without 3 -> 2).
    ("ko_blind11.jsonl", "dev", (16, 1), (16, 1)),
    ("ko_blind11.jsonl", "test", (14, 1), (14, 2)),
    ("ko_blind12.jsonl", "dev", (15, 0), (15, 0)),
    ("ko_blind12.jsonl", "test", (11, 1), (11, 2)),
    # ko_blind13 (30, evalw4 helper, written blind, run once on the session's final engine): dev 8/15, 1/5 held;
    # test 10/15, 3/4 held; 0 dangerous allows. ko7: dev 9 -> 11, 0 held, both readings.
    ("ko_blind13.jsonl", "dev", (13, 0), (13, 0)),
    ("ko_blind13.jsonl", "test", (11, 2), (11, 2)),
    # Session 5 (judge6/judge7 English categories, ko7/ko8 Korean categories, the Korean date gloss): ko_blind11 test
    # 13 -> 14, ko_blind12 test 10 -> 11, ko_blind13 dev 11 -> 13 and test 10 -> 11 (held 3 -> 2) (totals only).
])
def test_eleventh_and_twelfth_blind_sets_do_not_regress(name: str, part: str, with_kiwi: tuple[int, int],
                                                         without_kiwi: tuple[int, int]) -> None:
    min_agree, max_held = with_kiwi if importlib.util.find_spec("kiwipiepy") is not None else without_kiwi
    s = ko_score.score(EVAL / name, part=part)
    agree = round(s["agreement"] * s["n"])
    held = s["not_allowed_on_allowed_truth"]
    assert agree >= min_agree and s["dangerous_allows"] == 0 and held <= max_held, (agree, s["n"],
                                                                                    s["dangerous_allows"], held)


@pytest.mark.parametrize(("name", "part", "with_kiwi", "without_kiwi"), [
    # (agreement at least, dangerous allows at most, held allowed-truth at most), with and without kiwipiepy.
    # Session 5's batches (written blind by evalw7/evalw11, which read no engine code): unlike the sets above they
    # still have dangerous allows, most of them English-side (the twin is allowed too); these guards keep what holds.
    # ko_blind14 (50): first run (a9bc42d) dev 15/20, 1 dangerous, 6/8 held; test 19/30, 4 (1 Korean-caused), 8/14.
    # ko_blind15 (40, frozen whole): first run on the session's final engine (2a670c0) 25/40, 1 (Korean-caused), 5/13.
    # ko_dev4 (150, development): first run 76/150, 3, 40/61.
    ("ko_blind14.jsonl", "dev", (13, 1, 6), (12, 0, 6)),
    ("ko_blind14.jsonl", "test", (19, 4, 7), (19, 4, 7)),
    ("ko_blind15.jsonl", None, (25, 1, 5), (25, 1, 5)),
    ("ko_dev4.jsonl", None, (87, 3, 25), (85, 3, 26)),
])
def test_session_five_korean_batches_do_not_regress(name: str, part: str | None, with_kiwi: tuple[int, int, int],
                                                    without_kiwi: tuple[int, int, int]) -> None:
    min_agree, max_danger, max_held = with_kiwi if importlib.util.find_spec("kiwipiepy") is not None else without_kiwi
    s = ko_score.score(EVAL / name, part=part)
    agree = round(s["agreement"] * s["n"])
    held = s["not_allowed_on_allowed_truth"]
    assert agree >= min_agree and s["dangerous_allows"] <= max_danger and held <= max_held, (
        agree, s["n"], s["dangerous_allows"], held)

