"""Block Kit for threshold alerts in the alert channel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.blocks.checkin import fmt_mau, month_name
from bot.escape import slack_escape
from bot.i18n import count, t
from bot.i18n import month as month_in

WHAT_TO_DO = {level: t(f"alert.do_{level}", "en") for level in (50, 75, 90, 100)}


def _amount(limit: int, lang: str = "en") -> str:
    if lang != "en":
        return count(limit, lang)
    return t("alert.limit_millions", lang, amount=f"{limit // 1_000_000:,}") if limit % 1_000_000 == 0 else fmt_mau(limit)


def _limit_words(limit: int, inclusive: bool, lang: str = "en") -> str:
    return t("alert.limit_or_more" if inclusive else "alert.limit_more_than", lang, amount=_amount(limit, lang))


def alert_message(
    *, level: int, month: str, subject_name: str | None, value: int, total: int,
    top: Sequence[tuple[str, int]], limit: int, inclusive: bool, clause: str, forecast: str, quote: str,
    carried: Sequence[str] = (), lang: str = "en",
) -> tuple[str, list[dict[str, Any]]]:
    """`subject_name` None: the company total; else one service. `top`: (service, value), largest first.
    `lang`: the workspace's language (`/llama-check language`); the license quotation stays in English.
    Service names are as registered (user text) and are escaped here, in text and blocks alike."""
    who = t("alert.company", lang) if subject_name is None else slack_escape(subject_name)
    top = [(slack_escape(name), v) for name, v in top]
    carried = [slack_escape(name) for name in carried]
    pct = value * 100 / limit if limit else 0.0
    mau = (lambda n: count(n, lang)) if lang != "en" else fmt_mau
    when = month_in(month, lang) if lang != "en" else month_name(month)
    if level == 100:
        headline = t("alert.reached", lang, who=who, value=mau(value), month=when)
    else:
        headline = t("alert.passed", lang, who=who, level=level, value=mau(value), month=when, pct=f"{pct:.1f}",
                     limit=_amount(limit, lang))
    share = [t("alert.share", lang, name=name, value=mau(v), pct=f"{v * 100 / total:.0f}") if total
             else t("alert.share_plain", lang, name=name, value=mau(v)) for name, v in top]
    lines = [
        t("alert.total", lang, month=when, total=mau(total), limit=_limit_words(limit, inclusive, lang)),
        t("alert.largest", lang, lines="\n".join(share) if share else t("alert.none_reported", lang)),
    ]
    if carried:
        shown = ", ".join(carried[:10])
        shown = t("alert.carried_more", lang, names=shown, more=len(carried) - 10) if len(carried) > 10 else shown
        lines.append(t("alert.carried", lang, month=when, names=shown))
    what = t(f"alert.do_{level}", lang)
    blocks: list[Any] = [
        HeaderBlock(text=(t("alert.header_reached", lang) if level == 100 else t("alert.header_level", lang, level=level))),
        SectionBlock(text=MarkdownTextObject(text=t("alert.headline", lang, headline=headline))),
        SectionBlock(text=MarkdownTextObject(text="\n".join(lines))),
        SectionBlock(text=MarkdownTextObject(text=t("alert.what_to_do", lang, text=what))),
    ]
    if level == 100:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=t("alert.clause", lang, clause=clause, quote=quote,
                                                                     limit=_limit_words(limit, inclusive, lang)))))
    blocks += [
        DividerBlock(),
        ContextBlock(elements=[MarkdownTextObject(text=forecast)]),
        ContextBlock(elements=[MarkdownTextObject(text=t("alert.upper_bound", lang))]),
    ]
    text = t("alert.text", lang, headline=headline, text=what)
    if level == 100:
        text += t("alert.text_clause", lang, clause=clause, quote=quote)
    text += f" {forecast}"
    return text, [b.to_dict() for b in blocks]
