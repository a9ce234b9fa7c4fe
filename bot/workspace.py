"""The workspace words: register, report, status, alerts. Each handler is (command, asked, deps) -> Reply.

Everything a handler reads or writes is scoped by the team id of the request, so one workspace never
sees another's services. Bad input is refused politely with an example and nothing is written:
quantities and license ids raise `rules` errors, which `bot.answers.answer` turns into refusals;
months, names and permissions are refused here.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

import rules
from bot.blocks.status import StatusRow, status_blocks, status_text
from bot.blocks.verdict import as_dicts, escape, message_blocks
from bot.grammar import EXAMPLES, ChannelRef, Command, UserRef
from bot.i18n import t
from bot.reply import Asked, Deps, Reply
from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.models import Service, Workspace
from bot.storage.months import MonthError, add_months, months_between, parse_month, previous_month
from bot.storage.users import is_admin, resolve_channel_name, resolve_user_name
from rules import i18n as rules_i18n

log = logging.getLogger(__name__)

SLASH = "/llama-check"


def refuse(text: str) -> Reply:
    return Reply(text=text, blocks=as_dicts(message_blocks(text)), ok=False)


def done(text: str) -> Reply:
    return Reply(text=text, blocks=as_dicts(message_blocks(text)))


def engine_of(deps: Deps) -> Engine:
    engine = deps.get("engine")
    if engine is None:
        raise RuntimeError("no database engine in deps (create_app builds one from DATABASE_URL)")
    return engine


def workspace_of(session: Session, asked: Asked, deps: Deps) -> Workspace:
    settings = deps.get("settings")
    if not asked.team_id:  # never a shared fallback record: two tenants would meet in it
        raise LookupError("this request names no workspace or Enterprise Grid org")
    return repo.get_or_create_workspace(
        session=session,
        team_id=asked.team_id,
        now=asked.now,
        default_license=getattr(settings, "default_license", None) or "llama-2",
        default_policy=getattr(settings, "default_policy", None) or "guide",
    )


def fmt(value: int) -> str:
    return f"{value:,}"


def _count(value: int, lang: str) -> str:
    """MAU as the reader writes it: "6,200,000" / "620만 명"."""
    return fmt(value) if lang == "en" else rules_i18n.count(value, lang)


def _month(month: str, lang: str) -> str:
    """"2026-10" in English answers as before; "2026년 10월" in Korean ones."""
    return month if lang == "en" else rules_i18n.month(month, lang)


def quoted(name: str) -> str:
    """A service name as typed in a command, escaped for Slack (it is user text)."""
    return escape(f'"{name}"' if " " in name else name)


def did_you_mean(*, session: Session, workspace_id: str, name: str, lang: str = "en") -> Reply:
    """'No service X here' with the closest registered names, or how to register it."""
    names = repo.service_names(session=session, workspace_id=workspace_id)
    by_key = {repo.name_key(n): n for n in names}
    key = repo.name_key(repo.clean_name(name))
    close = [by_key[k] for k in difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)]
    close += [n for k, n in by_key.items() if (key in k or k in key) and n not in close][: 3 - len(close)]
    text = t("services.unknown_service", lang, name=escape(repr(repo.clean_name(name))))
    if close:
        text += t("services.did_you_mean", lang, names=t("services.or", lang).join(f"*{escape(n)}*" for n in close))
    else:
        text += t("services.register_first", lang, slash=SLASH, service=quoted(repo.clean_name(name)))
    return refuse(text)


def may_change(*, session: Session, asked: Asked, service: Service) -> bool:
    """Only the service's owner or a workspace admin (users.info, cached) may report for or change it."""
    if asked.user_id and asked.user_id == service.owner_id:
        return True
    if not asked.user_id or asked.client is None:
        return False
    return is_admin(session=session, client=asked.client, workspace_id=service.workspace_id,
                    user_id=asked.user_id, now=asked.now)


def not_yours(service: Service, doing: str, lang: str = "en") -> Reply:
    owner = f"<@{service.owner_id}>" if service.owner_id else t("services.its_owner", lang)
    key = "services.not_yours_change" if doing == "change" else "services.not_yours_report"
    return refuse(t(key, lang, owner=owner, service=escape(service.name)))


# -- register ---------------------------------------------------------------------------------


def _owner_id(ref: UserRef | None, asked: Asked) -> str | None | Reply:
    """The owner's user id (None when not given): escaped mentions carry it; a plain @name is looked up."""
    if ref is None:
        return None
    if ref.id:
        return ref.id
    found = resolve_user_name(client=asked.client, name=ref.name or "") if asked.client is not None else None
    if found is None:
        return refuse(
            f"I couldn't find a person called @{escape(ref.name or '')} in this workspace. Mention them "
            f"so Slack links the name, for example `{SLASH} {EXAMPLES['register']}`."
        )
    return found


def register_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    args = command.args
    if not args.get("service"):
        from bot.listeners.register import open_register_modal

        return open_register_modal(asked=asked, deps=deps)
    # Everything that can be refused is read before anything is written.
    license_id = rules.resolve_license(args["license"]) if args.get("license") else None
    if args.get("model"):
        from_model = _license_from_model(args["model"], license_id)
        if isinstance(from_model, Reply):
            return from_model
        license_id = from_model
    since = None
    if args.get("since"):
        try:
            since = parse_month(args["since"])
        except MonthError as exc:
            return refuse(f"{exc} For example: `{SLASH} register {quoted(args['service'])} since 2026-01`")
    mau = rules.parse_mau(args["mau"]) if args.get("mau") else None
    owner = _owner_id(args.get("owner"), asked)
    if isinstance(owner, Reply):
        return owner
    try:
        name = repo.validate_service_name(args["service"])
    except repo.ServiceRefused as exc:
        return refuse(f"{escape(exc)} For example: `{SLASH} {EXAMPLES['register']}`")

    with session_scope(engine_of(deps)) as session:
        ws = workspace_of(session, asked, deps)
        return save_registration(session=session, ws=ws, asked=asked, name=name, license_id=license_id,
                                 owner_id=owner, mau=mau, since_month=since)


# Hugging Face organisations whose model ids are Meta's own releases.
META_ORGS = frozenset({"meta-llama", "facebook"})


def _license_from_model(model: str, license_id: str | None) -> str | Reply:
    """The license version of a Hugging Face model id (rules.card reads the version from it).

    A Meta id sets it; a derivative whose name suggests a version, or an unknown id, is asked about
    rather than guessed, unless `license` was given too.
    """
    from rules.card import version_from_model_id

    version = version_from_model_id(model)
    org = model.split("/", 1)[0].lower() if "/" in model else ""
    if version is not None and org in META_ORGS:
        if license_id is not None and license_id != version:
            return refuse(f"{escape(model)} is a {version} model, but you said `license {license_id}`; send one "
                          f"of them, for example `{SLASH} register NAME model {escape(model)}`.")
        return version
    if license_id is not None:
        return license_id
    if version is not None:
        return refuse(f"{escape(model)} is not one of Meta's own ids, though its name suggests {version}. Say which "
                      f"license its base model carries, for example `{SLASH} register NAME model {escape(model)} "
                      f"license {version}`.")
    return refuse(f"I can't tell the Llama version of {escape(model)}. Say it with `license`, for example "
                  f"`{SLASH} register NAME model {escape(model)} license llama-3.1`.")


def save_registration(
    *, session: Session, ws: Workspace, asked: Asked, name: str, license_id: str | None,
    owner_id: str | None, mau: int | None, since_month: str | None = None,
) -> Reply:
    """Register a new service or, for its owner or an admin, change an existing one. Shared with the modal."""
    month = previous_month(asked.now)
    existing = repo.find_service(session=session, workspace_id=ws.id, name=name)
    if existing is not None:
        if not may_change(session=session, asked=asked, service=existing):
            return not_yours(existing, "change", asked.lang or "en")
        earlier_since = since_month if since_month and since_month < existing.since_month else None
        changed = (license_id not in (None, existing.license) or owner_id not in (None, existing.owner_id)
                   or earlier_since is not None)
        if not changed and mau is None:
            return refuse(
                f"*{escape(existing.name)}* is already registered ({existing.license}, owner "
                f"<@{existing.owner_id}>). To record its users, send `{SLASH} report {quoted(existing.name)} QTY`."
            )
        service = repo.update_service(
            session=session, workspace_id=ws.id, service_id=existing.id, license=license_id,
            owner_id=owner_id, since_month=earlier_since,
        )
        verb = "updated"
    else:
        try:
            service = repo.register_service(
                session=session, workspace_id=ws.id, name=name, license=license_id or ws.default_license,
                owner_id=owner_id or asked.user_id, user_id=asked.user_id, now=asked.now,
                since_month=since_month,
            )
        except repo.ServiceRefused as exc:
            return refuse(f"{escape(exc)} For example: `{SLASH} {EXAMPLES['register']}`")
        verb = "registered"
    lang = asked.lang or "en"
    text = (t(f"confirm.{verb}", lang, service=escape(service.name), license=service.license, owner=service.owner_id)
            if service.owner_id else t(f"confirm.{verb}_no_owner", lang, service=escape(service.name),
                                       license=service.license))
    if mau is not None:
        try:
            repo.record_report(session=session, workspace_id=ws.id, service_id=service.id, month=month,
                               value=mau, user_id=asked.user_id or "-", now=asked.now)
        except repo.ReportRefused as exc:  # a since month after last month: register, but say why
            text += t("confirm.mau_not_recorded", lang, reason=escape(exc))
        else:
            text += t("confirm.mau_recorded", lang, value=_count(mau, lang), month=_month(month, lang))
            _after_report(session=session, service=service, month=month, asked=asked)
    else:
        text += t("confirm.report_monthly", lang, slash=SLASH, service=quoted(service.name))
    return done(text)


# -- report -----------------------------------------------------------------------------------


def _after_report(*, session: Session, service: Service, month: str, asked: Asked) -> None:
    """Called in the same transaction after a report is saved: the threshold sweep, through the
    same path as the clock's, so an alert for this month is decided once (and queued in the outbox)."""
    from bot.jobs.sweep import sweep_workspace
    from bot.services.home import alert_chart_hook

    charts = alert_chart_hook(asked.client) if asked.client is not None else None
    sweep_workspace(session=session, workspace_id=service.workspace_id, now=asked.now, charts=charts)


MAX_RANGE = 120  # months in one backfill


def report_range_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    """`report SERVICE YYYY-MM..YYYY-MM Q1,Q2,...`: every month of the range, all or nothing."""
    args = command.args
    example = f"For example: `{SLASH} {EXAMPLES['backfill']}`"
    try:
        first, last = parse_month(args["range"][0]), parse_month(args["range"][1])
    except MonthError as exc:
        return refuse(f"Nothing was saved: {exc} {example}")
    count = months_between(first, last) + 1
    if count < 1 or count > MAX_RANGE:
        return refuse(f"Nothing was saved: {first}..{last} is not a range of 1 to {MAX_RANGE} months, oldest "
                      f"first. {example}")
    if len(args["qtys"]) != count:
        return refuse(f"Nothing was saved: {first}..{last} is {count} month{'s' if count != 1 else ''}, but "
                      f"{len(args['qtys'])} quantit{'y was' if len(args['qtys']) == 1 else 'ies were'} given; send "
                      f"one per month. {example}")
    values = [rules.parse_mau(q) for q in args["qtys"]]  # QuantityError -> a polite refusal in answer()
    months = [add_months(first, i) for i in range(count)]
    with session_scope(engine_of(deps)) as session:
        ws = workspace_of(session, asked, deps)
        service = repo.find_service(session=session, workspace_id=ws.id, name=args["service"])
        if service is None:
            return did_you_mean(session=session, workspace_id=ws.id, name=args["service"])
        if not may_change(session=session, asked=asked, service=service):
            return not_yours(service, "report for")
        try:
            for month in months:  # every month is checked before any is written
                repo.check_report_month(service=service, month=month, now=asked.now)
            with session.begin_nested():
                for month, value in zip(months, values, strict=True):
                    repo.record_report(session=session, workspace_id=ws.id, service_id=service.id, month=month,
                                       value=value, user_id=asked.user_id or "-", now=asked.now)
        except repo.ReportRefused as exc:
            return refuse(f"Nothing was saved: {exc} {example}")
        _after_report(session=session, service=service, month=last, asked=asked)
        shown = ", ".join(f"{m}: {fmt(v)}" for m, v in zip(months, values, strict=True))
        return done(f"Saved {count} month{'s' if count != 1 else ''} for *{escape(service.name)}*: {shown}.")


def report_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    args = command.args
    if args.get("range"):
        return report_range_reply(command, asked, deps)
    value = rules.parse_mau(args["qty"])  # QuantityError -> a polite refusal in answer()
    with session_scope(engine_of(deps)) as session:
        ws = workspace_of(session, asked, deps)
        service = repo.find_service(session=session, workspace_id=ws.id, name=args["service"])
        if service is None:
            return did_you_mean(session=session, workspace_id=ws.id, name=args["service"], lang=asked.lang or "en")
        if not may_change(session=session, asked=asked, service=service):
            return not_yours(service, "report for", asked.lang or "en")
        month = args.get("month") or previous_month(asked.now)
        previous = repo.get_report(session=session, workspace_id=ws.id, service_id=service.id, month=month)
        # Copied now: record_report updates that same row object in place.
        before = (previous.value, previous.reported_by, previous.reported_at) if previous else None
        try:
            repo.record_report(session=session, workspace_id=ws.id, service_id=service.id, month=month,
                               value=value, user_id=asked.user_id or "-", now=asked.now)
        except repo.ReportRefused as exc:
            return refuse(f"Nothing was saved: {escape(exc)} For example: `{SLASH} {EXAMPLES['report']}`")
        _after_report(session=session, service=service, month=month, asked=asked)
        lang = asked.lang or "en"
        text = t("confirm.saved", lang, service=escape(service.name), value=_count(value, lang),
                 month=_month(month, lang))
        if before is not None and before[0] != value:
            text += t("confirm.replaces", lang, value=_count(before[0], lang), user=before[1],
                      date=rules_i18n.date(f"{before[2]:%Y-%m-%d}", lang))
        total = repo.company_total(session=session, workspace_id=ws.id, month=month)
        verdict = rules.check_mau(total.value, license=ws.default_license, policy=ws.default_policy)
        text += t("confirm.company_total", lang, month=_month(month, lang), total=_count(total.value, lang),
                  label=verdict.label if lang == "en" else rules_i18n.text(f"label.{verdict.verdict}", lang))
        return Reply(text=text, blocks=as_dicts(message_blocks(text)))


# -- status -----------------------------------------------------------------------------------

# Jobs fills this in from bot/forecast.py: (monthly totals oldest first, now) -> one line, or None.
ForecastLine = Callable[[list[tuple[str, int]], datetime, rules.Limits], str | None]


def _forecast_line(series: list[tuple[str, int]], now: datetime, limits: rules.Limits,
                   lang: str = "en") -> str | None:
    from bot.forecast import forecast_line

    up_to = previous_month(now)  # months after `now`'s last complete month are not data yet
    return forecast_line(totals=[(m, v) for m, v in series if m <= up_to], limit=limits.limit,
                         inclusive=limits.inclusive, lang=lang)


def status_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    """A constant number of queries whatever the number of services (bench/status_bench.py)."""
    month = previous_month(asked.now)
    engine = engine_of(deps)
    snapshot = repo.status_snapshot(engine=engine, workspace_id=asked.team_id, month=month) if asked.team_id else None
    if snapshot is None:  # the workspace's first request: create its row (a write), then read
        with session_scope(engine) as session:
            workspace_of(session, asked, deps)
        snapshot = repo.status_snapshot(engine=engine, workspace_id=asked.team_id or "", month=month)
        assert snapshot is not None
    ws, services, total, series, dead = (snapshot.workspace, snapshot.services, snapshot.total, snapshot.series,
                                         snapshot.dead)
    rows = [
        StatusRow(name=s.name, license=s.license, owner_id=s.owner_id,
                  month=total.per_service[s.id].month if s.id in total.per_service else None,
                  value=total.per_service[s.id].value if s.id in total.per_service else None)
        for s in services
    ]
    verdict = rules.check_mau(total.value, license=ws.default_license, policy=ws.default_policy)
    limits = rules.limits(ws.default_license, ws.default_policy)
    lang = asked.lang or "en"
    forecast: ForecastLine | None = deps.get("forecast_line")
    if forecast is None:  # the built-in forecast speaks the asker's language
        line = _forecast_line(series, asked.now, limits, lang) if series else None
    else:
        line = forecast(series, asked.now, limits) if series else None
    label = verdict.label if lang == "en" else rules_i18n.text(f"label.{verdict.verdict}", lang)
    kw: dict[str, Any] = {"rows": rows, "month": month, "total": total.value, "carried": len(total.carried),
                          "verdict_label": label, "forecast": line, "alert_channel": ws.alert_channel,
                          "limits": limits, "dead_alerts": dead, "lang": lang}
    text, blocks = status_text(**kw), as_dicts(status_blocks(**kw))
    if command.args.get("chart"):
        text, blocks = _with_chart(text, blocks, asked=asked, deps=deps, month=month)
    return Reply(text=text, blocks=blocks, verdict=verdict)


def _with_chart(text: str, blocks: list[dict[str, Any]], *, asked: Asked, deps: Deps, month: str
                ) -> tuple[str, list[dict[str, Any]]]:
    """`status chart`: the uploaded MAU chart after the summary (uploaded only when the data changed)."""
    from bot.blocks.home import chart_block
    from bot.services.home import finish_chart, pending_chart

    try:
        with session_scope(engine_of(deps)) as session:
            pending = pending_chart(session=session, workspace=workspace_of(session, asked, deps), up_to=month)
        chart = pending and finish_chart(engine=engine_of(deps), client=asked.client, pending=pending, now=asked.now)
    except Exception:  # Slack refused the upload, or drawing failed: the figures still answer
        log.exception("status chart: could not draw or upload the chart for %s", asked.team_id)
        note = "The chart could not be drawn or uploaded just now; the figures above are complete. Try again later."
        return f"{text} {note}", [*blocks[:2], *as_dicts(message_blocks(note)), *blocks[2:]][:50]
    if chart is None:
        return text + " No monthly figures to draw yet.", blocks
    if chart.fresh:
        # Slack processes an upload for about a second before a block may reference it (invalid_blocks
        # otherwise); the command was acked long ago, so the wait costs the asker nothing visible.
        import time

        time.sleep(deps.get("fresh_upload_wait", 1.0))
    image = chart_block(file_id=chart.file_id, alt=chart.alt_text).to_dict()
    at = min(len(blocks), 2)
    # chart.alt_text already escapes the service names it shows (bot.charts.alt_text)
    return f"{text}\n{chart.alt_text}", [*blocks[:at], image, *blocks[at:]][:50]


# -- alerts -----------------------------------------------------------------------------------


def _channel_id(ref: ChannelRef, asked: Asked) -> str | None:
    if ref.id:
        return ref.id
    if asked.client is None or not ref.name:
        return None
    return resolve_channel_name(client=asked.client, name=ref.name)


def _is_channel_creator(asked: Asked, channel_id: str) -> bool:
    try:
        info = asked.client.conversations_info(channel=channel_id)
    except Exception:  # unknown channel or Slack down: not proven to be the creator
        log.info("conversations.info failed for %s", channel_id, exc_info=True)
        return False
    return (info.get("channel") or {}).get("creator") == asked.user_id


def alerts_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    ref: ChannelRef = command.args["channel"]
    channel_id = _channel_id(ref, asked)
    if channel_id is None:
        return refuse(t("services.alerts_no_channel", asked.lang or "en", channel=escape(ref.name or ""), slash=SLASH,
                        example=EXAMPLES["alerts"]))
    with session_scope(engine_of(deps)) as session:
        ws = workspace_of(session, asked, deps)
        allowed = bool(asked.user_id) and asked.client is not None and (
            is_admin(session=session, client=asked.client, workspace_id=ws.id, user_id=asked.user_id,
                     now=asked.now)
            or _is_channel_creator(asked, channel_id)
        )
        if not allowed:
            return refuse(t("services.alerts_not_allowed", asked.lang or "en"))
        repo.set_alert_channel(session=session, workspace_id=ws.id, channel_id=channel_id)
    return done(t("services.alerts_set", asked.lang or "en", channel=channel_id))


def duties_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    from bot.listeners.duties import duties_message

    return duties_message(command.args["service"], asked=asked, deps=deps)


def _then_home(handler: Callable[[Command, Asked, Deps], Reply]) -> Callable[[Command, Asked, Deps], Reply]:
    """After a saved report (or a registration with one), re-publish the Home tab of whoever it concerns."""

    def run(command: Command, asked: Asked, deps: Deps) -> Reply:
        reply = handler(command, asked, deps)
        if reply.ok and not reply.silent and (command.word == "report" or command.args.get("mau")):
            from bot.services.home import republish_after_report

            republish_after_report(deps=deps, team_id=asked.team_id, user_ids=[asked.user_id], now=asked.now,
                                   client=asked.client)
        return reply

    return run


# The entries of bot.answers.HANDLERS that storage provides.
HANDLERS = {"register": _then_home(register_reply), "report": _then_home(report_reply), "status": status_reply,
            "alerts": alerts_reply, "duties": duties_reply}


def audit(*, deps: Deps, asked: Asked, action: str, subject: str | None, reply: Reply) -> None:
    """One Audit row: who asked what, where, and the verdict or ok/refused. Never breaks the answer."""
    engine = deps.get("engine")
    if engine is None:
        return
    result = reply.verdict.verdict if reply.verdict is not None else ("ok" if reply.ok else "refused")
    detail: dict[str, Any] = {"surface": asked.surface, "channel": asked.channel_id, "reply": reply.text[:2000]}
    if reply.verdict is not None:
        detail["verdict"] = reply.verdict.to_dict()
    try:
        repo.record_audit_row(engine=engine, workspace_id=asked.team_id or "T0LOCAL", user_id=asked.user_id,
                              action=action, now=asked.now, subject=subject, input=asked.text,
                              result=result, detail=detail)
    except Exception:  # the answer matters more than its audit row; the failure is logged with traceback
        log.exception("could not record the audit row for %r", asked.text)


def audit_reply(*, deps: Deps, asked: Asked, command: Command, reply: Reply) -> None:
    """The audit row of an answered command (called by bot.answers.answer)."""
    subject = command.args.get("service") or command.args.get("name")
    audit(deps=deps, asked=asked, action=command.word, subject=str(subject) if subject else None, reply=reply)


def audit_submission(*, deps: Deps, asked: Asked, subject: str | None, reply: Reply) -> None:
    """The audit row of a form submitted in a modal (register)."""
    audit(deps=deps, asked=asked, action="register", subject=subject, reply=reply)


def event_claimer(engine: Engine, fallback: Callable[..., bool] | None = None) -> Callable[..., bool]:
    """`claim_event` for create_app: a ProcessedEvent row per event id, shared by every web process.

    If the database cannot be written (down, or not migrated yet), `fallback` (this process's
    memory) decides, so a database problem never stops the bot from answering.
    """

    def claim(event_id: str, team_id: str | None = None) -> bool:
        try:
            with session_scope(engine) as session:
                return repo.mark_event_processed(session=session, event_id=event_id, workspace_id=team_id,
                                                 now=datetime.now(UTC))
        except Exception:
            log.exception("could not record event %s in the database", event_id)
            return fallback(event_id, team_id) if fallback is not None else True

    return claim
