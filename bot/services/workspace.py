"""The workspace words: register, report, status, alerts, duties. Each handler is (command, asked, deps) -> Reply.

Everything a handler reads or writes is scoped by the team id of the request, so one workspace never
sees another's services. Bad input is refused politely with an example and nothing is written:
quantities and license ids raise `rules` errors, which `bot.answers.answer` turns into refusals;
months, names and permissions are refused here.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

import rules
from bot.blocks.duties import duties_blocks, duties_text
from bot.blocks.status import StatusRow, status_blocks, status_text
from bot.blocks.verdict import as_dicts, escape, message_blocks
from bot.grammar import EXAMPLES, ChannelRef, Command, UserRef
from bot.i18n import rules_problem, t, translated
from bot.reply import Asked, Deps, Reply
from bot.services.duties import DutyRefused, DutyState, checklist, tick
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


def workspace_of(session: Session, asked: Asked, deps: Deps) -> Workspace:
    if not asked.team_id:  # never a shared fallback record: two tenants would meet in it
        raise LookupError("this request names no workspace or Enterprise Grid org")
    return repo.get_or_create_workspace(
        session=session,
        team_id=asked.team_id,
        now=asked.now,
        default_license=deps.settings.default_license,
        default_policy=deps.settings.default_policy,
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


def find_service(*, session: Session, workspace_id: str, name: str) -> Service | None:
    """The service called `name` here; None too for a name longer than any service name can be."""
    if len(repo.name_key(repo.clean_name(name))) > repo.MAX_NAME:
        return None
    return repo.find_service(session=session, workspace_id=workspace_id, name=name)


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
        return refuse(t("services.no_person", asked.lang or "en", name=escape(ref.name or ""), slash=SLASH,
                        example=EXAMPLES["register"]))
    return found


def register_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    """`register SERVICE ...` typed in full (the form alone is the register listener's)."""
    args = command.args
    # Everything that can be refused is read before anything is written.
    license_id = rules.resolve_license(args["license"]) if args.get("license") else None
    if args.get("model"):
        from_model = _license_from_model(args["model"], license_id, asked.lang or "en")
        if isinstance(from_model, Reply):
            return from_model
        license_id = from_model
    since = None
    if args.get("since"):
        try:
            since = parse_month(args["since"])
        except MonthError as exc:
            return refuse(t("services.since_example", asked.lang or "en",
                            problem=translated(str(exc), "storage", asked.lang or "en"), slash=SLASH,
                            service=quoted(args["service"])))
    mau = rules.parse_mau(args["mau"]) if args.get("mau") else None
    owner = _owner_id(args.get("owner"), asked)
    if isinstance(owner, Reply):
        return owner
    try:
        name = repo.validate_service_name(args["service"])
    except repo.ServiceRefused as exc:
        return refuse(t("services.for_example", asked.lang or "en",
                        problem=translated(escape(exc), "storage", asked.lang or "en"), slash=SLASH,
                        example=EXAMPLES["register"]))

    with session_scope(deps.engine) as session:
        ws = workspace_of(session, asked, deps)
        return save_registration(session=session, ws=ws, asked=asked, name=name, license_id=license_id,
                                 owner_id=owner, mau=mau, since_month=since)


# Hugging Face organisations whose model ids are Meta's own releases.
META_ORGS = frozenset({"meta-llama", "facebook"})


def _license_from_model(model: str, license_id: str | None, lang: str = "en") -> str | Reply:
    """The license version of a Hugging Face model id (rules.card reads the version from it).

    A Meta id sets it; a derivative whose name suggests a version, or an unknown id, is asked about
    rather than guessed, unless `license` was given too.
    """
    from rules.card import version_from_model_id

    version = version_from_model_id(model)
    org = model.split("/", 1)[0].lower() if "/" in model else ""
    if version is not None and org in META_ORGS:
        if license_id is not None and license_id != version:
            return refuse(t("services.model_mismatch", lang, model=escape(model), version=version, license=license_id,
                            slash=SLASH))
        return version
    if license_id is not None:
        return license_id
    if version is not None:
        return refuse(t("services.model_derivative", lang, model=escape(model), version=version, slash=SLASH))
    return refuse(t("services.model_unknown", lang, model=escape(model), slash=SLASH))


def check_registration_form(fields: dict[str, str | None], lang: str = "en") -> tuple[dict[str, Any], dict[str, str]]:
    """The register form's raw fields (service, license, owner, mau, since) parsed: (values, errors keyed by
    field, in `lang`). Nothing is written; `register_form` saves what passes."""
    values: dict[str, Any] = {"owner": fields.get("owner")}
    errors: dict[str, str] = {}
    try:
        values["name"] = repo.validate_service_name(fields.get("service") or "")
    except repo.ServiceRefused as exc:
        errors["service"] = translated(str(exc), "storage", lang)
    try:
        values["license"] = rules.resolve_license(fields.get("license") or "")
    except rules.RulesError as exc:
        errors["license"] = rules_problem(exc, lang)
    mau = fields.get("mau")
    try:
        values["mau"] = rules.parse_mau(mau) if mau else None
    except rules.RulesError as exc:
        errors["mau"] = t("register.mau_example", lang, problem=rules_problem(exc, lang))
    since = fields.get("since")
    try:
        values["since"] = parse_month(since) if since else None
    except MonthError as exc:
        errors["since"] = translated(str(exc), "storage", lang)
    return values, errors


def register_form(*, deps: Deps, asked: Asked, name: str, license_id: str | None, owner_id: str | None,
                  mau: int | None, since_month: str | None) -> Reply:
    """The registration form's values (already validated by the form), saved as the typed command saves them."""
    with session_scope(deps.engine) as session:
        ws = workspace_of(session, asked, deps)
        return save_registration(session=session, ws=ws, asked=asked, name=name, license_id=license_id,
                                 owner_id=owner_id, mau=mau, since_month=since_month)


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
            return refuse(t("services.already_registered", asked.lang or "en", service=escape(existing.name),
                            license=existing.license, owner=existing.owner_id, slash=SLASH,
                            quoted=quoted(existing.name)))
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
            return refuse(t("services.for_example", asked.lang or "en",
                            problem=translated(escape(exc), "storage", asked.lang or "en"), slash=SLASH,
                            example=EXAMPLES["register"]))
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
            after_report(session=session, service=service, month=month, asked=asked)
    else:
        text += t("confirm.report_monthly", lang, slash=SLASH, service=quoted(service.name))
    return done(text)


# -- report -----------------------------------------------------------------------------------


def after_report(*, session: Session, service: Service, month: str, asked: Asked) -> None:
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
    lang = asked.lang or "en"
    example = t("services.range_example", lang, slash=SLASH, example=EXAMPLES["backfill"])
    try:
        first, last = parse_month(args["range"][0]), parse_month(args["range"][1])
    except MonthError as exc:
        return refuse(t("services.nothing_saved", lang, problem=translated(str(exc), "storage", lang), example=example))
    count = months_between(first, last) + 1
    if count < 1 or count > MAX_RANGE:
        return refuse(t("services.range_bad", lang, first=first, last=last, max=MAX_RANGE, example=example))
    if len(args["qtys"]) != count:
        given = len(args["qtys"])
        return refuse(t("services.range_mismatch", lang, first=first, last=last, example=example,
                        months=t("services.range_months_one" if count == 1 else "services.range_months_many", lang,
                                 n=count),
                        qtys=t("services.range_qtys_one" if given == 1 else "services.range_qtys_many", lang,
                               n=given)))
    values = [rules.parse_mau(q) for q in args["qtys"]]  # QuantityError -> a polite refusal in answer()
    months = [add_months(first, i) for i in range(count)]
    with session_scope(deps.engine) as session:
        ws = workspace_of(session, asked, deps)
        service = find_service(session=session, workspace_id=ws.id, name=args["service"])
        if service is None:
            return did_you_mean(session=session, workspace_id=ws.id, name=args["service"], lang=lang)
        if not may_change(session=session, asked=asked, service=service):
            return not_yours(service, "report for", lang)
        try:
            for month in months:  # every month is checked before any is written
                repo.check_report_month(service=service, month=month, now=asked.now)
            with session.begin_nested():
                for month, value in zip(months, values, strict=True):
                    repo.record_report(session=session, workspace_id=ws.id, service_id=service.id, month=month,
                                       value=value, user_id=asked.user_id or "-", now=asked.now)
        except repo.ReportRefused as exc:
            return refuse(t("services.nothing_saved", lang, problem=translated(str(exc), "storage", lang),
                            example=example))
        after_report(session=session, service=service, month=last, asked=asked)
        shown = ", ".join(t("services.saved_range_item", lang, month=_month(m, lang), value=_count(v, lang))
                          for m, v in zip(months, values, strict=True))
        return done(t("services.saved_range_one" if count == 1 else "services.saved_range_many", lang, n=count,
                      service=escape(service.name), shown=shown))


def report_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    args = command.args
    if args.get("range"):
        return report_range_reply(command, asked, deps)
    value = rules.parse_mau(args["qty"])  # QuantityError -> a polite refusal in answer()
    with session_scope(deps.engine) as session:
        ws = workspace_of(session, asked, deps)
        service = find_service(session=session, workspace_id=ws.id, name=args["service"])
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
            return refuse(t("services.report_refused", asked.lang or "en",
                            problem=translated(escape(exc), "storage", asked.lang or "en"), slash=SLASH,
                            example=EXAMPLES["report"]))
        after_report(session=session, service=service, month=month, asked=asked)
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

def _forecast_line(series: list[tuple[str, int]], now: datetime, limits: rules.Limits,
                   lang: str = "en") -> str | None:
    from bot.forecast import forecast_line

    up_to = previous_month(now)  # months after `now`'s last complete month are not data yet
    return forecast_line(totals=[(m, v) for m, v in series if m <= up_to], limit=limits.limit,
                         inclusive=limits.inclusive, lang=lang)


def status_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    """A constant number of queries whatever the number of services (bench/status_bench.py)."""
    month = previous_month(asked.now)
    engine = deps.engine
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
    line = _forecast_line(series, asked.now, limits, lang) if series else None
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
        with session_scope(deps.engine) as session:
            pending = pending_chart(session=session, workspace=workspace_of(session, asked, deps), up_to=month,
                                    lang=asked.lang or "en")
        chart = pending and finish_chart(engine=deps.engine, client=asked.client, pending=pending, now=asked.now)
    except Exception:  # Slack refused the upload, or drawing failed: the figures still answer
        log.exception("status chart: could not draw or upload the chart for %s", asked.team_id)
        note = t("services.chart_failed", asked.lang or "en")
        return f"{text} {note}", [*blocks[:2], *as_dicts(message_blocks(note)), *blocks[2:]][:50]
    if chart is None:
        return text + t("services.chart_empty", asked.lang or "en"), blocks
    if chart.fresh:
        # Slack processes an upload for about a second before a block may reference it (invalid_blocks
        # otherwise); the command was acked long ago, so the wait costs the asker nothing visible.
        import time

        time.sleep(deps.fresh_upload_wait)
    image = chart_block(file_id=chart.file_id, alt=chart.alt_text, lang=asked.lang or "en").to_dict()
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
    with session_scope(deps.engine) as session:
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


# -- duties -----------------------------------------------------------------------------------


def _duties(session: Session, service: Service, lang: str = "en") -> Reply:
    states = checklist(session=session, service=service, lang=lang)
    return Reply(text=duties_text(service_name=service.name, license=service.license, states=states, lang=lang),
                 blocks=duties_blocks(service_id=service.id, service_name=service.name, license=service.license,
                                      states=states, lang=lang))


def duties_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    """The duties checklist of the service called SERVICE in the asker's workspace (or a polite refusal)."""
    name = command.args["service"]
    with session_scope(deps.engine) as session:
        ws = workspace_of(session, asked, deps)
        service = find_service(session=session, workspace_id=ws.id, name=name)
        if service is None:
            return did_you_mean(session=session, workspace_id=ws.id, name=name, lang=asked.lang or "en")
        return _duties(session, service, asked.lang or "en")


def save_tick(*, deps: Deps, asked: Asked, service_id: int, duty_id: str, done: bool,
              evidence: str | None = None) -> Reply:
    """Tick or untick; the redrawn checklist, or a refusal (not yours, unknown duty, bad link)."""
    lang = asked.lang or "en"
    with session_scope(deps.engine) as session:
        service = repo.get_service(session=session, workspace_id=asked.team_id or "", service_id=service_id)
        if service is None:
            return refuse(t("duties.gone", lang))
        if not may_change(session=session, asked=asked, service=service):
            return not_yours(service, "tick the duties of", lang)
        try:
            tick(session=session, service=service, duty_id=duty_id, done=done, evidence=evidence,
                 user_id=asked.user_id or "-", now=asked.now, keep_evidence=evidence is None)
        except DutyRefused as exc:
            return refuse(t("duties.nothing_saved", lang, problem=translated(str(exc), "duties.refused_", lang)))
        return _duties(session, service, lang)


@dataclass(frozen=True)
class DutyStates:
    """What the evidence form shows: the service and where each duty stands."""

    service_id: int
    service_name: str
    states: list[DutyState]


def duty_states(*, deps: Deps, team_id: str | None, service_id: int, lang: str = "en") -> DutyStates | None:
    """The duties of a service of `team_id` (None: no such service there any more)."""
    with session_scope(deps.engine) as session:
        service = repo.get_service(session=session, workspace_id=team_id or "", service_id=service_id)
        if service is None:
            return None
        return DutyStates(service_id=service.id or 0, service_name=service.name,
                          states=checklist(session=session, service=service, lang=lang))


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


# `register` with its details; the register listener answers `register` alone with the form.
register_command = _then_home(register_reply)

# The entries of bot.answers.HANDLERS that storage provides.
HANDLERS = {"report": _then_home(report_reply), "status": status_reply, "alerts": alerts_reply,
            "duties": duties_reply}
