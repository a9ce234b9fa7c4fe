"""The version registry (rules.versions): every version comes from a pack file, and a version or model family
with no pack is `unclear`, never judged under another version (issue 10 item 1, issue 11)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import rules
from rules.data import PACKS_DIR, resolve_license
from rules.verdict import DataError, UnknownLicenseError
from rules.versions import load_registry, mentions, out_of_scope, registry, version_from_model_name

ROOT = Path(__file__).resolve().parents[2]


def _llama5(src: Path) -> str:
    """A Llama 5 pack: the Llama 4 pack with its version facts changed (a fixture, not a real license)."""
    text = src.read_text(encoding="utf-8")
    for old, new in [('id = "llama-4"', 'id = "llama-5"'), ('short_name = "Llama 4"', 'short_name = "Llama 5"'),
                     ("release_date = 2025-04-05", "release_date = 2027-01-10"),
                     ('mau_test_month = "2025-03"', 'mau_test_month = "2026-12"'),
                     ('hf_ids = ["llama4"]', 'hf_ids = ["llama5"]'),
                     ('scancode_id = "llama-4-cla-2025"', 'scancode_id = "llama-5-cla-2027"'),
                     ('number = "4"', 'number = "5"'),
                     ('family_names = ["Scout", "Maverick", "Behemoth"]', 'family_names = ["Llama 5 Vanguard"]')]:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.fixture
def packs_with_llama5(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    for f in PACKS_DIR.glob("*.toml"):
        shutil.copy(f, folder / f.name)
    (folder / "llama-5.toml").write_text(_llama5(PACKS_DIR / "llama-4.toml"), encoding="utf-8")
    return folder


# ---------------------------------------------------------------- the registry is the pack files


def test_registry_ids_are_the_pack_files_oldest_first() -> None:
    reg = registry()
    assert sorted(reg.ids) == sorted(p.stem for p in PACKS_DIR.glob("*.toml"))
    dates = [v.release_iso for v in reg.versions]
    assert dates == sorted(dates)
    assert rules.data.PACK_IDS == reg.ids  # type: ignore[attr-defined]


def test_no_python_module_of_rules_names_a_version_number_class() -> None:
    # The hard-coded digit classes and version aliases are gone: versions live in the pack files.
    for path in (ROOT / "rules" / f for f in ("data.py", "intent.py", "names.py", "card.py", "versions.py", "mau.py")):
        src = path.read_text(encoding="utf-8")
        assert "[1-4]" not in src, path.name
        assert '"llama3.1": "llama-3.1"' not in src, path.name
        assert not re.search(r"pack\.id == \"llama-", src), path.name


def test_a_new_pack_file_is_a_new_version_in_the_registry(packs_with_llama5: Path) -> None:
    reg = load_registry(packs_with_llama5)
    assert reg.ids[-1] == "llama-5"
    assert reg.aliases["llama5"] == "llama-5" and reg.aliases["llama-5-cla-2027"] == "llama-5"
    assert mentions("Can we use Llama 5 commercially?", reg) == [("llama-5", "Llama 5")]
    assert mentions("the llama-5-vanguard model", reg) == [("llama-5", "Llama 5")]
    assert version_from_model_name("llama-5-70b-instruct", reg) == ("llama-5", None)
    # ... and without it, Llama 5 is a version with no pack
    assert mentions("Can we use Llama 5 commercially?") == [(None, "Llama 5")]
    assert version_from_model_name("llama-5-70b-instruct") == (None, "Llama 5")


def test_llama5_is_known_everywhere_with_no_python_change(packs_with_llama5: Path, tmp_path: Path) -> None:
    """CLI --license, detection in text, names and cards, in a process that reads the packs from a folder."""
    card = tmp_path / "repo" / "README.md"
    card.parent.mkdir()
    card.write_text("---\nbase_model: meta-llama/Llama-5-8B-Instruct\nlicense: llama5\n---\n# Llama 5 Atlas\n",
                    encoding="utf-8")
    script = textwrap.dedent(f"""
        import json, rules
        from rules.card import check_card
        out = {{
            "resolve": [rules.resolve_license(x) for x in ("llama-5", "Llama 5", "llama5", "Meta Llama 5")],
            "ask": rules.ask("Can we use Llama 5 commercially in our chatbot?").to_dict(),
            "ask_34": rules.ask("can we fine-tune Llama 3.4 and put it on HF?").verdict,
            "name_ok": rules.check_name("Llama Atlas", license="llama-5").verdict,
            "name_bad": rules.check_name("Atlas", license="llama-5").to_dict(),
            "card": check_card({str(card)!r}).license,
            "mau": rules.check_mau("700M", license="llama5").license,
        }}
        print(json.dumps(out))
    """)
    env = {**os.environ, "HERDBOOK_PACKS_DIR": str(packs_with_llama5), "PYTHONDONTWRITEBYTECODE": "1"}
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT,
                       timeout=60, check=False)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["resolve"] == ["llama-5"] * 4
    assert out["ask"]["license"] == "llama-5" and out["ask"]["verdict"] == "allowed"
    assert out["ask_34"] == "unclear"
    assert out["name_ok"] == "allowed"
    assert out["name_bad"]["verdict"] == "prohibited" and "Llama 5" in out["name_bad"]["reasons"][0]["message"]
    assert out["card"] == "llama-5" and out["mau"] == "llama-5"
    exe = shutil.which("llama-check", path=os.path.dirname(sys.executable))
    assert exe is not None
    p = subprocess.run([exe, "--json", "--license", "llama-5", "name", "Llama 5 Atlas"], capture_output=True,
                       text=True, env=env, timeout=60, check=False)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["license"] == "llama-5"
    # the same command without the folder: Llama 5 is unknown, one line, exit 2
    env.pop("HERDBOOK_PACKS_DIR")
    p = subprocess.run([exe, "--license", "llama-5", "name", "Llama 5 Atlas"], capture_output=True, text=True,
                       env=env, timeout=60, check=False)
    assert p.returncode == 2 and "no license pack for Llama 5" in p.stderr and p.stderr.count("\n") == 1


@pytest.mark.parametrize(("edit", "problem"), [
    (lambda t: t.replace('number = "5"', 'number = "4"'), "both have version.number"),
    (lambda t: t.replace('hf_ids = ["llama5"]', 'hf_ids = ["llama4"]'), "alias 'llama4' names both"),
    (lambda t: t.replace('number = "5"', 'number = "five"'), "version.number"),
    (lambda t: t.replace("[version]", "[versions]"), "'version' is missing"),
    (lambda t: t.replace('text_patterns = []', "text_patterns = ['vanguard']"), "must contain the word 'llama'"),
    (lambda t: t.replace('text_patterns = []', "text_patterns = ['llama (']"), "invalid pattern"),
    (lambda t: t.replace('id = "llama-5"', 'id = "llama-6"'), "must be the file's name"),
])
def test_a_broken_version_table_names_the_file_and_key(packs_with_llama5: Path, edit, problem) -> None:  # type: ignore[no-untyped-def]
    path = packs_with_llama5 / "llama-5.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(problem)):
        load_registry(packs_with_llama5)


# ---------------------------------------------------------------- versions and families with no pack


@pytest.mark.parametrize("text", [
    "Can we use Llama 5 commercially?", "is Llama 5 ok for commercial use in our SaaS?",
    "can we fine-tune Llama 3.4 and put it on HF?", "we want to ship llama-5 in our app",
    "Is llama 3 point 7 fine for a chatbot?", "Meta Llama 10 for a support bot",
])
def test_a_llama_version_with_no_pack_is_unclear_never_another_version(text: str) -> None:
    for lic in (None, "llama-2", "llama-3.1"):
        v = rules.ask(text, license=lic)
        assert v.verdict == "unclear", (text, lic)
        assert v.reasons[0].rule == "version.unknown" and "no license pack for Llama" in v.reasons[0].message
        assert "llama-3.1" in v.reasons[0].message  # says what to send instead


@pytest.mark.parametrize("text", [
    "Mistral 7B is apache 2.0 right? can we fine-tune it and sell it?", "gemma 2 9b for a paid chatbot - fine?",
    "can we use Qwen2.5 in our product?", "can we train our model on GPT-4 outputs?",
    "can we train our model on GPT-4o outputs?", "we want to fine-tune an Apache-2.0 model and sell it",
    "is it ok to use Claude outputs to build a dataset?", "DeepSeek-R1 for our internal search - ok?",
    "use Mixtral for customer support",
])
def test_other_models_vendors_and_licenses_are_unclear(text: str) -> None:
    v = rules.ask(text)
    assert v.verdict == "unclear", text
    assert v.reasons[0].rule == "version.other_family"
    assert "license packs only for Meta's Llama licenses" in v.reasons[0].message


@pytest.mark.parametrize(("text", "lic"), [
    ("can we generate synthetic Q&A pairs with llama-2-70b and use them to fine-tune mistral 7b?", "llama-2"),
    ("can we use meta llama 3 70b to create SFT data and fine-tune qwen2 with it?", "llama-3"),
    ("llama 3.1 outputs to fine-tune our internal mistral model", "llama-3.1"),
    ("Use Llama 2 to classify phishing emails", "llama-2"),
    ("run llama 8b on our laptop for a chatbot", "llama-2"),
])
def test_a_llama_version_in_the_text_is_still_judged_under_it(text: str, lic: str) -> None:
    v = rules.ask(text)
    assert v.license == lic and not any(r.rule.startswith("version.") for r in v.reasons), text


def test_out_of_scope_reasons_come_from_the_data_file() -> None:
    data = (ROOT / "rules" / "families.toml").read_text(encoding="utf-8")
    rule, message = out_of_scope("can we use gemma for a paid chatbot?") or ("", "")
    assert rule == "version.other_family" and "Gemma" in message
    assert message.split("{")[0][:40] in data.replace("{known}", "")
    assert out_of_scope("a chatbot for our telecom") is None


def test_unknown_license_ids_say_there_is_no_pack() -> None:
    with pytest.raises(UnknownLicenseError, match="no license pack for Llama 5"):
        resolve_license("llama-5")
    with pytest.raises(UnknownLicenseError, match="no license pack for Llama 3.4"):
        resolve_license("Llama 3.4")


def test_scope_verdict_is_ready_for_any_free_text_check() -> None:
    from rules.versions import scope_verdict

    v = scope_verdict("fine-tune Llama 5 for support", kind="use", license="llama-3.1", policy="license")
    assert v is not None and v.kind == "use" and v.verdict == "unclear" and v.policy == "license-text"
    assert v.license == "llama-3.1" and v.reasons[0].rule == "version.unknown"
    assert scope_verdict("fine-tune Llama 3.1 for support", kind="use", license="llama-3.1", policy="guide") is None


@pytest.mark.parametrize(("text", "found"), [
    ("라마2 양자화해서 사내 GPU 서버에 올려서 써도 되나요?", [("llama-2", "Llama 2")]),
    ("라마 3.1 405B를 증류해서", [("llama-3.1", "Llama 3.1")]),
    ("ラマ 3 で翻訳", [("llama-3", "Meta Llama 3")]),
    ("라마 5 써도 되나요?", [(None, "Llama 5")]),
    ("드라마 3편 요약", []),
])
def test_versions_written_with_the_mark_in_another_script(text: str, found: list[tuple[str | None, str]]) -> None:
    assert mentions(text) == found


def test_rules_records_share_one_immutable_base() -> None:
    import pickle

    from rules.data import Pack, Policy, Rule
    from rules.mau import Quantity
    from rules.names import Normalised
    from rules.record import Record
    from rules.thresholds import Limits
    from rules.verdict import Reason, Verdict

    for cls in (Pack, Policy, Rule, Quantity, Normalised, Limits, Reason, Verdict):
        assert issubclass(cls, Record), cls
    v = rules.ask("a chatbot for 10M users")
    assert pickle.loads(pickle.dumps(v)) == v and hash(v) == hash(pickle.loads(pickle.dumps(v)))
    with pytest.raises(AttributeError, match="immutable"):
        v.verdict = "allowed"  # type: ignore[misc]


@pytest.mark.parametrize("text", [
    "a chatbot that reads our Apache Kafka logs", "help users grok our docs with a chatbot",
    "build a ChatGPT-like assistant for internal use", "we want something like Gemini for our support team",
    "a customer support chatbot for our telecom",
])
def test_words_that_only_resemble_other_families_are_judged_normally(text: str) -> None:
    v = rules.ask(text)
    assert v.verdict != "unclear" and not any(r.rule.startswith("version.") for r in v.reasons), text
