"""Which words a cue pattern needs: the literal word starts every match of a regex contains, for the word index.

`rules.text.CueIndex` runs a cue's regex only when the question has a word that the cue needs. The cheap reading of
a pattern (`rules.text.literal_prefixes`) takes the literal it starts with, and many cues start with a word every
question has ("the", "a", "our", "llama": "(?:a|the|our) (?:[\\w']+ ){0,2}(?:child\\w*|kids?)"), so nearly every cue
was a candidate for nearly every question. Here the parsed pattern (Python's own `re` parser) is walked: every
literal that starts a word somewhere in every match is a possible gate, and the least common one is kept
("child", "kid", "minor" above). A literal followed by a separator ("e" in "e.u.") must be a whole word.

Soundness is the point: whenever the regex matches the text, the text has a word that one of the returned literals
starts (or, marked as a whole word, equals); tests/rules/test_cue_literals.py checks it over every vocabulary cue
and every eval question. When no such literal can be proved, the answer is None (the cue is always tried).

Walking ~5,000 patterns costs more than the rest of `ask` start-up, so only patterns whose cheap reading is weak
(a common word, a stem of one or two letters, or none) are walked, and the results are kept in a marshal cache
beside the bytecode (as rules.datafile keeps parsed packs), keyed by the pattern text itself.
"""

from __future__ import annotations

import marshal
import os
import sys
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

from rules.text import WHOLE  # the suffix of a literal that must be a whole word ("e " for the "e" of "e.u.")

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Where a literal may start a word: NO (unknown), B (at \b: a word character starts a word), WS (after a separator
# or at the start).
NO, B, WS = 0, 1, 2
_FORMAT = 1
_MAX_STRINGS = 32


def _tok(c: str) -> bool:
    """A character of a word as rules.text.CueIndex splits them (\\w[\\w']*)."""
    return c.isalnum() or c in "_'"


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _lead(items: Any) -> str:
    """The word characters a branch starts with, as plain literals."""
    out = []
    for op, av in items:
        if op is C.LITERAL and _tok(chr(av)):
            out.append(chr(av))
        else:
            break
    return "".join(out)


def _set_chars(items: Any) -> list[str] | None:
    """The characters of a character set made only of literals, else None (ranges, categories, negation)."""
    out = []
    for op, av in items:
        if op is not C.LITERAL:
            return None
        out.append(chr(av))
    return out


def _set_state(items: Any) -> int:
    """After a character set: WS when it holds only separators (spaces, punctuation), else NO."""
    for op, av in items:
        if op is C.LITERAL:
            if _tok(chr(av)):
                return NO
        elif not (op is C.CATEGORY and av is C.CATEGORY_SPACE):
            return NO
    return WS


class _Walk:
    def __init__(self, cost: Any) -> None:
        self.cost = cost

    def best(self, reqs: list[frozenset[str]]) -> frozenset[str] | None:
        if not reqs:
            return None
        return min(reqs, key=lambda s: (sum(self.cost(x) for x in s), len(s), sorted(s)))

    def seq(self, items: Any, state: int) -> tuple[list[frozenset[str]], int]:
        """(the literal sets of which every match of the sequence has one, the state after it)."""
        reqs: list[frozenset[str]] = []
        run: list[str] | None = None  # literals being read from a word start

        def close(whole: bool) -> None:
            nonlocal run
            if run:
                reqs.append(frozenset(s.lower() + (WHOLE if whole else "") for s in run))
            run = None

        for op, av in items:
            if op is C.LITERAL:
                c = chr(av)
                if run is not None and _tok(c):
                    run = [s + c for s in run]
                    continue
                close(whole=run is not None)  # c ends the word being read (it is no word character)
                if state != NO and _word(c):
                    run = [c]
                    state = NO
                else:
                    state = NO if _tok(c) else WS
                continue
            if op is C.IN:
                chars = _set_chars(av)
                if chars is not None and all(_word(c) for c in chars):
                    if run is not None and len(run) * len(chars) <= _MAX_STRINGS:
                        run = [s + c for s in run for c in chars]
                        continue
                    close(whole=False)
                    if state != NO and len(chars) <= _MAX_STRINGS:
                        run = list(chars)
                    state = NO
                    continue
                close(whole=run is not None and _set_state(av) == WS)
                state = _set_state(av)
                continue
            if run is not None and op is C.BRANCH:
                # re's parser factors a common start out of alternatives ("rating|reviews" -> "r" + (ating|eviews)):
                # the word being read goes on into each branch's leading literal.
                leads = [_lead(b) for b in av[1]]
                if len(run) * len(leads) <= _MAX_STRINGS:
                    run = [s + x for s in run for x in leads]
            close(whole=False)
            if op is C.AT:
                if av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
                    state = WS
                elif av is C.AT_BOUNDARY:
                    state = WS if state == WS else B
                elif av is C.AT_NON_BOUNDARY:
                    state = NO
            elif op is C.ASSERT:  # (?=...) and (?<=...): what they need, the text has too
                direction, sub = av
                got = self.best(self.seq(sub, state if direction > 0 else NO)[0])
                if got is not None:
                    reqs.append(got)
            elif op is C.ASSERT_NOT:
                direction, sub = av
                # (?<![\w']) : what follows starts a word.
                if (direction < 0 and len(sub) == 1 and sub[0][0] is C.IN
                        and (C.CATEGORY, C.CATEGORY_WORD) in sub[0][1] and (C.LITERAL, ord("'")) in sub[0][1]):
                    state = WS
            elif op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
                r, state = self.seq(av[-1] if op is C.SUBPATTERN else av, state)
                got = self.best(r)
                if got is not None:
                    reqs.append(got)
            elif op is C.BRANCH:
                ends = []
                union: set[str] = set()
                every = True
                for branch in av[1]:
                    r, end = self.seq(branch, state)
                    ends.append(end)
                    got = self.best(r)
                    if got is None:
                        every = False
                    else:
                        union |= got
                if every:
                    reqs.append(frozenset(union))
                state = min(ends)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                lo, hi, sub = av
                r, end = self.seq(sub, state)
                if lo >= 1:
                    got = self.best(r)
                    if got is not None:
                        reqs.append(got)
                if hi is C.MAXREPEAT or hi > 1:
                    end = min(end, self.seq(sub, end)[1])  # a later round starts where one ends
                state = min(end, state) if lo == 0 else end
            else:  # any character, a negated literal, a back-reference, a conditional: nothing known after it
                state = NO
        close(whole=False)
        return reqs, state


def walk(pattern: str, cost: Any) -> tuple[str, ...] | None:
    """The literals one of which starts a word (or, ending in WHOLE, is a word) in every match of `pattern` as a
    cue compiles it (word-start anchored: rules.text.rx), or None when none can be proved."""
    try:
        parsed = P.parse(r"\b(?:" + pattern + ")")
    except Exception:  # noqa: BLE001 - an invalid pattern fails where it is compiled, with its own message
        return None
    reqs, _ = _Walk(cost).seq(parsed, NO)
    got = _Walk(cost).best(reqs)
    return None if got is None else tuple(sorted(got))


# ---------------------------------------------------------------- the cache
_CACHE: dict[str, tuple[str, ...] | None] | None = None
_USED: dict[str, tuple[str, ...] | None] = {}
_NEW = False


def _cache_file() -> str:
    from rules.datafile import _cache_path

    return _cache_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cue-literals"))


_SALT: tuple[object, ...] = ()


def _stamp() -> tuple[object, ...]:
    """What the cached answers depend on besides the pattern: this file (the walk), Python (its parser) and the
    caller's salt (the common words the cost function reads)."""
    try:
        st = os.stat(__file__)
        mine: tuple[object, ...] = (st.st_mtime_ns, st.st_size)
    except OSError:
        mine = ()
    return (_FORMAT, sys.version_info[:2], mine, _SALT)


def cached(pattern: str, cost: Any, salt: tuple[object, ...] = ()) -> tuple[str, ...] | None:
    """walk(pattern) through the cache; `salt`: what `cost` depends on (the same in every call of a process)."""
    global _CACHE, _NEW, _SALT
    if _CACHE is None:
        _CACHE = {}
        _SALT = salt
        try:
            with open(_cache_file(), "rb") as f:
                stamp, data = marshal.load(f)
            if stamp == _stamp() and isinstance(data, dict):
                _CACHE = data
        except (OSError, EOFError, ValueError, TypeError):
            pass
    if pattern in _CACHE:
        got = _CACHE[pattern]
    else:
        got = walk(pattern, cost)
        _NEW = True
    _USED[pattern] = got
    return got


def save() -> None:
    """Write the cache when this process walked patterns it did not have (only the patterns used, so that it does
    not grow as the vocabulary changes); a folder we cannot write to just means walking them next time."""
    global _NEW
    if not _NEW or sys.dont_write_bytecode:
        return
    _NEW = False
    from rules.datafile import _write

    _write(_cache_file(), _stamp(), dict(_USED))


__all__ = ["WHOLE", "cached", "save", "walk"]
