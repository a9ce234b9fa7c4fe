"""Train rules/vocab/resemblance/model.json: does an English question read like a request the license does not allow?

    .venv/bin/python eval/train_resemblance.py [--shared ../shared/eval] [--check]

Trained on development data only: eval/dev.jsonl, dev2.jsonl, dev3.jsonl, dev4.jsonl, blind2.jsonl, the dev parts of blind3.jsonl and blind7.jsonl,
/work/shared/eval/public.jsonl and public2.jsonl (their English ask/use cases), and the English twins of the
Korean development sets (ko_dev, ko_dev2, the no-longer-blind ko_blind..ko_blind4, the dev part of ko_blind5).
The frozen sets (blind, blind3's test part, blind4-7's test parts, ko_blind5's test part, ko_blind6-11) are
never read here: they measure the result.

A question is a positive example when `allowed` is not among its accepted verdicts, unless the engine itself
decides it by a STRUCTURAL rule (the EU paragraph, output training, the MAU limit, names, versions): the model
is to learn what harmful uses read like, not that "a company based in Spain" is one. Each question is read as
the engine reads it (the negated spans cut first, rules.risk.strip_negated), then as rules.resemblance's
features. Logistic regression, full-batch gradient descent from zero (deterministic; numpy, which is only a
training-time need). For each L2 strength, 5-fold cross-validation gives the threshold: the
lowest at which the cross-validated model would hold back at most BUDGET of the allowed-truth questions (the
issue's over-review target is 10 %; most of it is left for the rest of the engine); the strength kept is the one
that catches most of the rest at that threshold. Features whose weight
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

from rules.resemblance import _PATH, WORDS_PATH, features
from rules.risk import strip_negated

BUDGET = 0.03
# rules.resemblance divides a question's summed weights by sqrt(its features + SMOOTHING): short questions
# ("A chatbot", "write birthday messages") carry too little evidence for one heavy word to decide them.
SMOOTHING = 8.0
L2S = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
FOLDS = 5
STEPS = 1500
RATE = 4.0
# (file, lines used: None = all, N = the first N, the set's dev part)
OWN = [("dev.jsonl", None), ("dev2.jsonl", None), ("blind2.jsonl", None), ("blind3.jsonl", 46),
       ("ko_dev.jsonl", None), ("ko_dev2.jsonl", None), ("ko_blind.jsonl", None), ("ko_blind2.jsonl", None),
       ("ko_blind3.jsonl", None), ("ko_blind4.jsonl", None), ("ko_blind5.jsonl", 24), ("blind7.jsonl", 30),
       ("dev3.jsonl", None), ("dev4.jsonl", None)]
SHARED = ["public.jsonl", "public2.jsonl"]


# The rules that decide a question by the license's structure, not by what the use does: the EU paragraph,
# output training, LLaMA 1's non-commercial terms, the MAU limit, versions and other vendors, names and marks.
STRUCTURAL = ("use.eu_", "use.train_llm_on_outputs", "use.outputs_task_dataset", "use.distill_teacher",
              "use.commercial_use", "use.trademark", "use.vendor", "mau.", "version.", "naming.", "policy.")


def _structural(text: str, c: dict[str, object]) -> bool:
    """Whether the engine, without the resemblance model, decides this not-allowed question by a STRUCTURAL
    rule: such questions teach nothing about what a harmful use reads like (the words "company based in
    Spain" or "sell" are not harms), so they are left out of the positives."""
    import rules
    from rules import resemblance

    saved = resemblance._MODEL
    resemblance._MODEL = resemblance.Model({}, 0.0, 2.0)  # never holds: the engine's own answer
    try:
        lic = str(c.get("license") or "llama-2")
        if c["cmd"] == "use":
            v = rules.check_use(text, license=lic, mau=c.get("mau"))  # type: ignore[arg-type]
        else:
            v = rules.ask(text, license=lic)
    except (ValueError, LookupError):  # e.g. a quantity the engine cannot read: not decided by a structural rule
        return False
    finally:
        resemblance._MODEL = saved
    return v.verdict != "allowed" and bool(v.reasons) and v.reasons[0].rule.startswith(STRUCTURAL)


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
            positive = "allowed" not in c["accept"]
            if positive and _structural(text, c):
                continue  # not allowed for a reason the engine's rules decide (a version, a limit, a name)
            kept, _ = strip_negated(text)
            out.append((kept, int(positive)))
    words = Path(WORDS_PATH)
    digests.append((f"rules/vocab/resemblance/{words.name}", hashlib.sha256(words.read_bytes()).hexdigest()))
    return out, digests


class Sparse:
    """Rows x features, each row's features at 1/sqrt(its feature count + SMOOTHING) (as rules.resemblance scores: the sum
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
                    v.append(1.0 / math.sqrt(len(feats) + SMOOTHING))
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
        allowed = p[y == 0]
        threshold = next(t / 100 for t in range(50, 100) if float(np.mean(allowed >= t / 100)) <= BUDGET)
        caught = float(np.mean(p[y == 1] >= threshold))
        print(f"  l2 {l2}: cross-validated log-loss {loss:.4f}, threshold {threshold}, caught {caught:.1%}",
              file=sys.stderr)
        if best is None or caught > best[0]:  # the most caught at the budget: the point the model is used at
            best = (caught, l2, loss, threshold, float(np.mean(allowed >= threshold)))
    assert best is not None
    caught, l2, loss, threshold, held = best
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
        "cv_allowed_held": round(held, 4),
        "cv_not_allowed_caught": round(caught, 4),
        "bias": round(b, 4),
        "smoothing": SMOOTHING,
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
          f"{model['cv_not_allowed_caught']:.1%} of the rest caught; {len(model['weights'])} features")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
