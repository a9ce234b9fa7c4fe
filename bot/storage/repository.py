"""Every read and write of workspace records. Keyword-only, session first, workspace id on every call.

Nothing here crosses workspaces: a service is found by (workspace id, name) or (workspace id, id),
never by id alone, so a service of workspace A does not exist for a caller speaking for B.
Functions return None for "not found" and raise a narrow ValueError subclass for refused input.
`now` is always passed in (aware UTC); nothing here reads the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.storage import clean
from bot.storage.models import (
    Audit,
    MauReport,
    MauReportRevision,
    Notification,
    ProcessedEvent,
    Service,
    Workspace,
)
from bot.storage.months import month_of, parse_month, previous_month

MAX_NAME = 120


class ReportRefused(ValueError):
    """A report that cannot be recorded; the message says why, naming the input."""


class UnknownService(ReportRefused):
    """No service with that id in this workspace (it may exist in another one: that is not ours)."""


class ServiceRefused(ValueError):
    """A registration or change that cannot be made; the message says why."""


def name_key(name: str) -> str:
    """The matching form of a name (bot.storage.clean.name_key): NFKC, invisible characters removed,
    space- and case-folded, so 'Support Bot', 'support  bot' and 'Sup\u200bport Bot' are one service."""
    return clean.name_key(name)


def clean_name(name: str) -> str:
    """The name as shown: control and invisible characters removed, NFKC, outer quotes and extra spaces dropped."""
    return " ".join(clean.visible(name or "").strip().strip("\"'“”‘’").split())


# -- workspaces -----------------------------------------------------------------------------


def get_workspace(*, session: Session, workspace_id: str) -> Workspace | None:
    return session.get(Workspace, workspace_id)


def get_or_create_workspace(
    *,
    session: Session,
    team_id: str,
    now: datetime,
    name: str | None = None,
    default_license: str = "llama-2",
    default_policy: str = "guide",
) -> Workspace:
    ws = session.get(Workspace, team_id)
    if ws is not None:
        return ws
    ws = Workspace(
        id=team_id, name=name, default_license=default_license, default_policy=default_policy, created_at=now
    )
    # Two first requests from a new workspace may race; the loser reads the winner's row.
    try:
        with session.begin_nested():
            session.add(ws)
    except IntegrityError:
        ws = session.get(Workspace, team_id, populate_existing=True)
        assert ws is not None
    return ws


def set_alert_channel(*, session: Session, workspace_id: str, channel_id: str | None) -> Workspace:
    ws = session.get(Workspace, workspace_id)
    if ws is None:
        raise LookupError(f"no workspace {workspace_id!r}")
    ws.alert_channel = channel_id
    session.add(ws)
    session.flush()
    return ws


# -- services -------------------------------------------------------------------------------


def find_service(*, session: Session, workspace_id: str, name: str) -> Service | None:
    key = name_key(clean_name(name))
    stmt = select(Service).where(Service.workspace_id == workspace_id, Service.name_key == key)
    return session.exec(stmt).first()


def get_service(*, session: Session, workspace_id: str, service_id: int) -> Service | None:
    stmt = select(Service).where(Service.workspace_id == workspace_id, Service.id == service_id)
    return session.exec(stmt).first()


def list_services(*, session: Session, workspace_id: str) -> list[Service]:
    stmt = select(Service).where(Service.workspace_id == workspace_id).order_by(col(Service.name_key))
    return list(session.exec(stmt))


def service_names(*, session: Session, workspace_id: str) -> list[str]:
    stmt = select(Service.name).where(Service.workspace_id == workspace_id).order_by(col(Service.name_key))
    return list(session.exec(stmt))


def validate_service_name(name: str) -> str:
    cleaned = clean_name(name)
    if not cleaned:
        raise ServiceRefused("A service needs a name, for example `register \"Support Bot\" license llama-3.1`.")
    if len(cleaned) > MAX_NAME or len(name_key(cleaned)) > MAX_NAME:  # casefold can lengthen it ("ß" -> "ss")
        raise ServiceRefused(f"{cleaned[:40]!r}… is too long for a service name ({MAX_NAME} characters at most).")
    if re.fullmatch(r"\d[\d\s.,_]*\s*(k|m|b|bn|million|billion|thousand)?", cleaned, re.IGNORECASE):
        raise ServiceRefused(f"{cleaned!r} looks like a number, not a service name; quote a name like \"Support Bot\".")
    return cleaned


def register_service(
    *,
    session: Session,
    workspace_id: str,
    name: str,
    license: str,
    owner_id: str | None,
    user_id: str | None,
    now: datetime,
    since_month: str | None = None,
) -> Service:
    """A new service. ServiceRefused when the name is empty, too long or already taken here."""
    cleaned = validate_service_name(name)
    since = since_month or previous_month(now)
    if since > month_of(now):
        raise ServiceRefused(f"{since!r} is in the future; a service's first month cannot be after this month.")
    existing = find_service(session=session, workspace_id=workspace_id, name=cleaned)
    if existing is not None:
        raise ServiceRefused(f"{existing.name!r} is already registered in this workspace.")
    service = Service(
        workspace_id=workspace_id,
        name=cleaned,
        name_key=name_key(cleaned),
        license=license,
        owner_id=owner_id,
        since_month=since,
        created_by=user_id,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(service)
    except IntegrityError as exc:  # registered by someone else a moment ago
        raise ServiceRefused(f"{cleaned!r} is already registered in this workspace.") from exc
    return service


def update_service(
    *,
    session: Session,
    workspace_id: str,
    service_id: int,
    license: str | None = None,
    owner_id: str | None = None,
    since_month: str | None = None,
) -> Service:
    service = get_service(session=session, workspace_id=workspace_id, service_id=service_id)
    if service is None:
        raise ServiceRefused(f"There is no service {service_id} in this workspace.")
    if license is not None:
        service.license = license
    if owner_id is not None:
        service.owner_id = owner_id
    if since_month is not None:
        service.since_month = since_month
    session.add(service)
    session.flush()
    return service


# -- reports --------------------------------------------------------------------------------


def get_report(*, session: Session, workspace_id: str, service_id: int, month: str,
               for_update: bool = False) -> MauReport | None:
    """The current report; `for_update` locks its row until the transaction ends (PostgreSQL)."""
    stmt = select(MauReport).where(
        MauReport.workspace_id == workspace_id, MauReport.service_id == service_id, MauReport.month == month
    )
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.exec(stmt).first()


def check_report_month(*, service: Service, month: str, now: datetime) -> str:
    """The month, normalised, or ReportRefused saying why it cannot be reported."""
    try:
        month = parse_month(month)
    except ValueError as exc:
        raise ReportRefused(str(exc)) from exc
    current = month_of(now)
    if month > current:
        raise ReportRefused(f"{month} is in the future; report a month that has ended, like {previous_month(now)}.")
    if month == current:
        # The license's test is the preceding calendar month; a month in progress is not a count yet.
        raise ReportRefused(f"{month} is not over yet; report it from the 1st of next month, or report {previous_month(now)}.")
    if month < service.since_month:
        raise ReportRefused(
            f"{month} is before {service.name} existed here (its first month is {service.since_month}); "
            f"report {service.since_month} or later."
        )
    return month


def record_report(
    *,
    session: Session,
    workspace_id: str,
    service_id: int,
    month: str,
    value: int,
    user_id: str,
    now: datetime,
) -> MauReport:
    """Save `value` as the MAU of a service for `month`.

    A second report for the same month replaces the value; every value given stays in
    MauReportRevision with who gave it and when. Raises ReportRefused (UnknownService when the id
    is not a service of this workspace) and writes nothing in that case.
    """
    service = get_service(session=session, workspace_id=workspace_id, service_id=service_id)
    if service is None:
        raise UnknownService(f"There is no service {service_id} in this workspace.")
    month = check_report_month(service=service, month=month, now=now)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ReportRefused(f"{value!r} is not a number of monthly active users; send a whole number like 1.2M.")

    # Concurrent reports for one service and month take turns on the report's row (SQLite's single
    # writer does the same), so revisions get their ids in commit order and the current value is
    # always the last committed one, which is also the last row of the history.
    report = get_report(session=session, workspace_id=workspace_id, service_id=service_id, month=month,
                        for_update=True)
    if report is None:
        report = MauReport(
            workspace_id=workspace_id, service_id=service_id, month=month, value=value,
            reported_by=user_id, reported_at=now,
        )
        try:
            with session.begin_nested():
                session.add(report)
        except IntegrityError:
            # The same month reported concurrently: ours becomes the newer value.
            report = get_report(session=session, workspace_id=workspace_id, service_id=service_id, month=month,
                                for_update=True)
            assert report is not None
    if report.id is not None and (report.value, report.reported_by, report.reported_at) != (value, user_id, now):
        report.value, report.reported_by, report.reported_at = value, user_id, now
        session.add(report)
    session.add(
        MauReportRevision(
            workspace_id=workspace_id, service_id=service_id, month=month, value=value,
            reported_by=user_id, reported_at=now,
        )
    )
    session.flush()
    return report


def report_history(
    *, session: Session, workspace_id: str, service_id: int, month: str | None = None
) -> list[MauReportRevision]:
    """Every value given for a service (one month, or all), oldest first."""
    stmt = select(MauReportRevision).where(
        MauReportRevision.workspace_id == workspace_id, MauReportRevision.service_id == service_id
    )
    if month is not None:
        stmt = stmt.where(MauReportRevision.month == month)
    stmt = stmt.order_by(col(MauReportRevision.month), col(MauReportRevision.id))
    return list(session.exec(stmt))


def latest_reports(*, session: Session, workspace_id: str, up_to: str | None = None) -> dict[int, MauReport]:
    """For each service, its report for the latest month (<= up_to when given). One query."""
    latest = select(MauReport.service_id, func.max(MauReport.month).label("month")).where(
        MauReport.workspace_id == workspace_id
    )
    if up_to is not None:
        latest = latest.where(MauReport.month <= up_to)
    sub = latest.group_by(col(MauReport.service_id)).subquery()
    stmt = select(MauReport).join(
        sub, (MauReport.service_id == sub.c.service_id) & (MauReport.month == sub.c.month)
    ).where(MauReport.workspace_id == workspace_id)
    return {r.service_id: r for r in session.exec(stmt)}


def company_series(*, session: Session, workspace_id: str, up_to: str) -> list[tuple[str, int]]:
    """(month, company total) for every reported month up to `up_to`, oldest first: the same rule as
    `company_total`, each service's latest earlier value counted in months it did not report. One query."""
    stmt = (
        select(MauReport.service_id, MauReport.month, MauReport.value)
        .where(MauReport.workspace_id == workspace_id, MauReport.month <= up_to)
        .order_by(col(MauReport.month))
    )
    current: dict[int, int] = {}
    series: list[tuple[str, int]] = []
    total = 0
    for service_id, month, value in session.exec(stmt):
        total += value - current.get(service_id, 0)  # running total: O(rows), not O(rows x services)
        current[service_id] = value
        if series and series[-1][0] == month:
            series[-1] = (month, total)
        else:
            series.append((month, total))
    return series


@dataclass(frozen=True)
class CompanyTotal:
    """The company's MAU for one month: each service's value for that month or, when it has not
    reported that month yet, its latest earlier value (counted rather than taken as zero)."""

    month: str
    value: int
    per_service: dict[int, MauReport]  # service id -> the report counted
    carried: tuple[int, ...]  # ids of services counted with an earlier month's value
    missing: tuple[int, ...]  # ids of services with no report at all up to the month


def company_total(
    *, session: Session, workspace_id: str, month: str, services: Sequence[Service] | None = None
) -> CompanyTotal:
    """The sum over services for `month` (see CompanyTotal). Two queries, one if `services` is given."""
    if services is None:
        services = list_services(session=session, workspace_id=workspace_id)
    reports = latest_reports(session=session, workspace_id=workspace_id, up_to=month)
    carried = tuple(sid for sid, r in reports.items() if r.month != month)
    missing = tuple(s.id for s in services if s.id is not None and s.id not in reports)
    return CompanyTotal(
        month=month,
        value=sum(r.value for r in reports.values()),
        per_service=reports,
        carried=carried,
        missing=missing,
    )


# -- undelivered messages -------------------------------------------------------------------


@dataclass(frozen=True)
class DeadAlert:
    """A threshold alert the outbox gave up on: which, for what month, when it last failed, and why."""

    level: int
    subject_name: str | None  # None: the company total; else the service's name
    month: str
    failed_at: datetime | None
    error: str | None


def count_dead(*, session: Session, workspace_id: str | None = None, kind: str | None = "alert") -> int:
    """Outbox rows given up on (`dead`): threshold alerts by default, every kind with kind=None."""
    stmt = select(func.count()).select_from(Notification).where(Notification.status == "dead")
    if kind is not None:
        stmt = stmt.where(Notification.kind == kind)
    if workspace_id is not None:
        stmt = stmt.where(Notification.workspace_id == workspace_id)
    return int(session.exec(stmt).one())


def health_counters(*, engine: Any) -> dict[str, int]:
    """What /healthz reports besides the ping: undelivered alerts, so a monitor sees them."""
    with Session(engine) as session:
        return {"dead_alerts": count_dead(session=session)}


def dead_alerts(*, session: Session, workspace_id: str) -> list[DeadAlert]:
    """This workspace's alerts that are dead now (the sweep retries them), oldest month first."""
    stmt = (
        select(Notification.subject, Notification.period, Notification.claimed_at, Notification.last_error)
        .where(Notification.workspace_id == workspace_id, Notification.kind == "alert",
               Notification.status == "dead")
        .order_by(col(Notification.period), col(Notification.id))
    )
    rows = list(session.exec(stmt))
    if not rows:
        return []
    names = dict(session.exec(select(Service.id, Service.name).where(Service.workspace_id == workspace_id)).all())
    found = []
    for subject, period, failed_at, error in rows:
        _, level, target = subject.split(":", 2)  # "level:75:company", "level:50:service:12"
        name = None if target == "company" else names.get(int(target.rsplit(":", 1)[1]), target)
        found.append(DeadAlert(level=int(level), subject_name=name, month=period, failed_at=failed_at, error=error))
    return found


# -- status: one read-only snapshot by Core selects -------------------------------------------


@dataclass(frozen=True)
class WorkspaceRow:
    id: str
    default_license: str
    default_policy: str
    alert_channel: str | None


@dataclass(frozen=True)
class ServiceRow:
    id: int
    name: str
    license: str
    owner_id: str | None


@dataclass(frozen=True)
class ReportRow:
    month: str
    value: int


@dataclass(frozen=True)
class StatusSnapshot:
    """Everything `status` shows for one workspace and month, read in one consistent snapshot.

    `services` in the order of `list_services`; `total` as `company_total(month=month)` computes it (its
    `per_service` values are ReportRow: month and value); `series` as `company_series(up_to=month)`;
    `dead` as `dead_alerts`."""

    workspace: WorkspaceRow
    services: list[ServiceRow]
    total: CompanyTotal
    series: list[tuple[str, int]]
    dead: list[DeadAlert]


def _status_statements() -> tuple[Any, Any, Any]:
    from sqlalchemy import bindparam
    from sqlalchemy import select as core_select

    ws, sv, mr, nt = (Workspace.__table__, Service.__table__, MauReport.__table__,  # type: ignore[attr-defined]
                      Notification.__table__)  # type: ignore[attr-defined]
    team = bindparam("team")
    # The workspace and its services in one statement (no services: one row of NULLs after the workspace).
    services = (
        core_select(ws.c.default_license, ws.c.default_policy, ws.c.alert_channel,
                    sv.c.id, sv.c.name, sv.c.license, sv.c.owner_id)
        .select_from(ws.outerjoin(sv, sv.c.workspace_id == ws.c.id))
        .where(ws.c.id == team)
        .order_by(sv.c.name_key)
    )
    # Every report up to the month, oldest first: the series, and each service's latest (the last seen).
    reports = (
        core_select(mr.c.service_id, mr.c.month, mr.c.value)
        .where(mr.c.workspace_id == team, mr.c.month <= bindparam("up_to"))
        .order_by(mr.c.month)
    )
    dead = (
        core_select(nt.c.subject, nt.c.period, nt.c.claimed_at, nt.c.last_error)
        .where(nt.c.workspace_id == team, nt.c.kind == "alert", nt.c.status == "dead")
        .order_by(nt.c.period, nt.c.id)
    )
    return services, reports, dead


_STATUS_SERVICES, _STATUS_REPORTS, _STATUS_DEAD = _status_statements()


def warm_status_reads(engine: Any, *, workspace_id: str, month: str) -> None:
    """`status_snapshot`'s three selects run once (a worker's warm-up, for a workspace with no row), so each is
    compiled before the first `status`; `status_snapshot` itself stops after the first when there is no row."""
    from bot.storage.db import read_scope

    with read_scope(engine) as conn:
        conn.execute(_STATUS_SERVICES, {"team": workspace_id}).all()
        conn.execute(_STATUS_REPORTS, {"team": workspace_id, "up_to": month}).all()
        conn.execute(_STATUS_DEAD, {"team": workspace_id}).all()


def status_snapshot(*, engine: Any, workspace_id: str, month: str) -> StatusSnapshot | None:
    """What `status` shows for `month`, by three Core selects in one read-only transaction (no ORM
    objects, no write lock on SQLite). None when the workspace has no row yet: the caller creates it
    (`get_or_create_workspace`), which is a write."""
    from bot.storage.db import read_scope

    with read_scope(engine) as conn:
        rows = conn.execute(_STATUS_SERVICES, {"team": workspace_id}).all()
        if not rows:
            return None
        license_, policy, alert_channel = rows[0][0], rows[0][1], rows[0][2]
        services = [ServiceRow(id=r[3], name=r[4], license=r[5], owner_id=r[6]) for r in rows if r[3] is not None]
        reports = conn.execute(_STATUS_REPORTS, {"team": workspace_id, "up_to": month}).all() if services else []
        dead_rows = conn.execute(_STATUS_DEAD, {"team": workspace_id}).all()
    latest: dict[int, ReportRow] = {}
    current: dict[int, int] = {}
    series: list[tuple[str, int]] = []
    running = 0
    for service_id, report_month, value in reports:
        latest[service_id] = ReportRow(month=report_month, value=value)
        running += value - current.get(service_id, 0)  # as company_series: O(rows)
        current[service_id] = value
        if series and series[-1][0] == report_month:
            series[-1] = (report_month, running)
        else:
            series.append((report_month, running))
    total = CompanyTotal(
        month=month,
        value=sum(r.value for r in latest.values()),
        per_service=latest,  # type: ignore[arg-type]  # ReportRow: the month and value status reads
        carried=tuple(sid for sid, r in latest.items() if r.month != month),
        missing=tuple(s.id for s in services if s.id not in latest),
    )
    names = {s.id: s.name for s in services}
    dead = []
    for subject, period, failed_at, error in dead_rows:
        _, level, target = subject.split(":", 2)  # as dead_alerts
        name = None if target == "company" else names.get(int(target.rsplit(":", 1)[1]), target)
        dead.append(DeadAlert(level=int(level), subject_name=name, month=period, failed_at=failed_at, error=error))
    return StatusSnapshot(
        workspace=WorkspaceRow(id=workspace_id, default_license=license_, default_policy=policy,
                               alert_channel=alert_channel),
        services=services, total=total, series=series, dead=dead,
    )


# -- events and audit -----------------------------------------------------------------------


def mark_event_processed(*, session: Session, event_id: str, workspace_id: str | None, now: datetime) -> bool:
    """Claim an Events API delivery. True the first time; False when the event id was seen before."""
    values = {"event_id": event_id, "workspace_id": workspace_id, "received_at": now}
    dialect = session.get_bind().dialect.name
    insert: Any = pg_insert if dialect == "postgresql" else sqlite_insert
    table = ProcessedEvent.__table__
    stmt = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["event_id"])
        # RETURNING rather than rowcount: drivers disagree on rowcount for a skipped insert.
        .returning(table.c.event_id)
    )
    return session.connection().execute(stmt).first() is not None


def prune_processed_events(*, session: Session, before: datetime) -> int:
    """Forget event ids received before `before` (Slack retries within minutes; a day is plenty)."""
    table = ProcessedEvent.__table__
    result = session.connection().execute(table.delete().where(table.c.received_at < before))
    return int(result.rowcount or 0)


def audit_row(*, workspace_id: str, user_id: str | None, action: str, now: datetime, subject: str | None,
              input: str | None, result: str | None, detail: dict[str, Any] | None) -> dict[str, Any]:
    """An audit row's column values, cut to the columns' sizes (the writer's insert, and the warm-up's)."""
    return {
        "workspace_id": workspace_id,
        "user_id": user_id,
        "action": action[:32],
        "subject": subject[:200] if subject else subject,
        "input": input,
        "result": result[:64] if result else result,
        "detail": detail,  # encoded as JSON by audit.insert_rows: in the writer's thread under `serve`
        "created_at": now,
    }


def record_audit(
    *,
    session: Session,
    workspace_id: str,
    user_id: str | None,
    action: str,
    now: datetime,
    subject: str | None = None,
    input: str | None = None,
    result: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """One audit row, by a Core insert (no ORM unit of work). When `serve` runs a writer for this
    engine (bot/storage/audit.py) the row is queued and committed with the next batch; otherwise it
    is inserted in `session`'s transaction."""
    row = audit_row(workspace_id=workspace_id, user_id=user_id, action=action, now=now, subject=subject,
                    input=input, result=result, detail=detail)
    _queue_or_insert(row, session.get_bind(), session.connection)


def record_audit_row(
    *,
    engine: Any,
    workspace_id: str,
    user_id: str | None,
    action: str,
    now: datetime,
    subject: str | None = None,
    input: str | None = None,
    result: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """`record_audit` without a session, for a row that is the only write of its request: queued for
    the engine's writer when `serve` runs one (no connection, no transaction on the request path),
    otherwise inserted and committed in a transaction of its own."""
    row = audit_row(workspace_id=workspace_id, user_id=user_id, action=action, now=now, subject=subject,
                    input=input, result=result, detail=detail)
    _queue_or_insert(row, engine, lambda: engine)


def _queue_or_insert(row: dict[str, Any], engine: Any, target: Any) -> None:
    """Queue `row` for the engine's audit writer when `serve` runs one; else insert it into `target()` (the
    session's connection, in its transaction, or the engine, in a transaction of its own)."""
    from bot.storage import audit

    writer = audit.writer_for(engine)
    if writer is not None:
        writer.put(row)
    else:
        audit.insert_rows(target(), [row])


def audit_rows(
    *, session: Session, workspace_id: str | None = None, since: datetime | None = None, batch: int = 1000
) -> Iterator[Audit]:
    """Audit rows oldest first, streamed in batches (an operator export may span every workspace)."""
    stmt = select(Audit)
    if workspace_id is not None:
        stmt = stmt.where(Audit.workspace_id == workspace_id)
    if since is not None:
        stmt = stmt.where(Audit.created_at >= since)
    stmt = stmt.order_by(col(Audit.created_at), col(Audit.id)).execution_options(yield_per=batch)
    yield from session.exec(stmt)
