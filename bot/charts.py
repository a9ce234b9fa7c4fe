"""The MAU chart: the company total per month with each service stacked, the limit and the alert
levels as lines, and the forecast dashed to the month it would cross. Pure: data in, PNG bytes out.

matplotlib is imported inside `render_png` only, with the Agg backend: importing it costs a few
hundred milliseconds and tens of megabytes, which no command's ack may pay (a test checks that a
command leaves it out of sys.modules). Everything else here, the data, its hash and the alt text,
is plain Python.

Legibility: 1200 x 675 pixels (16:9, Slack's preview scales it to the column width), large type,
an opaque light card with dark ink so that it reads the same in Slack's light and dark themes, and
the Okabe-Ito colours (distinguishable with the common colour-vision deficiencies).

Language: labels, title and alt text are the catalogs' ([chart] in bot/locales/) in `ChartData.lang`.
Hangul (Korean labels, and Korean service names on any chart) is drawn with Noto Sans CJK, shipped by the
noto-cjk-sans-otc wheel (SIL Open Font License 1.1) and registered with matplotlib on the first drawing;
DejaVu Sans stays the first font, so Latin text looks as before.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import threading
from dataclasses import asdict, dataclass

from bot.escape import slack_escape
from bot.i18n import count, t
from bot.i18n import month as month_in

log = logging.getLogger(__name__)

# Bump when the drawing changes, so cached uploads of the old drawing are not re-used.
RENDER_VERSION = 3
WIDTH_PX, HEIGHT_PX, DPI = 1200, 675, 200  # 6 x 3.375 inches: large type relative to the picture
MAX_MONTHS = 24  # the chart shows the latest two years
MAX_STACKS = 6  # the largest services by latest value; the rest are one "Other services" band
OTHERS = "Other services"  # the band of the smaller services; shown as chart.others in the chart's language
ALT_TEXT_CHARS = 2000  # Block Kit's limit for an image's alt_text

_INK, _CARD, _GRID = "#1A1A1A", "#FFFFFF", "#D0D0D0"
_LIMIT_COLOUR, _FORECAST_COLOUR, _LEVEL_COLOUR = "#C0392B", "#1A1A1A", "#6B6B6B"
_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")
_lock = threading.Lock()  # matplotlib's pyplot state is global; one drawing at a time per process


@dataclass(frozen=True)
class ChartData:
    """What the chart draws. Months are "YYYY-MM", oldest first, consecutive."""

    months: tuple[str, ...]
    stacks: tuple[tuple[str, tuple[int, ...]], ...]  # (service name, value per month), largest first
    limit: int
    levels: tuple[tuple[int, int], ...]  # (percent, users) of each alert level below the limit
    forecast_status: str  # bot.forecast.Forecast.status
    forecast_month: str | None = None  # the month the trend reaches the limit ("crossing")
    forecast_model: str | None = None  # "linear" or "compound"
    lang: str = "en"  # the language of the labels and the alt text (part of the hash: one upload per language)

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(values[i] for _, values in self.stacks) for i in range(len(self.months)))

    @property
    def last_total(self) -> int:
        return self.totals[-1] if self.months else 0


def stacked(*, months: list[str], per_service: dict[str, dict[str, int]], carry: dict[str, int] | None = None
            ) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Stacks from each service's reported values by month, counting a service's latest earlier value in a
    month it did not report (the rule of `status` and the sweep). `carry`: a value from before `months[0]`."""
    carry = carry or {}
    rows: list[tuple[str, tuple[int, ...]]] = []
    for name, by_month in per_service.items():
        value = carry.get(name, 0)
        values = []
        for month in months:
            value = by_month.get(month, value)
            values.append(value)
        rows.append((name, tuple(values)))
    rows.sort(key=lambda r: (-r[1][-1] if r[1] else 0, r[0].casefold()))
    if len(rows) > MAX_STACKS:
        rest = rows[MAX_STACKS - 1:]
        rows = rows[:MAX_STACKS - 1] + [(OTHERS, tuple(sum(v[i] for _, v in rest) for i in range(len(months))))]
    return tuple(rows)


def series_hash(data: ChartData) -> str:
    """A stable key of what is drawn: the same data gives the same hash, so the upload is re-used."""
    blob = json.dumps({"v": RENDER_VERSION, **asdict(data)}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def millions(value: int, lang: str = "en") -> str:
    """An axis figure: "700M", "1.2M", "350k" in English; "7억", "3.5억", "1,200만" in Korean."""
    if lang == "ko":
        if value >= 100_000_000:
            return f"{value / 100_000_000:,.1f}".removesuffix(".0") + "억"
        if value >= 10_000:
            return f"{value / 10_000:,.0f}만"
        return f"{value:,}"
    if value >= 1_000_000:
        shown = f"{value / 1_000_000:,.1f}".removesuffix(".0")
        return f"{shown}M"
    if value >= 1_000:
        return f"{value / 1_000:,.0f}k"
    return f"{value:,}"


def _users(value: int, lang: str) -> str:
    return f"{value:,}" if lang == "en" else count(value, lang)


def _month_shown(iso: str, lang: str) -> str:
    return iso if lang == "en" else month_in(iso, lang)


def _name(name: str, lang: str) -> str:
    """A stack's label: the service's name, or the band of the smaller services in `lang`."""
    return t("chart.others", lang) if name == OTHERS else name


def alt_text(data: ChartData) -> str:
    """The chart in words, with its figures: what a screen reader says and what shows if the image cannot."""
    lang = data.lang
    if not data.months:
        return t("chart.alt_empty", lang)
    last, total = _month_shown(data.months[-1], lang), data.last_total
    pct = total * 100 / data.limit if data.limit else 0.0
    parts = [t("chart.alt_head", lang, first=_month_shown(data.months[0], lang), last=last, total=_users(total, lang),
               pct=f"{pct:.1f}", limit=_users(data.limit, lang))]
    if data.levels:
        parts.append(t("chart.alt_levels", lang, levels=", ".join(
            t("chart.alt_level", lang, pct=p, value=millions(v) if lang == "en" else _users(v, lang))
            for p, v in data.levels)))
    parts.append(t("chart.alt_by_service", lang, last=last, services="; ".join(
        f"{slack_escape(_name(name, lang))} {_users(values[-1], lang)}" for name, values in data.stacks)))
    if len(data.months) > 1:
        parts.append(t("chart.alt_went", lang, first=_users(data.totals[0], lang),
                       month=_month_shown(data.months[0], lang), total=_users(total, lang)))
    if data.forecast_status == "crossing" and data.forecast_month:
        model = t(f"chart.model_{data.forecast_model}", lang) if data.forecast_model in ("linear", "compound") else ""
        parts.append(t("chart.alt_crossing", lang, model=model, month=_month_shown(data.forecast_month, lang)))
    elif data.forecast_status == "reached":
        parts.append(t("chart.alt_reached", lang))
    elif data.forecast_status == "not_within":
        parts.append(t("chart.alt_not_within", lang))
    else:
        parts.append(t("chart.alt_not_enough", lang))
    text = " ".join(p.replace("  ", " ") for p in parts)
    return text if len(text) <= ALT_TEXT_CHARS else text[: ALT_TEXT_CHARS - 1] + "\u2026"


def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _forecast_points(data: ChartData) -> tuple[list[int], list[float]] | None:
    """The dashed line: from the last total to the limit at the crossing month, along the trend's shape."""
    if data.forecast_status != "crossing" or not data.forecast_month or not data.months:
        return None
    x0, x1 = _month_index(data.months[-1]), _month_index(data.forecast_month)
    y0, y1 = float(data.last_total), float(data.limit)
    if x1 <= x0:
        return None
    xs = list(range(x0, x1 + 1))
    if data.forecast_model == "compound" and y0 > 0:
        ratio = (y1 / y0) ** (1 / (x1 - x0))
        ys = [y0 * ratio ** (x - x0) for x in xs]
    else:
        ys = [y0 + (y1 - y0) * (x - x0) / (x1 - x0) for x in xs]
    return xs, ys


_FONTS: list[str] = []  # the font families the chart draws with, first choice first (set on the first drawing)


def font_families() -> list[str]:
    """DejaVu Sans (matplotlib's own, for Latin text), then Noto Sans CJK for Hangul when its wheel is installed.

    The font file is registered with matplotlib once per process; the package is found, not imported."""
    if _FONTS:
        return _FONTS
    import importlib.util
    import os

    from matplotlib import font_manager

    families = ["DejaVu Sans"]
    spec = importlib.util.find_spec("noto_cjk_sans_otc")
    path = os.path.join(next(iter(spec.submodule_search_locations or [""])), "NotoSansCJK-Regular.ttc") if spec else ""
    if path and os.path.exists(path):
        from dataclasses import replace

        before = len(font_manager.fontManager.ttflist)
        font_manager.fontManager.addfont(path)
        added = font_manager.fontManager.ttflist[before:][:1]
        # The wheel has the regular weight only: it stands for bold too (bold Latin stays DejaVu Sans Bold).
        font_manager.fontManager.ttflist += [replace(entry, weight=700) for entry in added]
        families += [entry.name for entry in added]
    else:
        log.warning("chart: the noto-cjk-sans-otc font is not installed; Hangul labels cannot be drawn")
    _FONTS[:] = families
    return _FONTS


def render_png(data: ChartData) -> bytes:
    """The chart as PNG bytes, WIDTH_PX x HEIGHT_PX, its words in `data.lang`."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    with _lock, matplotlib.rc_context({"font.family": font_families()}):
        return _draw(data)


def _draw(data: ChartData) -> bytes:
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    lang = data.lang
    # A bare Figure (no pyplot): nothing global is registered, so nothing leaks between renders.
    # Constrained layout keeps every label inside the picture whatever the numbers' widths.
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor=_CARD, layout="constrained")
    ax = fig.add_subplot(1, 1, 1, facecolor=_CARD)
    xs = [_month_index(m) for m in data.months]
    if xs and data.stacks:
        ax.stackplot(xs, *[values for _, values in data.stacks], labels=[_name(n, lang) for n, _ in data.stacks],
                     colors=[_PALETTE[i % len(_PALETTE)] for i in range(len(data.stacks))],
                     edgecolor=_CARD, linewidth=0.6)
        ax.plot(xs, data.totals, color=_INK, linewidth=1.6)
    forecast = _forecast_points(data)
    x_end = max([*xs, *(forecast[0] if forecast else [])], default=0)
    x_start = min(xs, default=0)
    if forecast:
        ax.plot(forecast[0], forecast[1], linestyle=(0, (5, 3)), color=_FORECAST_COLOUR, linewidth=2.0,
                label=t("chart.forecast", lang, month=_month_shown(data.forecast_month or "", lang)))
        ax.plot([forecast[0][-1]], [data.limit], marker="o", markersize=8, color=_LIMIT_COLOUR)
        ax.annotate(_month_shown(data.forecast_month, lang) if data.forecast_month else "",
                    (forecast[0][-1], data.limit), xytext=(0, 10),
                    textcoords="offset points", ha="right", va="bottom", fontsize=11, color=_INK,
                    fontweight="bold")
    ax.axhline(data.limit, color=_LIMIT_COLOUR, linewidth=2.2)
    ax.annotate(t("chart.limit", lang, value=millions(data.limit, lang)), (0.005, data.limit),
                xycoords=("axes fraction", "data"),
                xytext=(0, 4), textcoords="offset points", fontsize=11, color=_LIMIT_COLOUR,
                fontweight="bold", va="bottom")
    for pct, value in data.levels:
        ax.axhline(value, color=_LEVEL_COLOUR, linewidth=1.0, linestyle=":")
        ax.annotate(t("chart.level", lang, pct=pct), (0.995, value), xycoords=("axes fraction", "data"), xytext=(0, 3),
                    textcoords="offset points", fontsize=10, color=_LEVEL_COLOUR, ha="right", va="bottom")
    top = max([data.limit, *data.totals]) if data.totals else data.limit
    ax.set_ylim(0, top * 1.12)
    ax.set_xlim(x_start - 0.3 if xs else 0, x_end + 0.3 if x_end > x_start else x_start + 1)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: millions(int(v), lang)))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _month_label(round(v))))
    ax.tick_params(colors=_INK, labelsize=10)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    for spine in ("left", "bottom"):
        ax.spines[spine].set_color(_INK)
    ax.grid(axis="y", color=_GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    title = t("chart.title", lang)
    if data.months:
        title = t("chart.title_latest", lang, value=millions(data.last_total, lang),
                  month=_month_shown(data.months[-1], lang))
    ax.set_title(title, loc="left", fontsize=13, color=_INK, fontweight="bold")
    if data.stacks:
        # Below the plot, so it never hides the limit line or the latest months.
        fig.legend(loc="outside lower center", fontsize=9, frameon=False, labelcolor=_INK, ncol=4,
                   handlelength=1.4, columnspacing=1.0)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor=_CARD)
    return out.getvalue()
