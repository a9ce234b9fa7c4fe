"""License packs and policies: the TOML files under rules/packs and rules/policies, loaded and validated.

The law lives in the data files (readable by a lawyer, with comments citing the source of every
fact); this module only reads them, checks them strictly and caches the result. A file that does not
validate raises `DataError` naming the file and the key, because it is a bug in our data, not bad
user input.

Composition (done by rules-usecases / names / mau): a verdict takes the pack's `Rule` for an activity
(what the license says) and, when the policy layers the guide, the policy's `Rule`
(`Policy.activities_for(pack.id)`), and keeps the strongest.
"""

from __future__ import annotations

import functools
import os
import re
from types import MappingProxyType

from rules import datafile, versions
from rules.record import Record
from rules.verdict import DataError, UnknownLicenseError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    import datetime as _dt
    from collections.abc import Mapping
    from pathlib import Path
    from typing import Any

# Plain strings, not pathlib (start-up time); PACKS_DIR and POLICIES_DIR are Paths, built on first use.
_HERE = os.path.dirname(os.path.abspath(__file__))
_POLICIES = os.path.join(_HERE, "policies")


def __getattr__(name: str) -> Any:
    if name in ("PACKS_DIR", "POLICIES_DIR"):
        from pathlib import Path

        value = Path(versions.packs_dir() if name == "PACKS_DIR" else _POLICIES)
        globals()[name] = value
        return value
    if name == "PACK_IDS":  # oldest first, from the pack files (rules.versions); `list_packs()` has this order
        return versions.registry().ids
    raise AttributeError(f"module 'rules.data' has no attribute {name!r}")


POLICY_IDS: tuple[str, ...] = ("guide", "license-text")

# The activity vocabulary shared by the data files and rules-usecases (team brief). Every pack must
# say what its license text does with each of them.
ACTIVITIES: tuple[str, ...] = (
    # ordinary / permitted
    "commercial_use", "fine_tune", "quantize", "merge", "distribute", "outputs_commercial",
    "outputs_task_dataset", "ordinary_product", "research", "detect_harm",
    # output training
    "train_llm_on_outputs", "distill_teacher",
    # guide prohibited items and license AUP
    "crime", "illegal_goods", "drugs", "terrorism", "child_abuse", "child_grooming", "trafficking",
    "sexual_solicitation", "discrimination", "hate_speech", "harassment", "incite_violence", "self_harm",
    "weapons", "military", "personal_data_collection", "surveillance", "sensitive_data", "fake_news",
    "fraud", "defamation", "spam", "impersonation", "human_generated", "fake_engagement", "malware",
    "critical_infrastructure", "ip_infringement", "nondisclosure", "circumvent_safety", "unlawful_tools",
    # high-risk domains
    "medical_sole", "legal_sole", "financial_sole", "emergency_sole",
    "medical_assist", "legal_assist", "financial_assist", "emergency_assist",
    # geography
    "eu_multimodal", "eu_unclear", "eu_end_users",
)
RULE_OUTCOMES: frozenset[str] = frozenset({"allowed", "prohibited", "license_required", "review"})


# ---------------------------------------------------------------- the records

# Immutable records on the one base of rules/ (rules.record: frozen-dataclass behaviour without the
# start-up cost of `dataclasses`).
_Record = Record


class Rule(_Record):
    """One legal rule for one activity, from a pack (source "license") or a policy (source "policy")."""

    _fields = ("id", "outcome", "clause", "source", "message", "conditions", "applies_to")
    __slots__ = _fields
    _defaults = MappingProxyType({"conditions": (), "applies_to": ()})
    id: str
    outcome: str
    clause: str
    source: str
    message: str
    conditions: tuple[str, ...]
    # Pack ids a policy rule is limited to (empty: every version). Packs never set it.
    applies_to: tuple[str, ...]


class AupItem(_Record):
    _fields = ("ref", "text", "activities")
    __slots__ = _fields
    ref: str  # "1.g", "2.a", "EU"; for LLaMA 1 the §2 restriction, e.g. "2.a(iii)"
    text: str  # Meta's wording
    activities: tuple[str, ...]


_DATES: dict[str, _dt.date] = {}  # release dates by ISO string, built once (MAU reasons quote them per call)


class Pack(_Record):
    _fields = (
        "id", "title", "short_name", "release_iso", "mau_test_month", "mau_test_month_note", "threshold",
        "mau_clause", "commercial", "notice", "notice_clause", "agreement_copy_clause", "display_string",
        "display_clause", "name_prefix", "name_prefix_clause", "prefix_covers_outputs", "output_training_banned",
        "output_clause", "eu_multimodal", "eu_clause", "eu_text", "multimodal_note", "trademark_grant",
        "trademark_clause", "aup_clause", "hf_ids", "aup_url", "scancode_id", "aup", "activities",
        "number", "family_names", "marks_only_for_notice", "notice_in_card", "mau_quote",
    )
    __slots__ = _fields
    id: str
    title: str
    short_name: str
    release_iso: str  # "2023-07-18"; `release_date` is the date (built on use: datetime costs start-up)
    mau_test_month: str | None  # "2023-06"; None for LLaMA 1 (no MAU clause)
    mau_test_month_note: str
    threshold: int | None
    mau_clause: str
    mau_quote: str | None  # the MAU clause's own words (None: no MAU clause)
    commercial: bool
    notice: str
    notice_clause: str
    agreement_copy_clause: str
    display_string: str | None
    display_clause: str | None
    name_prefix: str | None
    name_prefix_clause: str | None
    prefix_covers_outputs: bool
    output_training_banned: bool
    output_clause: str
    eu_multimodal: bool
    eu_clause: str | None
    eu_text: str | None
    multimodal_note: str | None
    trademark_grant: str
    trademark_clause: str
    aup_clause: str
    hf_ids: tuple[str, ...]
    aup_url: str
    scancode_id: str
    aup: tuple[AupItem, ...]
    activities: Mapping[str, Rule]
    number: str  # "3.1": how "Llama <number>" is written ([version] table, see rules.versions)
    family_names: tuple[str, ...]  # "Code Llama", "Scout"
    marks_only_for_notice: bool  # Meta's names only as needed for the attribution notice (LLaMA §9)
    notice_in_card: bool  # the notice may travel in the model card (the license names no file)

    def __init__(self, *args: Any, release_date: _dt.date | str | None = None, **kw: Any) -> None:
        if release_date is not None:
            kw["release_iso"] = release_date if isinstance(release_date, str) else release_date.isoformat()
        super().__init__(*args, **kw)

    @property
    def release_date(self) -> _dt.date:
        date = _DATES.get(self.release_iso)
        if date is None:
            import datetime

            date = _DATES[self.release_iso] = datetime.date.fromisoformat(self.release_iso)
        return date

    @property
    def spdx_id(self) -> str:
        # No Llama license is on the SPDX list (LICENSES.md §1); ScanCode's LicenseRef is the id to use.
        return f"LicenseRef-scancode-{self.scancode_id}"


class Naming(_Record):
    """The guide's naming guidance (used for llama-1 / llama-2 names only)."""

    _fields = ("clause", "trademark_clause", "applies_to", "permitted_examples", "prohibited_examples",
                 "descriptor_ok", "lead_message", "meta_message", "descriptor_message", "fused_message",
                 "no_mark_message")
    __slots__ = _fields
    clause: str
    trademark_clause: str
    applies_to: tuple[str, ...]
    permitted_examples: tuple[str, ...]
    prohibited_examples: tuple[str, ...]
    descriptor_ok: str
    lead_message: str
    meta_message: str
    descriptor_message: str
    fused_message: str
    no_mark_message: str


class Obligation(_Record):
    _fields = ("id", "clause", "text")
    __slots__ = _fields
    id: str
    clause: str
    text: str


class Scenario(_Record):
    """One of the guide's worked examples, with the judgment the guide gives."""

    _fields = ("id", "clause", "text", "activity", "judgment", "mau", "target_mau")
    __slots__ = _fields
    _defaults = MappingProxyType({"mau": None, "target_mau": None})
    id: str
    clause: str
    text: str
    activity: str
    judgment: str
    mau: int | None
    target_mau: int | None


class Policy(_Record):
    _fields = ("id", "title", "description", "threshold", "mau_inclusive", "mau_continuous", "mau_clause",
                 "mau_message", "mau_target_clause", "mau_target_message", "mau_definition", "layers_guide",
                 "naming", "derivative_obligations", "scenarios", "all_activities", "activities", "alert_levels",
                 "alert_below", "alert_meanings", "_by_pack")
    __slots__ = _fields
    _defaults = MappingProxyType({"_by_pack": dict})
    _private = ("_by_pack",)
    id: str
    title: str
    description: str
    threshold: int
    mau_inclusive: bool  # True: ">= threshold" (guide); False: "> threshold" (license text)
    mau_continuous: bool  # True: checked every month (guide); False: once per version release date
    mau_clause: str
    mau_message: str
    mau_target_clause: str
    mau_target_message: str
    mau_definition: str
    layers_guide: bool
    naming: Naming | None
    derivative_obligations: tuple[Obligation, ...]
    scenarios: tuple[Scenario, ...]
    # Every rule of the policy, including version-scoped ones (see activities_for).
    all_activities: Mapping[str, Rule]
    # Rules that apply to every version (no `applies_to`). Use `activities_for(pack_id)` in verdicts.
    activities: Mapping[str, Rule]
    alert_levels: tuple[int, ...]  # percent of the limit, ascending, ending at 100 (the limit itself)
    alert_below: str  # what a total below the first level means
    alert_meanings: tuple[str, ...]  # what reaching each level means, one per level
    _by_pack: dict[str, Mapping[str, Rule]]

    def activities_for(self, pack_id: str) -> Mapping[str, Rule]:
        """The policy's rules that apply on top of pack `pack_id` (e.g. the guide's competing-LLM
        prohibition applies to Llama 1, 2 and 3 only, because 3.1 dropped the license clause it reads)."""
        hit = self._by_pack.get(pack_id)
        if hit is None:
            hit = MappingProxyType(
                {k: r for k, r in self.all_activities.items() if not r.applies_to or pack_id in r.applies_to}
            )
            self._by_pack[pack_id] = hit
        return hit


# ---------------------------------------------------------------- validation helpers


class _Table:
    """A TOML table read with precise errors: every failure names the file and the dotted key."""

    def __init__(self, data: Mapping[str, Any], *, file: str, prefix: str = "") -> None:
        self.data, self.file, self.prefix = data, file, prefix
        self.seen: set[str] = set()

    def _err(self, key: str, problem: str) -> DataError:
        return DataError(f"{self.file}: key {self.prefix + key!r} {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], *, required: bool = True, default: Any = None) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if required:
                raise self._err(key, "is missing")
            return default
        value = self.data[key]
        if kind is datafile.Date:  # dates arrive as (tag, ISO string), see rules.datafile
            if isinstance(value, tuple) and value[0] == datafile.DATE:
                return value[1]
            if isinstance(value, tuple) and value[0] == datafile.DATETIME:
                raise self._err(key, "must be a date (YYYY-MM-DD), not a date-time")
            raise self._err(key, f"must be date, got {datafile.shown(value)}")
        # bool is an int subclass: refuse `threshold = true` and `commercial = 1`.
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            names = " or ".join(k.__name__ for k in kinds)
            raise self._err(key, f"must be {names}, got {datafile.shown(value)}")
        if isinstance(value, str) and required and not value.strip():
            raise self._err(key, "must not be empty")
        return value

    def strs(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.get(key, list, required=required, default=[])
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self._err(key, f"item {i} must be a non-empty string, got {datafile.shown(item).split(' ', 1)[1]}")
        return tuple(value)

    def table(self, key: str, *, required: bool = True) -> _Table:
        value = self.get(key, dict, required=required, default={})
        return _Table(value, file=self.file, prefix=f"{self.prefix}{key}.")

    def no_extra(self) -> None:
        extra = sorted(set(self.data) - self.seen)
        if extra:
            raise self._err(extra[0], "is not a known key (typo?)")


def _read(path: str) -> dict[str, Any]:
    return datafile.read(path)  # tomllib, through the parsed-data cache


def _rules(top: _Table, *, source: str, require_all: bool, pack_ids_ok: bool) -> dict[str, Rule]:
    acts = top.table("activities", required=require_all)
    out: dict[str, Rule] = {}
    for aid in acts.data:
        acts.seen.add(aid)
        if aid not in ACTIVITIES:
            raise acts._err(aid, "is not an activity id of the vocabulary (see rules.data.ACTIVITIES)")
        t = acts.table(aid)
        outcome = t.get("outcome", str)
        if outcome not in RULE_OUTCOMES:
            raise t._err("outcome", f"must be one of {sorted(RULE_OUTCOMES)}, got {outcome!r}")
        applies_to = t.strs("applies_to", required=False) if pack_ids_ok else ()
        for pid in applies_to:
            if pid not in versions.registry().by_id:
                raise t._err("applies_to", f"names unknown pack {pid!r}")
        out[aid] = Rule(
            id=aid,
            outcome=outcome,
            clause=t.get("clause", str),
            source=source,
            message=t.get("message", str),
            conditions=t.strs("conditions", required=False),
            applies_to=applies_to,
        )
        t.no_extra()
    if require_all:
        missing = [a for a in ACTIVITIES if a not in out]
        if missing:
            raise acts._err(missing[0], f"is missing ({len(missing)} activities missing: {', '.join(missing)})")
    return out


# Pattern strings, compiled by `re` on first use (its own cache): only file validation needs them.
_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
_AUP_REF = r"\bAUP ([0-9][0-9a-z.()]*(?:, [0-9][0-9a-z.()]*)*)"


def _month_before(iso: str) -> str:
    """"2023-07-18" -> "2023-06" (by hand: datetime costs start-up time)."""
    year, month = int(iso[:4]), int(iso[5:7]) - 1
    if month == 0:
        year, month = year - 1, 12
    return f"{year:04d}-{month:02d}"


def _parse_pack(path: str, expect_id: str | None) -> Pack:
    t = _Table(_read(path), file=str(path))
    pid = t.get("id", str)
    if expect_id is not None and pid != expect_id:
        raise t._err("id", f"is {pid!r} but the file is loaded as {expect_id!r}")
    release = t.get("release_date", datafile.Date)
    commercial = t.get("commercial", bool)
    month = t.get("mau_test_month", str, required=commercial)
    threshold = t.get("threshold", int, required=commercial)
    if month is not None:
        if not re.match(_MONTH, month):
            raise t._err("mau_test_month", f"must look like 'YYYY-MM', got {month!r}")
        # §2 tests "the preceding calendar month" of the release date: keep the two facts consistent.
        if month != _month_before(release):
            raise t._err("mau_test_month", f"is {month!r} but the month before release_date {release} is "
                         f"{_month_before(release)!r}")
    if threshold is not None and threshold <= 0:
        raise t._err("threshold", f"must be positive, got {threshold!r}")
    display = t.get("display_string", str, required=False)
    prefix = t.get("name_prefix", str, required=False)
    eu = t.get("eu_multimodal", bool)
    aup_items: list[AupItem] = []
    raw_aup = t.get("aup", list)
    for i, raw in enumerate(raw_aup):
        if not isinstance(raw, dict):
            raise t._err(f"aup[{i}]", "must be a table ([[aup]])")
        a = _Table(raw, file=str(path), prefix=f"aup[{i}].")
        item = AupItem(ref=a.get("ref", str), text=a.get("text", str), activities=a.strs("activities"))
        for act in item.activities:
            if act not in ACTIVITIES:
                raise a._err("activities", f"names unknown activity {act!r}")
        a.no_extra()
        aup_items.append(item)
    rules = _rules(t, source="license", require_all=True, pack_ids_ok=False)
    refs = {item.ref for item in aup_items}
    for aid, rule in rules.items():
        # A clause citing "AUP 1.g" must name an item this pack actually has (items differ by version).
        for ref in (r for group in re.findall(_AUP_REF, rule.clause) for r in group.split(", ")):
            if ref not in refs and not any(r.startswith(ref + ".") for r in refs):
                raise DataError(f"{path}: key 'activities.{aid}.clause' cites AUP {ref}, which this pack's "
                                f"[[aup]] items do not have")
    ver = t.table("version")
    for key in ("aliases", "family_names", "text_patterns", "model_patterns"):
        ver.strs(key, required=False)
    number = ver.get("number", str)
    pack = Pack(
        id=pid,
        number=number,
        family_names=ver.strs("family_names", required=False),
        marks_only_for_notice=ver.get("marks_only_for_notice", bool, required=False, default=False),
        notice_in_card=ver.get("notice_in_card", bool, required=False, default=False),
        title=t.get("title", str),
        short_name=t.get("short_name", str),
        release_date=release,
        mau_test_month=month,
        mau_test_month_note=t.get("mau_test_month_note", str),
        threshold=threshold,
        mau_clause=t.get("mau_clause", str),
        mau_quote=t.get("mau_quote", str, required=threshold is not None),
        commercial=commercial,
        notice=t.get("notice", str),
        notice_clause=t.get("notice_clause", str),
        agreement_copy_clause=t.get("agreement_copy_clause", str),
        display_string=display,
        display_clause=t.get("display_clause", str, required=display is not None),
        name_prefix=prefix,
        name_prefix_clause=t.get("name_prefix_clause", str, required=prefix is not None),
        prefix_covers_outputs=t.get("prefix_covers_outputs", bool, required=prefix is not None, default=False),
        output_training_banned=t.get("output_training_banned", bool),
        output_clause=t.get("output_clause", str),
        eu_multimodal=eu,
        eu_clause=t.get("eu_clause", str, required=eu),
        eu_text=t.get("eu_text", str, required=eu),
        multimodal_note=t.get("multimodal_note", str, required=eu),
        trademark_grant=t.get("trademark_grant", str),
        trademark_clause=t.get("trademark_clause", str),
        aup_clause=t.get("aup_clause", str),
        hf_ids=t.strs("hf_ids"),
        aup_url=t.get("aup_url", str, required=commercial),
        scancode_id=t.get("scancode_id", str),
        aup=tuple(aup_items),
        activities=MappingProxyType(rules),
    )
    ver.no_extra()
    t.no_extra()
    return pack


def _parse_policy(path: str, expect_id: str | None) -> Policy:
    t = _Table(_read(path), file=str(path))
    pid = t.get("id", str)
    if expect_id is not None and pid != expect_id:
        raise t._err("id", f"is {pid!r} but the file is loaded as {expect_id!r}")
    naming: Naming | None = None
    if "naming" in t.data:
        n = t.table("naming")
        naming = Naming(
            clause=n.get("clause", str),
            trademark_clause=n.get("trademark_clause", str),
            applies_to=n.strs("applies_to"),
            permitted_examples=n.strs("permitted_examples"),
            prohibited_examples=n.strs("prohibited_examples"),
            descriptor_ok=n.get("descriptor_ok", str),
            lead_message=n.get("lead_message", str),
            meta_message=n.get("meta_message", str),
            descriptor_message=n.get("descriptor_message", str),
            fused_message=n.get("fused_message", str),
            no_mark_message=n.get("no_mark_message", str),
        )
        n.no_extra()
    obligations: list[Obligation] = []
    for i, raw in enumerate(t.get("derivative_obligations", list, required=False, default=[])):
        if not isinstance(raw, dict):
            raise t._err(f"derivative_obligations[{i}]", "must be a table ([[derivative_obligations]])")
        o = _Table(raw, file=str(path), prefix=f"derivative_obligations[{i}].")
        obligations.append(Obligation(id=o.get("id", str), clause=o.get("clause", str), text=o.get("text", str)))
        o.no_extra()
    scenarios: list[Scenario] = []
    for i, raw in enumerate(t.get("scenarios", list, required=False, default=[])):
        if not isinstance(raw, dict):
            raise t._err(f"scenarios[{i}]", "must be a table ([[scenarios]])")
        sc = _Table(raw, file=str(path), prefix=f"scenarios[{i}].")
        item = Scenario(id=sc.get("id", str), clause=sc.get("clause", str), text=sc.get("text", str),
                        activity=sc.get("activity", str), judgment=sc.get("judgment", str),
                        mau=sc.get("mau", int, required=False), target_mau=sc.get("target_mau", int, required=False))
        if item.activity not in ACTIVITIES:
            raise sc._err("activity", f"names unknown activity {item.activity!r}")
        if item.judgment not in RULE_OUTCOMES:
            raise sc._err("judgment", f"must be one of {sorted(RULE_OUTCOMES)}, got {item.judgment!r}")
        sc.no_extra()
        scenarios.append(item)
    threshold = t.get("threshold", int)
    if threshold <= 0:
        raise t._err("threshold", f"must be positive, got {threshold!r}")
    rules = _rules(t, source="policy", require_all=False, pack_ids_ok=True)
    levels = t.get("alert_levels", list)
    if (not levels or not all(isinstance(x, int) and not isinstance(x, bool) and 0 < x <= 100 for x in levels)
            or list(levels) != sorted(set(levels)) or levels[-1] != 100):
        raise t._err("alert_levels", f"must be ascending whole percents ending at 100, got {levels!r}")
    meanings = t.strs("alert_meanings")
    if len(meanings) != len(levels):
        raise t._err("alert_meanings", f"must have one meaning per alert level ({len(levels)}), got {len(meanings)}")
    policy = Policy(
        id=pid,
        title=t.get("title", str),
        description=t.get("description", str),
        threshold=threshold,
        mau_inclusive=t.get("mau_inclusive", bool),
        mau_continuous=t.get("mau_continuous", bool),
        mau_clause=t.get("mau_clause", str),
        mau_message=t.get("mau_message", str),
        mau_target_clause=t.get("mau_target_clause", str),
        mau_target_message=t.get("mau_target_message", str),
        mau_definition=t.get("mau_definition", str),
        layers_guide=t.get("layers_guide", bool),
        naming=naming,
        derivative_obligations=tuple(obligations),
        scenarios=tuple(scenarios),
        all_activities=MappingProxyType(rules),
        activities=MappingProxyType({k: r for k, r in rules.items() if not r.applies_to}),
        alert_levels=tuple(levels),
        alert_below=t.get("alert_below", str),
        alert_meanings=meanings,
    )
    t.no_extra()
    return policy


# ---------------------------------------------------------------- public loaders


@functools.cache
def _load_pack_path(path: str, expect_id: str | None) -> Pack:
    return _parse_pack(path, expect_id)


@functools.cache
def _load_policy_path(path: str, expect_id: str | None) -> Policy:
    return _parse_policy(path, expect_id)


_PACK_BY_ALIAS: dict[str, Pack] = {}
_POLICY_BY_ALIAS: dict[str, Policy] = {}


def load_pack(id: str | None = None, *, path: str | Path | None = None) -> Pack:
    """The pack for a license id in any form `resolve_license` accepts (cached).

    `path` loads a specific file instead (tests use it to load broken data)."""
    if path is not None:
        return _load_pack_path(os.fspath(path), None if id is None else resolve_license(id))
    hit = _PACK_BY_ALIAS.get(id) if isinstance(id, str) else None
    if hit is not None:
        return hit
    if id is None:
        raise UnknownLicenseError("load_pack() needs a license id or a path")
    pid = resolve_license(id)
    pack = _load_pack_path(os.path.join(versions.packs_dir(), f"{pid}.toml"), pid)
    _PACK_BY_ALIAS[id] = pack  # the hot path: one dict lookup per call for an id already seen
    return pack


def load_policy(id: str | None = None, *, path: str | Path | None = None) -> Policy:
    """The policy `guide` or `license-text` (cached); `path` loads a specific file."""
    if path is not None:
        return _load_policy_path(os.fspath(path), id)
    hit = _POLICY_BY_ALIAS.get(id) if isinstance(id, str) else None
    if hit is not None:
        return hit
    if id is None:
        raise UnknownLicenseError("load_policy() needs a policy id or a path")
    pid = resolve_policy(id)
    policy = _load_policy_path(os.path.join(_POLICIES, f"{pid}.toml"), pid)
    _POLICY_BY_ALIAS[id] = policy
    return policy


def list_packs() -> tuple[Pack, ...]:
    return tuple(load_pack(pid) for pid in versions.registry().ids)


def list_policies() -> tuple[Policy, ...]:
    return tuple(load_policy(pid) for pid in POLICY_IDS)


# ---------------------------------------------------------------- id resolution

# Free forms: "Llama 2", "LLaMA 1", "llama-3.1", "Llama3.1", "Meta Llama 3", "llama_3_2", "Llama v2",
# "Llama 3.1 Community License". Version digits may be joined by "." or "_" (HF names use "3_3"). Which
# numbers exist is the registry's business (rules.versions): any number is read, then looked up.
_FREE = (  # compiled on first use (re's cache): the exact aliases of the registry answer most calls
    r"^(?:meta[\s\-_]*)?llama[\s\-_]*v?(?P<major>[0-9]{1,2})(?:[\s._\-]*(?P<minor>[0-9]{1,2}))?"
    r"(?:[\s\-_]*(?:community[\s\-_]*)?(?:license|licence)(?:[\s\-_]*agreement)?(?:[\s\-_]*\d{4})?)?$"
)
_POLICY_ALIASES = {"guide": "guide", "license-text": "license-text", "licence-text": "license-text",
                   "license_text": "license-text", "text": "license-text", "license": "license-text"}


def _valid_ids() -> str:
    return versions.known_ids()


def resolve_license(id: str) -> str:
    """Any accepted form of a license id -> the pack id ("llama2", "Llama 3.1", "Meta Llama 3" -> ...)."""
    if not isinstance(id, str) or not id.strip():
        raise UnknownLicenseError(f"Unknown license {id!r}: send one of {_valid_ids()}.")
    key = " ".join(id.strip().lower().split())
    key = key.removeprefix("licenseref-scancode-")
    reg = versions.registry()
    hit = reg.aliases.get(key)
    if hit:
        return hit
    m = re.match(_FREE, key)
    if m:
        number = m["major"] + (f".{m['minor']}" if m["minor"] else "")
        pid = reg.number_to_id(number)
        if pid is not None:
            return pid
        raise UnknownLicenseError(f"Unknown license {id!r}: {versions.unknown_version_message(f'Llama {number}', reg)}")
    raise UnknownLicenseError(f"Unknown license {id!r}: send one of {_valid_ids()}.")


def resolve_policy(id: str) -> str:
    """'guide' or 'license-text'; anything else raises UnknownLicenseError naming the valid ids."""
    key = id.strip().lower() if isinstance(id, str) else ""
    hit = _POLICY_ALIASES.get(key)
    if hit is None:
        raise UnknownLicenseError(f"Unknown policy {id!r}: send one of {', '.join(POLICY_IDS)}.")
    return hit
