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
from bot.grammar import EXAMPLES, WORDS, example
from bot.i18n import count, month, t

if TYPE_CHECKING:
    from bot.services.home import HomeData, HomeService

PAGE_ACTION = "home_page"  # value: the page number to show
REPORT_ACTION = "home_report"  # value: {"service_id", "month"}
DUTIES_ACTION = "home_duties"  # value: the service id
MAX_BLOCKS = 100
ALT_CHARS = 2000


def chart_block(*, file_id: str, alt: str, lang: str = "en") -> ImageBlock:
    """The uploaded chart, referenced by its Slack file id (never an external URL)."""
    return ImageBlock(slack_file={"id": file_id}, alt_text=cut(alt, ALT_CHARS),
                      title=cut(t("chart.title", lang), 200))


def _mau(value: int, lang: str = "en") -> str:
    return f"{value:,}" if lang == "en" else count(value, lang)


def _month(iso: str, lang: str) -> str:
    """The month as the reader writes it: "2026-11" in English (as before), "2026년 11월" in Korean."""
    return iso if lang == "en" else month(iso, lang)


def _standing(data: HomeData, lang: str = "en") -> str:
    lim = data.limits
    pct = data.total * 100 / lim.threshold if lim.threshold else 0.0
    reached = [p for p in lim.levels if data.total * 100 >= p * lim.threshold]
    level = (t("home.level_past", lang, level=reached[-1]) if reached and reached[-1] < 100
             else t("home.level_limit", lang) if reached else t("home.level_below", lang, level=lim.levels[0]))
    headroom = lim.threshold - data.total
    room = (t("home.headroom", lang, n=_mau(headroom, lang)) if headroom > 0
            else t("home.over", lang, n=_mau(-headroom, lang)))
    return t("home.standing_one" if data.services == 1 else "home.standing_many", lang,
             month=_month(data.month, lang), total=_mau(data.total, lang), n=data.services, pct=f"{pct:.1f}",
             limit=_mau(lim.threshold, lang), label=data.verdict_label, level=level, room=room)


def _service_block(s: HomeService, month: str, lang: str = "en") -> SectionBlock:
    last = (t("home.last_value", lang, month=_month(s.last_month, lang), value=_mau(s.last_value, lang))
            if s.last_month and s.last_value is not None else t("home.no_report", lang))
    duties = (t("home.open_duty" if s.open_duties == 1 else "home.open_duties", lang, n=s.open_duties)
              if s.open_duties else t("home.duties_done", lang))
    return SectionBlock(
        text=MarkdownTextObject(text=cut(t("home.last_report", lang, name=escape(s.name), license=s.license,
                                           last=last, duties=duties), 3000)),
        accessory=ButtonElement(text=t("home.report_button", lang, month=_month(month, lang)), action_id=REPORT_ACTION,
                                value=json.dumps({"service_id": s.id, "month": month})),
    )


def _company(data: HomeData, lang: str = "en") -> list[Block]:
    blocks: list[Block] = [HeaderBlock(text=t("home.stands", lang))]
    if not data.services:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=t("home.empty", lang, slash=SLASH,
                                                                  example=EXAMPLES["register"]))))
        return blocks
    blocks.append(SectionBlock(text=MarkdownTextObject(text=cut(_standing(data, lang), 3000))))
    if data.chart is not None:
        blocks.append(chart_block(file_id=data.chart.file_id, alt=data.chart.alt_text, lang=lang))
    if data.forecast:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=cut(data.forecast, 2000))]))
    return blocks


def _mine(data: HomeData, lang: str = "en") -> list[Block]:
    if not data.mine_count:
        return []
    shown = t("home.page", lang, page=data.page + 1, pages=data.pages) if data.pages > 1 else ""
    blocks: list[Block] = [DividerBlock(),
                           HeaderBlock(text=cut(t("home.mine", lang, n=data.mine_count, page=shown), 150))]
    blocks += [_service_block(s, data.month, lang) for s in data.mine]
    buttons = []
    if data.page > 0:
        buttons.append(ButtonElement(text=t("home.previous", lang), action_id=f"{PAGE_ACTION}_prev",
                                     value=str(data.page - 1)))
    if data.page + 1 < data.pages:
        buttons.append(ButtonElement(text=t("home.show_more", lang), action_id=f"{PAGE_ACTION}_next",
                                     value=str(data.page + 1)))
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return blocks


def _missing(data: HomeData, lang: str = "en") -> list[Block]:
    if not data.services:
        return []
    if not data.missing_count:
        text = t("home.all_reported", lang, month=_month(data.month, lang))
    else:
        head = t("home.missing", lang, month=_month(data.month, lang), n=data.missing_count)
        names: list[str] = []
        for name in data.missing:  # as many names as fit in one section, then a count of the rest
            shown = escape(cut(name, 80))
            if len(head) + sum(len(n) + 2 for n in names) + len(shown) > 2900:
                break
            names.append(shown)
        more = data.missing_count - len(names)
        text = head + t("home.name_separator", lang).join(names) + (
            t("home.missing_more", lang, more=more) if more > 0 else t("home.missing_end", lang))
    return [SectionBlock(text=MarkdownTextObject(text=cut(text, 3000)))]


def _reviews(data: HomeData, lang: str = "en") -> list[Block]:
    if not data.reviews:
        return []
    return [DividerBlock(), HeaderBlock(text=t("home.reviews", lang)), *data.reviews[:10]]  # type: ignore[list-item]


def _settings(data: HomeData, lang: str = "en") -> list[Block]:
    if not data.is_admin:
        return []
    channel = f"<#{data.alert_channel}>" if data.alert_channel else t("home.not_set", lang)
    text = t("home.settings", lang, channel=channel, slash=SLASH, policy=data.default_policy,
             license=data.default_license)
    return [DividerBlock(), SectionBlock(text=MarkdownTextObject(text=cut(text, 3000)))]


def _about(licenses: list[str], *, short: bool, lang: str = "en") -> list[Block]:
    """What Herdbook does, the examples and the license versions, in the viewer's language."""
    examples = "\n".join(t("home.example", lang, slash=SLASH, example=example(w, lang),
                           description=t(f"help.desc_{w}", lang)) for w in WORDS if w != "help")
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
    `lang`: the viewer's language (their Slack locale); `home` was read in it (bot.services.home.home_data)."""
    licenses = supported_licenses() if licenses is None else licenses
    if home is None:
        return View(type="home", blocks=_about(licenses, short=False, lang=lang)).to_dict()
    blocks = [*_company(home, lang), *_mine(home, lang), *_missing(home, lang), *_reviews(home, lang),
              *_settings(home, lang),
              *_about(licenses, short=True, lang=lang)]
    return View(type="home", blocks=blocks[:MAX_BLOCKS]).to_dict()
