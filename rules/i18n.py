"""Messages as data: rules/locales/<lang>.toml keyed by message id, and a verdict rendered in a language.

    text("label.allowed", "ko") -> "허용"
    render(verdict, "ko")       -> the human answer of `llama-check --lang ko`
    count(690_000_000, "ko")    -> "6억 9,000만 명";  month("2026-11", "ko") -> "2026년 11월"

Both catalogs hold the same ids (tests/rules/test_korean_i18n.py). Korean answers explain each reason in
Korean and keep the license's own words (the engine's reason text, in English) beside the explanation.
A particle written after a value in a Korean message ("{mau}은") is fitted to the value ("7억 명은",
"LLM은" -> "LLM은", "라마 2는").
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from rules.verdict import Reason, Verdict

LANGS: tuple[str, ...] = ("en", "ko")
SHOWN = 4  # reasons in human output
_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locales")
_CATALOGS: dict[str, dict[str, str]] = {}


def load(directory: str, lang: str) -> dict[str, str]:
    """The flat catalog <directory>/<lang>.toml: "table.id" -> message. Other catalogs (the bot's
    bot/locales/) use this same format and loader."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    from rules import datafile

    data = datafile.read(os.path.join(directory, f"{lang}.toml"))
    return {f"{table}.{key}": msg for table, entries in data.items() for key, msg in entries.items()}


def catalog(lang: str) -> dict[str, str]:
    """The flat catalog of `lang`: "table.id" -> message."""
    cat = _CATALOGS.get(lang)
    if cat is None:
        cat = _CATALOGS[lang] = load(_DIR, lang)
    return cat


def lang_from_env(env: Mapping[str, str] | None = None) -> str:
    """"ko" when the locale (LC_ALL, LC_MESSAGES, then LANG, as gettext reads them) is Korean, else "en"."""
    env = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        val = env.get(var)
        if val:
            return "ko" if val.lower().startswith("ko") else "en"
    return "en"


def choose(explicit: str | None, text: str = "", env: Mapping[str, str] | None = None) -> str:
    """The answer's language: the one asked for; else Korean for a question written in Korean; else the locale."""
    if explicit:
        return explicit
    if not text.isascii():
        from rules.korean import has_hangul

        if has_hangul(text):
            return "ko"
    return lang_from_env(env)


# ---------------------------------------------------------------- formatting

_OPEN, _CLOSE = "\x02", "\x03"
# A value, an optional closing quote, then a particle that is a whole word: "{mau}은 ", "\"{prefix}\"로 ".
_FITTED = re.compile("\x02([^\x03]*)\x03([\"')]?)(으로|로|은|는|이|가|을|를|과|와)(?![\uac00-\ud7a3])")
_PAIRS = {"은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"), "을": ("을", "를"),
          "를": ("을", "를"), "과": ("과", "와"), "와": ("과", "와")}
_DIGIT_FINAL = {"0": "x", "1": "ㄹ", "3": "x", "6": "x", "7": "ㄹ", "8": "ㄹ"}  # 영 일 삼 육 칠 팔
_LATIN_FINAL = {"l": "ㄹ", "m": "x", "n": "x"}


def _final(word: str) -> str:
    """How the word ends when read aloud: "" (a vowel), "ㄹ", or "x" (another final consonant)."""
    for c in reversed(word):
        if "\uac00" <= c <= "\ud7a3":
            jong = (ord(c) - 0xAC00) % 28
            return "" if jong == 0 else ("ㄹ" if jong == 8 else "x")
        if c.isdigit():
            return _DIGIT_FINAL.get(c, "")
        if c.isalpha():
            return _LATIN_FINAL.get(c.lower(), "")
    return ""


def particle(word: str, p: str) -> str:
    """The form of particle `p` that follows `word`: particle("라마 2", "은") -> "는"."""
    fin = _final(word)
    if p in ("으로", "로"):
        return "로" if fin in ("", "ㄹ") else "으로"
    with_final, without = _PAIRS[p]
    return with_final if fin else without


def text(key: str, lang: str, **values: object) -> str:
    """The message `key` of `lang`, its {values} filled in (a particle after a value fitted to it)."""
    return fill(catalog(lang)[key], lang, **values)


def fill(template: str, lang: str, **values: object) -> str:
    """A catalog `template` of `lang` with its {values} filled in (in Korean, particles fitted to the values)."""
    if not values:
        return template
    if lang != "ko":
        return template.format(**values)
    out = template.format(**{k: f"{_OPEN}{v}{_CLOSE}" for k, v in values.items()})
    out = _FITTED.sub(lambda m: m.group(1) + m.group(2) + particle(m.group(1), m.group(3)), out)
    return out.replace(_OPEN, "").replace(_CLOSE, "")


def count(n: int, lang: str) -> str:
    """A number of people: "7억 명", "6억 9,000만 명", "1,500만 명" in Korean; "700,000,000" in English."""
    if lang != "ko":
        return f"{n:,}"
    if n < 10_000:
        return f"{n:,}명"
    parts = []
    eok, rest = divmod(n, 10**8)
    man, one = divmod(rest, 10**4)
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        parts.append(f"{man:,}만")
    if one:
        parts.append(f"{one:,}")
    return " ".join(parts) + ("명" if one else " 명")


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def month(iso: str, lang: str) -> str:
    """"2026-11" -> "2026년 11월" (Korean) or "November 2026"."""
    year, mon = int(iso[:4]), int(iso[5:7])
    return f"{year}년 {mon}월" if lang == "ko" else f"{_MONTH_NAMES[mon - 1]} {year}"


def date(iso: str, lang: str) -> str:
    """"2023-07-18" -> "2023년 7월 18일" (Korean) or the ISO date itself."""
    if lang != "ko":
        return iso
    return f"{int(iso[:4])}년 {int(iso[5:7])}월 {int(iso[8:10])}일"


# ---------------------------------------------------------------- reasons

_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_PREFIX = re.compile(r"\"(Llama[^\"]*)\"")


def _rule_outcome(act: str, reason: Reason, v: Verdict) -> str | None:
    """The outcome the pack's (or the policy's) rule for `act` gives; None when it has no rule."""
    from rules.data import load_pack, load_policy

    try:
        pack = load_pack(v.license)
        if reason.source == "license":
            rule = pack.activities.get(act)
        else:
            pol = load_policy(v.policy)
            rule = pol.activities_for(pack.id).get(act) if pol.layers_guide else None
    except Exception:  # noqa: BLE001 - an explanation is optional; the license text is always shown
        return None
    return rule.outcome if rule is not None else None


def _template_rx(template: str) -> re.Pattern[str]:
    """A pattern reading the {name} back out of an English message made from `template`."""
    rx = re.escape(template).replace(r"\{name\}", "(?P<name>.+?)", 1).replace(r"\{name\}", ".+?")
    return re.compile("^" + rx.replace(r"\{known\}", ".+?") + "$")


@functools.cache
def _unknown_version_rx() -> re.Pattern[str]:
    from rules.versions import families

    return _template_rx(families().unknown_version)


@functools.cache
def _other_family_rx() -> re.Pattern[str]:
    from rules.versions import families

    return _template_rx(families().other_family)


_UNEXPLAINED_RX = re.compile(r"^The text says (?P<words>.+), which none of the recognised activities explains")
_RESEMBLES_RX = re.compile(r"^The question reads like requests the acceptable use policy prohibits \(most of all "
                           r"(?P<words>.+)\), and no recognised")

# Reasons whose explanation quotes what the English message quotes: rule id -> the pattern that reads it.
_QUOTING: dict[str, Callable[[], re.Pattern[str]]] = {
    "use.unexplained.unclear": lambda: _UNEXPLAINED_RX,
    "use.resembles.review": lambda: _RESEMBLES_RX,
    "version.unknown": _unknown_version_rx,
    "version.other_family": _other_family_rx,
}


def explain(reason: Reason, v: Verdict, lang: str, *, first: bool = False) -> str | None:
    """The explanation of one reason in `lang` (None: no message for this rule; show the English only)."""
    if lang == "en":
        return reason.message
    cat = catalog(lang)
    rule = reason.rule
    parts = rule.split(".")
    if rule in _QUOTING:  # the words or names the English message quotes, shown in the explanation
        m = _QUOTING[rule]().search(reason.message)
        return text(f"reason.{rule}", lang, **m.groupdict()) if m else None
    if parts[0] == "use" and len(parts) == 3:
        topic = cat.get(f"activity.{parts[1]}", parts[1].replace("_", " "))
        key = {"condition": "reason.use.condition", "direction": "reason.use.direction",
               "unclear": "reason.use.unclear_harm", "who_decides": "reason.use.who_decides"}.get(parts[2])
        return text(key, lang, topic=topic) if key else None
    if parts[0] == "use":
        act = parts[1]
        if f"reason.{rule}" in cat:
            return cat[f"reason.{rule}"]
        outcome = _rule_outcome(act, reason, v)
        known = cat.get(f"activity.{act}")
        if known is None:
            return None
        if outcome is None:
            return text("reason.use.no_clause", lang, topic=known)
        specific = f"reason.{rule}.{outcome}"
        if specific in cat:
            return cat[specific]
        return text(f"outcome.{reason.source}.{outcome}", lang, topic=known)
    if rule == "policy.license_text":
        en = catalog("en")
        label = next((text(f"label.{o}", lang) for o in ("license_required", "prohibited", "allowed", "review",
                                                          "unclear") if f"be {en[f'label.{o}']};" in reason.message),
                     None)
        return text("reason.policy.license_text", lang, label=label) if label else None
    if parts[0] == "mau":
        from rules.thresholds import limits

        limit = limits(v.license, v.policy).limit
        fig = _FIGURE.search(reason.message)
        value = int(fig.group(0).replace(",", "")) if fig else None
        shown = count(value, lang) if value is not None else ""
        if rule == "mau.threshold" and value is not None:
            over = v.verdict == "license_required" if first else value >= limit
            return text("reason.mau.over" if over else "reason.mau.under", lang, mau=shown)
        if rule == "mau.target" and value is not None:
            return text("reason.mau.target_over" if value >= limit else "reason.mau.target_under", lang,
                        mau=shown)
        if rule == "mau.near_limit" and value is not None:
            return text("reason.mau.near_limit", lang, mau=shown)
        return cat.get(f"reason.{rule}")
    if parts[0] == "naming":
        m = _PREFIX.search(reason.message)
        for key in ((f"reason.{rule}.{v.verdict}",) if first else ()) + (f"reason.{rule}",):
            if key in cat:
                return text(key, lang, prefix=m.group(1) if m else "Llama") if "{prefix}" in cat[key] else cat[key]
        return None
    return cat.get(f"reason.{rule}")


# ---------------------------------------------------------------- notes and suggestions

_NOTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^license: (?P<license>\S+) \(named in the text, instead of the given (?P<given>\S+)\)$"),
     "note.license_named_instead"),
    (re.compile(r"^license: (?P<license>\S+) \(named in the text\)$"), "note.license_named"),
    (re.compile(r"^license: (?P<license>\S+) \(given; the text names no version\)$"), "note.license_given"),
    (re.compile(r"^license: (?P<license>\S+) \(default; the text names no version\)$"), "note.license_default"),
    (re.compile(r"^the text also names (?P<licenses>.+); ask separately for those$"), "note.also_names"),
    (re.compile(r"^recognised: (?P<items>.+)$"), "note.recognised"),
    (re.compile(r"^No MAU given: "), "note.no_mau"),
    (re.compile(r"^named but only detected/moderated/studied: (?P<items>.+)$"), "note.detected"),
    (re.compile(r"^checked as a model name: (?P<name>.+)$"), "note.as_name"),
    (re.compile(r"^checked as a monthly-active-user figure$"), "note.as_mau"),
    (re.compile(r"^the text also describes a use, judged as well$"), "note.also_use"),
    (re.compile(r"^read as (?P<name>.+) after normalising look-alike and invisible characters$"), "note.normalised"),
    (re.compile(r"^judged the model name (?P<name>.+) without the owner (?P<owner>.+)$"), "note.without_owner"),
    (re.compile(r"^unexplained: (?P<words>.+)$"), "note.unexplained"),
    (re.compile(r"^set aside as negated: (?P<words>.+)$"), "note.negated"),
    (re.compile(r"^recognised (?P<items>[a-z_]+) from the description: (?P<words>.+)$"), "note.described"),
    (re.compile(r"^the stated model name was checked too: (?P<label>.+)$"), "note.name_checked"),
    (re.compile(r"^not judged: a Llama version with no license pack$"), "note.no_pack"),
    (re.compile(r"^not judged: the text names models or licenses that are not Llama's, and no Llama version$"),
     "note.not_llama"),
)


def note(n: str, lang: str) -> str:
    """One of the engine's notes in `lang` (a note the catalog does not know stays as it is)."""
    if lang == "en":
        return n
    cat = catalog(lang)
    for rx, key in _NOTES:
        m = rx.match(n)
        if m:
            values = m.groupdict()
            if "items" in values:
                values["items"] = ", ".join(cat.get(f"activity.{i.strip()}", i.strip())
                                            for i in values["items"].split(","))
            if "label" in values:
                en = catalog("en")
                verdict = next((k[6:] for k in en if k.startswith("label.") and en[k].casefold() == values["label"].casefold()),
                               None)
                values["label"] = text(f"label.{verdict}", lang) if verdict else values["label"]
            return text(key, lang, **values)
    return n


def suggestion(s: str, lang: str) -> str:
    """An engine suggestion in `lang`: the catalog entry whose English is this text; names stay as they are."""
    if lang == "en":
        return s
    en = catalog("en")
    for key, msg in en.items():
        if key.startswith("suggest.") and msg == s:
            return catalog(lang)[key]
    return s


# ---------------------------------------------------------------- the whole answer


def render(v: Verdict, lang: str = "en", *, read_as: str | None = None) -> str:
    """Short human-readable text: verdict word, reasons with clause and source, suggestions, notes, footer."""
    ko = lang == "ko"
    label = text(f"label.{v.verdict}", lang)
    values = {"label": label if ko else label.upper(), "kind": text(f"kind.{v.kind}", lang),
              "license": v.license, "policy": v.policy}
    if v.mau is not None:
        lines = [text("ui.head_mau", lang, mau=count(v.mau, lang), **values)]
    else:
        lines = [text("ui.head", lang, **values)]
    # Deciding reasons come first; the rest are in --json. A card's reasons are its duties: all are shown.
    shown = len(v.reasons) if v.kind == "card" else SHOWN
    for i, r in enumerate(v.reasons[:shown]):
        source = text(f"source.{r.source}", lang)
        said = explain(r, v, lang, first=i == 0) if ko else None
        if said:
            lines.append(text("ui.reason", lang, text=said, clause=r.clause, source=source))
            lines.append(text("ui.original", lang, message=r.message))
        else:
            lines.append(text("ui.reason", lang, text=r.message, clause=r.clause, source=source))
    if len(v.reasons) > shown:
        more = len(v.reasons) - shown
        lines.append(text("ui.more" if more > 1 else "ui.more_one", lang, n=more))
    if v.suggestions:
        lines.append(text("ui.suggestions", lang, items="; ".join(suggestion(s, lang) for s in v.suggestions)))
    lines += [text("ui.note", lang, text=note(n, lang)) for n in v.notes]
    if read_as:
        lines.append(text("ui.read_as", lang, text=read_as))
    lines.append(text("ui.footer", lang))
    return "\n".join(lines)


def error(key: str, lang: str, **values: object) -> str:
    """An error message of the catalog (one line)."""
    return text(f"error.{key}", lang, **values)
