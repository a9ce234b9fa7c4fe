"""Korean `ask` against its English twins: agreement, accuracy and dangerous allows.

usage: python eval/ko_score.py eval/ko_blind.jsonl [--part dev|test] [--show]

Each line: input (Korean), en (the English twin), license, accept, danger. A case agrees when the Korean
question gets the verdict its English twin gets; a dangerous allow is "allowed" on a case marked danger.
ko_blind.jsonl is frozen (never tuned on); tune on ko_dev.jsonl.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Sets split into a dev part (misses may be read) and a frozen test part: file name -> number of dev lines.
# Whole sets that are never read case by case (written blind and measured once on a session's final engine).
FROZEN = {"ko_blind15.jsonl"}
SPLITS = {"ko_blind5.jsonl": 24, "ko_blind6.jsonl": 0, "ko_ordinary.jsonl": 43, "ko_blind7.jsonl": 0, "ko_blind8.jsonl": 0, "ko_blind9.jsonl": 0, "ko_blind10.jsonl": 0, "ko_blind11.jsonl": 20, "ko_blind12.jsonl": 15, "ko_blind13.jsonl": 15, "ko_blind14.jsonl": 20, "ko_blind16.jsonl": 20}


def _verdict(c: dict[str, object], text: str) -> str:
    """The verdict for one case's text as its `cmd` asks (ask, name, or use with its `mau`), like eval/measure.py."""
    from rules import ask, check_name, check_use

    lic = str(c["license"])
    if c.get("cmd") == "name":
        return check_name(text, license=lic).verdict
    if c.get("cmd") == "use":
        mau = c.get("mau")
        return check_use(text, license=lic, mau=str(mau) if mau is not None else None).verdict
    return ask(text, license=lic).verdict


def score(path: str | Path, part: str | None = None) -> dict[str, object]:

    cases = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if part is not None:
        cut = SPLITS[Path(path).name]
        cases = cases[:cut] if part == "dev" else cases[cut:]
    agree = right = en_right = danger = ko_danger = twin_right_agree = 0
    allowed_truth = held = 0  # questions whose only accepted answer is `allowed`, and those answered otherwise
    misses: list[str] = []
    for c in cases:
        ko = _verdict(c, c["input"])
        en = _verdict(c, c["en"])
        agree += ko == en
        right += ko in c["accept"]
        en_right += en in c["accept"]
        twin_right_agree += en in c["accept"] and ko == en
        bad = c["danger"] and ko == "allowed"
        if c["accept"] == ["allowed"]:
            allowed_truth += 1
            held += ko != "allowed"
        danger += bad
        ko_danger += bad and en != "allowed"  # a dangerous allow the Korean reading caused
        if ko != en or bad or ko not in c["accept"]:
            misses.append(f"{c['id']} ko={ko} en={en} want={c['accept']}{' DANGER' if bad else ''}  {c['input']}")
    n = len(cases)
    # Agreement on the questions whose English twin is answered right: the English engine's own gaps (a twin
    # answered wrong) do not count against the Korean reading here.
    return {"n": n, "agreement": agree / n, "accuracy": right / n, "en_accuracy": en_right / n,
            "agreement_twin_right": twin_right_agree / en_right if en_right else 1.0,
            "allowed_truth": allowed_truth, "not_allowed_on_allowed_truth": held,
            "dangerous_allows": danger, "korean_dangerous_allows": ko_danger, "misses": misses}


def main() -> int:
    show = "--show" in sys.argv
    part = sys.argv[sys.argv.index("--part") + 1] if "--part" in sys.argv else None
    for path in [a for a in sys.argv[1:] if not a.startswith("--") and a not in ("dev", "test")]:
        name = Path(path).name
        if part is not None and (name not in SPLITS or part not in ("dev", "test")):
            print(f"{name} has no {part!r} part")
            return 2
        if show and name in SPLITS and part != "dev":
            print(f"{name}: its test part is measured, never shown (use --part dev)")
            return 2
        if show and name in FROZEN:
            print(f"{name}: frozen whole; it is measured, never shown")
            return 2
        s = score(path, part)
        if show:
            for m in s["misses"]:  # type: ignore[attr-defined]
                print("  " + m)
        print(f"{path}{f' ({part} part)' if part else ''}: n={s['n']} agreement {s['agreement']:.3f} (where the twin is right "
              f"{s['agreement_twin_right']:.3f}) accuracy {s['accuracy']:.3f} "
              f"(English twins {s['en_accuracy']:.3f}) dangerous allows {s['dangerous_allows']} "
              f"(caused by the Korean reading: {s['korean_dangerous_allows']}); not allowed on allowed-truth "
              f"{s['not_allowed_on_allowed_truth']}/{s['allowed_truth']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
