"""Figures for an eval file: accuracy and dangerous allows (as /work/shared/eval/score.py counts them), plus
how often a question whose truth is `allowed` (accept == ["allowed"]) came back unclear/review.

usage: PATH=$PWD/.venv/bin:$PATH python3 eval/measure.py FILE [--show]   (--show lists misses; never use it on blind.jsonl)
"""

import json
import subprocess
import sys
import tempfile


def main() -> None:
    path = sys.argv[1]
    show = "--show" in sys.argv
    with open(path, encoding="utf-8") as src:
        cases = [json.loads(line) for line in src if line.strip()]
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
