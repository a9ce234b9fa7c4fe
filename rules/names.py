"""Model names: normalise first (NFKC, invisible characters, look-alike letters), then judge.

Llama 1 and 2 have no naming duty in the license; the guide's naming guidance decides (own brand
first, Llama only as a descriptor, never Meta's mark). From Llama 3 on, the license requires the name
of a distributed derivative to BEGIN with "Llama 3" (3.0) or "Llama" (3.1+): that duty wins over the
guide, whose advice would break it (LICENSES.md §3, §5, §8 #8). Meta's own name is never licensed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rules.data import Pack, Policy, load_pack, load_policy
from rules.record import Record
from rules.verdict import LABELS, SEVERITY, EmptyInputError, Reason, Verdict

# Non-Latin letters that look like Latin ones (Unicode confusables, the ones that matter for
# "Llama" and "Meta"). NFKC already folds full-width forms, ℓ and roman numerals.
_LOOKALIKES = str.maketrans({
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ɩ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ӏ": "I",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "α": "a", "ο": "o", "ι": "i", "κ": "k", "ν": "v", "ρ": "p",
    "τ": "t", "υ": "u", "ϲ": "c", "ϳ": "j",
    # Latin and symbol look-alikes
    "ı": "i", "ǀ": "l", "Ɩ": "l", "ł": "l", "Ł": "L", "∣": "|", "ǃ": "!",
})
# Characters that render as nothing (or as a blank) and hide inside a name.
_BLANKS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}
_WS = re.compile(r"\s+")
_KANA_VOICING = "\u3099\u309a"  # combining (han)dakuten: part of the kana letter (プ), not an accent
_QUOTES = "\"'“”‘’`«»「」『』"


class _Value(Record):
    """A record whose key tuple and hash are computed once, in its __init__ (`_freeze`): _Features is an
    lru_cache key, so equality and hashing run on every name check and must not rebuild the tuple."""

    __slots__ = ("_h", "_k")
    _private = ("_h", "_k")
    _k: tuple[object, ...]
    _h: int

    def _freeze(self, key: tuple[object, ...]) -> None:
        object.__setattr__(self, "_k", key)
        object.__setattr__(self, "_h", hash(key))

    def _key(self) -> tuple[object, ...]:
        return self._k

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._k == other._k  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return self._h

    def __reduce__(self) -> tuple[object, ...]:
        return (_thaw, (type(self), self.__match_args__, self._k))


def _thaw(cls: type[_Value], names: tuple[str, ...], key: tuple[object, ...]) -> _Value:
    obj = cls.__new__(cls)
    for name, value in zip(names, key, strict=True):
        object.__setattr__(obj, name, value)
    obj._freeze(key)
    return obj


class Normalised(_Value):
    __match_args__ = ("text", "changed", "lookalike", "plain")
    __slots__ = __match_args__
    text: str  # what the rules read
    changed: bool  # differs from the input beyond trimming
    lookalike: bool  # a non-Latin look-alike letter was replaced
    plain: str  # like text, but with look-alike letters left as they were

    def __init__(self, text: str, changed: bool, lookalike: bool, plain: str) -> None:
        _set = object.__setattr__
        _set(self, "text", text)
        _set(self, "changed", changed)
        _set(self, "lookalike", lookalike)
        _set(self, "plain", plain)
        self._freeze((text, changed, lookalike, plain))


_MARKS_FILE = "marks.toml"
_TRANSLIT: list[tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]] = []


def _transliterations() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(a run of mark spellings standing as a word, one spelling, spelling -> Latin mark), from rules/marks.toml."""
    if not _TRANSLIT:
        import os

        from rules import datafile
        from rules.verdict import DataError

        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), _MARKS_FILE)
        marks = datafile.read(path).get("marks")
        if not isinstance(marks, dict) or not marks:
            raise DataError(f"{path}: key 'marks' must be a table of mark = [spellings]")
        table: dict[str, str] = {}
        for mark, spellings in marks.items():
            if not isinstance(spellings, list) or not all(isinstance(x, str) and x.strip() for x in spellings):
                raise DataError(f"{path}: key 'marks.{mark}' must be a list of non-empty strings")
            for sp in spellings:
                table[unicodedata.normalize("NFC", sp).lower()] = mark
        one = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
        # Not touching a letter of another script (Korean "drama" ends in the Hangul "Llama"): a non-ASCII letter is [^\W\d_] minus ASCII.
        other = r"(?:(?![A-Za-z])[^\W\d_])"
        run = re.compile(rf"(?<!{other})(?:{one})+(?!{other})", re.IGNORECASE)
        _TRANSLIT.append((run, re.compile(one, re.IGNORECASE), table))
    return _TRANSLIT[0]


def transliterate(text: str) -> str:
    """Spellings of the marks in other scripts (Hangul, katakana, Cyrillic...) -> "Llama" / "Meta"."""
    run, one, table = _transliterations()
    return run.sub(lambda m: one.sub(lambda p: table[p.group().lower()], m.group()), text)


@functools.lru_cache(maxsize=8192)
def normalise_name(name: str) -> Normalised:
    """NFKC (full-width forms), invisible and format characters removed, accents dropped, Cyrillic and
    Greek look-alikes mapped to Latin, whitespace collapsed, surrounding quotes trimmed."""
    raw = name.strip().strip(_QUOTES).strip()
    if raw.isascii():
        text = _WS.sub(" ", raw)
        return Normalised(text, text != raw, False, text)
    s = unicodedata.normalize("NFKC", raw)
    out = []
    for ch in unicodedata.normalize("NFD", s):
        cat = unicodedata.category(ch)
        if (cat in ("Cf", "Mn", "Me", "Cc") and not ch.isspace() and ch not in _KANA_VOICING) or ch in _BLANKS:
            continue  # zero-width spaces, joiners, BOM, soft hyphen, combining accents, fillers
        out.append(ch)
    plain = _WS.sub(" ", unicodedata.normalize("NFC", "".join(out))).strip().strip(_QUOTES).strip()
    text = transliterate(plain).translate(_LOOKALIKES)
    return Normalised(text, text != raw, text != plain, plain)


# The Llama mark, tolerating look-alikes: capital I, digit 1 or | for l; 4 or @ for a; "rn" for m.
_L, _A, _M = r"[lLI1|]", r"[aA4@]", r"(?:[mM]|rn)"
_MARK = re.compile(rf"{_L}{_L}{_A}{_M}{_A}")
# A version right after the mark ("Llama 2", "Llama-3.1", "Llama3", "llama_3_3"), not a size ("Llama-8B").
_VERSION = re.compile(r"[\s\-_]?v?([0-9]{1,2}(?:[._][0-9])?)(?![0-9]|[._][0-9]|[bBmMkK](?![a-z])|x[0-9])")
# Meta's marks: "Meta" as its own word (not inside MetaMath), or joined to the Llama mark ("MetaLlama").
_META = re.compile(
    rf"(?<![A-Za-z])(?:[mM][eE3][tT]{_A}(?:(?![A-Za-z])|(?=ai(?![a-z]))|(?=[\s\-_.]*{_L}{_L}{_A}{_M}{_A}))"
    r"|(?:facebook|instagram|whatsapp)(?![a-z]))"
    # ... or joined after the Llama mark: "LlamaMeta-8B"
    r"|(?<=[lL][aA4@][mM][aA4@])[mM][eE3][tT][aA4@](?![a-z])",
    re.IGNORECASE,
)
_SEPS = " -_./:,()[]{}—–·|+"


class _Mark:
    __slots__ = ("end", "fused_after", "fused_before", "literal", "start", "version")
    start: int
    end: int  # end of the mark and its version, if any
    literal: bool  # spelled l-l-a-m-a (any case), no look-alike glyphs
    version: str | None
    fused_before: bool  # a letter right before: "KoLlama2"
    fused_after: bool  # a letter right after: "Llamafied"

    def __init__(self, start: int, end: int, literal: bool, version: str | None, fused_before: bool,
                 fused_after: bool) -> None:
        self.start, self.end, self.literal, self.version = start, end, literal, version
        self.fused_before, self.fused_after = fused_before, fused_after


# A same-length "skeleton" for a fast scan: lower case, with I/1/| as l and 4/@ as a (str.translate and
# str.find run in C; the regex below is only needed for the rare "rn"-for-"m" spelling).
_SKELETON = str.maketrans({**{chr(c): chr(c + 32) for c in range(65, 91)}, "I": "l", "1": "l", "|": "l",
                           "4": "a", "@": "a"})


def _mark_starts(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, literal) of every Llama mark, look-alikes included."""
    sk = text.translate(_SKELETON)
    if "rn" in sk:
        return [(m.start(), m.end(), m.group().lower() == "llama") for m in _MARK.finditer(text)]
    out = []
    i = sk.find("llama")
    while i >= 0:
        out.append((i, i + 5, text[i:i + 5].lower() == "llama"))
        i = sk.find("llama", i + 5)
    if not out and "a" in sk:
        # Letters spaced out to dodge a check: "L l a m a 2", "L.L.A.M.A-2".
        out = [(m.start(), m.end(), False) for m in _SPACED.finditer(sk)]
    return out


_SPACED = re.compile(r"l([ .\-_·*])l\1a\1m\1a")


def _marks(text: str) -> list[_Mark]:
    out = []
    for start, mend, literal in _mark_starts(text):
        end = mend
        v = _VERSION.match(text, mend)
        version = v.group(1).replace("_", ".") if v else None
        if v:
            end = v.end()
        before = text[start - 1] if start else ""
        after = text[mend] if mend < len(text) else ""
        out.append(_Mark(start, end, literal, version, before.isalpha(), after.isalpha() and not v))
    return out


_META_HINTS = ("met", "m3t", "facebook", "instagram", "whatsapp")
_META_HINT = re.compile("|".join(_META_HINTS))  # one C-speed scan for any of them


# Meta's letters spaced, dotted or interleaved to dodge the check: "M e t a", "M.E.T.A", "m-e_t*a".
_META_SPACED = re.compile(r"(?<![A-Za-z])[mM][\s.\-_·*/|:,+]{1,3}[eE3][\s.\-_·*/|:,+]{1,3}[tT][\s.\-_·*/|:,+]{1,3}"
                          r"[aA4@](?![A-Za-z])")


_DROP_SEPS = str.maketrans("", "", " \t.-_·*/|:,+")


def _has_meta(text: str) -> bool:
    low = text.lower()
    if _META_HINT.search(low) is not None and _META.search(text) is not None:
        return True
    squeezed = low.translate(_DROP_SEPS)  # C-speed prefilter: the letters must be there once separators go
    return ("met" in squeezed or "m3t" in squeezed) and _META_SPACED.search(text) is not None


def _strip_marks(text: str, marks: list[_Mark]) -> str:
    """The name without the Llama mark (and its version) and without Meta's marks: the owner's brand."""
    for mk in reversed(marks):
        end = mk.end
        while mk.fused_after and end < len(text) and text[end].isalpha():
            end += 1  # "Llamafied-Phi": the whole word goes, not a stump ("fied")
        text = text[: mk.start] + " " + text[end:]
    if _GENERIC_LEAD.match(text.lstrip()):
        text = _GENERIC_LEAD.sub("", text.lstrip(), count=1)
    if _has_meta(text):
        text = _META_SPACED.sub(" ", _META.sub(" ", text))
    if "(" in text:
        text = _EMPTY_DESCRIPTOR.sub(" ", text)
    text = text.strip(_SEPS + " ")
    if " " in text:
        text = _TRAILING_DESCRIPTOR.sub(" ", text)
    return "-".join(w for w in _WORD_SPLIT.split(text) if w)


_EMPTY_DESCRIPTOR = re.compile(r"\((?:\s*(?:based on|built with|from|on)\s*)\)", re.IGNORECASE)
_TRAILING_DESCRIPTOR = re.compile(r"\b(?:based on|built with)\s*$", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[\s\-_/()\[\]{}—–·|:,+]+")


# ---------------------------------------------------------------- the two ways of judging


class _Finding:
    __slots__ = ("note", "outcome", "reason")

    def __init__(self, outcome: str, reason: Reason, note: str | None = None) -> None:
        self.outcome, self.reason, self.note = outcome, reason, note


class _Features(_Value):
    """What the rules look at in a normalised name; verdicts are cached per (features, pack, policy)."""

    __match_args__ = ("meta", "lead", "lead_plain", "lead_version", "fused", "marked", "exact_llama",
                      "exact_llama3", "generic_lead")
    __slots__ = __match_args__
    meta: bool  # Meta's mark
    lead: bool  # the Llama mark starts the name
    lead_plain: bool  # ... spelled with plain letters (no look-alikes)
    lead_version: str | None  # the version right after a leading mark ("3", "3.1")
    fused: bool  # the mark fused into another word ("KoLlama2", "Llamafied")
    marked: bool  # the mark appears anywhere
    exact_llama: bool  # starts with "Llama" exactly
    exact_llama3: bool  # starts with "Llama 3", not followed by more version digits
    generic_lead: bool  # only generic words before the mark ("The Llama 2 Assistant", "Official Llama 2")

    def __init__(self, *, meta: bool, lead: bool, lead_plain: bool, lead_version: str | None, fused: bool,
                 marked: bool, exact_llama: bool, exact_llama3: bool, generic_lead: bool = False) -> None:
        _set = object.__setattr__
        _set(self, "meta", meta)
        _set(self, "lead", lead)
        _set(self, "lead_plain", lead_plain)
        _set(self, "lead_version", lead_version)
        _set(self, "fused", fused)
        _set(self, "marked", marked)
        _set(self, "exact_llama", exact_llama)
        _set(self, "exact_llama3", exact_llama3)
        _set(self, "generic_lead", generic_lead)
        self._freeze((meta, lead, lead_plain, lead_version, fused, marked, exact_llama, exact_llama3, generic_lead))


_FeatureKey = tuple[bool, bool, bool, "str | None", bool, bool, bool, bool, bool]


def _features(text: str, plain: str) -> _FeatureKey:
    """The values of a _Features, in its field order: a plain tuple is the `_decide` cache key (building the record
    itself on every name cost as much as the rest of the check; `_decide` builds it only on a cache miss)."""
    marks = _marks(text)
    first = marks[0] if marks and marks[0].start == 0 else None
    return (
        _has_meta(text),  # meta
        first is not None,  # lead
        first is not None and first.literal and plain.lower().startswith("llama"),  # lead_plain
        first.version if first else None,  # lead_version
        any(mk.fused_before or mk.fused_after for mk in marks),  # fused
        bool(marks),  # marked
        text.startswith("Llama"),  # exact_llama
        text.startswith("Llama 3") and not _MORE_DIGITS.match(text, 7),  # exact_llama3
        # generic_lead: no brand of the owner's own before the mark: the mark is the product's name all the same.
        first is None and bool(marks) and marks[0].start > 0
        and _GENERIC_LEAD.fullmatch(text, 0, marks[0].start) is not None,
    )


# Words that are not a brand: "The", "Official", "New"... before the mark still leave it leading the name.
_GENERIC_LEAD = re.compile(r"(?:(?:the|a|an|official|new|original|real|genuine|authentic|certified|my|our|your|"
                           r"meta'?s)[\s\-_.]+)+", re.IGNORECASE)


_MORE_DIGITS = re.compile(r"[0-9]|[._][0-9]")


def _guide_style(f: _Features, *, pack: Pack, policy: Policy | None) -> _Finding:
    """Llama 1/2: the guide's naming guidance (policy) or, with policy None, what the license text says."""
    if policy is not None and policy.naming is not None:
        n = policy.naming
        if f.meta:
            return _Finding("prohibited", Reason("naming.meta", n.trademark_clause, "policy", n.meta_message))
        if f.lead or f.generic_lead:
            return _Finding("prohibited", Reason("naming.lead", n.clause, "policy", n.lead_message))
        if f.fused:
            return _Finding("review", Reason("naming.fused", n.clause, "policy", n.fused_message))
        if f.marked:
            return _Finding("allowed", Reason("naming.descriptor", n.clause, "policy", n.descriptor_message))
        return _Finding("allowed", Reason("naming.no_mark", n.trademark_clause, "policy", n.no_mark_message))
    clause = pack.trademark_clause
    if f.meta:
        return _Finding("prohibited", Reason("naming.meta", clause, "license",
                        f"No trademark license is granted: {pack.trademark_grant} A third party's model name may not "
                        "use Meta's name or marks."))
    strict = pack.marks_only_for_notice  # LLaMA §9: Meta's names only as needed for the attribution notice
    if f.lead or f.generic_lead:
        return _Finding("prohibited" if strict else "review", Reason("naming.lead", clause, "license",
                        f"{pack.short_name} has no naming rule, but no trademark license either ({clause}); leading a "
                        "product name with the Llama mark goes beyond describing the model, so it needs review."
                        if not strict else "The LLaMA license grants no trademark license (§9): Meta's names may be "
                        "used only as needed for the attribution notice, not to lead a model name."))
    if f.fused:
        return _Finding("review", Reason("naming.fused", clause, "license",
                        f"The Llama mark is fused into another word; {pack.short_name} grants no trademark license "
                        f"({clause}), so this needs review."))
    if f.marked:
        if strict:
            return _Finding("review", Reason("naming.descriptor", clause, "license",
                            "The LLaMA license allows Meta's names only as needed for the attribution notice (§9); "
                            "a descriptor such as \"based on LLaMA\" is close to that, but needs review."))
        return _Finding("allowed", Reason("naming.descriptor", clause, "license",
                        f"{pack.short_name} has no naming rule; naming the model you build on as a descriptor is "
                        f"reasonable and customary use in describing it ({clause})."))
    return _Finding("allowed", Reason("naming.no_mark", clause, "license",
                    f"{pack.short_name} has no naming rule and the name does not use Meta's names or marks."))


def _prefix_style(f: _Features, *, pack: Pack) -> _Finding:
    """Llama 3+: the license's name-prefix duty (§1.b.i) and the narrow trademark grant (§5.a)."""
    prefix = pack.name_prefix or ""
    clause = pack.name_prefix_clause or "license §1.b.i"
    if f.meta:
        return _Finding("prohibited", Reason("naming.meta", pack.trademark_clause, "license",
                        f"{pack.short_name} licenses only the word \"{prefix}\" for the naming requirement; a third "
                        "party may never use Meta's name or marks in a model name."))
    want_version = prefix.split(" ", 1)[1] if " " in prefix else None
    if not f.lead or (want_version is not None and f.lead_version != want_version):
        if f.lead:
            msg = (f"The name begins with the Llama mark but not with \"{prefix}\"; {pack.short_name} requires "
                   f"\"{prefix}\" at the beginning of a distributed model's name.")
        elif f.marked:
            msg = (f"{pack.short_name} requires the name of a distributed model built with it to begin with "
                   f"\"{prefix}\"; here the mark comes later, so the guide-style name fails the license.")
        else:
            msg = (f"{pack.short_name} requires the name of a distributed model built with it"
                   f"{' or with its outputs' if pack.prefix_covers_outputs else ''} to begin with \"{prefix}\".")
        return _Finding("prohibited", Reason("naming.prefix", clause, "license", msg))
    if not f.lead_plain:
        return _Finding("review", Reason("naming.prefix", clause, "license",
                        f"The name begins with a look-alike of \"{prefix}\" (substituted characters), which does not "
                        f"literally meet {clause}; write the prefix with plain letters."))
    if f.exact_llama3 if want_version else f.exact_llama:
        return _Finding("allowed", Reason("naming.prefix", clause, "license",
                        f"The name begins with \"{prefix}\", as {clause} requires for a distributed model."))
    return _Finding("allowed", Reason("naming.prefix", clause, "license",
                    f"The name begins with \"{prefix}\" on a lenient reading (case, or -, _ or nothing between "
                    f"\"Llama\" and the version). Whether that complies is not settled; the display name "
                    f"\"{prefix} …\" with a space is the safe form."), note="lenient")


@functools.lru_cache(maxsize=4096)
def _decide(key: _FeatureKey, pack_id: str, policy_id: str) -> tuple[str, tuple[Reason, ...], bool]:
    """Outcome, reasons and whether the prefix passed only leniently: depends on the features only."""
    meta, lead, lead_plain, lead_version, fused, marked, exact_llama, exact_llama3, generic_lead = key
    f = _Features(meta=meta, lead=lead, lead_plain=lead_plain, lead_version=lead_version, fused=fused, marked=marked,
                  exact_llama=exact_llama, exact_llama3=exact_llama3, generic_lead=generic_lead)
    pack, policy = load_pack(pack_id), load_policy(policy_id)
    reasons: list[Reason] = []
    lenient = False
    if pack.name_prefix:
        lic = _prefix_style(f, pack=pack)
        outcome, lenient = lic.outcome, lic.note == "lenient"
        reasons.append(lic.reason)
        if policy.layers_guide and policy.naming is not None and not f.meta:
            g = _guide_style(f, pack=pack, policy=policy)
            if g.outcome != outcome:
                reasons.append(Reason("naming.guide_conflict", policy.naming.clause, "policy",
                               f"The guide's naming advice (written for Llama 2) would say {LABELS[g.outcome]}; for "
                               f"{pack.short_name} the license's prefix duty wins, because following the guide "
                               "would break the license."))
    elif policy.layers_guide and policy.naming is not None and pack.id in policy.naming.applies_to:
        g = _guide_style(f, pack=pack, policy=policy)
        lic = _guide_style(f, pack=pack, policy=None)
        outcome = max(g.outcome, lic.outcome, key=SEVERITY.__getitem__)
        if g.outcome == lic.outcome:
            reasons += [g.reason, lic.reason]
        elif SEVERITY[g.outcome] > SEVERITY[lic.outcome]:
            r = g.reason
            reasons.append(Reason(r.rule, r.clause, r.source, f"{r.message} This is stricter than the license text, "
                                  f"which alone would say {LABELS[lic.outcome]}."))
            reasons.append(lic.reason)
        else:
            reasons += [lic.reason, g.reason]
    else:
        lic = _guide_style(f, pack=pack, policy=None)
        outcome = lic.outcome
        reasons.append(lic.reason)
    if f.lead and not f.lead_plain and not pack.name_prefix:
        reasons.append(Reason("naming.lookalike", reasons[0].clause, reasons[0].source,
                              "The Llama mark is written with look-alike characters; it is judged as the mark."))
    return outcome, tuple(reasons), lenient


# ---------------------------------------------------------------- suggestions


def _suggest(text: str, marks: list[_Mark], *, pack: Pack, policy: Policy, lenient_input: bool = False,
             original: str = "") -> tuple[str, ...]:
    """1-3 names that pass under the same version and policy (each is checked before it is offered)."""
    brand = _strip_marks(text, marks)
    out: list[str] = []
    if pack.name_prefix:
        p = pack.name_prefix
        rest = brand or "Custom"
        first = marks[0] if marks and marks[0].start == 0 else None
        if first is not None and " " not in p:
            # 3.1+, a lenient "llama-3.1-x": only the spelling of the mark changes ("Llama-3.1-x").
            out.append(p + text[first.start + 5:])
        out += [f"{p} {rest}", f"{p.replace(' ', '-')}-{rest}"]
        versions = [mk.version for mk in marks if mk.version]
        if " " not in p and versions:  # 3.1+: keep the version the owner wrote ("Llama 3.1 Atlas-8B")
            out.insert(len(out) - 1, f"{p} {versions[0]} {rest}")
    elif pack.marks_only_for_notice:
        # LLaMA §9 licenses no use of Meta's names beyond the attribution notice: a name without the mark.
        out = [brand or "MyModel", f"{brand or 'MyModel'}-Research"]
    else:
        ver = pack.number
        rest = brand or "MyModel"
        out = [f"{rest} (based on Llama {ver})", f"{rest}-Llama{ver}"]
    strict: list[str] = []
    lenient: list[str] = []
    for cand in dict.fromkeys(out):
        if cand == original:
            continue
        # Candidates are built from normalised text, so their features can be read directly.
        outcome, _, is_lenient = _decide(_features(cand, cand), pack.id, policy.id)
        if outcome == "allowed":
            (lenient if is_lenient else strict).append(cand)
    # The strict display form first; a lenient (hyphenated) form only when the input was not one already.
    good = strict + ([] if lenient_input else lenient)
    return tuple(good[:3])


# ---------------------------------------------------------------- the check


_META_OWNERS = frozenset({"meta-llama", "facebook", "facebookresearch", "meta"})
LENIENT_NOTE = "lenient prefix reading: the strict display name has a space (see suggestions)"
_OWNER = re.compile(r"^[A-Za-z0-9][\w.\-]*/(?=\S)")


def _model_part(norm: Normalised) -> tuple[str, str, str | None]:
    """(text, plain, owner): an "owner/name" repo id is judged by its name part."""
    text, plain = norm.text, norm.plain
    owner = _OWNER.match(text)
    if owner and " " not in text:
        return text[owner.end():], plain[owner.end():], owner.group()[:-1]
    return text, plain, None


@functools.lru_cache(maxsize=16384)
def _judge(name: str, pack_id: str, policy_id: str) -> tuple[str, tuple[Reason, ...], tuple[str, ...]]:
    norm = normalise_name(name)
    text, plain, owner = _model_part(norm)
    notes: list[str] = []
    if owner:
        notes.append(f"judged the model name {text!r} without the owner {owner!r}")
    if norm.changed or norm.lookalike:
        notes.append(f"read as {text!r} after normalising look-alike and invisible characters")
    if owner is not None and owner.lower() in _META_OWNERS:
        # Meta's own repositories (LICENSES.md §9 "N/A (Meta)"): the naming duties bind licensees, not Meta.
        pack = load_pack(pack_id)
        return "allowed", (Reason("naming.meta_own", pack.trademark_clause, "license",
                                  f"{owner}/ is Meta's own organisation; the license's naming and trademark limits "
                                  "bind licensees, not Meta. A re-upload under another owner is judged as a "
                                  "third party's name."),), tuple(notes)
    outcome, reasons, lenient = _decide(_features(text, plain), pack_id, policy_id)
    if lenient:
        notes.append(LENIENT_NOTE)
    return outcome, reasons, tuple(notes)


def check_name(name: str, *, license: str = "llama-2", policy: str = "guide") -> Verdict:
    """`llama-check name NAME`: is this a compliant name for a model built on `license`?"""
    if not isinstance(name, str) or not normalise_name(name).text:
        raise EmptyInputError(f"Empty model name {name!r}: send the name you plan to publish, for example "
                              "'CustomLLM-Llama2-7B' or 'Llama 3 Swallow 8B'.")
    pack, pol = load_pack(license), load_policy(policy)
    outcome, reasons, notes = _judge(name, pack.id, pol.id)
    suggestions: tuple[str, ...] = ()
    lenient = LENIENT_NOTE in notes
    if outcome != "allowed" or lenient:
        text = _model_part(normalise_name(name))[0]
        suggestions = _suggest(text, _marks(text), pack=pack, policy=pol, lenient_input=lenient,
                               original=name.strip())
        if not suggestions and outcome == "prohibited":  # never leave a prohibited name without a way out
            suggestions = _suggest("", [], pack=pack, policy=pol)
    return Verdict(kind="name", verdict=outcome, license=pack.id, policy=pol.id,  # type: ignore[arg-type]
                   reasons=reasons, suggestions=suggestions, notes=notes)
