"""The App Home and the MAU chart: what the company stands at, read from the register, drawn once per
change of the data, and published to a person's Home tab.

The chart is uploaded to Slack (files_upload_v2) once per distinct series: the hash of what it draws
keys a ChartUpload row, so a Home opened a thousand times on unchanged data uploads nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.charts import MAX_MONTHS, ChartData, alt_text, render_png, series_hash, stacked
from bot.i18n import t
from bot.reply import Deps
from bot.services.reviews import home_section
from bot.settings import Settings
from bot.storage import home as home_store
from bot.storage import repository as repo
from bot.storage.models import MauReport, Service, Workspace
from bot.storage.months import add_months, months_between, previous_month
from rules import i18n as rules_i18n

log = logging.getLogger(__name__)

CHART_FILENAME = "herdbook-mau-chart.png"
PAGE_SIZE = 20  # my services per Home page: one block each, well inside Slack's 100 blocks a view
MISSING_SHOWN = 40  # names listed in "missing this month's report"; the rest are counted


@dataclass(frozen=True)
class Limits:
    threshold: int
    inclusive: bool
    levels: tuple[int, ...]  # percent of the threshold, ending with 100


def limits(*, license: str, policy: str) -> Limits:
    """The MAU limit and alert levels of a workspace's license and policy, as rules reads them."""
    import rules

    try:
        lim = rules.limits(license, policy)
    except rules.RulesError:  # a workspace on an id rules no longer knows: the default pack's figures
        lim = rules.limits()
    return Limits(threshold=lim.limit, inclusive=lim.inclusive, levels=tuple(lim.levels))


# -- the chart --------------------------------------------------------------------------------------


def chart_data(*, session: Session, workspace: Workspace, up_to: str, lang: str = "en") -> ChartData | None:
    """What the chart draws for a workspace, up to month `up_to`, labelled in `lang`; None when nothing is
    reported yet.

    Two queries (services, reports) whatever the number of services.
    """
    from bot.forecast import forecast

    names = dict(session.exec(select(Service.id, Service.name).where(Service.workspace_id == workspace.id)).all())
    rows = session.exec(
        select(MauReport.service_id, MauReport.month, MauReport.value)
        .where(MauReport.workspace_id == workspace.id, MauReport.month <= up_to)
        .order_by(col(MauReport.month))
    ).all()
    if not rows:
        return None
    last = rows[-1][1]
    first = max(rows[0][1], add_months(last, 1 - MAX_MONTHS))
    months = [add_months(first, i) for i in range(months_between(first, last) + 1)]
    per_service: dict[str, dict[str, int]] = {}
    carry: dict[str, int] = {}
    totals: dict[str, int] = {}
    current: dict[int, int] = {}
    for service_id, month, value in rows:
        name = names.get(service_id, f"service {service_id}")
        if month < first:
            carry[name] = value
        else:
            per_service.setdefault(name, {})[month] = value
        current[service_id] = value
        totals[month] = sum(current.values())
    for name in carry:
        per_service.setdefault(name, {})
    lim = limits(license=workspace.default_license, policy=workspace.default_policy)
    result = forecast(totals=sorted(totals.items()), limit=lim.threshold, inclusive=lim.inclusive)
    return ChartData(
        months=tuple(months),
        stacks=stacked(months=months, per_service=per_service, carry=carry),
        limit=lim.threshold,
        levels=tuple((p, lim.threshold * p // 100) for p in lim.levels if p < 100),
        forecast_status=result.status,
        forecast_month=result.month if result.status == "crossing" else None,
        forecast_model=result.model,
        lang=lang,
    )


def upload_png(*, client: Any, png: bytes, alt: str, lang: str = "en") -> str:
    """Upload through files.getUploadURLExternal, the upload URL and files.completeUploadExternal.

    No channel: the file stays the bot's own, shown only where a block references it.
    """
    response = client.files_upload_v2(content=png, filename=CHART_FILENAME, title=t("chart.title", lang),
                                      alt_txt=alt[:1000])
    file = response.get("file") or (response.get("files") or [{}])[0]
    file_id = file.get("id")
    if not file_id:
        raise RuntimeError(f"files_upload_v2 returned no file id: {response.data!r}"[:300])
    return str(file_id)


@dataclass(frozen=True)
class Chart:
    file_id: str
    alt_text: str
    data: ChartData
    fresh: bool = False  # uploaded just now: Slack may need a moment before a block can show it


@dataclass(frozen=True)
class PendingChart:
    """A chart read from the database: its data, hash and, when that data was uploaded before, the file."""

    workspace_id: str
    data: ChartData
    key: str
    alt_text: str
    file_id: str | None


def pending_chart(*, session: Session, workspace: Workspace, up_to: str, lang: str = "en") -> PendingChart | None:
    data = chart_data(session=session, workspace=workspace, up_to=up_to, lang=lang)
    if data is None:
        return None
    key = series_hash(data)
    return PendingChart(workspace_id=workspace.id, data=data, key=key, alt_text=alt_text(data),
                        file_id=home_store.chart_file(session=session, workspace_id=workspace.id, series_hash=key))


def finish_chart(*, engine: Engine, client: Any, pending: PendingChart, now: datetime,
                 render: Callable[[ChartData], bytes] = render_png) -> Chart:
    """Draw and upload a chart not uploaded before, outside any transaction.

    SQLite takes its write lock when a transaction begins, so drawing (up to seconds when matplotlib is
    cold) and uploading inside one would hold up every other request's writes, acks included.
    """
    from bot.storage.db import session_scope

    file_id = pending.file_id
    if file_id is None:
        file_id = upload_png(client=client, png=render(pending.data), alt=pending.alt_text, lang=pending.data.lang)
        with session_scope(engine) as session:
            file_id = home_store.save_chart_file(session=session, workspace_id=pending.workspace_id,
                                                 series_hash=pending.key, file_id=file_id, now=now)
    return Chart(file_id=file_id, alt_text=pending.alt_text, data=pending.data, fresh=pending.file_id is None)


def chart_for(*, session: Session, client: Any, workspace: Workspace, up_to: str, now: datetime,
              render: Callable[[ChartData], bytes] = render_png, lang: str = "en") -> Chart | None:
    """The uploaded chart, inside the caller's transaction (the sweep's, which holds its lock anyway)."""
    pending = pending_chart(session=session, workspace=workspace, up_to=up_to, lang=lang)
    if pending is None:
        return None
    file_id = pending.file_id
    if file_id is None:
        file_id = upload_png(client=client, png=render(pending.data), alt=pending.alt_text, lang=lang)
        file_id = home_store.save_chart_file(session=session, workspace_id=workspace.id, series_hash=pending.key,
                                             file_id=file_id, now=now)
    return Chart(file_id=file_id, alt_text=pending.alt_text, data=pending.data)


def chart_blocks_for_alert(*, session: Session, client: Any, workspace_id: str, month: str,
                           now: datetime) -> list[dict[str, Any]]:
    """The chart as blocks for a threshold alert (bot.jobs.sweep's hook); [] when it cannot be made.

    An alert must go out even when drawing or uploading fails, so failures are logged, not raised.
    """
    from bot.blocks.home import chart_block

    workspace = repo.get_workspace(session=session, workspace_id=workspace_id)
    if workspace is None or client is None:
        return []
    try:
        with session.begin_nested():
            # A channel alert: in the workspace's channel language, like the alert itself.
            chart = chart_for(session=session, client=client, workspace=workspace, up_to=month, now=now,
                              lang=workspace.language or "en")
    except Exception:  # the alert matters more than its picture
        log.exception("chart: could not draw or upload the chart for the alert of %s", workspace_id)
        return []
    return [chart_block(file_id=chart.file_id, alt=chart.alt_text, lang=chart.data.lang).to_dict()] if chart else []


def alert_chart_hook(client: Any) -> Callable[..., list[dict[str, Any]]]:
    """The `charts` argument of bot.jobs.sweep.run_sweep / sweep_workspace, for a Slack client.

    INTEGRATOR: the clock's sweep (bot/jobs/clock.py, Jobs.run "sweep") should pass
    `charts=alert_chart_hook(self.client)`; the after-report sweep in bot/services/workspace.py already does.
    """
    from functools import partial

    return partial(chart_blocks_for_alert, client=client)


# -- the Home tab -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeService:
    id: int
    name: str
    license: str
    owner_id: str | None
    last_month: str | None
    last_value: int | None
    open_duties: int


@dataclass(frozen=True)
class HomeData:
    month: str  # the month counted (the last complete one)
    services: int
    total: int
    limits: Limits
    verdict_label: str
    forecast: str | None
    chart: Chart | None
    mine: list[HomeService]  # this page of the viewer's services
    mine_count: int
    page: int
    pages: int
    missing: list[str]  # names of services without a report for `month` (the first MISSING_SHOWN)
    missing_count: int
    is_admin: bool
    alert_channel: str | None
    default_license: str
    default_policy: str
    reviews: list[dict[str, Any]] = field(default_factory=list)  # blocks of open review requests


def home_data(*, session: Session, client: Any, team_id: str, user_id: str, now: datetime, page: int = 0,
              default_license: str, default_policy: str,
              lang: str = "en") -> tuple[HomeData, PendingChart | None]:
    """Everything the Home tab shows, in a constant number of queries, and the chart still to be finished
    (drawn and uploaded only when its data changed; see finish_chart). Words (the verdict label, the
    forecast, the review requests) are in `lang`, the viewer's language."""
    import rules
    from bot.services.duties import applicable_duties
    from bot.storage.users import is_admin

    month = previous_month(now)
    ws = repo.get_or_create_workspace(session=session, team_id=team_id, now=now, default_license=default_license,
                                      default_policy=default_policy)
    services = repo.list_services(session=session, workspace_id=ws.id)
    total = repo.company_total(session=session, workspace_id=ws.id, month=month, services=services)
    lim = limits(license=ws.default_license, policy=ws.default_policy)
    verdict = rules.check_mau(total.value, license=ws.default_license, policy=ws.default_policy)
    forecast = None
    if services:
        from bot.forecast import forecast_line

        series = repo.company_series(session=session, workspace_id=ws.id, up_to=month)
        forecast = (forecast_line(totals=series, limit=lim.threshold, inclusive=lim.inclusive, lang=lang)
                    if series else None)
    pending = pending_chart(session=session, workspace=ws, up_to=month, lang=lang) if services else None
    done = home_store.done_duties(session=session, workspace_id=ws.id)
    mine_all = [s for s in services if s.owner_id == user_id]
    pages = max(1, -(-len(mine_all) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)

    def row(s: Service) -> HomeService:
        report = total.per_service.get(s.id) if s.id is not None else None
        duties = applicable_duties(s.license)
        open_count = len([d for d in duties if d.id not in done.get(s.id or 0, set())])
        return HomeService(id=s.id or 0, name=s.name, license=s.license, owner_id=s.owner_id,
                           last_month=report.month if report else None, last_value=report.value if report else None,
                           open_duties=open_count)

    missing = [s.name for s in services
               if s.since_month <= month and (s.id not in total.per_service or total.per_service[s.id].month != month)]
    return HomeData(
        month=month, services=len(services), total=total.value, limits=lim,
        verdict_label=verdict.label if lang == "en" else rules_i18n.text(f"label.{verdict.verdict}", lang),
        forecast=forecast, chart=None, mine=[row(s) for s in mine_all[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]],
        mine_count=len(mine_all), page=page, pages=pages, missing=missing[:MISSING_SHOWN],
        missing_count=len(missing),
        is_admin=bool(client is not None and is_admin(session=session, client=client, workspace_id=ws.id,
                                                      user_id=user_id, now=now)),
        alert_channel=ws.alert_channel, default_license=ws.default_license, default_policy=ws.default_policy,
        reviews=home_section(session=session, client=client, team_id=ws.id, user_id=user_id, lang=lang),
    ), pending


def publish_home(*, engine: Engine, settings: Settings, client: Any, team_id: str, user_id: str, now: datetime,
                 page: int = 0, retry_delay: float = 1.0, lang: str | None = None) -> dict[str, Any]:
    """Build and publish one person's Home tab, in their language (`lang`, else their Slack locale);
    returns the view that was published."""
    if lang is None:
        from bot.i18n import lang_of_locale, user_locale

        lang = lang_of_locale(user_locale(engine=engine, team_id=team_id, user_id=user_id, client=client,
                                          now=now))
    from bot.storage.db import session_scope

    with session_scope(engine) as session:
        data, pending = home_data(session=session, client=client, team_id=team_id, user_id=user_id, now=now,
                                  page=page, default_license=settings.default_license,
                                  default_policy=settings.default_policy, lang=lang)
    if pending is not None:
        try:
            data = replace(data, chart=finish_chart(engine=engine, client=client, pending=pending, now=now))
        except Exception:  # Home without its picture beats no Home
            log.exception("home: could not draw or upload the chart for %s", team_id)
    return _publish(client=client, user_id=user_id, data=data, retry_delay=retry_delay, lang=lang)


def _publish(*, client: Any, user_id: str, data: HomeData, retry_delay: float, lang: str = "en") -> dict[str, Any]:
    """views.publish; a chart Slack has not finished processing (invalid_blocks) is tried again once
    after `retry_delay` seconds, then left out rather than leaving the tab unpublished."""
    import time

    from slack_sdk.errors import SlackApiError

    from bot.blocks.home import home_view

    for attempt in range(3 if data.chart is not None else 1):
        view = home_view(home=data, lang=lang)
        try:
            client.views_publish(user_id=user_id, view=view)
            return view
        except SlackApiError as exc:
            if data.chart is None or exc.response.get("error") != "invalid_blocks" or attempt == 2:
                raise
            if attempt == 0:
                time.sleep(retry_delay)
            else:
                log.warning("home: Slack refused the chart %s for %s; publishing without it",
                            data.chart.file_id, user_id)
                data = replace(data, chart=None)
    raise AssertionError("unreachable")


def republish_after_report(*, deps: Deps, team_id: str | None, user_ids: list[str | None], now: datetime,
                           client: Any) -> None:
    """Re-publish the Home tab of the people a saved report concerns (its reporter and the owner).

    Called after the report's transaction committed; a failure is logged and never reaches the reporter,
    whose report is saved either way.
    """
    if client is None or not team_id:
        return
    for user_id in dict.fromkeys(u for u in user_ids if u):
        try:
            publish_home(engine=deps.engine, settings=deps.settings, client=client, team_id=team_id,
                         user_id=user_id, now=now)
        except Exception:  # Home is refreshed again the next time it is opened
            log.exception("home: could not re-publish the Home tab of %s after a report", user_id)
