"""Two misreadings found in blind10's development part (issue 11), fixed by category; phrasings written here.

- "a munich company", "we're a berlin startup": a place right before a kind of organisation says where the
  licensee is ([cues.recognise] place_org), so the EU paragraph of the 3.2+ AUP applies to a multimodal model.
- "llama 3.2 vision 11b": a parameter count after a model word or a version, in lower case, is no figure of users.
"""

from __future__ import annotations

import pytest

import rules


@pytest.mark.parametrize("q", [
    "we're a munich company and want llama 3.2 11b vision to read receipts",
    "a lyon startup here: fine-tuning llama 4 scout on our product photos",
    "our vienna agency wants llama 3.2 90b vision for alt text",
])
def test_an_eu_place_before_an_organisation_is_the_licensee(q: str) -> None:
    v = rules.ask(q)
    assert v.verdict == "prohibited" and any(r.rule == "use.eu_multimodal" for r in v.reasons), v.reasons


@pytest.mark.parametrize("q", [
    "a seoul startup using llama 3.2 vision 11b for receipts",
    "korean company with a paris sales team, llama 3.2 11b vision for photo tags",
    "we're a toronto firm, llama 4 scout for image search",
])
def test_a_non_eu_licensee_or_an_eu_team_is_not(q: str) -> None:
    v = rules.ask(q)
    assert v.verdict == "allowed", [r.message for r in v.reasons]


@pytest.mark.parametrize(("q", "mau"), [
    ("llama 3.2 vision 11b for our receipts app", None),
    ("we fine-tune llama 3.1 8b for support", None),
    ("scout 17b behind our search, we have 2b users", 2_000_000_000),
    ("we run llama 3.2 11b and have 1b mau", 1_000_000_000),
    # a bare version number after a model word (blind12's dev part: a Llama Guard size read as a billion users)
    ("llama guard 3 1b screens our forum posts", None),
    ("we serve llama 2 7b on one gpu", None),
    ("llama 2 chatbot, we have 3 apps and 1b users", 1_000_000_000),
])
def test_a_model_size_is_not_users(q: str, mau: int | None) -> None:
    assert rules.ask(q).mau == mau


@pytest.mark.parametrize(("q", "mau"), [
    ("the complaint from unit 3b about noise, llama 3 drafts the reply", None),
    ("welcome letter for the new tenant in 2b, llama 3.1", None),
    ("we're at 2b, can we keep using llama 3?", 2_000_000_000),
    ("2b users on our llama 3 app", 2_000_000_000),
])
def test_a_flat_or_unit_label_is_not_users(q: str, mau: int | None) -> None:
    # "unit 3b", "in 2b": a label after a place word, in a text that does not speak of users
    assert rules.ask(q).mau == mau



@pytest.mark.parametrize(("q", "mau"), [
    ("global social app, MAU went over 1,000,000,000. is llama 3 ok for us?", 1_000_000_000),
    ("글로벌 SNS인데 2023년 3월 MAU가 10억 넘었어요. 라마3 써도 되죠?", 1_000_000_000),
    ("2024년 7월 기준 MAU 6억 8천인데 라마 3.1 괜찮나요?", 680_000_000),
])
def test_a_figure_before_a_full_stop_and_a_korean_date_read_right(q: str, mau: int) -> None:
    # "1,000,000,000." was read as 1,000,000 (the full stop taken for a decimal point); "2023년 3월 MAU" glossed as
    # "2023 3 MAU" made the month a count of users
    assert rules.ask(q).mau == mau
