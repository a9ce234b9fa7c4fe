"""Text helpers for free-text questions: normalisation, and compiled cues with a cheap word-stem prefilter.

Recognition is by category, never by sentence: each category is a set of stems, synonyms and small
"verb x object" patterns (rules.harms for harms, rules.recognise for the rest). Text is normalised first
(NFKC, lower case, hyphens and slashes between words become spaces, common misspellings fixed), so every
pattern is written for `fine tune`, `llama 2`, `self harm`. Speed matters (>= 5,000 questions a second):
`CueIndex` looks at each word once and runs only the regexes whose stems occur.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_JOINERS = re.compile(r"(?<=\w)[-_/‐‑‒–—](?=\w)")
_PUNCT = re.compile(r"[^\w\s.,?!';:&%$]")


# Frequent misspellings of cue words, fixed as word starts so inflections follow ("harrassing").
TYPOS: dict[str, str] = {
    "fintun": "fine tun", "finetunn": "finetun", "fine tunn": "fine tun", "sumar": "summar",
    "commerical": "commercial", "comercial": "commercial", "harrass": "harass", "harras": "harass",
    "descriminat": "discriminat", "malwear": "malware", "ransomeware": "ransomware", "impersonnat": "impersonat",
    "diagnoz": "diagnos", "lawer": "lawyer", "attourney": "attorney", "attorny": "attorney", "finacial": "financial",
    "financal": "financial", "emergancy": "emergency", "emergeny": "emergency", "survelliance": "surveillance",
    "surveilance": "surveillance", "survelance": "surveillance", "wepon": "weapon", "phising": "phishing",
    "hugginface": "huggingface", "hatespeech": "hate speech", "fakenews": "fake news", "quantatiz": "quantiz",
    "quantisiz": "quantiz", "distilation": "distillation", "terrorisim": "terrorism", "grooom": "groom", "stalkin": "stalking", "chatbott": "chatbot",
    "reveiw": "review", "reivew": "review", "reviw": "review", "recieve": "receive", "testimonal": "testimonial",
}
_TYPO_RX = re.compile(r"\b(?:" + "|".join(sorted((k for k, v in TYPOS.items() if k != v), key=len, reverse=True)) + ")")


def normalize(text: str) -> str:
    """Lower-case NFKC text with word joiners turned into spaces ("Fine-tune" -> "fine tune")."""
    if text.isascii():  # NFKC, invisible characters and curly quotes are all outside ASCII
        t = text.lower()
    else:
        t = unicodedata.normalize("NFKC", text)
        t = _INVISIBLE.sub("", t).replace("’", "'").replace("‘", "'").lower()
    t = _JOINERS.sub(" ", t)
    t = _PUNCT.sub(" ", t)
    t = " ".join(t.split())  # as _SPACES.sub(" ", t).strip(): str.split and re's \s agree on whitespace
    return _TYPO_RX.sub(lambda m: TYPOS[m.group(0)], t) if _TYPO_RX.search(t) else t


def rx(*parts: str) -> re.Pattern[str]:
    """One compiled alternation of word-initial patterns."""
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


W = r"(?:[\w']+ )"  # one word and its space, for "{0,3}" gaps


def _split_top(group: str) -> list[str]:
    """Top-level alternatives of a regex fragment (parentheses and escapes respected)."""
    alts, depth, cur, i = [], 0, [], 0
    while i < len(group):
        c = group[i]
        if c == "\\":
            cur.append(group[i: i + 2])
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "|" and depth == 0:
            alts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    alts.append("".join(cur))
    return alts


_LITERAL = re.compile(r"[a-z0-9' ]+")


def literal_prefixes(pattern: str) -> tuple[str, ...] | None:
    """Plain-text starts of a pattern ("self ?harm" -> ("self",)), for a cheap `in` test before the regex;
    None when some branch has no literal start (then the regex must always run)."""
    out: list[str] = []
    for alt in _split_top(pattern):
        if alt.startswith("(?:"):
            depth, end = 0, -1
            for i, c in enumerate(alt):
                if c == "(" and (i == 0 or alt[i - 1] != "\\"):
                    depth += 1
                elif c == ")" and alt[i - 1] != "\\":
                    depth -= 1
                    if depth == 0:
                        end = i
                        break
            if end < 0 or alt[end + 1: end + 2] in ("?", "*", "{"):
                return None
            inner = literal_prefixes(alt[3:end])
            if inner is None:
                return None
            out.extend(inner)
            continue
        m = _LITERAL.match(alt)
        lit = m.group(0) if m else ""
        if lit and alt[len(lit): len(lit) + 1] in ("?", "*", "{"):
            lit = lit[:-1]
        if not lit.strip():
            return None
        out.append(lit)
    return tuple(dict.fromkeys(out))


def prefilter(parts: Sequence[str]) -> tuple[str, ...] | None:
    """Literal substrings one of which every match of `parts` contains; None when a part has none."""
    return substrings(requirements(parts))


WHOLE = " "  # the suffix of an index key that must be a whole word (rules.literals)


def substrings(keys: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Index keys as plain substrings of any text they select (a whole-word key loses its WHOLE mark)."""
    return None if keys is None else tuple(dict.fromkeys(k.rstrip(WHOLE) for k in keys))


def _common() -> frozenset[str]:
    global _COMMON, _COMMON_SALT
    if _COMMON is None:
        from rules.vocab import VOCAB

        _COMMON = frozenset(VOCAB.words.get("index", {}).get("common", ()))
        _COMMON_SALT = tuple(sorted(_COMMON))
    return _COMMON


_COMMON: frozenset[str] | None = None
_COMMON_SALT: tuple[str, ...] = ()  # what rules.literals' cached answers depend on, besides the patterns


def _cost(key: str) -> float:
    """How often a question has a word this index key selects (lower is rarer): a common word, or a stem of one or
    two letters, selects nearly every question; a whole word is rarer than the same letters as a stem."""
    word = key.rstrip(WHOLE)
    if word in _common() or word[:5] in _common():
        return 50.0
    if key.endswith(WHOLE):
        return 2.0 if len(word) == 1 else 1.0
    return {1: 40.0, 2: 12.0, 3: 3.0, 4: 1.5}.get(len(word), 1.0)


def _weak(prefixes: tuple[str, ...]) -> bool:
    for p in prefixes:
        m = _TOKEN.match(p.strip())
        if m is None or _cost(m.group(0)[:5]) > 3.0:
            return True
    return False


def requirements(parts: Sequence[str]) -> tuple[str, ...] | None:
    """The word-index keys of a cue: for every part, literals one of which starts a word of every match (a key
    ending in WHOLE is a whole word); None when some part has none. The literal a part starts with is enough
    unless it is weak (a common word, a stem of one or two letters, or none): then rules.literals walks the
    pattern for a rarer one ("(?:a|the|our) ... (?:child|kid)" -> child, kid)."""
    out: list[str] = []
    for p in parts:
        got = literal_prefixes(p)
        if got is not None:
            got = tuple(g.rstrip() for g in got)  # a prefix ("based on "), never a whole word (WHOLE)
        if got is None or _weak(got):
            from rules.literals import cached

            _common()
            better = cached(p, _cost, _COMMON_SALT)
            if better is not None:
                got = better
        if got is None:
            return None
        out.extend(got)
    return tuple(dict.fromkeys(out)) if out else None


class Cue:
    """A compiled alternation with a substring prefilter: most questions contain none of the stems."""

    __slots__ = ("keys", "prefixes", "rx")

    def __init__(self, *parts: str) -> None:
        self.rx = rx(*parts)
        self.keys = requirements(parts)  # for CueIndex
        self.prefixes = substrings(self.keys)

    def maybe(self, t: str) -> bool:
        return self.prefixes is None or any(p in t for p in self.prefixes)

    def search(self, t: str) -> re.Match[str] | None:
        return self.rx.search(t) if self.maybe(t) else None


_TOKEN = re.compile(r"\w[\w']*")


class CueIndex:
    """Which of many cues can match a text, from one pass over its words (cues with index keys are looked up by
    them: a stem a word starts with, or a whole word; the rest are always candidates). A cue is anything with
    `keys` (rules.text.requirements)."""

    def __init__(self, cues: dict[str, Any]) -> None:
        self.cues = cues
        self.order = list(cues)
        self.always = [k for k, c in cues.items() if c.keys is None]
        self.by_stem: dict[str, set[str]] = {}
        self.by_word: dict[str, set[str]] = {}
        for k, c in cues.items():
            for p in c.keys or ():
                if p.endswith(WHOLE):
                    self.by_word.setdefault(p[:-1], set()).add(k)
                    continue
                stem = _TOKEN.match(p.strip())
                if stem is None:  # no word characters to index by: always a candidate
                    self.always.append(k)
                    continue
                # Stems cut to 5 characters: fewer lookups per word, still never a false "no".
                self.by_stem.setdefault(stem.group(0)[:5], set()).add(k)
        self.lengths = sorted({len(s) for s in self.by_stem})
        self.rank = {k: i for i, k in enumerate(self.order)}
        # word -> the cues its stems select. Questions reuse a small vocabulary, so after a few hundred
        # questions nearly every word is a single dict lookup (bounded: cleared when it grows large).
        self.memo: dict[str, frozenset[str]] = {}
        from rules.literals import save

        save()  # the walked patterns, for the next process (rules.literals)

    def _for_word(self, w: str) -> frozenset[str]:
        hit: set[str] = set(self.by_word.get(w, ()))
        by_stem = self.by_stem
        for n in self.lengths:
            if n > len(w):
                break
            ks = by_stem.get(w[:n])
            if ks:
                hit |= ks
        return frozenset(hit)

    def candidates(self, t: str) -> set[str]:
        """The keys of the cues that can match `t` (a set: `ordered` gives the cues' order where it matters)."""
        hit = set(self.always)
        memo = self.memo
        words = set(_TOKEN.findall(t))
        if "'" in t:  # "don't": "t" starts a word for \b too, so its part after the apostrophe is looked up as well
            words.update(_AFTER_APOSTROPHE.findall(t))
        for w in words:
            ks = memo.get(w)
            if ks is None:
                if len(memo) >= 50_000:
                    memo.clear()
                ks = memo[w] = self._for_word(w)
            if ks:
                hit |= ks
        return hit

    def ordered(self, keys: set[str], kinds: str) -> list[str]:
        """The keys whose first letter is one of `kinds`, in the order the cues were given."""
        return sorted((k for k in keys if k[0] in kinds), key=self.rank.__getitem__)


_AFTER_APOSTROPHE = re.compile(r"(?<=')\w[\w']*")
