"""Model names: the normaliser (look-alikes, invisible characters), the guide's naming for Llama 1/2, the
license prefix duty for 3+, the real Hugging Face names of LICENSES.md §9, and the suggestions."""

from __future__ import annotations

import pytest

from rules.names import LENIENT_NOTE, check_name, normalise_name
from rules.verdict import EmptyInputError, UnknownLicenseError

# ---------------------------------------------------------------- normaliser


@pytest.mark.parametrize(
    ("raw", "text", "lookalike"),
    [
        ("Llama 2 Pro", "Llama 2 Pro", False),
        ("  Llama   2\tPro ", "Llama 2 Pro", False),
        ("ＬＬａｍａ 2 Pro", "LLama 2 Pro", False),  # full-width forms (NFKC)
        ("Ll\u200bama 2 Pro", "Llama 2 Pro", False),  # zero-width space
        ("Lla\u200dma\ufeff 2", "Llama 2", False),  # zero-width joiner, BOM
        ("Lla\u00adma 2", "Llama 2", False),  # soft hyphen
        ("Llama\u2060-2", "Llama-2", False),  # word joiner
        ("Lla\u0301ma 2", "Llama 2", False),  # combining accent
        ("Llàma 2", "Llama 2", False),  # precomposed accent
        ("Llаma 2", "Llama 2", True),  # Cyrillic а
        ("LLАМА 2", "LLAMA 2", True),  # Cyrillic А, М
        ("Llαmα 2", "Llama 2", True),  # Greek α
        ("Μeta Llama", "Meta Llama", True),  # Greek Μ
        ("Меta Llama", "Meta Llama", True),  # Cyrillic М, е
        ("ℓlama 2", "llama 2", False),  # script small l (NFKC)
        ("\u3164Llama 2", "Llama 2", False),  # Hangul filler
        ("“Llama 2 Pro”", "Llama 2 Pro", False),  # surrounding quotes
    ],
)
def test_normalise_name(raw, text, lookalike):
    n = normalise_name(raw)
    assert (n.text, n.lookalike) == (text, lookalike)


@pytest.mark.parametrize(
    "name",
    ["L1ama 2 Pro", "LIama 2 Pro", "L|ama 2 Pro", "Ll4ma 2 Pro", "Llam4 2 Pro", "Llarna 2 Pro", "Llаma 2 Pro",
     "ＬＬａｍａ 2 Pro", "Ll\u200bama 2 Pro", "LLAMA-2-PRO", "llama_2_pro", "L l a m a 2 Pro", "L.L.A.M.A-2-Pro",
     "𝐋𝐥𝐚𝐦𝐚 2 Pro", "Ⅼlama 2 Pro"],
)
def test_lookalike_forms_of_the_mark_are_the_mark(name):
    assert check_name(name).verdict == "prohibited"


@pytest.mark.parametrize("name", ["Meta Llama Custom", "Меta Llama Custom", "Met4-Chat", "META-Chat-13B",
                                  "MetaLlama-7B", "My-Meta-Model", "Facebook-Chat-7B", "MetaAI-Chat"])
def test_meta_mark_in_any_form_is_prohibited(name):
    v = check_name(name)
    assert v.verdict == "prohibited" and v.reasons[0].rule == "naming.meta"


@pytest.mark.parametrize("name", ["MetaMath-7B", "Metallica-7B", "Metadata-Tagger-Llama2", "Hermetic-7B",
                                  "Metaairline-Bot", "Hall Amazing 7B"])
def test_meta_inside_another_word_is_not_the_mark(name):
    assert check_name(name).verdict == "allowed"


# ---------------------------------------------------------------- Llama 1 / 2: the guide


@pytest.mark.parametrize(
    ("name", "verdict", "rule"),
    [
        ("Llama 2 Pro", "prohibited", "naming.lead"),
        ("Llama-2-Turbo", "prohibited", "naming.lead"),
        ("Llama2-Chat-Custom", "prohibited", "naming.lead"),
        ("LlamaPro-7B", "prohibited", "naming.lead"),
        ("Meta Llama Custom", "prohibited", "naming.meta"),
        ("Meta-Chat-13B", "prohibited", "naming.meta"),
        ("CustomLLM-Llama2-7B", "allowed", "naming.descriptor"),
        ("MyModel (based on Llama 2)", "allowed", "naming.descriptor"),
        ("Nova 7B — Built with Llama 2", "allowed", "naming.descriptor"),
        ("Ko-Llama2-7B", "allowed", "naming.descriptor"),
        ("KoLlama2", "review", "naming.fused"),
        ("TinyLlama-1.1B", "review", "naming.fused"),
        ("Custom-Llamafied-7B", "review", "naming.fused"),
        ("Sapphire-13B", "allowed", "naming.no_mark"),
        ("MetaMath-7B", "allowed", "naming.no_mark"),
        # Only generic words before the mark: no brand of one's own, so the mark still leads.
        ("Official Llama 2 Chat", "prohibited", "naming.lead"),
        ("The Llama 2 Assistant", "prohibited", "naming.lead"),
        ("New-Llama-2-Pro", "prohibited", "naming.lead"),
        ("The Orion Llama 2 Assistant", "allowed", "naming.descriptor"),
    ],
)
def test_llama2_guide_naming(name, verdict, rule):
    v = check_name(name, license="llama-2")
    assert (v.kind, v.verdict, v.reasons[0].rule, v.reasons[0].source) == ("name", verdict, rule, "policy")
    assert v.reasons[0].clause.startswith("guide: ")


def test_guide_stricter_than_license_text_says_so():
    v = check_name("Llama 2 Pro")
    assert "stricter than the license text" in v.reasons[0].message
    assert [r.source for r in v.reasons] == ["policy", "license"]
    assert check_name("Llama 2 Pro", policy="license-text").verdict == "review"


@pytest.mark.parametrize(
    ("name", "verdict"),
    [("Llama 2 Pro", "review"), ("Meta Llama Custom", "prohibited"), ("CustomLLM-Llama2-7B", "allowed"),
     ("KoLlama2", "review"), ("Sapphire-13B", "allowed")],
)
def test_llama2_license_text_only(name, verdict):
    v = check_name(name, license="llama-2", policy="license-text")
    assert v.verdict == verdict and all(r.source == "license" for r in v.reasons)
    assert v.reasons[0].clause == "license §5.a"


@pytest.mark.parametrize(
    ("name", "verdict"),
    [("LLaMA-Pro", "prohibited"), ("Meta-LLaMA-7B", "prohibited"), ("MyModel (based on LLaMA)", "review"),
     ("Vicuna-13B", "allowed")],
)
def test_llama1_names(name, verdict):
    assert check_name(name, license="llama-1").verdict == verdict


# ---------------------------------------------------------------- Llama 3+: the license prefix wins


@pytest.mark.parametrize(
    ("name", "license", "verdict", "lenient"),
    [
        ("Llama 3 Pro", "llama-3", "allowed", False),
        ("Llama 3 Swallow 8B", "llama-3", "allowed", False),
        ("Llama-3-Swallow-8B", "llama-3", "allowed", True),
        ("Llama3-ChatQA-1.5-8B", "llama-3", "allowed", True),
        ("llama-3-youko-8b", "llama-3", "allowed", True),
        ("Llama_3_Custom", "llama-3", "allowed", True),
        ("CustomLLM-Llama3-8B", "llama-3", "prohibited", False),
        ("Hermes-2-Pro-Llama-3-8B", "llama-3", "prohibited", False),
        ("Meta-Llama-3-Custom", "llama-3", "prohibited", False),
        ("Llama-Atlas-8B", "llama-3", "prohibited", False),  # "Llama 3" is the prefix for 3.0
        ("Llama 3.1 Pro", "llama-3", "prohibited", False),
        ("Sapphire-8B", "llama-3", "prohibited", False),
        ("Llama-3.1-Nemotron-70B-Instruct", "llama-3.1", "allowed", False),
        ("Llama-Atlas-8B", "llama-3.1", "allowed", False),
        ("Llama Atlas 8B", "llama-3.1", "allowed", False),
        ("llama-atlas-8b", "llama-3.1", "allowed", True),
        ("LLAMA-Atlas", "llama-3.1", "allowed", True),
        ("DeepSeek-R1-Distill-Llama-8B", "llama-3.1", "prohibited", False),
        ("Atlas-Llama-3.1-8B", "llama-3.1", "prohibited", False),
        ("Meta-Llama-3.1-8B-Custom", "llama-3.1", "prohibited", False),
        ("Llama-Nova-1B", "llama-3.2", "allowed", False),
        ("Nova-1B-Instruct", "llama-3.3", "prohibited", False),
        ("Llama-4-Helix", "llama-4", "allowed", False),
        ("Helix-Llama-4", "llama-4", "prohibited", False),
    ],
)
def test_prefix_duty_by_version(name, license, verdict, lenient):
    v = check_name(name, license=license)
    assert v.verdict == verdict
    assert (LENIENT_NOTE in v.notes) is lenient
    first = v.reasons[0]
    assert first.source == "license" and first.clause in ("license §1.b.i", "license §5.a")


@pytest.mark.parametrize("license", ["llama-3", "llama-3.1", "llama-4"])
def test_guide_conflict_is_one_reason_line_and_license_wins(license):
    name = "Llama 3 Pro" if license == "llama-3" else "Llama-Atlas-8B"
    v = check_name(name, license=license)
    assert v.verdict == "allowed"
    conflict = [r for r in v.reasons if r.rule == "naming.guide_conflict"]
    assert len(conflict) == 1 and conflict[0].source == "policy" and "license" in conflict[0].message
    assert not [r for r in check_name(name, license=license, policy="license-text").reasons if r.source == "policy"]


@pytest.mark.parametrize(("name", "license"), [("L1ama 3 Pro", "llama-3"), ("Llаma-Atlas", "llama-3.1"),
                                               ("LIama-4-Helix", "llama-4")])
def test_lookalike_prefix_needs_review_with_plain_suggestion(name, license):
    v = check_name(name, license=license)
    assert v.verdict == "review" and v.suggestions
    assert all(check_name(s, license=license).verdict == "allowed" for s in v.suggestions)


# ---------------------------------------------------------------- LICENSES.md §9: real Hugging Face names

SECTION_9 = [
    # (row, repo, version, expected: "pass" strict, "lenient", "fail")
    (14, "tokyotech-llm/Llama-3-Swallow-8B-v0.1", "llama-3", "lenient"),
    (15, "beomi/Llama-3-Open-Ko-8B", "llama-3", "lenient"),
    (16, "maywell/Llama-3-Ko-8B-Instruct", "llama-3", "lenient"),
    (17, "Junrulu/Llama-3-8B-Instruct-Iterative-SamPO", "llama-3", "lenient"),
    (18, "gradientai/Llama-3-8B-Instruct-262k", "llama-3", "lenient"),
    (19, "elinas/Llama-3-13B-Instruct", "llama-3", "lenient"),
    (20, "nvidia/Llama3-ChatQA-1.5-8B", "llama-3", "lenient"),
    (21, "rinna/llama-3-youko-8b", "llama-3", "lenient"),
    (22, "tokyo-electron-device-ai/llama3-tedllm-8b-v0", "llama-3", "lenient"),
    (23, "imbue/llama3-question-quality", "llama-3", "lenient"),
    (24, "saltlux/Ko-Llama3-Luxia-8B", "llama-3", "fail"),
    (25, "NousResearch/Hermes-2-Pro-Llama-3-8B", "llama-3", "fail"),
    (26, "cognitivecomputations/dolphin-2.9-llama3-8b", "llama-3", "fail"),
    (29, "nvidia/Llama-3.1-Nemotron-70B-Instruct-HF", "llama-3.1", "pass"),
    (30, "allenai/Llama-3.1-Tulu-3-8B", "llama-3.1", "pass"),
    (31, "tokyotech-llm/Llama-3.1-Swallow-8B-Instruct-v0.2", "llama-3.1", "pass"),
    (32, "arcee-ai/Llama-3.1-SuperNova-Lite", "llama-3.1", "pass"),
    (33, "NousResearch/Hermes-3-Llama-3.1-8B", "llama-3.1", "fail"),
    (34, "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "llama-3.1", "fail"),
    (35, "mattshumer/Reflection-Llama-3.1-70B", "llama-3.1", "fail"),
    (36, "Skywork/Skywork-Reward-Llama-3.1-8B", "llama-3.1", "fail"),
    (37, "arcee-ai/SuperNova-Medius", "llama-3.1", "fail"),  # FAIL? if logits count as outputs
    (39, "NousResearch/Hermes-3-Llama-3.2-3B", "llama-3.2", "fail"),
    (40, "Skywork/Skywork-Reward-V2-Llama-3.2-1B", "llama-3.2", "fail"),
    (41, "alpindale/Llama-Guard-3-1B", "llama-3.2", "pass"),
    (42, "deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "llama-3.3", "fail"),
    (43, "nvidia/Llama-3_3-Nemotron-Super-49B-v1", "llama-3.3", "pass"),
    (44, "tokyotech-llm/Llama-3.3-Swallow-70B-Instruct-v0.4", "llama-3.3", "pass"),
    (45, "tokyotech-llm/Llama-3.1-Swallow-8B-v0.5", "llama-3.3", "pass"),  # governed by 3.3 per its developer
    (46, "RedHatAI/Llama-4-Scout-17B-16E-Instruct-quantized.w4a16", "llama-4", "pass"),
    (47, "RedHatAI/Llama-4-Scout-17B-16E-Instruct-NVFP4", "llama-4", "pass"),
    (48, "nvidia/Llama-4-Maverick-17B-128E-Eagle3", "llama-4", "pass"),
    (49, "nvidia/Llama-4-Scout-17B-16E-Instruct-FP4", "llama-4", "pass"),
]


@pytest.mark.parametrize(("row", "repo", "license", "expected"), SECTION_9, ids=[str(r[0]) for r in SECTION_9])
@pytest.mark.parametrize("form", ["repo", "name"])
def test_licenses_md_section_9(row, repo, license, expected, form):
    name = repo if form == "repo" else repo.split("/", 1)[1]
    v = check_name(name, license=license)
    assert v.verdict == ("prohibited" if expected == "fail" else "allowed"), (row, v.reasons)
    assert (LENIENT_NOTE in v.notes) is (expected == "lenient")
    if expected == "fail":
        assert 1 <= len(v.suggestions) <= 3


@pytest.mark.parametrize("repo", ["Mozilla/Meta-Llama-3-70B-Instruct-llamafile", "someone/Meta-Llama-3-8B"])
def test_third_party_meta_name_fails(repo):
    assert check_name(repo, license="llama-3").verdict == "prohibited"


@pytest.mark.parametrize(("repo", "license"), [("meta-llama/Meta-Llama-3-8B", "llama-3"),
                                               ("meta-llama/Meta-Llama-Guard-2-8B", "llama-3"),
                                               ("meta-llama/CodeLlama-70b-Instruct-hf", "llama-2")])
def test_metas_own_repositories_are_not_judged_as_third_party_names(repo, license):
    v = check_name(repo, license=license)
    assert v.verdict == "allowed" and v.reasons[0].rule == "naming.meta_own"


# ---------------------------------------------------------------- suggestions

PROHIBITED = [
    ("Llama 2 Pro", "llama-2"), ("Meta Llama Custom", "llama-2"), ("Llama-2-Turbo", "llama-2"),
    ("Meta-Chat-13B", "llama-2"), ("L1ama 2 Pro", "llama-2"), ("ＬＬａｍａ 2 Pro", "llama-2"), ("Llama", "llama-2"),
    ("Meta", "llama-2"), ("LLaMA-Pro", "llama-1"), ("CustomLLM-Llama3-8B", "llama-3"),
    ("Hermes-2-Pro-Llama-3-8B", "llama-3"), ("Meta-Llama-3-Custom", "llama-3"), ("Sapphire", "llama-3"),
    ("DeepSeek-R1-Distill-Llama-8B", "llama-3.1"), ("Atlas-Llama-3.1-8B", "llama-3.1"),
    ("Nova-1B-Instruct", "llama-3.3"), ("Helix-Llama-4", "llama-4"), ("Meta-Llama-4-Scout", "llama-4"),
    ("---", "llama-3.2"),
]


@pytest.mark.parametrize(("name", "license"), PROHIBITED)
@pytest.mark.parametrize("policy", ["guide", "license-text"])
def test_every_prohibited_name_gets_valid_suggestions(name, license, policy):
    v = check_name(name, license=license, policy=policy)
    if v.verdict != "prohibited":
        assert policy == "license-text"  # e.g. "Llama 2 Pro" is only review under the text alone
        return
    assert 1 <= len(v.suggestions) <= 3
    for s in v.suggestions:
        assert s != name
        assert check_name(s, license=license, policy=policy).verdict == "allowed", s


def test_lenient_name_gets_the_strict_display_form():
    v = check_name("Llama-3-Swallow-8B", license="llama-3")
    assert v.suggestions == ("Llama 3 Swallow-8B",)
    assert check_name("llama-3.1-foo", license="llama-3.1").suggestions[0] == "Llama-3.1-foo"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "\u200b \ufeff", '""'])
def test_empty_name_is_an_error(name):
    with pytest.raises(EmptyInputError) as e:
        check_name(name)
    assert repr(name) in str(e.value) and "send" in str(e.value)


def test_unknown_license_is_an_error():
    with pytest.raises(UnknownLicenseError, match="'llama-9'"):
        check_name("Llama 9 Pro", license="llama-9")


def test_license_forms_resolve_and_verdict_carries_pack_id():
    v = check_name("Llama 3 Pro", license="Meta Llama 3", policy="guide")
    assert (v.license, v.policy, v.kind) == ("llama-3", "guide", "name")
    assert v.to_dict()["reasons"][0]["clause"] == "license §1.b.i"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("Llamafied-Phi", "Phi (based on Llama 2)"), ("Official Llama 2 Chat", "Chat (based on Llama 2)")],
)
def test_suggestions_drop_fused_stumps_and_generic_lead_words(name, suggestion):
    v = check_name(name, license="llama-2")
    assert v.suggestions[0] == suggestion
    assert all(check_name(s, license="llama-2").verdict == "allowed" for s in v.suggestions)


# ---------------------------------------------------------------- marks in any script (issue 11 item 4)


@pytest.mark.parametrize(("name", "rule"), [
    ("라마 2 프로", "naming.lead"),  # the guide's prohibited example "Llama 2 Pro", in Korean
    ("메타 라마 커스텀", "naming.meta"),  # ... and "Meta Llama Custom"
    ("라마2-Chat", "naming.lead"), ("라마 3 Assistant", "naming.lead"), ("메타 Chat", "naming.meta"),
    ("메타라마 봇", "naming.meta"), ("ラマ 2 プロ", "naming.lead"), ("メタ Chat", "naming.meta"),
    ("Лама 2 Про", "naming.lead"), ("Мета Чат", "naming.meta"),
    ("M e t a Chat", "naming.meta"), ("M.E.T.A-Chat", "naming.meta"), ("m-e_t*a bot", "naming.meta"),
    ("Super M . e . t . a", "naming.meta"), ("LlamaＭｅｔａ-8B", "naming.meta"), ("LlamaMeta-8B", "naming.meta"),
])
def test_marks_in_other_scripts_and_spaced_meta_are_the_marks(name: str, rule: str) -> None:
    v = check_name(name, license="llama-2", policy="guide")
    assert v.verdict == "prohibited", name
    assert v.reasons[0].rule == rule
    assert all(check_name(s, license="llama-2").verdict == "allowed" for s in v.suggestions)


@pytest.mark.parametrize("name", ["드라마 봇", "메타버스 챗", "Metaverse bot", "Gamma Team", "Time Travel AI",
                                  "Drama-7B", "ドラマ Bot", "Made Team A"])
def test_words_containing_the_spellings_are_not_marks(name: str) -> None:
    assert check_name(name, license="llama-2").verdict == "allowed"


def test_korean_descriptor_and_prefix_duty() -> None:
    assert check_name("MyModel (based on 라마 2)", license="llama-2").verdict == "allowed"
    # Llama 3: a transliterated prefix does not literally meet the prefix duty
    v = check_name("라마 3 Atlas", license="llama-3")
    assert v.verdict == "review" and "Llama 3 Atlas" in v.suggestions


def test_kana_voicing_marks_survive_normalisation() -> None:
    v = check_name("ラマ 2 プロ", license="llama-2")
    assert any("プロ" in s for s in v.suggestions)


def test_the_spellings_are_data() -> None:
    from pathlib import Path

    data = (Path(__file__).resolve().parents[2] / "rules" / "marks.toml").read_text(encoding="utf-8")
    assert "라마" in data and "메타" in data and "ラマ" in data
    src = (Path(__file__).resolve().parents[2] / "rules" / "names.py").read_text(encoding="utf-8")
    assert "라마" not in src and "메타" not in src
