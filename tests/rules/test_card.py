"""`card`: model-card fixtures written per test: one compliant repository per version, and ones missing each
duty; the front-matter reader; version from lineage before metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.card import check_card, read_front_matter, version_from_model_id
from rules.data import load_pack
from rules.verdict import RulesError

BASES = {
    "llama-2": "meta-llama/Llama-2-7b-hf",
    "llama-3": "meta-llama/Meta-Llama-3-8B",
    "llama-3.1": "meta-llama/Llama-3.1-8B-Instruct",
    "llama-3.2": "meta-llama/Llama-3.2-3B-Instruct",
    "llama-3.3": "meta-llama/Llama-3.3-70B-Instruct",
    "llama-4": "meta-llama/Llama-4-Scout-17B-16E-Instruct",
}
NAMES = {"llama-2": "Nova-Llama2-7B", "llama-3": "Llama 3 Nova 8B", "llama-3.1": "Llama-3.1-Nova-8B",
         "llama-3.2": "Llama Nova 3B", "llama-3.3": "Llama-3.3-Nova-70B", "llama-4": "Llama-4-Nova-Scout"}


def make_repo(tmp_path: Path, version: str, *, drop: str | None = None, license_meta: str | None = "same",
              copyright_sign: str = "©", name: str | None = None) -> Path:
    """A model repository that meets every duty of `version`, except the one named by `drop`."""
    pack = load_pack(version)
    repo = tmp_path / f"repo-{version}"
    repo.mkdir()
    meta = pack.hf_ids[0] if license_meta == "same" else license_meta
    front = ["---"]
    if meta is not None:
        front.append(f"license: {meta}")
    front += ["base_model:", f"  - {BASES[version]}", "pipeline_tag: text-generation", "---"]
    body = [f"# {name or NAMES[version]}", "", "A fine-tune for customer support. Based on Llama."]
    if pack.display_string and drop != "display":
        body.append(f"**{pack.display_string}**")
    if drop != "aup":
        body.append(f"Use is subject to the acceptable use policy: {pack.aup_url}")
    (repo / "README.md").write_text("\n".join(front + body) + "\n", encoding="utf-8")
    if drop != "agreement":
        (repo / "LICENSE").write_text(f"{pack.title}\n\n{pack.short_name} Version Release Date: ...\n", encoding="utf-8")
    if drop != "notice":
        sentence = pack.notice.replace("©", copyright_sign).replace("(c)", copyright_sign)
        (repo / "Notice").write_text(sentence + "\n", encoding="utf-8")
    return repo


def duty(v, rule):
    found = [r for r in v.reasons if r.rule == rule]
    assert len(found) == 1, (rule, v.reasons)
    return found[0]


@pytest.mark.parametrize("version", list(BASES))
def test_compliant_repo_per_version(tmp_path, version):
    repo = make_repo(tmp_path, version)
    v = check_card(repo / "README.md", repo_dir=repo)
    assert (v.kind, v.verdict, v.license) == ("card", "allowed", version), v.reasons
    rules = [r.rule for r in v.reasons]
    expected = {"card.version", "card.agreement", "card.notice", "card.aup"}
    if load_pack(version).display_string:
        expected |= {"card.display", "card.prefix"}
    assert expected <= set(rules)
    assert all(r.message.startswith("Met") for r in v.reasons if r.rule not in ("card.version",))


@pytest.mark.parametrize("version", ["llama-2", "llama-3", "llama-3.1", "llama-4"])
@pytest.mark.parametrize("sign", ["(c)", "©"])
def test_copyright_sign_forms_are_equivalent(tmp_path, version, sign):
    repo = make_repo(tmp_path, version, copyright_sign=sign)
    assert duty(check_card(repo / "README.md"), "card.notice").message.startswith("Met")


@pytest.mark.parametrize(
    ("version", "drop", "rule", "verdict"),
    [
        ("llama-2", "agreement", "card.agreement", "prohibited"),
        ("llama-2", "notice", "card.notice", "prohibited"),
        ("llama-2", "aup", "card.aup", "review"),
        ("llama-3", "agreement", "card.agreement", "prohibited"),
        ("llama-3", "notice", "card.notice", "prohibited"),
        ("llama-3", "display", "card.display", "prohibited"),
        ("llama-3", "aup", "card.aup", "review"),
        ("llama-3.1", "display", "card.display", "prohibited"),
        ("llama-3.2", "notice", "card.notice", "prohibited"),
        ("llama-3.3", "agreement", "card.agreement", "prohibited"),
        ("llama-4", "display", "card.display", "prohibited"),
        ("llama-4", "aup", "card.aup", "review"),
    ],
)
def test_missing_duty(tmp_path, version, drop, rule, verdict):
    repo = make_repo(tmp_path, version, drop=drop)
    v = check_card(repo / "README.md", repo_dir=repo)
    assert v.verdict == verdict
    assert duty(v, rule).message.startswith("Missing")


@pytest.mark.parametrize(
    ("version", "name", "verdict"),
    [("llama-3", "Nova-Llama3-8B", "prohibited"), ("llama-3.1", "DeepSeek-R1-Distill-Llama-8B", "prohibited"),
     ("llama-4", "Helix-Llama-4", "prohibited"), ("llama-3.1", "Meta-Llama-3.1-Nova", "prohibited")],
)
def test_missing_name_prefix(tmp_path, version, name, verdict):
    repo = make_repo(tmp_path, version, name=name)
    v = check_card(repo / "README.md", repo_dir=repo)
    assert v.verdict == verdict and duty(v, "card.prefix").message.startswith("Missing")
    assert 1 <= len(v.suggestions) <= 3


def test_lenient_name_prefix_is_met_with_a_note(tmp_path):
    repo = make_repo(tmp_path, "llama-3", name="Llama-3-Nova-8B")
    v = check_card(repo / "README.md")
    assert v.verdict == "allowed" and "lenient" in duty(v, "card.prefix").message


def test_wrong_agreement_text_is_missing(tmp_path):
    repo = make_repo(tmp_path, "llama-3.1")
    (repo / "LICENSE").write_text("Apache License\nVersion 2.0, January 2004\n", encoding="utf-8")
    v = check_card(repo / "README.md")
    assert v.verdict == "prohibited" and "not the LLAMA 3.1" in duty(v, "card.agreement").message


def test_notice_for_the_wrong_version_is_missing(tmp_path):
    repo = make_repo(tmp_path, "llama-3.2")
    (repo / "NOTICE").unlink(missing_ok=True)
    (repo / "Notice").write_text(load_pack("llama-3.1").notice, encoding="utf-8")
    assert duty(check_card(repo / "README.md"), "card.notice").message.startswith("Missing")


def test_upper_case_notice_and_use_policy_file(tmp_path):
    repo = make_repo(tmp_path, "llama-3", drop="aup")
    (repo / "Notice").rename(repo / "NOTICE")
    (repo / "USE_POLICY.md").write_text("Meta Llama 3 Acceptable Use Policy\n", encoding="utf-8")
    assert check_card(repo / "README.md").verdict == "allowed"


@pytest.mark.parametrize(
    ("version", "meta", "agrees"),
    [("llama-3.2", "llama3", False), ("llama-4", "llama3.1", False), ("llama-2", "mit", False),
     ("llama-3.1", "llama3.1", True), ("llama-3", "other", False)],
)
def test_license_metadata_disagreement_is_said(tmp_path, version, meta, agrees):
    repo = make_repo(tmp_path, version, license_meta=meta)
    v = check_card(repo / "README.md")
    assert v.license == version  # lineage wins over metadata
    said = [r for r in v.reasons if r.rule == "card.license_metadata"]
    assert bool(said) is not agrees
    assert v.verdict == ("allowed" if agrees else "review")


def test_other_with_license_name_is_accepted(tmp_path):
    repo = make_repo(tmp_path, "llama-3", license_meta="other")
    readme = repo / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("license: other",
                                                                 "license: other\nlicense_name: llama3"), encoding="utf-8")
    v = check_card(readme)
    assert v.verdict == "allowed" and not [r for r in v.reasons if r.rule == "card.license_metadata"]


def test_version_from_metadata_when_no_llama_base(tmp_path):
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: llama3.3\n---\n# Llama-Thing\n", encoding="utf-8")
    v = check_card(card)
    assert v.license == "llama-3.3" and v.verdict == "prohibited"  # no LICENSE, no Notice next to it


def test_unknown_version_is_unclear(tmp_path):
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: apache-2.0\nbase_model: Qwen/Qwen2.5-7B\n---\n# Thing\n", encoding="utf-8")
    v = check_card(card)
    assert v.verdict == "unclear" and "base_model" in v.reasons[0].message


def test_guide_attribution_is_a_policy_item_for_llama2(tmp_path):
    repo = make_repo(tmp_path, "llama-2")
    readme = repo / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("Based on Llama.", ""), encoding="utf-8")
    v = check_card(readme)
    assert v.verdict == "review" and duty(v, "card.guide_attribution").source == "policy"
    assert check_card(readme, policy="license-text").verdict == "allowed"


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("---\nlicense: llama2\nbase_model: meta-llama/Llama-2-7b-hf\n---\nbody",
         {"license": "llama2", "base_model": "meta-llama/Llama-2-7b-hf"}),
        ("---\nbase_model:\n- a/b\n- c/d\nlicense: 'other' # comment\nlicense_name: \"llama3\"\n---\n",
         {"base_model": ["a/b", "c/d"], "license": "other", "license_name": "llama3"}),
        ("---\nbase_model: [a/b, c/d]\nmodel-index:\n  - name: x\n    results: []\n---\n", {"base_model": ["a/b", "c/d"]}),
        ("no front matter\n---\nlicense: x\n---\n", {}),
        ("---\nlicense: llama2\n(no closing line)\n", {}),
    ],
)
def test_read_front_matter(text, fields):
    assert read_front_matter(text)[0] == fields


@pytest.mark.parametrize(
    ("model_id", "version"),
    [("meta-llama/Llama-2-7b-hf", "llama-2"), ("meta-llama/Meta-Llama-3-8B", "llama-3"),
     ("meta-llama/Meta-Llama-3-8B-Instruct", "llama-3"), ("meta-llama/Llama-3.1-8B-Instruct", "llama-3.1"),
     ("meta-llama/Llama-3.2-11B-Vision-Instruct", "llama-3.2"), ("meta-llama/Llama-3.3-70B-Instruct", "llama-3.3"),
     ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama-4"), ("huggyllama/llama-7b", "llama-1"),
     ("meta-llama/CodeLlama-7b-hf", "llama-2"), ("meta-llama/Meta-Llama-Guard-2-8B", "llama-3"),
     ("meta-llama/Llama-Guard-3-8B", "llama-3.1"), ("meta-llama/Llama-Guard-3-1B", "llama-3.2"),
     ("deepseek-ai/Llama3.1-8B-Base", "llama-3.1"), ("nvidia/Llama-3_3-Nemotron-Super-49B-v1", "llama-3.3"),
     ("Qwen/Qwen2.5-14B", None), ("openlm-research/open_llama_7b", None)],
)
def test_version_from_model_id(model_id, version):
    assert version_from_model_id(model_id) == version


@pytest.mark.parametrize("setup", ["missing", "empty", "bad_repo"])
def test_bad_input_is_a_rules_error(tmp_path, setup):
    card = tmp_path / "README.md"
    repo_dir = None
    if setup == "empty":
        card.write_text("  \n", encoding="utf-8")
    elif setup == "bad_repo":
        card.write_text("# x\n", encoding="utf-8")
        repo_dir = tmp_path / "nope"
    with pytest.raises(RulesError) as e:
        check_card(card, repo_dir=repo_dir)
    assert "send" in str(e.value)


def test_llama1_card_needs_license_copy_and_attribution_and_is_research_only(tmp_path):
    repo = tmp_path / "vicuna-delta"
    repo.mkdir()
    pack = load_pack("llama-1")
    (repo / "README.md").write_text("---\nlicense: other\nbase_model: huggyllama/llama-7b\n---\n# Vicuna delta\n\n"
                                    + pack.notice + "\n", encoding="utf-8")
    (repo / "LICENSE").write_text("LLaMA LICENSE AGREEMENT\n...", encoding="utf-8")
    v = check_card(repo / "README.md", policy="license-text")
    assert v.license == "llama-1"
    assert duty(v, "card.agreement").message.startswith("Met")
    assert duty(v, "card.notice").message.startswith("Met")  # LLaMA §3 names no file: the card may carry it
    assert not [r for r in v.reasons if r.rule in ("card.aup", "card.display", "card.prefix", "card.license_metadata")]
    assert v.verdict == "review" and duty(v, "card.non_commercial").clause.startswith("LLaMA license")
