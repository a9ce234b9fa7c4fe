"""Block Kit for the monthly check-in: the DM, its reminders, the report modal and channel notices.

Pure builders: each returns `(text, blocks)` (or a View) with a plain-text fallback that says the
same thing, so notifications and screen readers read well without the blocks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.escape import slack_escape
from bot.i18n import count, t, translated
from bot.i18n import month as month_in

OPEN_ACTION = "checkin_open"
NO_CHANGE_ACTION = "checkin_no_change"
MODAL_CALLBACK = "checkin_report"
VALUE_BLOCK = "mau"
VALUE_ACTION = "value"
SECTION_LIMIT = 2900  # Slack's limit for a section's text is 3000 characters


def fmt_mau(value: int) -> str:
    return f"{value:,}"


def month_name(month: str) -> str:
    """"2026-10" -> "October 2026"."""
    return date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")


def _mau(value: int, lang: str) -> str:
    return fmt_mau(value) if lang == "en" else count(value, lang)


def _month(month: str, lang: str) -> str:
    return month_name(month) if lang == "en" else month_in(month, lang)


def _limit(lang: str) -> str:
    """The MAU limit as rules reads it ("700 million", "7억 명")."""
    import rules

    lim = rules.limits()
    return lim.limit_text if lang == "en" else count(lim.limit, lang)


def quoted(name: str) -> str:
    """A service name as typed in a command (quoted when it has spaces), escaped for Slack."""
    return slack_escape(f'"{name}"' if " " in name else name)


def _buttons(*, service_id: int, month: str, last_value: int | None, lang: str = "en") -> ActionsBlock:
    value = json.dumps({"service_id": service_id, "month": month})
    elements = [ButtonElement(text=t("checkin.report_button", lang, month=_month(month, lang)), action_id=OPEN_ACTION,
                              value=value, style="primary")]
    if last_value is not None:
        elements.append(ButtonElement(text=t("checkin.no_change_button", lang, value=_mau(last_value, lang)),
                                      action_id=NO_CHANGE_ACTION, value=value))
    return ActionsBlock(block_id=f"checkin:{service_id}:{month}", elements=elements)


def _last_line(last_value: int | None, last_month: str | None, lang: str = "en") -> str:
    if last_value is None or last_month is None:
        return t("checkin.none_yet", lang)
    return t("checkin.last", lang, value=_mau(last_value, lang), month=_month(last_month, lang))


def checkin_message(
    *, service_id: int, service_name: str, month: str, last_value: int | None, last_month: str | None,
    reminder_days: int | None = None, lang: str = "en",
) -> tuple[str, list[dict[str, Any]]]:
    """The DM asking an owner for last month's MAU (or reminding them `reminder_days` later), in the owner's
    language (their Slack locale)."""
    raw_name, service_name = service_name, slack_escape(service_name)
    ask = t("checkin.ask", lang, service=service_name, month=_month(month, lang))
    if reminder_days is not None:
        ask = t("checkin.reminder", lang, days=reminder_days, service=service_name, month=_month(month, lang)) + ask
    last = _last_line(last_value, last_month, lang)
    text = f"{ask} {last}".replace("*", "")
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=f"{ask}\n{last}")),
        _buttons(service_id=service_id, month=month, last_value=last_value, lang=lang),
        ContextBlock(elements=[MarkdownTextObject(
            text=t("checkin.footer", lang, service=quoted(raw_name), month=month, limit=_limit(lang))
        )]),
    ]
    return text, [b.to_dict() for b in blocks]


def report_modal(
    *, service_id: int, service_name: str, month: str, last_value: int | None,
    channel: str | None = None, message_ts: str | None = None, value: str | None = None, lang: str = "en",
) -> View:
    """The modal the check-in's button opens, pre-filled with the last value, in the reporter's language."""
    initial = value if value is not None else (str(last_value) if last_value is not None else None)
    meta = json.dumps({"service_id": service_id, "month": month, "channel": channel, "ts": message_ts,
                       **({"lang": lang} if lang != "en" else {})})
    element = PlainTextInputElement(action_id=VALUE_ACTION, placeholder=t("modal.placeholder", lang), max_length=40,
                                    **({"initial_value": initial} if initial else {}))
    return View(
        type="modal",
        callback_id=MODAL_CALLBACK,
        title=t("modal.title", lang),
        submit=t("modal.submit", lang),
        close=t("modal.close", lang),
        private_metadata=meta,
        blocks=[
            SectionBlock(text=MarkdownTextObject(
                text=t("modal.heading", lang, service=slack_escape(service_name), month=_month(month, lang))
            )),
            InputBlock(
                block_id=VALUE_BLOCK,
                label=t("modal.label", lang),
                element=element,
                hint=t("modal.hint", lang),
            ),
        ],
    )


def recorded_message(*, service_name: str, month: str, value: int, user_id: str, lang: str = "en"
                     ) -> tuple[str, list[dict[str, Any]]]:
    """What replaces the check-in DM once it is answered: the buttons go away."""
    values = {"service": slack_escape(service_name), "value": _mau(value, lang), "month": _month(month, lang)}
    text = t("modal.recorded_text", lang, **values)
    blocks = [SectionBlock(text=MarkdownTextObject(text=t("modal.recorded", lang, user=user_id, **values)))]
    return text, [b.to_dict() for b in blocks]


def owner_missing_message(*, service_name: str, owner_id: str | None, month: str, reason: str, lang: str = "en"
                          ) -> tuple[str, list[dict[str, Any]]]:
    """To the alert channel (in the workspace's language) when a service's owner cannot be asked."""
    who = t("owner_missing.who", lang, owner=owner_id) if owner_id else t("owner_missing.who_none", lang)
    raw_name, service_name = service_name, slack_escape(service_name)
    text = t("owner_missing.text", lang, who=who, service=service_name, month=_month(month, lang),
             reason=slack_escape(translated(reason, "owner_missing.reason_", lang)), quoted=quoted(raw_name),
             month_iso=month)
    blocks = [SectionBlock(text=MarkdownTextObject(text=text.replace(service_name, f"*{service_name}*", 1)))]
    return text, [b.to_dict() for b in blocks]


def summary_message(*, month: str, missing: Sequence[tuple[str, str | None]], lang: str = "en"
                    ) -> tuple[str, list[dict[str, Any]]]:
    """The one monthly list, to the alert channel (in the workspace's language), of services still without a number."""
    missing = [(slack_escape(name), owner) for name, owner in missing]
    head = t("summary.head_one" if len(missing) == 1 else "summary.head_many", lang, n=len(missing),
             month=_month(month, lang))
    lines = [t("summary.line", lang, name=name, owner="<@" + owner + ">" if owner else t("summary.owner_not_set", lang))
             for name, owner in missing]
    body, shown = "", 0
    for line in lines:
        if len(body) + len(line) + 1 > SECTION_LIMIT - 200:
            break
        body += line + "\n"
        shown += 1
    if shown < len(lines):
        body += t("summary.more", lang, n=len(lines) - shown)
    text = head + " " + "; ".join(t("summary.item", lang, name=name, owner="<@" + o + ">" if o
                                    else t("summary.no_owner", lang)) for name, o in missing[:shown])
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=head)),
        SectionBlock(text=MarkdownTextObject(text=body.strip() or "-")),
        ContextBlock(elements=[MarkdownTextObject(text=t("summary.footer", lang, month=month))]),
    ]
    return text, [b.to_dict() for b in blocks]
