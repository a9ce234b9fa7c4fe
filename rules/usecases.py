"""`check_use`: a described use of a Llama model -> a Verdict, from the pack's and the policy's rules.

Recognition (rules.recognise) turns text into activity ids; this module composes the legal answer:
for each activity the pack's Rule (the license text) and, under a policy that layers the guide, the
policy's Rule; the strongest wins. MAU figures (arguments or found in the text) are judged by
rules.mau. Nothing here reads the clock or the environment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import cast

from rules.data import Pack, Policy, Rule, load_pack, load_policy, resolve_license, resolve_policy
from rules.mau import find_quantity_spans, mau_reasons, parse_mau
from rules.recognise import Recognition, recognise
from rules.risk import assess, is_rate, strip_negated
from rules.text import normalize
from rules.thresholds import limits
from rules.verdict import (
    LABELS,
    SEVERITY,
    EmptyInputError,
    Outcome,
    Reason,
    RulesError,
    Source,
    Verdict,
    strongest,
)
from rules.vocab import VOCAB

_DOMAIN_WORDS = {"medical": "a doctor", "legal": "a lawyer", "financial": "a licensed adviser",
                 "emergency": "a human dispatcher"}
_UNCLEAR_HINT = ("Nothing in the text says what the model will be used for. Say what the model will do, for whom, "
                 "and your MAU, e.g. \"customer support chatbot for our telecom, 10M MAU\".")
_MAX_CONDITIONS = 4
# What to do instead, for the activities that block or hold up a verdict (at most three per answer).
_SUGGEST: dict[str, str] = {
    "train_llm_on_outputs": "Fine-tune Llama itself on the outputs instead, or use them only as a dataset for a "
                            "specific non-LLM task (a classifier, a tagger); Llama 3.1 and later drop the output ban.",
    "distill_teacher": "Distill into a Llama model (a Llama derivative may be improved), or use Llama 3.1 or later, "
                       "whose license allows it if the new model's name begins with \"Llama\".",
    "commercial_use": "LLaMA 1 is research-only: move the product to Llama 2 or later.",
    "ordinary_product": "LLaMA 1 is research-only: move the product to Llama 2 or later.",
    "eu_multimodal": "Use a text-only model of the release (the EU paragraph covers multimodal models only), or ask "
                     "the open-source program office about the licensing entity.",
    "eu_unclear": "Say where the licensee is domiciled and whether the model is multimodal.",
    "medical_sole": "Keep a licensed doctor in the loop who reviews every output before it reaches a patient.",
    "legal_sole": "Keep a licensed lawyer in the loop who reviews every answer before it reaches a client.",
    "financial_sole": "Keep a licensed adviser in the loop who approves every recommendation or decision.",
    "emergency_sole": "Keep a trained human dispatcher deciding; let the model only suggest and summarise.",
}
_SUGGEST_MAU = "Request a license from Meta before reaching 700 million monthly active users, and tell the OSPO."
_SUGGEST_UNCLEAR = 'e.g. llama-check use "customer support chatbot for our telecom" --mau 10M'


def _describe(rule: Rule | None) -> str:
    if rule is None:
        return "has no such item"
    return f"answers {LABELS[rule.outcome]} ({rule.clause})"


# (act, id(pack), id(pol_rules)) -> (pack, pol_rules, result): the answer depends only on these (both are
# loaded once and kept); identity is checked, so a reused id cannot hit.
_ACT_MEMO: dict[tuple[str, int, int], tuple[Pack, Mapping[str, Rule] | None, tuple[str, str, tuple[Reason, ...]]]] = {}


def _activity_reasons(act: str, pack: Pack, pol_rules: Mapping[str, Rule] | None) -> tuple[str, str, tuple[Reason, ...]]:
    """(outcome under the policy, outcome under the license text alone, reasons) for one activity."""
    key = (act, id(pack), id(pol_rules))
    hit = _ACT_MEMO.get(key)
    if hit is not None and hit[0] is pack and hit[1] is pol_rules:
        return hit[2]
    outcome, lic_outcome, reasons = _activity_reasons_uncached(act, pack, pol_rules)
    result = (outcome, lic_outcome, tuple(reasons))
    if len(_ACT_MEMO) >= 4096:
        _ACT_MEMO.clear()
    _ACT_MEMO[key] = (pack, pol_rules, result)
    return result


def _activity_reasons_uncached(act: str, pack: Pack, pol_rules: Mapping[str, Rule] | None) -> tuple[str, str, list[Reason]]:
    lic = pack.activities.get(act)
    pol = pol_rules.get(act) if pol_rules is not None else None
    lic_outcome = lic.outcome if lic else "review"
    reasons: list[Reason] = []
    if pol is not None:
        msg = pol.message
        if lic is None or SEVERITY[pol.outcome] > SEVERITY[lic.outcome]:
            msg += f" This is stricter than the license text, which {_describe(lic)}."
        reasons.append(Reason(f"use.{act}", pol.clause, "policy", msg))
    if lic is not None:
        reasons.append(Reason(f"use.{act}", lic.clause, "license", lic.message))
    else:
        reasons.append(Reason(f"use.{act}", pack.aup_clause, "license",
                              f"{pack.short_name} has no clause for this; the open-source program office must review it."))
    outcome = strongest([r.outcome for r in (lic, pol) if r is not None] or ["review"])
    # The deciding reason first.
    if pol is not None and lic is not None and SEVERITY[lic.outcome] > SEVERITY[pol.outcome]:
        reasons.reverse()
    return outcome, lic_outcome, reasons


def _conditions(acts: list[str], pack: Pack, pol_rules: Mapping[str, Rule] | None) -> list[Reason]:
    out: list[Reason] = []
    seen: set[str] = set()
    for act in acts:
        for rule in (pack.activities.get(act), (pol_rules or {}).get(act)):
            if rule is None or rule.outcome != "allowed":
                continue
            for cond in rule.conditions:
                if cond not in seen and len(out) < _MAX_CONDITIONS:
                    seen.add(cond)
                    source: Source = "policy" if rule.source == "policy" else "license"
                    out.append(Reason(f"use.{act}.condition", rule.clause, source, f"Condition: {cond}"))
    return out


def _direction_reasons(rec: Recognition, pack: Pack) -> tuple[list[str], list[Reason]]:
    """Reviews for harm cues whose direction is unclear; `detected` harms only explain detect_harm."""
    outcomes: list[str] = []
    reasons: list[Reason] = []
    for cat in rec.ambiguous:
        rule = pack.activities.get(cat)
        clause = rule.clause if rule else pack.aup_clause
        outcomes.append("review")
        reasons.append(Reason(f"use.{cat}.direction", clause, "license",
                              f"The text names a restricted area ({cat.replace('_', ' ')}) with a purpose (detecting, "
                              "moderating, research or fiction) that does not settle whether the use furthers it; "
                              "the open-source program office must review it. Furthering it is prohibited."))
    for cat in rec.weak:
        rule = pack.activities.get(cat)
        clause = rule.clause if rule else pack.aup_clause
        outcomes.append("review")
        reasons.append(Reason(f"use.{cat}.unclear", clause, "license",
                              f"The text touches a restricted area ({cat.replace('_', ' ')}) without saying whether "
                              "the use furthers it; say what the model does there. Furthering it is prohibited."))
    return outcomes, reasons


# find_quantity_spans is the costly part of a plain question; most have no figure at all.
_DIGIT = re.compile(r"\d")
_MAYBE_QTY = re.compile(r"\d\s?(?:k|m|b|mn|mm|bn|mil|thousand|million|billion)\b|\d{1,3}(?:,\d{3})+|"
                        r"\d\s*(?:monthly|active|users|mau|people|customers|subscribers|members)|"
                        r"thousand|million|billion|[만억]", re.IGNORECASE)
_SIZE_AFTER = re.compile(r"[\s-]*(?:(?:[\w.]+[\s-]+){0,3}?(?:models?|vision|instruct|text|param\w*|weights|version|"
                         r"variants?|checkpoints?|llms?)|chat ?bots?|bots?|assistants?|fine ?tunes?|gguf|quant\w*|chat|"
                         r"base)\b", re.IGNORECASE)
_USERS_AFTER = re.compile(r"[\s-]*(?:monthly |active |daily )*(?:users|mau|customers|people|subscribers|members|"
                          r"accounts)\b", re.IGNORECASE)


# _MAYBE_QTY's digit branches with the digit first, so `re` can skip to digits instead of trying every branch
# at every position; with the word branches as substring tests this answers exactly as _MAYBE_QTY does on
# ASCII text (where IGNORECASE is plain ASCII case folding and 만/억 cannot occur).
_MAYBE_QTY_DIGIT = re.compile(r"\d(?:\s?(?:k|m|b|mn|mm|bn|mil|thousand|million|billion)\b|\d{0,2}(?:,\d{3})+|"
                              r"\s*(?:monthly|active|users|mau|people|customers|subscribers|members))", re.IGNORECASE)


def _maybe_qty(text: str) -> bool:
    if not text.isascii():
        return _MAYBE_QTY.search(text) is not None
    low = text.lower()
    return ("thousand" in low or "million" in low or "billion" in low
            or _MAYBE_QTY_DIGIT.search(text) is not None)


def _is_model_size(text: str, raw: str, end: int, target: bool) -> bool:
    """ "the 1B text model", "Scout 17B", "Nova 7B": a parameter count, not users. A bare "7B" counts as users
    only when the text talks about users or MAU, or sets it as a growth target."""
    if raw[-1:] not in "bB" or raw[-2:].lower() == "bn":
        return False
    after = text[end: end + 40]
    if _USERS_AFTER.match(after):
        return False
    before = text[max(0, end - len(raw) - 30): end - len(raw)].split()
    named = bool(before) and before[-1][:1].isupper() and before[-1].lower() not in ("with", "at", "to", "of", "reach")
    # "llama 3.2 vision 11b", "llama 3.1 8b", "scout 17b": a model word or a version just before, in any case
    modelish = bool(before) and _SIZE_BEFORE.fullmatch(before[-1].lower().strip(",.;:()")) is not None
    # "llama guard 3 1b", "llama 2 7b": a bare version number after a model word
    modelish = modelish or (len(before) >= 2 and before[-1].isdigit() and len(before[-1]) <= 2
                            and _SIZE_BEFORE.fullmatch(before[-2].lower().strip(",.;:()")) is not None)
    if bool(_SIZE_AFTER.match(after)) or ((named or modelish) and not target):
        return True
    # "the tenant in 2b", "unit 3b", "room 4b": a label after a place word, where the text does not speak of users
    return (not target and bool(before) and before[-1].lower().strip(",.;:(") in _LABEL_BEFORE
            and _USER_WORDS.search(text) is None)


_USECASE_WORDS = VOCAB.words["usecases"]  # rules/vocab/en.toml [words.usecases]
_LABEL_BEFORE = frozenset(_USECASE_WORDS["label_before"])
_USER_WORDS = re.compile(r"\b(?:" + "|".join(map(re.escape, _USECASE_WORDS["user_words"])) + r")\b", re.IGNORECASE)
_SIZE_BEFORE = re.compile("|".join(map(re.escape, _USECASE_WORDS["size_before"])) + r"|v?\d+(?:\.\d+)+|v\d+")


_QUOTED = re.compile(r"[\"“][^\"“”\n]{1,80}[\"”]|(?<!\w)['‘][^'‘’\n]{1,80}['’](?!\w)")


# Just before a figure: it is the growth, not the users ("growing by 20M", "adding ~5M a month", "+3M/mo",
# "매달 2천만씩 늘고": the Korean gloss writes "increase by").
_INCREMENT = re.compile(r"(?:\b(?:grow\w*|increas\w*|ris\w*|climb\w*|jump\w*|up|add\w*|gain\w*)\s+(?:by\s+)?"
                        r"(?:(?:about|around|roughly|approx\w*|another|an extra|nearly)\s+|~\s*)?|\+\s*)$", re.IGNORECASE)

_CURRENCY = frozenset("$€£¥₩")
_LIMIT_REF_BEFORE = re.compile(r"\b(?:under|below|less than|fewer than|lower than|deal w(?:ith)?|vs\.?|versus|"
                               r"compared to|way under|well under|far (?:below|under))\s*(?:the\s+)?~?$", re.IGNORECASE)
_LIMIT_REF_AFTER = re.compile(r"\s*(?:mau\s+|monthly active users?\s+|users?\s+)?(?:limit|threshold|rule|cap|cutoff|line|"
                              r"clause|thing|restriction)\b", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"\s*(?:dollars?|usd|eur|euros?|pounds?|gbp|won|krw|yen|jpy|bucks|원)\b", re.IGNORECASE)
_INCREMENT_AFTER = re.compile(r"\s*(?:(?:users?|people|mau)\s+)?(?:(?:a|per|each|every)\s+month\s+)?(?:more\s+)?"
                              r"(?:growing|increasing|growth|increase)\b", re.IGNORECASE)


def _mau_values(text: str, mau: str | int | None, target_mau: str | int | None) -> tuple[int | None, int | None]:
    current = parse_mau(mau) if mau is not None and mau != "" else None
    target = parse_mau(target_mau) if target_mau is not None and target_mau != "" else None
    maybe = _DIGIT.search(text) or "illion" in text or "thousand" in text or "만" in text or "억" in text
    spans = find_quantity_spans(text) if maybe and _maybe_qty(text) else ()
    nfkc = text
    if spans and not text.isascii():
        import unicodedata

        nfkc = unicodedata.normalize("NFKC", text)
    quoted = [m.span() for m in _QUOTED.finditer(text)] if spans and any(c in text for c in "\"'“‘") else []
    for q in spans:
        if _is_model_size(text, q.text, q.end, q.target) or is_rate(nfkc, q.end):
            continue  # a parameter count, or a rate ("50k msgs per day", "900M tokens"): not users
        if any(a < q.end <= b for a, b in quoted):
            continue  # inside a quoted model name ("'Legal 70B'"): a size, never users
        if q.start and text[q.start - 1] in _CURRENCY or _MONEY_AFTER.match(text, q.end):
            continue  # "$1,500", "5,000 won": money, not users
        if q.value == limits().limit and (_LIMIT_REF_BEFORE.search(text, max(0, q.start - 30), q.start)
                                  or _LIMIT_REF_AFTER.match(text, q.end)):
            continue  # "we are def under 700M", "the 700M MAU limit": the limit itself (the same for every pack)
        if _INCREMENT.search(text, max(0, q.start - 40), q.start) or _INCREMENT_AFTER.match(text, q.end):
            continue  # "growing by 20M a month": how fast it grows, not a figure of users (_near_limit reads growth)
        if q.target:
            target = max(target or 0, q.value)
        elif current is None:
            current = q.value
        else:  # a second current-looking figure ("from 100M to 800M"): the larger is where it is heading
            target = max(target or 0, q.value)
    return current, target


def _mau_part(current: int | None, target: int | None, pack: Pack,
              policy: Policy) -> tuple[list[str], list[tuple[str, Reason]]]:
    """Outcomes of the MAU figures, and their reasons each paired with the outcome it decides ("" for context)."""
    outcomes: list[str] = []
    reasons: list[tuple[str, Reason]] = []
    for value, is_target in ((current, False), (target, True)):
        if value is None or (is_target and current is not None and value <= current):
            continue
        outcome, rs = mau_reasons(value, pack=pack, policy=policy, target=is_target)
        outcomes.append(outcome)
        reasons += [(outcome if i == 0 else "", r) for i, r in enumerate(rs)]
    return outcomes, reasons


_GROWING = re.compile(r"\b(?:grow\w*|growth|increas\w*|scal\w* up|expand\w*|doubl\w*|ramp\w* up|rising|climbing|"
                      r"adding)\b|\bup (?:by )?~?\d|\+\s*\d", re.IGNORECASE)
_NEAR = 0.9  # of the threshold: close enough that growth makes the next monthly check the one that fails


def _near_limit(text: str, current: int | None, target: int | None, pack: Pack, policy: Policy) -> list[Reason]:
    """Under a policy that checks MAU every month, a figure just under the limit that is growing needs review."""
    if (current is None or target is not None or pack.threshold is None or not policy.mau_continuous
            or not _NEAR * policy.threshold <= current < policy.threshold or not _GROWING.search(text)):
        return []
    return [Reason("mau.near_limit", policy.mau_target_clause, "policy",
                   f"{current:,} monthly active users and growing is within {100 - int(_NEAR * 100)}% of the "
                   f"700 million limit, which the guide checks every month: consult the open-source program "
                   f"office (and Meta) before reaching it.")]


UNEXPLAINED_NOTE = "unexplained: "
_MODEL_MAKING = frozenset({"fine_tune", "distill_teacher", "train_llm_on_outputs", "outputs_task_dataset", "distribute",
                           "merge", "quantize"})
# A model name the text states: quoted after "as", "named", "called", "the name".
_STATED_NAME = re.compile(r"\b(?:as|named|called|name(?: it| them)?|under the name|branded(?: as)?)\s*:?\s*"
                          r"[\"'“‘`«「]([^\"'“”‘’`»」\n]{2,60})[\"'”’`»」]", re.IGNORECASE)
# ... or the quoted name first: "'Nova-8B' as the name", "distribute the model "Nova-8B" as its name" (the Korean
# gloss of "'Nova-8B'라는 이름으로").
_NAME_THEN_AS = re.compile(r"[\"'“‘`«「]([^\"'“”‘’`»」\n]{2,60})[\"'”’`»」]\s+(?:as|for) (?:the |its |our |a )?"
                           r"(?:model |product |release )?name\b", re.IGNORECASE)
# Unquoted, only a name-shaped token: joined parts ("Acme-Merge-8B", "nova_chat.v2") or inner capitals
# ("NovaChat"), so that "as well" or "as a service" is never taken for a name.
_STATED_BARE_NAME = re.compile(
    r"\b(?i:as|named|called|name(?: it| them)?|under the name|branded(?: as)?)\s*:?\s+"
    r"(?![\w.-]*\.(?i:gguf|safetensors|bin|pt|pth|onnx|json|zip|tar)\b)"  # a file, not a name
    r"(?!(?i:q\d\w*|fp\d+|bf\d+|int\d+|\d+-?bits?|awq|gptq|exl2)\b)"  # a quantisation format
    r"(?=[\w.-]*[A-Za-z])"
    r"([A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+|[A-Za-z][a-z0-9]*[A-Z][A-Za-z0-9]*)(?=[\s,.;:!?)]|$)")


def unexplained_words(v: Verdict) -> list[str]:
    """The risk words of a verdict that no recognised activity explained (for the JSON `unexplained` field)."""
    for n in v.notes:
        if n.startswith(UNEXPLAINED_NOTE):
            return n[len(UNEXPLAINED_NOTE):].split("; ")
    return []


def _risk(t: str, rec: Recognition, pack: Pack) -> tuple[list[str], list[Reason], list[str]]:
    """Harms described without their keywords join the activities; risk words nothing explains give review."""
    for act in rec.activities:
        rule = pack.activities.get(act)
        if rule is not None and rule.outcome == "prohibited":
            return [], [], []  # already prohibited by the license text: nothing the risk layer finds can change it
    seen = set(rec.activities) | set(rec.ambiguous) | set(rec.weak) | set(rec.detected)
    a = assess(t, rec.activities, seen, rec.candidates)
    notes: list[str] = []
    reasons: list[Reason] = []
    for act, words in a.described:
        if act in rec.ambiguous or act in rec.detected:
            continue  # a protective purpose was found for it: the direction reasons already say review
        if act in rec.weak:
            rec.weak.remove(act)
        rec.add(act)
        notes.append(f"recognised {act} from the description: '{words}'")
    for concept, words in a.review:
        rule = pack.activities.get(concept)
        reasons.append(Reason(f"use.{concept}.unclear", rule.clause if rule else pack.aup_clause, "license",
                              f"The text describes something that may be a restricted use ('{words}'); the "
                              "open-source program office must review it."))
    unexplained = [w for _, w in a.review] + a.unexplained
    if a.unexplained:
        shown = ", ".join(f"'{w}'" for w in a.unexplained)
        reasons.append(Reason("use.unexplained.unclear", pack.aup_clause, "license",
                              f"The text says {shown}, which none of the recognised activities explains; an "
                              "answer cannot be allowed on words it did not understand: the open-source program "
                              "office must review it."))
    return notes, reasons, unexplained


_TRAINING = frozenset({"fine_tune", "distill_teacher", "train_llm_on_outputs", "outputs_task_dataset"})


def _vendor_outputs(text: str, acts: list[str]) -> Reason | None:
    """A model trained on another vendor's outputs (Claude, GPT ...): their output terms govern that data, which
    no Llama pack judges, so the answer is at least review."""
    if not _TRAINING.intersection(acts):
        return None
    from rules.versions import families_clause, other_family_message, other_vendors

    vendors = other_vendors(text)
    if not vendors:
        return None
    return Reason("version.other_family", families_clause(), "license", other_family_message(vendors))


def _stated_name(text: str, acts: list[str], pack: Pack, pol: Policy) -> Verdict | None:
    """The name check's verdict on a model name the text states for a model it makes, else None."""
    if not _MODEL_MAKING.intersection(acts):
        return None
    quoted = any(q in text for q in "\"'“‘`«「")
    m = (_STATED_NAME.search(text) or _NAME_THEN_AS.search(text)) if quoted else None
    if m is None:
        m = _STATED_BARE_NAME.search(text)
    if m is None or not m.group(1).strip():
        return None
    from rules.names import check_name

    try:
        return check_name(m.group(1).strip(), license=pack.id, policy=pol.id)
    except RulesError:
        return None


def check_use(
    text: str,
    *,
    license: str = "llama-2",
    policy: str = "guide",
    mau: str | int | None = None,
    target_mau: str | int | None = None,
    unread: list[str] | tuple[str, ...] = (),
    glossed: bool = False,
    scoped: bool = False,
) -> Verdict:
    """Judge a described use. Raises EmptyInputError, QuantityError or UnknownLicenseError on bad input.

    `unread`: words of the original question its gloss could not read (rules.korean.gloss_read, when the caller
    glossed it already); with any, the answer is never `allowed`. `glossed`: `text` is such a gloss (the
    English resemblance check, rules.resemblance, reads only English as people write it). `scoped`: the caller
    already ran rules.versions.scope_verdict on this same text and it judged it in scope (`ask` does)."""
    if not isinstance(text, str) or not text.strip():
        raise EmptyInputError(f"empty use case {text!r}: describe what the model will do, e.g. 'customer chatbot'")
    if not text.isascii():  # Korean is read through its gloss; English never imports rules.korean
        from rules.korean import gloss_read

        english, more = gloss_read(text)
        unread = [*unread, *more]
        glossed = glossed or english != text  # no Hangul (curly quotes, accents): read as English
        text = english
    # load_pack/load_policy resolve a string id themselves, after a lookup of ids already seen (the hot path).
    pack = load_pack(license) if isinstance(license, str) else load_pack(resolve_license(license))
    pol = load_policy(policy) if isinstance(policy, str) else load_policy(resolve_policy(policy))
    text_pol = pol if not pol.layers_guide else load_policy("license-text")
    pol_rules = pol.activities_for(pack.id) if pol.layers_guide else None
    if not scoped:
        from rules.versions import scope_verdict

        if (out := scope_verdict(text, kind="use", license=pack.id, policy=pol.id)) is not None:
            return out  # a Llama version with no pack, or another vendor's model: never judged under this pack

    kept, negated = strip_negated(text)
    t = normalize(kept)
    # The stricter resemblance bar reads English as people write it: a Korean gloss, or words it could not read, get
    # no tentative reading (tried: the bar on a gloss let "a notice that foreign tenants get no renewal" through).
    rec = recognise(t, pack_id=pack.id, eu_pack=pack.eu_multimodal, bar=not glossed and not unread)
    risk_notes, risk_reasons, unexplained = _risk(t, rec, pack)
    current, target = _mau_values(text, mau, target_mau)

    outcomes: list[str] = []
    text_outcomes: list[str] = []
    decisive: list[Reason] = []
    acts = rec.activities
    for act in acts:
        outcome, lic_outcome, rs = _activity_reasons(act, pack, pol_rules)
        outcomes.append(outcome)
        text_outcomes.append(lic_outcome)
        decisive.extend(rs)
    d_out, d_reasons = _direction_reasons(rec, pack)
    outcomes += d_out
    text_outcomes += d_out
    decisive += d_reasons
    outcomes += ["review"] * len(risk_reasons)
    text_outcomes += ["review"] * len(risk_reasons)
    decisive += risk_reasons
    vendor = _vendor_outputs(text, acts)
    if vendor is not None:
        outcomes.append("review")
        text_outcomes.append("review")
        decisive.append(vendor)
    name_v = _stated_name(text, acts, pack, pol)
    if name_v is not None:
        outcomes.append(name_v.verdict)
        text_outcomes.append(name_v.verdict)
        decisive += list(name_v.reasons)
    if rec.trademark:
        tm = [Reason("use.trademark", pack.trademark_clause, "license",
                     f"{pack.trademark_grant} Using the Llama or Meta marks beyond describing the model needs review; "
                     "check model names with `llama-check name`.")]
        if pol.layers_guide and pol.naming is not None:
            tm.insert(0, Reason("use.trademark", pol.naming.trademark_clause, "policy",
                                "The guide prohibits unauthorized use of the Llama trademark; \"Built with Llama 2\" "
                                "as a description is OK."))
        decisive += tm
        outcomes.append("review")
        text_outcomes.append("review")
    if rec.eu_text_only and pack.eu_clause:
        decisive.append(Reason("use.eu_text_only", pack.eu_clause, "license",
                               "The EU paragraph of the acceptable use policy covers multimodal models only; a "
                               "text-only model is not affected."))
        outcomes.append("allowed")
        text_outcomes.append("allowed")
    m_out, m_reasons = _mau_part(current, target, pack, pol)
    near = _near_limit(text, current, target, pack, pol)
    m_out += ["review"] * len(near)
    m_reasons += [("review", r) for r in near]
    t_out, _ = _mau_part(current, target, pack, text_pol)
    outcomes += m_out
    text_outcomes += t_out

    if not glossed and not unread and not rec.detected and outcomes and strongest(outcomes) == "allowed":
        # English read only by its cues: a question that reads like the prohibited requests is not allowed on
        # words whose harm no cue named (rules.resemblance). A use that detects, flags or moderates a harm has
        # explained its harm words already (rec.detected).
        from rules.resemblance import resembles

        # An answer that rests only on tentative readings (no firmly recognised activity), or that set a high-risk
        # domain aside as looser clerical work, meets the stricter bar.
        tentative = bool(rec.clerical) or (bool(rec.tentative) and all(a in rec.tentative for a in acts))
        words = resembles(kept, VOCAB.tentative_threshold if tentative else None)
        if words:
            from rules.i18n import text as message

            shown = ", ".join(f"'{w}'" for w in words)
            outcomes.append("review")
            text_outcomes.append("review")
            decisive.append(Reason("use.resembles.review", pack.aup_clause, "license",
                                   message("reason.use.resembles.review", "en", words=shown)))
            unexplained = [*unexplained, *words]
    if unread and outcomes and strongest(outcomes) == "allowed":
        # Words the Korean gloss could not read: never allowed on what was not understood.
        shown = ", ".join(f"'{w}'" for w in unread)
        outcomes.append("review")
        text_outcomes.append("review")
        decisive.append(Reason("use.unexplained.unclear", pack.aup_clause, "license",
                               f"The text says {shown}, which none of the recognised activities explains; an "
                               "answer cannot be allowed on words it did not understand: the open-source program "
                               "office must review it."))
        unexplained = [*unexplained, *unread]
    notes: list[str] = []
    if acts or rec.ambiguous or rec.weak:
        notes.append("recognised: " + ", ".join(acts + rec.ambiguous + rec.weak))
    notes += risk_notes
    if negated:
        notes.append("set aside as negated: " + "; ".join(f"'{n}'" for n in negated))
    if name_v is not None:
        notes.append(f"the stated model name was checked too: {LABELS[name_v.verdict]}")
    if unexplained:
        notes.append(UNEXPLAINED_NOTE + "; ".join(unexplained))
    if not outcomes and negated:
        # Only what the model will not do: a promise or a shrug, never allowed, never a false "prohibited".
        outcomes.append("review")
        text_outcomes.append("review")
        decisive.append(Reason("use.negated.unclear", pack.aup_clause, "license",
                               "The text says only what the model will not be used for ("
                               + "; ".join(f"'{n}'" for n in negated) + "); say what it will do. Doing it would "
                               "need review or be prohibited."))
    if not outcomes:
        return Verdict(kind="use", verdict="unclear", license=pack.id, policy=pol.id, mau=current,
                       reasons=(Reason("use.unclear", "guide: Use Scenarios", "policy", _UNCLEAR_HINT),),
                       suggestions=(_SUGGEST_UNCLEAR,),
                       notes=tuple(notes))

    verdict = strongest(outcomes)
    # Reasons that decide the verdict first, then MAU lines, then the rest.
    reasons = [r for r in decisive if _reason_outcome(r, pack, pol_rules) == verdict]
    reasons += [r for o, r in m_reasons if o == verdict]
    reasons += [r for o, r in m_reasons if o != verdict]
    reasons += [r for r in decisive if r not in reasons]
    for domain in rec.domain_unclear:
        reasons.append(Reason(f"use.{domain}.who_decides", "guide: Prohibited Items 7", "policy",
                              f"Say who makes the final decision: with {_DOMAIN_WORDS[domain]} deciding it needs "
                              "review; the model deciding alone is prohibited under the guide."))
    if name_v is not None and name_v.verdict == verdict:
        reasons = [r for r in name_v.reasons] + [r for r in reasons if r not in name_v.reasons]
    if verdict == "allowed":
        reasons += _conditions(acts, pack, pol_rules)
        if current is None and pack.threshold is not None:
            notes.append("No MAU given: allowed below 700 million monthly active users; add --mau to check.")
    if rec.detected:
        notes.append("named but only detected/moderated/studied: " + ", ".join(rec.detected))
    if pol.layers_guide:
        text_verdict = strongest(text_outcomes)
        if text_verdict != verdict:
            reasons.append(Reason("policy.license_text", pack.aup_clause if acts else pack.mau_clause, "license",
                                  f"Under the license text alone (policy license-text) the answer would be "
                                  f"{LABELS[text_verdict]}; the guide is stricter."))
    suggestions: list[str] = []
    if verdict != "allowed":
        for act, outcome in zip(acts, outcomes, strict=False):
            tip = _SUGGEST.get(act)
            if tip and outcome == verdict and tip not in suggestions:
                suggestions.append(tip)
        if verdict in ("license_required", "review") and m_out and max(m_out, key=SEVERITY.__getitem__) == verdict:
            suggestions.append(_SUGGEST_MAU)
    return Verdict(kind="use", verdict=cast(Outcome, verdict), license=pack.id, policy=pol.id, mau=current,
                   reasons=tuple(reasons), suggestions=tuple(suggestions[:3]), notes=tuple(notes))


def _reason_outcome(reason: Reason, pack: Pack, pol_rules: Mapping[str, Rule] | None) -> str:
    """The outcome the rule behind a reason gives (for ordering the deciding reasons first)."""
    if reason.rule.startswith("version."):
        return "review"  # terms no Llama pack judges (another vendor's outputs): the OSPO reviews them
    rule_id = reason.rule.removeprefix("use.")
    if rule_id == "trademark":
        return "review"
    if "." in rule_id:
        return "review" if rule_id.endswith((".direction", ".unclear")) else ""
    src = pack.activities if reason.source == "license" else (pol_rules or {})
    rule = src.get(rule_id)
    return rule.outcome if rule else "review"
