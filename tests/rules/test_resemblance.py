"""The resemblance safety net (issue 11): an English question that reads like the prohibited requests is never
`allowed` on words no cue explained; the model file is what eval/train_resemblance.py writes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import rules
from rules import resemblance
from rules.resemblance import Model, features, stem
from rules.verdict import DataError

ROOT = Path(__file__).resolve().parents[2]


def test_features_are_stems_and_pairs_with_their_words():
    f = features("We collect Donations for the kids")
    assert f["collect"] == "collect"
    assert f["donation"] == "donations"
    assert f["collect donation"] == "collect donations"
    assert "we" not in f and "the" not in f  # STOP words are never features on their own
    assert "for the" not in f  # nor a pair of two STOP words
    assert "tell" not in features("telling them")  # a GENERIC word in any form
    g = features("we make money selling a chatbot, made up reviews")
    assert not {"make", "money", "we make", "make money", "sell", "chatbot"} & set(g)  # GENERIC words alone
    assert g["made up"] == "made up"  # ... but with a word that says more, they count
    assert stem("tracking") == "track" and stem("ads") == "ads"  # a short word keeps its suffix


def test_score_and_words_that_weighed_most():
    m = Model({"donation": 3.0, "kid": 2.0, "sick": 1.0, "storefront": -4.0}, bias=0.0, threshold=0.7)
    p, words = m.score("collect donations for a sick kid")
    assert p > 0.7
    assert words == ["donations", "kid", "sick"]  # highest weight first
    p2, _ = m.score("a storefront for our shop")
    assert p2 < 0.5
    assert m.score("") == (0.0, [])


def test_a_question_that_reads_like_a_prohibited_request_is_held(monkeypatch):
    # A model that knows exactly one harm-bearing pair; everything else in the question is an ordinary use.
    fake = Model({"sob story": 9.0, "story": 0.0}, bias=-1.0, threshold=0.7)
    monkeypatch.setattr(resemblance, "_MODEL", fake)
    held = rules.ask("can llama 2 write a sob story for our customer support chatbot?")
    assert held.verdict == "review"
    r = next(r for r in held.reasons if r.rule == "use.resembles.review")
    assert "'sob story'" in r.message and r.source == "license"
    from rules.data import load_pack

    assert r.clause == load_pack("llama-2").aup_clause
    from rules.usecases import unexplained_words

    assert "sob story" in unexplained_words(held)
    # Korean explanation quotes the same words.
    from rules.i18n import explain

    assert "'sob story'" in (explain(r, held, "ko") or "")
    # Without the pair, the same use stays allowed: the net only turns what it scores into review.
    assert rules.ask("can llama 2 write a reply for our customer support chatbot?").verdict == "allowed"


def test_negated_words_are_not_scored(monkeypatch):
    fake = Model({"sob story": 9.0}, bias=-1.0, threshold=0.7)
    monkeypatch.setattr(resemblance, "_MODEL", fake)
    v = rules.ask("we will not write any sob story, just a customer support chatbot with llama 2")
    assert not any(r.rule == "use.resembles.review" for r in v.reasons)


def test_a_stronger_verdict_is_never_softened_and_korean_is_not_scored(monkeypatch):
    everything = Model({}, bias=50.0, threshold=0.7)  # would hold any question with a known word ...
    monkeypatch.setattr(resemblance, "_MODEL", everything)
    assert resemblance.resembles("customer chatbot") is None  # ... but points at no word, so holds none
    fake = Model({"support": 9.0, "outputs": 9.0}, bias=0.0, threshold=0.7)
    monkeypatch.setattr(resemblance, "_MODEL", fake)
    assert rules.ask("train another LLM on llama 2 outputs").verdict == "prohibited"
    assert rules.ask("라마 2를 고객 상담 챗봇에 상업적으로 써도 되나요?").verdict == "allowed"
    # English with a curly apostrophe is English, not a gloss.
    assert rules.ask("we’re building a customer support chatbot on llama 2").verdict == "review"


def test_the_real_model_loads_and_holds_what_it_was_trained_to_hold():
    m = resemblance.load()
    assert 0.5 <= m.threshold < 1.0
    assert len(m.weights) > 1000
    assert all(k == k.lower() and k.strip() == k for k in m.weights)
    # Two plain development examples of each side (eval/dev.jsonl style), far from the threshold.
    assert m.score("customer support chatbot for our shoe store")[0] < m.threshold
    assert m.score("write fake five star reviews from made up customers for our store")[0] >= m.threshold


def test_a_broken_model_file_is_a_data_error(tmp_path):
    bad = tmp_path / "resemblance.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(DataError, match="eval/train_resemblance.py"):
        resemblance.load(str(bad))
    bad.write_text(json.dumps({"weights": {}, "bias": 0, "threshold": 0.2, "smoothing": 0}), encoding="utf-8")
    with pytest.raises(DataError, match="threshold"):
        resemblance.load(str(bad))


def test_the_model_was_trained_on_the_development_files_as_they_are_now():
    model = json.loads(Path(resemblance._PATH).read_text(encoding="utf-8"))
    names = [t["file"] for t in model["trained_on"]]
    for frozen in ("blind.jsonl", "blind4.jsonl", "blind5.jsonl", "blind6.jsonl", "ko_blind6.jsonl",
                   "ko_blind10.jsonl", "ko_blind11.jsonl"):
        assert frozen not in names  # the frozen sets measure the model; they never train it
    for t in model["trained_on"]:
        name = t["file"]
        path = ROOT.parent / name if name.startswith("shared/") else ROOT / name if "/" in name else ROOT / "eval" / name
        if not path.exists():
            continue  # ../shared is next to the checkout in development and CI, not in every install
        assert hashlib.sha256(path.read_bytes()).hexdigest() == t["sha256"], (
            f"{t['file']} changed since rules/vocab/resemblance/model.json was trained: run eval/train_resemblance.py")


def test_the_fast_score_reads_exactly_the_features_the_trainer_reads():
    import math
    import random

    m = resemblance.load()
    rnd = random.Random(7)
    vocab = list(resemblance.STOP)[:40] + ["donations", "donation", "kids", "tracking", "track", "chatbot",
                                           "fake", "reviews", "customers", "support", "quietly", "emails"]
    for _ in range(300):
        text = " ".join(rnd.choice(vocab) for _ in range(rnd.randint(0, 14)))
        feats = features(text)
        z = (m.bias + sum(m.weights.get(f, 0.0) for f in feats) / math.sqrt(len(feats) + m.smoothing)
             if feats else None)
        p, _ = m.score(text)
        if z is None:
            assert p == 0.0
        else:
            assert p == pytest.approx(1.0 / (1.0 + math.exp(-z)), abs=1e-12)
