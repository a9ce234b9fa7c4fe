"""Recognition vocabulary as data: the cue lists in rules/vocab/<language>.toml, validated at load.

Every `*.toml` file in this folder is one language's vocabulary (en.toml; a ko.toml plugs in beside it). Files
are read through rules.datafile (the marshal cache next to the packs), checked, and merged by concept id, so
the same concept ("fake_reviews", "deception", ...) can carry English and Korean cues. A bad file raises
DataError naming the file and the key ("rules/vocab/en.toml: risk.fake_reviews.all[1][3]: not a valid
pattern (...)").

Sections (see en.toml's header): [vocab] language; [negation] triggers/ends/keep/not_before/disclaim; [rates] units;
[risk.<concept>] activity/outcome/all/unless; [lone.<concept>] cues/explained_by/unless; and the tables the
engine's recognition reads: [harms.<category>] act/topic/weak, [activities.<id>] cues, [domains.<id>] cues,
[cues.<module>] named alternations, [raw.<module>] single patterns, [words.<module>] plain word sets, and
[tentative] threshold (the resemblance score under which an activity read only from its `tentative` cues may be
allowed), [macros] (text that `<<NAME>>` inside any pattern stands for; `<<NAME_OPEN>>` is the text without its last
character, for an alternation left open). Unknown keys are errors (a typo must not silently disable a cue).
"""

from __future__ import annotations

import marshal
import os
import re
import sys

from rules import datafile
from rules.verdict import DataError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
OUTCOMES = ("activity", "review", "sole")
_TOP = {"vocab", "negation", "rates", "risk", "lone", "harms", "activities", "domains", "cues", "raw", "words", "macros",
        "tentative"}
_MACRO = re.compile(r"<<([A-Z_]+)>>")
_FORMAT = 1  # part of the checked-marker stamp


class RiskConcept:
    __slots__ = ("activity", "groups", "id", "outcome", "unless")

    def __init__(self, id: str, activity: str, outcome: str, groups: list[list[str]], unless: list[str]) -> None:
        self.id, self.activity, self.outcome, self.groups, self.unless = id, activity, outcome, groups, unless


class LoneConcept:
    __slots__ = ("cues", "explained_by", "gate", "id", "unless")

    def __init__(self, id: str, cues: list[str], explained_by: list[str], unless: list[str], gate: list[str]) -> None:
        self.id, self.cues, self.explained_by, self.unless, self.gate = id, cues, explained_by, unless, gate


class Vocab:
    """All languages' vocabulary merged."""

    def __init__(self) -> None:
        self.languages: list[str] = []
        self.neg_triggers: list[str] = []
        self.neg_ends: list[str] = []
        self.neg_keep: list[str] = []
        self.neg_not_before: list[str] = []  # words right after a trigger that make it no negation ("zero shot")
        self.neg_disclaim: list[str] = []  # after a trigger: the model does not take a role ("not a substitute for")
        self.rate_units: list[str] = []
        self.risk: dict[str, RiskConcept] = {}
        self.lone: dict[str, LoneConcept] = {}
        self.harms: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        self.activities: dict[str, list[str]] = {}
        # [activities.<id>] tentative: cues that name an ordinary task only by its artifact ("a rota", "a catalogue",
        # "reformat into the template"); such a reading is allowed only under [tentative] threshold (rules.resemblance).
        self.tentative: dict[str, list[str]] = {}
        self.tentative_threshold: float | None = None
        self.domains: dict[str, list[str]] = {}
        self.cues: dict[str, dict[str, list[str]]] = {}  # module -> name -> alternatives (word-start anchored)
        self.raw: dict[str, dict[str, str]] = {}  # module -> name -> one pattern compiled as written
        self.words: dict[str, dict[str, list[str]]] = {}  # module -> name -> plain words
        self.macros: dict[str, str] = {}


class _Checker:
    def __init__(self, path: str, data: dict[str, Any], macros: dict[str, str], compile_check: bool) -> None:
        self.path, self.data, self.macros, self.compile_check = path, data, macros, compile_check

    def fail(self, key: str, what: str) -> DataError:
        return DataError(f"{self.path}: {key}: {what}")

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table, got {datafile.shown(value)}")
        return value

    def keys(self, t: dict[str, Any], key: str, allowed: set[str], required: set[str]) -> None:
        for k in t:
            if k not in allowed:
                raise self.fail(f"{key}.{k}", f"unknown key (expected one of {', '.join(sorted(allowed))})")
        for k in required:
            if k not in t:
                raise self.fail(f"{key}.{k}", "missing")

    def string(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, got {datafile.shown(value)}")
        return value

    def words(self, value: Any, key: str) -> list[str]:
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list of strings, got {datafile.shown(value)}")
        out = []
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                raise self.fail(f"{key}[{i}]", f"must be a non-empty string, got {datafile.shown(v)}")
            out.append(v)
        return out

    def expand(self, p: str, key: str) -> str:
        def one(m: re.Match[str]) -> str:
            name = m.group(1)
            base = name.removesuffix("_OPEN")
            if base not in self.macros:
                raise self.fail(key, f"unknown macro <<{name}>> (define it under [macros])")
            return self.macros[base][:-1] if name != base else self.macros[base]

        return _MACRO.sub(one, p) if "<<" in p else p

    def patterns(self, value: Any, key: str) -> list[str]:
        out = [self.expand(p, f"{key}[{i}]") for i, p in enumerate(self.words(value, key))]
        for i, p in enumerate(out if self.compile_check else ()):
            try:
                re.compile(p)
            except re.error as e:
                raise self.fail(f"{key}[{i}]", f"not a valid pattern ({e}): {p!r}") from None
        return out

    def pattern(self, value: Any, key: str) -> str:
        p = self.expand(self.string(value, key), key)
        if not self.compile_check:
            return p
        try:
            re.compile(p)
        except re.error as e:
            raise self.fail(key, f"not a valid pattern ({e}): {p!r}") from None
        return p


def _merge_file(v: Vocab, path: str, activity_ids: frozenset[str], compile_check: bool) -> None:
    c = _Checker(path, datafile.read(path), v.macros, compile_check)
    data = c.data
    for k in data:
        if k not in _TOP:
            raise c.fail(k, f"unknown section (expected one of {', '.join(sorted(_TOP))})")
    for name, text in c.table(data.get("macros", {}), "macros").items():
        if not re.fullmatch(r"[A-Z][A-Z_]*", name) or name.endswith("_OPEN"):
            raise c.fail(f"macros.{name}", "macro names are upper case letters and _ (not ending in _OPEN)")
        if name in v.macros:
            raise c.fail(f"macros.{name}", "already defined by another vocabulary file")
        v.macros[name] = c.pattern(text, f"macros.{name}")
    meta = c.table(data.get("vocab"), "vocab")
    c.keys(meta, "vocab", {"language"}, {"language"})
    v.languages.append(c.string(meta["language"], "vocab.language"))

    def known(act: str, key: str) -> str:
        if act and act not in activity_ids:
            raise c.fail(key, f"unknown activity {act!r} (see rules.data.ACTIVITIES)")
        return act

    if "negation" in data:
        neg = c.table(data["negation"], "negation")
        c.keys(neg, "negation", {"triggers", "ends", "keep", "not_before", "disclaim"}, set())
        v.neg_triggers += c.words(neg.get("triggers", []), "negation.triggers")
        v.neg_ends += c.words(neg.get("ends", []), "negation.ends")
        v.neg_keep += c.patterns(neg.get("keep", []), "negation.keep")
        v.neg_not_before += c.words(neg.get("not_before", []), "negation.not_before")
        v.neg_disclaim += c.patterns(neg.get("disclaim", []), "negation.disclaim")
    if "rates" in data:
        rates = c.table(data["rates"], "rates")
        c.keys(rates, "rates", {"units"}, {"units"})
        v.rate_units += c.patterns(rates["units"], "rates.units")
    for cid, t in c.table(data.get("risk", {}), "risk").items():
        key = f"risk.{cid}"
        t = c.table(t, key)
        c.keys(t, key, {"activity", "outcome", "all", "unless"}, {"activity", "outcome", "all"})
        outcome = c.string(t["outcome"], f"{key}.outcome")
        if outcome not in OUTCOMES:
            raise c.fail(f"{key}.outcome", f"must be one of {', '.join(OUTCOMES)}, got {outcome!r}")
        act = known(c.string(t["activity"], f"{key}.activity"), f"{key}.activity")
        if outcome == "activity" and not act:
            raise c.fail(f"{key}.activity", "must name an activity when outcome is \"activity\"")
        groups_raw = t["all"]
        if not isinstance(groups_raw, list) or not groups_raw:
            raise c.fail(f"{key}.all", "must be a non-empty list of lists of patterns")
        groups = [c.patterns(g, f"{key}.all[{i}]") for i, g in enumerate(groups_raw)]
        unless = [c.pattern(t["unless"], f"{key}.unless")] if "unless" in t else []
        old = v.risk.get(cid)
        if old is None:
            v.risk[cid] = RiskConcept(cid, act, outcome, groups, unless)
        else:  # the same concept in another language: its cues join the same groups
            if (old.activity, old.outcome, len(old.groups)) != (act, outcome, len(groups)):
                raise c.fail(key, "must have the same activity, outcome and number of groups in every language")
            for g_old, g_new in zip(old.groups, groups, strict=True):
                g_old += g_new
            old.unless += unless
    for cid, t in c.table(data.get("lone", {}), "lone").items():
        key = f"lone.{cid}"
        t = c.table(t, key)
        c.keys(t, key, {"cues", "explained_by", "unless", "gate"}, {"cues", "explained_by"})
        cues = c.patterns(t["cues"], f"{key}.cues")
        gate = c.patterns(t.get("gate", []), f"{key}.gate")
        expl = [known(a, f"{key}.explained_by") for a in c.words(t["explained_by"], f"{key}.explained_by")]
        unless = [c.pattern(t["unless"], f"{key}.unless")] if "unless" in t else []
        lold = v.lone.get(cid)
        if lold is None:
            v.lone[cid] = LoneConcept(cid, cues, expl, unless, gate)
        else:
            lold.cues += cues
            lold.gate += gate if lold.gate else []
            lold.explained_by += [a for a in expl if a not in lold.explained_by]
            lold.unless += unless
    for cat, t in c.table(data.get("harms", {}), "harms").items():
        key = f"harms.{cat}"
        known(cat, key)
        t = c.table(t, key)
        c.keys(t, key, {"act", "topic", "weak"}, set())
        act_p, topic_p, weak_p = (tuple(c.patterns(t.get(k, []), f"{key}.{k}")) for k in ("act", "topic", "weak"))
        old_h = v.harms.get(cat, ((), (), ()))
        v.harms[cat] = (old_h[0] + act_p, old_h[1] + topic_p, old_h[2] + weak_p)
    for section, target in (("activities", v.activities), ("domains", v.domains)):
        for name, t in c.table(data.get(section, {}), section).items():
            key = f"{section}.{name}"
            if section == "activities":
                known(name, key)
            t = c.table(t, key)
            c.keys(t, key, {"cues", "tentative"} if section == "activities" else {"cues"}, {"cues"})
            target.setdefault(name, []).extend(c.patterns(t["cues"], f"{key}.cues"))
            if "tentative" in t:
                v.tentative.setdefault(name, []).extend(c.patterns(t["tentative"], f"{key}.tentative"))
    if "tentative" in data:
        tt = c.table(data["tentative"], "tentative")
        c.keys(tt, "tentative", {"threshold"}, {"threshold"})
        thr = tt["threshold"]
        if isinstance(thr, bool) or not isinstance(thr, (int, float)) or not 0.0 < thr < 1.0:
            raise c.fail("tentative.threshold", f"must be a number between 0 and 1, got {thr!r}")
        if v.tentative_threshold is not None:
            raise c.fail("tentative.threshold", "already set by another vocabulary file")
        v.tentative_threshold = float(thr)
    for module, t in c.table(data.get("cues", {}), "cues").items():
        mod = v.cues.setdefault(module, {})
        for name, val in c.table(t, f"cues.{module}").items():
            mod.setdefault(name, []).extend(c.patterns(val, f"cues.{module}.{name}"))
    for module, t in c.table(data.get("raw", {}), "raw").items():
        rmod = v.raw.setdefault(module, {})
        for name, val in c.table(t, f"raw.{module}").items():
            if name in rmod:
                raise c.fail(f"raw.{module}.{name}", "already defined by another vocabulary file")
            rmod[name] = c.pattern(val, f"raw.{module}.{name}")
    for module, t in c.table(data.get("words", {}), "words").items():
        wmod = v.words.setdefault(module, {})
        for name, val in c.table(t, f"words.{module}").items():
            wmod.setdefault(name, []).extend(c.words(val, f"words.{module}.{name}"))


def load(folder: str = HERE) -> Vocab:
    """Every language file in `folder`, validated and merged (English first, then the others by name)."""
    from rules.data import ACTIVITIES

    ids = frozenset(ACTIVITIES) | {"detect_harm", "fine_tune", "outputs_task_dataset"}
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".toml"))
    except OSError as e:
        raise DataError(f"{folder}: cannot list vocabulary files ({e.strerror})") from None
    if "en.toml" not in names:
        raise DataError(f"{folder}/en.toml: file not found (the English vocabulary is required)")
    names.remove("en.toml")
    paths = [os.path.join(folder, n) for n in ["en.toml", *names]]
    # Compiling every pattern to check it costs more than the rest of start-up; like the parsed-data cache, a
    # marker beside the files' caches remembers that exactly these files (names, sizes, times) passed, so the
    # check runs again only when a file changes. Everything else is checked on every load.
    stamp: list[object] = [_FORMAT]
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            raise DataError(f"{path}: file not found") from None
        stamp += [os.path.basename(path), st.st_mtime_ns, st.st_size]
    marker = datafile._cache_path(paths[0]) + ".checked"
    checked = False
    try:
        with open(marker, "rb") as f:
            checked = marshal.load(f) == stamp
    except (OSError, EOFError, ValueError, TypeError):
        pass
    v = Vocab()
    for path in paths:
        _merge_file(v, path, ids, compile_check=not checked)
    if not checked and not sys.dont_write_bytecode:
        try:
            os.makedirs(os.path.dirname(marker), exist_ok=True)
            tmp = f"{marker}.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                marshal.dump(stamp, f)
            os.replace(tmp, marker)
        except OSError:
            pass  # a read-only install: the check simply runs every time
    return v


VOCAB = load()
