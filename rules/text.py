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
    pre: list[str] = []
    for p in parts:
        got = literal_prefixes(p)
        if got is None:
            return None
        pre.extend(got)
    return tuple(pre) if pre else None


class Cue:
    """A compiled alternation with a substring prefilter: most questions contain none of the stems."""

    __slots__ = ("prefixes", "rx")

    def __init__(self, *parts: str) -> None:
        self.rx = rx(*parts)
        self.prefixes = prefilter(parts)

    def maybe(self, t: str) -> bool:
        return self.prefixes is None or any(p in t for p in self.prefixes)

    def search(self, t: str) -> re.Match[str] | None:
        return self.rx.search(t) if self.maybe(t) else None


_TOKEN = re.compile(r"\w[\w']*")


class CueIndex:
    """Which of many cues can match a text, from one pass over its words (cues whose every branch starts
    with a literal stem are looked up by that stem; the rest are always candidates)."""

    def __init__(self, cues: dict[str, Cue]) -> None:
        self.order = list(cues)
        self.always = [k for k, c in cues.items() if c.prefixes is None]
        self.by_stem: dict[str, set[str]] = {}
        for k, c in cues.items():
            for p in c.prefixes or ():
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

    def _for_word(self, w: str) -> frozenset[str]:
        hit: set[str] = set()
        by_stem = self.by_stem
        for n in self.lengths:
            if n > len(w):
                break
            ks = by_stem.get(w[:n])
            if ks:
                hit |= ks
        return frozenset(hit)

    def candidates(self, t: str) -> list[str]:
        hit = set(self.always)
        memo = self.memo
        for w in set(_TOKEN.findall(t)):
            ks = memo.get(w)
            if ks is None:
                if len(memo) >= 50_000:
                    memo.clear()
                ks = memo[w] = self._for_word(w)
            if ks:
                hit |= ks
        return sorted(hit, key=self.rank.__getitem__)
