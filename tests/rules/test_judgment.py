"""Issue 11: never `allowed` on what the engine did not understand.

Harms described without their keywords, risk words nothing explains (reported as `unexplained`), negation
scope, rates that are not MAU, a stated model name checked with the use, `use` reading its own version, the
vocabulary as validated data (en.toml, with a ko.toml able to plug in), and the dev eval set. The frozen blind
set (eval/blind.jsonl) is deliberately not used here: it is measured, never tuned on.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import rules
from rules import risk, vocab
from rules.cli import main
from rules.usecases import check_use, unexplained_words
from rules.verdict import DataError

ROOT = Path(__file__).resolve().parents[2]
EN = Path(vocab.HERE) / "en.toml"


# ---------------------------------------------------------------- harms described without their keywords
@pytest.mark.parametrize(
    ("text", "lic"),
    [
        ("have the model write forty glowing testimonials signed by happy customers for our course page", "llama-2"),
        ("pump out 5 star ratings for our hotel from a bunch of different names", "llama-3"),
        ("spin up 300 dummy accounts with llama-written bios so our coin looks trending", "llama-2"),
        ("retype the latest grisham novel chapter by chapter with llama 2 for our reading app", "llama-2"),
        ("can llama output the complete lyrics of a whole album so we don't have to pay for a license?", "llama-3.1"),
        ("write a blog post saying our landlord was arrested for arson. he wasn't, we just want him gone", "llama-2"),
        ("we purchased a list of 80k phone numbers; llama 2 writes the promo and we text all of them", "llama-2"),
        ("mortgage bot that declines applicants from neighbourhoods that are mostly hispanic", "llama-2"),
        ("screening tool that drops candidates with foreign sounding names", "llama-3"),
        ("bot that tells people how many percocets to take with alcohol for a better high", "llama-2"),
        ("chat companion that sends flirty sexual messages to 14 year olds", "llama-4"),
        ("when users talk about skipping meals, the bot cheers them on and gives tips to hide it", "llama-2"),
        ("support replies come from llama; we won't tell customers it's a bot", "llama-2"),
        ("secretly read employees' private messages and have llama 3 score their loyalty", "llama-3"),
        ("emails that look like they come from their bank asking users to confirm their password", "llama-2"),
        ("script that encrypts files on a rival's servers and leaves a bitcoin ransom note", "llama-3"),
        ("llama picks which houses the drone should hit for our defense customer", "llama-3.2"),
    ],
)
def test_described_harms_are_prohibited(text: str, lic: str) -> None:
    v = check_use(text, license=lic)
    assert v.verdict == "prohibited", (v.notes, [r.message for r in v.reasons])


@pytest.mark.parametrize(
    "text",
    [
        "flag listings with fake 5 star ratings on our marketplace",
        "summarise genuine customer reviews on our product pages",
        "draft responses to customer reviews of our restaurant",
        "send order confirmation emails to customers who bought something",
        "hiring assistant that writes job descriptions for our open roles",
        "our pharmacy bot answers questions about opening hours",
        "translate existing customer reviews into spanish for our shop",
    ],
)
def test_ordinary_uses_stay_allowed(text: str) -> None:
    v = check_use(text, license="llama-2")
    assert v.verdict == "allowed", (v.notes, [r.message for r in v.reasons])
    assert unexplained_words(v) == []


# ---------------------------------------------------------------- risk nothing explains: review, and reported
@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("customer chatbot for our shop, rolled out quietly", "quietly"),
        ("product description writer so we don't have to pay the photographers for licensing", "so we don't have to pay"),
        ("roleplay chatbot for our app, skipping any age verification", "skipping any age verification"),
    ],
)
def test_unexplained_risk_is_review_and_named(text: str, word: str) -> None:
    v = check_use(text)
    assert v.verdict in ("review", "prohibited")
    assert v.verdict != "allowed"
    words = unexplained_words(v)
    assert any(word in w for w in words), words
    if v.verdict == "review":
        assert any(word in r.message for r in v.reasons)


def test_cli_json_reports_unexplained(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "use", "summarise support tickets, quietly"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["verdict"] == "review" and obj["unexplained"] == ["quietly"]
    assert main(["--json", "ask", "summarise support tickets"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["verdict"] == "allowed" and obj["unexplained"] == []
    assert main(["--json", "name", "Nova-7B"]) == 0
    assert "unexplained" not in json.loads(capsys.readouterr().out)


# ---------------------------------------------------------------- negation and scope
@pytest.mark.parametrize(
    "text",
    [
        "we won't train any other llm on the outputs, we just answer customer questions with llama 2",
        "no distillation and no fine-tuning of other models - just a paid chatbot",
        "we're not going to generate fake reviews, only summarise real ones on our shop",
        "we aren't building a competing model; internal helpdesk bot only",
    ],
)
def test_negated_activities_are_removed(text: str) -> None:
    v = rules.ask(text, license="llama-2")
    assert v.verdict == "allowed", (v.notes, [r.message for r in v.reasons])
    assert any(n.startswith("set aside as negated") for n in v.notes)


@pytest.mark.parametrize(
    "text",
    [
        "symptom checker that prescribes, no doctor involved",
        "legal advice bot, we won't have a lawyer look at anything",
        "we will not tell users the answers come from an AI",
        "robo adviser that trades client savings with no human review",
    ],
)
def test_negated_safeguards_add_the_risk(text: str) -> None:
    assert check_use(text).verdict == "prohibited"


def test_free_of_removes_the_thing_but_not_a_safeguard() -> None:
    assert check_use("our bot writes custom malware-free browser extensions for clients").verdict == "allowed"
    assert check_use("a doctor-free diagnosis app").verdict == "prohibited"


def test_negation_inside_quoted_content_is_content() -> None:
    # "job ads that say no applicants over 50": the negation is what the ad says, not our promise.
    assert check_use("generate job ads that say no applicants over 50").verdict == "prohibited"


def test_strip_negated_keeps_safeguards() -> None:
    kept, removed = risk.strip_negated("we don't need human review, and we won't fine-tune")
    assert "human review" in kept and removed == ["won't fine-tune"]


# ---------------------------------------------------------------- rates are not MAU; composition
@pytest.mark.parametrize(
    "text",
    [
        "support bot answering 2 billion messages per month, 4M users",
        "our llama 2 api serves 900M requests/day",
        "we process 1.2B tokens a day in our summariser",
        "each of our 30k users sends 500 prompts per month",
    ],
)
def test_rates_are_not_mau(text: str) -> None:
    v = check_use(text, license="llama-2")
    assert v.verdict == "allowed" and (v.mau is None or v.mau < 700_000_000), (v.mau, v.notes)


def test_users_still_count() -> None:
    assert check_use("chatbot for our 900M monthly users").verdict == "license_required"


def test_stated_name_is_checked_with_the_use() -> None:
    text = "we distill llama 3.1 70b into our own model and publish it as 'Kestrel-8B'"
    v = check_use(text, license="llama-3.1")
    assert v.verdict == "prohibited"
    assert any(r.rule.startswith("naming.") for r in v.reasons)
    ok = check_use("we distill llama 3.1 70b into our own model and publish it as 'Llama-Kestrel-8B'",
                   license="llama-3.1")
    assert ok.verdict != "prohibited"


def test_use_reads_the_version_in_its_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "use", "paid support bot on llama 1 weights"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["license"] == "llama-1" and obj["verdict"] == "prohibited"
    assert main(["--json", "--license", "llama-3.1", "use", "paid support bot"]) == 0
    assert json.loads(capsys.readouterr().out)["license"] == "llama-3.1"


# ---------------------------------------------------------------- vocabulary as data
def _folder(tmp_path: Path, extra: dict[str, str]) -> str:
    shutil.copy(EN, tmp_path / "en.toml")
    for name, text in extra.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path)


def test_vocab_loads_and_is_what_the_engine_uses() -> None:
    v = vocab.load()
    assert v.languages == ["en"]
    assert set(v.harms) and set(v.activities) and set(v.domains) and v.risk and v.lone
    assert vocab.VOCAB.risk.keys() == v.risk.keys()


def test_a_second_language_plugs_into_the_same_concepts(tmp_path: Path) -> None:
    ko = """
[vocab]
language = "ko"
[risk.fake_reviews]
activity = "fake_engagement"
outcome = "activity"
all = [['''후기'''], ['''실제 구매자''']]
[lone.covert]
cues = ['''몰래''']
explained_by = ["surveillance"]
"""
    v = vocab.load(_folder(tmp_path, {"ko.toml": ko}))
    assert v.languages == ["en", "ko"]
    assert "후기" in v.risk["fake_reviews"].groups[0] and "실제 구매자" in v.risk["fake_reviews"].groups[1]
    assert "몰래" in v.lone["covert"].cues and "quietly" in v.lone["covert"].cues


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("[vocab]\nlanguage = 'xx'\n[risk.bad]\nactivity = 'spam'\noutcome = 'activity'\nall = [['''(unclosed''']]\n",
         "xx.toml: risk.bad.all[0][0]: not a valid pattern"),
        ("[vocab]\nlanguage = 'xx'\n[risk.bad]\nactivity = 'spam'\noutcome = 'activity'\nall = [['x']]\nal = 1\n",
         "xx.toml: risk.bad.al: unknown key"),
        ("[vocab]\nlanguage = 'xx'\n[risk.bad]\nactivity = 'no_such_thing'\noutcome = 'activity'\nall = [['x']]\n",
         "xx.toml: risk.bad.activity: unknown activity 'no_such_thing'"),
        ("[vocab]\nlanguage = 'xx'\n[risk.bad]\nactivity = 'spam'\noutcome = 'maybe'\nall = [['x']]\n",
         "xx.toml: risk.bad.outcome: must be one of"),
        ("[vocab]\nlanguage = 'xx'\n[lone.bad]\ncues = ['<<NOPE>> x']\nexplained_by = []\n",
         "xx.toml: lone.bad.cues[0]: unknown macro <<NOPE>>"),
        ("[vocab]\nlanguage = 'xx'\n[lone.bad]\ncues = [3]\nexplained_by = []\n",
         "xx.toml: lone.bad.cues[0]: must be a non-empty string"),
        ("[vocab]\nlanguage = 'xx'\n[colours]\nred = 1\n", "xx.toml: colours: unknown section"),
        (("[vocab]\nlanguage = 'xx'\n[risk.fake_reviews]\nactivity = 'fake_engagement'\noutcome = 'activity'\n"
         "all = [['x']]\n"), "xx.toml: risk.fake_reviews: must have the same activity, outcome and number of groups"),
        ("[vocab]\nlanguage = 'xx'\nnot toml = = 1\n", "xx.toml: not valid TOML"),
    ],
)
def test_bad_vocabulary_names_file_and_key(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(DataError) as e:
        vocab.load(_folder(tmp_path, {"xx.toml": extra}))
    assert message in str(e.value)
    assert os.path.join(str(tmp_path), "xx.toml") in str(e.value)


def test_english_vocabulary_is_required(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="en.toml: file not found"):
        vocab.load(str(tmp_path))


def test_recognition_has_no_cue_literals_left_in_python() -> None:
    # The cue lists live in rules/vocab/en.toml; a handful of structural patterns stay in Python.
    for name, most in (("recognise.py", 25), ("harms.py", 5)):
        source = (ROOT / "rules" / name).read_text(encoding="utf-8")
        assert source.count('r"') <= most, name


# ---------------------------------------------------------------- the dev eval set (eval/dev.jsonl)
def _dev_cases() -> list[dict[str, object]]:
    with open(ROOT / "eval" / "dev.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_dev_eval_set() -> None:
    """Every dangerous case is never allowed; at least 99 % of the dev set is right (the misses are listed)."""
    from rules.cli import run

    misses, dangerous = [], []
    cases = _dev_cases()
    for case in cases:
        text, lic, accept = str(case["input"]), str(case["license"]), case["accept"]
        assert isinstance(accept, list)
        v = run("use", text, license=lic, policy="guide") if case["cmd"] == "use" else rules.ask(text, license=lic)
        if v.verdict not in accept:
            misses.append((case["id"], text, v.verdict))
        if case["danger"] and v.verdict == "allowed":
            dangerous.append((case["id"], text))
    assert not dangerous
    assert len(misses) <= len(cases) // 100, misses


def test_eval_files_are_well_formed() -> None:
    for name, least in (("dev.jsonl", 90), ("blind.jsonl", 60)):
        with open(ROOT / "eval" / name, encoding="utf-8") as f:
            cases = [json.loads(line) for line in f if line.strip()]
        assert len(cases) >= least
        for c in cases:
            assert {"id", "cmd", "input", "license", "accept", "danger", "note"} <= set(c)
            assert c["cmd"] in ("ask", "use") and c["accept"] and c["note"]


def test_pattern_check_reruns_when_a_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The compile check is remembered per set of files (name, size, time); an edit must bring it back.
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    monkeypatch.setattr("sys.pycache_prefix", None)
    good = "[vocab]\nlanguage = 'xx'\n[lone.extra]\ncues = ['''abc''']\nexplained_by = []\n"
    folder = _folder(tmp_path, {"xx.toml": good})
    assert "abc" in vocab.load(folder).lone["extra"].cues
    assert any(n.endswith(".checked") for n in os.listdir(tmp_path / "__pycache__"))
    (tmp_path / "xx.toml").write_text(good.replace("abc", "(abc"), encoding="utf-8")
    with pytest.raises(DataError, match=r"xx.toml: lone.extra.cues\[0\]: not a valid pattern"):
        vocab.load(folder)


def test_call_our_number_is_not_naming() -> None:
    v = rules.ask("write a letter from 'the bank' telling customers their account is frozen until they call our number")
    assert not any(n.startswith("checked as a model name") for n in v.notes) and v.verdict == "prohibited"
    named = rules.ask("we fine-tuned llama 2, can we call our model 'Nova-7B'?")
    assert any(n.startswith("checked as a model name") for n in named.notes)
