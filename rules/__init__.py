"""Herdbook's pure decision core: Llama license packs, policies, and the checks built on them.

Public API (keyword arguments after the first; every function returns a `Verdict` or raises a
`RulesError` subclass whose message quotes the bad input):

    check_mau(qty, *, license="llama-2", policy="guide") -> Verdict
    check_name(name, *, license="llama-2", policy="guide") -> Verdict
    check_use(text, *, license="llama-2", policy="guide", mau=None, target_mau=None) -> Verdict
    ask(text, *, license=None, policy="guide") -> Verdict
    parse_mau(text) -> int
    resolve_license(id) -> str            # "llama2", "Llama 3.1", "llama-3.1" -> "llama-3.1"
    limits(license="llama-2", policy="guide") -> Limits   # the MAU limit, its comparison, the alert levels

Imports are lazy so that `llama-check` starts fast.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
from rules.verdict import (
    OUTCOMES,
    DataError,
    EmptyInputError,
    QuantityError,
    Reason,
    RulesError,
    TooLargeError,
    UnknownLicenseError,
    Verdict,
)

__all__ = [
    "OUTCOMES",
    "DataError",
    "EmptyInputError",
    "Limits",
    "QuantityError",
    "Reason",
    "RulesError",
    "TooLargeError",
    "UnknownLicenseError",
    "Verdict",
    "ask",
    "check_mau",
    "check_name",
    "check_use",
    "limits",
    "parse_mau",
    "resolve_license",
]

_LAZY = {
    "parse_mau": "rules.mau",
    "check_mau": "rules.mau",
    "check_name": "rules.names",
    "check_use": "rules.usecases",
    "ask": "rules.intent",
    "resolve_license": "rules.data",
    "limits": "rules.thresholds",
    "Limits": "rules.thresholds",
}

if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from rules.data import resolve_license
    from rules.intent import ask
    from rules.mau import check_mau, parse_mau
    from rules.names import check_name
    from rules.thresholds import Limits, limits
    from rules.usecases import check_use


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rules' has no attribute {name!r}")
    import importlib

    fn = getattr(importlib.import_module(module), name)
    globals()[name] = fn  # later `rules.<name>` lookups find it directly, without this function
    return fn
