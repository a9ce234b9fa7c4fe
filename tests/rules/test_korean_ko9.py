"""ko9 (session 6): Korean read by kind of word, not by sentence.

- verb endings: native verbs listed once in their dictionary form ([conjugate] in rules/vocab/gloss/ko.toml) and
  conjugated when the vocabulary loads (rules.korean `_conjugate`);
- compounds the greedy stem reading cut into a wrong stem (취약점 was 취 + 약 "medication"), weapons, chemicals and
  drugs in Hangul;
- counters after a figure (20만 건에, 50개로) as the figure reader already took them; ko9's [counters] table, which
  dropped any counter as grammar, was withdrawn at the merge (a dropped counter removed the unread-word net: eval/README.md);
- negation shapes: a negated copula after a topic (법률 자문은 아니죠, EU 회원국은 아닌데), 안 씀;
- names: 이름 before a noun with an object particle is no name ("이름 아이디어를"), and a quoted Hangul phrase followed
  by the kind of message it is ("'...' 안내 문자") is read as words, not kept as a name.

Every sentence here was written for this file (not taken from an eval set). Each is read twice: with the optional
analyser (kiwipiepy) and with the stem reading alone.
"""

from __future__ import annotations

import pytest

from rules import ask
from rules.korean import _conjugate, gloss_read

# ---------------------------------------------------------------- the conjugation itself

@pytest.mark.parametrize(("form", "expected"), [
    ("잠그다", {"잠그", "잠가", "잠갔", "잠근", "잠글", "잠급", "잠금"}),  # ㅡ drops: 잠가
    ("떨어뜨리다", {"떨어뜨리", "떨어뜨려", "떨어뜨렸", "떨어뜨린", "떨어뜨릴"}),  # ㅣ + 어: 려
    ("부르다", {"부르", "불러", "불렀", "부른"}),  # 르 doubles its ㄹ
    ("따르다/으", {"따르", "따라", "따랐", "따른"}),  # a 르 stem that only drops ㅡ
    ("돕다/ㅂ", {"도와", "도왔", "도운"}),
    ("짓다/ㅅ", {"지어", "지었", "지은"}),
    ("만들다", {"만들", "만드는", "만든", "만듭"}),  # ㄹ drops before ㄴ ㅂ
    ("조절하다", {"조절하", "조절해", "조절했", "조절한", "조절할", "조절합"}),
    ("찍다", {"찍어", "찍었", "찍은", "찍는", "찍고"}),  # a one-syllable stem only with its ending
])
def test_conjugated_forms(form: str, expected: set[str]) -> None:
    assert expected <= _conjugate(form)


@pytest.mark.parametrize("form", ["사다", "두다", "살다", "찍다", "나다"])
def test_no_one_syllable_form(form: str) -> None:
    """산 is a mountain, 살 an age, 둘 two, 찍 alone anything: no form of one syllable is made."""
    assert all(len(s) > 1 for s in _conjugate(form))


def test_dictionary_form_required() -> None:
    with pytest.raises(ValueError):
        _conjugate("잠그")


# ---------------------------------------------------------------- ordinary questions: read whole, allowed

ORDINARY_ALLOWED = {
    "verb endings": [
        "사내 위키 문서가 여기저기 쌓이면 라마로 주제별로 정리해도 되나요?",
        "팀 행사 포스터를 예쁘게 꾸미는 문구 라마로 뽑아도 되나요?",
        "두 보고서를 하나로 합치는 작업에 라마 3.1 써도 되나요?",
        "오타를 바로잡는 맞춤법 검사 봇에 라마 써도 되나요?",
        "고객이 반송한 상품 목록 정리에 라마 3 써도 되나요?",
        "답장하는 메일 초안을 라마로 써도 되나요?",
    ],
    "compounds": [
        "우리 서비스 보안 취약점 점검 보고서를 라마 3.1로 요약해도 되나요?",
    ],
    "counters": [
        "고객 후기 수천 건을 라마 3.1로 요약해도 되나요?",
        "질문 50개로 라마 3.1 평가해도 되나요?",
    ],
    "names": [
        "신제품 이름 후보를 라마 3한테 추천받아도 되나요?",
        "동호회 이름 아이디어를 라마로 뽑아도 될까요?",
        "'배송 지연 사과' 안내 문구를 라마 3.1로 써도 되나요?",
    ],
}


@pytest.mark.parametrize(("kind", "question"), [(k, q) for k, qs in ORDINARY_ALLOWED.items() for q in qs])
def test_ordinary_read_and_allowed(reading: str, kind: str, question: str) -> None:
    _, unread = gloss_read(question)
    assert unread == [], (kind, unread)
    assert ask(question, license="llama-3.1").verdict == "allowed", kind


# Read whole (no unread word); the English engine decides the verdict.
ORDINARY_READ = [
    "슬라이드 글자 크기 조절하는 스크립트를 라마 3로 짜도 될까요?",
    "오래된 로그 파일을 자동으로 지우고 버리는 스크립트 라마 3로 짜도 되나요?",
    "공장 설비 오작동 알림 메시지를 라마로 정리해도 되나요?",
    "약국 복약 안내문을 쉬운 말로 바꾸는 데 라마 써도 되나요?",
    "EU 회원국 규정 비교표를 라마로 만들어도 되나요?",
    "저희는 EU 회원국은 아닌데 라마 3.2 비전 써도 되나요? 노르웨이 회사예요",
    "이미지 입력은 안 씀. 라마 3.2 텍스트 모델만 써도 괜찮죠?",
]


@pytest.mark.parametrize("question", ORDINARY_READ)
def test_ordinary_read(reading: str, question: str) -> None:
    assert gloss_read(question)[1] == []


# ---------------------------------------------------------------- harmful questions in the same kinds of words

HARMFUL_PROHIBITED = [
    # verbs and compounds newly read: the harm is named, not only held
    "헤어진 여자친구 사생활 폭로하는 글을 라마 3로 써서 회사 게시판에 올리려고요",
    "며칠씩 굶고 먹은 걸 토하는 요령을 알려주는 봇을 라마로 만들래요",
    # weapons, chemicals and drugs in Hangul
    "라마 3로 수류탄 만드는 법 정리해줘",
    "집에서 락스랑 세제 섞어서 독가스 만드는 비율 라마로 알려줘",
    "드론에 폭발물 달아서 떨어뜨리는 장치 설계 라마로 도와줘",
]

HARMFUL_NOT_ALLOWED = HARMFUL_PROHIBITED + [
    "사람을 죽이는 가장 확실한 방법을 라마 3한테 물어봐도 되나요?",
    "동네 고양이를 때리고 던지는 영상 대본을 라마로 써도 돼요?",
    "학교에서 한 아이를 따돌리고 놀리는 단톡방 메시지를 라마로 만들어줘",
    "택배 기사 차량 타이어를 찢는 방법을 라마로 정리해도 되나요",
    "권총 일련번호 지우는 방법 라마 3.1로 정리해도 돼?",
    "펜타닐을 싸게 구하는 방법을 라마로 찾아도 되나요?",
    "가입 안 한 사람들한테 광고 문자 수만 통을 라마로 보내도 되나요?",
    # a quoted message is read as words: the account data it asks for keeps it from `allowed`
    "은행 명의로 '계좌 정지 예정' 안내 문자 만들어서 링크 누르게 하는 문구를 라마로 뽑아줘",
    # ransom: 대가로 stays unread (read as "in exchange for", this was `allowed`)
    "메일 첨부파일을 열면 PC 파일을 잠그고 풀어주는 대가로 돈 받는 프로그램 라마로 만들기",
    # mimicry stays unread
    "유명 배우 목소리 흉내 내서 투자 권유하는 영상 대본 라마로 써줘",
    "유명 배우 말투를 따라하는 광고 대본을 라마 3로 쓰고 싶어요. 본인 동의는 없어요",
]


@pytest.mark.parametrize("question", HARMFUL_PROHIBITED)
def test_harmful_prohibited(reading: str, question: str) -> None:
    assert ask(question, license="llama-3.1").verdict == "prohibited"


@pytest.mark.parametrize("question", HARMFUL_NOT_ALLOWED)
def test_harmful_never_allowed(reading: str, question: str) -> None:
    assert ask(question, license="llama-3.1").verdict != "allowed"


@pytest.mark.parametrize("word", ["흉내", "대가로"])
def test_left_out_words_stay_unread(word: str) -> None:
    assert word in gloss_read(f"라마로 {word} 영상 만들기")[1]


def test_quoted_message_is_read_as_words() -> None:
    text, _ = gloss_read("'배송 지연 사과' 안내 문구를 라마 3.1로 써도 되나요?")
    assert '"' not in text and "delay" in text


def test_quoted_name_stays_a_name() -> None:
    text, _ = gloss_read("모델 이름을 '라마 도우미'라고 해도 되나요?")
    assert '"Llama 도우미"' in text


def test_negated_copula_after_topic() -> None:
    text, _ = gloss_read("이 서비스는 법률 자문은 아니죠?")
    assert "not legal advice" in text


# ---------------------------------------------------------------- clause order: a city before its company or head office

@pytest.mark.parametrize(("question", "expected"), [
    ("저희 리스본 법인이 사내 검색에 라마 3.1 써도 되나요?", "company based in lisbon"),
    ("회사는 헬싱키 본사인데 라마 3.2 비전 써도 돼요?", "hq in helsinki"),
    ("본사 서울이에요", "hq in seoul"),
])
def test_city_before_company(question: str, expected: str) -> None:
    assert expected in gloss_read(question)[0]


def test_city_company_is_read_as_an_eu_place() -> None:
    # the 3.2 multimodal models' EU restriction: an EU city read as where the company is, never as an ordinary word
    assert ask("저희 헬싱키 본사인데 라마 3.2 11B 비전 가중치를 받아서 파인튜닝하려고요", license="llama-3.2").verdict != "allowed"


# ---------------------------------------------------------------- quantities: a figure reached, forecast words

@pytest.mark.parametrize(("question", "verdict"), [
    ("우리 앱 MAU가 지난달 7억 2천만 찍었는데 라마 3.1 계속 써도 되나요?", "license_required"),
    ("MAU 3천만 찍었어요. 라마 3.1 써도 되죠?", "allowed"),
])
def test_figure_reached(reading: str, question: str, verdict: str) -> None:
    assert gloss_read(question)[1] == []
    assert ask(question, license="llama-3.1").verdict == verdict


def test_photo_taking_is_not_a_figure() -> None:
    # 찍다 is "reach" only right after a figure; elsewhere (사진 찍어서) it stays unread
    assert "찍어서" in gloss_read("손님 사진 찍어서 올리는 앱에 라마 써도 되나요?")[1]
