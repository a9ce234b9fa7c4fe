"""Train rules/vocab/resemblance.json: does an English question read like a request the license does not allow?

    .venv/bin/python eval/train_resemblance.py [--shared ../shared/eval] [--check]

Trained on development data only: eval/dev.jsonl, dev2.jsonl, dev3.jsonl, blind2.jsonl, the dev parts of blind3.jsonl and blind7.jsonl,
/work/shared/eval/public.jsonl and public2.jsonl (their English ask/use cases), and the English twins of the
Korean development sets (ko_dev, ko_dev2, the no-longer-blind ko_blind..ko_blind4, the dev part of ko_blind5).
The frozen sets (blind, blind3's test part, blind4-7's test parts, ko_blind5's test part, ko_blind6-11) are
never read here: they measure the result.

A question is a positive example when `allowed` is not among its accepted verdicts. Each question is read as
the engine reads it (the negated spans cut first, rules.risk.strip_negated), then as rules.resemblance's
features. Logistic regression, full-batch gradient descent from zero (deterministic; numpy, which is only a
training-time need). The L2 strength is chosen by 5-fold cross-validated log-loss; the threshold is the
lowest at which the cross-validated model would hold back at most BUDGET of the allowed-truth questions (the
issue's over-review target is 10 %; half of it is left for the rest of the engine). Features whose weight
rounds to 0.000 are dropped. `--check` rebuilds in memory and fails if the committed file differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rules.resemblance import _PATH, features  # noqa: E402
from rules.risk import strip_negated  # noqa: E402

BUDGET = 0.05
L2S = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
FOLDS = 5
STEPS = 1500
RATE = 4.0
# (file, lines used: None = all, N = the first N, the set's dev part)
OWN = [("dev.jsonl", None), ("dev2.jsonl", None), ("blind2.jsonl", None), ("blind3.jsonl", 46),
       ("ko_dev.jsonl", None), ("ko_dev2.jsonl", None), ("ko_blind.jsonl", None), ("ko_blind2.jsonl", None),
       ("ko_blind3.jsonl", None), ("ko_blind4.jsonl", None), ("ko_blind5.jsonl", 24), ("blind7.jsonl", 30),
       ("dev3.jsonl", None)]
SHARED = ["public.jsonl", "public2.jsonl"]


def examples(shared: Path) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    files = [(ROOT / "eval" / name, cut) for name, cut in OWN] + [(shared / name, None) for name in SHARED]
    out: list[tuple[str, int]] = []
    digests: list[tuple[str, str]] = []
    for path, cut in files:
        raw = path.read_bytes()
        digests.append((path.name if path.parent.name == "eval" and path.parent.parent == ROOT
                        else f"shared/eval/{path.name}", hashlib.sha256(raw).hexdigest()))
        cases = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
        for c in cases[:cut] if cut else cases:
            if c["cmd"] not in ("ask", "use") or not c.get("accept"):
                continue
            text = c["input"] if c["input"].isascii() else c.get("en")
            if not text:
                continue
            kept, _ = strip_negated(text)
            out.append((kept, int("allowed" not in c["accept"])))
    return out, digests


class Sparse:
    """Rows x features, each row's features at 1/sqrt(its feature count) (as rules.resemblance scores: the sum
    over all of a question's features, known or not), held as coordinates: X @ w and X.T @ r by bincount."""

    def __init__(self, rows: list[tuple[str, int]], index: dict[str, int]) -> None:
        r: list[int] = []
        c: list[int] = []
        v: list[float] = []
        for i, (text, _) in enumerate(rows):
            feats = features(text)
            for f in feats:
                if f in index:
                    r.append(i)
                    c.append(index[f])
                    v.append(1.0 / math.sqrt(len(feats)))
        self.r, self.c, self.v = np.array(r, dtype=np.int64), np.array(c, dtype=np.int64), np.array(v)
        self.shape = (len(rows), len(index))

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.r, weights=self.v * w[self.c], minlength=self.shape[0])

    def tdot(self, e: np.ndarray) -> np.ndarray:
        return np.bincount(self.c, weights=self.v * e[self.r], minlength=self.shape[1])


def fit(rows: list[tuple[str, int]], l2: float) -> tuple[dict[str, int], np.ndarray, float]:
    index: dict[str, int] = {}
    for text, _ in rows:
        for f in features(text):
            index.setdefault(f, len(index))
    x = Sparse(rows, index)
    y = np.array([label for _, label in rows], dtype=np.float64)
    w = np.zeros(len(index))
    b = 0.0
    n = len(rows)
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x.dot(w) + b)))
        w -= RATE * (x.tdot(p - y) / n + l2 * w / n)
        b -= RATE * float((p - y).mean())
    return index, w, b


def predict(model: tuple[dict[str, int], np.ndarray, float], rows: list[tuple[str, int]]) -> np.ndarray:
    index, w, b = model
    return 1.0 / (1.0 + np.exp(-(Sparse(rows, index).dot(w) + b)))


def cross_validate(rows: list[tuple[str, int]], l2: float) -> np.ndarray:
    probs = np.zeros(len(rows))
    for k in range(FOLDS):
        test = [i for i in range(len(rows)) if i % FOLDS == k]
        train = [rows[i] for i in range(len(rows)) if i % FOLDS != k]
        probs[test] = predict(fit(train, l2), [rows[i] for i in test])
    return probs


def build(shared: Path) -> dict[str, object]:
    rows, digests = examples(shared)
    y = np.array([label for _, label in rows])
    best = None
    for l2 in L2S:
        p = np.clip(cross_validate(rows, l2), 1e-9, 1 - 1e-9)
        loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        if best is None or loss < best[0]:
            best = (loss, l2, p)
    assert best is not None
    loss, l2, p = best
    allowed = p[y == 0]
    threshold = next(t / 100 for t in range(50, 100) if float(np.mean(allowed >= t / 100)) <= BUDGET)
    caught = float(np.mean(p[y == 1] >= threshold))
    index, w, b = fit(rows, l2)
    weights = {f: round(float(w[i]), 3) for f, i in sorted(index.items())}
    return {
        "about": "rules/resemblance.py's model, written by eval/train_resemblance.py; do not edit by hand",
        "trained_on": [{"file": name, "sha256": digest} for name, digest in digests],
        "examples": len(rows),
        "positives": int(y.sum()),
        "l2": l2,
        "cv_log_loss": round(loss, 4),
        "threshold": threshold,
        "cv_allowed_held": round(float(np.mean(allowed >= threshold)), 4),
        "cv_not_allowed_caught": round(caught, 4),
        "bias": round(b, 4),
        "weights": {f: v for f, v in weights.items() if v != 0.0},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "eval"), help="the shared eval folder")
    parser.add_argument("--check", action="store_true", help="fail if the committed model differs from a rebuild")
    args = parser.parse_args()
    model = build(Path(args.shared))
    text = json.dumps(model, ensure_ascii=False, indent=0, sort_keys=False) + "\n"
    if args.check:
        if Path(_PATH).read_text(encoding="utf-8") != text:
            sys.exit(f"{_PATH} differs from a rebuild: run eval/train_resemblance.py and commit the result")
        print("resemblance model: up to date")
        return
    Path(_PATH).write_text(text, encoding="utf-8")
    print(f"{_PATH}: {model['examples']} examples ({model['positives']} not allowed), l2 {model['l2']}, "
          f"threshold {model['threshold']}; cross-validated: {model['cv_allowed_held']:.1%} of allowed-truth held, "
          f"{model['cv_not_allowed_caught']:.1%} of the rest caught; {len(model['weights'])} features")


if __name__ == "__main__":
    main()
