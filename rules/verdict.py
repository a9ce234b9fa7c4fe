"""The result types every rules function returns, and the narrow errors bad input raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["allowed", "prohibited", "license_required", "review", "unclear"]
Source = Literal["license", "policy"]
Kind = Literal["ask", "name", "use", "mau", "card"]

OUTCOMES: tuple[str, ...] = ("allowed", "prohibited", "license_required", "review", "unclear")

# How strongly an outcome restricts; combining reasons keeps the strongest.
SEVERITY: dict[str, int] = {
    "unclear": 0,
    "allowed": 1,
    "review": 2,
    "license_required": 3,
    "prohibited": 4,
}

# The words a person reads (Slack text, human CLI output).
LABELS: dict[str, str] = {
    "allowed": "allowed",
    "prohibited": "prohibited",
    "license_required": "license required",
    "review": "needs review",
    "unclear": "unclear",
}


class RulesError(ValueError):
    """Malformed input to a rules function. The message quotes the input with !r and says what to send."""


class QuantityError(RulesError):
    """An MAU quantity that cannot be read."""


class UnknownLicenseError(RulesError):
    """A license or policy id the engine does not know."""


class EmptyInputError(RulesError):
    """An empty name or text."""


class DataError(Exception):
    """A pack or policy file that does not validate (a bug in rules/ data, not user input)."""


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str  # stable id, e.g. "aup.malware", "naming.prefix", "mau.threshold"
    clause: str  # e.g. "license §1.b.v", "AUP 1.g", "guide: Prohibited Items 3"
    source: Source  # "license" or "policy"
    message: str  # one or two plain sentences

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "clause": self.clause, "source": self.source, "message": self.message}


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: Kind
    verdict: Outcome
    license: str  # pack id, e.g. "llama-2"
    policy: str  # policy id, e.g. "guide"
    mau: int | None = None
    reasons: tuple[Reason, ...] = ()
    suggestions: tuple[str, ...] = ()
    # Extra facts for renderers (not part of the JSON contract's required keys), e.g. the
    # license detected in free text or the name after normalisation.
    notes: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return LABELS[self.verdict]

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "kind": self.kind,
            "verdict": self.verdict,
            "license": self.license,
            "policy": self.policy,
            "mau": self.mau,
            "reasons": [r.to_dict() for r in self.reasons],
            "suggestions": list(self.suggestions),
        }
        if self.notes:
            d["notes"] = list(self.notes)
        return d


def strongest(outcomes: list[str] | tuple[str, ...], default: str = "unclear") -> str:
    """The most restrictive outcome of several (prohibited > license_required > review > allowed)."""
    return max(outcomes, key=SEVERITY.__getitem__, default=default)
