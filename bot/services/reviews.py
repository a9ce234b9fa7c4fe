"""The OSPO review queue: a review verdict becomes a request, a decision, and a precedent.

Every function takes a `ReviewDeps` (engine, the Slack client of the request) and `now`; everything
it reads or writes is scoped by the workspace (team) id. Bad input returns a refusal `Reply` and
writes nothing: every check that can refuse runs before the first write.

What an answer shows (the OSPO's live decision, the Ask button) is bot/services/precedents.py.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.blocks import reviews as ui
from bot.blocks.verdict import as_dicts, message_blocks
from bot.grammar import ChannelRef, GroupRef
from bot.i18n import lang_of_locale, t, user_locale
from bot.reply import Asked, Deps, Reply
from bot.services.verdicts import verdict_of
from bot.storage import repository as repo
from bot.storage import reviews as store
from bot.storage.db import session_scope
from bot.storage.users import is_admin, resolve_channel_name

log = logging.getLogger(__name__)

SLASH = "/llama-check"


@dataclass(frozen=True)
class ReviewDeps:
    engine: Engine
    client: Any  # slack_sdk.WebClient (or None in the shell: no reviewers can be checked)
    default_license: str
    default_policy: str
    claim_timeout: timedelta  # the outbox's, for sending the decision DM at once
    max_attempts: int

    @classmethod
    def from_deps(cls, deps: Deps, client: Any = None) -> ReviewDeps:
        settings = deps.settings
        return cls(engine=deps.engine, client=client, default_license=settings.default_license,
                   default_policy=settings.default_policy,
                   claim_timeout=timedelta(minutes=settings.outbox_claim_timeout_minutes),
                   max_attempts=settings.outbox_max_attempts)


def refuse(text: str) -> Reply:
    return Reply(text=text, blocks=as_dicts(message_blocks(text)), ok=False)


def done(text: str) -> Reply:
    return Reply(text=text, blocks=as_dicts(message_blocks(text)))


def _workspace(session: Session, d: ReviewDeps, team_id: str, now: datetime) -> str:
    ws = repo.get_or_create_workspace(session=session, team_id=team_id, now=now, default_license=d.default_license,
                                      default_policy=d.default_policy)
    return ws.id


def _rules(verdict: Any) -> list[str]:
    return [r.rule for r in verdict.reasons]


def _decision_dict(decision: store.ReviewDecision) -> dict[str, Any]:
    return {"outcome": decision.outcome, "by": decision.decided_by, "at": decision.decided_at,
            "until": decision.until, "rationale": decision.rationale, "expired": decision.expired_at is not None}


# -- answers: the precedent and the Ask button ---------------------------------------------------


# -- settings: where requests go, who decides ---------------------------------------------------


def _admin(session: Session, d: ReviewDeps, team_id: str, user_id: str | None, now: datetime) -> bool:
    return bool(user_id) and d.client is not None and is_admin(session=session, client=d.client,
                                                               workspace_id=team_id, user_id=user_id, now=now)


def set_channel(d: ReviewDeps, *, team_id: str, user_id: str | None, ref: ChannelRef, now: datetime,
                lang: str = "en") -> Reply:
    channel_id = ref.id or (resolve_channel_name(client=d.client, name=ref.name or "") if d.client else None)
    if channel_id is None:
        return refuse(t("review.no_channel", lang, channel=ui._escape(ref.name or ""), slash=SLASH))
    with session_scope(d.engine) as session:
        ws = _workspace(session, d, team_id, now)
        if not _admin(session, d, ws, user_id, now):
            return refuse(t("review.channel_not_admin", lang))
        store.set_review_channel(session=session, workspace_id=ws, channel_id=channel_id, user_id=user_id, now=now)
    return done(t("review.channel_set", lang, channel=channel_id, slash=SLASH))


def _find_group(client: Any, name: str) -> str | None:
    want = name.strip().lstrip("@").casefold()
    try:
        for group in client.usergroups_list().get("usergroups") or []:
            if want in {(group.get("handle") or "").casefold(), (group.get("name") or "").casefold()}:
                return group.get("id")
    except Exception:
        log.warning("usergroups.list failed while looking for @%s", want, exc_info=True)
    return None


def set_group(d: ReviewDeps, *, team_id: str, user_id: str | None, ref: GroupRef | None, now: datetime,
              lang: str = "en") -> Reply:
    group_id = None
    if ref is not None:
        group_id = ref.id or (_find_group(d.client, ref.name or "") if d.client else None)
        if group_id is None:
            return refuse(t("review.no_group", lang, group=ui._escape(ref.name or ""), slash=SLASH))
    with session_scope(d.engine) as session:
        ws = _workspace(session, d, team_id, now)
        if not _admin(session, d, ws, user_id, now):
            return refuse(t("review.group_not_admin", lang))
        store.set_reviewer_group(session=session, workspace_id=ws, usergroup_id=group_id, user_id=user_id, now=now)
    if group_id is None:
        return done(t("review.group_channel", lang))
    return done(t("review.group_set", lang, group=group_id))


def is_reviewer(client: Any, config: store.ReviewConfig | None, user_id: str | None) -> bool:
    """Members of the reviewer user group if one is set, else of the review channel. Asked of Slack each time."""
    if config is None or not user_id or client is None:
        return False
    try:
        if config.usergroup_id:
            users = client.usergroups_users_list(usergroup=config.usergroup_id).get("users") or []
            return user_id in users
        if not config.channel_id:
            return False
        cursor = None
        for _ in range(50):
            kw = {"cursor": cursor} if cursor else {}
            resp = client.conversations_members(channel=config.channel_id, limit=200, **kw)
            if user_id in (resp.get("members") or []):
                return True
            cursor = (resp.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return False
    except Exception:  # Slack cannot say: not proven to be a reviewer
        log.warning("could not check whether %s is a reviewer", user_id, exc_info=True)
    return False


# -- asking -------------------------------------------------------------------------------------


def _service_named(session: Session, team_id: str, question: str) -> str | None:
    text = f" {repo.name_key(store.normalise_question(question))} "
    for name in repo.service_names(session=session, workspace_id=team_id):
        if f" {repo.name_key(store.normalise_question(name))} " in text:
            return name
    return None


def create_request(*, deps: Deps, asked: Asked, question: str) -> Reply:
    """Store the request (R-N), post it to the review channel, tell the asker where it went."""
    import rules

    lang = asked.lang or "en"
    question = " ".join((question or "").split())
    if not question:
        return refuse(t("review.request_empty", lang, slash=SLASH))
    if not asked.user_id or not asked.team_id:
        return refuse(t("review.request_not_slack", lang))
    d = ReviewDeps.from_deps(deps, asked.client)
    try:
        verdict = verdict_of(question, asked, deps)
    except rules.RulesError as exc:
        return refuse(t("review.request_unreadable", lang, error=ui._escape(str(exc))))
    if verdict is None:
        return refuse(t("review.request_not_question", lang))
    with session_scope(d.engine) as session:
        ws = _workspace(session, d, asked.team_id, asked.now)
        config = store.get_config(session=session, workspace_id=ws)
        if config is None or not config.channel_id:
            return refuse(t("review.request_no_channel", lang, slash=SLASH))
        channel_lang = _channel_lang(session, ws)
        vd = verdict.to_dict()
        row = store.add_request(session=session, workspace_id=ws, asker_id=asked.user_id, question=question,
                                verdict=vd, verdict_json=json.dumps(vd, sort_keys=True), rules=_rules(verdict),
                                service=_service_named(session, ws, question), surface=asked.surface,
                                now=asked.now)
        number, channel, request_id, service = row.number, config.channel_id, row.id, row.service
    assert request_id is not None
    text, blocks = ui.request_message(number=number, asker_id=asked.user_id, question=question, verdict=vd,
                                      service=service, seq=0, lang=channel_lang)
    try:
        posted = d.client.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False)
    except Exception:
        log.exception("could not post %s to the review channel %s", ui.rid(number), channel)
        return done(t("review.request_not_posted", lang, rid=ui.rid(number), channel=channel))
    with session_scope(d.engine) as session:
        store.set_message(session=session, workspace_id=ws, request_id=request_id, channel_id=str(posted["channel"]),
                          ts=str(posted["ts"]))
    return done(t("review.request_sent", lang, rid=ui.rid(number), channel=channel, slash=SLASH))


# -- deciding -----------------------------------------------------------------------------------


def parse_until(text: str | None, today: date, lang: str = "en") -> date | None | str:
    """The `until` date, or a one-line refusal when it is not a date or not after today."""
    if not text:
        return None
    try:
        until = date.fromisoformat(text)
    except ValueError:
        return t("review.until_not_date", lang, got=repr(text))
    if until <= today:
        return t("review.until_past", lang, date=until.isoformat())
    return until


def _decidable(session: Session, d: ReviewDeps, asked: Asked, number: int) -> store.ReviewRequest | Reply:
    """R-`number` of the asker's workspace when the asker may decide it, else the refusal to answer."""
    lang = asked.lang or "en"
    request = store.get_request(session=session, workspace_id=asked.team_id or "", number=number)
    if request is None:
        return refuse(t("review.no_request", lang, rid=ui.rid(number), slash=SLASH))
    config = store.get_config(session=session, workspace_id=asked.team_id or "")
    if not is_reviewer(d.client, config, asked.user_id):
        return refuse(t("review.not_reviewer", lang, rid=ui.rid(number)))
    return request


def decide(*, deps: Deps, asked: Asked, number: int, outcome: str, rationale: str, until_text: str | None,
           expected_seq: int | None, replace_decision: bool = False) -> Reply:
    """Record a reviewer's decision on R-`number`.

    `expected_seq` is the state the decider saw (buttons and modals carry it); None from the command,
    where a decided request needs `replace`. Of two decisions made at once on the same state, one
    wins and the other is refused, naming the winner.
    """
    lang = asked.lang or "en"
    rationale = (rationale or "").strip()
    if not rationale:
        return refuse(t("review.no_rationale", lang))
    until = parse_until(until_text, asked.now.date(), lang)
    if isinstance(until, str):
        return refuse(t("review.nothing_decided", lang, problem=until))
    if until is not None and outcome != "approve":
        return refuse(t("review.until_only_approve", lang))
    if not asked.team_id:
        return refuse(t("review.decide_not_slack", lang))
    d = ReviewDeps.from_deps(deps, asked.client)
    asker_lang = _asker_lang(d, deps, asked, number)  # the decision DM's language: the asker's Slack locale
    with session_scope(d.engine) as session:
        request = _decidable(session, d, asked, number)
        if isinstance(request, Reply):
            return request
        current = store.current_decision(session=session, workspace_id=asked.team_id, request_id=request.id or 0)
        if expected_seq is None:
            if request.status == "decided" and not replace_decision:
                assert current is not None
                return refuse(t("review.already", lang, rid=ui.rid(number), past=ui.past(current.outcome, lang),
                                by=current.decided_by, date=ui.day(current.decided_at, lang), slash=SLASH,
                                outcome=outcome))
            expected_seq = request.seq
        if request.seq != expected_seq:
            return _lost(number, current, lang)
        try:
            with session.begin_nested():
                row = store.decide(session=session, workspace_id=asked.team_id, request=request,
                                   expected_seq=expected_seq, outcome=outcome, rationale=rationale,
                                   user_id=asked.user_id or "-", until=until, now=asked.now)
        except store.LostRace:
            session.expire_all()
            current = store.current_decision(session=session, workspace_id=asked.team_id, request_id=request.id or 0)
            return _lost(number, current, lang)
        history = [_decision_dict(x) for x in _history(session, asked.team_id, request.id or 0, row.seq)]
        decision = _decision_dict(row)
        snapshot = {"number": request.number, "asker": request.asker_id, "question": request.question,
                    "verdict": json.loads(request.verdict_json), "service": request.service,
                    "channel": request.channel_id, "ts": request.message_ts, "seq": row.seq, "id": request.id,
                    "lang": _channel_lang(session, asked.team_id)}
        from bot.jobs.outbox import enqueue

        dm_text, dm_blocks = ui.decision_dm(number=number, question=request.question, decision=decision,
                                            lang=asker_lang)
        enqueue(session=session, workspace_id=asked.team_id, kind="review_decision", subject=f"request:{request.id}",
                period=f"d{row.seq}", channel=request.asker_id, text=dm_text, blocks=dm_blocks, now=asked.now)
    from bot.services.precedents import PRECEDENTS

    PRECEDENTS.forget(d.engine, asked.team_id)
    _after_decision(d, team_id=asked.team_id, snapshot=snapshot, decision=decision, history=history, now=asked.now)
    return done(t("review.recorded", lang, rid=ui.rid(number), line=ui.decision_line(decision, lang),
                  asker=snapshot["asker"]))


def check_decider(*, deps: Deps, asked: Asked, number: int, expected_seq: int) -> Reply | str:
    """Before a decision modal opens: a refusal, or the request's question (for the modal)."""
    if not asked.team_id:
        return refuse(t("review.decide_not_slack", asked.lang or "en"))
    d = ReviewDeps.from_deps(deps, asked.client)
    with Session(d.engine) as session:
        request = _decidable(session, d, asked, number)
        if isinstance(request, Reply):
            return request
        if request.seq != expected_seq:
            current = store.current_decision(session=session, workspace_id=asked.team_id, request_id=request.id or 0)
            return _lost(number, current, asked.lang or "en")
        return request.question


def _lost(number: int, current: store.ReviewDecision | None, lang: str = "en") -> Reply:
    if current is None:
        return refuse(t("review.changed", lang, rid=ui.rid(number)))
    return refuse(t("review.lost", lang, rid=ui.rid(number), past=ui.past(current.outcome, lang),
                    by=current.decided_by, slash=SLASH))


def _channel_lang(session: Session, workspace_id: str) -> str:
    """The workspace's channel language (`/llama-check language`): the review channel's messages use it."""
    ws = repo.get_workspace(session=session, workspace_id=workspace_id)
    return ws.language if ws is not None and ws.language else "en"


def _asker_lang(d: ReviewDeps, deps: Deps, asked: Asked, number: int) -> str:
    """The Slack language of the person who asked R-`number` (English when unknown)."""
    with Session(d.engine) as session:
        request = store.get_request(session=session, workspace_id=asked.team_id or "", number=number)
        asker = request.asker_id if request is not None else None
    if asker is None:
        return "en"
    if asker == asked.user_id and asked.lang:
        return asked.lang
    return lang_of_locale(user_locale(engine=deps.engine, team_id=asked.team_id, user_id=asker, client=asked.client,
                                      now=asked.now))


def _history(session: Session, team_id: str, request_id: int, seq: int) -> list[store.ReviewDecision]:
    from sqlmodel import col, select

    stmt = (select(store.ReviewDecision)
            .where(store.ReviewDecision.workspace_id == team_id, store.ReviewDecision.request_id == request_id,
                   store.ReviewDecision.seq < seq)
            .order_by(col(store.ReviewDecision.seq).desc()))
    return list(session.exec(stmt))


def _after_decision(d: ReviewDeps, *, team_id: str, snapshot: dict[str, Any], decision: dict[str, Any],
                    history: list[dict[str, Any]], now: datetime) -> None:
    """Update the review message in place; send the asker's DM now (the outbox retries it if Slack fails)."""
    if snapshot["channel"] and snapshot["ts"] and d.client is not None:
        text, blocks = ui.request_message(number=snapshot["number"], asker_id=snapshot["asker"],
                                          question=snapshot["question"], verdict=snapshot["verdict"],
                                          service=snapshot["service"], seq=snapshot["seq"], decision=decision,
                                          history=history, lang=snapshot.get("lang") or "en")
        try:
            d.client.chat_update(channel=snapshot["channel"], ts=snapshot["ts"], text=text, blocks=blocks)
        except Exception:  # the decision is saved; a stale message is cosmetic and logged
            log.exception("could not update the review message of %s", ui.rid(snapshot["number"]))
    if d.client is not None:
        from bot.jobs.outbox import deliver
        from bot.storage.models import Notification

        with Session(d.engine) as session:
            from sqlmodel import select

            ids = [n for n in session.exec(select(Notification.id).where(
                Notification.workspace_id == team_id, Notification.kind == "review_decision",
                Notification.subject == f"request:{snapshot['id']}", Notification.period == f"d{snapshot['seq']}"))]
        try:
            deliver(engine=d.engine, client=d.client, now=now, claim_timeout=d.claim_timeout, max_attempts=d.max_attempts,
                    ids=[i for i in ids if i is not None])
        except Exception:  # the clock's next tick delivers it
            log.exception("could not deliver the decision DM of %s now", ui.rid(snapshot["number"]))


# -- lists ---------------------------------------------------------------------------------------


def list_for(*, deps: Deps, asked: Asked, which: str | None) -> Reply:
    lang = asked.lang or "en"
    if not asked.team_id or not asked.user_id:
        return refuse(t("review.list_not_slack", lang))
    d = ReviewDeps.from_deps(deps, asked.client)
    with session_scope(d.engine) as session:
        config = store.get_config(session=session, workspace_id=asked.team_id)
        reviewer = which != "mine" and is_reviewer(d.client, config, asked.user_id)
        which = which or ("open" if reviewer else "mine")
        status = "open" if which == "open" else None
        asker = None if reviewer and which != "mine" else asked.user_id
        rows = store.list_requests(session=session, workspace_id=asked.team_id, status=status, asker_id=asker)
        decisions = store.decisions_of(session=session, workspace_id=asked.team_id,
                                       request_ids=[r.id for r in rows if r.id is not None])
    title = t(f"review.list_{which}", lang)
    if asker is not None and which != "mine":
        title += t("review.list_yours_only", lang)
    items = [{"number": r.number, "status": r.status, "asker": r.asker_id, "question": r.question,
              "decision": _decision_dict(decisions[r.id]) if r.id in decisions else None} for r in rows]
    text, blocks = ui.requests_list(title=title, rows=items, lang=lang)
    return Reply(text=text, blocks=blocks)


def home_blocks(*, deps: Deps, client: Any, team_id: str, user_id: str, now: datetime,
                lang: str = "en") -> list[dict[str, Any]]:
    """The App Home's review part: open requests for a reviewer, the user's own pending ones."""
    d = ReviewDeps.from_deps(deps, client)
    with Session(d.engine) as session:
        return home_section(session=session, client=client, team_id=team_id, user_id=user_id, lang=lang)


def home_section(*, session: Session, client: Any, team_id: str, user_id: str,
                 lang: str = "en") -> list[dict[str, Any]]:
    """home_blocks inside a session the caller holds (the Home tab reads everything in one)."""
    config = store.get_config(session=session, workspace_id=team_id)
    if config is None:
        return []
    reviewer = is_reviewer(client, config, user_id)
    open_rows = (store.list_requests(session=session, workspace_id=team_id, status="open", limit=10)
                 if reviewer else [])
    mine = store.list_requests(session=session, workspace_id=team_id, status="open", asker_id=user_id, limit=10)

    def item(r: store.ReviewRequest) -> dict[str, Any]:
        return {"number": r.number, "status": r.status, "asker": r.asker_id, "question": r.question,
                "decision": None}

    return ui.home_section(reviewer_rows=[item(r) for r in open_rows], pending_rows=[item(r) for r in mine],
                           is_reviewer=reviewer, lang=lang)
