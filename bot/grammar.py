"""The `/llama-check` grammar: one parser for slash commands, mentions, DMs and the shell.

    [--license ID] [--policy ID] WORD ARGS...

    help
    name NAME                         use TEXT [mau QTY] [target QTY]        mau QTY
    register SERVICE [license ID] [model HF-ID] [since YYYY-MM] [owner @user] [mau QTY]
    report SERVICE QTY [for YYYY-MM]  |  report SERVICE YYYY-MM..YYYY-MM Q1,Q2,...
    status [chart]
    duties SERVICE
    alerts #channel
    anything else                     free text (word "ask")

Parsing never raises: malformed input becomes `Command("help", {"topic": ..., "problem": ...})`,
so every surface can answer with help for the closest subcommand instead of an error.
Quantities stay strings here; `rules.parse_mau` owns what a quantity is.
"""

from __future__ import annotations

import difflib
import functools
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from bot import i18n

WORDS: tuple[str, ...] = ("help", "name", "use", "mau", "register", "report", "status", "alerts")
# Words that need workspace records (storage); the rest are answered by `rules` alone.
STORAGE_WORDS: frozenset[str] = frozenset({"register", "report", "status", "alerts", "duties"})
# The OSPO review queue (bot/listeners/reviews.py); not in WORDS, so help's list is unchanged.
REVIEW_WORDS: tuple[str, ...] = ("reviews", "reviewers", "request", "decide", "requests")
STORAGE_WORDS = STORAGE_WORDS | frozenset(REVIEW_WORDS) | {"language"}  # language: bot/listeners/language.py
ALIASES: dict[str, str] = {"?": "help", "-h": "help", "--help": "help", "alert": "alerts"}

# English words a question may start with that sit close to a subcommand; they are free text, not typos.
_NOT_TYPOS = frozenset({"same", "game", "came", "fame", "lame", "muse", "fuse", "user", "users", "used",
                        "uses", "named", "names", "state", "statue", "stats", "repost", "alter", "alters",
                        "help?", "hello", "held", "here", "report?"})

# Examples shown by help; also used as "what to send instead" in polite error messages.
EXAMPLES: dict[str, str] = {
    "help": "help",
    "name": "name Llama 2 Pro",
    "use": i18n.t("example.use", "en"),
    "mau": "mau 800M",
    "register": 'register "Support Bot" license llama-3.1 owner @alice mau 5M',
    "report": '"Support Bot" 6.2M for 2026-10',
    "status": "status",
    "alerts": "alerts #llama-alerts",
    "ask": i18n.t("example.ask", "en"),
    "duties": 'duties "Support Bot"',
    "language": "language ko",
    "backfill": 'report "Support Bot" 2026-06..2026-10 10M,11M,12M,12.5M,13M',
}
EXAMPLES["report"] = "report " + EXAMPLES["report"]
EXAMPLES.update({"reviews": "reviews #ospo-reviews", "reviewers": "reviewers @ospo",
                 "request": i18n.t("example.request", "en"), "decide": i18n.t("example.decide", "en"),
                 "requests": "requests open"})

USAGE: dict[str, str] = {
    "help": "help",
    "name": "name NAME",
    "use": "use TEXT [mau QTY] [target QTY]",
    "mau": "mau QTY",
    "register": "register SERVICE [license ID] [owner @user] [mau QTY]",
    "report": "report SERVICE QTY [for YYYY-MM]",
    "status": "status",
    "alerts": "alerts #channel",
    "ask": i18n.t("usage.ask", "en"),
    "reviews": "reviews #channel",
    "reviewers": i18n.t("usage.reviewers", "en"),
    "request": "request TEXT",
    "decide": "decide R-N approve|deny|answer RATIONALE [until YYYY-MM-DD]",
    "requests": "requests [open|mine|all]",
    "duties": "duties SERVICE",
    "language": "language ko|en",
}
USAGE.update({
    "register": "register SERVICE [license ID | model HF-ID] [owner @user] [mau QTY] [since YYYY-MM]",
    "report": i18n.t("usage.report", "en"),
    "status": "status [chart]",
})
# Usage lines and examples with words of their own (not only the command's) are catalog texts ([usage],
# [example] in bot/locales/): USAGE and EXAMPLES hold their English; usage() and example() give a language.
PHRASED_USAGE = frozenset({"ask", "reviewers", "report"})
PHRASED_EXAMPLES = frozenset({"use", "ask", "request", "decide"})


def usage(word: str, lang: str = "en") -> str:
    return i18n.t(f"usage.{word}", lang) if word in PHRASED_USAGE else USAGE[word]


def example(word: str, lang: str = "en") -> str:
    return i18n.t(f"example.{word}", lang) if word in PHRASED_EXAMPLES else EXAMPLES[word]


# The second wave's words, listed by help after WORDS (each has help.desc_<word> in the catalogs).
MORE_WORDS: tuple[str, ...] = ("duties", "request", "requests", "decide", "reviews", "reviewers", "language")

_QTY_UNITS = frozenset({"k", "thousand", "m", "mm", "mn", "mln", "million", "millions", "b", "bn", "billion",
                        "billions"})
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_RANGE = re.compile(r"^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")


@dataclass(frozen=True)
class Command:
    word: str  # one of WORDS, or "ask" for free text
    args: dict[str, Any]
    raw: str  # the text as received, after removing a bot mention
    options: dict[str, str] = field(default_factory=dict)  # "license"/"policy" given before the word


@dataclass(frozen=True)
class UserRef:
    id: str | None  # "U123" when Slack escaped the mention
    name: str | None  # "alice" (from "<@U123|alice>" or "@alice")


@dataclass(frozen=True)
class ChannelRef:
    id: str | None
    name: str | None


_USER_ESCAPED = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$")
_CHANNEL_ESCAPED = re.compile(r"^<#(C[A-Z0-9]+|G[A-Z0-9]+)(?:\|([^>]*))?>$")
_PLAIN_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$", re.IGNORECASE)


def parse_user(token: str) -> UserRef | None:
    """`<@U123|alice>`, `<@U123>`, `@alice`, or a bare user id `U123ABC` -> UserRef; anything else None."""
    token = token.strip()
    if m := _USER_ESCAPED.match(token):
        return UserRef(id=m.group(1), name=m.group(2) or None)
    if token.startswith("@") and _PLAIN_NAME.match(token[1:]):
        return UserRef(id=None, name=token[1:])
    if re.fullmatch(r"[UW][A-Z0-9]{6,}", token):
        return UserRef(id=token, name=None)
    return None


def parse_channel(token: str) -> ChannelRef | None:
    """`<#C123|alerts>`, `<#C123>`, `#alerts` -> ChannelRef; anything else None."""
    token = token.strip()
    if m := _CHANNEL_ESCAPED.match(token):
        return ChannelRef(id=m.group(1), name=m.group(2) or None)
    if token.startswith("#") and _PLAIN_NAME.match(token[1:]):
        return ChannelRef(id=None, name=token[1:].lower())
    return None


def strip_mentions(text: str, bot_user_id: str | None) -> str:
    """Remove mentions of the bot (anywhere) so `@herdbook name X` parses as `name X`."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())


# What shlex treats specially in POSIX mode (quotes, the escape), and its whitespace.
_SHLEX_SPECIAL = re.compile(r"[\"'\\]")
_SHLEX_SPACE = re.compile(r"[ \t\r\n]+")


def tokens(text: str) -> list[str]:
    """Split on whitespace, keeping "double quoted" and 'single quoted' runs together (quotes removed).

    Unbalanced quotes (a lone apostrophe in "Meta's") fall back to plain whitespace splitting.
    Slack sends typographic quotes from some clients; they count as plain quotes.
    """
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    if _SHLEX_SPECIAL.search(text) is None:
        # Without quotes or backslashes shlex only splits on its whitespace; this is the same, ~20x faster.
        return [tok for tok in _SHLEX_SPACE.split(text) if tok]
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        return text.split()


def unclosed_quote(text: str) -> str | None:
    """A problem to show when the service name opens a quote that never closes, else None.

    `register "svc 'x mau 1M` must not fall back to whitespace splitting: that would register (or
    report for) a service called `svc`, which may be another service than the one meant.
    """
    text = text.strip().replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    quote = text[:1]
    if quote in ('"', "'") and quote not in text[1:]:
        return i18n.t("problem.unclosed", "en", quote=quote)
    return None


def split_service(text: str, *, stop: frozenset[str]) -> tuple[str, list[str]]:
    """SERVICE then the rest: a quoted service, else the words up to the first keyword in `stop`."""
    stripped = text.strip()
    if stripped[:1] in ('"', "\u201c"):
        toks = tokens(stripped)
        return (toks[0] if toks else ""), toks[1:]
    toks = tokens(stripped)
    for i, tok in enumerate(toks):
        if tok.lower() in stop:
            return " ".join(toks[:i]), toks[i:]
    return " ".join(toks), []


def split_keywords(toks: list[str], *, keywords: frozenset[str]) -> tuple[list[str], dict[str, str]]:
    """Head tokens, then `keyword value...` pairs; a repeated keyword keeps its last value."""
    head: list[str] = []
    found: dict[str, list[str]] = {}
    current: list[str] = head
    for tok in toks:
        low = tok.lower()
        if low in keywords:
            current = found.setdefault(low, [])
            current.clear()
        else:
            current.append(tok)
    return head, {k: " ".join(v) for k, v in found.items()}


def _closest(word: str) -> str | None:
    """The subcommand a mistyped first word most likely meant, or None when it is an ordinary word."""
    low = word.lower()
    # difflib's ratio is at most 2*8/(len+8) against the longest word (8 letters): a longer word never
    # reaches the cutoff, and is not kept in the memo.
    return None if len(low) > 24 else _closest_lower(low)


@functools.lru_cache(maxsize=4096)
def _closest_lower(low: str) -> str | None:
    # Memoised: every question's first word ("can", "we", "is") is checked, and difflib costs ~0.05 ms.
    if len(low) < 3 or low in _NOT_TYPOS:
        return None
    match = difflib.get_close_matches(low, WORDS, n=1, cutoff=0.75)
    if not match:
        return None
    best = match[0]
    # "user"/"named": a longer real word that starts with the subcommand is not a typo of it.
    if low.startswith(best) or best.startswith(low):
        return None
    return best


def _help(raw: str, options: dict[str, str], *, topic: str | None = None, problem: str | None = None,
          unknown: str | None = None) -> Command:
    return Command("help", {"topic": topic, "problem": problem, "unknown": unknown}, raw, options)


def _leading_options(toks: list[str]) -> tuple[dict[str, str], list[str], str | None]:
    """`--license ID` / `--policy ID` (or `--license=ID`) before the word, like llama-check's options."""
    options: dict[str, str] = {}
    i = 0
    while i < len(toks) and toks[i].startswith("--") and toks[i].lower() != "--help":
        flag, _, value = toks[i][2:].partition("=")
        flag = flag.lower()
        if flag not in ("license", "policy"):
            return options, toks[i:], i18n.t("problem.option", "en", flag=flag)
        if not value:
            if i + 1 >= len(toks):
                return options, [], i18n.t("problem.flag_value", "en", flag=flag,
                                           example="llama-3.1" if flag == "license" else "guide")
            value = toks[i + 1]
            i += 1
        options[flag] = value
        i += 1
    return options, toks[i:], None


def unescape(text: str) -> str:
    """Slack sends &, < and > that people typed as &amp; &lt; &gt; (its own <@U..> tokens stay raw)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def parse_command(text: str) -> Command:
    raw = unescape(" ".join((text or "").split()))
    every = tokens(raw)  # the one tokenisation of the whole text
    options, toks, problem = _leading_options(every)
    if problem:
        return _help(raw, options, problem=problem)
    if not toks:
        return _help(raw, options)
    first = toks[0].lower()
    first = ALIASES.get(first, first)
    rest_toks = toks[1:]
    # The rest as typed (quotes kept) for the parts that re-split it themselves.
    consumed = len(every) - len(toks) + 1
    parts = raw.split(None, consumed)
    rest_raw = parts[consumed] if rest_toks and len(parts) > consumed else ""

    if first == "help":
        topic = rest_toks[0].lower() if rest_toks else None
        topic = ALIASES.get(topic, topic) if topic else None
        return _help(raw, options, topic=topic if topic in WORDS else None)
    if first == "name":
        name = " ".join(rest_toks).strip()
        if not name:
            return _help(raw, options, topic="name", problem=i18n.t("problem.name", "en"))
        return Command("name", {"name": name}, raw, options)
    if first == "use":
        head, kw = split_keywords(rest_toks, keywords=frozenset({"mau", "target"}))
        usage = " ".join(head).strip()
        if not usage:
            return _help(raw, options, topic="use", problem=i18n.t("problem.use", "en"))
        for key in ("mau", "target"):
            if key in kw and not kw[key]:
                return _help(raw, options, topic="use", problem=i18n.t("problem.quantity", "en", key=key))
        return Command("use", {"text": usage, "mau": kw.get("mau"), "target": kw.get("target")}, raw, options)
    if first == "mau":
        qty = " ".join(rest_toks).strip()
        if not qty:
            return _help(raw, options, topic="mau", problem=i18n.t("problem.mau", "en"))
        return Command("mau", {"qty": qty}, raw, options)
    if first == "register":
        return _parse_register(raw, rest_raw, options)
    if first == "report":
        return _parse_report(raw, rest_raw, options)
    if first == "status":
        if rest_toks and [t.lower() for t in rest_toks] != ["chart"]:
            return _help(raw, options, topic="status", problem=i18n.t("problem.status", "en"))
        return Command("status", {"chart": True} if rest_toks else {}, raw, options)
    if first == "duties":
        service = split_service(rest_raw, stop=frozenset())[0] if rest_raw.strip() else ""
        if not service:
            return _help(raw, options, problem=i18n.t("problem.duties", "en", example=EXAMPLES["duties"]))
        return Command("duties", {"service": service}, raw, options)
    if first == "alerts":
        channel = parse_channel(rest_toks[0]) if rest_toks else None
        if channel is None:
            return _help(raw, options, topic="alerts", problem=i18n.t("problem.alerts", "en"))
        return Command("alerts", {"channel": channel}, raw, options)

    if first == "language" and len(rest_toks) <= 1:  # "language ko|en"; a longer text is a question
        return Command("language", {"language": rest_toks[0] if rest_toks else None}, raw, options)
    if first in REVIEW_WORDS:
        return _parse_review_word(first, raw, rest_raw, rest_toks, options)

    guess = _closest(toks[0])
    if guess is not None:
        return _help(raw, options, topic=guess, unknown=toks[0])
    return Command("ask", {"text": " ".join(toks) if options else raw}, raw, options)


def _parse_register(raw: str, rest: str, options: dict[str, str]) -> Command:
    if not rest.strip():
        return Command("register", {"service": None}, raw, options)  # no arguments: the modal
    keywords = frozenset({"license", "owner", "mau", "model", "since"})
    if unclosed := unclosed_quote(rest):
        return _help(raw, options, topic="register", problem=unclosed)
    service, more = split_service(rest, stop=keywords)
    if not service:
        return _help(raw, options, topic="register", problem=i18n.t("problem.register", "en"))
    _, kw = split_keywords(more, keywords=keywords)
    owner = None
    if "owner" in kw:
        owner = parse_user(kw["owner"])
        if owner is None:
            return _help(raw, options, topic="register",
                         problem=i18n.t("problem.owner", "en", got=repr(kw["owner"])))
    for key in ("license", "mau", "model", "since"):
        if key in kw and not kw[key]:
            return _help(raw, options, topic="register", problem=i18n.t("problem.value", "en", key=key))
    if "since" in kw and not _MONTH.match(kw["since"]):
        return _help(raw, options, topic="register",
                     problem=i18n.t("problem.since", "en", got=repr(kw["since"])))
    if "model" in kw and (" " in kw["model"] or len(kw["model"]) > 200):
        return _help(raw, options, topic="register",
                     problem=i18n.t("problem.model", "en", got=repr(kw["model"])))
    args = {"service": service, "license": kw.get("license"), "owner": owner, "mau": kw.get("mau")}
    args.update({k: kw[k] for k in ("model", "since") if k in kw})
    return Command("register", args, raw, options)


def _parse_range(raw: str, rest: str, options: dict[str, str], toks: list[str], at: int) -> Command:
    """`report SERVICE YYYY-MM..YYYY-MM Q1,Q2,...`: one quantity per month, in order."""
    m = _RANGE.match(toks[at])
    assert m is not None
    service = toks[0] if rest.strip()[:1] in ('"', "\u201c") and at == 1 else " ".join(toks[:at])
    qtys = [q.strip() for q in " ".join(toks[at + 1:]).split(",")]
    if not service or not any(qtys):
        return _help(raw, options, topic="report",
                     problem=i18n.t("problem.range", "en", example=EXAMPLES["backfill"]))
    if any(not q for q in qtys):
        return _help(raw, options, topic="report",
                     problem=i18n.t("problem.range_commas", "en"))
    return Command("report", {"service": service, "range": (m.group(1), m.group(2)), "qtys": qtys}, raw, options)


def _parse_report(raw: str, rest: str, options: dict[str, str]) -> Command:
    problem = i18n.t("problem.report", "en")
    if unclosed := unclosed_quote(rest):
        return _help(raw, options, topic="report", problem=unclosed)
    toks = tokens(rest)
    ranged = [i for i, t in enumerate(toks) if _RANGE.match(t)]
    if ranged:
        return _parse_range(raw, rest, options, toks, ranged[0])
    month = None
    lowered = [t.lower() for t in toks]
    if "for" in lowered:
        i = len(lowered) - 1 - lowered[::-1].index("for")
        month = " ".join(toks[i + 1:])
        toks = toks[:i]
        if not _MONTH.match(month):
            return _help(raw, options, topic="report",
                         problem=i18n.t("problem.month", "en", got=repr(month)))
    if rest.strip()[:1] in ('"', "\u201c"):
        service, qty_toks = (toks[0], toks[1:]) if toks else ("", [])
    else:
        # Unquoted: the quantity is the last number, with an optional unit word after it.
        cut = len(toks)
        if toks and toks[-1].lower() in _QTY_UNITS and len(toks) >= 2 and toks[-2][:1].isdigit():
            cut = len(toks) - 2
        elif toks and toks[-1][:1].isdigit():
            cut = len(toks) - 1
        service, qty_toks = " ".join(toks[:cut]), toks[cut:]
    if not service or not qty_toks:
        return _help(raw, options, topic="report", problem=problem)
    return Command("report", {"service": service, "qty": " ".join(qty_toks), "month": month}, raw, options)


# -- the OSPO review queue ------------------------------------------------------------------------

_GROUP_ESCAPED = re.compile(r"^<!subteam\^(S[A-Z0-9]+)(?:\|@?([^>]*))?>$")
_REQUEST_ID = re.compile(r"^(?:R-?)?(\d{1,9})$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DECISIONS = ("approve", "deny", "answer")


@dataclass(frozen=True)
class GroupRef:
    id: str | None  # "S123" when Slack escaped the group mention
    name: str | None  # the handle, "ospo"


def parse_group(token: str) -> GroupRef | None:
    """`<!subteam^S123|@ospo>`, `<!subteam^S123>`, `@ospo`, `S123ABC` -> GroupRef; anything else None."""
    token = token.strip()
    if m := _GROUP_ESCAPED.match(token):
        return GroupRef(id=m.group(1), name=m.group(2) or None)
    if token.startswith("@") and _PLAIN_NAME.match(token[1:]):
        return GroupRef(id=None, name=token[1:])
    if re.fullmatch(r"S[A-Z0-9]{6,}", token):
        return GroupRef(id=token, name=None)
    return None


def _parse_review_word(word: str, raw: str, rest: str, toks: list[str], options: dict[str, str]) -> Command:
    if word == "reviews":
        channel = parse_channel(toks[0]) if toks else None
        if channel is None:
            return _help(raw, options, topic="reviews", problem=i18n.t("problem.reviews", "en"))
        return Command("reviews", {"channel": channel}, raw, options)
    if word == "reviewers":
        if toks and toks[0].lower() in ("channel", "none"):
            return Command("reviewers", {"group": None}, raw, options)
        group = parse_group(toks[0]) if toks else None
        if group is None:
            return _help(raw, options, topic="reviewers", problem=i18n.t("problem.reviewers", "en"))
        return Command("reviewers", {"group": group}, raw, options)
    if word == "request":
        # Kept as typed (quotes and all): it is the question the OSPO reads. Empty is the service's to refuse.
        return Command("request", {"text": rest.strip()}, raw, options)
    if word == "requests":
        which = toks[0].lower() if toks else None
        if which not in (None, "open", "mine", "all"):
            return _help(raw, options, topic="requests", problem=i18n.t("problem.requests", "en"))
        return Command("requests", {"which": which}, raw, options)
    # decide R-12 [replace] approve|deny|answer RATIONALE [until YYYY-MM-DD]
    m = _REQUEST_ID.match(toks[0]) if toks else None
    if m is None:
        return _help(raw, options, topic="decide", problem=i18n.t("problem.decide_id", "en"))
    more = toks[1:]
    replace = bool(more) and more[0].lower() == "replace"
    more = more[1:] if replace else more
    outcome = more[0].lower() if more else ""
    if outcome not in DECISIONS:
        return _help(raw, options, topic="decide", problem=i18n.t("problem.decide_word", "en"))
    more = more[1:]
    until = None
    if len(more) >= 2 and more[-2].lower() == "until":
        until, more = more[-1], more[:-2]
        if not _DATE.match(until):
            return _help(raw, options, topic="decide",
                         problem=i18n.t("problem.until", "en", got=repr(until)))
    rationale = " ".join(more).strip()
    if not rationale:
        return _help(raw, options, topic="decide", problem=i18n.t("problem.rationale", "en"))
    return Command("decide", {"number": int(m.group(1)), "outcome": outcome, "rationale": rationale,
                              "until": until, "replace": replace}, raw, options)
