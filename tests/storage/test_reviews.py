"""The OSPO review queue through the real Bolt app: signed slash commands, events, button payloads and
modal submissions against the fake Slack, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlmodel import Session, select

from bot.fakeslack import Call, FakeSlack
from bot.reply import Deps
from bot.slackrequests import dm_event, event_callback
from bot.storage import reviews as store
from bot.storage.models import Audit, Notification
from tests.storage.conftest import ADMIN, OTHER, OWNER, TEAM_A, TEAM_B, Sent, Slack, rows

REVIEWER, REVIEWER2 = "U0REVIEW1", "U0REVIEW2"
OSPO = "C0OSPO"
REVIEW_Q = "we will use llama 2 to help doctors with medical diagnosis"
SAME_ACTIVITY = "use llama 2 to assist with medical diagnosis for doctors"
ALLOWED_Q = "can we fine-tune Llama 2 and sell API access?"
TODAY = datetime.now(UTC).date()


@pytest.fixture(autouse=True)
def _people(fake: FakeSlack) -> None:
    fake.add_user(REVIEWER, name="rita")
    fake.add_user(REVIEWER2, name="remy")
    fake.add_channel(OSPO, name="ospo-reviews", creator=ADMIN)
    fake.state.members[OSPO] = [REVIEWER, REVIEWER2, ADMIN]


def ack_json(sent: Sent) -> dict[str, Any]:
    return json.loads(sent.response.body) if sent.response.body else {}


def reply_blocks(sent: Sent) -> list[dict[str, Any]]:
    """Blocks of the answer: in the ack (rules answers) or what was posted (everything else)."""
    body = ack_json(sent)
    if body.get("blocks"):
        return body["blocks"]
    return [b for call in sent.posted for b in call.body.get("blocks") or []]


def reply_text(sent: Sent) -> str:
    return ack_json(sent).get("text", "") + "\n" + sent.text


def button(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any] | None:
    for block in blocks:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return element
    return None


def click(slack: Slack, element: dict[str, Any], *, user: str, team: str = TEAM_A, channel: str = "C0GENERAL",
          ts: str = "1700000001.000100") -> Sent:
    payload = {
        "type": "block_actions", "team": {"id": team, "domain": "fake"}, "user": {"id": user, "team_id": team},
        "api_app_id": "A0HERDBOOK", "trigger_id": "111.222.abc", "channel": {"id": channel},
        "container": {"type": "message", "message_ts": ts, "channel_id": channel},
        "message": {"ts": ts, "text": "..."}, "response_url": slack.fake.response_url("action"),
        "actions": [{"action_id": element["action_id"], "block_id": "b", "value": element["value"],
                     "type": "button", "action_ts": "1700000002.0"}],
    }
    return slack.dispatch(urlencode({"payload": json.dumps(payload)}))


def submit(slack: Slack, view: dict[str, Any], rationale: str, *, user: str, until: str | None = None,
           team: str = TEAM_A) -> Sent:
    values: dict[str, Any] = {"rationale": {"rationale": {"type": "plain_text_input", "value": rationale}}}
    if any(b.get("block_id") == "until" for b in view["blocks"]):
        values["until"] = {"until": {"type": "datepicker", "selected_date": until}}
    return slack.submit_view(view, values, user=user, team=team)


def setup_channel(slack: Slack, team: str = TEAM_A) -> None:
    sent = slack.command(f"reviews <#{OSPO}|ospo-reviews>", user=ADMIN, team=team)
    assert "OSPO review requests will go to <#C0OSPO>" in sent.text


def ask_and_request(slack: Slack, question: str = REVIEW_Q, *, user: str = OWNER, team: str = TEAM_A) -> Call:
    """Ask (slash command), press Ask the OSPO, return the review-channel post."""
    answer = slack.command(question, user=user, team=team)
    element = button(reply_blocks(answer), "review_ask")
    assert element is not None, reply_blocks(answer)
    sent = click(slack, element, user=user, team=team)
    assert "Sent to the OSPO as *R-" in sent.text and f"<#{OSPO}>" in sent.text
    return [c for c in slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == OSPO][-1]


def open_modal(slack: Slack, post: Call, action_id: str, *, user: str) -> dict[str, Any]:
    before = len(slack.fake.calls_to("views.open"))
    element = button(post.body["blocks"], action_id)
    assert element is not None
    click(slack, element, user=user, channel=OSPO, ts="1700000005.000100")
    opened = slack.fake.calls_to("views.open")
    assert len(opened) == before + 1, "the modal did not open"
    return opened[-1].body["view"]


def decisions(engine) -> list[store.ReviewDecision]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return list(s.exec(select(store.ReviewDecision).order_by(store.ReviewDecision.id)))


def test_review_answer_becomes_request_decision_and_precedent(slack: Slack, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    setup_channel(slack)
    # An allowed answer carries no button (and the review flow does nothing for it).
    assert button(reply_blocks(slack.command(ALLOWED_Q)), "review_ask") is None

    post = ask_and_request(slack)
    labels = [e["text"]["text"] for e in post.body["blocks"][-1]["elements"]]
    assert labels == ["Approve", "Approve until\u2026", "Deny", "Answer"]
    assert "R-1" in post.body["text"] and "medical" in json.dumps(post.body["blocks"])
    with Session(engine) as s:
        (req,) = s.exec(select(store.ReviewRequest)).all()
        assert (req.number, req.asker_id, req.verdict, req.license, req.policy, req.status) == (
            1, OWNER, "review", "llama-2", "guide", "open")
        assert json.loads(req.verdict_json)["reasons"]

    # A non-reviewer pressing a button is told so; no modal, nothing written.
    element = button(post.body["blocks"], "review_approve")
    assert element is not None
    refused = click(slack, element, user=OTHER, channel=OSPO)
    assert "only the OSPO reviewers" in refused.text and fake.calls_to("views.open") == []

    view = open_modal(slack, post, "review_approve_until", user=REVIEWER)
    # `until` in the past: shown in the modal, nothing saved
    bad = submit(slack, view, "Fine for the pilot", user=REVIEWER, until=(TODAY - timedelta(days=1)).isoformat())
    assert ack_json(bad)["response_action"] == "errors" and "not in the future" in ack_json(bad)["errors"]["until"]
    assert decisions(engine) == []

    until = TODAY + timedelta(days=200)
    with Session(engine) as s:
        posted_ts = s.exec(select(store.ReviewRequest)).one().message_ts
    assert posted_ts
    ok = submit(slack, view, "Fine for the pilot <!channel>", user=REVIEWER, until=until.isoformat())
    assert ack_json(ok).get("response_action") != "errors"
    (d,) = decisions(engine)
    assert (d.outcome, d.decided_by, d.until, d.rationale) == ("approve", REVIEWER, until, "Fine for the pilot <!channel>")
    # the review message is updated in place, the asker gets a DM; user text is escaped
    (update,) = fake.calls_to("chat.update")
    assert update.body["channel"] == OSPO and update.body["ts"] == posted_ts
    assert "Approved" in update.body["text"] and "&lt;!channel&gt;" in update.body["text"]
    dm = [c for c in fake.calls_to("chat.postMessage") if c.body.get("channel") == OWNER]
    assert len(dm) == 1 and "Fine for the pilot &lt;!channel&gt;" in dm[0].body["text"]

    # Later, the same question (differently typed) and the same activity show the decision first.
    for question in (REVIEW_Q.upper() + "?", SAME_ACTIVITY):
        answer = slack.command(question, user=OTHER)
        first = reply_blocks(answer)[0]
        assert first.get("block_id") == "review_precedent", (question, reply_blocks(answer))
        expected = (f"The OSPO approved this on {d.decided_at.day} {d.decided_at:%b %Y} (R-1), "
                    f"until {until.day} {until:%b %Y}: Fine for the pilot &lt;!channel&gt;")
        assert expected in first["text"]["text"]
    with Session(engine) as s:
        # the answer's JSON (its audit row) carries the precedent
        row = s.exec(select(Audit).where(Audit.user_id == OTHER, Audit.action == "use")).one()
        precedent = json.loads(row.detail or "{}")["verdict"]["precedent"]
        assert (precedent["request"], precedent["decision"], precedent["until"]) == ("R-1", "approve",
                                                                                    until.isoformat())
    # Another workspace knows nothing of it, and cannot decide it.
    assert reply_blocks(slack.command(REVIEW_Q, team=TEAM_B))[0].get("block_id") != "review_precedent"
    assert "no request R-1" in slack.command("decide R-1 deny no", user=REVIEWER, team=TEAM_B).text

    # A second decision supersedes the first; both stay; the precedent follows the live one.
    view2 = open_modal(slack, update, "review_deny", user=REVIEWER2)
    submit(slack, view2, "Changed our mind", user=REVIEWER2)
    first_d, second_d = decisions(engine)
    assert first_d.superseded_by == second_d.id and second_d.superseded_at is None and second_d.seq == 2
    assert "The OSPO denied this" in json.dumps(reply_blocks(slack.command(REVIEW_Q))[0])
    assert len(fake.calls_to("chat.update")) == 2
    assert "Earlier" in json.dumps(fake.calls_to("chat.update")[-1].body["blocks"])


def test_mention_and_dm_answers_carry_the_button(slack: Slack, fake: FakeSlack) -> None:
    setup_channel(slack)
    mention = slack.mention(REVIEW_Q)
    assert button(reply_blocks(mention), "review_ask") is not None
    dm = slack.dispatch(event_callback(dm_event("can we use llama 2 for military weapons", user=OWNER),
                                       team_id=TEAM_A))
    element = button(reply_blocks(dm), "review_ask")
    assert element is not None
    sent = click(slack, element, user=OWNER, channel="D0OWNER")
    assert "R-1" in sent.text


def test_two_reviewers_at_once_one_wins(slack: Slack, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    setup_channel(slack)
    post = ask_and_request(slack)
    view_a = open_modal(slack, post, "review_approve", user=REVIEWER)
    view_b = open_modal(slack, post, "review_deny", user=REVIEWER2)
    results: dict[str, Sent] = {}
    barrier = threading.Barrier(2)

    def go(name: str, view: dict[str, Any], user: str) -> None:
        barrier.wait()
        results[name] = submit(slack, view, f"decided by {name}", user=user)

    threads = [threading.Thread(target=go, args=("a", view_a, REVIEWER)),
               threading.Thread(target=go, args=("b", view_b, REVIEWER2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (d,) = decisions(engine)
    winner, loser = ("a", "b") if d.rationale == "decided by a" else ("b", "a")
    assert ack_json(results[winner]).get("response_action") != "errors"
    errors = ack_json(results[loser])
    assert errors["response_action"] == "errors"
    assert "was just" in errors["errors"]["rationale"] and d.decided_by in errors["errors"]["rationale"]
    assert len(fake.calls_to("chat.update")) == 1


def test_decide_command_and_bad_input(slack: Slack, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    setup_channel(slack)
    ask_and_request(slack)
    before = rows(engine, store.ReviewDecision)
    cases = [
        ("decide R-99 approve ok", REVIEWER, "no request R-99"),
        (f"decide R-1 approve ok until {(TODAY - timedelta(days=3)).isoformat()}", REVIEWER, "not in the future"),
        ("decide R-1 approve ok until 2027-02-31", REVIEWER, "not a date"),
        ("decide R-1 deny nope", OTHER, "only the OSPO reviewers"),
        ("decide R-1 deny", REVIEWER, "needs the rationale"),
        ("request   ", OWNER, "what the OSPO should look at"),
    ]
    for text, user, expected in cases:
        sent = slack.command(text, user=user)
        assert expected in sent.text, (text, sent.text)
    assert rows(engine, store.ReviewDecision) == before == 0
    assert rows(engine, store.ReviewRequest) == 1

    until = (TODAY + timedelta(days=30)).isoformat()
    ok = slack.command(f"decide r-1 approve \"pilot only\" until {until}", user=REVIEWER)
    assert "Recorded: R-1" in ok.text
    again = slack.command("decide R-1 deny no", user=REVIEWER2)
    assert "already approved by <@U0REVIEW1>" in again.text and rows(engine, store.ReviewDecision) == 1
    replaced = slack.command("decide R-1 replace answer Use the hosted model instead", user=REVIEWER2)
    assert "Recorded" in replaced.text and rows(engine, store.ReviewDecision) == 2
    # audited, refusals included
    with Session(engine) as s:
        results = [a.result for a in s.exec(select(Audit).where(Audit.action == "decide"))]
    assert results.count("refused") >= 5 and results.count("ok") == 2

    # `request TEXT` from the keyboard; lists: the reviewer sees all, the asker their own, others none
    assert "Sent to the OSPO as *R-2*" in slack.command("request can we use Llama 2 to screen job applicants?",
                                                        user=OTHER).text
    assert "R-1" in slack.command("requests all", user=REVIEWER).text
    mine = slack.command("requests", user=OTHER).text
    assert "R-2" in mine and "R-1" not in mine
    assert "R-2" in slack.command("requests open", user=REVIEWER).text


def test_no_review_channel_and_usergroup_reviewers(slack: Slack, fake: FakeSlack, engine) -> None:  # type: ignore[no-untyped-def]
    sent = slack.command("request is this fine?", user=OWNER)
    assert "no OSPO review channel yet" in sent.text and rows(engine, store.ReviewRequest) == 0
    assert "only a workspace admin" in slack.command(f"reviews <#{OSPO}>", user=OWNER).text
    setup_channel(slack)
    fake.state.usergroups["S0OSPO"] = {"handle": "ospo", "users": [OTHER]}
    assert "only a workspace admin" in slack.command("reviewers @ospo", user=OWNER).text
    assert "<!subteam^S0OSPO>" in slack.command("reviewers @ospo", user=ADMIN).text
    slack.command("request can we use Llama 2 to screen job applicants?", user=OWNER)
    # the channel's members no longer decide; the group's do
    assert "only the OSPO reviewers" in slack.command("decide R-1 answer yes", user=REVIEWER).text
    assert "Recorded" in slack.command("decide R-1 answer Yes, with a human in the loop", user=OTHER).text
    assert fake.calls_to("usergroups.users.list")


def test_expiry_across_clock_downtime(slack: Slack, fake: FakeSlack, engine, settings) -> None:  # type: ignore[no-untyped-def]
    from bot.jobs.clock import Jobs, tick
    from bot.jobs.slack import make_jobs_client

    setup_channel(slack)
    ask_and_request(slack)
    until = TODAY + timedelta(days=60)
    slack.command(f"decide R-1 approve pilot until {until.isoformat()}", user=REVIEWER)
    jobs = Jobs(engine=engine, client=make_jobs_client(settings), settings=settings)

    def at(d: date) -> datetime:
        return datetime(d.year, d.month, d.day, 9, tzinfo=UTC)

    def sent(kind: str) -> list[Notification]:
        with Session(engine) as s:
            return list(s.exec(select(Notification).where(Notification.kind == kind,
                                                          Notification.status == "sent")))

    tick(jobs=jobs, now=at(until - timedelta(days=20)))
    assert sent("review_expiring") == []
    # the clock was down over the warning day; the first tick after catches up, once
    tick(jobs=jobs, now=at(until - timedelta(days=9)))
    tick(jobs=jobs, now=at(until - timedelta(days=8)))
    assert len(sent("review_expiring")) == 1 and len(sent("review_expiring_ch")) == 1
    warn_dm = [c for c in fake.calls_to("chat.postMessage") if c.body.get("channel") == OWNER
               and "expires on" in c.body.get("text", "")]
    assert len(warn_dm) == 1
    assert "The OSPO approved this" in json.dumps(reply_blocks(slack.command(REVIEW_Q, user=OTHER))[0])
    # down over the end date too: expired once at the next tick, and no longer a precedent
    tick(jobs=jobs, now=at(until + timedelta(days=3)))
    tick(jobs=jobs, now=at(until + timedelta(days=4)))
    assert len(sent("review_expired")) == 1 and len(sent("review_expired_ch")) == 1
    (d,) = decisions(engine)
    assert d.expired_at is not None
    with Session(engine) as s:
        assert s.exec(select(store.ReviewRequest)).one().status == "expired"
        assert store.find_precedent(session=s, workspace_id=TEAM_A, question=REVIEW_Q, activity=None,
                                    today=TODAY) is None


def test_audit_export_includes_requests_and_decisions(slack: Slack, engine, database_url, monkeypatch,  # type: ignore[no-untyped-def]
                                                      tmp_path, capsys) -> None:
    from bot.__main__ import main

    setup_channel(slack)
    ask_and_request(slack)
    slack.command("decide R-1 deny not for patients", user=REVIEWER)
    slack.command("decide R-1 replace approve pilot only", user=REVIEWER)
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / "audit.csv"
    assert main(["audit", "export", "--out", str(out)]) == 0
    reviews = (tmp_path / "audit.reviews.csv").read_text().splitlines()
    assert reviews[0].startswith("workspace_id,request")
    assert len(reviews) == 3 and "not for patients" in reviews[1] and "pilot only" in reviews[2]
    assert main(["audit", "export"]) == 0
    assert "# OSPO requests and decisions" in capsys.readouterr().out


def test_decide_is_a_compare_and_set(engine) -> None:  # type: ignore[no-untyped-def]
    """Both deciders loaded the request at seq 0 before either wrote: the second write changes nothing."""
    from bot.storage import repository as repo
    from bot.storage.db import session_scope

    now = datetime.now(UTC)
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id=TEAM_A, now=now)
        verdict = {"verdict": "review", "license": "llama-2", "policy": "guide"}
        store.add_request(session=s, workspace_id=TEAM_A, asker_id=OWNER, question="q", verdict=verdict,
                          verdict_json="{}", rules=["use.x"], service=None, surface="command", now=now)
    first, second = Session(engine, expire_on_commit=False), Session(engine, expire_on_commit=False)
    try:
        loaded = []
        for session in (first, second):
            # Each read ends its transaction (SQLite takes the write lock at BEGIN), keeping what it saw.
            request = store.get_request(session=session, workspace_id=TEAM_A, number=1)
            assert request is not None and request.seq == 0
            session.expunge(request)
            session.rollback()
            loaded.append(request)
        req_a, req_b = loaded
        store.decide(session=first, workspace_id=TEAM_A, request=req_a, expected_seq=0, outcome="approve",
                     rationale="a", user_id=REVIEWER, until=None, now=now)
        first.commit()
        with pytest.raises(store.LostRace):
            store.decide(session=second, workspace_id=TEAM_A, request=req_b, expected_seq=0, outcome="deny",
                         rationale="b", user_id=REVIEWER2, until=None, now=now)
        second.rollback()
    finally:
        first.close()
        second.close()
    assert [(d.outcome, d.seq) for d in decisions(engine)] == [("approve", 1)]


def test_home_blocks_for_reviewers_and_askers(slack: Slack, fake: FakeSlack, engine, settings) -> None:  # type: ignore[no-untyped-def]
    from bot.respond import build_client
    from bot.services.reviews import home_blocks

    deps = Deps(settings=settings, engine=engine)
    client = build_client(settings)
    now = datetime.now(UTC)
    assert home_blocks(deps=deps, client=client, team_id=TEAM_A, user_id=OWNER, now=now) == []
    setup_channel(slack)
    ask_and_request(slack)
    reviewer = json.dumps(home_blocks(deps=deps, client=client, team_id=TEAM_A, user_id=REVIEWER, now=now))
    asker = json.dumps(home_blocks(deps=deps, client=client, team_id=TEAM_A, user_id=OWNER, now=now))
    other = home_blocks(deps=deps, client=client, team_id=TEAM_A, user_id=OTHER, now=now)
    assert "Open OSPO requests to decide" in reviewer and "R-1" in reviewer
    assert "waiting for a decision" in asker and "R-1" in asker and "to decide" not in asker
    assert other == []
    assert home_blocks(deps=deps, client=client, team_id=TEAM_B, user_id=REVIEWER, now=now) == []


def test_precedent_cache_reloads_after_its_ttl(engine) -> None:  # type: ignore[no-untyped-def]
    """A decision written by another process shows in answers within the cache's TTL, not before."""
    from bot.services.precedents import PrecedentCache
    from bot.storage import repository as repo
    from bot.storage.db import session_scope

    now = datetime(2026, 12, 3, 10, tzinfo=UTC)
    cache = PrecedentCache(ttl=timedelta(seconds=30))
    assert cache.get(engine, TEAM_A, now) == []
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id=TEAM_A, now=now)
        verdict = {"verdict": "review", "license": "llama-2", "policy": "guide"}
        req = store.add_request(session=s, workspace_id=TEAM_A, asker_id=OWNER, question="q", verdict=verdict,
                                verdict_json="{}", rules=["use.x"], service=None, surface="command", now=now)
        store.decide(session=s, workspace_id=TEAM_A, request=req, expected_seq=0, outcome="approve",
                     rationale="ok", user_id=REVIEWER, until=date(2027, 6, 30), now=now)
    assert cache.get(engine, TEAM_A, now + timedelta(seconds=10)) == []
    live = cache.get(engine, TEAM_A, now + timedelta(seconds=31))
    assert [p.request.number for p in live] == [1]
    activity = store.activity_key(license="llama-2", policy="guide", rules=["use.x"])
    assert store.pick_precedent(live, question="Q?", activity=None, today=now.date()) is not None
    assert store.pick_precedent(live, question="other", activity=activity, today=now.date()) is not None
    assert store.pick_precedent(live, question="other", activity=None, today=now.date()) is None
    # on its end date an approval is no precedent, whatever the cache holds
    assert store.pick_precedent(live, question="q", activity=None, today=date(2027, 6, 30)) is None
    assert cache.get(engine, TEAM_B, now) == []


def test_slack_failures_leave_nothing_lost(slack: Slack, fake: FakeSlack, engine, settings) -> None:  # type: ignore[no-untyped-def]
    from bot.jobs.clock import Jobs, tick
    from bot.jobs.slack import make_jobs_client

    setup_channel(slack)
    # not in the review channel: the request is kept and the asker told what to do
    fake.fail_next("chat.postMessage", status=200, body={"ok": False, "error": "not_in_channel"})
    sent = slack.command("request can we use Llama 2 to screen job applicants?", user=OWNER)
    assert "recorded as *R-1*" in sent.text and "/invite @Herdbook" in sent.text
    # the asker's DM fails now (Slack 500s): the decision stands, the outbox row waits for the clock
    fake.fail_next("chat.postMessage", status=500, times=3)
    assert "Recorded" in slack.command("decide R-1 answer Only with a human reviewer", user=REVIEWER).text
    with Session(engine) as s:
        (row,) = s.exec(select(Notification).where(Notification.kind == "review_decision")).all()
        assert row.status == "failed" and row.channel == OWNER
    jobs = Jobs(engine=engine, client=make_jobs_client(settings), settings=settings)
    tick(jobs=jobs, now=datetime.now(UTC) + timedelta(hours=2))
    dms = [c for c in fake.calls_to("chat.postMessage") if c.body.get("channel") == OWNER]
    assert dms and "Only with a human reviewer" in dms[-1].body["text"]
    with Session(engine) as s:
        assert s.exec(select(Notification).where(Notification.kind == "review_decision")).one().status == "sent"
