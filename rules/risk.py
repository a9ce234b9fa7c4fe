"""The safety layer of use-case judgment (issue 11): negation scope, rates, and risk nobody explained.

- `strip_negated(text)`: "we will not / we don't / no X, just Y" removes X before recognition; a negated
  safeguard ("no human review", "we won't tell them", "it isn't true") is kept, so it adds the risk.
- `is_rate(text, end)`: a figure followed by messages, tokens, calls ... is a rate or a count, not MAU.
- `assess(t, rec)`: harms described without their keywords (rules/vocab [risk.*]) become the activities they
  are; risk-bearing words that no recognised activity explains ([lone.*]) are returned, and the caller answers
  at least review, naming them. Principle: never `allowed` on what was not understood.

All cue lists are data (rules.vocab); nothing here names a word.
"""

from __future__ import annotations

import re
from collections import Counter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

from rules.text import CueIndex, requirements, rx, substrings
from rules.vocab import VOCAB

# ---------------------------------------------------------------- negation scope (on raw text)
_TRIGGER = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                      sorted(VOCAB.neg_triggers, key=len, reverse=True)) + r")(?![\w'])"
                      + (r"(?![\s-]+(?:" + "|".join(re.escape(w) for w in VOCAB.neg_not_before) + r")\b)"
                         if VOCAB.neg_not_before else ""), re.IGNORECASE)
_END = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                  sorted(VOCAB.neg_ends, key=len, reverse=True)) + r")(?![\w'])", re.IGNORECASE)
_KEEP = re.compile(r"\b(?:" + "|".join(VOCAB.neg_keep) + ")", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,.;:!?()\[\]\n]|\s[-–—]+\s|\s--?\s")
# Negations inside what is said or written are content, not the asker's promise ("posts that say no women").
_SPEECH_BEFORE = re.compile(r"\b(?:say|says|saying|said|state|states|stating|read|reads|claim|claims|claiming|write|"
                            r"writes|writing|tell|tells|telling|reply|replies|replying|post|posts|message|messages|"
                            r"announc\w*|mention\w*|that)\W+(?:[\w']+\W+)?$", re.IGNORECASE)
# "it isn't a replacement for therapists", "doesn't replace your doctor": the model takes no such role, so the span
# goes even when it names a professional (it states no safeguard missing).
_DISCLAIM = re.compile(r"\s+(?:" + "|".join(VOCAB.neg_disclaim) + ")", re.IGNORECASE) if VOCAB.neg_disclaim else None
_COPULA_OBJECT = re.compile(r"\s+(?:a|an|the only)\b", re.IGNORECASE)  # "we're not a research lab": identity


_TRIGGER_WORDS = frozenset(w for trig in VOCAB.neg_triggers for w in trig.lower().split()
                           if w not in ("do", "will", "of", "like"))
_WORD = re.compile(r"[a-z']+")


_FREE_OF = re.compile(r"\b\w+-free\b", re.IGNORECASE)  # "malware-free", "spam-free": the thing is absent


def strip_negated(text: str) -> tuple[str, list[str]]:
    """`text` with negated activity spans cut out, and the spans cut (for the notes)."""
    free: list[str] = []
    if "-free" in text or "-Free" in text:
        # ... but "doctor-free", "human-free": a safeguard absent adds the risk, so those stay.
        free = [w for w in _FREE_OF.findall(text) if not _KEEP.search(w)]
        text = _FREE_OF.sub(lambda m: m.group(0) if _KEEP.search(m.group(0)) else " ", text)
    if _TRIGGER_WORDS.isdisjoint(_WORD.findall(text.lower())) or _TRIGGER.search(text) is None:
        return text, free
    removed: list[str] = []
    out: list[str] = []
    pos = 0
    for m in _TRIGGER.finditer(text):
        if m.start() < pos:
            continue
        clause = _CLAUSE_END.search(text, m.end())
        stop = clause.start() if clause else len(text)
        end = _END.search(text, m.end(), stop)
        if end is not None:
            stop = end.start()
        span = text[m.start(): stop]
        # The subject counts too: "human oversight is not required" negates a safeguard.
        start = max(pos, m.start() - 30)
        before = _CLAUSE_END.search(text, start, m.start())
        while before is not None:
            start = before.end()
            before = _CLAUSE_END.search(text, start, m.start())
        disclaim = _DISCLAIM is not None and _DISCLAIM.match(text, m.end()) is not None
        if not disclaim and (not span[m.end() - m.start():].strip() or _COPULA_OBJECT.match(text, m.end())
                             or _KEEP.search(text, start, stop)
                             or _SPEECH_BEFORE.search(text, max(0, m.start() - 30), m.start())):
            continue
        out.append(text[pos: m.start()])
        out.append(" , ")
        removed.append(" ".join(span.split()))
        pos = stop
    out.append(text[pos:])
    return "".join(out), free + removed


# ---------------------------------------------------------------- rates
_RATE_AFTER: re.Pattern[str] | None = None


def is_rate(text: str, end: int) -> bool:
    """The figure ending at `end` counts things (messages, tokens, calls ...), not users."""
    global _RATE_AFTER
    if _RATE_AFTER is None:  # compiled on first use (start-up)
        _RATE_AFTER = re.compile(r"\+?\s*(?:of\s+)?(?:[\w'-]+\s+){0,2}?(?:" + "|".join(VOCAB.rate_units) + r")",
                                 re.IGNORECASE)
    return _RATE_AFTER.match(text, end) is not None


# ---------------------------------------------------------------- risk concepts
# Compile the concept regexes on first use (False) or at import (True): measured, the throughput is the same
# either way and lazy compilation keeps `ask` start-up near what it was before the risk layer.
_EAGER = False


class _LazyCue:
    """A Cue with its literal stems known up front (for the index) and its regex compiled eagerly or on first
    use (see _EAGER)."""

    __slots__ = ("_rx", "keys", "parts", "prefixes")

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        self.keys = requirements(parts)  # for CueIndex
        self.prefixes = substrings(self.keys)
        self._rx: re.Pattern[str] | None = rx(*parts) if _EAGER else None

    @property
    def rx(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = rx(*self.parts)  # only the regex: the keys are known already
        return self._rx

    def maybe(self, t: str) -> bool:
        return self.prefixes is None or any(p in t for p in self.prefixes)

    def search(self, t: str) -> re.Match[str] | None:
        if self.prefixes is not None and not any(p in t for p in self.prefixes):
            return None
        return self.rx_search(t)

    def rx_search(self, t: str) -> re.Match[str] | None:
        """The regex alone (the caller's word pass has already selected this cue)."""
        return self.rx.search(t)


class _LazyRx:
    __slots__ = ("_rx", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._rx: re.Pattern[str] | None = None

    def search(self, t: str) -> re.Match[str] | None:
        if self._rx is None:
            self._rx = re.compile(self.pattern)
        return self._rx.search(t)


def _cue(parts: list[str]) -> _LazyCue:
    return _LazyCue(parts)


def _unless(parts: list[str]) -> _LazyRx | None:
    return _LazyRx(r"\b(?:" + "|".join(parts) + ")") if parts else None


_RISK = [(c, [_cue(g) for g in c.groups], _unless(c.unless)) for c in VOCAB.risk.values()]
_LONE = [(c, _cue(c.cues), _unless(c.unless)) for c in VOCAB.lone.values()]
# One word pass says which concepts can match: a concept is a candidate only when every group of it that has
# literal stems has one of them in the text (a group without literal stems does not gate).
# rules.recognise puts these cues in its own index, so one word pass serves both.
INDEX_CUES: dict[str, Any] = {**{f"r:{c.id}:{i}": g for c, groups, _ in _RISK for i, g in enumerate(groups) if g.prefixes},
                              **{f"l:{c.id}": _cue(c.gate) if c.gate else cue for c, cue, _ in _LONE}}
_INDEX = CueIndex(INDEX_CUES)
_GATES = {c.id: frozenset(f"r:{c.id}:{i}" for i, g in enumerate(groups) if g.prefixes) for c, groups, _ in _RISK}
_BY_ID = {c.id: (c, groups, unless) for c, groups, unless in _RISK}
_CONCEPT_OF = {k: k.split(":")[1] for k in INDEX_CUES if k[0] == "r"}
_ALWAYS = [c.id for c, groups, _ in _RISK if not _GATES[c.id]]  # no literal stems at all: always tried
_NGATES = {cid: len(g) for cid, g in _GATES.items()}
_KEY_ORDER = {cid: f"r:{cid}:" for cid in _GATES}  # the order of the concepts' index keys
_LONE_KEYS = {f"l:{c.id}": (c, cue, unless) for c, cue, unless in _LONE}
_LONE_KEYSET = frozenset(_LONE_KEYS)
_SOLE_OF = {"medical_assist": "medical_sole", "legal_assist": "legal_sole", "financial_assist": "financial_sole",
            "emergency_assist": "emergency_sole"}


class Assessment:
    __slots__ = ("described", "review", "unexplained")

    def __init__(self) -> None:
        self.described: list[tuple[str, str]] = []  # (activity, words) recognised from a description
        self.review: list[tuple[str, str]] = []  # (concept, words): at least review
        self.unexplained: list[str] = []  # risk words no recognised activity explains


def assess(t: str, activities: list[str], harms_seen: set[str], cands: set[str] | None = None) -> Assessment:
    """Risk in normalised text `t`, given the activities already recognised and every harm category named
    (done, detected or ambiguous); `cands`: the candidate keys of INDEX_CUES from a word pass already made.
    Mutates nothing; the caller adds `described` activities."""
    a = Assessment()
    want = _INDEX.candidates(t) if cands is None else cands
    # A concept is tried only when every gated group of it had a stem hit (counted in C: Counter over the keys).
    counts = Counter(map(_CONCEPT_OF.get, want))
    # In one fixed order (concepts without stems, then by id), so that reasons come in the same order in every process.
    tried = _ALWAYS + sorted((cid for cid, n in counts.items() if cid is not None and n == _NGATES[cid]),
                             key=_KEY_ORDER.__getitem__)
    lone = sorted(want & _LONE_KEYSET)
    done = set(activities)
    known = done | harms_seen
    for cid in tried:
        c, groups, unless = _BY_ID[cid]
        if c.activity in done and c.outcome != "sole":
            continue  # already recognised by its keywords (a weak or detected mention may still be upgraded)
        words: list[str] = []
        for g in groups:
            m = g.rx_search(t)  # the word pass has found its stems already: no substring test first
            if m is None:
                break
            words.append(m.group(0))
        else:
            if unless is not None and unless.search(t):
                continue
            phrase = " ... ".join(dict.fromkeys(w.strip() for w in words if len(w.strip()) > 1))
            if c.outcome == "activity":
                a.described.append((c.activity, phrase))
                known.add(c.activity)
            elif c.outcome == "sole":
                soles = [_SOLE_OF[x] for x in activities if x in _SOLE_OF]
                if soles:
                    a.described += [(s, phrase) for s in soles]
                else:
                    a.review.append((c.id, phrase))
            elif c.activity not in known:
                a.review.append((c.id, phrase))
    for key in lone:
        lc, cue, unless = _LONE_KEYS[key]
        if known.intersection(lc.explained_by):
            continue
        m = cue.search(t)
        if m is None or (unless is not None and unless.search(t)):
            continue
        a.unexplained.append(m.group(0).strip())
    return a
