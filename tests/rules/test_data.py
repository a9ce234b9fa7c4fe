"""Packs and policies: every file loads, has every required key, cites a clause for every rule, and
holds the facts LICENSES.md states per version; broken data fails with a precise DataError."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rules.data import (
    ACTIVITIES,
    PACK_IDS,
    PACKS_DIR,
    POLICIES_DIR,
    list_packs,
    list_policies,
    load_pack,
    load_policy,
    resolve_license,
    resolve_policy,
)
from rules.verdict import DataError, UnknownLicenseError


@pytest.mark.parametrize("pack", list_packs(), ids=lambda p: p.id)
def test_every_pack_covers_every_activity_with_a_clause(pack):
    assert set(pack.activities) == set(ACTIVITIES)
    for aid, rule in pack.activities.items():
        assert rule.id == aid and rule.source == "license"
        assert rule.clause.strip() and rule.message.strip()
        assert rule.outcome in {"allowed", "prohibited", "license_required", "review"}


@pytest.mark.parametrize("policy", list_policies(), ids=lambda p: p.id)
def test_every_policy_rule_cites_the_policy(policy):
    for rule in policy.all_activities.values():
        assert rule.source == "policy" and rule.clause and rule.message


@pytest.mark.parametrize(
    ("pack_id", "release", "month", "display", "prefix", "hf"),
    [
        ("llama-1", dt.date(2023, 2, 24), None, None, None, ()),
        ("llama-2", dt.date(2023, 7, 18), "2023-06", None, None, ("llama2",)),
        ("llama-3", dt.date(2024, 4, 18), "2024-03", "Built with Meta Llama 3", "Llama 3", ("llama3",)),
        ("llama-3.1", dt.date(2024, 7, 23), "2024-06", "Built with Llama", "Llama", ("llama3.1",)),
        ("llama-3.2", dt.date(2024, 9, 25), "2024-08", "Built with Llama", "Llama", ("llama3.2",)),
        ("llama-3.3", dt.date(2024, 12, 6), "2024-11", "Built with Llama", "Llama", ("llama3.3",)),
        ("llama-4", dt.date(2025, 4, 5), "2025-03", "Built with Llama", "Llama", ("llama4",)),
    ],
)
def test_pack_identity_dates_and_redistribution_duties(pack_id, release, month, display, prefix, hf):
    p = load_pack(pack_id)
    assert (p.release_date, p.mau_test_month, p.display_string, p.name_prefix, p.hf_ids) == (
        release, month, display, prefix, hf)


def test_llama4_month_carries_the_effective_date_caveat():
    note = load_pack("llama-4").mau_test_month_note
    assert "Effective Date" in note and "UNVERIFIED" in note


TAIL = " Meta Platforms, Inc. All Rights Reserved."


@pytest.mark.parametrize(
    ("pack_id", "head"),
    [
        ("llama-1", "LLaMA is licensed under the LLaMA License, Copyright (c)"),
        ("llama-2", "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c)"),
        ("llama-3", "Meta Llama 3 is licensed under the Meta Llama 3 Community License, Copyright ©"),
        ("llama-3.1", "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright ©"),
        ("llama-3.2", "Llama 3.2 is licensed under the Llama 3.2 Community License, Copyright ©"),
        ("llama-3.3", "Llama 3.3 is licensed under the Llama 3.3 Community License, Copyright ©"),
        ("llama-4", "Llama 4 is licensed under the Llama 4 Community License, Copyright ©"),
    ],
)
def test_notice_sentence_is_exact(pack_id, head):
    assert load_pack(pack_id).notice == head + TAIL


@pytest.mark.parametrize(
    ("pack_id", "banned", "outcome"),
    [
        ("llama-1", False, "review"),
        ("llama-2", True, "prohibited"),
        ("llama-3", True, "prohibited"),
        ("llama-3.1", False, "allowed"),
        ("llama-3.2", False, "allowed"),
        ("llama-3.3", False, "allowed"),
        ("llama-4", False, "allowed"),
    ],
)
def test_output_training_clause_by_version(pack_id, banned, outcome):
    p = load_pack(pack_id)
    assert p.output_training_banned is banned
    for aid in ("train_llm_on_outputs", "distill_teacher"):
        rule = p.activities[aid]
        assert rule.outcome == outcome
        if banned:
            assert rule.clause == "license §1.b.v"
        if pack_id not in ("llama-1", "llama-2", "llama-3"):
            # 3.1+: allowed only with the name-prefix duty stated as a condition.
            assert any('begin with "Llama"' in c for c in rule.conditions)


@pytest.mark.parametrize(
    ("pack_id", "eu", "multimodal", "unclear", "end_users"),
    [
        ("llama-1", False, "allowed", "allowed", "allowed"),
        ("llama-2", False, "allowed", "allowed", "allowed"),
        ("llama-3", False, "allowed", "allowed", "allowed"),
        ("llama-3.1", False, "allowed", "allowed", "allowed"),
        ("llama-3.2", True, "prohibited", "review", "allowed"),
        ("llama-3.3", True, "prohibited", "review", "allowed"),
        ("llama-4", True, "prohibited", "review", "allowed"),
    ],
)
def test_eu_multimodal_rule(pack_id, eu, multimodal, unclear, end_users):
    p = load_pack(pack_id)
    assert p.eu_multimodal is eu
    got = tuple(p.activities[a].outcome for a in ("eu_multimodal", "eu_unclear", "eu_end_users"))
    assert got == (multimodal, unclear, end_users)
    if eu:
        assert "European Union" in (p.eu_text or "") and "end users" in (p.eu_text or "")


@pytest.mark.parametrize("pack_id", ["llama-3.2", "llama-3.3", "llama-4"])
def test_aup_32_additions(pack_id):
    p = load_pack(pack_id)
    refs = {a.ref: a for a in p.aup}
    assert "circumvent" in refs["1.h"].text and "third party tools" in refs["5"].text
    assert "Biological Weapons" in refs["2.a"].text
    assert "unless you have obtained the right" in refs["1.e"].text
    assert (p.activities["circumvent_safety"].outcome, p.activities["circumvent_safety"].clause) == (
        "prohibited", "AUP 1.h")
    assert (p.activities["unlawful_tools"].outcome, p.activities["unlawful_tools"].clause) == ("prohibited", "AUP 5")


@pytest.mark.parametrize("pack_id", ["llama-2", "llama-3", "llama-3.1"])
def test_aup_before_32_has_no_additions(pack_id):
    p = load_pack(pack_id)
    refs = {a.ref for a in p.aup}
    assert "1.h" not in refs and "5" not in refs
    assert p.activities["circumvent_safety"].outcome == "review"


@pytest.mark.parametrize(
    ("activity", "clause"),
    [("malware", "AUP 1.g"), ("spam", "AUP 3.c"), ("impersonation", "AUP 3.d"), ("human_generated", "AUP 3.e"),
     ("critical_infrastructure", "AUP 2.d"), ("terrorism", "AUP 1.a.i"), ("nondisclosure", "AUP 4"),
     ("military", "AUP 2.a"), ("drugs", "AUP 2.c"), ("fake_engagement", "AUP 3.f")],
)
@pytest.mark.parametrize("pack_id", ["llama-2", "llama-3", "llama-3.1", "llama-3.2", "llama-3.3", "llama-4"])
def test_aup_items_carry_clause_refs(pack_id, activity, clause):
    rule = load_pack(pack_id).activities[activity]
    assert (rule.outcome, rule.clause) == ("prohibited", clause)


def test_llama1_is_non_commercial_research_only_and_bars_surveillance():
    p = load_pack("llama-1")
    assert p.commercial is False and p.threshold is None
    assert p.activities["commercial_use"].outcome == "prohibited"
    assert p.activities["outputs_commercial"].outcome == "prohibited"
    assert p.activities["research"].outcome == "allowed"
    assert (p.activities["surveillance"].outcome, p.activities["surveillance"].clause) == (
        "prohibited", "LLaMA license §2.a(iii)")


@pytest.mark.parametrize("pack_id", ["llama-2", "llama-3", "llama-4"])
def test_guide_only_items_are_review_in_the_license_text(pack_id):
    p = load_pack(pack_id)
    assert p.activities["hate_speech"].outcome == "review"
    assert p.activities["surveillance"].outcome == "review"
    assert (p.activities["medical_sole"].outcome, p.activities["medical_sole"].clause) == ("review", "AUP 1.d")


def test_guide_policy():
    g = load_policy("guide")
    assert (g.mau_inclusive, g.mau_continuous, g.layers_guide, g.threshold) == (True, True, True, 700_000_000)
    for aid in ("hate_speech", "surveillance", "medical_sole", "legal_sole", "financial_sole", "emergency_sole"):
        assert g.activities[aid].outcome == "prohibited"
    assert g.activities["hate_speech"].clause == "guide: Prohibited Items 3"
    assert g.activities["emergency_sole"].clause == "guide: Prohibited Items 7"
    for n, aid in ((1, "commercial_use"), (2, "fine_tune"), (3, "distribute"), (4, "outputs_commercial")):
        assert (g.activities[aid].outcome, g.activities[aid].clause) == ("allowed", f"guide: Permitted Items {n}")
    assert g.naming is not None and "Llama 2 Pro" in g.naming.prohibited_examples
    assert {o.id for o in g.derivative_obligations} == {"attribution", "propagation", "trademark"}


@pytest.mark.parametrize(
    ("pack_id", "has_rule"),
    [("llama-1", False), ("llama-2", True), ("llama-3", True), ("llama-3.1", False), ("llama-4", False)],
)
def test_guide_competing_llm_rule_is_scoped_to_versions_with_the_output_clause(pack_id, has_rule):
    g = load_policy("guide")
    assert ("train_llm_on_outputs" in g.activities_for(pack_id)) is has_rule
    assert "train_llm_on_outputs" not in g.activities  # scoped rules only via activities_for


def test_license_text_policy_is_the_text_alone():
    p = load_policy("license-text")
    assert (p.mau_inclusive, p.mau_continuous, p.layers_guide, p.naming) == (False, False, False, None)
    assert not p.all_activities and "affiliates" in p.mau_message


def test_loaders_are_cached():
    assert load_pack("llama-2") is load_pack("llama2") is load_pack("Llama 2")
    assert load_policy("guide") is load_policy("guide")


@pytest.mark.parametrize(
    ("text", "pack_id"),
    [("llama-2", "llama-2"), ("llama2", "llama-2"), ("Llama 2", "llama-2"), ("LLaMA 1", "llama-1"),
     ("llama-3.1", "llama-3.1"), ("Llama3.1", "llama-3.1"), ("Meta Llama 3", "llama-3"), ("llama3", "llama-3"),
     ("llama3.2", "llama-3.2"), ("Llama 3.3", "llama-3.3"), ("llama_3_3", "llama-3.3"), ("llama4", "llama-4"),
     ("Llama 4", "llama-4"), ("LLAMA 2 Community License", "llama-2"), ("llama-4-cla-2025", "llama-4"),
     ("LicenseRef-scancode-llama-3.1-license-2024", "llama-3.1"), ("  Llama v2 ", "llama-2"),
     ("Code Llama", "llama-2"), ("llama1", "llama-1")],
)
def test_resolve_license_forms(text, pack_id):
    assert resolve_license(text) == pack_id


@pytest.mark.parametrize("text", ["", "llama", "Llama 5", "llama-3.4", "gpt-4", "apache-2.0", "other"])
def test_resolve_license_unknown_quotes_input_and_lists_ids(text):
    with pytest.raises(UnknownLicenseError) as e:
        resolve_license(text)
    assert repr(text) in str(e.value) and "llama-3.1" in str(e.value) and "llama3.1" in str(e.value)


def test_resolve_policy():
    assert resolve_policy("Guide") == "guide" and resolve_policy("license-text") == "license-text"
    with pytest.raises(UnknownLicenseError, match="'strict'"):
        resolve_policy("strict")


def test_every_pack_file_is_listed():
    assert sorted(p.stem for p in PACKS_DIR.glob("*.toml")) == sorted(PACK_IDS)
    assert sorted(p.stem for p in POLICIES_DIR.glob("*.toml")) == ["guide", "license-text"]


# ---------------------------------------------------------------- broken data


def _mutate(tmp_path: Path, src: Path, old: str, new: str) -> Path:
    text = src.read_text(encoding="utf-8")
    assert old in text, old
    out = tmp_path / src.name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


PACK2 = PACKS_DIR / "llama-2.toml"


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ('outcome = "prohibited"\nclause = "AUP 1.g"', 'outcome = "forbidden"\nclause = "AUP 1.g"',
         "'activities.malware.outcome' must be one of"),
        ('clause = "AUP 1.g"', 'clause = ""', "'activities.malware.clause' must not be empty"),
        ('clause = "AUP 1.g"', 'clause = "AUP 9.z"', "'activities.malware.clause' cites AUP 9.z"),
        ("[activities.spam]", "[activities.spamm]", "'activities.spamm' is not an activity id"),
        ('mau_test_month = "2023-06"', 'mau_test_month = "2023-07"', "'mau_test_month' is '2023-07'"),
        ('mau_test_month = "2023-06"', 'mau_test_month = "June"', "'mau_test_month' must look like"),
        ("threshold = 700_000_000", "threshold = true", "'threshold' must be int"),
        ('notice = "Llama 2 is', 'notise = "Llama 2 is', "'notice' is missing"),
        ('scancode_id = "llama-2-license-2023"', 'scancode_id = "x"\ncolour = "red"', "'colour' is not a known key"),
        ('id = "llama-2"', 'id = "llama-3"', "'id' is 'llama-3' but the file is loaded as 'llama-2'"),
        ("release_date = 2023-07-18", 'release_date = "July 18"', "'release_date' must be date"),
        ('[activities.eu_end_users]', '[activities.eu_end_users_x]', "is not an activity id"),
        ('text = "Sexual solicitation"', 'text = "Sexual solicitation"\nactivities = ["x"]',
         "not valid TOML"),
    ],
)
def test_broken_pack_names_file_and_key(tmp_path, old, new, needle):
    path = _mutate(tmp_path, PACK2, old, new)
    with pytest.raises(DataError) as e:
        load_pack("llama-2", path=path)
    assert str(path) in str(e.value) and needle in str(e.value)


def test_pack_missing_an_activity_is_reported(tmp_path):
    text = PACK2.read_text(encoding="utf-8")
    start = text.index("[activities.spam]")
    end = text.index("\n\n", start)
    path = tmp_path / "llama-2.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataError, match=r"'activities.spam' is missing"):
        load_pack(path=path)


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("mau_inclusive = true", 'mau_inclusive = "yes"', "'mau_inclusive' must be bool"),
        ('applies_to = ["llama-2", "llama-3"]\n', 'applies_to = ["llama-9"]\n',
         "names unknown pack 'llama-9'"),
        ('clause = "guide: Derivative Model Examples"', 'clause = 7', "'naming.clause' must be str"),
        ("[activities.hate_speech]\noutcome", "[activities.hate_speech]\noutcom", "'activities.hate_speech.outcome' is missing"),
    ],
)
def test_broken_policy_names_file_and_key(tmp_path, old, new, needle):
    path = _mutate(tmp_path, POLICIES_DIR / "guide.toml", old, new)
    with pytest.raises(DataError) as e:
        load_policy(path=path)
    assert str(path) in str(e.value) and needle in str(e.value)


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        load_pack(path=tmp_path / "nope.toml")


@pytest.mark.parametrize("scenario", load_policy("guide").scenarios, ids=lambda s: s.id)
def test_guide_scenarios_are_reproduced_by_the_data(scenario):
    """Each worked example of the guide: the strongest of its activity's rules and its MAU judgment."""
    from rules.mau import mau_reasons
    from rules.verdict import strongest

    pack, guide = load_pack("llama-2"), load_policy("guide")
    outcomes = [pack.activities[scenario.activity].outcome]
    policy_rule = guide.activities_for(pack.id).get(scenario.activity)
    if policy_rule is not None:
        outcomes.append(policy_rule.outcome)
    if scenario.mau is not None:
        outcomes.append(mau_reasons(scenario.mau, pack=pack, policy=guide)[0])
    if scenario.target_mau is not None:
        outcomes.append(mau_reasons(scenario.target_mau, pack=pack, policy=guide, target=True)[0])
    assert strongest(outcomes) == scenario.judgment
    assert scenario.clause.startswith("guide: ")


def test_broken_scenario_is_reported(tmp_path):
    path = _mutate(tmp_path, POLICIES_DIR / "guide.toml", 'judgment = "review"', 'judgment = "maybe"')
    with pytest.raises(DataError, match=r"'scenarios\[5\].judgment' must be one of"):
        load_policy(path=path)


# Each AUP-backed activity must cite the item whose TEXT is about it (numbers differ between versions).
AUP_TEXT = {
    "terrorism": "terrorism", "child_abuse": "children", "child_grooming": "solicitation", "trafficking": "trafficking",
    "sexual_solicitation": "Sexual solicitation", "crime": "criminal activity", "illegal_goods": "criminal activity",
    "harassment": "harassment", "discrimination": "discrimination", "personal_data_collection": "information about",
    "sensitive_data": "information about", "ip_infringement": "infringes", "malware": "malicious code",
    "military": "Military", "weapons": "weapons", "drugs": "drugs", "critical_infrastructure": "critical infrastructure",
    "self_harm": "Self-harm", "incite_violence": "incite or promote violence", "fraud": "fraud",
    "fake_news": "disinformation", "defamation": "defamatory", "spam": "spam", "impersonation": "Impersonating",
    "human_generated": "human-generated", "fake_engagement": "false online engagement",
    "nondisclosure": "known dangers", "circumvent_safety": "circumvent", "unlawful_tools": "third party tools",
}


@pytest.mark.parametrize("pack_id", ["llama-2", "llama-3", "llama-3.1", "llama-3.2", "llama-3.3", "llama-4"])
@pytest.mark.parametrize(("activity", "words"), AUP_TEXT.items())
def test_aup_clause_points_at_the_item_with_that_text(pack_id, activity, words):
    pack = load_pack(pack_id)
    rule = pack.activities[activity]
    if rule.outcome != "prohibited":  # circumvent_safety / unlawful_tools before 3.2
        assert activity in ("circumvent_safety", "unlawful_tools") and pack_id in ("llama-2", "llama-3", "llama-3.1")
        return
    ref = rule.clause.removeprefix("AUP ")
    item = next(a for a in pack.aup if a.ref == ref)
    assert words.lower() in item.text.lower() and activity in item.activities
