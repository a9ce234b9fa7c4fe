"""Block Kit for the OSPO review queue: the Ask button, precedents, the review message, the modal, lists.

Pure builders (dicts in, dicts out). Every text that came from a person (the question, a rationale)
goes through `slack_escape` before it reaches Slack.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from bot.blocks.verdict import EMOJI, cut
from bot.escape import slack_escape

ASK_ACTION = "review_ask"
DECIDE_ACTIONS = {"review_approve": ("approve", False), "review_approve_until": ("approve", True),
                  "review_deny": ("deny", False), "review_answer": ("answer", False)}
MODAL_CALLBACK = "review_decide"
RATIONALE_BLOCK, RATIONALE_ACTION = "rationale", "rationale"
UNTIL_BLOCK, UNTIL_ACTION = "until", "until"
PAST = {"approve": "approved", "deny": "denied", "answer": "answered"}
DECISION_EMOJI = {"approve": ":white_check_mark:", "deny": ":no_entry:", "answer": ":speech_balloon:"}
BUTTON_VALUE_LIMIT = 1900


def day(d: date | datetime) -> str:
    """3 Dec 2026."""
    return f"{d.day} {d:%b %Y}"


def rid(number: int) -> str:
    return f"R-{number}"


def _section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": cut(text, 3000)}}
    if block_id:
        block["block_id"] = block_id
    return block


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(text, 2000)}]}


# -- answers -------------------------------------------------------------------------------------


def ask_button_block(question: str) -> dict[str, Any]:
    """The "Ask the OSPO" button under a review/unclear/prohibited answer; it carries the question."""
    # Slack refuses a button value over 2000 characters; quotes and backslashes grow when encoded.
    limit = BUTTON_VALUE_LIMIT
    value = json.dumps({"q": question[:limit]}, ensure_ascii=False)
    while len(value) > 2000:
        limit -= 100
        value = json.dumps({"q": question[:limit]}, ensure_ascii=False)
    return {"type": "actions", "block_id": "review_ask",
            "elements": [{"type": "button", "action_id": ASK_ACTION, "value": value,
                          "text": {"type": "plain_text", "text": "Ask the OSPO"}}]}


def precedent_line(*, outcome: str, decided_at: datetime, number: int, until: date | None, rationale: str) -> str:
    """"The OSPO approved this on 3 Dec 2026 (R-12), until 30 Jun 2027: <rationale>" (mrkdwn, escaped)."""
    text = f"The OSPO {PAST[outcome]} this on {day(decided_at)} ({rid(number)})"
    if until is not None:
        text += f", until {day(until)}"
    return f"{text}: {slack_escape(rationale)}"


def precedent_json(*, outcome: str, decided_at: datetime, number: int, until: date | None, rationale: str,
                   decided_by: str) -> dict[str, Any]:
    return {"request": rid(number), "decision": outcome, "decided_at": decided_at.isoformat(),
            "decided_by": decided_by, "until": until.isoformat() if until else None, "rationale": rationale}


def precedent_block(*, outcome: str, line: str) -> dict[str, Any]:
    return _section(f"{DECISION_EMOJI[outcome]} *OSPO decision*\n{line}", block_id="review_precedent")


# -- the review channel ------------------------------------------------------------------------


def decide_buttons(*, number: int, seq: int, again: bool) -> dict[str, Any]:
    value = json.dumps({"r": number, "seq": seq})
    labels = {"review_approve": "Approve", "review_approve_until": "Approve until\u2026", "review_deny": "Deny",
              "review_answer": "Answer"}
    elements = []
    for action_id, label in labels.items():
        button: dict[str, Any] = {"type": "button", "action_id": action_id, "value": value,
                                  "text": {"type": "plain_text", "text": label}}
        if action_id == "review_approve" and not again:
            button["style"] = "primary"
        if action_id == "review_deny" and not again:
            button["style"] = "danger"
        elements.append(button)
    return {"type": "actions", "block_id": f"review_decide_{number}", "elements": elements}


def request_message(*, number: int, asker_id: str, question: str, verdict: dict[str, Any], service: str | None,
                    seq: int, decision: dict[str, Any] | None = None,
                    history: list[dict[str, Any]] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The review-channel message of one request; after a decision the same message shows it (chat.update)."""
    word = str(verdict.get("verdict", ""))
    head = f"{rid(number)} from <@{asker_id}>: {slack_escape(question)}"
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": cut(f"{rid(number)}: OSPO review requested", 150)}},
        _section(f"<@{asker_id}> asks: {slack_escape(question)}"
                 + (f"\n_Service_ *{slack_escape(service)}*" if service else "")
                 + f"\n_Herdbook said_ {EMOJI.get(word, '')} *{word.replace('_', ' ')}* \u00b7 _license_ "
                 f"`{verdict.get('license')}` \u00b7 _policy_ `{verdict.get('policy')}`"),
    ]
    for reason in list(verdict.get("reasons") or [])[:6]:
        blocks.append(_section(f"*{slack_escape(str(reason.get('clause')))}*\n{slack_escape(str(reason.get('message')))}"))
    if decision is not None:
        blocks.append({"type": "divider"})
        blocks.append(_section(decision_line(decision), block_id="review_decision"))
        for old in (history or [])[:5]:
            blocks.append(_context("Earlier: " + decision_line(old)))
        blocks.append(_context("Change the decision:"))
        text = f"{head} \u2014 {decision_line(decision)}"
    else:
        text = f"OSPO review requested: {head}"
    blocks.append(decide_buttons(number=number, seq=seq, again=decision is not None))
    return cut(text, 3000), blocks


def decision_line(d: dict[str, Any]) -> str:
    """'*Approved* by <@U> on 3 Dec 2026, until 30 Jun 2027: rationale' (d: outcome, by, at, until, rationale)."""
    text = f"{DECISION_EMOJI[d['outcome']]} *{PAST[d['outcome']].capitalize()}* by <@{d['by']}> on {day(d['at'])}"
    if d.get("until"):
        text += f", until {day(d['until'])}"
    if d.get("expired"):
        text += " (expired)"
    return f"{text}: {slack_escape(d['rationale'])}"


def decide_modal(*, number: int, seq: int, outcome: str, with_until: bool, question: str,
                 channel: str | None, ts: str | None) -> dict[str, Any]:
    meta = json.dumps({"r": number, "seq": seq, "outcome": outcome, "channel": channel, "ts": ts})
    title = {"approve": "Approve", "deny": "Deny", "answer": "Answer"}[outcome] + f" {rid(number)}"
    blocks: list[dict[str, Any]] = [
        _section(f"*{rid(number)}*: {slack_escape(cut(question, 500))}"),
        {"type": "input", "block_id": RATIONALE_BLOCK,
         "label": {"type": "plain_text", "text": "Rationale" if outcome != "answer" else "Answer"},
         "element": {"type": "plain_text_input", "action_id": RATIONALE_ACTION, "multiline": True,
                     "max_length": 2900}},
    ]
    if with_until:
        blocks.append({"type": "input", "block_id": UNTIL_BLOCK,
                       "label": {"type": "plain_text", "text": "Approved until"},
                       "element": {"type": "datepicker", "action_id": UNTIL_ACTION}})
    return {"type": "modal", "callback_id": MODAL_CALLBACK, "private_metadata": meta,
            "title": {"type": "plain_text", "text": cut(title, 24)},
            "submit": {"type": "plain_text", "text": "Decide"},
            "close": {"type": "plain_text", "text": "Cancel"}, "blocks": blocks}


# -- asker and lists ---------------------------------------------------------------------------


def decision_dm(*, number: int, question: str, decision: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    line = decision_line(decision)
    text = f"The OSPO decided your request {rid(number)} ({slack_escape(cut(question, 200))}): {line}"
    return cut(text, 3000), [_section(text)]


def expiry_message(*, number: int, question: str, until: date, expired: bool) -> tuple[str, list[dict[str, Any]]]:
    if expired:
        text = (f":hourglass: The OSPO's approval of {rid(number)} ({slack_escape(cut(question, 200))}) expired on "
                f"{day(until)}. Ask again if it is still needed.")
    else:
        text = (f":hourglass_flowing_sand: The OSPO's approval of {rid(number)} ({slack_escape(cut(question, 200))}) "
                f"expires on {day(until)}, in 14 days or less. Ask again if it is still needed.")
    return text, [_section(text)]


def requests_list(*, title: str, rows: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """rows: number, status, asker, question, verdict, decision (dict or None)."""
    if not rows:
        text = f"{title}: none."
        return text, [_section(text)]
    lines = []
    for r in rows:
        line = f"*{rid(r['number'])}* \u00b7 {r['status']} \u00b7 <@{r['asker']}>: {slack_escape(cut(r['question'], 150))}"
        if r.get("decision"):
            line += f"\n    {decision_line(r['decision'])}"
        lines.append(line)
    text = f"{title}:\n" + "\n".join(lines)
    blocks = [_section(f"*{title}*")] + [_section(line) for line in lines[:40]]
    return cut(text, 3000), blocks


def home_section(*, reviewer_rows: list[dict[str, Any]], pending_rows: list[dict[str, Any]],
                 is_reviewer: bool) -> list[dict[str, Any]]:
    """Blocks for the App Home: a reviewer's open requests, an asker's pending ones (empty: nothing)."""
    blocks: list[dict[str, Any]] = []
    if is_reviewer:
        _, listed = requests_list(title="Open OSPO requests to decide", rows=reviewer_rows)
        blocks += [{"type": "divider"}, *listed]
    if pending_rows:
        _, listed = requests_list(title="Your OSPO requests waiting for a decision", rows=pending_rows)
        blocks += [{"type": "divider"}, *listed]
    return blocks[:40]
