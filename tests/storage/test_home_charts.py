"""The MAU chart, its upload and re-use, `status chart`, App Home and alerts that carry the chart.

Scenarios run the real app against the fake Slack on SQLite and PostgreSQL (tests/storage/conftest.py).
"""

from __future__ import annotations

import io
import json
import struct
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from slack_sdk.models.views import View
from sqlmodel import select

from bot.charts import HEIGHT_PX, WIDTH_PX, ChartData, render_png, series_hash, stacked
from bot.slackrequests import event_callback, home_opened_event
from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.home import ChartUpload
from bot.storage.models import Notification
from tests.storage.conftest import ADMIN, OTHER, OWNER, TEAM_A, last_month, months_ago, rows

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _pixels(png: bytes):  # type: ignore[no-untyped-def]
    from matplotlib.image import imread

    return imread(io.BytesIO(png), format="png")


def _data(last: int, *, forecast: str | None = "2027-09") -> ChartData:
    months = ["2026-07", "2026-08", "2026-09", "2026-10"]
    per = {"Support Bot": {m: 100_000_000 + i * 20_000_000 for i, m in enumerate(months)},
           "Search": {"2026-09": 50_000_000, "2026-10": last}}
    return ChartData(months=tuple(months), stacks=stacked(months=months, per_service=per), limit=700_000_000,
                     levels=((50, 350_000_000), (75, 525_000_000), (90, 630_000_000)),
                     forecast_status="crossing" if forecast else "not_enough_data", forecast_month=forecast,
                     forecast_model="linear")


# -- the picture ------------------------------------------------------------------------------------


def test_png_is_valid_of_the_expected_size_and_its_pixels_follow_the_data() -> None:
    first = render_png(_data(60_000_000))
    assert _size(first) == (WIDTH_PX, HEIGHT_PX)
    again = _pixels(render_png(_data(60_000_000)))
    changed = _pixels(render_png(_data(260_000_000)))
    no_forecast = _pixels(render_png(_data(60_000_000, forecast=None)))
    base = _pixels(first)
    assert base.shape[:2] == (HEIGHT_PX, WIDTH_PX)
    assert (base == again).all()  # same data, same pixels: what makes the upload cache sound
    assert (base != changed).any(axis=-1).sum() > 1000  # a taller stack is visibly different
    assert (base != no_forecast).any(axis=-1).sum() > 200  # the dashed forecast is drawn
    assert series_hash(_data(60_000_000)) == series_hash(_data(60_000_000)) != series_hash(_data(260_000_000))


def test_chart_background_is_opaque_for_dark_mode() -> None:
    pixels = _pixels(render_png(_data(60_000_000)))
    assert pixels.shape[-1] in (3, 4)
    if pixels.shape[-1] == 4:
        assert pixels[..., 3].min() == 1.0  # no transparent pixel for a dark theme to show through


def test_stacks_keep_the_largest_and_sum_the_rest() -> None:
    months = ["2026-10"]
    per = {f"S{i}": {"2026-10": (i + 1) * 1_000_000} for i in range(9)}
    stacks = stacked(months=months, per_service=per)
    assert len(stacks) == 6 and stacks[0][0] == "S8" and stacks[-1][0] == "Other services"
    assert sum(v[0] for _, v in stacks) == sum(range(1, 10)) * 1_000_000


# -- status chart: the upload and its re-use ------------------------------------------------------------


def _register_with_history(slack, name: str = "Support Bot", values=("100M", "150M", "200M")) -> None:  # type: ignore[no-untyped-def]
    first = months_ago(len(values))
    sent = slack.command(f'register "{name}" license llama-3.1 since {first}')
    assert "Registered" in sent.text, sent.text
    for i, v in enumerate(values):
        month = months_ago(len(values) - i)
        sent = slack.command(f'report "{name}" {v} for {month}')
        assert "Saved" in sent.text, sent.text


def _image_blocks(blocks: list[dict]) -> list[dict]:
    return [b for b in blocks if b.get("type") == "image"]


def test_status_chart_uploads_once_and_reuses_while_the_data_is_unchanged(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    _register_with_history(slack)
    uploads_before = len(fake.calls_to("files.getUploadURLExternal"))  # Home re-publishing after reports
    sent = slack.command("status chart")
    [reply] = sent.posted
    [image] = _image_blocks(reply.body["blocks"])
    file_id = image["slack_file"]["id"]
    assert "image_url" not in image and "url" not in image["slack_file"]
    assert "200,000,000" in image["alt_text"] and "700,000,000" in image["alt_text"]
    assert _size(fake.uploads[file_id]) == (WIDTH_PX, HEIGHT_PX)
    # The upload went through Slack's external flow, and was completed.
    assert fake.state.files[file_id]["completed"] is True
    assert [c.body["file_id"] for c in fake.calls_to("file_upload")][-1] == file_id
    assert fake.calls_to("files.completeUploadExternal")
    calls = len(fake.calls_to("files.getUploadURLExternal"))
    assert calls - uploads_before <= 1  # drawn at most once (the Home re-publish may have drawn it)

    again = slack.command("status chart")
    [image2] = _image_blocks(again.posted[0].body["blocks"])
    assert image2["slack_file"]["id"] == file_id
    assert len(fake.calls_to("files.getUploadURLExternal")) == calls  # nothing uploaded for unchanged data
    assert rows(engine, ChartUpload) >= 1

    slack.command(f'report "Support Bot" 260M for {last_month()}')
    changed = slack.command("status chart")
    [image3] = _image_blocks(changed.posted[0].body["blocks"])
    assert image3["slack_file"]["id"] != file_id
    assert "260,000,000" in image3["alt_text"]


def test_plain_status_has_no_chart_and_uploads_nothing(slack, fake) -> None:  # type: ignore[no-untyped-def]
    _register_with_history(slack)
    calls = len(fake.calls_to("files.getUploadURLExternal"))
    sent = slack.command("status")
    assert _image_blocks(sent.posted[0].body["blocks"]) == []
    assert len(fake.calls_to("files.getUploadURLExternal")) == calls


def test_status_chart_with_nothing_reported_says_so(slack, fake) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    sent = slack.command("status chart")
    assert "No monthly figures to draw yet" in sent.text
    assert fake.calls_to("files.getUploadURLExternal") == []


def test_failed_upload_still_answers_and_home_still_publishes(slack, fake) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    fake.fail_next("files.getUploadURLExternal", status=200, times=5, body={"ok": False, "error": "not_allowed"})
    publishes = len(fake.calls_to("views.publish"))
    saved = slack.command('report "Support Bot" 5M')
    assert "Saved" in saved.text
    [home] = fake.calls_to("views.publish")[publishes:]  # published without its picture
    assert _image_blocks(home.body["view"]["blocks"]) == [] and "5,000,000" in _text(home.body["view"])
    sent = slack.command("status chart")
    assert "could not be drawn or uploaded" in sent.text and "5,000,000" in sent.text
    assert "Traceback" not in sent.text and _image_blocks(sent.posted[0].body["blocks"]) == []
    assert fake.uploads == {}


# -- the 90 % alert carries the chart ------------------------------------------------------------------


def test_alert_at_90_percent_carries_the_chart(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command("alerts <#C0ALERTS|llama-alerts>", user=ADMIN)
    slack.command('register "Support Bot" license llama-3.1 mau 400M')
    slack.command('report "Support Bot" 640M')
    with session_scope(engine) as s:
        alerts = {n.subject: json.loads(n.payload) for n in s.exec(select(Notification)).all()
                  if n.kind == "alert"}
    assert not _image_blocks(alerts["level:50:company"]["blocks"])  # lower levels stay text only
    [image] = _image_blocks(alerts["level:90:company"]["blocks"])
    assert image["slack_file"]["id"] in fake.uploads
    assert "640,000,000" in image["alt_text"]


def test_alert_whose_chart_slack_still_refuses_goes_out_without_it(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    """The warning matters more than its picture: invalid_blocks for the chart posts the alert without
    the image instead of marking it dead."""
    from slack_sdk import WebClient

    from bot.jobs.outbox import deliver

    slack.command("alerts <#C0ALERTS|llama-alerts>", user=ADMIN)
    slack.command('register "Support Bot" license llama-3.1 mau 400M')
    slack.command('report "Support Bot" 640M')
    fake.state.file_processing_refusals = 10**6  # Slack never finishes processing the upload
    report = deliver(engine=engine, client=WebClient(token="xoxb-t", base_url=fake.url), now=datetime.now(UTC),
                     claim_timeout=timedelta(minutes=5), max_attempts=5)
    assert not report.dead
    with session_scope(engine) as s:
        alerts = {n.subject: n.status for n in s.exec(select(Notification)).all() if n.kind == "alert"}
    assert set(alerts.values()) == {"sent"} and "level:90:company" in alerts
    posted = [c.body for c in fake.calls_to("chat.postMessage") if c.body.get("channel") == "C0ALERTS"]
    blocks = [json.loads(b["blocks"]) if isinstance(b.get("blocks"), str) else b.get("blocks") or [] for b in posted]
    # Each alert once; the 90 % ones (company and service) only after their chart was refused.
    assert sum(1 for b in blocks if not _image_blocks(b)) == len(alerts)
    assert sum(1 for b in blocks if _image_blocks(b)) == 2


# -- App Home ------------------------------------------------------------------------------------------


def _open_home(slack, user: str = OWNER) -> dict:  # type: ignore[no-untyped-def]
    before = len(slack.fake.calls_to("views.publish"))
    slack.dispatch(event_callback(home_opened_event(user=user), team_id=TEAM_A))
    publishes = slack.fake.calls_to("views.publish")[before:]
    assert [p.body["user_id"] for p in publishes] == [user]
    view = publishes[-1].body["view"]
    # Re-parse through slack_sdk's models: a view over Slack's limits raises here.
    View(type="home", blocks=view["blocks"]).to_dict()
    assert len(view["blocks"]) <= 100
    return view


def _text(view: dict) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def test_home_with_no_services_invites_to_register(slack) -> None:  # type: ignore[no-untyped-def]
    view = _open_home(slack)
    assert "No services are registered yet" in _text(view)
    assert "/llama-check name Llama 2 Pro" in _text(view)
    assert _image_blocks(view["blocks"]) == []


def test_home_shows_the_company_chart_my_services_and_whats_missing(slack, fake) -> None:  # type: ignore[no-untyped-def]
    _register_with_history(slack)
    slack.command(f'register "Quiet Bot" license llama-3.1 owner <@{OTHER}|oscar> since {months_ago(2)}')
    slack.command(f'report "Quiet Bot" 1M for {months_ago(2)}', user=OTHER)
    view = _open_home(slack)
    text = _text(view)
    assert "Company total for " + last_month() in text and "201,000,000" in text and "headroom" in text
    [image] = _image_blocks(view["blocks"])
    assert image["slack_file"]["id"] in fake.uploads
    assert "Forecast" in text
    buttons = [b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("action_id") == "home_report"]
    assert len(buttons) == 1 and json.loads(buttons[0]["value"])["month"] == last_month()  # only mine
    assert "Missing the report for" in text and "Quiet Bot" in text
    assert "open duties" in text
    assert "Workspace settings" not in text  # not an admin
    assert "Workspace settings" in _text(_open_home(slack, user=ADMIN))


def test_home_publishes_within_limits_for_500_services(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id=TEAM_A, now=now)
        for i in range(500):
            svc = repo.register_service(session=s, workspace_id=TEAM_A, name=f"Service {i:03d} " + "x" * 90,
                                        license="llama-3.1", owner_id=OWNER, user_id=OWNER, now=now,
                                        since_month=months_ago(2))
            if i % 2:
                repo.record_report(session=s, workspace_id=TEAM_A, service_id=svc.id, month=months_ago(1),
                                   value=1_000_000, user_id=OWNER, now=now)
    view = _open_home(slack)
    text = _text(view)
    assert "My services: 500 (page 1 of 25)" in text
    assert "Missing the report for" in text and "(250;" in text and " more." in text  # named as fit, rest counted
    [more] = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert more["action_id"] == "home_page_next"
    # "Show more" publishes the next page.
    payload = {"type": "block_actions", "team": {"id": TEAM_A}, "user": {"id": OWNER, "team_id": TEAM_A},
               "api_app_id": "A0HERDBOOK", "trigger_id": "1.2.3", "container": {"type": "view", "view_id": "V1"},
               "actions": [{**more, "block_id": "b", "action_ts": "1"}]}
    slack.dispatch(urlencode({"payload": json.dumps(payload)}))
    page2 = fake.calls_to("views.publish")[-1].body["view"]
    View(type="home", blocks=page2["blocks"]).to_dict()
    assert "page 2 of 25" in _text(page2) and "Service 020" in _text(page2)


def test_a_saved_report_republishes_the_reporters_home(slack, fake) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    before = len(fake.calls_to("views.publish"))
    slack.command('report "Support Bot" 7M')
    publishes = fake.calls_to("views.publish")[before:]
    assert [p.body["user_id"] for p in publishes] == [OWNER]
    assert "7,000,000" in _text(publishes[0].body["view"])


def test_home_report_button_opens_the_modal_and_saving_republishes(slack, fake, engine) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    view = _open_home(slack)
    [button] = [b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("action_id") == "home_report"]
    payload = {"type": "block_actions", "team": {"id": TEAM_A}, "user": {"id": OWNER, "team_id": TEAM_A},
               "api_app_id": "A0HERDBOOK", "trigger_id": "1.2.3", "container": {"type": "view", "view_id": "V1"},
               "actions": [{**button, "block_id": "b", "action_ts": "1"}]}
    slack.dispatch(urlencode({"payload": json.dumps(payload)}))
    modal = fake.calls_to("views.open")[-1].body["view"]
    assert modal["callback_id"] == "home_report"
    before = len(fake.calls_to("views.publish"))
    sent = slack.submit_view(modal, {"mau": {"value": {"type": "plain_text_input", "value": "9M"}}})
    assert sent.response.body in ("", None)
    with session_scope(engine) as s:
        svc = repo.find_service(session=s, workspace_id=TEAM_A, name="Support Bot")
        assert repo.get_report(session=s, workspace_id=TEAM_A, service_id=svc.id, month=last_month()).value == 9_000_000
    assert "9,000,000" in _text(fake.calls_to("views.publish")[before].body["view"])


@pytest.mark.parametrize("count", [0, 1, 500])
def test_home_view_builder_stays_inside_block_kit_limits(count: int) -> None:
    from bot.blocks.home import home_view
    from bot.services.home import Chart, HomeData, HomeService, Limits

    mine = [HomeService(id=i, name=f"<Service> {i} " + "&" * 110, license="llama-3.1", owner_id=OWNER,
                        last_month="2026-10", last_value=i * 1000, open_duties=i % 6) for i in range(min(count, 20))]
    data = HomeData(month="2026-10", services=count, total=count * 1000, limits=Limits(700_000_000, True, (50, 75, 90, 100)),
                    verdict_label="allowed", forecast="Forecast: x" * 300 if count else None,
                    chart=Chart("F1", "a" * 5000, _data(1)) if count else None, mine=mine, mine_count=count,
                    page=0, pages=max(1, -(-count // 20)), missing=[f"S{i}" * 40 for i in range(min(count, 40))],
                    missing_count=count, is_admin=True, alert_channel="C1", default_license="llama-3.1",
                    default_policy="guide", reviews=[{"type": "section", "text": {"type": "mrkdwn", "text": "R-1"}}])
    view = home_view(home=data)
    View(type="home", blocks=view["blocks"]).to_dict()
    assert len(view["blocks"]) <= 100
    assert "&lt;Service&gt;" in _text(view) or count == 0


def test_revision_0004_creates_the_home_tables_as_modelled(engine) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect
    from sqlmodel import SQLModel

    import bot.storage.home  # noqa: F401 - the tables of this revision

    assert {"chartupload", "dutytick"} <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": False})
        assert compare_metadata(ctx, SQLModel.metadata) == []


def test_service_names_are_escaped_on_every_new_surface(slack, fake) -> None:  # type: ignore[no-untyped-def]
    name = "<!channel> & co"
    _register_with_history(slack, name=name, values=("1M", "2M"))
    chart = slack.command("status chart").posted[0].body
    home = _open_home(slack)
    duties = slack.command(f'duties "{name}"').posted[0].body
    backfill = slack.command(f'report "{name}" {months_ago(2)}..{last_month()} 3M,4M').posted[0].body
    # status's own plain-text lines belong to bot/blocks/status.py; the chart adds its alt text as the last line.
    chart = {**chart, "text": chart["text"].splitlines()[-1]}
    for body in (chart, {"blocks": home["blocks"]}, duties, backfill):
        mrkdwn = [body.get("text") or ""] + [
            json.dumps(b) for b in body["blocks"] if b["type"] not in ("image", "header")]
        assert not any("<!channel>" in t for t in mrkdwn), body
        assert any("&lt;!channel&gt; &amp; co" in t for t in mrkdwn), body


@pytest.mark.parametrize(("refusals", "with_chart"), [(1, True), (5, False)])
def test_home_waits_once_for_a_chart_slack_is_still_processing(slack, fake, engine, settings, refusals, with_chart) -> None:  # type: ignore[no-untyped-def]
    from bot.services.home import publish_home

    _register_with_history(slack, values=("1M", "2M", "3M"))
    slack.command(f'report "Support Bot" 4M for {last_month()}')  # new data: a new upload
    fake.state.file_processing_refusals = refusals
    fake.state.files.clear()  # forget earlier uploads: the next publish must upload afresh
    with session_scope(engine) as s:
        for row in s.exec(select(ChartUpload)).all():
            s.delete(row)
    from slack_sdk import WebClient

    view = publish_home(engine=engine, settings=settings, client=WebClient(token="xoxb-t", base_url=fake.url), team_id=TEAM_A,
                        user_id=OWNER, now=datetime.now(UTC), retry_delay=0.01)
    assert bool(_image_blocks(view["blocks"])) is with_chart
    assert "4,000,000" in _text(view)
    last = fake.calls_to("views.publish")[-1].body["view"]
    assert bool(_image_blocks(last["blocks"])) is with_chart
