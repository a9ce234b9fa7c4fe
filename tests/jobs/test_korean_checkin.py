"""The monthly check-in DM and its reminder in the owner's Slack language (users.info include_locale)."""

from __future__ import annotations

from bot.jobs.owners import owner_profiles
from tests.jobs.conftest import World, at
from tests.slacktext import texts

M = 1_000_000


def test_checkin_dm_is_korean_for_a_ko_kr_owner_and_english_for_others(world: World) -> None:
    world.workspace()
    korean = world.service("Seoul Search", owner="UKO", tz="Asia/Seoul", locale="ko-KR")
    english = world.service("Support Bot", owner="UEN", tz="UTC", locale="en-US")
    world.report(korean, "2026-09", 690 * M)
    world.report(english, "2026-09", 12 * M)
    world.tick(at("2026-11-01 09:00"))

    (ko,) = world.dms("UKO")
    assert ko.body["text"] == ("Seoul Search의 2026년 10월 월간 활성 사용자 수는 몇 명이었나요? "
                               "마지막 보고: 2026년 9월 6억 9,000만 명.")
    buttons = [e["text"]["text"] for b in ko.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["2026년 10월 보고하기", "변동 없음 (6억 9,000만 명)"]
    assert "매달 한 번" in "\n".join(texts(ko.body))

    (en,) = world.dms("UEN")
    assert en.body["text"] == ("How many monthly active users did Support Bot have in October 2026? "
                               "Last reported: 12,000,000 for September 2026.")


def test_reminder_keeps_the_checkins_language(world: World) -> None:
    world.workspace()
    sid = world.service("Seoul Search", owner="UKO", tz="Asia/Seoul", locale="ko-KR")
    world.report(sid, "2026-09", 5 * M)
    world.tick(at("2026-11-01 09:00"))
    world.tick(at("2026-11-04 09:00"))
    _checkin, reminder = world.dms("UKO")
    assert reminder.body["text"].startswith("다시 알려 드립니다(3일째): Seoul Search의 2026년 10월")


def test_owner_locale_is_cached_with_the_time_zone(world: World) -> None:
    world.workspace()
    world.fake.add_user("UKO", tz="Asia/Seoul", locale="ko-KR")
    now = at("2026-11-01 09:00")
    first = owner_profiles(engine=world.engine, client=world.jobs.client, workspace_id="T1", user_ids={"UKO"},
                           now=now)
    again = owner_profiles(engine=world.engine, client=world.jobs.client, workspace_id="T1", user_ids={"UKO"},
                           now=now)
    assert first["UKO"].locale == again["UKO"].locale == "ko-KR"
    assert len(world.fake.calls_to("users.info")) == 1


def test_missing_report_summary_is_in_the_workspace_language(world: World) -> None:
    from bot.storage.db import session_scope
    from bot.storage.models import Workspace

    world.workspace()
    with session_scope(world.engine) as s:
        s.get(Workspace, "T1").language = "ko"
    late = world.service("Late Bot", owner="ULATE", tz="UTC", locale="en-US")
    world.report(late, "2026-09", 3 * M)
    for now in ("2026-11-01 10:00", "2026-11-04 09:00", "2026-11-08 09:00", "2026-11-09 09:00", "2026-11-09 09:05",
                "2026-11-15 09:00"):
        world.tick(at(now))
    (summary,) = [c for c in world.posts("CALERT") if "서비스가" in c.body["text"]]
    assert summary.body["text"] == ("확인 DM과 두 번의 알림 뒤에도 2026년 10월 월간 활성 사용자 수가 없는 서비스가 "
                                    "1개 있습니다: Late Bot (<@ULATE>)")
    # The owner's own DMs stay in their language (en-US).
    assert all(c.body["text"].isascii() for c in world.dms("ULATE"))


def test_checkin_buttons_modal_and_confirmation_in_korean(world: World) -> None:
    from datetime import UTC, datetime

    from bot.app import create_app
    from bot.jobs.periods import latest_complete_month
    from bot.settings import Settings
    from tests.jobs.test_checkin_listener import SECRET, asked, click, reports, submit

    month = latest_complete_month(datetime.now(UTC))
    app = create_app(Settings(_env_file=None, slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET,
                              slack_api_url=world.fake.url, database_url="sqlite://"),
                     process_before_response=True, engine=world.engine)
    world.fake.add_user("U1", locale="ko-KR")
    dm = asked(world)
    korean_month = f"{int(month[:4])}년 {int(month[5:])}월"
    assert dm.body["text"].startswith(f"Support Bot의 {korean_month} 월간 활성 사용자 수는")
    click(app, world, dm, "checkin_open")
    (opened,) = world.fake.calls_to("views.open")
    view = opened.body["view"]
    assert view["title"]["text"] == "월간 활성 사용자 보고" and view["submit"]["text"] == "저장"
    assert view["blocks"][1]["label"]["text"] == "월간 활성 사용자 수"
    submit(app, view, "350만")  # a Korean quantity
    assert reports(world)[-1] == (month, 3_500_000, "U1")
    (update,) = world.fake.calls_to("chat.update")
    assert update.body["text"] == f"Support Bot의 {korean_month} 월간 활성 사용자 350만 명을 기록했습니다. 고맙습니다."


def test_no_change_confirmed_in_korean(world: World) -> None:
    from bot.app import create_app
    from bot.settings import Settings
    from tests.jobs.test_checkin_listener import SECRET, asked, click

    app = create_app(Settings(_env_file=None, slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET,
                              slack_api_url=world.fake.url, database_url="sqlite://"),
                     process_before_response=True, engine=world.engine)
    world.fake.add_user("U1", locale="ko-KR")
    dm = asked(world)
    click(app, world, dm, "checkin_no_change")
    (replaced,) = world.fake.calls_to("response_url")
    assert "300만 명을 기록했습니다" in replaced.body["text"]


def test_owner_missing_notice_in_the_workspace_language(world: World) -> None:
    from bot.storage.db import session_scope
    from bot.storage.models import Workspace

    world.workspace()
    with session_scope(world.engine) as s:
        s.get(Workspace, "T1").language = "ko"
    orphan = world.service("Orphan Bot", owner=None)
    world.report(orphan, "2026-09", 1 * M)
    world.tick(at("2026-11-01 10:00"))
    (notice,) = world.posts("CALERT")
    assert notice.body["text"].startswith("Orphan Bot의 2026년 10월 월간 활성 사용자 수를 담당자(지정되지 않음)에게 "
                                          "묻지 못했습니다 (담당자가 지정되지 않음).")
