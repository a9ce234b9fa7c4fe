"""`status` reads the limit, its comparison and the alert levels from `rules.limits` for the workspace's own
license and policy (issue 10 item 1): on the license text, exactly 700 million is not over the limit."""

from __future__ import annotations

import pytest
from sqlmodel import select

import rules
from bot.blocks.status import StatusRow, status_text
from bot.storage.db import session_scope
from bot.storage.models import Workspace
from tests.storage.conftest import ADMIN, TEAM_A, last_month


def _set_policy(engine, policy: str) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        ws = s.exec(select(Workspace).where(Workspace.id == TEAM_A)).one()
        ws.default_policy = policy
        s.add(ws)


@pytest.mark.parametrize(("policy", "label", "words", "never"), [
    ("license-text", "allowed", "past the 90% alert level", "license from Meta is required"),
    ("guide", "license required", "at or over the limit", "headroom"),
])
def test_status_at_exactly_the_limit_follows_the_workspace_policy(slack, engine, policy, label, words,  # type: ignore[no-untyped-def]
                                                                   never) -> None:
    slack.command('register "Support Bot" license llama-3.1 mau 700000000')
    _set_policy(engine, policy)
    text = slack.command("status", user=ADMIN).text
    assert f"Company total for {last_month()}: 700,000,000" in text
    assert f"100.0% of 700 million; {label})" in text and words in text
    assert never not in text
    if policy == "license-text":
        assert "headroom 0" in text and "over the limit" not in text


def test_status_text_takes_its_numbers_from_rules() -> None:
    row = [StatusRow(name="A", license="llama-3.1", owner_id=None, month="2026-01", value=1)]
    for policy in ("guide", "license-text"):
        lim = rules.limits("llama-3.1", policy)
        for total, meaning in ((lim.limit, lim.level_text(lim.limit)), (lim.limit // 2, lim.meanings[0])):
            text = status_text(rows=row, month="2026-01", total=total, carried=0, verdict_label="x", forecast=None,
                               alert_channel=None, limits=lim)
            assert meaning in text
    lt = rules.limits("llama-3.1", "license-text")
    assert lt.level(lt.limit) == 90 and lt.level(lt.limit + 1) == 100
    g = rules.limits("llama-3.1", "guide")
    assert g.level(g.limit) == 100
