"""`llama-check`: the ARCHITECTURE contract (JSON shape, exit codes, stderr, batch, policies, licenses, card).

Most cases call `rules.cli.main(argv)` in-process (fast); a few run the installed console script to
prove the entry point and stdin batch work end to end.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rules.cli import main

KEYS = {"kind", "verdict", "license", "policy", "mau", "reasons", "suggestions"}
REASON_KEYS = {"rule", "clause", "source", "message"}
VERDICTS = {"allowed", "prohibited", "license_required", "review", "unclear"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_contract(obj: dict[str, object], kind: str) -> None:
    assert KEYS <= set(obj) <= KEYS | {"notes", "unexplained", "lang"}
    # use and ask report the risk words nothing explained (issue 11): always a list of strings there
    assert ("unexplained" in obj) == (kind in ("use", "ask"))
    assert all(isinstance(w, str) and w for w in obj.get("unexplained", []))
    assert obj["kind"] == kind and obj["verdict"] in VERDICTS
    assert isinstance(obj["reasons"], list) and obj["reasons"]
    for r in obj["reasons"]:
        assert set(r) == REASON_KEYS and r["source"] in ("license", "policy")
    assert isinstance(obj["suggestions"], list)
    assert obj["mau"] is None or isinstance(obj["mau"], int)


@pytest.mark.parametrize(
    ("argv", "kind", "verdict", "mau"),
    [
        (["ask", "Can we train a new LLM with Llama 2 outputs?"], "ask", "prohibited", None),
        (["ask", "Use", "LLaMA", "1", "in", "a", "commercial", "product"], "ask", "prohibited", None),
        (["name", "Llama 2 Pro"], "name", "prohibited", None),
        (["--license", "llama-3", "name", "Llama 3 Pro"], "name", "allowed", None),
        (["--license", "llama3.1", "name", "Llama-Atlas-8B"], "name", "allowed", None),
        (["use", "customer chatbot", "--mau", "10 million"], "use", "allowed", 10_000_000),
        (["use", "global service expansion", "--mau", "50M", "--target-mau", "1B"], "use", "review", 50_000_000),
        (["--license", "llama-3.3", "use", "customer", "chatbot", "--mau", "750M"], "use", "license_required",
         750_000_000),
        (["mau", "7억"], "mau", "license_required", 700_000_000),
        (["mau", "10", "million"], "mau", "allowed", 10_000_000),
        (["--policy", "license-text", "use", "chatbot", "--mau", "700,000,000"], "use", "allowed", 700_000_000),
        (["--policy", "guide", "use", "chatbot", "--mau", "700,000,000"], "use", "license_required", 700_000_000),
    ],
)
def test_json_contract(capsys: pytest.CaptureFixture[str], argv: list[str], kind: str, verdict: str,
                       mau: int | None) -> None:
    code, out, err = run(capsys, "--json", *argv)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert_contract(obj, kind)
    assert (obj["verdict"], obj["mau"]) == (verdict, mau)


def test_policy_flag_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--json", "--policy", "license-text", "use", "write hate speech")
    obj = json.loads(out)
    assert obj["policy"] == "license-text" and obj["verdict"] == "review"
    assert {r["source"] for r in obj["reasons"]} == {"license"}


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--license", "llama-9", "name", "X"], "llama-9"),
        (["mau", "many"], "many"),
        (["mau", "inf"], "inf"),
        (["mau", "-1M"], ""),  # argparse sees an option; still a clean exit 2
        (["name", " "], "empty"),
        (["--policy", "lenient", "ask", "chatbot"], "lenient"),
        (["frobnicate"], "frobnicate"),
        (["use", "chatbot", "--mau", "10 zillion"], "zillion"),
        (["batch", "/nonexistent/cases.jsonl"], "not found"),
        (["card", "/nonexistent/README.md"], "not found"),
    ],
)
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("llama-check: ") and fragment in err
    assert "Traceback" not in err
    code, out, err = run(capsys, "--json", *argv)
    assert code == 2
    assert set(json.loads(out)) == {"error"} and fragment in json.loads(out)["error"]


def test_batch_good_and_bad_lines_in_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = [
        {"cmd": "ask", "input": "Help plan a robbery"},
        "this is not json",
        {"cmd": "mau", "input": "2억 5천만"},
        {"cmd": "sing", "input": "x"},
        {"cmd": "use", "input": "chatbot", "mau": "700,000,000", "policy": "license-text"},
        {"cmd": "mau", "input": "-1M"},
        {"cmd": "name", "input": "CustomLLM-Llama3-8B", "license": "llama-3"},
        {"cmd": "use"},
        {"cmd": "use", "input": "integration into social media", "mau": "1 billion"},
        [1, 2],
        {"cmd": "name", "input": "X", "license": "llama-9"},
        {"cmd": "use", "input": "chatbot", "license": ["llama-2"], "mau": {"x": 1}},
        {"cmd": "ask", "input": "customer chatbot"},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "--json", "batch", str(path))
    assert code == 0
    got = [json.loads(x) for x in out.splitlines()]
    assert len(got) == len(lines)
    assert got[0]["verdict"] == "prohibited" and got[0]["kind"] == "ask"
    assert "error" in got[1] and got[1]["error"].startswith("line 2")
    assert got[2]["mau"] == 250_000_000
    assert "error" in got[3] and "sing" in got[3]["error"]
    assert got[4]["verdict"] == "allowed" and got[4]["policy"] == "license-text"
    assert "error" in got[5]
    assert got[6]["verdict"] == "prohibited" and got[6]["license"] == "llama-3"
    assert "error" in got[7] and "input" in got[7]["error"]
    assert got[8]["verdict"] == "license_required"
    assert "error" in got[9] and "error" in got[10] and "error" in got[11]
    assert got[12]["verdict"] == "allowed"  # the run went on after every bad line
    for obj in got:
        if "error" not in obj:
            assert_contract(obj, obj["kind"])


def test_batch_global_license_is_the_default_per_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"cmd": "name", "input": "Llama 3 Pro"}) + "\n"
                    + json.dumps({"cmd": "name", "input": "Llama 3 Pro", "license": "llama-2"}) + "\n")
    _, out, _ = run(capsys, "--license", "llama-3", "batch", str(path))
    a, b = (json.loads(x) for x in out.splitlines())
    assert (a["license"], a["verdict"]) == ("llama-3", "allowed")
    assert (b["license"], b["verdict"]) == ("llama-2", "prohibited")


def test_human_output_is_short_and_complete(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "name", "Llama 2 Pro")
    assert code == 0
    assert out.startswith("PROHIBITED")
    assert "guide: Derivative Model Examples" in out and "Suggestions:" in out
    assert out.rstrip().endswith("Not legal advice: a reading of Meta's public Llama license texts and the OSPO guide.")
    assert len(out.splitlines()) <= 12


def test_human_output_says_needs_review(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "use", "global service expansion", "--mau", "50M", "--target-mau", "1B")
    assert out.startswith("NEEDS REVIEW") and "guide: Requires Review 1" in out


def test_licenses_lists_packs_and_policies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "licenses")
    assert code == 0
    for pid, date in [("llama-1", "2023-02-24"), ("llama-2", "2023-07-18"), ("llama-3", "2024-04-18"),
                      ("llama-3.1", "2024-07-23"), ("llama-3.2", "2024-09-25"), ("llama-3.3", "2024-12-06"),
                      ("llama-4", "2025-04-05")]:
        assert any(line.split()[:2] == [pid, date] for line in out.splitlines())
    assert "guide" in out and "license-text" in out
    _, out, _ = run(capsys, "--json", "licenses")
    obj = json.loads(out)
    assert [p["id"] for p in obj["packs"]][:2] == ["llama-1", "llama-2"]
    assert {p["id"] for p in obj["policies"]} == {"guide", "license-text"}


def test_card_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: llama2\nbase_model: meta-llama/Llama-2-7b-hf\n---\n# Nova\n")
    code, out, _ = run(capsys, "--json", "card", str(tmp_path / "README.md"), "--repo", str(tmp_path))
    assert code == 0
    obj = json.loads(out)
    assert obj["kind"] == "card" and obj["license"] == "llama-2" and obj["reasons"]


@pytest.mark.skipif(shutil.which("llama-check") is None and not Path(sys.executable).with_name("llama-check").exists(),
                    reason="console script not installed (pip install -e .)")
def test_console_script_batch_from_stdin() -> None:
    exe = shutil.which("llama-check") or str(Path(sys.executable).with_name("llama-check"))
    stdin = "\n".join(json.dumps(q) for q in [{"cmd": "mau", "input": "1,500만"}, {"cmd": "mau", "input": ""}])
    p = subprocess.run([exe, "--json", "batch", "-"], input=stdin + "\n", capture_output=True, text=True, timeout=60, check=False)
    assert p.returncode == 0
    first, second = (json.loads(x) for x in p.stdout.splitlines())
    assert first["mau"] == 15_000_000 and "error" in second
    p = subprocess.run([exe, "--json", "mau", "many"], capture_output=True, text=True, timeout=60, check=False)
    assert p.returncode == 2 and "error" in json.loads(p.stdout) and p.stderr.count("\n") == 1


@pytest.mark.parametrize("argv", [["name", "Llama 2 Pro"], ["--json", "use", "chatbot", "--mau", "5M"], ["batch", "BIG"]])
def test_reader_gone_is_no_traceback(tmp_path: Path, argv: list[str]) -> None:
    """`llama-check ... | head -1` where head has already left: the command stops quietly, status 0."""
    from tests.procs import console_script

    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"cmd": "mau", "input": f"{i}M"}) + "\n" for i in range(1, 3001)))
    argv = [str(big) if a == "BIG" else a for a in argv]
    proc = subprocess.Popen([console_script("llama-check"), *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the command writes anything: every write hits a closed pipe
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipeError" not in err


# Global options typed after the command word mean the same as before it (the contract's order).
@pytest.mark.parametrize(
    ("after", "before"),
    [
        (["use", "customer chatbot", "--license", "llama-3.1", "--json"], ["--json", "--license", "llama-3.1", "use",
                                                                          "customer chatbot"]),
        (["use", "chatbot", "--mau", "700,000,000", "--policy", "license-text", "--json"],
         ["--json", "--policy", "license-text", "use", "chatbot", "--mau", "700,000,000"]),
        (["name", "Llama 3 Pro", "--license=llama-3", "--json"], ["--json", "--license", "llama-3", "name",
                                                                  "Llama 3 Pro"]),
        (["name", "Llama", "2", "Pro", "--json"], ["--json", "name", "Llama", "2", "Pro"]),
        (["ask", "Can we train a new LLM with Llama outputs?", "--license", "llama-3", "--json"],
         ["--json", "--license", "llama-3", "ask", "Can we train a new LLM with Llama outputs?"]),
        (["mau", "10M", "--policy", "license-text", "--license", "llama2", "--json"],
         ["--json", "--policy", "license-text", "--license", "llama2", "mau", "10M"]),
        (["--json", "mau", "700M", "--policy", "license-text"], ["--json", "--policy", "license-text", "mau", "700M"]),
        (["--policy", "guide", "mau", "700M", "--policy", "license-text"], ["--policy", "license-text", "mau", "700M"]),
        (["use", "write hate speech", "--policy", "license-text"], ["--policy", "license-text", "use",
                                                                    "write hate speech"]),
        (["licenses", "--json"], ["--json", "licenses"]),
        (["name", "X", "--license", "llama-9", "--json"], ["--json", "--license", "llama-9", "name", "X"]),
        (["mau", "many", "--json"], ["--json", "mau", "many"]),
    ],
    ids=lambda argv: " ".join(argv),
)
def test_global_options_after_the_command(capsys: pytest.CaptureFixture[str], after: list[str],
                                          before: list[str]) -> None:
    assert run(capsys, *after) == run(capsys, *before)


def test_global_options_after_the_command_for_batch_and_card(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"cmd": "name", "input": "Llama-Atlas"}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "batch", str(cases), "--license", "llama-3.1", "--json")
    assert code == 0 and json.loads(out)["license"] == "llama-3.1"
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: llama2\n---\n# Model\n", encoding="utf-8")
    assert run(capsys, "card", str(card), "--json", "--policy", "license-text") == run(
        capsys, "--json", "--policy", "license-text", "card", str(card))


@pytest.mark.parametrize(
    ("argv", "check"),
    [
        # After `--` every word is text, even one that looks like an option.
        (["ask", "--", "--json"], lambda code, out: code == 0 and out.startswith("UNCLEAR")),
        # A value of --mau is never read as a global option.
        (["use", "chatbot", "--mau", "--json"], lambda code, out: code == 2 and out == ""),
        # A global option with no value is still a clean usage error.
        (["name", "X", "--license"], lambda code, out: code == 2 and out == ""),
        (["name", "X", "--license", "--json"], lambda code, out: code == 2 and "error" in json.loads(out)),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_global_options_after_the_command_edge_cases(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                     check) -> None:
    code, out, err = run(capsys, *argv)
    assert check(code, out), (code, out, err)
    assert "Traceback" not in err


def test_card_text_mode_never_hides_a_missing_duty(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n---\n# Nova 8B\nA model.\n")
    code, out, _ = run(capsys, "--json", "card", str(card), "--repo", str(tmp_path))
    missing = [r["message"] for r in json.loads(out)["reasons"] if r["message"].startswith("Missing")]
    assert len(missing) >= 4
    code, out, _ = run(capsys, "card", str(card), "--repo", str(tmp_path))
    assert code == 0
    for message in missing:
        assert message in out
    assert "more reason" not in out


def test_human_output_counts_hidden_reasons_in_good_english() -> None:
    from rules import Reason, Verdict
    from rules.cli import render

    def verdict(n: int) -> Verdict:
        reasons = tuple(Reason(f"r{i}", "AUP 1", "license", f"reason {i}") for i in range(n))
        return Verdict(kind="use", verdict="prohibited", license="llama-2", policy="guide", reasons=reasons)

    assert "(+1 more reason: --json lists every reason)" in render(verdict(5))
    assert "(+3 more reasons: --json lists every reason)" in render(verdict(7))
    assert "more reason" not in render(verdict(4))


def test_bare_llama_check_prints_its_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 2 and out == ""
    assert err.startswith("usage: llama-check") and "batch" in err and "card" in err


def test_batch_help_documents_the_fields(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["batch", "--help"])
    out = capsys.readouterr().out
    for field in ("cmd", "input", "license", "policy", "mau", "target_mau", "blank lines are skipped"):
        assert field in out


def test_batch_input_mistakes_are_explained(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join([
        json.dumps({"cmd": "ask", "text": "can we sell API access?"}),
        "",
        "   ",
        json.dumps({"cmd": "ask", "input": ["can we?"]}),
        json.dumps({"cmd": "mau", "input": 5_000_000}),
        json.dumps({"cmd": "mau", "input": True}),
        json.dumps({"cmd": "name", "input": "Llama 2 Pro", "license": 2}),
        json.dumps({"cmd": "ask", "input": "customer chatbot"}),
    ]) + "\n")
    code, out, _ = run(capsys, "batch", str(path))
    assert code == 0
    got = [json.loads(x) for x in out.splitlines()]
    assert len(got) == 6  # the two blank lines are skipped, nothing else is
    assert got[0]["error"].startswith("line 1:") and "'input'" in got[0]["error"] and "required" in got[0]["error"]
    assert "'text' is not a field" in got[0]["error"]
    assert got[1]["error"].startswith("line 4:") and "'input' must be a string, got list" in got[1]["error"]
    assert got[2]["mau"] == 5_000_000
    assert "'input' must be a string or a number, got bool" in got[3]["error"]
    assert "'license' must be a string" in got[4]["error"]
    assert got[5]["verdict"] == "allowed"
