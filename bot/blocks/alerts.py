"""Block Kit for threshold alerts in the alert channel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.blocks.checkin import fmt_mau, month_name
from bot.escape import slack_escape

# Llama 2 Community License, §2 "Additional Commercial Terms" (the same words in Llama 3 to 4 with
# the version name changed). Quoted, not paraphrased: this is what the reader must act on.
SECTION_2 = (
    "If, on the Llama 2 version release date, the monthly active users of the products or services made "
    "available by or for Licensee, or Licensee's affiliates, is greater than 700 million monthly active "
    "users in the preceding calendar month, you must request a license from Meta, which Meta may grant to "
    "you in its sole discretion, and you are not authorized to exercise any of the rights under this "
    "Agreement unless or until Meta otherwise expressly grants you such rights."
)

WHAT_TO_DO = {
    50: "Nothing is required yet. Keep every service reporting monthly so the total stays accurate, and "
        "watch the forecast.",
    75: "Start planning: tell your open-source program office and legal team, and check whether affiliates' "
        "services are counted (the limit applies to the licensee and its affiliates together).",
    90: "Act now: prepare a request to Meta for a license before the total reaches the limit; the guide "
        "expects you to notify Meta and negotiate a license at the point of exceeding it.",
    100: "The license requires requesting a license from Meta. Until Meta grants it, the rights under the "
         "agreement do not cover you at this scale. Contact Meta and your legal team now.",
}


def _limit_words(limit: int, inclusive: bool) -> str:
    amount = f"{limit // 1_000_000:,} million" if limit % 1_000_000 == 0 else fmt_mau(limit)
    return f"{amount} or more" if inclusive else f"more than {amount}"


def alert_message(
    *, level: int, month: str, subject_name: str | None, value: int, total: int,
    top: Sequence[tuple[str, int]], limit: int, inclusive: bool, clause: str, forecast: str,
    carried: Sequence[str] = (),
) -> tuple[str, list[dict[str, Any]]]:
    """`subject_name` None: the company total; else one service. `top`: (service, value), largest first.

    Service names are as registered (user text) and are escaped here, in text and blocks alike."""
    who = "The company total" if subject_name is None else slack_escape(subject_name)
    top = [(slack_escape(name), v) for name, v in top]
    carried = [slack_escape(name) for name in carried]
    pct = value * 100 / limit if limit else 0.0
    if level == 100:
        headline = f"{who} reached the Llama license limit: {fmt_mau(value)} monthly active users in {month_name(month)}"
    else:
        headline = (f"{who} passed {level} % of the Llama license limit: {fmt_mau(value)} monthly active users "
                    f"in {month_name(month)} ({pct:.1f} % of {_limit_words(limit, False).replace('more than ', '')})")
    share = [f"• *{name}*: {fmt_mau(v)} ({v * 100 / total:.0f} %)" if total else f"• *{name}*: {fmt_mau(v)}"
             for name, v in top]
    lines = [
        f"Company total for {month_name(month)}: *{fmt_mau(total)}* (limit: {_limit_words(limit, inclusive)}).",
        "Largest services:\n" + ("\n".join(share) if share else "none reported"),
    ]
    if carried:
        shown = ", ".join(carried[:10]) + (f" and {len(carried) - 10} more" if len(carried) > 10 else "")
        lines.append(f"Not reported for {month_name(month)} yet, so counted at their last value: {shown}.")
    blocks: list[Any] = [
        HeaderBlock(text=("Llama MAU limit reached" if level == 100 else f"Llama MAU at {level} % of the limit")),
        SectionBlock(text=MarkdownTextObject(text=f"*{headline}.*")),
        SectionBlock(text=MarkdownTextObject(text="\n".join(lines))),
        SectionBlock(text=MarkdownTextObject(text=f"*What to do:* {WHAT_TO_DO[level]}")),
    ]
    if level == 100:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*{clause}* (Additional Commercial Terms):\n>{SECTION_2}")))
    blocks += [
        DividerBlock(),
        ContextBlock(elements=[MarkdownTextObject(text=forecast)]),
        ContextBlock(elements=[MarkdownTextObject(
            text="A sum over services is an upper bound on unique users. This is a reading of the license, "
                 "not legal advice."
        )]),
    ]
    text = f"{headline}. What to do: {WHAT_TO_DO[level]}"
    if level == 100:
        text += f' {clause}: "{SECTION_2}"'
    text += f" {forecast}"
    return text, [b.to_dict() for b in blocks]
