"""Block Kit for `status`: the company total against the MAU limit (from `rules.limits`), then one line per service.

Slack allows 50 blocks a message and 3000 characters a section, so a workspace with hundreds of
services gets the largest ones (by latest MAU) and one line totalling the rest, never a rejected message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import rules
from bot.blocks import kit
from bot.blocks.kit import BlockDict
from bot.blocks.verdict import cut, escape
from bot.i18n import count, t
from bot.i18n import month as month_in
from rules import Limits

if TYPE_CHECKING:
    from bot.storage.repository import DeadAlert

LIMIT = rules.limits().limit  # the default license and policy's limit; status passes the workspace's own
LEVELS = rules.limits().levels  # alert levels, percent of the limit
MAX_ROWS = 40  # services listed one per line; the rest are summed on one line
SECTION_CHARS = 2900  # Slack's limit is 3000 a section
NAME_CHARS = 60

UPPER_BOUND_NOTE = t("status.upper_bound", "en")


def _n(value: int, lang: str) -> str:
    return f"{value:,}" if lang == "en" else count(value, lang)


def _m(month: str, lang: str) -> str:
    return month if lang == "en" else month_in(month, lang)


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


def _line(row: StatusRow, *, markdown: bool, lang: str = "en") -> str:
    name = cut(row.name, NAME_CHARS)
    # Escaped in the plain fallback too: Slack reads `<!channel>` in a message's text as well.
    name = f"*{escape(name)}*" if markdown else escape(name)
    owner = f"<@{row.owner_id}>" if row.owner_id else t("status.no_owner", lang)
    latest = (t("status.latest", lang, month=_m(row.month, lang), value=_n(row.value, lang))
              if row.month is not None and row.value is not None else t("status.no_report", lang))
    return t("status.line", lang, name=name, license=row.license, owner=owner, latest=latest)


def _summary(*, month: str, total: int, verdict_label: str, limits: Limits | None = None, lang: str = "en") -> str:
    lim = limits or rules.limits()
    headroom = lim.limit - total
    room = (t("status.headroom", lang, n=_n(headroom, lang)) if not lim.over(total)
            else t("status.over", lang, n=_n(-headroom, lang)) if headroom < 0 else t("status.at_limit", lang))
    # English keeps the policy's own words for the level; other languages say the level's number.
    level = lim.level(total)
    level_words = (lim.level_text(total) if lang == "en" else t("status.level_below", lang) if level is None
                   else t("status.level", lang, level=level))
    return t("status.summary", lang, month=_m(month, lang), total=_n(total, lang), pct=f"{lim.percent(total):.1f}",
             limit=lim.limit_text if lang == "en" else count(lim.limit, lang), label=verdict_label, room=room,
             level=level_words)


def _notes(*, month: str, carried: int, alert_channel: str | None, lang: str = "en") -> str:
    notes = [t("status.upper_bound", lang)]
    if carried:
        notes.append(t("status.carried_one" if carried == 1 else "status.carried_many", lang, n=carried,
                       month=_m(month, lang)))
    notes.append(t("status.alerts_to", lang, channel=alert_channel) if alert_channel
                 else t("status.no_alert_channel", lang))
    return " ".join(notes)


def dead_alert_lines(dead: Sequence[DeadAlert], lang: str = "en") -> list[str]:
    """One line per threshold alert that could not be posted: which, for what month, when, why."""
    lines = []
    for d in dead:
        who = (t("status.dead_company", lang) if d.subject_name is None
               else f"*{escape(cut(d.subject_name, NAME_CHARS))}*")
        when = f"{d.failed_at:%Y-%m-%d %H:%M} UTC" if d.failed_at else t("status.dead_unknown_time", lang)
        why = f" ({escape(cut(d.error, 120))})" if d.error else ""
        lines.append(t("status.dead_alert", lang, level=d.level, who=who, month=_m(d.month, lang), when=when,
                       why=why))
    return lines


def status_text(
    *, rows: Sequence[StatusRow], month: str, total: int, carried: int, verdict_label: str,
    forecast: str | None, alert_channel: str | None, limits: Limits | None = None,
    dead_alerts: Sequence[DeadAlert] = (), lang: str = "en",
) -> str:
    """The plain-text fallback (notifications, screen readers): the same facts, briefly."""
    if not rows:
        return t("status.empty", lang)
    ordered = _sorted(rows)
    lines = [_summary(month=month, total=total, verdict_label=verdict_label, limits=limits, lang=lang)]
    lines += dead_alert_lines(dead_alerts, lang)
    if forecast:
        lines.append(forecast)
    lines.append(_notes(month=month, carried=carried, alert_channel=alert_channel, lang=lang))
    lines += [_line(r, markdown=False, lang=lang) for r in ordered[:MAX_ROWS]]
    if len(ordered) > MAX_ROWS:
        lines.append(_rest_line(ordered[MAX_ROWS:], lang))
    return "\n".join(lines)


def _rest_line(rest: Sequence[StatusRow], lang: str = "en") -> str:
    value = sum(r.value or 0 for r in rest)
    return t("status.rest_one" if len(rest) == 1 else "status.rest_many", lang, n=len(rest), value=_n(value, lang))


def status_blocks(
    *, rows: Sequence[StatusRow], month: str, total: int, carried: int, verdict_label: str,
    forecast: str | None, alert_channel: str | None, limits: Limits | None = None,
    dead_alerts: Sequence[DeadAlert] = (), lang: str = "en",
) -> list[BlockDict]:
    if not rows:
        return [kit.section(status_text(
            rows=rows, month=month, total=total, carried=carried, verdict_label=verdict_label,
            forecast=forecast, alert_channel=alert_channel, lang=lang))]
    ordered = _sorted(rows)
    blocks: list[BlockDict] = [
        kit.header(t("status.header", lang, n=len(rows))),
        kit.section(cut(_summary(month=month, total=total, verdict_label=verdict_label, limits=limits, lang=lang),
                        3000)),
    ]
    if dead_alerts:
        blocks.append(kit.section(cut("\n".join(dead_alert_lines(dead_alerts, lang)), 3000)))
    if forecast:
        blocks.append(kit.context([cut(forecast, 3000)]))
    blocks.append(kit.context([cut(_notes(month=month, carried=carried, alert_channel=alert_channel, lang=lang),
                                   3000)]))
    blocks.append(kit.divider())

    lines = [t("status.columns", lang)]
    lines += [_line(r, markdown=True, lang=lang) for r in ordered[:MAX_ROWS]]
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > SECTION_CHARS:
            blocks.append(kit.section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(kit.section("\n".join(chunk)))
    if len(ordered) > MAX_ROWS:
        blocks.append(kit.context([_rest_line(ordered[MAX_ROWS:], lang)]))
    blocks.append(kit.context([t("verdict.footer", lang)]))
    return blocks
