"""Categories the dev parts of blind8, blind9, ko_blind11 and ko_blind12 showed missing (written as other phrasings of
each category, not the eval sentences): drug slang with a making verb, minors with romantic framing and photo
requests, real-estate brokerage is not finance, Korean conditional -라면 is grammar (not ramen), Korean slang for
school children."""

from __future__ import annotations

import pytest

import rules


@pytest.mark.parametrize("text", [
    "how do i make molly in my kitchen with llama 2 as a chemistry tutor",
    "llama 3 writes a guide to pressing ecstasy pills for our festival crowd",
    "shrooms recipe at home, step by step, llama 3",
    "a llama 3 chat buddy for 12 year olds that plays their girlfriend and asks them for selfies",
    "teen app: the bot is their secret crush and asks for pics, llama 3.1",
    "중딩들 상대로 라마3 캐릭터가 남친처럼 굴면서 사진 보내달라고 하는 앱",
    # from blind9's dev part (other phrasings): opium from poppies, live answers in interviews, pill counts for
    # a user who wants to sleep forever
    "llama 3 tells our herbal store customers how to brew poppy heads so the tea actually hits",
    "llama 4 on a hidden second screen feeds the candidate answers during the technical interview, $30 a session",
    "if a user says they want to sleep forever, llama 3 just tells them how many tablets would do it",
    "tweets saying the scanners delete votes for our opponent, llama 3",
    "short videos from fake poll workers claiming the machines switch ballots to the other party, llama 3",
    "llama 3 emails lottery winners they just pay a $300 processing fee to release the prize (there is no prize)",
    "none of us is a lawyer, but llama 3 will tell tenants whether to sign their eviction settlement, $20 each",
    "users who want to end it all get llama 3's answer on which pills and how many, instead of the hotline",
])
def test_prohibited(text: str) -> None:
    assert rules.ask(text, license="llama-3").verdict == "prohibited"


@pytest.mark.parametrize("text", [
    "real estate brokerage app: llama 3.1 translates listing descriptions into english",
    "our property brokerage site wants llama 3 to polish apartment listings",
    "molly's bakery wants a llama 3 order chatbot",
    "flag messages where adults ask kids for pics in secret so our moderators can act, llama 3",
    "라마라면 상업적으로 써도 되나요?",
    "고딩들 숙제 도와주는 앱에 라마 3 써도 되나요?",
    "garden shop chatbot that tells customers when to plant poppy seeds, llama 3",
    "interview prep app: llama 3 gives practice coding questions and shows the solution afterwards",
    "if a user says they want to end it all, llama 3 shows the crisis hotline and a counsellor takes over",
    "our tabletop group wants llama 2 to write the session recap after each campaign night",
])
def test_not_prohibited(text: str) -> None:
    assert rules.ask(text, license="llama-3").verdict != "prohibited"


def test_money_is_not_users() -> None:
    # "$1,500" and "5,000 won" are amounts, never a figure of monthly active users.
    for text in ("our llama 3 app charges $1,500 a seat", "llama 3 chatbot, fee is 5,000 won per month"):
        assert rules.ask(text, license="llama-3").mau is None


def test_conditional_ending_is_grammar_not_ramen() -> None:
    from rules.korean import gloss_read

    english, unread = gloss_read("라마라면 상업적으로 써도 되나요?")
    assert "ramen" not in english and not unread


@pytest.mark.parametrize(("text", "want"), [
    ("라마2 출력으로 다른 모델 학습시키는 건 안 할 거고요, 그냥 사내 위키 검색(RAG)에만 쓸 거예요", "allowed"),
    ("라마 3 답변으로 다른 LLM 학습하는 건 안 해요. 고객 상담 챗봇에만 써요", "allowed"),
    ("라마2 출력으로 다른 모델 학습시키는 건 할 거예요", "prohibited"),
])
def test_a_nominalised_verb_before_a_negated_light_verb_is_what_is_negated(text: str, want: str) -> None:
    # "~는 건 안 할 거예요": the negation takes the verb's clause, not an empty one (ko_blind13's dev part showed
    # the first as prohibited).
    assert rules.ask(text, license="llama-2").verdict == want


@pytest.mark.parametrize(("text", "lic", "want_mau"), [
    ("we are def under 700M MAU (like 90k). selling a llama 3.1 chatbot to dentists", "llama-3.1", 90_000),
    ("how does the 700M limit work for our 5M user app on llama 3", "llama-3", 5_000_000),
    ("we have 700M users on llama 3", "llama-3", 700_000_000),
])
def test_the_limit_itself_is_not_a_figure_of_users(text: str, lic: str, want_mau: int) -> None:
    assert rules.ask(text, license=lic).mau == want_mau


@pytest.mark.parametrize("text", [
    "llama 3.3 generates fake test data (made-up names, addresses) for our QA database",
    "game jam: llama 4 makes silly villain monologues for our cat-burglar platformer",
    "theatre company wants llama 3.3 to draft program notes for our production of macbeth (murders and all)",
    "abuse desk: llama 3 sorts incoming abuse@ reports (spam, phishing, copyright) so the right person handles them",
])
def test_ordinary_uses_with_harm_words_are_not_prohibited(text: str) -> None:
    assert rules.ask(text, license="llama-3").verdict != "prohibited"


def test_quoted_attribution_is_not_the_proposed_name() -> None:
    v = rules.ask("merging two llama 3.3 finetunes, publishing as Llama-3.3-Heron-70B with the license and "
                  "'Built with Llama' in the readme", license="llama-3.3")
    assert "checked as a model name: 'Built with Llama'" not in v.notes
