"""The version registry: which Llama versions Herdbook knows, built from the pack files alone.

Every `*.toml` file in the packs folder is a version. Its id, `short_name`, `release_date`, `hf_ids`,
`scancode_id` and its `[version]` table (number, aliases, family names, text and model-id patterns) say
how users write it. Nothing here names a version: adding `llama-5.toml` makes Llama 5 known to
`resolve_license` (CLI `--license`, Slack `license` options), to detection in free text, to model names and
to model cards.

A Llama version written in text that has no pack ("Llama 5", "Llama 3.4") is reported as unknown, never
mapped to another version; model families and licenses that are not Llama's (rules/families.toml) are
reported too, so that callers answer `unclear` instead of judging them under a Llama license.

The packs folder is rules/packs, or the folder named by the environment variable HERDBOOK_PACKS_DIR
(read once, on first use). The registry is cached beside the packs, stamped with every file's size and
modification time (see rules.datafile), so that start-up does not parse seven packs to resolve one id.
"""

from __future__ import annotations

import os
import re

from rules import datafile
from rules.verdict import DataError, Reason, Verdict

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    from rules.verdict import Kind

ENV_PACKS_DIR = "HERDBOOK_PACKS_DIR"
_HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PACKS_DIR = os.path.join(_HERE, "packs")
FAMILIES_FILE = os.path.join(_HERE, "families.toml")

# Bumped when the layout of the cached registry changes.
_FORMAT = 1
_VERSION_KEYS = frozenset({"number", "aliases", "family_names", "text_patterns", "model_patterns",
                           "marks_only_for_notice", "notice_in_card"})
_NUMBER = re.compile(r"^[0-9]{1,2}(?:\.[0-9]{1,2})?$")

_DIR: list[str] = []  # the packs folder, fixed on first use


def packs_dir() -> str:
    """The folder the packs are read from: HERDBOOK_PACKS_DIR, else rules/packs (fixed on first use)."""
    if not _DIR:
        _DIR.append(os.path.abspath(os.environ.get(ENV_PACKS_DIR) or DEFAULT_PACKS_DIR))
    return _DIR[0]


class Version:
    """One known version, as the registry sees it (the full pack is `rules.data.load_pack(id)`)."""

    __slots__ = ("aliases", "family_names", "hf_ids", "id", "model_patterns", "number", "release_iso",
                 "short_name", "text_patterns")
    id: str
    number: str
    short_name: str
    release_iso: str
    hf_ids: tuple[str, ...]
    aliases: tuple[str, ...]
    family_names: tuple[str, ...]
    text_patterns: tuple[str, ...]
    model_patterns: tuple[str, ...]

    def __init__(self, row: tuple[Any, ...]) -> None:
        (self.id, self.number, self.short_name, self.release_iso, hf, al, fam, tp, mp) = row
        self.hf_ids, self.aliases, self.family_names = tuple(hf), tuple(al), tuple(fam)
        self.text_patterns, self.model_patterns = tuple(tp), tuple(mp)

    def __repr__(self) -> str:
        return f"Version(id={self.id!r}, number={self.number!r})"


def _err(path: str, key: str, problem: str) -> DataError:
    return DataError(f"{path}: key {key!r} {problem}")


def _strs(raw: dict[str, Any], key: str, path: str, prefix: str = "version.") -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise _err(path, prefix + key, "must be a list of non-empty strings")
    return value


def _row(path: str) -> tuple[Any, ...]:
    data = datafile.read(path)
    pid = data.get("id")
    stem = os.path.basename(path)[: -len(".toml")]
    if not isinstance(pid, str) or pid != stem:
        raise _err(path, "id", f"must be the file's name {stem!r}, got {pid!r}")
    v = data.get("version")
    if not isinstance(v, dict):
        raise _err(path, "version", "is missing: every pack needs a [version] table (see rules/versions.py)")
    extra = sorted(set(v) - _VERSION_KEYS)
    if extra:
        raise _err(path, "version." + extra[0], "is not a known key (typo?)")
    number = v.get("number")
    if not isinstance(number, str) or not _NUMBER.match(number):
        raise _err(path, "version.number", f"must look like '5' or '3.1', got {number!r}")
    texts = _strs(v, "text_patterns", path)
    models = _strs(v, "model_patterns", path)
    for key, pats in (("text_patterns", texts), ("model_patterns", models)):
        for pat in pats:
            try:
                re.compile(pat)
            except re.error as e:
                raise _err(path, "version." + key, f"has an invalid pattern {pat!r}: {e}") from None
            if key == "text_patterns" and "llama" not in pat:
                raise _err(path, "version.text_patterns", f"pattern {pat!r} must contain the word 'llama'")
    release = data.get("release_date")
    if not (isinstance(release, tuple) and release[0] == datafile.DATE):
        raise _err(path, "release_date", "must be a date (YYYY-MM-DD)")
    short = data.get("short_name")
    if not isinstance(short, str) or not short.strip():
        raise _err(path, "short_name", "must be a non-empty string")
    hf = _strs(data, "hf_ids", path, prefix="")
    aliases = [a.lower() for a in _strs(v, "aliases", path)]
    scancode = data.get("scancode_id")
    if isinstance(scancode, str) and scancode.strip():
        aliases.append(scancode.lower())
    return (pid, number, short, release[1], hf, aliases, _strs(v, "family_names", path), texts, models)


def _scan(folder: str) -> list[tuple[Any, ...]]:
    try:
        files = sorted(f for f in os.listdir(folder) if f.endswith(".toml"))
    except OSError as e:
        raise DataError(f"{folder}: cannot list the packs folder ({e.strerror})") from None
    if not files:
        raise DataError(f"{folder}: no pack files (*.toml)")
    stamp: list[object] = [_FORMAT]
    for f in files:
        st = os.stat(os.path.join(folder, f))
        stamp.append((f, st.st_mtime_ns, st.st_size))
    cache = os.path.join(folder, "versions.registry")
    hit = datafile.cached(cache, tuple(stamp))
    if isinstance(hit, list):
        return hit
    rows = [_row(os.path.join(folder, f)) for f in files]
    rows.sort(key=lambda r: (r[3], r[0]))  # oldest first
    datafile.store(cache, tuple(stamp), rows)
    return rows


class Registry:
    """The known versions (oldest first) and every way of naming them."""

    def __init__(self, folder: str, rows: list[tuple[Any, ...]]) -> None:
        self.folder = folder
        self.versions: tuple[Version, ...] = tuple(Version(r) for r in rows)
        self.ids: tuple[str, ...] = tuple(v.id for v in self.versions)
        self.by_id: dict[str, Version] = {v.id: v for v in self.versions}
        self.by_number: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        for v in self.versions:
            if v.number in self.by_number:
                raise DataError(f"{folder}: packs {self.by_number[v.number]!r} and {v.id!r} both have "
                                f"version.number {v.number!r}")
            self.by_number[v.number] = v.id
        for v in self.versions:
            for alias in (v.id, *(h.lower() for h in v.hf_ids), *v.aliases):
                other = self.aliases.get(alias)
                if other is not None and other != v.id:
                    raise DataError(f"{folder}: alias {alias!r} names both {other!r} and {v.id!r}")
                self.aliases[alias] = v.id
        self._text: re.Pattern[str] | None = None
        self._models: list[tuple[re.Pattern[str], str]] | None = None
        self.quick_words: tuple[str, ...] = ("llama", *sorted({n.lower().split()[0] for v in self.versions
                                                               for n in v.family_names if "llama" not in n.lower()}))
        self.quick_rx = re.compile("|".join(map(re.escape, self.quick_words)))  # any of them, as a substring

    def number_to_id(self, number: str) -> str | None:
        """"3.1" -> "llama-3.1"; "3.0" -> "llama-3"; "5" -> None when no pack has it."""
        hit = self.by_number.get(number)
        if hit is None and "." in number:
            major, minor = number.split(".", 1)
            if not minor.strip("0"):
                hit = self.by_number.get(major)
        return hit

    def hf_ids(self) -> tuple[str, ...]:
        return tuple(h for v in self.versions for h in v.hf_ids)

    def text_regex(self) -> re.Pattern[str]:
        """Every way a version is named in free text (lower case, "-"/"_" between letters as spaces)."""
        if self._text is None:
            parts: list[str] = []
            for i, v in enumerate(self.versions):
                alts = list(v.text_patterns)
                alts += [re.escape(n.lower()).replace(r"\ ", " ?") for n in v.family_names]
                if alts:
                    parts.append(rf"\b(?P<v{i}>{'|'.join(f'(?:{a})' for a in alts)})\b")
            # "Llama 5", "Meta Llama 3.1", "llama v2", "llama version 3 point 2": any number, known or not.
            parts.append(r"\b(?:meta )?llama ?(?:v(?:ersion)? ?)?(?P<num>[0-9]{1,2}(?:(?:\.| point )[0-9]{1,2})?)"
                         r"(?![\d.]*\d)")
            self._text = re.compile("|".join(parts))
        return self._text

    def model_regexes(self) -> list[tuple[re.Pattern[str], str]]:
        if self._models is None:
            self._models = [(re.compile(p), v.id) for v in self.versions for p in v.model_patterns]
        return self._models


_REGISTRY: list[Registry] = []


def registry() -> Registry:
    """The registry of the packs folder (built once per process)."""
    if not _REGISTRY:
        folder = packs_dir()
        _REGISTRY.append(Registry(folder, _scan(folder)))
    return _REGISTRY[0]


def load_registry(folder: str | os.PathLike[str]) -> Registry:
    """The registry of another packs folder (not cached; for tools and tests)."""
    path = os.path.abspath(os.fspath(folder))
    return Registry(path, _scan(path))


# ---------------------------------------------------------------- versions named in text

_SIZE_AFTER = re.compile(r" ?(?:b|m|k|bn|billion|million)\b")
_JOINED = re.compile(r"(?<=\w)[-_](?=\w)")
_UNDERSCORED = re.compile(r"(?<=\w)_(?=\w)")


def mentions(text: str, reg: Registry | None = None) -> list[tuple[str | None, str]]:
    """(pack id or None, how it was written) for each Llama version named in `text`, in order of first mention.

    None marks a version with no pack ("Llama 5", "Llama 3.4"): callers must not judge it under another."""
    reg = reg or registry()
    low = text.lower()
    if not low.isascii():  # "라마 3.1", "ラマ 2": the marks spelled in other scripts (rules/marks.toml)
        from rules.names import transliterate

        low = transliterate(low).lower()
    if reg.quick_rx.search(low) is None:
        return []
    t = _JOINED.sub(" ", low)
    found: list[tuple[str | None, str]] = []
    seen: set[str] = set()
    for m in reg.text_regex().finditer(t):
        num = m.group("num")
        label: str
        if num is not None:
            num = num.replace(" point ", ".")
            pid = reg.number_to_id(num)
            if pid is None and _SIZE_AFTER.match(t, m.end()):
                continue  # "llama 8b", "llama 70 b": a parameter count, not a version
            label = reg.by_id[pid].short_name if pid else f"Llama {num}"
        else:
            i = int((m.lastgroup or "v0")[1:])
            pid = reg.versions[i].id
            label = reg.versions[i].short_name
        key = pid or label
        if key not in seen:
            seen.add(key)
            found.append((pid, label))
    return found


def version_from_model_name(name: str, reg: Registry | None = None) -> tuple[str | None, str | None]:
    """(pack id, unknown label) for a Hugging Face model name without its owner, lower case:
    'llama-3.1-8b-instruct' -> ('llama-3.1', None); 'llama-5-8b' -> (None, 'Llama 5'); 'mistral-7b' -> (None, None)."""
    reg = reg or registry()
    for rx, special in reg.model_regexes():
        if rx.search(name):
            return special, None
    m = _LINEAGE.search(name)
    if m:
        num = m.group(1) + (f".{m.group(2)}" if m.group(2) else "")
        pid = reg.number_to_id(num)
        return (pid, None) if pid else (None, f"Llama {num}")
    return None, None


_LINEAGE = re.compile(r"(?<![a-z])(?:meta[-_]?)?(?:code)?llama[-_ ]?(?:guard[-_ ]?)?v?([0-9]{1,2})(?:[._]([0-9]{1,2}))?"
                      r"(?![0-9])(?![bmk](?![a-z]))")


# ---------------------------------------------------------------- families and licenses that are not Llama


class _Families:
    def __init__(self, path: str) -> None:
        data = datafile.read(path)
        msgs = data.get("messages")
        if not isinstance(msgs, dict):
            raise _err(path, "messages", "is missing")
        for key in ("clause", "unknown_version", "other_family"):
            if not isinstance(msgs.get(key), str) or not msgs[key].strip():
                raise _err(path, "messages." + key, "must be a non-empty string")
        self.clause: str = msgs["clause"]
        self.unknown_version: str = msgs["unknown_version"]
        self.other_family: str = msgs["other_family"]
        # "is Mixtral under the same rules as Llama": Llama named only to compare another model with it.
        cmp = data.get("comparison", {})
        if not isinstance(cmp, dict) or set(cmp) - {"llama"}:
            raise _err(path, "comparison", "must be a table with only the key `llama`")
        cmp_pats = _strs(cmp, "llama", path, prefix="comparison.") if cmp else []
        try:
            self.compared: re.Pattern[str] | None = re.compile("|".join(f"(?:{p})" for p in cmp_pats)) if cmp_pats else None
        except re.error as e:
            raise _err(path, "comparison.llama", f"has an invalid pattern: {e}") from None
        self.names: list[str] = []
        self.kinds: list[str] = []
        parts: list[str] = []
        # Literal words every pattern starts with: a text with none of them skips the regex (most texts).
        words: set[str] | None = set()
        fams = data.get("family")
        if not isinstance(fams, list) or not fams:
            raise _err(path, "family", "must be a list of [[family]] tables")
        for i, fam in enumerate(fams):
            if not isinstance(fam, dict) or not isinstance(fam.get("name"), str):
                raise _err(path, f"family[{i}].name", "must be a string")
            extra = sorted(set(fam) - {"name", "kind", "patterns"})
            if extra:
                raise _err(path, f"family[{i}].{extra[0]}", "is not a known key (typo?)")
            if fam.get("kind") not in ("model", "license", "vendor"):
                raise _err(path, f"family[{i}].kind", "must be 'model', 'license' or 'vendor'")
            pats = _strs(fam, "patterns", path, prefix=f"family[{i}].")
            if not pats:
                raise _err(path, f"family[{i}].patterns", "must not be empty")
            for p in pats:
                try:
                    re.compile(p)
                except re.error as e:
                    raise _err(path, f"family[{i}].patterns", f"has an invalid pattern {p!r}: {e}") from None
            parts.append(rf"(?P<f{i}>\b(?:{'|'.join(f'(?:{p})' for p in pats)})\b)")
            for p in pats:
                lead = re.match(r"[a-z0-9]+", p)
                if lead is None or words is None:
                    words = None
                else:
                    words.add(lead.group())
            self.names.append(fam["name"])
            self.kinds.append(fam["kind"])
        self.regex = re.compile("|".join(parts))
        self.words: tuple[str, ...] | None = tuple(sorted(words)) if words is not None else None
        # One C-speed substring scan for all the words (the same test as `any(w in low for w in words)`).
        self.words_rx = (re.compile("|".join(map(re.escape, self.words)) or "(?!)") if self.words is not None
                         else None)

    def found(self, text: str) -> list[str]:
        low = text.lower()
        if self.words_rx is not None and self.words_rx.search(low) is None:
            return []
        t = _UNDERSCORED.sub(" ", low)
        out: list[str] = []
        for m in self.regex.finditer(t):
            if _LIKE_AFTER.match(t, m.end()) or _LIKE_BEFORE.search(t, 0, m.start()):
                continue  # "a ChatGPT-like assistant", "something like Gemini": a comparison, not the model
            name = self.names[int((m.lastgroup or "f0")[1:])]
            if name not in out:
                out.append(name)
        return out


_LIKE_AFTER = re.compile(r"[- ]?(?:like|style|esque|clone|type)\b")
_LIKE_BEFORE = re.compile(r"\b(?:like|similar to|than|alternative to|instead of|rather than|replace|replacing) $")
_FAMILIES: list[_Families] = []


def families() -> _Families:
    if not _FAMILIES:
        _FAMILIES.append(_Families(FAMILIES_FILE))
    return _FAMILIES[0]


def other_vendors(text: str) -> list[str]:
    """Names of the other vendors (whose output terms apply: OpenAI, Anthropic, Google ...) named in `text`."""
    fam = families()
    return [n for n in fam.found(text) if fam.kinds[fam.names.index(n)] == "vendor"]


def other_families(text: str) -> list[str]:
    """Names of the non-Llama model families, vendors and licenses named in `text` (rules/families.toml)."""
    return families().found(text)


def known_ids(reg: Registry | None = None) -> str:
    """"llama-1, llama-2, ... (or the Hugging Face ids llama2, ...)": what a user may send."""
    reg = reg or registry()
    hf = reg.hf_ids()
    return ", ".join(reg.ids) + (f" (or the Hugging Face ids {', '.join(hf)})" if hf else "")


_known = known_ids


def unknown_version_message(label: str, reg: Registry | None = None) -> str:
    reg = reg or registry()
    return families().unknown_version.format(name=label, known=_known(reg))


def other_family_message(names: list[str], reg: Registry | None = None) -> str:
    reg = reg or registry()
    return families().other_family.format(name=" and ".join(names), known=", ".join(reg.ids))


def out_of_scope(text: str, *, named: list[tuple[str | None, str]] | None = None) -> tuple[str, str] | None:
    """(rule id, message) when `text` must get `unclear`: it names a Llama version with no pack, or it names
    only models, vendors or licenses that are not Llama's (no Llama version and no Llama mark in it)."""
    named = mentions(text) if named is None else named
    unknown = [label for pid, label in named if pid is None]
    if unknown:
        return "version.unknown", unknown_version_message(" and ".join(unknown))
    if named:
        return None
    others = other_families(text)
    if others and "llama" in (low := text.lower()):
        # Llama named only to compare another model with it ("is Mixtral under the same rules as Llama?"): the
        # question is about the other model, which no Llama pack judges.
        compared = families().compared
        if compared is None or not compared.search(low) or "llama" in compared.sub(" ", low):
            return None
    if others:
        return "version.other_family", other_family_message(others)
    return None


def families_clause() -> str:
    return families().clause


def scope_verdict(text: str, *, kind: Kind, license: str, policy: str,
                  named: list[tuple[str | None, str]] | None = None) -> Verdict | None:
    """An `unclear` verdict when `text` is out of Herdbook's scope (see out_of_scope), else None.

    `ask` calls it before routing; `use` and any other free-text check should call it first too."""
    scope = out_of_scope(text, named=named)
    if scope is None:
        return None
    from rules.data import resolve_policy

    rule, message = scope
    note = ("not judged: a Llama version with no license pack" if rule == "version.unknown"
            else "not judged: the text names models or licenses that are not Llama's, and no Llama version")
    return Verdict(kind=kind, verdict="unclear", license=license, policy=resolve_policy(policy),
                   reasons=(Reason(rule, families_clause(), "license", message),), notes=(note,))
