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


def set_channel(d: ReviewDeps, *, team_id: str, user_id: str | None, ref: ChannelRef, now: datetime) -> Reply:
    channel_id = ref.id or (resolve_channel_name(client=d.client, name=ref.name or "") if d.client else None)
    if channel_id is None:
        return refuse(f"I couldn't find the channel #{ui._escape(ref.name or '')}. Pick it from Slack's list as "
                      f"you type, for example `{SLASH} reviews #ospo-reviews`.")
    with session_scope(d.engine) as session:
        ws = _workspace(session, d, team_id, now)
        if not _admin(session, d, ws, user_id, now):
            return refuse("Sorry, only a workspace admin can choose where OSPO review requests go.")
        store.set_review_channel(session=session, workspace_id=ws, channel_id=channel_id, user_id=user_id, now=now)
    return done(f"OSPO review requests will go to <#{channel_id}>; its members decide unless you name a user "
                f"group with `{SLASH} reviewers @group`. Invite me there with `/invite @Herdbook`.")


def _find_group(client: Any, name: str) -> str | None:
    want = name.strip().lstrip("@").casefold()
    try:
        for group in client.usergroups_list().get("usergroups") or []:
            if want in {(group.get("handle") or "").casefold(), (group.get("name") or "").casefold()}:
                return group.get("id")
    except Exception:
        log.warning("usergroups.list failed while looking for @%s", want, exc_info=True)
    return None


def set_group(d: ReviewDeps, *, team_id: str, user_id: str | None, ref: GroupRef | None, now: datetime) -> Reply:
    group_id = None
    if ref is not None:
        group_id = ref.id or (_find_group(d.client, ref.name or "") if d.client else None)
        if group_id is None:
            return refuse(f"I couldn't find the user group @{ui._escape(ref.name or '')}. Pick it from Slack's list "
                          f"as you type, for example `{SLASH} reviewers @ospo`.")
    with session_scope(d.engine) as session:
        ws = _workspace(session, d, team_id, now)
        if not _admin(session, d, ws, user_id, now):
            return refuse("Sorry, only a workspace admin can choose who decides OSPO review requests.")
        store.set_reviewer_group(session=session, workspace_id=ws, usergroup_id=group_id, user_id=user_id, now=now)
    if group_id is None:
        return done("The members of the review channel now decide OSPO review requests.")
    return done(f"The members of <!subteam^{group_id}> now decide OSPO review requests.")


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

    question = " ".join((question or "").split())
    if not question:
        return refuse(f"Please say what the OSPO should look at, for example `{SLASH} request can we use Llama 2 "
                      f"to screen job applicants?`")
    if not asked.user_id or not asked.team_id:
        return refuse("Sorry, I can only send requests from Slack, where I know who is asking.")
    d = ReviewDeps.from_deps(deps, asked.client)
    try:
        verdict = verdict_of(question, asked, deps)
    except rules.RulesError as exc:
        return refuse(f"Sorry, I couldn't read that question: {ui._escape(str(exc))}")
    if verdict is None:
        return refuse("Sorry, that is not a question I can send to the OSPO; describe the use or the name instead.")
    with session_scope(d.engine) as session:
        ws = _workspace(session, d, asked.team_id, asked.now)
        config = store.get_config(session=session, workspace_id=ws)
        if config is None or not config.channel_id:
            return refuse(f"This workspace has no OSPO review channel yet, so the request was not sent. A workspace "
                          f"admin can set one with `{SLASH} reviews #channel`.")
        vd = verdict.to_dict()
        row = store.add_request(session=session, workspace_id=ws, asker_id=asked.user_id, question=question,
                                verdict=vd, verdict_json=json.dumps(vd, sort_keys=True), rules=_rules(verdict),
                                service=_service_named(session, ws, question), surface=asked.surface,
                                now=asked.now)
        number, channel, request_id, service = row.number, config.channel_id, row.id, row.service
    assert request_id is not None
    text, blocks = ui.request_message(number=number, asker_id=asked.user_id, question=question, verdict=vd,
                                      service=service, seq=0)
    try:
        posted = d.client.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False)
    except Exception:
        log.exception("could not post %s to the review channel %s", ui.rid(number), channel)
        return done(f"Your request is recorded as *{ui.rid(number)}*, but I couldn't post it in <#{channel}>: "
                    f"invite me there (`/invite @Herdbook`) and tell the OSPO its id.")
    with session_scope(d.engine) as session:
        store.set_message(session=session, workspace_id=ws, request_id=request_id, channel_id=str(posted["channel"]),
                          ts=str(posted["ts"]))
    return done(f"Sent to the OSPO as *{ui.rid(number)}* in <#{channel}>. I'll send you a direct message when they "
                f"decide; `{SLASH} requests mine` lists your requests.")


# -- deciding -----------------------------------------------------------------------------------


def parse_until(text: str | None, today: date) -> date | None | str:
    """The `until` date, or a one-line refusal when it is not a date or not after today."""
    if not text:
        return None
    try:
        until = date.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not a date; use YYYY-MM-DD, like 2027-06-30."
    if until <= today:
        return f"`until {until.isoformat()}` is not in the future; an approval must run past today."
    return until


def _decidable(session: Session, d: ReviewDeps, asked: Asked, number: int) -> store.ReviewRequest | Reply:
    """R-`number` of the asker's workspace when the asker may decide it, else the refusal to answer."""
    request = store.get_request(session=session, workspace_id=asked.team_id or "", number=number)
    if request is None:
        return refuse(f"There is no request {ui.rid(number)} in this workspace; `{SLASH} requests` lists them.")
    config = store.get_config(session=session, workspace_id=asked.team_id or "")
    if not is_reviewer(d.client, config, asked.user_id):
        return refuse(f"Sorry, only the OSPO reviewers can decide {ui.rid(number)}.")
    return request


def decide(*, deps: Deps, asked: Asked, number: int, outcome: str, rationale: str, until_text: str | None,
           expected_seq: int | None, replace_decision: bool = False) -> Reply:
    """Record a reviewer's decision on R-`number`.

    `expected_seq` is the state the decider saw (buttons and modals carry it); None from the command,
    where a decided request needs `replace`. Of two decisions made at once on the same state, one
    wins and the other is refused, naming the winner.
    """
    rationale = (rationale or "").strip()
    if not rationale:
        return refuse("Please give the rationale: it is kept with the decision.")
    until = parse_until(until_text, asked.now.date())
    if isinstance(until, str):
        return refuse(f"Nothing was decided: {until}")
    if until is not None and outcome != "approve":
        return refuse("Nothing was decided: only an approval can have an `until` date.")
    if not asked.team_id:
        return refuse("Sorry, decisions can only be made from Slack.")
    d = ReviewDeps.from_deps(deps, asked.client)
    with session_scope(d.engine) as session:
        request = _decidable(session, d, asked, number)
        if isinstance(request, Reply):
            return request
        current = store.current_decision(session=session, workspace_id=asked.team_id, request_id=request.id or 0)
        if expected_seq is None:
            if request.status == "decided" and not replace_decision:
                assert current is not None
                return refuse(f"{ui.rid(number)} was already {ui.PAST[current.outcome]} by <@{current.decided_by}> on "
                              f"{ui.day(current.decided_at)}. To replace that decision, send `{SLASH} decide "
                              f"{ui.rid(number)} replace {outcome} RATIONALE`.")
            expected_seq = request.seq
        if request.seq != expected_seq:
            return _lost(number, current)
        try:
            with session.begin_nested():
                row = store.decide(session=session, workspace_id=asked.team_id, request=request,
                                   expected_seq=expected_seq, outcome=outcome, rationale=rationale,
                                   user_id=asked.user_id or "-", until=until, now=asked.now)
        except store.LostRace:
            session.expire_all()
            current = store.current_decision(session=session, workspace_id=asked.team_id, request_id=request.id or 0)
            return _lost(number, current)
        history = [_decision_dict(x) for x in _history(session, asked.team_id, request.id or 0, row.seq)]
        decision = _decision_dict(row)
        snapshot = {"number": request.number, "asker": request.asker_id, "question": request.question,
                    "verdict": json.loads(request.verdict_json), "service": request.service,
                    "channel": request.channel_id, "ts": request.message_ts, "seq": row.seq, "id": request.id}
        from bot.jobs.outbox import enqueue

        dm_text, dm_blocks = ui.decision_dm(number=number, question=request.question, decision=decision)
        enqueue(session=session, workspace_id=asked.team_id, kind="review_decision", subject=f"request:{request.id}",
                period=f"d{row.seq}", channel=request.asker_id, text=dm_text, blocks=dm_blocks, now=asked.now)
    from bot.services.precedents import PRECEDENTS

    PRECEDENTS.forget(d.engine, asked.team_id)
    _after_decision(d, team_id=asked.team_id, snapshot=snapshot, decision=decision, history=history, now=asked.now)
    return done(f"Recorded: {ui.rid(number)} {ui.decision_line(decision)}. <@{snapshot['asker']}> is told by "
                f"direct message.")


def check_decider(*, deps: Deps, asked: Asked, number: int, expected_seq: int) -> Reply | str:
    """Before a decision modal opens: a refusal, or the request's question (for the modal)."""
    if not asked.team_id:
        return refuse("Sorry, decisions can only be made from Slack.")
    d = ReviewDeps.from_deps(deps, asked.client)
    with Session(d.engine) as session:
        request = _decidable(session, d, asked, number)
        if isinstance(request, Reply):
            return request
        if request.seq != expected_seq:
            current = store.current_decision(session=session, workspace_id=asked.team_id, request_id=request.id or 0)
            return _lost(number, current)
        return request.question


def _lost(number: int, current: store.ReviewDecision | None) -> Reply:
    if current is None:
        return refuse(f"{ui.rid(number)} changed while you were deciding; nothing was saved. Look at it again.")
    return refuse(f"{ui.rid(number)} was just {ui.PAST[current.outcome]} by <@{current.decided_by}>; your decision "
                  f"was not saved. Send `{SLASH} decide {ui.rid(number)} replace ...` to replace theirs.")


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
                                          history=history)
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
    if not asked.team_id or not asked.user_id:
        return refuse("Sorry, requests can only be listed from Slack.")
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
    title = {"open": "Open OSPO requests", "mine": "Your OSPO requests", "all": "All OSPO requests"}[which]
    if asker is not None and which != "mine":
        title += " (yours; reviewers see everyone's)"
    items = [{"number": r.number, "status": r.status, "asker": r.asker_id, "question": r.question,
              "decision": _decision_dict(decisions[r.id]) if r.id in decisions else None} for r in rows]
    text, blocks = ui.requests_list(title=title, rows=items)
    return Reply(text=text, blocks=blocks)


def home_blocks(*, deps: Deps, client: Any, team_id: str, user_id: str, now: datetime) -> list[dict[str, Any]]:
    """The App Home's review part: open requests for a reviewer, the user's own pending ones."""
    d = ReviewDeps.from_deps(deps, client)
    with Session(d.engine) as session:
        return home_section(session=session, client=client, team_id=team_id, user_id=user_id)


def home_section(*, session: Session, client: Any, team_id: str, user_id: str) -> list[dict[str, Any]]:
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
                           is_reviewer=reviewer)
