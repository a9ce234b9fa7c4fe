"""Block Kit for one Verdict: verdict, reasons with clause and source, suggestions, a small footer.

Built as plain dicts in slack_sdk's shape (bot/blocks/kit.py), with Slack's limits (3000 characters
a section, 150 a header, 10 context elements) checked as each block is made and 50 blocks a message
kept by the budget below. No reason is ever dropped:
an answer with many reasons shows the deciding ones first and folds the rest behind a "Show all
reasons" button, which replaces the message with every reason (bot/listeners/verdict.py); a reason
longer than a section continues in the next one.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from bot.blocks import kit
from bot.blocks.kit import BlockDict
from bot.escape import slack_escape
from bot.i18n import t
from rules import Verdict
from rules import i18n as rules_i18n

if TYPE_CHECKING:
    from slack_sdk.models.blocks import Block

NOT_LEGAL_ADVICE = t("verdict.footer", "en")

EMOJI = {
    "allowed": ":white_check_mark:",
    "prohibited": ":no_entry:",
    "license_required": ":warning:",
    "review": ":mag:",
    "unclear": ":grey_question:",
}
SOURCE_LABEL = {"license": t("verdict.source_license", "en"), "policy": t("verdict.source_policy", "en")}
FOLD_AFTER = 5  # reasons shown before "Show all reasons"
MAX_SUGGESTIONS = 5
MAX_BLOCKS = 50  # Slack's limit for one message
SECTION_LIMIT = 3000
SHOW_ALL_ACTION = "verdict_show_all_reasons"
_BUTTON_VALUE_LIMIT = 2000

_ID_LIST_NOTE = re.compile(r"^(recognised|named but only detected/moderated/studied): (.+)$")
# The English heads of the engine's id-list notes (their activity ids in words from rules/locales/en.toml).
_NOTE_HEADS = {"recognised": "verdict.note_recognised",
               "named but only detected/moderated/studied": "verdict.note_detected"}


def cut(text: str, limit: int) -> str:
    """Shorten to `limit` characters with an ellipsis (Slack rejects longer fields outright).

    An escape (`&lt;`) is never cut in half: a stray `&l` would read as garbage."""
    if len(text) <= limit:
        return text
    return re.sub(r"&[a-z]{0,4}$", "", text[: limit - 1]).rstrip() + "\u2026"


# The one escaping function (bot/escape.py), under the name the builders have always imported.
escape = slack_escape


def label(verdict: Verdict, lang: str = "en") -> str:
    """The verdict word: "license required" / "라이선스 필요"."""
    return verdict.label if lang == "en" else rules_i18n.text(f"label.{verdict.verdict}", lang)


def human_note(note: str, lang: str = "en") -> str:
    """A rules note in human words: "recognised: train_llm_on_outputs" -> "Recognised: training another LLM ..."."""
    if lang != "en":
        return rules_i18n.note(note, lang)
    m = _ID_LIST_NOTE.match(note)
    if not m:
        return note
    words = rules_i18n.catalog("en")
    items = [words.get(f"activity.{i.strip()}", i.strip().replace("_", " ")) for i in m.group(2).split(",")]
    return t(_NOTE_HEADS[m.group(1)], "en", items=", ".join(items))


def _chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` characters, split at a line or word break where there is one."""
    pieces = []
    while len(text) > limit:
        cut_at = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        cut_at = cut_at if cut_at > limit // 2 else limit
        pieces.append(text[:cut_at].rstrip())
        text = text[cut_at:].lstrip()
    return [*pieces, text] if text else pieces


def _reason_text(reason: Any, verdict: Verdict | None = None, lang: str = "en", *, first: bool = False) -> str:
    """A reason with its clause and source. In Korean: the Korean explanation, then the license's own
    words (English) quoted beside it; the clause name stays as the license writes it."""
    source = t(f"verdict.source_{reason.source}", lang) if reason.source in SOURCE_LABEL else reason.source
    said = rules_i18n.explain(reason, verdict, lang, first=first) if lang != "en" and verdict is not None else None
    if said:
        return t("verdict.reason_explained", lang, clause=escape(reason.clause), source=source, text=escape(said),
                 message=escape(reason.message))
    return t("verdict.reason", lang, clause=escape(reason.clause), source=source, message=escape(reason.message))


def _reason_sections(reasons: Any, *, budget: int, verdict: Verdict | None = None,
                     lang: str = "en") -> list[BlockDict]:
    """Every reason, in order, in at most `budget` sections: one a reason while they fit, else several reasons
    to a section (whole reasons together; only a reason longer than a section is split)."""
    pieces = [p for i, r in enumerate(reasons) for p in _chunks(_reason_text(r, verdict, lang, first=i == 0))]
    if len(pieces) > budget:
        packed: list[str] = []
        for piece in pieces:
            if packed and len(packed[-1]) + 2 + len(piece) <= SECTION_LIMIT:
                packed[-1] += "\n\n" + piece
            else:
                packed.append(piece)
        pieces = packed
    return [kit.section(p) for p in pieces[:budget]]


def show_all_value(question: str) -> str:
    """The button's value: the question, so that the listener can answer it again with every reason."""
    return json.dumps({"q": question[: _BUTTON_VALUE_LIMIT - 20]}, ensure_ascii=False)[:_BUTTON_VALUE_LIMIT]


def verdict_text(verdict: Verdict, *, subject: str, lang: str = "en") -> str:
    """The plain fallback: starts with the verdict word, then what was asked and the first reason."""
    first = verdict.reasons[0].message if verdict.reasons else ""
    if first and lang != "en":
        first = rules_i18n.explain(verdict.reasons[0], verdict, lang, first=True) or first
    text = t("verdict.text", lang, label=label(verdict, lang), subject=subject, license=verdict.license,
             policy=verdict.policy)
    if first:
        text += f" {first}"
    if verdict.suggestions:
        items = "; ".join(rules_i18n.suggestion(s, lang) for s in verdict.suggestions[:MAX_SUGGESTIONS])
        text += t("verdict.text_try", lang, items=items)
    # Nothing here is a mention Herdbook built, and the subject echoes the question: escape it all.
    return cut(escape(text), 3000)


def verdict_blocks(verdict: Verdict, *, subject: str, question: str | None = None,
                   expanded: bool = False, lang: str = "en") -> list[BlockDict]:
    """The answer. With more than FOLD_AFTER reasons and a `question` to answer again, the rest wait behind a
    "Show all reasons" button; `expanded` (or no `question`) shows every reason."""
    word = label(verdict, lang)
    meta = {"subject": escape(subject), "license": verdict.license, "policy": verdict.policy}
    blocks: list[BlockDict] = [
        kit.header(cut(t("verdict.header", lang, emoji=EMOJI.get(verdict.verdict, ""),
                         label=word.capitalize()).strip(), 150)),
        kit.section(cut(
            t("verdict.meta", lang, **meta) if verdict.mau is None
            else t("verdict.meta_mau", lang, mau=rules_i18n.count(verdict.mau, lang), **meta), SECTION_LIMIT)),
    ]
    tail: list[BlockDict] = []
    if verdict.suggestions:
        lines = "\n".join(f"\u2022 {escape(rules_i18n.suggestion(s, lang))}"
                          for s in verdict.suggestions[:MAX_SUGGESTIONS])
        tail.append(kit.section(cut(t("verdict.try_instead", lang, lines=lines), SECTION_LIMIT)))
    footer = [escape(human_note(n, lang)) for n in verdict.notes[:3]] + [t("verdict.footer", lang)]
    tail.append(kit.divider())
    tail.append(kit.context([cut(t, 2000) for t in footer]))

    reasons = verdict.reasons
    folded = not expanded and question is not None and len(reasons) > FOLD_AFTER
    if folded:
        blocks += _reason_sections(reasons[:FOLD_AFTER], budget=FOLD_AFTER, verdict=verdict, lang=lang)
        more = len(reasons) - FOLD_AFTER
        blocks.append(kit.actions(block_id="verdict_more", elements=[kit.button(
            text=t("verdict.show_all", lang, more=more), action_id=SHOW_ALL_ACTION,
            value=show_all_value(question or ""))]))
    else:
        blocks += _reason_sections(reasons, budget=MAX_BLOCKS - len(blocks) - len(tail), verdict=verdict, lang=lang)
    return blocks + tail


def message_blocks(text: str) -> list[BlockDict]:
    """A plain message (refusals, "not available yet", problems) as one section."""
    return [kit.section(cut(text, 3000))]


def as_dicts(blocks: list[Block] | list[BlockDict]) -> list[dict[str, Any]]:
    """Blocks as Slack receives them: slack_sdk models serialised (and so validated against Slack's
    limits), plain dicts from bot/blocks/kit.py (validated when made) as they are."""
    return [b if isinstance(b, dict) else b.to_dict() for b in blocks]
