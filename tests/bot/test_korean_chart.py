"""The MAU chart in Korean: its labels are the catalog's, and Hangul is drawn with a real font (Noto Sans CJK
from the noto-cjk-sans-otc wheel), with no missing-glyph warning; a Korean service name draws on an English chart too."""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import replace

import pytest

from bot.charts import ChartData, alt_text, font_families, render_png, series_hash, stacked


def _data(lang: str, *, name: str = "고객 상담 봇") -> ChartData:
    months = ["2026-07", "2026-08", "2026-09", "2026-10"]
    per = {name: {m: 100_000_000 + i * 20_000_000 for i, m in enumerate(months)},
           "Search": {"2026-09": 50_000_000, "2026-10": 60_000_000}}
    per.update({f"S{i}": {"2026-10": 1_000_000} for i in range(6)})  # the smaller ones make "Other services"
    return ChartData(months=tuple(months), stacks=stacked(months=months, per_service=per), limit=700_000_000,
                     levels=((50, 350_000_000), (75, 525_000_000), (90, 630_000_000)), forecast_status="crossing",
                     forecast_month="2027-09", forecast_model="linear", lang=lang)


def _font_problems(draw, caplog: pytest.LogCaptureFixture) -> list[str]:  # type: ignore[no-untyped-def]
    """What matplotlib says about fonts while `draw()` runs: missing glyphs (warnings) and fonts not found (log)."""
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("always")
        draw()
    said = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    return [s for s in said if "missing from font" in s or "findfont" in s or "Glyph" in s]


def _pixels(png: bytes):  # type: ignore[no-untyped-def]
    from matplotlib.image import imread

    return imread(io.BytesIO(png), format="png")


def test_the_korean_font_is_installed_and_registered() -> None:
    families = font_families()
    assert families[0] == "DejaVu Sans"
    assert len(families) == 2 and "CJK" in families[1]


def test_a_korean_chart_renders_without_missing_glyphs(caplog: pytest.LogCaptureFixture) -> None:
    assert _font_problems(lambda: render_png(_data("ko")), caplog) == []
    # A Korean service name on an English chart too.
    assert _font_problems(lambda: render_png(_data("en")), caplog) == []


def test_the_glyph_check_sees_a_font_without_hangul(caplog: pytest.LogCaptureFixture) -> None:
    """The check above can fail: Hangul drawn with DejaVu Sans alone is reported missing."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    def draw() -> None:
        with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
            fig = Figure()
            fig.text(0.5, 0.5, "월간 활성 사용자")
            fig.savefig(io.BytesIO(), format="png")

    assert _font_problems(draw, caplog) != []


def test_korean_labels_change_the_picture_and_the_upload() -> None:
    korean, english = _data("ko"), _data("en")
    assert series_hash(korean) != series_hash(english)  # one upload per language
    assert (_pixels(render_png(korean)) != _pixels(render_png(english))).any(axis=-1).sum() > 1000


def test_alt_text_in_korean() -> None:
    text = alt_text(_data("ko"))
    assert text.startswith("월간 활성 사용자 차트, 2026년 7월부터 2026년 10월까지.")
    assert "한도 7억 명의 32.3%" in text and "기타 서비스 300만 명" in text
    assert text.endswith("지금의 선형 추세라면 2027년 9월에 합계가 한도에 닿습니다.")
    english = alt_text(replace(_data("en"), stacks=_data("en", name="Support Bot").stacks))
    assert english.startswith("MAU chart, 2026-07 to 2026-10. Company total in 2026-10: 226,000,000 monthly "
                              "active users, 32.3 % of the 700,000,000 limit.")
    assert "Other services 3,000,000" in english
