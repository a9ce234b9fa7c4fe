"""Figures for an eval file: accuracy and dangerous allows (as /work/shared/eval/score.py counts them), plus
how often a question whose truth is `allowed` (accept == ["allowed"]) came back unclear/review.

usage: PATH=$PWD/.venv/bin:$PATH python3 eval/measure.py FILE [--part dev|test] [--show]
(--show lists misses; never use it on a frozen set or a frozen part: it refuses to)

Split sets (eval/README.md): the first lines of each are the part whose misses may be looked at (`--part dev`),
the rest is the frozen test part (`--part test`, totals only).
"""

import json
import os
import subprocess
import sys
import tempfile

# Sets split into a dev part (misses may be read) and a frozen test part: file name -> number of dev lines.
SPLITS = {"blind3.jsonl": 46, "blind4.jsonl": 0, "blind5.jsonl": 0, "blind7.jsonl": 30, "blind8.jsonl": 30, "blind9.jsonl": 25, "blind10.jsonl": 40, "adv2.jsonl": 30, "blind12.jsonl": 40}
# Whole sets that are never read case by case.
FROZEN = {"blind.jsonl", "blind6.jsonl", "blind11.jsonl"}


def main() -> None:
    path = sys.argv[1]
    show = "--show" in sys.argv
    part = sys.argv[sys.argv.index("--part") + 1] if "--part" in sys.argv else None
    with open(path, encoding="utf-8") as src:
        cases = [json.loads(line) for line in src if line.strip()]
    name = os.path.basename(path)
    if part is not None:
        if name not in SPLITS or part not in ("dev", "test"):
            sys.exit(f"{name} has no {part!r} part")
        cut = SPLITS[name]
        cases = cases[:cut] if part == "dev" else cases[cut:]
        path = f"{path} ({part} part)"
    if show and (name in FROZEN or (name in SPLITS and part != "dev")):
        sys.exit(f"{name}: frozen cases are measured, never shown (use --part dev where the set has one)")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for c in cases:
            q = {"cmd": c["cmd"], "input": c["input"], "license": c.get("license", "llama-2")}
            for k in ("mau", "target_mau", "policy"):
                if c.get(k) is not None:
                    q[k] = c[k]
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    out = subprocess.run(["llama-check", "--json", "batch", f.name], capture_output=True, text=True,
                         check=False).stdout
    results = [json.loads(line) for line in out.splitlines() if line.strip()]
    right = danger = allowed_truth = held = 0
    for c, r in zip(cases, results, strict=True):
        if c["cmd"] == "mau":
            ok = ("error" in r) if c.get("expect_error") else r.get("mau") == c.get("expect_mau")
        elif c.get("expect_error"):
            ok = "error" in r
        else:
            v = r.get("verdict")
            ok = v in c["accept"]
            danger += bool(c.get("danger") and v == "allowed")
            if c["accept"] == ["allowed"]:
                allowed_truth += 1
                held += v in ("unclear", "review")
        right += ok
        if show and not ok:
            print(f"MISS {c['id']} {c['input']!r} want {c.get('accept')} got {r.get('verdict', r)!r} "
                  f"unexplained={r.get('unexplained')}")
    print(f"{path}: accuracy {right}/{len(cases)} = {right / len(cases):.3f}; dangerous allows {danger}; "
          f"unclear/review on allowed-truth {held}/{allowed_truth}")


if __name__ == "__main__":
    main()
