"""Does an English question read like the requests the license prohibits? A safety net under `allowed`.

The recogniser (rules.recognise, rules.risk) answers from words it knows. A harm described in ordinary words
("a sob story from a kid we made up, donations to our account") can pass every cue, and the engine would say
`allowed` on something it did not understand. This module scores the question's words against a small
logistic model trained on the development questions (eval/train_resemblance.py writes
rules/vocab/resemblance/model.json: the words and word pairs, their weights and the threshold, with the files and
digests it was trained on). It never decides a verdict by itself: when the engine would answer `allowed`
and the question scores at or above the threshold, the answer becomes `review`, naming the words that
weighed most (rules.usecases).

English only: a Korean question is read through its gloss, and a Korean word the gloss cannot read already
keeps its answer from `allowed` (rules.korean.gloss_read).

The features are lower-cased words with a light suffix cut ("donations" -> "donation", "tracking" ->
"track") and adjacent word pairs; the trainer and this module share `features()`, so what was learned is
what is read.
"""

from __future__ import annotations

import json
import math
import os
import re
import threading

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vocab", "resemblance", "model.json")
WORDS_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vocab", "resemblance", "plain_words.toml")


def _plain_words() -> tuple[frozenset[str], frozenset[str]]:
    """(STOP, GENERIC) from rules/vocab/resemblance/plain_words.toml: words never taken as features on their own."""
    from rules import datafile
    from rules.verdict import DataError

    table = datafile.read(WORDS_PATH).get("words")
    if not isinstance(table, dict) or not all(isinstance(table.get(k), str) for k in ("stop", "generic")):
        raise DataError(f"{WORDS_PATH}: needs a [words] table with the strings `stop` and `generic`")
    return frozenset(table["stop"].split()), frozenset(table["generic"].split())


STOP, GENERIC = _plain_words()
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SUFFIXES = ("ing", "ed", "es", "s", "ly")
_MIN_STEM = 4


def stem(word: str) -> str:
    """A light suffix cut: enough to make "donations"/"donation" and "tracks"/"tracking" one feature."""
    for suf in _SUFFIXES:
        if len(word) >= len(suf) + _MIN_STEM and word.endswith(suf):
            return word[: -len(suf)]
    return word


_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC)


def plain(word: str, stemmed: str) -> bool:
    """A STOP word, or a GENERIC word in any of its forms ("telling" as "tell"): never a feature alone."""
    return word in STOP or word in GENERIC or stemmed in _GENERIC_STEMS


_WORDS: dict[str, tuple[str, bool]] = {}


def _word_info(word: str) -> tuple[str, bool]:
    """(stem, plain) of a word, remembered: one lookup per word on the hot path."""
    if len(_WORDS) > 50_000:  # bounded: a flood of made-up words cannot grow it without end
        _WORDS.clear()
    s = stem(word)
    info = _WORDS[word] = (s, plain(word, s))
    return info


def features(text: str) -> dict[str, str]:
    """Feature -> the words of `text` it came from (for the explanation). Unigrams skip STOP and GENERIC
    words; a pair is kept unless both its words are such words."""
    words = _WORD.findall(text.lower())
    stems = [stem(w) for w in words]
    out: dict[str, str] = {}
    flat = [plain(w, s) for w, s in zip(words, stems, strict=True)]
    for w, s, f in zip(words, stems, flat, strict=True):
        if not f and s not in out:
            out[s] = w
    for i in range(len(words) - 1):
        if flat[i] and flat[i + 1]:
            continue
        key = f"{stems[i]} {stems[i + 1]}"
        if key not in out:
            out[key] = f"{words[i]} {words[i + 1]}"
    return out


class Model:
    __slots__ = ("bias", "smoothing", "threshold", "weights")

    def __init__(self, weights: dict[str, float], bias: float, threshold: float, smoothing: float = 0.0) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        # The summed weights are divided by sqrt(features + smoothing): a two-word question carries too little
        # evidence for one heavy word ("paid") to decide it.
        self.smoothing = smoothing

    def score(self, text: str, threshold: float | None = None) -> tuple[float, list[str]]:
        """(probability that the question reads like a non-allowed request, its words that weighed most when the
        probability reaches `threshold`, by default the model's).
        The same features as `features()`, summed without building them (the hot path of every allowed answer)."""
        words = _WORD.findall(text.lower())
        if not words:
            return 0.0, []
        info = [_WORDS.get(x) or _word_info(x) for x in words]
        w = self.weights
        seen: set[str] = set()
        total = 0.0
        parts: list[tuple[float, str]] = []
        for word, (s, flat) in zip(words, info, strict=True):
            if flat or s in seen:
                continue
            seen.add(s)
            weight = w.get(s)
            if weight is not None:
                total += weight
                parts.append((weight, word))
        for i in range(len(words) - 1):
            (s1, f1), (s2, f2) = info[i], info[i + 1]
            if f1 and f2:
                continue
            key = f"{s1} {s2}"
            if key in seen:
                continue
            seen.add(key)
            weight = w.get(key)
            if weight is not None:
                total += weight
                parts.append((weight, f"{words[i]} {words[i + 1]}"))
        if not seen:
            return 0.0, []
        z = self.bias + total / math.sqrt(len(seen) + self.smoothing)
        p = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
        if p < (self.threshold if threshold is None else threshold):
            return p, []  # the words are needed only to explain a hold
        ranked = sorted(parts, key=lambda x: -x[0])
        top = [shown for weight, shown in ranked if weight > 0][:3] or [shown for _, shown in ranked][:3]
        return p, top


_MODEL: Model | None = None
_LOCK = threading.Lock()


def load(path: str = _PATH) -> Model:
    """The trained model (read once per process; a missing or malformed file is a DataError naming it)."""
    global _MODEL
    if _MODEL is not None and path == _PATH:
        return _MODEL
    from rules.verdict import DataError

    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        model = Model(weights, float(data["bias"]), float(data["threshold"]), float(data["smoothing"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise DataError(f"{path}: not a resemblance model ({e}); rebuild it with eval/train_resemblance.py") from e
    if not 0.5 <= model.threshold < 1.0:
        raise DataError(f"{path}: threshold {model.threshold} is outside [0.5, 1)")
    if path == _PATH:
        with _LOCK:
            _MODEL = model
    return model


def resembles(text: str, threshold: float | None = None) -> list[str] | None:
    """The words that make `text` read like a prohibited request (None: it does not, or no word of it is
    known to the model, so there is nothing to point at). `threshold`: a stricter bar than the model's own, for an
    answer that rests on a tentative reading (rules.vocab [tentative])."""
    model = load()
    bar = model.threshold if threshold is None else min(threshold, model.threshold)
    p, words = model.score(text, bar)
    if p < bar or not words:
        return None
    return words
