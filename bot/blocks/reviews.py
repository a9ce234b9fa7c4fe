"""Block Kit for the OSPO review queue: the Ask button, precedents, the review message, the modal, lists.

Pure builders (dicts in, dicts out). Every text that came from a person (the question, a rationale)
goes through `slack_escape` before it reaches Slack. The words are the catalogs' (bot/locales/, [review]),
in `lang`: the reader's (a DM, a modal, an answer) or the workspace's (the review channel).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from bot.blocks.verdict import EMOJI, cut
from bot.escape import slack_escape
from bot.i18n import t
from rules import i18n as rules_i18n

ASK_ACTION = "review_ask"
DECIDE_ACTIONS = {"review_approve": ("approve", False), "review_approve_until": ("approve", True),
                  "review_deny": ("deny", False), "review_answer": ("answer", False)}
MODAL_CALLBACK = "review_decide"
RATIONALE_BLOCK, RATIONALE_ACTION = "rationale", "rationale"
UNTIL_BLOCK, UNTIL_ACTION = "until", "until"
DECISION_EMOJI = {"approve": ":white_check_mark:", "deny": ":no_entry:", "answer": ":speech_balloon:"}
BUTTON_VALUE_LIMIT = 1900


def day(d: date | datetime, lang: str = "en") -> str:
    """3 Dec 2026 (English), 2026년 12월 3일 (Korean)."""
    if lang != "en":
        return rules_i18n.date(f"{d:%Y-%m-%d}", lang)
    return f"{d.day} {d:%b %Y}"


def past(outcome: str, lang: str = "en") -> str:
    """"approved", "denied", "answered" in `lang`."""
    return t(f"review.past_{outcome}", lang)


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


def ask_button_block(question: str, lang: str = "en") -> dict[str, Any]:
    """The "Ask the OSPO" button under a review/unclear/prohibited answer; it carries the question."""
    # Slack refuses a button value over 2000 characters; quotes and backslashes grow when encoded.
    limit = BUTTON_VALUE_LIMIT
    value = json.dumps({"q": question[:limit]}, ensure_ascii=False)
    while len(value) > 2000:
        limit -= 100
        value = json.dumps({"q": question[:limit]}, ensure_ascii=False)
    return {"type": "actions", "block_id": "review_ask",
            "elements": [{"type": "button", "action_id": ASK_ACTION, "value": value,
                          "text": {"type": "plain_text", "text": t("review.ask_button", lang)}}]}


def _until(until: date | None, lang: str) -> str:
    return t("review.until", lang, date=day(until, lang)) if until is not None else ""


def precedent_line(*, outcome: str, decided_at: datetime, number: int, until: date | None, rationale: str,
                   lang: str = "en") -> str:
    """"The OSPO approved this on 3 Dec 2026 (R-12), until 30 Jun 2027: <rationale>" (mrkdwn, escaped)."""
    return t(f"review.precedent_{outcome}", lang, date=day(decided_at, lang), rid=rid(number),
             until=_until(until, lang), rationale=slack_escape(rationale))


def precedent_json(*, outcome: str, decided_at: datetime, number: int, until: date | None, rationale: str,
                   decided_by: str) -> dict[str, Any]:
    return {"request": rid(number), "decision": outcome, "decided_at": decided_at.isoformat(),
            "decided_by": decided_by, "until": until.isoformat() if until else None, "rationale": rationale}


def precedent_block(*, outcome: str, line: str, lang: str = "en") -> dict[str, Any]:
    return _section(f"{DECISION_EMOJI[outcome]} {t('review.precedent_header', lang)}\n{line}",
                    block_id="review_precedent")


# -- the review channel ------------------------------------------------------------------------


def decide_buttons(*, number: int, seq: int, again: bool, lang: str = "en") -> dict[str, Any]:
    value = json.dumps({"r": number, "seq": seq})
    elements = []
    for action_id in DECIDE_ACTIONS:
        label = t(f"review.button_{action_id.removeprefix('review_')}", lang)
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
                    history: list[dict[str, Any]] | None = None, lang: str = "en") -> tuple[str, list[dict[str, Any]]]:
    """The review-channel message of one request; after a decision the same message shows it (chat.update).
    `lang`: the workspace's channel language."""
    word = str(verdict.get("verdict", ""))
    shown_word = word.replace("_", " ") if lang == "en" or not word else rules_i18n.text(f"label.{word}", lang)
    head = t("review.head", lang, rid=rid(number), asker=asker_id, question=slack_escape(question))
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": cut(t("review.header", lang, rid=rid(number)), 150)}},
        _section(t("review.asks", lang, asker=asker_id, question=slack_escape(question))
                 + (t("review.service", lang, service=slack_escape(service)) if service else "")
                 + t("review.said", lang, emoji=EMOJI.get(word, ""), word=shown_word,
                     license=verdict.get("license"), policy=verdict.get("policy"))),
    ]
    for reason in list(verdict.get("reasons") or [])[:6]:
        blocks.append(_section(f"*{slack_escape(str(reason.get('clause')))}*\n{slack_escape(str(reason.get('message')))}"))
    if decision is not None:
        blocks.append({"type": "divider"})
        blocks.append(_section(decision_line(decision, lang), block_id="review_decision"))
        for old in (history or [])[:5]:
            blocks.append(_context(t("review.earlier", lang, line=decision_line(old, lang))))
        blocks.append(_context(t("review.change", lang)))
        text = t("review.text_decided", lang, head=head, line=decision_line(decision, lang))
    else:
        text = t("review.text_open", lang, head=head)
    blocks.append(decide_buttons(number=number, seq=seq, again=decision is not None, lang=lang))
    return cut(text, 3000), blocks


def decision_line(d: dict[str, Any], lang: str = "en") -> str:
    """'*Approved* by <@U> on 3 Dec 2026, until 30 Jun 2027: rationale' (d: outcome, by, at, until, rationale)."""
    return DECISION_EMOJI[d["outcome"]] + " " + t(
        f"review.decision_{d['outcome']}", lang, by=d["by"], date=day(d["at"], lang),
        until=_until(d.get("until"), lang), expired=t("review.expired", lang) if d.get("expired") else "",
        rationale=slack_escape(d["rationale"]))


def decide_modal(*, number: int, seq: int, outcome: str, with_until: bool, question: str,
                 channel: str | None, ts: str | None, lang: str = "en") -> dict[str, Any]:
    meta = json.dumps({"r": number, "seq": seq, "outcome": outcome, "channel": channel, "ts": ts})
    title = t(f"review.modal_{outcome}", lang, rid=rid(number))
    blocks: list[dict[str, Any]] = [
        _section(f"*{rid(number)}*: {slack_escape(cut(question, 500))}"),
        {"type": "input", "block_id": RATIONALE_BLOCK,
         "label": {"type": "plain_text", "text": t("review.rationale" if outcome != "answer" else "review.answer", lang)},
         "element": {"type": "plain_text_input", "action_id": RATIONALE_ACTION, "multiline": True,
                     "max_length": 2900}},
    ]
    if with_until:
        blocks.append({"type": "input", "block_id": UNTIL_BLOCK,
                       "label": {"type": "plain_text", "text": t("review.approved_until", lang)},
                       "element": {"type": "datepicker", "action_id": UNTIL_ACTION}})
    return {"type": "modal", "callback_id": MODAL_CALLBACK, "private_metadata": meta,
            "title": {"type": "plain_text", "text": cut(title, 24)},
            "submit": {"type": "plain_text", "text": t("review.decide", lang)},
            "close": {"type": "plain_text", "text": t("review.cancel", lang)}, "blocks": blocks}


# -- asker and lists ---------------------------------------------------------------------------


def decision_dm(*, number: int, question: str, decision: dict[str, Any], lang: str = "en"
                ) -> tuple[str, list[dict[str, Any]]]:
    text = t("review.decision_dm", lang, rid=rid(number), question=slack_escape(cut(question, 200)),
             line=decision_line(decision, lang))
    return cut(text, 3000), [_section(text)]


def expiry_message(*, number: int, question: str, until: date, expired: bool, lang: str = "en"
                   ) -> tuple[str, list[dict[str, Any]]]:
    text = t("review.expired_dm" if expired else "review.expiring_dm", lang, rid=rid(number),
             question=slack_escape(cut(question, 200)), date=day(until, lang))
    return text, [_section(text)]


def requests_list(*, title: str, rows: list[dict[str, Any]], lang: str = "en") -> tuple[str, list[dict[str, Any]]]:
    """rows: number, status, asker, question, verdict, decision (dict or None)."""
    if not rows:
        text = t("review.list_none", lang, title=title)
        return text, [_section(text)]
    lines = []
    for r in rows:
        status = t(f"review.status_{r['status']}", lang) if r["status"] in ("open", "decided", "expired") else r["status"]
        line = t("review.list_line", lang, rid=rid(r["number"]), status=status, asker=r["asker"],
                 question=slack_escape(cut(r["question"], 150)))
        if r.get("decision"):
            line += f"\n    {decision_line(r['decision'], lang)}"
        lines.append(line)
    text = f"{title}:\n" + "\n".join(lines)
    blocks = [_section(f"*{title}*")] + [_section(line) for line in lines[:40]]
    return cut(text, 3000), blocks


def home_section(*, reviewer_rows: list[dict[str, Any]], pending_rows: list[dict[str, Any]],
                 is_reviewer: bool, lang: str = "en") -> list[dict[str, Any]]:
    """Blocks for the App Home: a reviewer's open requests, an asker's pending ones (empty: nothing)."""
    blocks: list[dict[str, Any]] = []
    if is_reviewer:
        _, listed = requests_list(title=t("review.home_to_decide", lang), rows=reviewer_rows, lang=lang)
        blocks += [{"type": "divider"}, *listed]
    if pending_rows:
        _, listed = requests_list(title=t("review.home_waiting", lang), rows=pending_rows, lang=lang)
        blocks += [{"type": "divider"}, *listed]
    return blocks[:40]
