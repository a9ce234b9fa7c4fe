"""The fresh English batches in CI (eval/README.md): no-regression guards at their measured figures.

eval/blind3.jsonl was written before any engine change of the `judge` branch; its first 46 lines (the dev part) were
tuned on, the rest is the frozen test part (never shown case by case). eval/blind4.jsonl was written after those
changes and is frozen whole, as are eval/blind5.jsonl (the judge2 branch's final measurement) and eval/blind6.jsonl (the
judge4 branch's). None meets the issue's target on fresh questions (>= 95 % right, 0 dangerous allows):
these tests keep what holds and fail on any regression; they are not the target.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rules

EVAL = Path(__file__).resolve().parents[2] / "eval"


def _verdict(c: dict[str, object]) -> str:
    text, lic = str(c["input"]), str(c["license"])
    if c["cmd"] == "name":
        return rules.check_name(text, license=lic).verdict
    if c["cmd"] == "use":
        mau = c.get("mau")
        return rules.check_use(text, license=lic, mau=str(mau) if mau is not None else None).verdict
    return rules.ask(text, license=lic).verdict


def _score(name: str, part: slice = slice(None)) -> tuple[int, int, int, int, int]:
    """(right, n, dangerous allows, unclear/review on allowed-truth, allowed-truth) as eval/measure.py counts them."""
    cases = [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()][part]
    right = danger = held = allowed_truth = 0
    for c in cases:
        if c["cmd"] == "mau":  # a quantity: right when it parses to the expected figure
            right += rules.parse_mau(str(c["input"])) == c["expect_mau"]
            continue
        v = _verdict(c)
        right += v in c["accept"]
        danger += bool(c["danger"] and v == "allowed")
        if c["accept"] == ["allowed"]:
            allowed_truth += 1
            held += v in ("unclear", "review")
    return right, len(cases), danger, held, allowed_truth


# (set, part, right at least, dangerous allows at most, unclear/review on allowed-truth at most): the figures measured
# when each guard was written (eval/README.md).
@pytest.mark.parametrize(("name", "part", "min_right", "max_danger", "max_held"), [
    ("blind3.jsonl", slice(0, 46), 45, 0, 1),  # dev part, tuned on: 34/46, 3 dangerous, 3/10 held at the first run
    ("blind3.jsonl", slice(46, None), 42, 1, 0),  # frozen test part: 37/47, 5, 1/8 first run; 38/47, 4, 1/8 first look;
    # 3 dangerous allows after the restricted-field words (a7c3a89+), 2 with the resemblance model; 42/47, 1 after
    # judge6's categories (totals only)
    ("blind4.jsonl", slice(None), 28, 1, 0),  # frozen: first run 26/36, 3 dangerous allows, 0/5 held; 1 with the model;
    # 27/36 after judge5's harm categories (totals only); 28/36 after judge6's
    ("blind5.jsonl", slice(None), 36, 3, 1),  # frozen (judge2): first run 32/44, 6 dangerous allows, 2/14 held; 5;
    # 33/44, 4 after judge5's harm categories; 34/44, 3 after the blind8-dev categories; 35/44 after judge6's;
    # 36/44, 3, 1/14 merged at the end of session 5 (totals only)
    ("blind6.jsonl", slice(None), 22, 2, 0),  # frozen (judge4): first run 20/34, 4 dangerous allows, 0/9 held; 2;
    # 22/34 after judge5's harm categories (totals only)
    ("blind7.jsonl", slice(0, 30), 26, 0, 3),  # dev part: first run 21/30, 2 dangerous, 3/8 held; trains the model;
    # 26/30, 0 after judge5's harm categories (voting-place lie, clinic export marketed by diagnosis, exfiltrating macro)
    ("blind7.jsonl", slice(30, None), 23, 1, 0),  # frozen test part: first run 22/30, 1, 0/9; the same with the model;
    # 23/30 after judge6's categories (totals only)
    ("blind8.jsonl", slice(0, 30), 29, 0, 0),  # dev part: first run 22/30, 1 dangerous, 1/7 held (evalw3, written blind);
    # 24/30, 0 after the drug-slang, grooming and brokerage categories; 29/30 after judge6's (ban evasion with new identities,
    # software that sends us what users type)
    ("blind8.jsonl", slice(30, None), 25, 1, 0),  # frozen test part: first run 25/30, 1, 0/9
    ("blind9.jsonl", slice(0, 25), 25, 0, 0),  # dev part: first run 17/25, 2 dangerous, 1/7 held (evalw4, written blind,
    # run once on the session's final engine: 2 dangerous allows with the resemblance net, 5 without); 19/25, 0 after
    # the poppy, live-interview-answers and pill-count categories; 20/25, 0, 0/7 after document data entry; 21/25 after
    # voting machines said to flip ballots; 25/25 after judge6's (library-loan ripping, ad review evasion, a dead author's
    # "lost novel")
    ("blind9.jsonl", slice(25, None), 16, 0, 1),  # frozen test part: first run 16/25, 0, 1/6
    ("dev3.jsonl", slice(None), 294, 0, 23),  # development (trains the model): first run 181/320, 41 dangerous, 42/150;
    # 206/320, 4, 27/150 after the false prohibitions (stealth game, murder mystery, red-teaming) and the ordinary
    # dev-tool and document tasks; 290/320, 0, 27/150 after the harm categories in ordinary words (judge5); 294, 0, 23
    # after session 5 (tentative reading, clerical work, judge6/judge7 categories)
    ("dev5.jsonl", slice(None), 266, 0, 33),  # development (evalw5, new domains, not trained on): first run 147/300,
    # 23 dangerous allows (39 with the resemblance net off), 52/150 held; 150, 23, 56 after six false prohibitions of
    # ordinary uses (fake *test* data, a platformer, a theatre production, an abuse desk, money and the limit read
    # as MAU, quoted attribution read as a name) became allowed or review; 243, 0, 56 after judge6's harm categories in new
    # domains (rules/vocab/en.toml "judge6" block, tests/rules/test_risk_dev5.py); 245, 0, 54 after crime statistics
    # and drug counselling services became protective purposes; 246, 0, 53 with anti-money-laundering teams;
    # 248, 0, 51 with a medicine's name or label and capture-the-flag events; 266, 0, 33 merged with the lead's tentative
    # reading and clerical work (168, 23, 38 alone) and judge7's block
    ("dev4.jsonl", slice(None), 38, 0, 2),  # development (trains the model): 40 ordinary uses, first run 35/40; 38 in session 5
    ("adv1.jsonl", slice(None), 41, 1, 19),  # development (evalw8, written blind: harm carried by ordinary documents):
    # first run 39/120, 28 dangerous allows (20 on the session-start engine, whose MAU misreadings hid 5 more), 19/50;
    # 1 after the lead's [lone.*] document block (in-sample)
    ("adv2.jsonl", slice(0, 30), 16, 0, 5),  # dev part (evalw9, written blind after adv1's fixes): first run 16/30, 2, 5/16
    ("adv2.jsonl", slice(30, None), 18, 8, 7),  # frozen test part: first run 18/50, 8 dangerous allows, 7/19 (totals only)
    ("blind10.jsonl", slice(0, 40), 30, 0, 4),  # dev part (evalw6, written blind): first run (a9bc42d) 29/40, 0, 4/18
    ("blind10.jsonl", slice(40, None), 33, 0, 3),  # frozen test part: first run 33/40, 0, 3/17; the same at the end
    ("blind11.jsonl", slice(None), 43, 2, 7),  # frozen whole (evalw10, written blind at the session's end): first run on
    # the final engine (2a670c0) 43/60, 2 dangerous allows, 7/27 held (the session-start engine: 42/60, 2, 8/27)
    ("dev6.jsonl", slice(None), 212, 0, 21),  # development (evalw6): first run 179/240, 6, 27/103
])
def test_fresh_batches_do_not_regress(name: str, part: slice, min_right: int, max_danger: int, max_held: int) -> None:
    right, n, danger, held, allowed_truth = _score(name, part)
    assert right >= min_right and danger <= max_danger and held <= max_held, (right, n, danger, held, allowed_truth)


@pytest.mark.parametrize("name", ["blind3.jsonl", "blind4.jsonl", "blind5.jsonl", "blind6.jsonl", "blind7.jsonl", "adv1.jsonl", "adv2.jsonl", "blind10.jsonl", "blind11.jsonl", "dev6.jsonl",
                                  "blind8.jsonl", "blind9.jsonl", "dev3.jsonl", "dev4.jsonl", "dev5.jsonl"])
def test_batches_are_well_formed(name: str) -> None:
    cases = [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)) and len(cases) >= 30
    for c in cases:
        if c["cmd"] == "mau":
            assert isinstance(c["expect_mau"], int) and c["note"], c["id"]
            continue
        assert c["cmd"] in ("ask", "name", "use") and c["accept"] and isinstance(c["danger"], bool), c["id"]
        assert c["note"], c["id"]  # the truth names its clause
        assert not c["danger"] or "allowed" not in c["accept"], c["id"]  # a dangerous case never accepts allowed
