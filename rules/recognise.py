"""Activity recognition: free text -> the activity ids of the shared vocabulary (see rules.data.ACTIVITIES).

Pure pattern work on normalised text (rules.text.normalize); the legal outcome of each activity comes
from the packs and policies, never from here. Three hard parts get their own functions:
- harms: doing a harm vs detecting/moderating/researching/fiction about it (direction cues);
- high-risk domains: the model deciding alone vs a professional in the loop;
- output training: another LLM (banned in 2 and 3) vs a task model vs Llama itself.
"""

from __future__ import annotations

import re

from rules.harms import (
    EVADE,
    EVADED_AFTER,
    FAKED_BEFORE,
    FICTION,
    FICTION_NO_EXCUSE,
    HARMS,
    NEWS_STORY,
    NOT_PROTECTIVE_OBJECT,
    PROTECT,
    REQUIRES,
    STRENGTHEN,
    STUDY,
    STUDY_NO_EXCUSE,
    does_before,
    negated_before,
)
from rules.risk import INDEX_CUES
from rules.text import Cue, CueIndex, W, prefilter, rx
from rules.versions import other_vendors
from rules.vocab import VOCAB

# Every cue list below is data: rules/vocab/en.toml ([activities.*], [domains.*], [cues.recognise], [macros]).
_CUES = VOCAB.cues["recognise"]


class Recognition:
    """What recognise() found (a plain class: built once per question, and `dataclasses` costs start-up)."""

    __slots__ = ("activities", "ambiguous", "candidates", "clerical", "detected", "domain_unclear", "eu_text_only",
                 "tentative", "trademark", "weak")

    def __init__(self) -> None:
        self.activities: list[str] = []  # decided activity ids, in order found
        self.ambiguous: list[str] = []  # harms with a protective cue AND a doing cue
        self.weak: list[str] = []  # harm-sounding words with no clear direction
        self.detected: list[str] = []  # harms only detected/moderated/studied
        self.domain_unclear: list[str] = []  # high-risk domain, who decides not said
        self.tentative: list[str] = []  # activities read only from tentative cues (rules.vocab [tentative])
        self.clerical: list[str] = []  # high-risk domains set aside as looser clerical work (rules.usecases)
        self.eu_text_only = False  # EU licensee but a text-only model: the EU paragraph does not apply
        self.trademark = False  # the Llama or Meta marks used beyond naming a model
        self.candidates: set[str] = set()  # rules.risk cue keys the word pass found (see rules.risk.assess)

    def add(self, activity: str) -> None:
        if activity not in self.activities:
            self.activities.append(activity)


def _compile(parts: tuple[str, ...]) -> re.Pattern[str] | None:
    return rx(*parts) if parts else None


_HARM_RX = {cat: tuple(_compile(p) for p in kinds) for cat, kinds in HARMS.items()}
# One search per category (and one for all) before the detailed act/topic/weak passes: most questions
# name no harm at all, and speed matters (>= 5,000 ask/s).
_HARM_ANY = {cat: Cue(*(p for kind in kinds for p in kind)) for cat, kinds in HARMS.items()}

# ---------------------------------------------------------------- ordinary and permitted activities
_PROFS = VOCAB.macros['PROFS']
ACTIVITY_RX: dict[str, Cue] = {k: Cue(*v) for k, v in VOCAB.activities.items()}


def _activity_parts(activities: dict[str, list[str]]) -> dict[str, Cue]:
    """Each activity's cue list cut into index keys "a:<id>#<n>": one key per pattern with a literal start (the
    word pass selects only the patterns whose stems the question has), and one "a:<id>#*" for the patterns with
    none (always tried). A question matches an activity exactly when it matches one of its parts; searching only
    the selected parts keeps long lists (ordinary_product has ~190 patterns) from costing every question."""
    out: dict[str, Cue] = {}
    for aid, parts in activities.items():
        loose = [p for p in parts if prefilter((p,)) is None]
        for i, p in enumerate(parts):
            if p not in loose:
                out[f"a:{aid}#{i}"] = Cue(p)
        if loose:
            out[f"a:{aid}#*"] = Cue(*loose)
    return out


_ACTIVITY_PARTS = _activity_parts(VOCAB.activities)
# Tentative cues (an ordinary task named only by its artifact): index keys "w:<id>#<n>", tried after the firm ones.
_TENTATIVE_PARTS = {"w" + k[1:]: v for k, v in _activity_parts(VOCAB.tentative).items()}

# One word pass finds the candidate harm categories and ordinary activities together.

# ---------------------------------------------------------------- output training
_OUT = Cue(*_CUES['out'])
_TRAIN = rx(*_CUES['train'])
_OWN_TRAINING_DATA = rx(*_CUES['own_training_data'])
_DISTILL = Cue(*_CUES['distill'])
_LLM = rx(*_CUES['llm'])
_NOT_LLM = rx(*_CUES['not_llm'])
_TASK = rx(*_CUES['task'])
_LLAMA_TARGET = rx(*_CUES['llama_target'])
_SAME_MODEL = rx(*_CUES['same_model'])
# Outputs said to be Llama's own ("llama 3 outputs", "outputs from llama"), as opposed to another vendor's.
_LLAMA_OUTPUTS = re.compile(r"\b(?:llama(?: ?\d[\w.]*)?(?:'s)? (?:\w+ )?(?:outputs?|responses?|answers?|generations?|generated)"
                            r"|(?:outputs?|responses?|answers?|generations?) (?:of|from|by) (?:meta ?)?llama)\b")
_TRAIN_PEOPLE = rx(*_CUES["train_people"])
_MODEL_WORD = rx(*_CUES["model_word"])

# ---------------------------------------------------------------- high-risk domains
DOMAINS: dict[str, Cue] = {k: Cue(*v) for k, v in VOCAB.domains.items()}
_LOGISTICS = rx(*_CUES['logistics'])
_EMERGENCY_STRONG = rx(*_CUES['emergency_strong'])
_SOLE = rx(*_CUES['sole'])
_ASSIST = rx(*_CUES['assist'])
_SOLE_WEAK = rx(*_CUES['sole_weak'])
_CLERICAL = rx(*_CUES['clerical'])
_ADVICE = rx(*_CUES['advice'])
_NO_ADVICE = rx(*_CUES['no_advice'])
_CLERICAL_TENTATIVE = rx(*_CUES['clerical_tentative'])

# ---------------------------------------------------------------- geography (AUP EU paragraph, 3.2+)
_EU_PLACE = VOCAB.macros['EU_PLACE']
_EU_ADJ = VOCAB.macros['EU_ADJ']
_NON_EU_PLACE = VOCAB.macros['NON_EU_PLACE']
_NON_EU_ADJ = VOCAB.macros['NON_EU_ADJ']
_ORG = VOCAB.macros['ORG']
_WHERE = VOCAB.macros['WHERE']


def _licensee(place: str, adj: str) -> re.Pattern[str]:
    return rx(adj + r" (?:based |headquartered )?(?:[\w']+ )?" + _ORG + r"\b",
              _WHERE + r" (?:[\w']+ ){0,2}?(?:in|out of|from) (?:the )?" + place,
              r"(?:we are|we're|i am|i'm|we live|i live|we reside|i reside|we sit|our (?:company|startup|firm|business|"
              r"team|hq) is) (?:[\w']+ ){0,3}?(?:in|from) (?:the )?" + place,
              adj + r" (?:citizens?|residents?|individuals?|nationals?|freelancers?|researchers?|students?|developers?|"
              r"person|sole trader)\b(?! (?:use|using|of) (?:our|your|the company))",
              r"(?:citizens?|residents?|nationals?) of (?:the )?" + place + r"(?! (?:use|using) (?:our|your))",
              _ORG + r" (?:(?:is |are |that is |which is )?(?:based |located |headquartered |registered )?)(?:in|from) "
              r"(?:the )?" + place,
              place + r" (?:based|built|made|headquartered)", r"(?:made|built) in (?:the )?" + place,
              *(p.replace("<PLACE>", place) for p in _CUES["place_org"]))


_EU_LICENSEE = _licensee(_EU_PLACE, _EU_ADJ)
_NON_EU_LICENSEE = _licensee(_NON_EU_PLACE, _NON_EU_ADJ)
_EU_USERS = rx(*_CUES['eu_users'])
_EU_ANY = rx(*_CUES['eu_any'])
_OUTSIDE_EU = rx(*_CUES['outside_eu'])
_TRADEMARK = Cue(*_CUES['trademark'])
_MULTIMODAL = rx(*_CUES['multimodal'])
_TEXT_ONLY = rx(*_CUES['text_only'])


# One pass over the words finds every cue family that can match: harm categories, ordinary activities,
# high-risk domains and EU places; only those regexes run.
_INDEX = CueIndex({
    **INDEX_CUES,
    **{f"h:{k}": v for k, v in _HARM_ANY.items()},
    **_ACTIVITY_PARTS,
    **_TENTATIVE_PARTS,
    **{f"d:{k}": v for k, v in DOMAINS.items()},
    "g:eu": Cue(_EU_PLACE, r"europe\w*", _EU_ADJ),
    "o:out": _OUT,
    "o:distill": _DISTILL,
    "t:mark": _TRADEMARK,
})


def _protective(t: str) -> str:
    """The strongest protective purpose in the text: "detect", "study", "fiction" or ""."""
    study = False
    for m in PROTECT.finditer(t):
        if (EVADE.search(t, max(0, m.start() - 30), m.start()) or FAKED_BEFORE.search(t, max(0, m.start() - 30), m.start())
                or NOT_PROTECTIVE_OBJECT.match(t, m.start())
                or EVADED_AFTER.match(t, m.end())):
            continue
        if not STUDY.match(m.group(0)):
            return "detect"
        study = True
    if study:
        return "study"
    for m in FICTION.finditer(t):
        if not NEWS_STORY.search(t, max(0, m.start() - 25), m.end()):
            return "fiction"
    return ""


def _harms(t: str, rec: Recognition, ordered: list[str]) -> None:
    cats = [c[2:] for c in ordered if c[0] == "h" and _HARM_ANY[c[2:]].rx.search(t)]
    if not cats:
        return
    purpose = _protective(t)
    for cat in cats:
        act_rx, topic_rx, weak_rx = _HARM_RX[cat]
        need = REQUIRES.get(cat)
        if need is not None and not need.search(t):
            continue
        if purpose == "study" and cat in STUDY_NO_EXCUSE:
            rec.ambiguous.append(cat)  # "weapons research": review, never allowed
            continue
        excused = purpose in ("detect", "study") or (purpose == "fiction" and cat not in FICTION_NO_EXCUSE)
        kind = ""
        if act_rx is not None and act_rx.search(t):
            kind = "act"
        elif topic_rx is not None:
            for m in topic_rx.finditer(t):
                if negated_before(t, m.start()):
                    kind = kind or "weak"  # "a bot that never writes hate speech": review
                    continue
                kind = "act" if does_before(t, m.start()) else "topic"
                if kind == "act":
                    break
        if not kind and weak_rx is not None and weak_rx.search(t):
            strong = STRENGTHEN.get(cat)
            kind = "act" if strong is not None and strong.search(t) else "weak"
        if not kind:
            continue
        if kind == "act":
            rec.ambiguous.append(cat) if excused else rec.add(cat)
        elif excused:
            rec.detected.append(cat)
        elif kind == "topic":
            rec.add(cat)
        else:
            rec.weak.append(cat)


def _high_risk(t: str, rec: Recognition, candidates: set[str], bar: bool) -> None:
    advice: bool | None = None  # advice, a diagnosis or a decision named (not negated): asked once, when needed
    for domain, drx in DOMAINS.items():
        if f"d:{domain}" not in candidates or not drx.rx.search(t):
            continue
        if domain == "emergency" and _LOGISTICS.search(t) and not _EMERGENCY_STRONG.search(t):
            continue  # dispatchers of delivery trucks are not emergency services
        if _SOLE.search(t):
            rec.add(f"{domain}_sole")
            continue
        clerical = _CLERICAL.search(t) is not None
        looser = not clerical and bar and not rec.detected and _CLERICAL_TENTATIVE.search(t) is not None
        if clerical or looser:
            if advice is None:
                advice = _ADVICE.search(_NO_ADVICE.sub(" ", t)) is not None
            if not advice:
                # The form of the domain's documents, not its advice (guide, Prohibited Items 7). On looser clerical
                # words (a reminder, a timeline) the answer meets the stricter resemblance bar (rules.usecases).
                if looser:
                    rec.clerical.append(domain)
                continue
        if _ASSIST.search(t):
            rec.add(f"{domain}_assist")
        elif _SOLE_WEAK.search(t):
            rec.add(f"{domain}_sole")
        else:
            rec.add(f"{domain}_assist")
            rec.domain_unclear.append(domain)


def _output_training(t: str, rec: Recognition, candidates: set[str]) -> bool:
    """Training on outputs or distilling; True when the text was about that (then `fine_tune` etc. are decided)."""
    if "training data" in t and _OWN_TRAINING_DATA.search(t):
        t = _OWN_TRAINING_DATA.sub(" ", t)  # "does it repeat training data": the model's own data, not its outputs
    distill = "o:distill" in candidates and bool(_DISTILL.rx.search(t))
    if not distill and not ("o:out" in candidates and _OUT.rx.search(t) and _TRAIN.search(t)):
        return False
    if not distill and _TRAIN_PEOPLE.search(t) and not _MODEL_WORD.search(t):
        return False  # training staff with generated examples is not training a model
    banned = "distill_teacher" if distill else "train_llm_on_outputs"
    if not distill and _LLAMA_TARGET.search(t) and not _LLAMA_OUTPUTS.search(t) and other_vendors(t):
        # Llama trained on another vendor's outputs (GPT-4, Claude ...): fine-tuning Llama, on data whose own
        # terms no Llama pack judges (rules.usecases adds that review).
        rec.add("fine_tune")
        return True
    if _SAME_MODEL.search(t) and not other_vendors(t):
        rec.add("fine_tune")  # the Llama model trained again on its own outputs: Llama improving itself
    elif _NOT_LLM.search(t):
        rec.add("outputs_task_dataset")  # "a model that is not an LLM": the guide's task-dataset example
    elif _LLM.search(t):
        rec.add(banned)
    elif _TASK.search(t):
        rec.add("outputs_task_dataset")
    elif _LLAMA_TARGET.search(t):
        rec.add("fine_tune")  # improving Llama itself or a Llama derivative is the guide's permitted example
    else:
        rec.add(banned)  # a model of one's own trained on outputs: the guide's "new LLM" case
    return True


def _geography(t: str, rec: Recognition, *, pack_id: str, eu_pack: bool) -> None:
    outside = bool(_OUTSIDE_EU.search(t))  # "a non-EU company", "we are not based in the EU"
    eu_lic = None if outside else _EU_LICENSEE.search(t)
    non_eu = outside or bool(_NON_EU_LICENSEE.search(t))
    if eu_lic:
        if _MULTIMODAL.search(t) or pack_id == "llama-4":
            rec.add("eu_multimodal")
        elif _TEXT_ONLY.search(t):
            rec.eu_text_only = True
        else:
            rec.add("eu_unclear")
    elif _EU_USERS.search(t):
        rec.add("eu_end_users" if non_eu else "eu_unclear")
    elif eu_pack and _EU_ANY.search(t) and not non_eu:
        rec.add("eu_unclear")


def recognise(t: str, *, pack_id: str, eu_pack: bool, bar: bool = True) -> Recognition:
    """The activities in normalised text `t` (see rules.text.normalize). `bar`: the caller can hold an answer to the
    stricter resemblance bar (English as people write it, every word read); without it nothing is read tentatively
    (no tentative cue, no domain set aside on looser clerical words)."""
    rec = Recognition()
    candidates = _INDEX.candidates(t)
    rec.candidates = candidates  # rules.risk.assess picks its own keys ("r:", "l:") out of them
    ordered = _INDEX.ordered(candidates, "ahw")
    _harms(t, rec, ordered)
    _high_risk(t, rec, candidates, bar)
    about_outputs = _output_training(t, rec, candidates)
    later: list[str] = []
    for key in ordered:
        if key[0] != "a":
            if key[0] == "w":
                later.append(key)
            continue
        aid = key[2:key.index("#")]
        if aid in rec.activities or (about_outputs and aid in ("outputs_commercial", "fine_tune", "research")):
            continue
        if _ACTIVITY_PARTS[key].rx.search(t):
            rec.add(aid)
    if not bar or rec.detected:
        later = []  # a tentative reading needs the bar; a harm only detected has explained its words already
    for key in later:  # read only from its artifact: rules.usecases holds it to the stricter resemblance bar
        aid = key[2:key.index("#")]
        if aid in rec.activities or (about_outputs and aid in ("outputs_commercial", "fine_tune", "research")):
            continue
        if _TENTATIVE_PARTS[key].rx.search(t):
            rec.add(aid)
            rec.tentative.append(aid)
    if rec.detected and not rec.ambiguous:
        rec.add("detect_harm")
    if "detect_harm" in rec.activities or rec.ambiguous:
        # "research on disinformation" is about the harm, not a research licence question.
        rec.activities = [a for a in rec.activities if a != "research"]
    if "g:eu" in candidates:
        _geography(t, rec, pack_id=pack_id, eu_pack=eu_pack)
    rec.trademark = "t:mark" in candidates and bool(_TRADEMARK.rx.search(t))
    return rec


__all__ = ["DOMAINS", "Recognition", "W", "recognise"]
