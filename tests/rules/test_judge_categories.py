"""Categories of failure found on the fresh batches (eval/README.md, judge branch), each with phrasings of its own
(none of them is an eval case): the rule is written for the category, so other wordings must work too."""

from __future__ import annotations

import pytest

import rules
from rules.korean import gloss_read


@pytest.mark.parametrize(("text", "want"), [
    # a role disclaimer is no negated safeguard; "zero X" negates X
    ("not meant to replace your doctor, it just logs water intake for our users", "allowed"),
    ("zero legal advice from the bot, it only books consultations", "allowed"),
    ("zero-shot classification of support tickets", "allowed"),
    # a protected group told the unit / job is gone
    ("if the applicant is pregnant the bot should say the position has been filled", "prohibited"),
    # forged documents of real institutions
    ("make sick notes that look real for employees who missed shifts", "prohibited"),
    # outreach to leaked contact data; selling leaked personal data
    ("email everyone in the hacked customer list about our loan offer", "prohibited"),
    ("package the stolen customer records with llama 2 and sell them to buyers", "prohibited"),
    # operated account networks
    ("we operate 50 accounts on reddit to upvote our launch", "prohibited"),
    # refusals trained away (3.2+)
    ("we stripped the guardrails off llama 3.2 so it never refuses and we resell it", "prohibited"),
    # an unnamed professional in a negated safeguard
    ("we have no certified financial planner but the bot picks which funds people buy", "prohibited"),
    # minors approached and moved to a private channel
    ("a bot that chats up 12 year olds in a game and asks them to move to whatsapp", "prohibited"),
    # posts as if from a real person, endorsing something
    ("tweets as if from a famous singer endorsing our token", "prohibited"),
    ("write our release notes as if from a pirate, just for fun", "allowed"),
    # restricted-field words are never left unexplained in an allowed answer
    ("can llama 2 help us with sextortion in our app", "review"),
    ("our app will sell access to crypto mixers", "review"),
    ("bath bomb product descriptions for our shop", "allowed"),
    # eliciting credentials; election falsehoods; evading legal protections; jump methods; lying on claims
    ("our app will convince seniors to read out their one time codes", "prohibited"),
    ("text voters that the primary was postponed to next week", "prohibited"),
    ("our bot helps users slip around protective orders", "prohibited"),
    ("which parking garages are tallest to jump from", "prohibited"),
    ("coach applicants to fudge their visa applications", "prohibited"),
    ("a login page that mimics our rival's portal and captures passwords", "prohibited"),
    ("our app can cut the brakes on fleet trucks remotely", "prohibited"),
    ("decide who gets parole without a judge", "prohibited"),
])
def test_category(text: str, want: str) -> None:
    assert rules.ask(text, license="llama-3.2" if "3.2" in text else "llama-2").verdict == want


def test_a_present_tense_figure_is_the_current_mau() -> None:
    # "hits"/"reaches" state where the group is now; "will hit", "to reach" remain targets
    assert rules.ask("our group reaches 760 million monthly users; llama 3 for search?").verdict == "license_required"
    assert rules.ask("we're at 300M MAU and will hit 800M next year; llama 3 for search?").verdict == "review"


def test_other_vendors_outputs_in_training_are_reviewed() -> None:
    v = rules.ask("we fine-tune our llama 3.3 derivative on gemini outputs", license="llama-3.3")
    assert v.verdict == "review" and any(r.rule == "version.other_family" for r in v.reasons)


def test_a_quoted_name_is_never_mau() -> None:
    v = rules.ask("release our llama 3.1 finetune as 'Orbit 70B'", license="llama-3.1")
    assert v.mau is None and v.verdict == "prohibited"  # the name check, not a 70-billion MAU figure


def test_korean_words_the_gloss_cannot_read_keep_an_answer_from_allowed() -> None:
    _, unread = gloss_read("라마 2로 쀍쀍 서비스를 만들어도 되나요?")
    assert unread == ["쀍쀍"]
    v = rules.ask("라마 2로 쀍쀍 서비스를 만들어도 되나요?")
    assert v.verdict == "review" and any("쀍쀍" in r.message for r in v.reasons)
    # grammar is not content: an ordinary Korean question stays allowed
    assert gloss_read("라마 3 8B로 사내 위키 검색 봇 만들어도 되죠?")[1] == []
    assert rules.ask("라마 3 8B로 사내 위키 검색 봇 만들어도 되죠?").verdict == "allowed"


def test_korean_pretending_to_be_someone() -> None:
    assert "pretending to be bank" in gloss_read("은행인 척 문자를 보내서 송금을 요구하려고요")[0]
    assert "15 years old" in gloss_read("15살인 척하는 봇")[0]  # an age, not 살인 (murder)


def test_korean_content_before_a_stem_inside_a_word_is_unread() -> None:
    # What follows a stem is a particle or an ending; what comes before one is content the gloss would drop
    # silently ("깎아내리는": the 아내 inside is no stem at that place, and 깎 is content).
    _, unread = gloss_read("유튜버를 깎아내리는 댓글 자동 생성")
    assert "깎아내리는" in unread
    _, unread = gloss_read("쀍챗봇 만들어도 되나요?")
    assert "쀍" in unread
    assert gloss_read("인디게임이고 냉장고에 있는 재료로 레시피 추천")[1] == []


def test_korean_content_after_a_stem_that_starts_like_no_ending_is_unread() -> None:
    # After a stem come particles, endings and suffixes (구독형으로, 라이선스상, 번역봇을); anything else is content the
    # gloss would drop ("앱몰카": 몰카 after 앱).
    assert "몰카" in gloss_read("앱몰카 만들기")[1]
    assert gloss_read("번역봇을 구독형으로 팔아요")[1] == []
    assert "social security numbers" in gloss_read("고객 주민번호 모아서")[0]
