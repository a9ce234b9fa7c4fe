"""Korean through the surfaces translated last (issue 12, item 2): the OSPO review queue (answer, Ask button,
review channel, decision modal, DM, precedent, lists), the register form, App Home with data, and the duties
checklist. Signed requests from people whose users.info says ko-KR, through the real app against the fake
Slack, on SQLite and PostgreSQL (tests/storage/conftest.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.fakeslack import Call, FakeSlack
from bot.listeners.register import CALLBACK, FIELD
from bot.slackrequests import event_callback, home_opened_event
from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.models import Service
from tests.slacktext import texts
from tests.storage.conftest import ADMIN, OWNER, TEAM_A, Sent, Slack, last_month, rows
from tests.storage.test_reviews import OSPO, REVIEW_Q, button, click, reply_blocks, reply_text, setup_channel

KO, KO_REVIEWER, KO_ADMIN = "U0KOASKER", "U0KOREVIEW", "U0KOADMIN"


@pytest.fixture(autouse=True)
def _people(fake: FakeSlack) -> None:
    fake.add_user(KO, name="jiwoo", locale="ko-KR", tz="Asia/Seoul")
    fake.add_user(KO_REVIEWER, name="seoyeon", locale="ko-KR")
    fake.add_user(KO_ADMIN, name="minjun", locale="ko-KR", is_admin=True)
    fake.add_channel(OSPO, name="ospo-reviews", creator=ADMIN)
    fake.state.members[OSPO] = [KO_REVIEWER, ADMIN]


def _korean_month(iso: str) -> str:
    return f"{int(iso[:4])}년 {int(iso[5:7])}월"


def _korean_day(d: Any) -> str:
    return f"{d.year}년 {d.month}월 {d.day}일"


def _everything(body: dict[str, Any]) -> str:
    return "\n".join(texts(body))


def _review_post(fake: FakeSlack) -> Call:
    return [c for c in fake.calls_to("chat.postMessage") if c.body.get("channel") == OSPO][-1]


def _ask(slack: Slack, fake: FakeSlack, question: str = REVIEW_Q, *, user: str = KO) -> tuple[Sent, Sent, Call]:
    answer = slack.command(question, user=user)
    element = button(reply_blocks(answer), "review_ask")
    assert element is not None
    sent = click(slack, element, user=user)
    return answer, sent, _review_post(fake)


# -- the review queue --------------------------------------------------------------------------------------


def test_review_queue_in_korean_from_ask_to_precedent(slack: Slack, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    setup_channel(slack)  # an English admin: the confirmation stays English (tests/storage/test_reviews.py)
    slack.command("language ko", user=ADMIN)  # the review channel reads Korean from now on

    answer, sent, post = _ask(slack, fake)
    assert button(reply_blocks(answer), "review_ask")["text"]["text"] == "OSPO에 묻기"
    assert "OSPO에 보냈습니다. 요청 번호는 *R-1*입니다(<#C0OSPO>)." in reply_text(sent)
    assert "Sent to the OSPO" not in reply_text(sent)

    # The review channel's message, in the workspace's language.
    shown = _everything(post.body)
    assert post.body["text"].startswith(f"OSPO 검토 요청: R-1 (<@{KO}>): ")
    assert "R-1: OSPO 검토 요청" in shown and f"<@{KO}> 님의 질문:" in shown
    assert "_Herdbook 판단_" in shown and "*검토 필요*" in shown and "_라이선스_ `llama-2`" in shown
    labels = [e["text"]["text"] for e in post.body["blocks"][-1]["elements"]]
    assert labels == ["승인", "기한부 승인…", "거절", "답변"]

    # The decision modal, in the reviewer's language.
    element = button(post.body["blocks"], "review_approve_until")
    click(slack, element, user=KO_REVIEWER, channel=OSPO, ts="1700000005.000100")
    view = fake.calls_to("views.open")[-1].body["view"]
    assert view["title"]["text"] == "R-1 승인"
    assert (view["submit"]["text"], view["close"]["text"]) == ("결정", "취소")
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["근거", "승인 기한"]

    # A missing date is refused in Korean, next to the field; nothing is decided.
    values = {"rationale": {"rationale": {"type": "plain_text_input", "value": "의사 보조로만 씀"}},
              "until": {"until": {"type": "datepicker", "selected_date": None}}}
    refused = slack.submit_view(view, values, user=KO_REVIEWER)
    assert json.loads(refused.response.body)["errors"] == {"until": "승인이 끝나는 날짜를 고르세요."}
    past = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    values["until"]["until"]["selected_date"] = past
    refused = slack.submit_view(view, values, user=KO_REVIEWER)
    assert "미래 날짜가 아닙니다" in json.loads(refused.response.body)["errors"]["until"]

    until = datetime.now(UTC).date() + timedelta(days=200)
    values["until"]["until"]["selected_date"] = until.isoformat()
    decided = slack.submit_view(view, values, user=KO_REVIEWER)
    assert decided.response.body in ("", None)
    today = _korean_day(datetime.now(UTC).date())
    line = f"*승인* · <@{KO_REVIEWER}>, {today}, {_korean_day(until)}까지: 의사 보조로만 씀"
    updated = fake.calls_to("chat.update")[-1]
    assert line in _everything(updated.body) and "이전 결정" not in _everything(updated.body)
    assert "결정 바꾸기:" in _everything(updated.body)
    dm = [c for c in fake.calls_to("chat.postMessage") if c.body.get("channel") == KO][-1]
    assert dm.body["text"].startswith("OSPO가 요청 R-1(") and line in dm.body["text"]

    # Asked again: the OSPO's decision comes first, in Korean, with the license's verdict after it.
    again = slack.command(REVIEW_Q, user=KO)
    shown = "\n".join(texts({"blocks": reply_blocks(again)}))
    assert "*OSPO 결정*" in shown
    assert f"OSPO가 {today}에 이 건을 승인했습니다(R-1, {_korean_day(until)}까지): 의사 보조로만 씀" in shown

    mine = reply_text(slack.command("requests", user=KO))
    assert "*내 OSPO 요청*" in mine and f"*R-1* · 결정됨 · <@{KO}>" in mine
    listed = reply_text(slack.command("requests open", user=KO_REVIEWER))
    assert "대기 중인 OSPO 요청: 없습니다." in listed


def test_review_refusals_in_korean_and_nothing_written(slack: Slack, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    from bot.storage import reviews as store

    no_channel = reply_text(slack.command("request 라마 2로 입사 지원자를 걸러도 되나요?", user=KO))
    assert "이 워크스페이스에는 아직 OSPO 검토 채널이 없어 요청을 보내지 않았습니다." in no_channel
    assert "OSPO 검토 요청을 받을 채널은 워크스페이스 관리자만" in reply_text(
        slack.command(f"reviews <#{OSPO}|ospo-reviews>", user=KO))
    assert "이제 OSPO 검토 요청은 <#C0OSPO>로 갑니다." in reply_text(
        slack.command(f"reviews <#{OSPO}|ospo-reviews>", user=KO_ADMIN))
    _ask(slack, fake)
    assert "죄송합니다. R-1은 OSPO 검토자만 결정할 수 있습니다." in reply_text(
        slack.command("decide R-1 approve 괜찮습니다", user=KO))
    assert "이 워크스페이스에는 R-9 요청이 없습니다." in reply_text(
        slack.command("decide R-9 approve 괜찮습니다", user=KO_REVIEWER))
    assert "결정하지 않았습니다. `until` 기한은 승인에만 붙일 수 있습니다." in reply_text(
        slack.command("decide R-1 deny 안 됩니다 until 2099-01-01", user=KO_REVIEWER))
    assert rows(engine, store.ReviewDecision) == 0
    decided = reply_text(slack.command("decide R-1 deny 환자 데이터라 안 됩니다", user=KO_REVIEWER))
    assert f"기록했습니다: R-1 :no_entry: *거절* · <@{KO_REVIEWER}>, {_korean_day(datetime.now(UTC).date())}: " \
           f"환자 데이터라 안 됩니다. <@{KO}> 님에게 DM으로 알립니다." in decided
    # The review channel keeps the workspace's language (English here), whoever decided.
    assert f"*Denied* by <@{KO_REVIEWER}>" in _everything(fake.calls_to("chat.update")[-1].body)
    again = reply_text(slack.command("decide R-1 approve 다시 봅니다", user=KO_REVIEWER))
    assert f"R-1은 이미 <@{KO_REVIEWER}> 님이 {_korean_day(datetime.now(UTC).date())}에 거절했습니다." in again
    assert "`/llama-check decide R-1 replace approve RATIONALE`" in again
    assert rows(engine, store.ReviewDecision) == 1


# -- the register form -------------------------------------------------------------------------------------


def _values(name: str, *, mau: str | None = None, since: str | None = None) -> dict[str, Any]:
    return {
        "service": {FIELD: {"type": "plain_text_input", "value": name}},
        "license": {FIELD: {"type": "static_select", "selected_option": {"value": "llama-3.1"}}},
        "owner": {FIELD: {"type": "users_select", "selected_user": KO}},
        "mau": {FIELD: {"type": "plain_text_input", "value": mau}},
        "since": {FIELD: {"type": "plain_text_input", "value": since}},
    }


def test_register_form_in_korean(slack: Slack, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    assert slack.command("register", user=KO).posted == []
    view = fake.calls_to("views.open")[-1].body["view"]
    assert view["callback_id"] == CALLBACK
    assert (view["title"]["text"], view["submit"]["text"], view["close"]["text"]) == ("서비스 등록", "등록", "취소")
    labels = {b["block_id"]: b["label"]["text"] for b in view["blocks"] if b["type"] == "input"}
    assert labels == {"service": "서비스 이름", "license": "라마 버전", "owner": "담당자",
                      "mau": "지난달 월간 활성 사용자 수", "since": "사용자가 생긴 첫 달"}
    assert "서비스는 누구나 등록할 수 있습니다." in _everything(view)

    refused = slack.submit_view(view, _values("12345", mau="많이", since="2026-13"), user=KO)
    errors = json.loads(refused.response.body)["errors"]
    assert errors["service"].startswith("'12345': 서비스 이름이 아니라 숫자로 보입니다.")
    assert errors["mau"].startswith("'많이'를 월간 활성 사용자 수로 읽지 못했습니다.")
    assert errors["since"] == "'2026-13': 달 형식이 아닙니다. 2026-10처럼 YYYY-MM으로 쓰세요."
    assert rows(engine, Service) == 0

    slack.submit_view(view, _values("검색 도우미", mau="620만"), user=KO)
    confirm = fake.calls_to("chat.postEphemeral")[-1]
    assert confirm.body["user"] == KO
    assert confirm.body["text"].startswith(f"*검색 도우미* 등록: llama-3.1, 담당자 <@{KO}>.")
    assert f"{_korean_month(last_month())} 월간 활성 사용자 620만 명을 기록했습니다" in confirm.body["text"]

    taken = slack.submit_view(view, _values("검색 도우미"), user=KO)
    assert json.loads(taken.response.body)["errors"]["service"].startswith("이미 등록된 서비스입니다: 검색 도우미 (llama-3.1")


# -- App Home ------------------------------------------------------------------------------------------------


def test_app_home_sections_in_korean(slack: Slack, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    setup_channel(slack)
    slack.command('register "검색 도우미" license llama-2 mau 6.2M', user=KO)
    slack.command('register "Support Bot" license llama-3.1', user=OWNER)
    _ask(slack, fake, user=KO)
    slack.dispatch(event_callback(home_opened_event(user=KO), team_id=TEAM_A))
    view = fake.calls_to("views.publish")[-1].body["view"]
    shown = _everything(view)
    month = _korean_month(last_month())
    assert "회사 현황" in shown
    assert f"*{month} 회사 합계: 월간 활성 사용자 620만 명* (서비스 2개). 한도 7억 명의 0.9%입니다(허용)." in shown
    assert "첫 알림 단계(50%) 아래입니다. 남은 여유: *6억 9,380만 명*." in shown
    assert "내 서비스: 1개" in shown and f"*검색 도우미* · llama-2\n최근 보고: {month}, 620만 명" in shown
    report = next((b["accessory"] for b in view["blocks"] if (b.get("accessory") or {}).get("action_id") == "home_report"),
                  None)
    assert report is not None and report["text"]["text"] == f"{month} 보고"
    assert f"*{month} 보고가 없는 서비스* (1개, 최근 값으로 셉니다): Support Bot." in shown
    assert "대기 중인 검토 요청" in shown and "*결정을 기다리는 내 OSPO 요청*" in shown
    assert "예측: 데이터가 부족합니다" in shown
    for english in ("Where the company stands", "My services", "Missing the report", "Open review requests"):
        assert english not in shown
    images = [b for b in view["blocks"] if b["type"] == "image"]
    assert images and images[0]["title"]["text"] == "월간 활성 사용자"
    assert images[0]["alt_text"].startswith("월간 활성 사용자 차트")

    # The Report button opens the report form in Korean.
    click(slack, report, user=KO)
    modal = fake.calls_to("views.open")[-1].body["view"]
    assert modal["title"]["text"] == "월간 활성 사용자 보고" and modal["submit"]["text"] == "저장"

    # An admin who reads Korean sees the workspace settings in Korean; an English viewer sees English.
    slack.dispatch(event_callback(home_opened_event(user=KO_ADMIN), team_id=TEAM_A))
    admin = _everything(fake.calls_to("views.publish")[-1].body["view"])
    assert "*워크스페이스 설정* (관리자)\n알림 채널: 정하지 않음" in admin and "기본 라이선스: `llama-2`" in admin
    slack.dispatch(event_callback(home_opened_event(user=ADMIN), team_id=TEAM_A))
    english = _everything(fake.calls_to("views.publish")[-1].body["view"])
    assert "Where the company stands" in english and "*Workspace settings* (admins)" in english
    assert "회사" not in english


# -- duties ------------------------------------------------------------------------------------------------


def test_duties_checklist_in_korean(slack: Slack, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "검색 도우미" license llama-3.1', user=KO)
    sent = slack.command('duties "검색 도우미"', user=KO)
    shown = reply_text(sent)
    assert "라이선스 의무: 검색 도우미" in shown
    assert "검색 도우미 (llama-3.1): 라이선스 의무 5개 중 0개 완료." in shown
    assert "*Notice 문구*" in shown and "증거 링크 없음" in shown
    assert "\"Llama\"로 시작해야 합니다" in shown  # the pack's own prefix, quoted as the license says it
    assert "Llama 3.1 is licensed under the Llama 3.1 Community License" in shown  # the Notice sentence itself
    blocks = reply_blocks(sent)
    box = next(b for b in blocks if b.get("block_id", "").startswith("duty:"))
    assert box["accessory"]["options"][0]["text"]["text"] == "완료"
    evidence = next(b["accessory"] for b in blocks if (b.get("accessory") or {}).get("action_id") == "duty_evidence")
    assert evidence["text"]["text"] == "증거 추가"

    payload = {"type": "block_actions", "team": {"id": TEAM_A, "domain": "fake"},
               "user": {"id": KO, "team_id": TEAM_A}, "api_app_id": "A0HERDBOOK", "trigger_id": "1.2.x",
               "channel": {"id": "C0GENERAL"}, "response_url": fake.response_url("duty"),
               "container": {"type": "message", "message_ts": "1.1", "channel_id": "C0GENERAL"},
               "actions": [{"action_id": "duty_tick", "block_id": box["block_id"], "type": "checkboxes",
                            "selected_options": box["accessory"]["options"], "action_ts": "1.2"}]}
    from urllib.parse import urlencode

    ticked = slack.dispatch(urlencode({"payload": json.dumps(payload)}))
    assert "라이선스 의무 5개 중 1개 완료." in ticked.text
    with session_scope(engine) as s:
        assert repo.find_service(session=s, workspace_id=TEAM_A, name="검색 도우미") is not None
