"""Block Kit for a service's license duties: one section per duty with a checkbox and its evidence."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from slack_sdk.models.blocks import (
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    UrlInputElement,
)
from slack_sdk.models.views import View

from bot.blocks.verdict import cut, escape
from bot.i18n import t

if TYPE_CHECKING:
    from bot.services.duties import DutyState

# The checkbox of each duty; its block id is "duty:SERVICE_ID:DUTY_ID", which travels with every click,
# ticked or not (an unticked box has no selected option, and an ephemeral message no copy of its blocks).
TICK_ACTION = "duty_tick"
EVIDENCE_ACTION = "duty_evidence"  # button opening the evidence modal
EVIDENCE_CALLBACK = "duty_evidence_submit"
EVIDENCE_BLOCK = "evidence"


def _key(service_id: int, duty_id: str) -> str:
    return json.dumps({"s": service_id, "d": duty_id}, separators=(",", ":"))


def _evidence(text: str | None, lang: str = "en") -> str:
    if not text:
        return t("duties.no_evidence", lang)
    if text.startswith(("https://", "http://")):
        return t("duties.evidence_link", lang, url=escape(text))
    return t("duties.evidence_text", lang, text=escape(text))


def duties_text(*, service_name: str, license: str, states: Sequence[DutyState], lang: str = "en") -> str:
    open_ = [s.duty.title for s in states if not s.done]
    service_name = escape(service_name)
    if not states:
        return t("duties.none", lang, service=service_name, license=license)
    head = t("duties.head", lang, service=service_name, license=license, done=len(states) - len(open_),
             total=len(states))
    return head + (t("duties.open", lang, titles=t("duties.separator", lang).join(open_)) if open_ else "")


def duties_blocks(*, service_id: int, service_name: str, license: str, states: Sequence[DutyState],
                  lang: str = "en") -> list[dict[str, Any]]:
    blocks: list[Any] = [
        HeaderBlock(text=cut(t("duties.header", lang, service=service_name), 150)),
        ContextBlock(elements=[MarkdownTextObject(text=cut(t("duties.intro", lang, license=escape(license)), 2000))]),
    ]
    for s in states:
        option = Option(value=_key(service_id, s.duty.id), text=t("duties.done", lang))
        text = t("duties.line", lang, title=s.duty.title, clause=escape(s.duty.clause), task=escape(s.duty.task),
                 evidence=_evidence(s.evidence, lang))
        blocks.append(SectionBlock(
            block_id=f"duty:{service_id}:{s.duty.id}", text=MarkdownTextObject(text=cut(text, 3000)),
            accessory=CheckboxesElement(action_id=TICK_ACTION, options=[option],
                                        **({"initial_options": [option]} if s.done else {}))))
    if states:
        blocks.append(SectionBlock(
            text=MarkdownTextObject(text=t("duties.link_prompt", lang)),
            accessory=ButtonElement(text=t("duties.add_evidence", lang), action_id=EVIDENCE_ACTION,
                                    value=str(service_id))))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t("verdict.footer", lang))]))
    return [b.to_dict() for b in blocks[:50]]


def evidence_modal(*, service_id: int, service_name: str, states: Sequence[DutyState],
                   response_url: str | None, lang: str = "en") -> dict[str, Any]:
    from slack_sdk.models.blocks import StaticSelectElement

    options = [Option(value=s.duty.id, text=cut(s.duty.title, 75)) for s in states]
    return View(
        type="modal", callback_id=EVIDENCE_CALLBACK, title=t("duties.modal_title", lang),
        submit=t("duties.modal_submit", lang), close=t("duties.modal_close", lang),
        private_metadata=json.dumps({"service_id": service_id, "response_url": response_url,
                                     **({"lang": lang} if lang != "en" else {})}),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=cut(f"*{escape(service_name)}*", 3000))),
            InputBlock(block_id="duty", label=t("duties.modal_duty", lang),
                       element=StaticSelectElement(action_id="value", options=options)),
            InputBlock(block_id=EVIDENCE_BLOCK, label=t("duties.modal_link", lang),
                       element=UrlInputElement(action_id="value"), hint=t("duties.modal_hint", lang)),
        ],
    ).to_dict()
