"""MAU quantities: every written form, the errors, quantities in free text, and the verdict per policy."""

from __future__ import annotations

import pytest

from rules.data import load_pack, load_policy
from rules.mau import assess_mau, check_mau, find_quantities, find_quantity_spans, mau_reasons, parse_mau
from rules.verdict import QuantityError


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("700000000", 700_000_000),
        ("700,000,000", 700_000_000),
        ("700_000_000", 700_000_000),
        ("700 000 000", 700_000_000),
        ("699,999,999", 699_999_999),
        ("10M", 10_000_000),
        ("10m", 10_000_000),
        ("10 M", 10_000_000),
        ("10mn", 10_000_000),
        ("10 mil", 10_000_000),
        ("10 million", 10_000_000),
        ("100k", 100_000),
        ("100K", 100_000),
        ("100 thousand", 100_000),
        ("1B", 1_000_000_000),
        ("1b", 1_000_000_000),
        ("2.5bn", 2_500_000_000),
        ("1 billion", 1_000_000_000),
        ("1.25B", 1_250_000_000),
        ("0.7B", 700_000_000),
        ("1.5 million", 1_500_000),
        ("1e9", 1_000_000_000),
        ("two million", 2_000_000),
        ("three billion", 3_000_000_000),
        ("two hundred fifty million", 250_000_000),
        ("seven hundred million", 700_000_000),
        ("twenty-five million", 25_000_000),
        ("one and a half billion", 1_500_000_000),
        ("half a billion", 500_000_000),
        ("a million", 1_000_000),
        ("one thousand million", 1_000_000_000),
        ("one million two hundred thousand", 1_200_000),
        ("7억", 700_000_000),
        ("8억", 800_000_000),
        ("1 억", 100_000_000),
        ("5천만", 50_000_000),
        ("3천만", 30_000_000),
        ("천만", 10_000_000),
        ("1억 2천만", 120_000_000),
        ("2억 5천만", 250_000_000),
        ("2억5천만", 250_000_000),
        ("3,500만", 35_000_000),
        ("1,500만", 15_000_000),
        ("1.5억", 150_000_000),
        ("칠억", 700_000_000),
        ("삼천오백만", 35_000_000),
        ("3억 명", 300_000_000),
        ("5 万", 50_000),
        ("五千万", 50_000_000),
        ("3億", 300_000_000),
        ("700M+", 700_000_000),
        ("MAU: 5M", 5_000_000),
        ("2 mln", 2_000_000),
        ("5 lakh", 500_000),
        ("7 crore", 70_000_000),
        ("１０Ｍ", 10_000_000),  # full-width
        ("900M users", 900_000_000),
        ("10 million MAU", 10_000_000),
        ("about 5 million", 5_000_000),
        ("+20k", 20_000),
    ],
)
def test_parse_mau_forms(text, value):
    assert parse_mau(text) == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-1M", "negative"),
        ("−5", "negative"),
        ("minus one million", "negative"),
        ("inf", "finite"),
        ("-inf", "finite"),
        ("nan", "finite"),
        ("Infinity", "finite"),
        ("many", "'many'"),
        ("10 zillion", "'zillion'"),
        ("lots of users", "'lots'"),
        ("million", "needs a number"),
        ("1.5", "whole number"),
        ("101B", "100 billion"),
        ("1T", "100 billion"),
        ("10^12", "did not understand"),
        ("1,5M", "did not understand"),
        ("10 million million", "100 billion"),
    ],
)
def test_parse_mau_errors_quote_the_input(text, why):
    with pytest.raises(QuantityError) as e:
        parse_mau(text)
    msg = str(e.value)
    assert repr(text) in msg and why in msg and "send digits" in msg


@pytest.mark.parametrize("value", [True, float("inf"), float("nan"), -5, 10**12, None, [1]])
def test_parse_mau_rejects_non_quantities(value):
    with pytest.raises(QuantityError):
        parse_mau(value)


@pytest.mark.parametrize(
    ("text", "values", "targets"),
    [
        ("we have 900M users", [900_000_000], [False]),
        ("50M now, target 1B", [50_000_000, 1_000_000_000], [False, True]),
        ("3억 명", [300_000_000], [False]),
        ("현재 5천만 명, 목표 10억 명", [50_000_000, 1_000_000_000], [False, True]),
        ("Llama 2 70B chatbot with 20 million users", [20_000_000], [False]),
        ("fine-tune Llama-2-7B for support", [], []),
        ("a 13B model for 2 million people", [2_000_000], [False]),
        ("we serve 1,200,000 people", [1_200_000], [False]),
        ("in 2024 we had 5000 users", [5000], [False]),
        ("our goal is to reach two hundred million users", [200_000_000], [True]),
        ("Llama 3.1 in a chatbot", [], []),
        ("integration into social media with 1 billion MAU", [1_000_000_000], [False]),
        ("a Spanish company uses the 1B text-only model", [], []),
        ("월간 사용자 칠억 명", [700_000_000], [False]),
        ("기억 기능이 있는 챗봇", [], []),  # 억 inside the word for "memory"
        ("만약 사용자가 늘면", [], []),  # 만 inside the word for "if"
        ("月活 5000万, 目标 10亿", [50_000_000, 1_000_000_000], [False, True]),
        ("deploy an 8B vision variant for 2M users", [2_000_000], [False]),
        ("we use the 70B", [], []),
        ("the 1B users we expect", [1_000_000_000], [False]),
        ("Llama 3.2 with 1B users", [1_000_000_000], [False]),
        ("Llama 3.2 with 1bn MAU", [1_000_000_000], [False]),
    ],
)
def test_find_quantities(text, values, targets):
    assert find_quantities(text) == values
    assert [q.target for q in find_quantity_spans(text)] == targets


def test_find_quantity_spans_point_at_the_text():
    text = "50M now, target 1B"
    assert [text[q.start:q.end] for q in find_quantity_spans(text)] == ["50M", "1B"]


@pytest.mark.parametrize(
    ("qty", "policy", "verdict"),
    [
        ("699,999,999", "guide", "allowed"),
        ("700,000,000", "guide", "license_required"),
        ("700,000,001", "guide", "license_required"),
        ("8억", "guide", "license_required"),
        ("3천만", "guide", "allowed"),
        ("699,999,999", "license-text", "allowed"),
        ("700,000,000", "license-text", "allowed"),
        ("700,000,001", "license-text", "license_required"),
    ],
)
def test_check_mau_threshold_by_policy(qty, policy, verdict):
    v = check_mau(qty, policy=policy)
    assert (v.kind, v.verdict, v.mau, v.policy) == ("mau", verdict, parse_mau(qty), policy)
    assert v.reasons and all(r.clause for r in v.reasons)


def test_guide_at_exactly_700m_says_the_license_text_would_not_trigger():
    v = check_mau("700,000,000")
    lines = [r for r in v.reasons if r.rule == "mau.license_text"]
    assert len(lines) == 1 and "greater than 700 million" in lines[0].message and lines[0].source == "license"


@pytest.mark.parametrize(
    ("license", "month_words"),
    [("llama-2", "June 2023"), ("llama-3", "March 2024"), ("llama-3.1", "June 2024"), ("llama-3.2", "August 2024"),
     ("llama-3.3", "November 2024"), ("llama-4", "March 2025")],
)
def test_license_text_reason_names_test_month_and_affiliates(license, month_words):
    v = check_mau("750M", license=license, policy="license-text")
    assert v.verdict == "license_required" and v.license == license
    msg = v.reasons[0].message
    assert month_words in msg and "affiliates" in msg and v.reasons[0].clause == "license §2"
    assert ("UNVERIFIED" in msg) is (license == "llama-4")


@pytest.mark.parametrize(
    ("value", "policy", "outcome"),
    [(1_000_000_000, "guide", "review"), (700_000_000, "guide", "review"), (600_000_000, "guide", "allowed"),
     (700_000_000, "license-text", "allowed"), (1_000_000_000, "license-text", "review")],
)
def test_growth_target(value, policy, outcome):
    got, reason = assess_mau(value, pack=load_pack("llama-2"), policy=load_policy(policy), target=True)
    assert got == outcome and reason.rule == "mau.target"
    if outcome == "review" and policy == "guide":
        assert "Meta" in reason.message and reason.clause == "guide: Requires Review 1"


def test_llama1_has_no_mau_clause_because_no_commercial_use():
    outcome, reasons = mau_reasons(5_000_000, pack=load_pack("llama-1"), policy=load_policy("guide"))
    assert outcome == "prohibited" and "non-commercial" in reasons[0].message


def test_check_mau_accepts_int_and_any_license_form():
    v = check_mau(750_000_000, license="Llama 3.3")
    assert (v.verdict, v.license, v.mau) == ("license_required", "llama-3.3", 750_000_000)


# ---------------------------------------------------------------- numbers no user count can be (issue 9 item 4)

_HUGE_INPUTS = ["9" * 5000, "1e9999999", "1E9999999", "1e40", "9" * 5000 + "M", "9" * 4000 + ".5 billion",
                "1" + "0" * 4400 + " users"]


@pytest.mark.parametrize("text", _HUGE_INPUTS, ids=lambda t: t[:12])
def test_huge_quantities_are_refused_in_one_line(text: str) -> None:
    from rules.verdict import RulesError, TooLargeError

    with pytest.raises(TooLargeError) as err:
        parse_mau(text)
    assert isinstance(err.value, QuantityError) and isinstance(err.value, RulesError)
    assert isinstance(err.value, ValueError)
    message = str(err.value)
    assert "that number is too large to be a user count" in message
    assert "\n" not in message and len(message) < 200  # the input is shortened, not echoed in full


def test_huge_int_and_check_mau_are_refused() -> None:
    from rules.verdict import TooLargeError

    with pytest.raises(TooLargeError):
        parse_mau(10**5000)
    with pytest.raises(TooLargeError):
        check_mau("1e9999999")


def test_large_but_plain_figures_keep_their_own_message() -> None:
    with pytest.raises(QuantityError, match="more than 100 billion"):
        parse_mau("1e25")


def test_a_huge_figure_in_free_text_is_refused_not_ignored() -> None:
    from rules.verdict import TooLargeError

    with pytest.raises(TooLargeError):
        find_quantities("we have " + "9" * 5000 + " users")
    # an ordinary large figure in text is still just not a user count
    assert find_quantities("we trained on 500 billion tokens") == []


def test_a_parameter_count_after_the_mark_in_another_script_is_not_users() -> None:
    assert find_quantities("라마 3 8B에 LoRA 붙여서 사내 고객상담봇 만들 예정입니다") == []
    assert find_quantities("사용자 8억 명") == [800_000_000]


@pytest.mark.parametrize(("text", "value"), [
    ("650M~750M", 750_000_000), ("650-750M", 750_000_000), ("650M to 750M", 750_000_000),
    ("between 6억 and 8억", 800_000_000), ("6억~8억", 800_000_000), ("1,000-2,000", 2_000),
    ("1-2 billion", 2_000_000_000), ("700m \u2013 800m", 800_000_000),
])
def test_a_range_counts_as_its_upper_end(text: str, value: int) -> None:
    assert parse_mau(text) == value


@pytest.mark.parametrize("text", ["10M-5M", "lots~750M", "650M~"])
def test_a_range_that_does_not_read_is_refused(text: str) -> None:
    with pytest.raises(QuantityError):
        parse_mau(text)


@pytest.mark.parametrize("text", ["twenty-five million", "one and a half billion", "-5M"])
def test_words_with_hyphens_or_and_are_not_ranges(text: str) -> None:
    try:
        value = parse_mau(text)
    except QuantityError:
        assert text == "-5M"
    else:
        assert value in (25_000_000, 1_500_000_000)


@pytest.mark.parametrize(("text", "want"), [("exactly 700 million", 700_000_000), ("precisely 5M", 5_000_000),
                                            ("정확히 7억", 700_000_000)])
def test_exact_hedges_are_read(text: str, want: int) -> None:
    from rules.mau import parse_mau

    assert parse_mau(text) == want


@pytest.mark.parametrize(("text", "want"), [("6억8천", 680_000_000), ("1억 2천", 120_000_000), ("6억 5백", 605_000_000),
                                            ("1억 2천만", 120_000_000), ("3천만", 30_000_000), ("7억", 700_000_000)])
def test_korean_leaves_out_man_after_eok(text: str, want: int) -> None:
    # "6억8천" is how Korean readers write 6억 8천만 (680 million), never 600,008,000.
    assert parse_mau(text) == want


@pytest.mark.parametrize("text", [
    "We're at 680M MAU and growing by 20M a month; can we keep using Llama 2?",
    "680M MAU, +20M/mo, llama 2 ok?",
    "we are at 650M and up 20M since last month, still fine on llama 2?",
    "지금 MAU 6억8천인데 매달 2천만씩 늘고 있어요, 라마2 계속 써도 되나",
])
def test_growth_figures_are_growth_not_users(text: str) -> None:
    import rules

    v = rules.ask(text, license="llama-2")
    assert v.verdict == "review" and v.reasons[0].rule == "mau.near_limit", (v.verdict, v.mau)
    assert v.mau in (650_000_000, 680_000_000)
