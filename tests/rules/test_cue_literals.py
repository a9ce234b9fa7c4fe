"""The word index behind recognition (rules.text.CueIndex, rules.literals): a cue's regex runs only when the question
has a word the cue needs. The index is for speed only: it must never leave out a cue that matches."""

from __future__ import annotations

import json
import marshal
import sys
from pathlib import Path

import pytest

from rules import literals, recognise, risk
from rules.literals import WHOLE, walk
from rules.text import Cue, CueIndex, _cost, normalize, requirements

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("pattern", "needed"), [
    # The common words a cue starts with are skipped for the rarer words every match has.
    (r"(?:a|the|our) (?:[\w']+ ){0,2}(?:child\w*|kids?\b|minors?\b)", ("child", "kid", "minor")),
    # re's parser factors a shared start out of alternatives; the words are read whole all the same.
    (r"(?:pad|up)\w* (?:[\w']+ ){0,3}(?:rating|reviews?)", ("rating", "review")),
    (r"organi[sz]e", ("organise", "organize")),
    # A word followed by a separator must be a whole word ("e" of "e.u." is not every word starting with e).
    (r"e\.u\.", ("e" + WHOLE,)),
    (r"(?:it|they) (?:didn'?t|did not|never) say", ("say",)),
    # What a lookahead needs, the text has too.
    (r"^(?=.*\b(?:pics|photos?)\b)(?=.*\bsecret)", ("secret",)),
    # An optional space: "harm" may be inside the word "selfharm", so only "self" is certain.
    (r"self ?harm", ("self",)),
    # Nothing certain: always tried.
    (r"\w+ ?ware", None),
    (r"(?:[\w']+ )?(?:x|y)", ("x", "y")),
    (r"(?:foo|\w+) bar", ("bar",)),
])
def test_walk_finds_the_words_every_match_needs(pattern, needed):
    assert walk(pattern, _cost) == needed


def test_an_optional_word_is_never_required():
    assert walk(r"(?:very )?(?:quick|fast)", _cost) == ("fast", "quick")
    assert walk(r"(?:very|really)? bad", _cost) == ("bad",)


def test_requirements_keep_a_strong_first_word_and_walk_a_weak_one():
    assert requirements([r"ransomware\b"]) == ("ransomware",)
    assert requirements([r"the (?:[\w']+ )?ransomware"]) == ("ransomware",)
    assert requirements([r"ransomware", r"\w+"]) is None


def _questions() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            for text in (case.get("input"), case.get("en")):
                if isinstance(text, str) and text.isascii():
                    out.append(text)
    return out[::3]  # every third question: enough words of every kind, in seconds


@pytest.mark.parametrize("index", [recognise._INDEX, risk._INDEX], ids=["recognise", "risk"])
def test_the_index_never_leaves_out_a_cue_that_matches(index):
    compiled = {}
    for key, cue in index.cues.items():
        rx = getattr(cue, "rx", None)
        compiled[key] = rx if rx is not None else cue.rx
    questions = _questions()
    assert len(questions) > 500
    misses = []
    for q in questions:
        for t in {normalize(q), normalize(risk.strip_negated(q)[0])}:
            cands = index.candidates(t)
            misses += [(key, t) for key, rx in compiled.items() if key not in cands and rx.search(t)]
    assert misses == []


def test_words_after_an_apostrophe_are_looked_up_too():
    idx = CueIndex({"k": Cue(r"t\b")})
    assert "k" in idx.candidates("don't")


def test_the_cache_is_written_and_read_back(tmp_path, monkeypatch):
    cache = tmp_path / "cue-literals.marshal"
    monkeypatch.setattr(literals, "_cache_file", lambda: str(cache))
    monkeypatch.setattr(literals, "_CACHE", None)
    monkeypatch.setattr(literals, "_USED", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    got = literals.cached(r"the (?:[\w']+ )?ransomware", _cost)
    literals.save()
    stamp, data = marshal.loads(cache.read_bytes())
    assert stamp == literals._stamp()
    assert data == {r"the (?:[\w']+ )?ransomware": got} and got == ("ransomware",)
    # Read back without walking again.
    monkeypatch.setattr(literals, "_CACHE", None)
    monkeypatch.setattr(literals, "walk", lambda *a: pytest.fail("walked a cached pattern"))
    assert literals.cached(r"the (?:[\w']+ )?ransomware", _cost) == got


def test_a_broken_cache_is_ignored(tmp_path, monkeypatch):
    cache = tmp_path / "cue-literals.marshal"
    cache.write_bytes(b"not marshal")
    monkeypatch.setattr(literals, "_cache_file", lambda: str(cache))
    monkeypatch.setattr(literals, "_CACHE", None)
    assert literals.cached(r"(?:a|the) kids?", _cost) == ("kid",)


def test_a_cache_from_another_walk_is_ignored(tmp_path, monkeypatch):
    """Answers cached by another version of the walk (or other common words) are not trusted."""
    cache = tmp_path / "cue-literals.marshal"
    cache.write_bytes(marshal.dumps((("old", 0), {r"(?:a|the) kids?": ("the",)})))
    monkeypatch.setattr(literals, "_cache_file", lambda: str(cache))
    monkeypatch.setattr(literals, "_CACHE", None)
    assert literals.cached(r"(?:a|the) kids?", _cost) == ("kid",)
