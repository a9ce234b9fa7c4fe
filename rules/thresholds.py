"""The MAU limit as an API: the number, its comparison, the test month and the alert levels, from the pack
and the policy. `bot/` asks here and never restates any of them.

    lim = rules.limits("llama-3.1", "license-text")   # this module is rules.thresholds: `rules.limits` is the function
    lim.limit, lim.inclusive          # 700_000_000, False (">" under the license text; ">=" under the guide)
    lim.over(700_000_000)             # False under the license text, True under the guide
    lim.level(650_000_000)            # 90: the highest alert level reached
    lim.level_text(700_000_000)       # what that level means, in words from the policy file
"""

from __future__ import annotations

import functools

from rules.data import load_pack, load_policy
from rules.record import Record


class Limits(Record):
    _fields = ("license", "policy", "limit", "inclusive", "continuous", "clause", "test_month", "levels", "below",
               "meanings", "applies", "quote")
    __slots__ = _fields
    license: str  # pack id
    policy: str  # policy id
    limit: int  # monthly active users
    inclusive: bool  # True: reaching the limit exactly counts (>=, the guide); False: only above it (>, license text)
    continuous: bool  # True: tested every month (guide); False: once, in test_month (license text)
    clause: str  # where the limit is read
    test_month: str | None  # "2023-06": the month the license text tests; None when the pack has no MAU clause
    levels: tuple[int, ...]  # alert levels in percent of the limit, ascending, ending at 100
    below: str  # what a figure below the first level means
    meanings: tuple[str, ...]  # what reaching each level means
    applies: bool  # False when the pack has no MAU clause (LLaMA 1: no commercial use at all)
    quote: str | None  # the pack's MAU clause in the license's own words

    def over(self, value: int) -> bool:
        """Whether `value` reaches the limit under this policy's comparison."""
        return value >= self.limit if self.inclusive else value > self.limit

    def reached(self, value: int, level: int = 100) -> bool:
        """Whether `value` reaches alert `level` (100: the limit itself, with the policy's comparison)."""
        if level >= 100:
            return self.over(value)
        return value * 100 >= level * self.limit

    def level(self, value: int) -> int | None:
        """The highest alert level `value` has reached, or None."""
        hit = [lvl for lvl in self.levels if self.reached(value, lvl)]
        return hit[-1] if hit else None

    def meaning(self, level: int | None) -> str:
        return self.below if level is None else self.meanings[self.levels.index(level)]

    def level_text(self, value: int) -> str:
        """What the figure's alert level means (words from the policy file)."""
        return self.meaning(self.level(value))

    def percent(self, value: int) -> float:
        return value * 100 / self.limit

    @property
    def limit_text(self) -> str:
        """"700 million"."""
        if self.limit % 1_000_000_000 == 0:
            return f"{self.limit // 1_000_000_000:,} billion"
        if self.limit % 1_000_000 == 0:
            return f"{self.limit // 1_000_000:,} million"
        return f"{self.limit:,}"


@functools.lru_cache(maxsize=256)
def limits(license: str = "llama-2", policy: str = "guide") -> Limits:
    """The limit of pack `license` under `policy` (ids in any form `resolve_license` accepts).

    Under a policy that layers the guide, the guide's reading applies (>=, every month); under the license
    text, the pack's (>, once in the month before the release date)."""
    pack, pol = load_pack(license), load_policy(policy)
    applies = pack.threshold is not None
    return Limits(
        license=pack.id, policy=pol.id,
        limit=pol.threshold if pol.layers_guide or pack.threshold is None else pack.threshold,
        inclusive=pol.mau_inclusive, continuous=pol.mau_continuous,
        clause=pol.mau_clause if pol.layers_guide else pack.mau_clause,
        test_month=pack.mau_test_month, levels=pol.alert_levels, below=pol.alert_below, meanings=pol.alert_meanings,
        applies=applies, quote=pack.mau_quote,
    )
