"""Block Kit for `status`: the company total against the MAU limit (from `rules.limits`), then one line per service.

Slack allows 50 blocks a message and 3000 characters a section, so a workspace with hundreds of
services gets the largest ones (by latest MAU) and one line totalling the rest, never a rejected message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

import rules
from bot.blocks.verdict import NOT_LEGAL_ADVICE, cut, escape
from rules import Limits

if TYPE_CHECKING:
    from bot.storage.repository import DeadAlert

LIMIT = rules.limits().limit  # the default license and policy's limit; status passes the workspace's own
LEVELS = rules.limits().levels  # alert levels, percent of the limit
MAX_ROWS = 40  # services listed one per line; the rest are summed on one line
SECTION_CHARS = 2900  # Slack's limit is 3000 a section
NAME_CHARS = 60

UPPER_BOUND_NOTE = (
    "The total adds up the services' own counts, so it is an upper bound on unique users (one person "
    "may use several services). The guide counts the licensee and its affiliates together."
)


@dataclass(frozen=True)
class StatusRow:
    name: str
    license: str
    owner_id: str | None
    month: str | None  # latest reported month up to the status month; None: never reported
    value: int | None


def alert_level(total: int, limits: Limits | None = None) -> int | None:
    """The highest alert level (percent of the limit, the limit itself by the policy's comparison) reached."""
    return (limits or rules.limits()).level(total)


def level_text(total: int, limits: Limits | None = None) -> str:
    return (limits or rules.limits()).level_text(total)


def _sorted(rows: Sequence[StatusRow]) -> list[StatusRow]:
    # Largest first: with many services the ones that matter for the limit stay visible.
    return sorted(rows, key=lambda r: (r.value is None, -(r.value or 0), r.name.casefold()))


def _line(row: StatusRow, *, markdown: bool) -> str:
    # Escaped in the plain fallback too: Slack reads `<!channel>` in a message's text as well.
    name = escape(cut(row.name, NAME_CHARS))
    name = f"*{name}*" if markdown else name
    owner = f"<@{row.owner_id}>" if row.owner_id else "no owner"
    latest = f"{row.month} · {row.value:,}" if row.month is not None and row.value is not None else "no report yet"
    return f"{name} · {row.license} · {owner} · {latest}"


def _summary(*, month: str, total: int, verdict_label: str, limits: Limits | None = None) -> str:
    lim = limits or rules.limits()
    headroom = lim.limit - total
    room = (f"headroom {headroom:,}" if not lim.over(total)
            else f"{-headroom:,} over the limit" if headroom < 0 else "at the limit")
    return (f"Company total for {month}: {total:,} MAU ({lim.percent(total):.1f}% of {lim.limit_text}; "
            f"{verdict_label}); {room}; {lim.level_text(total)}.")


def _notes(*, month: str, carried: int, alert_channel: str | None) -> str:
    notes = [UPPER_BOUND_NOTE]
    if carried:
        notes.append(f"{carried} service{'s have' if carried != 1 else ' has'} not reported {month} yet; "
                     "the latest earlier value is counted.")
    notes.append(f"Alerts go to <#{alert_channel}>." if alert_channel
                 else "No alert channel yet: set one with `/llama-check alerts #channel`.")
    return " ".join(notes)


def dead_alert_lines(dead: Sequence[DeadAlert]) -> list[str]:
    """One line per threshold alert that could not be posted: which, for what month, when, why."""
    lines = []
    for d in dead:
        who = "the company total" if d.subject_name is None else f"*{escape(cut(d.subject_name, NAME_CHARS))}*"
        when = f"{d.failed_at:%Y-%m-%d %H:%M} UTC" if d.failed_at else "unknown time"
        why = f" ({escape(cut(d.error, 120))})" if d.error else ""
        lines.append(f":warning: The {d.level} % alert for {who} ({d.month}) could not be posted to the alert "
                     f"channel; last tried {when}{why}. It is retried automatically.")
    return lines


def status_text(
    *, rows: Sequence[StatusRow], month: str, total: int, carried: int, verdict_label: str,
    forecast: str | None, alert_channel: str | None, limits: Limits | None = None,
    dead_alerts: Sequence[DeadAlert] = (),
) -> str:
    """The plain-text fallback (notifications, screen readers): the same facts, briefly."""
    if not rows:
        return "No services are registered yet. Add one with `/llama-check register \"Support Bot\" license llama-3.1`."
    ordered = _sorted(rows)
    lines = [_summary(month=month, total=total, verdict_label=verdict_label, limits=limits)]
    lines += dead_alert_lines(dead_alerts)
    if forecast:
        lines.append(forecast)
    lines.append(_notes(month=month, carried=carried, alert_channel=alert_channel))
    lines += [_line(r, markdown=False) for r in ordered[:MAX_ROWS]]
    if len(ordered) > MAX_ROWS:
        lines.append(_rest_line(ordered[MAX_ROWS:]))
    return "\n".join(lines)


def _rest_line(rest: Sequence[StatusRow]) -> str:
    value = sum(r.value or 0 for r in rest)
    return f"…and {len(rest)} more service{'s' if len(rest) != 1 else ''} with {value:,} MAU together."


def status_blocks(
    *, rows: Sequence[StatusRow], month: str, total: int, carried: int, verdict_label: str,
    forecast: str | None, alert_channel: str | None, limits: Limits | None = None,
    dead_alerts: Sequence[DeadAlert] = (),
) -> list[Block]:
    if not rows:
        return [SectionBlock(text=MarkdownTextObject(text=status_text(
            rows=rows, month=month, total=total, carried=carried, verdict_label=verdict_label,
            forecast=forecast, alert_channel=alert_channel)))]
    ordered = _sorted(rows)
    blocks: list[Block] = [
        HeaderBlock(text=f"Llama services: {len(rows)}"),
        SectionBlock(text=MarkdownTextObject(text=cut(_summary(month=month, total=total, verdict_label=verdict_label,
                                                               limits=limits), 3000))),
    ]
    if dead_alerts:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=cut("\n".join(dead_alert_lines(dead_alerts)), 3000))))
    if forecast:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=cut(forecast, 3000))]))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=cut(
        _notes(month=month, carried=carried, alert_channel=alert_channel), 3000))]))
    blocks.append(DividerBlock())

    lines = ["_service · license · owner · latest month · MAU_"]
    lines += [_line(r, markdown=True) for r in ordered[:MAX_ROWS]]
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > SECTION_CHARS:
            blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
    if len(ordered) > MAX_ROWS:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_rest_line(ordered[MAX_ROWS:]))]))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=NOT_LEGAL_ADVICE)]))
    return blocks
