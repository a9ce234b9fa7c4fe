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

from bot.blocks.verdict import NOT_LEGAL_ADVICE, cut, escape

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


def _evidence(text: str | None) -> str:
    if not text:
        return "no evidence linked"
    if text.startswith(("https://", "http://")):
        return f"evidence: <{escape(text)}|link>"
    return f"evidence: {escape(text)}"


def duties_text(*, service_name: str, license: str, states: Sequence[DutyState]) -> str:
    open_ = [s.duty.title for s in states if not s.done]
    service_name = escape(service_name)
    if not states:
        return f"{service_name} ({license}): no license duties are on record for this version."
    head = f"{service_name} ({license}): {len(states) - len(open_)} of {len(states)} license duties done."
    return head + (f" Open: {', '.join(open_)}." if open_ else "")


def duties_blocks(*, service_id: int, service_name: str, license: str, states: Sequence[DutyState]
                  ) -> list[dict[str, Any]]:
    blocks: list[Any] = [
        HeaderBlock(text=cut(f"License duties: {service_name}", 150)),
        ContextBlock(elements=[MarkdownTextObject(text=cut(
            f"{escape(license)}: what the license asks of a service that redistributes the model or makes it "
            "available. Tick a duty once it is met; the owner or an admin can, and every tick is audited.", 2000))]),
    ]
    for s in states:
        option = Option(value=_key(service_id, s.duty.id), text="Done")
        text = (f"*{s.duty.title}* ({escape(s.duty.clause)})\n{escape(s.duty.task)}\n_{_evidence(s.evidence)}_")
        blocks.append(SectionBlock(
            block_id=f"duty:{service_id}:{s.duty.id}", text=MarkdownTextObject(text=cut(text, 3000)),
            accessory=CheckboxesElement(action_id=TICK_ACTION, options=[option],
                                        **({"initial_options": [option]} if s.done else {}))))
    if states:
        blocks.append(SectionBlock(
            text=MarkdownTextObject(text="Link evidence (a URL, such as the model card or the Notice file):"),
            accessory=ButtonElement(text="Add evidence", action_id=EVIDENCE_ACTION, value=str(service_id))))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=NOT_LEGAL_ADVICE)]))
    return [b.to_dict() for b in blocks[:50]]


def evidence_modal(*, service_id: int, service_name: str, states: Sequence[DutyState],
                   response_url: str | None) -> dict[str, Any]:
    from slack_sdk.models.blocks import StaticSelectElement

    options = [Option(value=s.duty.id, text=cut(s.duty.title, 75)) for s in states]
    return View(
        type="modal", callback_id=EVIDENCE_CALLBACK, title="Duty evidence", submit="Save", close="Cancel",
        private_metadata=json.dumps({"service_id": service_id, "response_url": response_url}),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=cut(f"*{escape(service_name)}*", 3000))),
            InputBlock(block_id="duty", label="Duty", element=StaticSelectElement(action_id="value", options=options)),
            InputBlock(block_id=EVIDENCE_BLOCK, label="Evidence link", element=UrlInputElement(action_id="value"),
                       hint="Saving marks the duty done, with this link as its evidence."),
        ],
    ).to_dict()
