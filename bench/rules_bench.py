"""Rules engine throughput and `llama-check` start-up, in one run.

    python bench/rules_bench.py [--n 3000] [--runs 9]

Reports verdicts per second for `ask` (English and Korean), `name` and `mau` over a few thousand generated, mixed inputs
(one process, packs already loaded), and the median wall time of `llama-check name X` next to
`python -c pass`, measured interleaved in the same run. Targets (issue 2): >= 5,000 ask/s,
>= 20,000 name/s, start-up <= 2x a bare interpreter; issue 12: Korean ask >= 2,000/s, English figures and
start-up unchanged.

Throughput is given twice: over the first pass, where every input is new (what a bot answering
distinct questions sees), and as the best of three passes over the same inputs (per-name verdict caches
then answer repeats). A target counts as met only when both are. CPU seconds are the fair measure on a
shared machine; wall-clock figures are shown too.

Start-up is measured three ways, interleaved:
- "installed": PYTHONDONTWRITEBYTECODE unset, as on a user's machine. The first (untimed) run writes the
  bytecode cache and the parsed-pack cache (rules/packs/__pycache__), later runs read them. This is the
  case the target is judged on.
- "as is": the environment unchanged. This sandbox sets PYTHONDONTWRITEBYTECODE=1, which stops writing
  caches but not reading ones already there, so after the "installed" runs this is nearly the same case.
- "no caches": PYTHONDONTWRITEBYTECODE=1 and an empty PYTHONPYCACHEPREFIX, so every run compiles rules/
  (and every other module not frozen into Python) and parses the TOML packs: a read-only install never run
  before. Shown for information.

Recorded run (2026-11-26, 2 shared cores, quiet moment; before -> after the issue-2 performance work):
  ask   5,131 -> 7,775 per CPU second over new inputs (6,508 -> 8,440 repeated)
  name  ~40,000 over new inputs either way (75,000 -> 81,000 repeated)
  mau   79,819 -> 116,861
  start-up, installed: llama-check name X 2.7x -> 1.3x python -c pass (65 ms -> 31 ms vs 24 ms)
Recorded run (2026-12-01, issue 12, busy shared machine; main -> korean branch, interleaved):
  ko ask  6,001 per CPU second over new inputs (6,775 repeated); target 2,000
  ask     7,201-8,176 -> 6,079-8,279 per CPU second over new inputs across 3 interleaved rounds (noise)
  start-up, best of 21 (rules.cli.main via python -c): name X 37.3 -> 35.8 ms, English ask 160.7 -> 155.8 ms
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rules.data import list_packs, list_policies
from rules.intent import ask
from rules.mau import check_mau
from rules.names import check_name

SUBJECTS = [
    "a customer support chatbot", "an enterprise summarisation tool", "a photo caption app", "a coding assistant",
    "hate speech about immigrants", "spam to purchased lists", "phishing emails", "fake news about vaccines",
    "ransomware", "a robbery plan", "medical diagnoses without a doctor", "legal advice reviewed by a lawyer",
    "financial advice with no human review", "emergency dispatch decisions alone", "a new LLM on Llama outputs",
    "a sentiment classifier on outputs", "distillation with Llama as the teacher", "harassment of a coworker",
    "stalking my ex", "weapons manufacturing", "fake reviews for our shop", "a derivative on Hugging Face",
    "a 4-bit quantized model", "a merged model", "impersonation of a politician",
]
VERBS = ["Can we build", "Is it ok to make", "We want to create", "Help us with", "Please check", "Use Llama 2 for",
         "Detect", "Moderate", "Write a novel about", "Our startup sells"]
TAILS = ["", "?", " for 10M users", " in Germany with Llama 3.2 Vision", " on Llama 3.1", " with LLaMA 1",
         ", we have 900M MAU", " next year", " (target 1B users)"]
NAME_PARTS = ["Llama 2 Pro", "CustomLLM-Llama2-7B", "Meta Llama Custom", "Nova", "KoLlama2", "L1ama 2 Pro",
              "ＬＬａｍａ 2", "Sapphire-13B", "MetaMath", "Llama-3-Swallow-8B", "Hermes-2-Pro-Llama-3-8B", "Atlas"]
KO_SUBJECTS = [
    "고객 상담 챗봇을 만들어도", "사내 문서 요약에 써도", "출력으로 다른 LLM을 학습시켜도", "4비트로 양자화해서 배포해도",
    "파인튜닝한 모델을 허깅페이스에 올려도", "혐오 발언을 생성해도", "스팸 메일을 대량으로 보내도", "가짜 뉴스를 퍼뜨려도",
    "의사 없이 환자를 진단하게 해도", "변호사가 검토하는 계약서 초안을 써도", "교사 모델로 증류해도", "랜섬웨어를 작성해도",
    "혐오 발언을 탐지하는 필터를 만들어도", "모델 두 개를 병합해서 써도", "상업적으로 써도",
]
KO_LEADS = ["라마 2로", "라마 3를", "라마3.1로", "Llama 3로", "메타 라마 3로", "저희 회사가 라마 2를", "월간 활성 사용자 8억 명인 앱에 라마 2를",
            "MAU 5천만 서비스에서 라마 3를"]
KO_TAILS = ["되나요?", "돼?", "될까요?", "괜찮나요?", "되는지 궁금합니다"]
QTYS = ["10M", "700,000,000", "2.5bn", "100 thousand", "7억", "1억 2천만", "three billion", "5천만", "1.25B",
        "999,999", "42 million", "6 hundred million"]


def inputs(n: int, seed: int = 7) -> tuple[list[str], list[str], list[str]]:
    rnd = random.Random(seed)
    asks = [f"{rnd.choice(VERBS)} {rnd.choice(SUBJECTS)}{rnd.choice(TAILS)} #{i}" for i in range(n)]
    names = [f"{rnd.choice(NAME_PARTS)}-{rnd.choice(['', 'v', 'X'])}{i}" for i in range(n)]
    qtys = [rnd.choice(QTYS) for _ in range(n)]
    return asks, names, qtys


def korean_inputs(n: int, seed: int = 12) -> list[str]:
    rnd = random.Random(seed)
    return [f"{rnd.choice(KO_LEADS)} {rnd.choice(KO_SUBJECTS)} {rnd.choice(KO_TAILS)} #{i}" for i in range(n)]


def rate(fn, items: list[str], warm: str) -> tuple[float, float, float]:
    """(first pass per CPU second, best of three per CPU second, best per wall second)."""
    fn(warm)  # patterns compiled before the clock starts (not one of the timed inputs)
    cpu: list[float] = []
    best_wall = float("inf")
    for _ in range(3):  # the first pass sees every input new; best of three: the least disturbed pass
        c, t = time.process_time(), time.perf_counter()
        for x in items:
            fn(x)
        cpu.append(time.process_time() - c)
        best_wall = min(best_wall, time.perf_counter() - t)
    return len(items) / cpu[0], len(items) / min(cpu), len(items) / best_wall


def wall(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


STARTUP_CASES = ("installed", "as is", "no caches")


def startup(runs: int, empty_prefix: str) -> dict[str, tuple[float, float]]:
    """Median and best wall time of each command, all interleaved so machine load hits them alike."""
    exe = shutil.which("llama-check") or str(Path(sys.executable).with_name("llama-check"))
    installed = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    envs = {
        "installed": installed,
        "as is": dict(os.environ),
        "no caches": {**installed, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": empty_prefix},
    }
    cmds = {}
    for case, env in envs.items():
        cmds[f"{case}: llama-check name X"] = ([exe, "name", "X"], env)
        cmds[f"{case}: python -c pass"] = ([sys.executable, "-c", "pass"], env)
    for cmd, env in cmds.values():
        wall(cmd, env)  # warm the OS cache (and write the bytecode cache where allowed)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for k, (cmd, env) in cmds.items():
            times[k].append(wall(cmd, env))
    return {k: (statistics.median(v), min(v)) for k, v in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    asks, names, qtys = inputs(args.n)
    ko_asks = korean_inputs(args.n)
    list_packs(), list_policies()  # every pack and policy loaded before any clock starts
    print(f"inputs: {args.n} each (mixed generated ask texts, names, quantities)")
    for label, fn, items, warm, target in (
        # The functions themselves, as bot/answers.py imports them.
        ("ask", ask, asks, "Can we build a chatbot for 10M users?", 5000),
        ("ko ask", ask, ko_asks, "라마 2로 고객 상담 챗봇을 만들어도 되나요?", 2000),
        ("name", check_name, names, "Llama 2 Warm-up", 20000),
        ("mau", check_mau, qtys, "1 million", None),
    ):
        first, best, w = rate(fn, items, warm)
        goal = f"  (target >= {target:,}/s: {'met' if min(first, best) >= target else 'MISSED'})" if target else ""
        print(f"{label:>6}: {first:>9,.0f} verdicts per CPU second over new inputs, {best:,.0f} repeated "
              f"(best of 3; {w:,.0f} per wall second){goal}")
    with tempfile.TemporaryDirectory(prefix="rules-bench-pycache-") as empty:
        res = startup(args.runs, empty)
    for case in STARTUP_CASES:
        check, check_min = res[f"{case}: llama-check name X"]
        bare, bare_min = res[f"{case}: python -c pass"]
        ratio = check / bare
        goal = f"target <= 2x: {'met' if ratio <= 2 else 'MISSED'}" if case == "installed" else "information"
        print(f"start-up ({case}, median of {args.runs}): llama-check name X {check * 1e3:.0f} ms "
              f"(best {check_min * 1e3:.0f}), python -c pass {bare * 1e3:.0f} ms (best {bare_min * 1e3:.0f}), "
              f"ratio {ratio:.1f}x, best-to-best {check_min / bare_min:.1f}x ({goal})")

if __name__ == "__main__":
    main()
