"""Monthly active users: read a quantity written any common way, find quantities in free text, and judge
one against the 700 million limit of a license pack under a policy.

Quantities are exact integers (Decimal arithmetic, never float), so "1.25B" is 1,250,000,000 and
"699,999,999" stays below the limit.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation, Overflow

from rules.data import Pack, Policy, load_pack, load_policy
from rules.record import Record
from rules.verdict import QuantityError, Reason, Source, TooLargeError, Verdict

MAX_MAU = 10**11  # more than ten times the world's population: a typo, not a user count
# Beyond this a figure is not a typo of a user count but a number no count can be (5,000 digits, 1e9999999):
# refused before any arithmetic, and refused even inside free text (where a figure above MAX_MAU is ignored).
HUGE_DIGITS = 30
_TOO_LARGE = "that number is too large to be a user count"

_HINT = ("send digits (700,000,000), a suffix (10M, 2.5bn, 100k), words (two hundred million) "
         "or Korean units (7억, 5천만)")

# English scale words and suffixes -> multiplier.
_SCALES: dict[str, int] = {
    "k": 10**3, "thousand": 10**3, "thousands": 10**3,
    "m": 10**6, "mm": 10**6, "mn": 10**6, "mil": 10**6, "mill": 10**6, "mln": 10**6, "mio": 10**6,
    "million": 10**6, "millions": 10**6, "lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7,
    "b": 10**9, "bn": 10**9, "bil": 10**9, "billion": 10**9, "billions": 10**9,
    "t": 10**12, "tn": 10**12, "trillion": 10**12,
}
_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SMALL: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
_SMALL.update({w: 10 * i for i, w in enumerate(_TENS, 2)})
_SMALL["a"] = 1  # "a million"
_SMALL["an"] = 1
# Korean: big units reset the section, small units multiply within it; sino-Korean digits.
# Chinese/Japanese 万/萬, 億/亿, 千, 百, 十 work the same way.
_KO_BIG = {"만": 10**4, "억": 10**8, "조": 10**12, "万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12}
_KO_SMALL = {"천": 1000, "백": 100, "십": 10, "千": 1000, "百": 100, "十": 10}
_KO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9,
              "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# Words around a quantity that say what it counts, or hedge it; removed before parsing.
_LEAD = re.compile(r"^(?:(?:mau|users|monthly active users)\s*[:=]\s*)?"
                   r"(?:about|around|approx(?:imately|\.)?|roughly|nearly|almost|over|under|exactly|precisely|~|≈|약|정확히)?\s*")
_TRAIL = re.compile(
    r"\s*(?:monthly active users?|active users?|users?|mau|maus|people|customers|members|subscribers|"
    r"accounts|명(?:의)?|mau/month|per month|a month|/month|/mo)\.?$"
)
# Thousands separators: ",", "_", or a space before a group of exactly three digits.
_SEP = re.compile(r"(?<=\d)[,_ ](?=\d{3}(?!\d))")
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:e\d+)?|\.\d+)|(?P<word>[a-z]+)|(?P<ko>[만억조천백십일이삼사오육칠팔구万萬億亿兆千百十一二两三四五六七八九])|(?P<amp>[-&]))"
)
_NONFINITE = re.compile(r"^[+\-]?(?:inf|infinity|nan|∞)$")


def _shown(text: object) -> str:
    if isinstance(text, int) and text.bit_length() > 3 * HUGE_DIGITS:
        return f"a whole number of about {int(text.bit_length() * 0.30103):,} digits"  # repr() refuses > 4,300
    shown = repr(text)
    return shown if len(shown) <= 60 else f"{shown[:40]}…{shown[-1]} ({len(shown) - 2:,} characters)"


def _fail(text: object, why: str) -> QuantityError:
    return QuantityError(f"Cannot read {_shown(text)} as a number of monthly active users: {why}; {_HINT}.")


def _too_large(text: object) -> TooLargeError:
    return TooLargeError(f"Cannot read {_shown(text)} as a number of monthly active users: {_TOO_LARGE}.")


def _huge_token(tok: str) -> bool:
    """A digit string (with an optional exponent) whose value has more than HUGE_DIGITS digits."""
    mant, _, exp = tok.partition("e")
    whole = mant.split(".", 1)[0].lstrip("0")
    if len(whole) > HUGE_DIGITS:
        return True
    if exp:
        if len(exp) > 4:
            return True
        return len(whole or "0") + int(exp) > HUGE_DIGITS
    return False


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = s.replace("\u2212", "-")  # the minus sign
    s = _LEAD.sub("", s)
    s = _TRAIL.sub("", s).strip()
    return s.removesuffix("+").rstrip()  # "700M+": at least 700M


def _tokens(s: str, original: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if m is None or m.end() == pos:
            if s[pos:].strip() == "":
                break
            raise _fail(original, f"did not understand {s[pos:].strip()!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _english(tokens: list[tuple[str, str]], original: str) -> Decimal:
    total = Decimal(0)
    current = Decimal(0)
    last_scale = 0
    seen_number = False
    i = 0
    while i < len(tokens):
        kind, tok = tokens[i]
        nxt = tokens[i + 1][1] if i + 1 < len(tokens) else ""
        if kind == "num":
            current += Decimal(tok)
            seen_number = True
        elif kind == "amp" or tok == "and":
            pass  # "one and a half", "twenty-five"
        elif tok == "half":
            current += Decimal("0.5")
            seen_number = True
            if nxt in ("a", "an"):  # "half a billion"
                i += 1
        elif tok in ("a", "an") and nxt == "half":  # "one and a half"
            pass
        elif tok in _SMALL:
            current += _SMALL[tok]
            seen_number = True
        elif tok == "hundred":
            current = (current or Decimal(1)) * 100
            seen_number = True
        elif tok in _SCALES:
            if not seen_number:
                raise _fail(original, f"{tok!r} needs a number before it")
            scale = _SCALES[tok]
            if total and not current:  # "one thousand million", "ten million million"
                total *= scale
            elif total and scale > last_scale:  # "one million thousand" would not get here
                total = (total + current) * scale
            else:
                total += current * scale
            last_scale, current = scale, Decimal(0)
        else:
            raise _fail(original, f"{tok!r} is not a number word I know")
        i += 1
    if not seen_number:
        raise _fail(original, "there is no number in it")
    return total + current


def _korean(tokens: list[tuple[str, str]], original: str) -> Decimal:
    total = Decimal(0)
    section = Decimal(0)
    pending: Decimal | None = None
    last_big = 0
    small_after_big = False
    for kind, tok in tokens:
        if kind == "num":
            if pending is not None:
                raise _fail(original, "two numbers in a row")
            pending = Decimal(tok)
        elif tok in _KO_DIGITS:
            if pending is not None:
                raise _fail(original, "two numbers in a row")
            pending = Decimal(_KO_DIGITS[tok])
        elif tok in _KO_SMALL:
            section += (pending if pending is not None else 1) * _KO_SMALL[tok]
            pending = None
            small_after_big = last_big > 0
        elif tok in _KO_BIG:
            section += pending or 0
            total += (section or 1) * _KO_BIG[tok]
            section, pending = Decimal(0), None
            last_big, small_after_big = _KO_BIG[tok], False
        else:
            raise _fail(original, f"{tok!r} does not belong in a Korean quantity")
    if last_big == 10**8 and small_after_big and pending is None:
        # "6억8천", "1억 2천": Korean readers leave out the 만 after 억 (6억 8천만 = 680 million), never
        # meaning 600,008,000.
        return total + section * 10**4
    return total + section + (pending or 0)


def parse_mau(text: str | int) -> int:
    """A monthly-active-user quantity -> int. Raises QuantityError (quoting the input) when unreadable.

    Accepts 700000000, 700,000,000, 700_000_000, 700 000 000, 10M, 2.5bn, 1.25B, 100k, 10 million,
    two hundred fifty million, one and a half billion, 7억, 5천만, 1억 2천만, 3,500만, 2억5천만.
    A range (650M~750M, 650-750M, 650M to 750M, between 6억 and 8억) counts as its upper end: the limit
    test must hold for every value the sender thinks possible.
    """
    if isinstance(text, bool):
        raise _fail(text, "a yes/no value is not a quantity")
    if isinstance(text, int):
        if text >= 10**HUGE_DIGITS:
            raise _too_large(text)
        return _check_range(Decimal(text), text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise _fail(text, "it is not a finite number")
        return _check_range(Decimal(repr(text)), text)
    if not isinstance(text, str):
        raise _fail(text, f"expected text or a whole number, got {type(text).__name__}")
    s = _normalise(text)
    if not s:
        raise _fail(text, "it is empty")
    if (span := _RANGE.match(s)) is not None:
        low, high = (span.group(1), span.group(2)) if span.group(1) else (span.group(3), span.group(4))
        return _range_top(low, high, text)
    if _NONFINITE.match(s):
        raise _fail(text, "it is not a finite number")
    if s.startswith(("-", "minus ", "negative ")):
        raise _fail(text, "a number of users cannot be negative")
    s = s.removeprefix("+")
    s = _SEP.sub("", s)
    tokens = _tokens(s, text)
    if not tokens:
        raise _fail(text, "there is no number in it")
    if any(k == "num" and _huge_token(t) for k, t in tokens):
        raise _too_large(text)
    try:
        if any(k == "ko" for k, _ in tokens):
            value = _korean(tokens, text)
        else:
            value = _english(tokens, text)
    except Overflow:
        raise _too_large(text) from None
    except InvalidOperation:
        raise _fail(text, "it is not a number") from None
    return _check_range(value, text)


# "A~B", "A-B", "A to B", "between A and B": both ends must read as quantities (the low end may borrow
# the high end's unit: "650~750M").
_RANGE = re.compile(r"^(?:between\s+(\S.*?)\s+and\s+(\S.*)"
                    r"|([^~\u2013\u2014]*?\S)\s*(?:~|\u2013|\u2014|(?<=\S)-(?=\d)|\s-\s|\s+to\s+)\s*(\S.*))$")
_UNIT = re.compile(r"[^\d.,\s]+$")


def _range_top(low: str, high: str, original: str) -> int:
    top = parse_mau(high)
    try:
        bottom = parse_mau(low)
    except QuantityError:
        unit = _UNIT.search(high)
        if unit is None or _UNIT.search(low) is not None:
            raise _fail(original, f"did not understand {low!r} as the low end of a range") from None
        bottom = parse_mau(low + unit.group(0))
    if bottom > top:
        raise _fail(original, "the low end of the range is above its high end")
    return top


def _check_range(value: Decimal, original: object) -> int:
    if not value.is_finite():
        raise _fail(original, "it is not a finite number")
    if value >= 10**HUGE_DIGITS:
        raise _too_large(original)
    if value < 0:
        raise _fail(original, "a number of users cannot be negative")
    if value != value.to_integral_value():
        raise _fail(original, f"it comes to {value.normalize():f}, not a whole number of users")
    if value > MAX_MAU:
        raise _fail(original, f"{int(value):,} is more than 100 billion, larger than any real user count")
    return int(value)


# ---------------------------------------------------------------- quantities inside free text


class Quantity(Record):
    """A figure found in free text."""

    _fields = ("value", "start", "end", "text", "target")
    __slots__ = _fields
    value: int
    start: int
    end: int
    text: str
    target: bool  # introduced by "target", "goal", "expect", "reach", "grow to"...: a growth target


_DIGIT = re.compile(r"\d")
_COUNTER_AFTER = re.compile(r"\s*(?:명|人|users?|mau|사용자|이용자|用户)", re.IGNORECASE)
_CJK_DIGITS = "일이삼사오육칠팔구一二两三四五六七八九"
_NUM = r"\d{1,3}(?:[,_ ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_EN_WORDS = (r"(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
             r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
             r"ninety|hundred|a|an|half|and)[\s-]+)+")
_SCALE = r"k|thousand|mm|mn|mil|million|millions|m|bn|billion|billions|b"
_KO_UNITS = "만억万萬億亿"
_SCALED = (
    # a number with a scale suffix or word: 900M, 2.5 bn, 10 million, 1.25B
    rf"(?P<scaled>(?<![\w.])(?:{_NUM})\s?(?:{_SCALE})(?![a-z]))"
)
_WORDS = (
    # number words ending in a scale: two hundred fifty million, one and a half billion
    rf"(?P<words>\b{_EN_WORDS}(?:thousand|million|billion)s?\b)"
)
_BARE = (
    # a bare number: only with thousands separators or followed by a word for users
    r"(?P<bare>(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?=\s*(?:monthly active users|active users|users|"
    r"mau|people|customers|subscribers|members|명)\b)|(?<![\w.])\d{1,3}(?:,\d{3})+(?!\w|[.,]\d))"
)
_FIND_REST = f"{_SCALED}|{_WORDS}|{_BARE}"
_FIND = re.compile(
    # Korean: digits or Korean numerals with 만/억 (and 천/백/십) units, e.g. 3억, 1억 2천만, 3,500만
    rf"(?P<ko>(?:(?:{_NUM}|[{_CJK_DIGITS}])?\s?[천백십千百十]?\s?[{_KO_UNITS}]\s?)+(?:(?:{_NUM})\s?[천백십千百十]?)?)"
    rf"|{_FIND_REST}",
    re.IGNORECASE,
)
# The same without the Korean branch, which can only match where one of its unit characters occurs: most
# texts have none, and that branch is tried (and fails) at every position, the bulk of the scan.
_FIND_NO_KO = re.compile(_FIND_REST, re.IGNORECASE)
# ... and without the number-word branch, which can only match where a scale word occurs: it is tried at every word
# start otherwise. Each variant answers exactly as _FIND where the branches it leaves out cannot match.
_FIND_DIGITS = re.compile(f"{_SCALED}|{_BARE}", re.IGNORECASE)
_SCALE_WORD = re.compile("thousand|million|billion", re.IGNORECASE)
_TARGET = re.compile(r"(?:target(?:ing|s|ed)?|goal|aim(?:ing)?|plan(?:ning|s)? (?:to|for)|expect(?:ing|s|ed)?|"
                     r"project(?:ed|ing)?|forecast|reach(?:ing)?(?!es)|grow(?:ing)? to|scale to|hit(?!s\b)|by 20\d\d|"
                     r"future|eventually|목표|예상|目标|目標|预计|預計)\W*(?:\w+\W+){0,3}$", re.IGNORECASE)
# A "7B" right after a model name or version is a parameter count, not users.
_PARAMS_BEFORE = re.compile(r"(?:llama|mistral|qwen|gemma|falcon|model|[-_/x])[\s\-_]*(?:\d+(?:\.\d+)?[\s\-_]*)?$",
                            re.IGNORECASE)
_PARAMS_AFTER = re.compile(r"^[\s\-_]*(?:param|parameter|model|llm|weights|instruct|chat|base|-)", re.IGNORECASE)
# ... or when a model word follows within a few words ("the 1B text-only model", "an 8B vision variant"),
# or an article or a word that introduces a model comes right before it with no word for users after it
# ("use the 3B", "we deploy 8B"; "with 1B" stays users: "integration into social media with 1B").
_MODEL_SOON = re.compile(r"^(?:[\s,]+[\w\-]+){0,3}?[\s\-]+(?:models?|param\w*|llms?|weights|checkpoints?|variants?|"
                         r"text-only|vision|instruct|versions?|gguf|quantized)\b", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"(?:^|\s)(?:the|a|an|our|their|its|using|run|running|deploy|serve|"
                             r"fine-?tune|quantize)\s*$", re.IGNORECASE)
_USERS_AFTER = re.compile(r"^\s*(?:monthly active users|active users|users|mau|people|customers|members|"
                          r"subscribers|accounts|visitors)\b", re.IGNORECASE)


def find_quantities(text: str) -> list[int]:
    """MAU figures in free text, in order: "we have 900M users" -> [900000000]."""
    return [q.value for q in find_quantity_spans(text)]


_FOUND: dict[str, int | None] = {}  # figure text -> value (None: not a quantity); the same few recur


def _parse_found(raw: str) -> int | None:
    if raw in _FOUND:
        return _FOUND[raw]
    try:
        value: int | None = parse_mau(raw)
    except TooLargeError:
        raise  # a figure no user count can be: refused, not silently ignored
    except QuantityError:
        value = None
    if len(_FOUND) >= 8192:
        _FOUND.clear()
    _FOUND[raw] = value
    return value


def find_quantity_spans(text: str) -> list[Quantity]:
    """Like find_quantities, with positions and whether each figure is a growth target."""
    s = unicodedata.normalize("NFKC", text)
    out: list[Quantity] = []
    find = (_FIND if any(u in s for u in _KO_UNITS) else _FIND_NO_KO if _SCALE_WORD.search(s) is not None
            else _FIND_DIGITS)
    for m in find.finditer(s):
        raw = m.group(0).strip()
        if not raw:
            continue
        if m.lastgroup == "ko" and not _DIGIT.search(raw) and not _COUNTER_AFTER.match(s, m.end()):
            continue  # native numerals only count before 명/users: "기억" (memory), "만약" (if) are words
        if m.lastgroup == "scaled" and raw[-1] in "bB" and raw[-2:].lower() != "bn":
            before, after = s[: m.start()], s[m.end():]
            if not before.isascii():  # "라마 3 8B": the Llama mark in another script (rules/marks.toml)
                from rules.names import transliterate

                before = transliterate(before)
            if not _USERS_AFTER.match(after) and (
                _PARAMS_BEFORE.search(before) or _PARAMS_AFTER.match(after) or _MODEL_SOON.match(after)
                or _ARTICLE_BEFORE.search(before)
            ):
                continue  # "Llama 2 70B", "Llama-2-7B", "13B model", "the 1B text-only model"
        value = _parse_found(raw)
        if value is None:
            continue
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        out.append(Quantity(value=value, start=start, end=start + len(raw), text=raw,
                            target=bool(_TARGET.search(s[max(0, start - 40): start]))))
    return out


# ---------------------------------------------------------------- judging a figure


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


# (value, target, id(pack), id(policy)) -> (pack, policy, result). The answer depends only on these, and the
# reason text takes longer to format than the rest of a use check's MAU work; few figures recur. The pack
# and policy are kept in the entry and compared by identity, so an id reused by another object cannot hit.
_REASONS_MEMO: dict[tuple[int, bool, int, int], tuple[Pack, Policy, tuple[str, tuple[Reason, ...]]]] = {}


def mau_reasons(value: int, *, pack: Pack, policy: Policy, target: bool = False) -> tuple[str, tuple[Reason, ...]]:
    """The outcome for a MAU figure (or growth target) and every reason line, the first being the deciding one."""
    key = (value, target, id(pack), id(policy))
    hit = _REASONS_MEMO.get(key)
    if hit is not None and hit[0] is pack and hit[1] is policy:
        return hit[2]
    result = _mau_reasons(value, pack=pack, policy=policy, target=target)
    if len(_REASONS_MEMO) >= 4096:
        _REASONS_MEMO.clear()
    _REASONS_MEMO[key] = (pack, policy, result)
    return result


def _mau_reasons(value: int, *, pack: Pack, policy: Policy, target: bool) -> tuple[str, tuple[Reason, ...]]:
    if pack.threshold is None:  # LLaMA 1: no MAU clause, because no commercial use at all
        return "prohibited", (Reason("mau.no_commercial", pack.mau_clause, "license",
                                     f"{value:,} monthly active users: {pack.mau_test_month_note}"),)
    source: Source = "policy" if policy.layers_guide else "license"
    clause = policy.mau_clause if policy.layers_guide else pack.mau_clause
    from rules.thresholds import limits

    lim = limits(pack.id, policy.id)
    over = lim.over(value)
    text_over = limits(pack.id, "license-text").over(value)  # what the license text alone says
    million = lim.limit_text  # "700 million"
    year, month = (int(x) for x in (pack.mau_test_month or "0-0").split("-"))
    when = (f"in {_MONTHS[month - 1]} {year} (the calendar month before the {pack.short_name} release date, "
            f"{_MONTHS[pack.release_date.month - 1]} {pack.release_date.day}, {pack.release_date.year})")
    note = pack.mau_test_month_note
    caveat = " Caveat: " + note.split("CAVEAT: ", 1)[1] if "CAVEAT: " in note else ""
    reasons: list[Reason] = []
    if target:
        outcome = "review" if over else "allowed"
        tclause = policy.mau_target_clause if policy.layers_guide else pack.mau_clause
        if over:
            msg = f"A target of {value:,} monthly active users reaches the {million} limit. {policy.mau_target_message}"
        else:
            msg = f"A target of {value:,} monthly active users stays below the {million} limit."
        reasons.append(Reason("mau.target", tclause, source, msg))
        return outcome, tuple(reasons)
    outcome = "license_required" if over else "allowed"
    if policy.layers_guide:
        if over:
            msg = (f"{value:,} monthly active users is {million} or more: the guide requires a separate license "
                   "from Meta, and checks this every month, not only on the release date.")
        else:
            msg = (f"{value:,} monthly active users is below {million}, so no separate Meta license is needed; "
                   "the guide checks this every month.")
        reasons.append(Reason("mau.threshold", clause, source, msg))
        if value == pack.threshold:
            reasons.append(Reason("mau.license_text", pack.mau_clause, "license",
                                  f"The license text alone would not require a license at exactly {pack.threshold:,}: "
                                  f"it says \"greater than {million}\" (the guide's \"or more\" is stricter)."))
        elif over and text_over:
            reasons.append(Reason("mau.license_text", pack.mau_clause, "license",
                                  f"The license text tests this once, {when}, counting all products of the "
                                  f"licensee and its affiliates; the guide's monthly check is stricter.{caveat}"))
    else:
        if over:
            msg = (f"{value:,} is greater than {million}. License §2: if the monthly active users of all products "
                   f"and services of the licensee and its affiliates were greater than {million} {when}, "
                   "you must request a license from Meta, granted at its sole discretion.")
        else:
            msg = (f"{value:,} is not greater than {million}, so if that was the figure {when}, counting the "
                   "licensee and its affiliates, §2 does not require a license from Meta.")
        reasons.append(Reason("mau.threshold", clause, source, msg + caveat))
    return outcome, tuple(reasons)


def assess_mau(value: int, *, pack: Pack, policy: Policy, target: bool = False) -> tuple[str, Reason]:
    """The outcome for a MAU figure and its deciding reason (see mau_reasons for every line)."""
    outcome, reasons = mau_reasons(value, pack=pack, policy=policy, target=target)
    return outcome, reasons[0]


def check_mau(qty: str | int, *, license: str = "llama-2", policy: str = "guide") -> Verdict:
    """`llama-check mau QTY`: the verdict for a monthly-active-user figure."""
    pack = load_pack(license)
    pol = load_policy(policy)
    value = parse_mau(qty)
    outcome, reasons = mau_reasons(value, pack=pack, policy=pol)
    return Verdict(kind="mau", verdict=outcome, license=pack.id, policy=pol.id, mau=value, reasons=reasons)  # type: ignore[arg-type]
