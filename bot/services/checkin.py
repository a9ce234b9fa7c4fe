"""Check-in answers: a report from the check-in DM's buttons, its report form, or the App Home's.

The report is saved by storage's `record_report` (the permission rule of `report`: the owner or a
workspace admin), the threshold sweep runs in the same transaction (as after a typed `report`), and
the reporter's Home tab is published again once it is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.blocks.checkin import recorded_message
from bot.escape import slack_escape as escape
from bot.i18n import t, translated
from bot.reply import Asked, Deps, Reply
from bot.services.workspace import after_report, may_change, not_yours, refuse
from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.models import MauReport


def previous_value(session: Any, service_id: int, month: str) -> tuple[str, int] | None:
    """The latest report before `month`: (month, value), or None."""
    row = session.execute(
        select(MauReport.month, MauReport.value)
        .where(MauReport.service_id == service_id, MauReport.month < month)
        .order_by(MauReport.month.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class ReportForm:
    """What the report form shows: the service and its last value before the month."""

    service_id: int
    service_name: str
    last_value: int | None


def report_form(*, deps: Deps, team_id: str | None, service_id: int, month: str) -> ReportForm | None:
    """The report form's contents for a service of `team_id` (None: no such service there any more)."""
    with session_scope(deps.engine) as session:
        service = repo.get_service(session=session, workspace_id=team_id or "", service_id=service_id)
        if service is None:
            return None
        last = previous_value(session, service_id, month)
        return ReportForm(service_id=service.id or service_id, service_name=service.name,
                          last_value=last[1] if last else None)


def save_checkin_report(*, deps: Deps, asked: Asked, service_id: int, month: str,
                        value: int | None) -> tuple[Reply, str | None]:
    """Save `value` (None: the last value, "no change") for the month. (reply, service name).
    Once saved, the reporter's Home tab is published again."""
    from bot.services.home import republish_after_report

    reply, name = _save(deps=deps, asked=asked, service_id=service_id, month=month, value=value)
    if reply.ok:
        republish_after_report(deps=deps, team_id=asked.team_id, user_ids=[asked.user_id], now=asked.now,
                               client=asked.client)
    return reply, name


def _save(*, deps: Deps, asked: Asked, service_id: int, month: str, value: int | None) -> tuple[Reply, str | None]:
    lang = asked.lang or "en"
    with session_scope(deps.engine) as session:
        service = repo.get_service(session=session, workspace_id=asked.team_id or "", service_id=service_id)
        if service is None:
            return refuse(t("report.gone", lang)), None
        if not may_change(session=session, asked=asked, service=service):
            return not_yours(service, "report for", lang), service.name
        if value is None:
            last = previous_value(session, service_id, month)
            if last is None:
                return refuse(t("report.nothing_to_keep", lang, service=escape(service.name))), service.name
            value = last[1]
        try:
            repo.record_report(session=session, workspace_id=service.workspace_id, service_id=service_id,
                               month=month, value=value, user_id=asked.user_id or "-", now=asked.now)
        except repo.ReportRefused as exc:
            return refuse(t("report.nothing_saved", lang,
                             problem=translated(escape(exc), "storage", lang))), service.name
        after_report(session=session, service=service, month=month, asked=asked)
        text, blocks = recorded_message(service_name=service.name, month=month, value=value,
                                        user_id=asked.user_id or "-", lang=asked.lang or "en")
        return Reply(text=text, blocks=blocks), service.name
