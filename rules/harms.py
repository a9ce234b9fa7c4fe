"""The harm vocabulary: what the acceptable use policies and the guide prohibit, as cue patterns.

Harm categories have three kinds of cue (HARMS[category] = (ACT, TOPIC, WEAK)):
- ACT: the text describes doing the harm (a verb form: "harass", "stalk"; or a doing verb a few words
  before a topic: "write hate speech", "plan a robbery", see `does_before`).
- TOPIC: the harm is named ("hate speech", "spam", "robbery"); a protective purpose (detect, moderate,
  research, a novel about...) turns a topic into `detect_harm`.
- WEAK: something only sometimes harmful ("drugs", "guns", "military"): alone it gives `review`, never
  `allowed`; STRENGTHEN lists what makes it an ACT ("collect emails" + "without consent").
Direction cues (PROTECT, FICTION, EVADE, ...) decide whether a named harm is done or detected.
"""

from __future__ import annotations

import re
from itertools import pairwise

from rules.text import rx
from rules.vocab import VOCAB

# Every cue list below is data: rules/vocab/en.toml ([harms.*], [cues.harms], [raw.harms], [words.harms], [macros]).
_CUES = VOCAB.cues["harms"]
_RAW = VOCAB.raw["harms"]

# People as objects: "screen out applicants", "identify protesters" is not moderation.
PERSONS = VOCAB.macros['PERSONS']

# Doing verbs: a harm named within three words after one of these is being done, not studied.
_DO_WORD = re.compile(_RAW['do_word'])
_GUIDE_WORDS = frozenset(VOCAB.words['harms']['guide_words'])


_NEGATIONS = frozenset(VOCAB.words['harms']['negations'])


def negated_before(t: str, start: int) -> bool:
    """A negation in the five words before `start` ("never generates hate speech"): the text may be promising
    the opposite, or not; such a cue gives review, never allowed."""
    words = t[max(0, start - 50): start].split()
    return any(w in _NEGATIONS for w in words[-5:])


def does_before(t: str, start: int) -> bool:
    """A doing verb in the four words before position `start` ("write hate speech", "how to make a bomb")."""
    words = t[max(0, start - 60): start].split()
    if start > 60 and words:
        words = words[1:]  # the window may have cut a word in half
    if any(_DO_WORD.match(w) for w in words[-4:]):
        return True
    last = words[-6:]
    if any(w == "how" and nxt in ("to", "do", "can") for w, nxt in pairwise(last)):
        return True
    return any(w in _GUIDE_WORDS for w in words[-3:])


# A protective purpose: detecting, moderating, researching, fiction about a harm.
PROTECT = rx(*_CUES['protect'])
# Studying a harm: a protective purpose, except where the study is the harm (weapons research is weapon
# development; "military research" is a military application).
STUDY = re.compile(_RAW['study'])
STUDY_NO_EXCUSE = frozenset(VOCAB.words['harms']['study_no_excuse'])
# Fiction protects a topic only when nothing shows the harm is produced for real.
FICTION = rx(*_CUES['fiction'])
# A protective word right after an evasion word is the opposite: "evades detection", "bypass the filter".
EVADE = re.compile(_RAW['evade'])
# ... or right before one: "fact-checkers cannot detect", "moderators won't notice".
EVADED_AFTER = re.compile(_RAW['evaded_after'])
# ... or a thing faked: "fake studies", "pass them off as real research", "disguised as an audit".
FAKED_BEFORE = re.compile(_RAW['faked_before'])
NOT_PROTECTIVE_OBJECT = re.compile(_RAW['not_protective_object'])
# A news story is not fiction.
NEWS_STORY = re.compile(_RAW['news_story'])

CHILD_WORDS = VOCAB.macros['CHILD_WORDS']
CHILD = re.compile(_RAW['child'])

GROUPS = VOCAB.macros['GROUPS']

NO_CONSENT = re.compile(_RAW['no_consent'])

# Harm categories: activity -> (ACT patterns, TOPIC patterns, WEAK patterns). See the module docstring.
HARMS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = VOCAB.harms

# Categories a fiction framing never excuses (the material itself is the harm).
FICTION_NO_EXCUSE = frozenset(VOCAB.words['harms']['fiction_no_excuse'])
# Categories recognised only when the text also has this context ("grooming" a dog is not a harm).
REQUIRES: dict[str, re.Pattern[str]] = {k.removeprefix("requires_"): re.compile(p) for k, p in _RAW.items()
                                         if k.startswith("requires_")}
# A weak cue becomes doing the harm when this is also in the text ("collect emails" + "without consent").
STRENGTHEN: dict[str, re.Pattern[str]] = {k.removeprefix("strengthen_"): re.compile(p) for k, p in _RAW.items()
                                           if k.startswith("strengthen_")}
