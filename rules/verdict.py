"""The result types every rules function returns, and the narrow errors bad input raises."""

from __future__ import annotations

from rules.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

    Outcome: TypeAlias = Literal["allowed", "prohibited", "license_required", "review", "unclear"]
    Source: TypeAlias = Literal["license", "policy"]
    Kind: TypeAlias = Literal["ask", "name", "use", "mau", "card"]
else:  # the aliases exist at run time too (other modules import them), as plain strings' type
    Outcome = Source = Kind = str

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


class TooLargeError(QuantityError):
    """A quantity far beyond any user count (thousands of digits, 1e9999999): refused in one line."""


class UnknownLicenseError(RulesError):
    """A license or policy id the engine does not know."""


class EmptyInputError(RulesError):
    """An empty name or text."""


class DataError(Exception):
    """A pack or policy file that does not validate (a bug in rules/ data, not user input)."""


class Reason(Record):
    """One line of a verdict: the rule, the clause it reads, whose text it is, and a plain message.
    Immutable, compared and hashed by value (rules.record)."""

    _fields = ("rule", "clause", "source", "message")
    __slots__ = _fields

    rule: str  # stable id, e.g. "aup.malware", "naming.prefix", "mau.threshold"
    clause: str  # e.g. "license §1.b.v", "AUP 1.g", "guide: Prohibited Items 3"
    source: Source  # "license" or "policy"
    message: str  # one or two plain sentences

    def __init__(self, rule: str, clause: str, source: Source, message: str) -> None:
        _set = object.__setattr__
        _set(self, "rule", rule)
        _set(self, "clause", clause)
        _set(self, "source", source)
        _set(self, "message", message)

    def _key(self) -> tuple[str, str, str, str]:
        return (self.rule, self.clause, self.source, self.message)

    def __eq__(self, other: object) -> bool:
        # Field by field, cheapest difference first: verdicts test `reason in reasons` often.
        if other.__class__ is not Reason:
            return NotImplemented
        return (self.rule == other.rule and self.clause == other.clause  # type: ignore[attr-defined]
                and self.source == other.source and self.message == other.message)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "clause": self.clause, "source": self.source, "message": self.message}


class Verdict(Record):
    """The answer of every check (see the JSON contract in `to_dict`). Immutable, compared by value."""

    _fields = ("kind", "verdict", "license", "policy", "mau", "reasons", "suggestions", "notes")
    __slots__ = _fields

    kind: Kind
    verdict: Outcome
    license: str  # pack id, e.g. "llama-2"
    policy: str  # policy id, e.g. "guide"
    mau: int | None
    reasons: tuple[Reason, ...]
    suggestions: tuple[str, ...]
    # Extra facts for renderers (not part of the JSON contract's required keys), e.g. the
    # license detected in free text or the name after normalisation.
    notes: tuple[str, ...]

    def __init__(self, kind: Kind, verdict: Outcome, license: str, policy: str, mau: int | None = None,
                 reasons: tuple[Reason, ...] = (), suggestions: tuple[str, ...] = (),
                 notes: tuple[str, ...] = ()) -> None:
        _set = object.__setattr__
        _set(self, "kind", kind)
        _set(self, "verdict", verdict)
        _set(self, "license", license)
        _set(self, "policy", policy)
        _set(self, "mau", mau)
        _set(self, "reasons", reasons)
        _set(self, "suggestions", suggestions)
        _set(self, "notes", notes)

    def _key(self) -> tuple[object, ...]:
        return (self.kind, self.verdict, self.license, self.policy, self.mau, self.reasons, self.suggestions,
                self.notes)

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
