"""`ask`: free text -> the right check (name, MAU or use case) under the license version the text names.

Version precedence: a version named in the text wins over the `license` argument, because the text is
the more specific statement ("Use LLaMA 1 in a commercial product" asked in a workspace whose default
is llama-2 is a LLaMA 1 question). The argument is the default when the text names none, and
llama-2 when neither is given. The verdict's notes say which version was used and why. When the text
names several versions, the first one named is used and the note lists the others.
"""

from __future__ import annotations

import re

from rules.verdict import EmptyInputError, QuantityError, Verdict

_QUOTED = re.compile(r"[\"“”«「`]([^\"“”»」`\n]{1,80})[\"“”»」`]|(?:^|(?<=\s))'([^'\n]{1,80})'(?=[\s?.,!:;]|$)")
_QUOTE_CHARS = "\"“”«「`'"
# The attribution the licenses ask for, quoted in a question, is not a proposed model name.
_ATTRIBUTION = re.compile(r"(?:built|made|powered|created|developed) (?:with|by|on) (?:meta )?llama\b|based on (?:meta )?llama\b",
                          re.IGNORECASE)
_NAMEY = re.compile(r"[\d_-]|[a-z][A-Z]|[Ll]lama|LLaMA|Meta\b|\bAI\b|GPT|LLM")
# "call it X", "a model called X" name something; "call our number" does not.
_NAMING_CUE = re.compile(r"\b(?:call(?:ed\b|ing (?:it|them|this|that)\b| (?:it|them|this|that)\b|(?:ing)? (?:the|our|my) "
                         r"(?:[\w.-]+ ){0,2}?(?:model|fine ?tune|finetune|llm|bot|chatbot|assistant|product|version|release|merge)s?\b)|name|naming|"
                         r"brand|title|label|rename|publish\w* (?:it |this )?as|release\w* (?:it |this )?as|branding)\w*",
                         re.IGNORECASE)
_STOP = r"(?=\s*(?:[?!]|\.(?:\s|$)|,|;|$|\s+(?:ok|okay|allowed|fine|acceptable|compliant|permitted|legal|on hugging|on hf|"
_STOP += r"for|under|with|if|when|please)\b))"
# "it", "our model", "our Llama 3 fine-tune", "the new 8B chatbot": up to three words before the noun.
_OUR = (r"(?:it|them|this|that|ours|(?:our|the|this|my) (?:[\w.'-]+ ){0,3}?(?:fine[- ]?tune|finetune|derivative|llm|"
        r"release|merge|checkpoint|quant|model|version|variant|chatbot|assistant|product))")
# "rename our product photos to ...": the noun after "our product" is what is renamed, not the product.
_NOT_HEAD = (r"(?!\s+(?:photos?|images?|pictures?|files?|folders?|pages?|listings?|descriptions?|docs?|documents?|"
             r"lines?|categories|skus?|ids?|codes?|fields?|columns?|tags?|labels?|sheets?|videos?|emails?|tickets?)(?![\w-]))")
_GOOD = r"(?:ok|okay|allowed|fine|acceptable|valid|compliant|permitted|legal|good|safe|a problem)"
# (pattern, whether the captured text must look like a model name: "release it as open source" is no name)
_NAMED: list[tuple[re.Pattern[str], bool]] = [
    (re.compile(r"\b(?:call|name|brand|title|label|rename)(?:d|s|ing)?\s+" + _OUR + _NOT_HEAD + r"\s+(?:as\s+)?(?P<n>\S.{0,79}?)"
                + _STOP, re.IGNORECASE), False),
    (re.compile(r"\b(?:is|was|be|are)\s+(?:called|named|branded|titled)\s+(?P<n>\S.{0,79}?)" + _STOP, re.IGNORECASE),
     False),
    (re.compile(r"\bis\s+the\s+(?:model\s+|product\s+)?name\s+(?P<n>\S.{0,79}?)" + _STOP, re.IGNORECASE), False),
    (re.compile(r"\b(?:model\s+|product\s+)?nam(?:e|ing)\s*:\s*(?P<n>\S.{0,79}?)\s*$", re.IGNORECASE), False),
    (re.compile(r"^\s*(?:is|would|could|can|will|may)\s+(?:we\s+use\s+)?(?!(?:we|i|you|they|he|she|someone|anyone)\b)"
                r"(?P<n>\S.{0,79}?)\s+(?:be\s+)?(?:an?\s+|our\s+|the\s+)?"
                + _GOOD + r"?\s*(?:as\s+)?(?:an?\s+|our\s+|the\s+)?" + _GOOD + r"?\s*(?:model\s+|product\s+)?name\b",
                re.IGNORECASE), False),
    (re.compile(r"\b(?:release|publish|ship|upload|launch|distribute|market)\w*\s+" + _OUR
                + r"\s+(?:as|under the name)\s+(?P<n>\S.{0,79}?)" + _STOP, re.IGNORECASE), True),
]
_NUMBERISH = re.compile(r"\d|[만억천백십일이삼사오육칠팔구]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                        r"eleven|twelve|thirteen|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                        r"hundred|thousand|million|billion|a|an|half)\b", re.IGNORECASE)
_MAU_LEAD = re.compile(r"^(?:(?:what|how) about|we have|we've got|we got|we are at|we're at|our mau is|mau(?: of| is)?|"
                       r"with|at|is|and|about|around|roughly|approximately|~)\s+", re.IGNORECASE)
_MAU_TAIL = re.compile(r"\s+(?:mau|monthly active users|monthly users|active users|users|people|customers|a month|"
                       r"per month|monthly|now|today)$", re.IGNORECASE)


def detect_license(text: str) -> list[str]:
    """Pack ids of the versions named in `text`, in order of first mention (the registry of rules.versions
    says which versions exist and how they are written; a version with no pack is left out here, see
    `rules.versions.mentions`)."""
    from rules.versions import mentions

    return [pid for pid, _ in mentions(text) if pid is not None]


def _name_in(text: str) -> str | None:
    quoted = [a or b for a, b in _QUOTED.findall(text)] if any(q in text for q in _QUOTE_CHARS) else []
    quoted = [q for q in quoted if not _ATTRIBUTION.match(q.strip())]  # "'Built with Llama' in the readme": no name
    if quoted:
        rest = _QUOTED.sub(" ", text)
        name = quoted[0].strip()
        # Without a naming word, only something shaped like a model name counts ("Nova-7B", 'Sapphire').
        words = name.split()
        # "Llama 2 for customer support" in quotes is a use, not a name ("based on", "built with" are names).
        use_words = {"for", "to", "that", "which", "using", "our", "my", "we", "us", "can", "should"}
        looks_like_name = ((len(words) == 1 or _name_shaped(name)) and len(words) <= 8
                           and not use_words & {w.lower() for w in words})
        if _NAMING_CUE.search(rest) or (looks_like_name and len(rest.split()) <= 3):
            return name
        return None
    low = text.lower()
    if not any(w in low for w in ("call", "nam", "brand", "title", "label", "as ")):
        return None
    for rx, shaped in _NAMED:
        m = rx.search(text)
        if m:
            name = m.group("n").strip().strip("\"'“”`")
            if name and len(name.split()) <= 8 and (not shaped or _name_shaped(name)):
                return name
    return None


def _name_shaped(name: str) -> bool:
    words = name.split()
    title_case = all(w[:1].isupper() or w[:1].isdigit() for w in words)
    return (len(words) == 1 and name[:1].isupper()) or title_case or bool(_NAMEY.search(name))


def _bare_quantity(text: str) -> str | None:
    if len(text) > 80 or len(text.split()) > 8 or not _NUMBERISH.search(text):
        return None  # parse_mau's error path is the slow part of a plain question
    t = text.strip().rstrip("?.! ")
    for _ in range(3):
        t = _MAU_LEAD.sub("", t)
        t = _MAU_TAIL.sub("", t)
    if not t or len(t) > 40:
        return None
    from rules.mau import parse_mau

    try:
        parse_mau(t)
    except QuantityError:
        return None
    return t


def _with_use(name_v: Verdict, rest: str, lic: str, policy: str, notes: list[str]) -> Verdict:
    """A naming question that also describes a use ("call it HateBot and write hate speech with it"): the use
    is judged too, and the stricter answer wins, so a good name never green-lights a bad use."""
    from rules.usecases import check_use
    from rules.verdict import SEVERITY

    use_v = check_use(rest, license=lic, policy=policy)
    if use_v.verdict in ("unclear", "allowed"):
        return name_v
    notes.append("the text also describes a use, judged as well")
    # The deciding verdict's reasons first.
    first, second = (use_v, name_v) if SEVERITY[use_v.verdict] >= SEVERITY[name_v.verdict] else (name_v, use_v)
    return Verdict(kind="ask", verdict=first.verdict, license=name_v.license, policy=name_v.policy, mau=use_v.mau,
                   reasons=first.reasons + second.reasons, suggestions=name_v.suggestions, notes=use_v.notes)


def ask(text: str, *, license: str | None = None, policy: str = "guide") -> Verdict:
    """Route free text to the name, MAU or use-case check; the verdict keeps kind "ask"."""
    if not isinstance(text, str) or not text.strip():
        raise EmptyInputError(f"empty question {text!r}: ask about a use, a model name or an MAU figure")
    unread: list[str] = []
    glossed = False
    if not text.isascii():  # Korean is read through its gloss; English never imports rules.korean
        from rules.korean import gloss_read

        english, unread = gloss_read(text)
        glossed = english != text  # no Hangul (curly quotes, accents): read as English
        text = english
    from rules.data import resolve_license
    from rules.versions import mentions, scope_verdict

    name = _name_in(text)
    default = resolve_license(license) if license else "llama-2"
    # The version inside a proposed name ("Llama-3-Pro") is a fallback: the rest of the text, then the
    # given license, say which license governs the name.
    rest = text.replace(name, " ") if name else text
    mentioned = mentions(rest)
    if not mentioned and name and not license:
        mentioned = mentions(name)
    notes: list[str] = []
    # A version with no pack, or only other vendors' models or licenses: never judged under a Llama pack.
    unclear = scope_verdict(rest, kind="ask", license=default, policy=policy, named=mentioned)
    if unclear is not None:
        return unclear
    named = [pid for pid, _ in mentioned if pid is not None]
    if named:
        lic = named[0]
        why = "named in the text"
        if license and lic != default:
            why += f", instead of the given {default}"
        notes.append(f"license: {lic} ({why})")
        if len(named) > 1:
            notes.append("the text also names " + ", ".join(named[1:]) + "; ask separately for those")
    else:
        lic = default
        notes.append(f"license: {lic} ({'given' if license else 'default'}; the text names no version)")

    qty = None if name else _bare_quantity(text)
    if name is not None:
        from rules.names import check_name

        v = check_name(name, license=lic, policy=policy)
        notes.append(f"checked as a model name: {name!r}")
        v = _with_use(v, text.replace(name, " "), lic, policy, notes)
    elif qty is not None:
        from rules.mau import check_mau

        v = check_mau(qty, license=lic, policy=policy)
        notes.append("checked as a monthly-active-user figure")
    else:
        from rules.usecases import check_use

        # `rest` is `text` here (no name), and scope_verdict above judged it in scope.
        v = check_use(text, license=lic, policy=policy, unread=unread, glossed=glossed, scoped=True)
    # Built directly: dataclasses.replace costs as much as the routing above.
    return Verdict(kind="ask", verdict=v.verdict, license=v.license, policy=v.policy, mau=v.mau, reasons=v.reasons,
                   suggestions=v.suggestions, notes=tuple(notes) + tuple(v.notes))
