"""Korean through the real Slack surfaces (issue 12): signed slash commands from a user whose users.info says
ko-KR, a Korean DM from an en-US user, `/llama-check language ko` and a threshold alert in Korean, the shell's
--lang. On SQLite and PostgreSQL (the `database_url` fixture)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_bolt import App
from sqlmodel import Session, select

from bot.app import create_app
from bot.blocks.verdict import SHOW_ALL_ACTION
from bot.fakeslack import Call, FakeSlack
from bot.settings import Settings
from bot.slackrequests import bolt_request, dm_event, event_callback, slash_command
from bot.storage.models import Audit, SlackUser, Workspace
from bot.storage.months import previous_month
from tests.slacktext import texts

SECRET = "korean-test-signing-secret-0123456789"
KO, EN, ADMIN_KO, ADMIN_EN = "U0KOREAN", "U0ENGLISH", "U0ADMINKO", "U0ADMINEN"
TEAM = "T0KOREA"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user(KO, name="jiwoo", locale="ko-KR", tz="Asia/Seoul")
        fake.add_user(EN, name="emma", locale="en-US")
        fake.add_user(ADMIN_KO, name="minjun", locale="ko-KR", is_admin=True)
        fake.add_user(ADMIN_EN, name="ada", locale="en-US", is_admin=True)
        fake.add_channel("C0ALERTS", name="llama-alerts", creator=ADMIN_EN)
        yield fake


@pytest.fixture
def settings(fake: FakeSlack, database_url: str) -> Settings:
    return Settings(_env_file=None, slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET,
                    slack_api_url=fake.url, database_url=database_url)


@pytest.fixture
def app(settings: Settings, engine) -> App:  # type: ignore[no-untyped-def]
    return create_app(settings, process_before_response=True, engine=engine)


def dispatch(app: App, fake: FakeSlack, body: str) -> list[Call]:
    """Every reply to a signed request: the answer carried in the ack first, then what was posted."""
    before = len(fake.posted())
    response = app.dispatch(bolt_request(SECRET, body))
    assert response.status == 200, response.body
    acked = []
    if response.body and response.body.startswith("{"):
        acked = [Call(method="ack", body=json.loads(response.body), headers={}, path="ack")]
    return acked + fake.posted()[before:]


def command(app: App, fake: FakeSlack, text: str, *, user: str) -> Call:
    (reply,) = dispatch(app, fake, slash_command(text, response_url=fake.response_url("cmd"), user_id=user,
                                                  team_id=TEAM))
    return reply


def header(call: Call) -> str:
    return next(b["text"]["text"] for b in call.body["blocks"] if b["type"] == "header")


def everything(call: Call) -> str:
    return "\n".join(texts(call.body))


def test_slash_command_from_a_ko_kr_user_is_answered_in_korean(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    reply = command(app, fake, "mau 800M", user=KO)
    # The verdict word in Korean, in the fallback text and in the blocks.
    assert reply.body["text"].startswith("라이선스 필요: 월간 활성 사용자 8억 명")
    assert "라이선스 필요" in header(reply) and "license required" not in everything(reply).lower()
    shown = everything(reply)
    assert "월간 활성 사용자 8억 명은 7억 명 이상입니다" in shown  # the reason explained in Korean
    # The clause and the license's own words stay in English beside the explanation.
    assert "license §2" in shown and "The license text tests this once" in shown
    assert "법률 자문이 아닙니다" in shown
    # The locale came from users.info with include_locale, and is cached with the other user data.
    asked = fake.calls_to("users.info")
    assert asked and all(c.body.get("include_locale") in ("true", "1", True) for c in asked)


def test_the_locale_is_cached_once_the_workspace_exists(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    command(app, fake, "alerts #llama-alerts", user=ADMIN_EN)  # the workspace row now exists
    assert "라이선스 필요" in header(command(app, fake, "mau 800M", user=KO))
    fake.reset()
    for _ in range(3):
        assert header(command(app, fake, "name Llama 2 Pro", user=KO)).endswith("금지")
    assert fake.calls_to("users.info") == []  # answered from the SlackUser cache
    with Session(engine) as s:
        cached = s.exec(select(SlackUser).where(SlackUser.user_id == KO)).one()
        assert cached.locale == "ko-KR"


def test_en_us_user_keeps_the_english_answer(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    reply = command(app, fake, "mau 800M", user=EN)
    assert reply.body["text"].startswith("license required: 800,000,000 monthly active users")
    assert header(reply) == ":warning: License required"
    assert "라이선스" not in everything(reply)


def test_korean_help_and_usage(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    shown = everything(command(app, fake, "help", user=KO))
    assert "Herdbook: 라마 라이선스 확인" in shown and "`/llama-check mau QTY`: 이 월간 활성 사용자 수면" in shown
    assert "this list" not in shown
    typo = everything(command(app, fake, "stauts", user=KO))
    assert "모르는 명령입니다: `stauts`. `status` 명령을 쓰려던 건가요?" in typo and "사용법: `/llama-check status [chart]`" in typo


def test_korean_question_from_an_en_us_user_gets_a_korean_answer_by_dm(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    (reply,) = dispatch(app, fake, event_callback(dm_event("라마 3 출력으로 다른 LLM을 학습해도 되나요?", user=EN),
                                                   team_id=TEAM))
    assert reply.method == "chat.postMessage" and reply.body["channel"] == "D0ASKER"
    assert reply.body["text"].startswith("금지: 질문: 라마 3 출력으로")
    assert header(reply).endswith("금지")
    shown = everything(reply)
    assert "라마의 출력으로 다른 LLM을 학습시키는 것은 금지입니다." in shown
    assert "이렇게 해 보세요" in shown  # the suggestion, in Korean
    # The same question in English from the same user stays English.
    (english,) = dispatch(app, fake, event_callback(
        dm_event("can we train another LLM on Llama 3 outputs?", user=EN), team_id=TEAM))
    assert english.body["text"].startswith("prohibited: Question:")


def test_long_korean_answer_folds_behind_a_korean_button(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    reply = command(app, fake, "use 사기 메일과 악성코드와 스팸과 혐오 발언과 괴롭힘 콘텐츠 생성", user=KO)
    (button,) = [e for b in reply.body["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == SHOW_ALL_ACTION]  # 8 reasons, 5 shown
    assert button["text"]["text"] == "이유 모두 보기 (3개 더)"
    assert "Show all reasons" not in everything(reply)


def test_language_is_for_admins_and_the_alert_follows_it(app: App, fake: FakeSlack, settings: Settings,
                                                         engine) -> None:  # type: ignore[no-untyped-def]
    refused = command(app, fake, "language ko", user=KO)
    assert "관리자만" in everything(refused)
    with Session(engine) as s:
        ws = s.get(Workspace, TEAM)
        assert ws is None or ws.language == "en"  # nothing written
    assert "Korean" in everything(command(app, fake, "language ko", user=ADMIN_EN))  # in the admin's language
    assert "한국어" in everything(command(app, fake, "language", user=KO))
    assert "`klingon`?" in everything(command(app, fake, "language klingon", user=ADMIN_EN))
    with Session(engine) as s:
        assert s.get(Workspace, TEAM).language == "ko"

    command(app, fake, "alerts #llama-alerts", user=ADMIN_EN)
    command(app, fake, 'register "Support Bot" license llama-2', user=EN)
    saved = everything(command(app, fake, 'report "Support Bot" 800M', user=EN))
    assert "Saved" in saved  # the reporter's own answer stays in their language

    from bot.jobs.outbox import deliver
    from bot.jobs.slack import make_jobs_client

    deliver(engine=engine, client=make_jobs_client(settings), now=datetime.now(UTC),
            claim_timeout=timedelta(minutes=5), max_attempts=3)
    alerts = [c for c in fake.calls_to("chat.postMessage") if c.body.get("channel") == "C0ALERTS"]
    assert alerts and all(not c.body["text"].isascii() for c in alerts)  # the company's and the service's
    (alert,) = [c for c in alerts if c.body["text"].startswith("회사 합계")]
    month = previous_month(datetime.now(UTC))
    korean_month = f"{int(month[:4])}년 {int(month[5:])}월"
    assert alert.body["text"].startswith(f"회사 합계가 라마 라이선스 한도에 닿았습니다: {korean_month} 월간 활성 사용자 8억 명")
    shown = everything(alert)
    assert "라마 월간 활성 사용자 한도 도달" in shown and "*할 일:*" in shown
    assert "If, on the Llama 2 version release date" in shown  # the clause quoted in English
    assert "회사 합계: *8억 명* (한도: 7억 명 이상)." in shown  # the guide counts 700 million itself


def test_every_korean_answer_is_audited_like_an_english_one(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    command(app, fake, "라마 2를 상업적으로 써도 되나요?", user=EN)
    with Session(engine) as s:
        (row,) = s.exec(select(Audit).where(Audit.user_id == EN)).all()
        detail = json.loads(row.detail) if isinstance(row.detail, str) else row.detail
        assert row.result == "allowed" and detail["reply"].startswith("허용: 질문:")


def test_shell_takes_lang(tmp_path: Path, migrated_db: Path) -> None:
    import io
    import shutil

    from bot.shell import run

    shutil.copy(migrated_db, tmp_path / "herdbook.db")
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'herdbook.db'}")
    out = io.StringIO()
    assert run(settings, stdin=io.StringIO("/llama-check mau 690M\n/llama-check help\n"), stdout=out, lang="ko") == 0
    text = out.getvalue()
    assert "허용" in text and "월간 활성 사용자 6억 9,000만 명" in text and "Herdbook: 라마 라이선스 확인" in text
    out = io.StringIO()
    run(settings, stdin=io.StringIO("/llama-check mau 690M\n"), stdout=out, lang="en")
    assert "Allowed" in out.getvalue() and "허용" not in out.getvalue()


def test_app_home_in_the_viewers_language(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    from bot.slackrequests import home_opened_event

    dispatch(app, fake, event_callback(home_opened_event(user=KO), team_id=TEAM))
    dispatch(app, fake, event_callback(home_opened_event(user=EN), team_id=TEAM))
    korean, english = (str(c.body["view"]["blocks"]) for c in fake.calls_to("views.publish"))
    assert "*예시*" in korean and "라이선스 버전" in korean and "법률 자문이 아닙니다" in korean
    assert "*Examples*" in english and "not legal advice" in english and "예시" not in english


def test_slash_grammar_problem_in_korean(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    shown = everything(command(app, fake, "mau", user=KO))
    assert "`mau` 뒤에 월간 활성 사용자 수를 쓰세요." in shown and "사용법: `/llama-check mau QTY`" in shown
    assert "`mau` needs a number" in everything(command(app, fake, "mau", user=EN))


def test_register_and_report_confirmed_in_korean(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    registered = everything(command(app, fake, 'register "검색 도우미" license llama-3.1', user=KO))
    assert f"*검색 도우미* 등록: llama-3.1, 담당자 <@{KO}>." in registered
    assert "매달 `/llama-check report \"검색 도우미\" QTY`로" in registered
    month = previous_month(datetime.now(UTC))
    korean_month = f"{int(month[:4])}년 {int(month[5:])}월"
    saved = everything(command(app, fake, 'report "검색 도우미" 6.2M', user=KO))
    assert f"저장했습니다: *검색 도우미*의 {korean_month} 월간 활성 사용자 620만 명." in saved
    assert f"{korean_month} 회사 합계: 620만 명 (허용)." in saved
    again = everything(command(app, fake, 'report "검색 도우미" 6.5M', user=KO))
    assert f"<@{KO}>님이 보고한 620만 명을 대신합니다" in again


def test_status_in_korean(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    command(app, fake, 'register "검색 도우미" license llama-2 mau 6.2M', user=KO)
    month = previous_month(datetime.now(UTC))
    korean_month = f"{int(month[:4])}년 {int(month[5:])}월"
    reply = command(app, fake, "status", user=KO)
    assert header(reply) == "라마 서비스: 1개"
    shown = everything(reply)
    assert f"{korean_month} 회사 합계: 월간 활성 사용자 620만 명 (7억 명의 0.9%, 허용). 남은 여유 6억 9,380만 명." in shown
    assert "첫 알림 단계 아래" in shown and "아직 알림 채널이 없습니다" in shown
    assert f"*검색 도우미* · llama-2 · <@{KO}> · {korean_month} · 620만 명" in shown
    assert "예측: 데이터가 부족합니다" in shown
    english = everything(command(app, fake, "status", user=EN))
    assert f"Company total for {month}: 6,200,000 MAU" in english and "headroom 693,800,000" in english


def test_workspace_refusals_in_korean(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    command(app, fake, 'register "검색 도우미" license llama-2', user=EN)
    assert "혹시 *검색 도우미*인가요?" in everything(command(app, fake, 'report "검색 도우미2" 5M', user=KO))
    refused = everything(command(app, fake, 'report "검색 도우미" 5M', user=KO))
    assert f"*검색 도우미*의 보고는 <@{EN}>나 워크스페이스 관리자만 할 수 있습니다." in refused
    assert "관리자나 그 채널을 만든 사람만" in everything(command(app, fake, "alerts #llama-alerts", user=KO))
    assert "<#C0ALERTS>로 갑니다" in everything(command(app, fake, "alerts #llama-alerts", user=ADMIN_KO))


def test_bad_input_refused_in_korean_and_nothing_written(app: App, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    shown = everything(command(app, fake, "mau 많이", user=KO))
    assert "'많이'를 월간 활성 사용자 수로 읽지 못했습니다" in shown and "`/llama-check mau 800M`" in shown
    shown = everything(command(app, fake, "--license llama-9 name Llama Pro", user=KO))
    assert "모르는 라이선스입니다: 'llama-9'." in shown and "아는 라이선스 버전: `llama-1`" in shown
    shown = everything(command(app, fake, "mau <@U0EVIL> 많이", user=KO))
    assert "<@U0EVIL>" not in shown  # the input quoted back is escaped
