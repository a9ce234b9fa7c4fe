"""`rules.limits`: the MAU limit, its comparison, the test month and the alert levels, from pack and policy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import rules
from rules.data import POLICIES_DIR, load_policy
from rules.verdict import DataError, UnknownLicenseError


def test_the_guide_counts_reaching_the_limit_the_license_text_only_exceeding_it() -> None:
    g, t = rules.limits("llama-2", "guide"), rules.limits("llama-2", "license-text")
    assert g.limit == t.limit == load_policy("guide").threshold
    assert (g.inclusive, t.inclusive) == (True, False)
    assert g.over(g.limit) and not t.over(t.limit) and t.over(t.limit + 1)
    assert (g.continuous, t.continuous) == (True, False)
    assert t.test_month == "2023-06" and t.clause == "license §2" and g.clause.startswith("guide")
    assert g.limit_text == "700 million"


def test_alert_levels_and_their_meanings_come_from_the_policy_file() -> None:
    for pol in ("guide", "license-text"):
        lim, policy = rules.limits("llama-3.1", pol), load_policy(pol)
        assert lim.levels == policy.alert_levels == (50, 75, 90, 100)
        assert lim.level(lim.limit // 2 - 1) is None and lim.level_text(0) == policy.alert_below
        assert lim.level(lim.limit // 2) == 50 and lim.level(lim.limit * 9 // 10) == 90
        assert lim.level_text(lim.limit * 2) == policy.alert_meanings[-1]
    # the one place the policies differ: exactly the limit
    assert rules.limits("llama-3.1", "license-text").level(700_000_000) == 90
    assert rules.limits("llama-3.1", "guide").level(700_000_000) == 100
    assert "license from Meta" not in rules.limits("llama-3.1", "license-text").level_text(700_000_000)


def test_check_mau_and_limits_agree_at_every_edge() -> None:
    for pol in ("guide", "license-text"):
        lim = rules.limits("llama-3.3", pol)
        for value in (lim.limit - 1, lim.limit, lim.limit + 1):
            v = rules.check_mau(value, license="llama-3.3", policy=pol)
            assert (v.verdict == "license_required") == lim.over(value)


def test_llama1_has_no_mau_clause() -> None:
    lim = rules.limits("llama-1")
    assert lim.applies is False and lim.test_month is None


def test_unknown_ids_are_refused() -> None:
    with pytest.raises(UnknownLicenseError):
        rules.limits("llama-5")
    with pytest.raises(UnknownLicenseError):
        rules.limits("llama-2", "strict")


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("alert_levels = [50, 75, 90, 100]", "alert_levels = [50, 90, 75, 100]", "ascending whole percents"),
    ("alert_levels = [50, 75, 90, 100]", "alert_levels = [50, 75, 90]", "ascending whole percents ending at 100"),
    ("alert_levels = [50, 75, 90, 100]", "alert_levels = [25, 50, 75, 90, 100]", "one meaning per alert level"),
])
def test_broken_alert_levels_name_the_key(tmp_path: Path, old: str, new: str, problem: str) -> None:
    path = tmp_path / "guide.toml"
    shutil.copy(POLICIES_DIR / "guide.toml", path)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(DataError, match=problem):
        load_policy(path=path)
