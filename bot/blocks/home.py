"""The App Home tab: where the company stands (total, level, headroom, chart, forecast), my services
with their last report and a Report button, the services missing this month's report, open review
requests, the workspace settings for admins, and what Herdbook does with examples to copy.

Slack allows 100 blocks a Home view: my services come PAGE_SIZE at a time with Previous / Show more
buttons, and the missing services are one section listing the first names and counting the rest, so
a workspace of any size publishes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    ImageBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.blocks.help import SLASH, supported_licenses
from bot.blocks.verdict import cut, escape
from bot.grammar import EXAMPLES, WORDS
from bot.i18n import t

if TYPE_CHECKING:
    from bot.services.home import HomeData, HomeService

PAGE_ACTION = "home_page"  # value: the page number to show
REPORT_ACTION = "home_report"  # value: {"service_id", "month"}
DUTIES_ACTION = "home_duties"  # value: the service id
MAX_BLOCKS = 100
ALT_CHARS = 2000


def chart_block(*, file_id: str, alt: str) -> ImageBlock:
    """The uploaded chart, referenced by its Slack file id (never an external URL)."""
    return ImageBlock(slack_file={"id": file_id}, alt_text=cut(alt, ALT_CHARS), title=cut("Monthly active users", 200))


def _mau(value: int) -> str:
    return f"{value:,}"


def _standing(data: HomeData) -> str:
    lim = data.limits
    pct = data.total * 100 / lim.threshold if lim.threshold else 0.0
    reached = [p for p in lim.levels if data.total * 100 >= p * lim.threshold]
    level = (f"past the {reached[-1]} % alert level" if reached and reached[-1] < 100
             else "*at or over the limit*" if reached else f"below the first alert level ({lim.levels[0]} %)")
    headroom = lim.threshold - data.total
    room = f"headroom *{_mau(headroom)}*" if headroom > 0 else f"*{_mau(-headroom)} over the limit*"
    return (f"*Company total for {data.month}: {_mau(data.total)}* monthly active users across {data.services} "
            f"service{'s' if data.services != 1 else ''}: {pct:.1f} % of {_mau(lim.threshold)} ({data.verdict_label}); "
            f"{level}; {room}.")


def _service_block(s: HomeService, month: str) -> SectionBlock:
    last = f"{s.last_month}: {_mau(s.last_value)}" if s.last_month and s.last_value is not None else "no report yet"
    duties = (f" · {s.open_duties} open dut{'y' if s.open_duties == 1 else 'ies'}" if s.open_duties
              else " · duties done")
    return SectionBlock(
        text=MarkdownTextObject(text=cut(f"*{escape(s.name)}* · {s.license}\nLast report {last}{duties}", 3000)),
        accessory=ButtonElement(text=f"Report {month}", action_id=REPORT_ACTION,
                                value=json.dumps({"service_id": s.id, "month": month})),
    )


def _company(data: HomeData) -> list[Block]:
    blocks: list[Block] = [HeaderBlock(text="Where the company stands")]
    if not data.services:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=(
            "No services are registered yet. Register one with "
            f"`{SLASH} {EXAMPLES['register']}`, or send `{SLASH} register` for a form."))))
        return blocks
    blocks.append(SectionBlock(text=MarkdownTextObject(text=cut(_standing(data), 3000))))
    if data.chart is not None:
        blocks.append(chart_block(file_id=data.chart.file_id, alt=data.chart.alt_text))
    if data.forecast:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=cut(data.forecast, 2000))]))
    return blocks


def _mine(data: HomeData) -> list[Block]:
    if not data.mine_count:
        return []
    shown = f" (page {data.page + 1} of {data.pages})" if data.pages > 1 else ""
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text=cut(f"My services: {data.mine_count}{shown}", 150))]
    blocks += [_service_block(s, data.month) for s in data.mine]
    buttons = []
    if data.page > 0:
        buttons.append(ButtonElement(text="Previous", action_id=f"{PAGE_ACTION}_prev", value=str(data.page - 1)))
    if data.page + 1 < data.pages:
        buttons.append(ButtonElement(text="Show more", action_id=f"{PAGE_ACTION}_next", value=str(data.page + 1)))
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return blocks


def _missing(data: HomeData) -> list[Block]:
    if not data.services:
        return []
    if not data.missing_count:
        text = f"Every service has reported {data.month}."
    else:
        head = f"*Missing the report for {data.month}* ({data.missing_count}; counted at their last value): "
        names: list[str] = []
        for name in data.missing:  # as many names as fit in one section, then a count of the rest
            shown = escape(cut(name, 80))
            if len(head) + sum(len(n) + 2 for n in names) + len(shown) > 2900:
                break
            names.append(shown)
        more = data.missing_count - len(names)
        text = head + ", ".join(names) + (f" and {more} more." if more > 0 else ".")
    return [SectionBlock(text=MarkdownTextObject(text=cut(text, 3000)))]


def _reviews(data: HomeData) -> list[Block]:
    if not data.reviews:
        return []
    return [DividerBlock(), HeaderBlock(text="Open review requests"), *data.reviews[:10]]  # type: ignore[list-item]


def _settings(data: HomeData) -> list[Block]:
    if not data.is_admin:
        return []
    channel = f"<#{data.alert_channel}>" if data.alert_channel else "not set"
    text = (f"*Workspace settings* (admins)\nAlert channel: {channel} · change with `{SLASH} alerts #channel`\n"
            f"Policy: `{data.default_policy}` · default license: `{data.default_license}`")
    return [DividerBlock(), SectionBlock(text=MarkdownTextObject(text=cut(text, 3000)))]


def _about(licenses: list[str], *, short: bool, lang: str = "en") -> list[Block]:
    """What Herdbook does, the examples and the license versions, in the viewer's language."""
    examples = "\n".join(t("home.example", lang, slash=SLASH, example=EXAMPLES[w], description=t(f"help.desc_{w}", lang))
                         for w in WORDS if w != "help")
    blocks: list[Block] = []
    if not short:
        blocks += [
            HeaderBlock(text=t("home.header", lang)),
            SectionBlock(text=MarkdownTextObject(text=t("home.intro", lang))),
        ]
    blocks += [
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text=cut(t("home.examples", lang, examples=examples), 3000))),
        SectionBlock(text=MarkdownTextObject(text=t("home.plain_words", lang, example=EXAMPLES["ask"]))),
        ContextBlock(elements=[
            MarkdownTextObject(text=cut(t("home.licenses", lang, licenses=", ".join(f"`{x}`" for x in licenses)),
                                        2000)),
            MarkdownTextObject(text=t("verdict.footer", lang)),
        ]),
    ]
    return blocks


def home_view(*, licenses: list[str] | None = None, home: HomeData | None = None, lang: str = "en") -> dict[str, Any]:
    """The Home tab; without `home` (no database), what Herdbook does and examples only.
    `lang`: the viewer's language (their Slack locale); the company, services and settings sections are
    English for now, the about section follows `lang`."""
    licenses = supported_licenses() if licenses is None else licenses
    if home is None:
        return View(type="home", blocks=_about(licenses, short=False, lang=lang)).to_dict()
    blocks = [*_company(home), *_mine(home), *_missing(home), *_reviews(home), *_settings(home),
              *_about(licenses, short=True, lang=lang)]
    return View(type="home", blocks=blocks[:MAX_BLOCKS]).to_dict()
