"""Korean questions read as the English the recogniser knows: `gloss("라마 3 출력으로 다른 LLM 학습시켜도 돼?")`
-> "with llama 3 outputs train other LLM ?".

A front end only: the legal reading stays in the English engine (rules.recognise, rules.usecases,
rules.intent), so a Korean question gets the verdict its English twin gets. The vocabulary is data
(rules/vocab/gloss/ko.toml); this module is the stem-and-particle machinery, measured against a morphological
analyser's job on the frozen blind set eval/ko_blind.jsonl (see eval/ko_score.py):

- Korean is agglutinative: particles and endings attach to stems (학습시켜도, 학습하려고, 학습용). Each run
  of Hangul is cut greedily into the longest stems of the vocabulary; what is left of a word (을/를/로/에,
  해도/하려고/시켜서) only says the word's role.
- Korean is verb-final: a verb moves in front of the object phrase gathered since the last clause
  boundary ("혐오 발언을 생성" -> "generate hate speech"), as the English cues are written.
- Postpositions take the phrase before them ("의사 없이" -> "without doctor").
- Negation is written in the shape the English negation scope (rules.risk.strip_negated) reads: a negated verb
  (쓰지 않고, 안 써요, 진단은 하지 않고, 라마 3 말고) takes its whole clause after "not" and a comma closes the scope
  ("출력은 학습에 쓰지 않고 화면에만 표시" -> "not use outputs train, show only screen"); -만 is "only"; a
  safeguard not obtained is "without" it (동의를 받지 않고, 동의하지 않은 회원 -> "without consent"); a negated
  relative clause closes before its noun.
- Quantities (7억 명, 6억 9,000만) become figures; quoted names are kept, with the Hangul marks (라마, 메타)
  written as the marks they transliterate.

Loaded only when a question contains Hangul (rules.intent.ask checks `str.isascii` first), so English
start-up and speed are untouched.
"""

from __future__ import annotations

import itertools
import re
import threading
from pathlib import Path

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_VOCAB_PATH = Path(__file__).resolve().parent / "vocab" / "gloss" / "ko.toml"


def has_hangul(text: str) -> bool:
    return not text.isascii() and _HANGUL.search(text) is not None


def _is_hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3"


class _Vocab:
    __slots__ = (
        "as_verbs",
        "but_not",
        "by_first",
        "by_first_len",
        "city_rx",
        "clause_after_noun",
        "comparison",
        "comparison_gate",
        "connective",
        "copula",
        "copula_lead",
        "covert",
        "ending_first",
        "figures",
        "former",
        "function",
        "function_words",
        "initial",
        "instrument",
        "light",
        "neg_after",
        "neg_allowed",
        "neg_before",
        "never",
        "nominal",
        "not_copula",
        "noun_particles",
        "only",
        "participles",
        "phrases",
        "place_adj",
        "places",
        "plural",
        "pretend",
        "pretend_copula",
        "pretend_to_be",
        "quotative",
        "raise_gloss",
        "raise_nouns",
        "relative",
        "relative_neg",
        "risk",
        "senses",
        "spelling",
        "spelling_rx",
        "subject",
        "tails",
        "text_nouns",
        "version_rx",
        "version_words",
        "without",
        "without_nouns",
    )

    def __init__(self, data: dict[str, object]) -> None:
        # first character -> [(stem, kind, gloss)], longest stem first
        self.by_first: dict[str, list[tuple[str, str, str]]] = {}
        seen: dict[str, str] = {}
        for kind in ("nouns", "words", "verbs", "native", "postpositions"):
            table = data.get(kind, {})
            assert isinstance(table, dict)
            for gloss, stems in _entries(table):
                for stem in stems:
                    stem = "\x01".join(stem.split())  # a multi-word stem: its spaces as \x01 (_join_phrases)
                    if stem in seen:
                        raise ValueError(f"rules/vocab/gloss/ko.toml: {stem!r} is listed twice ({seen[stem]} and {kind})")
                    seen[stem] = kind
                    self.by_first.setdefault(stem[0], []).append((stem, kind, gloss))
        # [conjugate]: native verbs and adjectives in their dictionary form, conjugated here, once per process. A form
        # already listed keeps its own gloss; a short form counts only at the start of a word ([initial]).
        short: set[str] = set()
        conj = data.get("conjugate", {})
        assert isinstance(conj, dict)
        listed: set[str] = set()
        for gloss, forms in _entries(conj):
            for form in forms:
                if form in listed:
                    raise ValueError(f"rules/vocab/gloss/ko.toml: {form!r} is listed twice in [conjugate]")
                listed.add(form)
                for stem in _conjugate(form):
                    stem = "\x01".join(stem.split())  # "흉내 내다": a multi-word stem (_join_phrases)
                    if stem in seen:
                        continue
                    seen[stem] = "native"
                    self.by_first.setdefault(stem[0], []).append((stem, "native", gloss))
                    if len(stem) <= 2:
                        short.add(stem)
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))
        # The same, as one table per stem length (longest first): the stem at a position is one lookup per length,
        # not a test of every stem with that first character (stems are unique, so a length has at most one match).
        self.by_first_len: dict[str, list[tuple[int, dict[str, tuple[str, str, str]]]]] = {}
        for first, entries in self.by_first.items():
            by_len: dict[int, dict[str, tuple[str, str, str]]] = {}
            for e in entries:
                by_len.setdefault(len(e[0]), {})[e[0]] = e
            self.by_first_len[first] = sorted(by_len.items(), key=lambda kv: -kv[0])
        initial = data.get("initial", {})
        assert isinstance(initial, dict)
        self.initial = frozenset((*initial.get("stems", ()), *short))
        self.phrases = _phrase_rx([s for entries in self.by_first.values() for s, _, _ in entries if "\x01" in s])
        copula = data.get("copula", {})
        assert isinstance(copula, dict)
        self.copula: tuple[str, ...] = tuple(copula.get("endings", ()))
        self.copula_lead: str = copula.get("lead", "")
        covert = data.get("covert", {})
        assert isinstance(covert, dict)
        self.covert = frozenset(covert.get("verbs", ()))
        figures = data.get("figures", {})
        assert isinstance(figures, dict)
        self.figures: dict[str, str] = dict(figures)
        places = data.get("places", {})
        assert isinstance(places, dict)
        self.places = re.compile(r"\b(" + "|".join(map(re.escape, places)) + r") (?=(?:company|companies|startup|"
                                 r"firm|corporation|entity|team|developers?)\b)") if places else None
        self.place_adj: dict[str, str] = dict(places)
        # [cities] (ko9): a city said before its company or head office is where that company is: "더블린 법인" ->
        # "company based in dublin", "암스테르담 본사인데" -> "hq in amsterdam" (the English place cues read that order)
        cities = data.get("cities", {})
        assert isinstance(cities, dict)
        city = "|".join(map(re.escape, sorted(cities.get("names", ()), key=len, reverse=True)))
        self.city_rx = re.compile(r"\b(" + city + r") (?:(company|companies|startup|firm|corporation|entity)\b|hq in\b(?! (?:"
                                  + city + r")\b))") if city else None
        neg = data.get("negation", {})
        assert isinstance(neg, dict)
        self.neg_after: tuple[str, ...] = tuple(neg.get("after", ()))
        self.neg_before = frozenset(neg.get("before", ()))
        self.neg_allowed: tuple[str, ...] = tuple(neg.get("allowed", ()))
        self.light: tuple[str, ...] = tuple(neg.get("light", ()))
        self.nominal: frozenset[str] = frozenset(neg.get("nominal", ()))
        self.but_not = frozenset(neg.get("but_not", ()))
        self.not_copula = frozenset(neg.get("not_copula", ()))
        self.relative_neg: tuple[str, ...] = tuple(neg.get("relative", ()))
        self.without_nouns = frozenset(neg.get("without_nouns", ()))
        self.only: tuple[str, ...] = tuple(neg.get("only", ()))
        without = data.get("without", {})
        assert isinstance(without, dict)
        self.without: dict[str, str] = dict(without)
        never = data.get("never", {})
        assert isinstance(never, dict)
        self.never: dict[str, str] = dict(never)
        participles = data.get("participles", {})
        assert isinstance(participles, dict)
        self.participles: dict[str, str] = dict(participles)
        parts = data.get("particles", {})
        assert isinstance(parts, dict)
        self.instrument: tuple[str, ...] = tuple(parts.get("instrument", ()))
        self.subject = frozenset(parts.get("subject", ()))
        self.clause_after_noun: tuple[str, ...] = tuple(parts.get("clause_after_noun", ()))
        self.quotative: tuple[str, ...] = tuple(parts.get("quotative", ()))
        self.connective: tuple[str, ...] = tuple(parts.get("connective", ()))
        self.noun_particles = frozenset(parts.get("noun", ()))
        self.plural = frozenset(parts.get("plural", ()))
        self.relative = frozenset(parts.get("relative", ()))
        self.as_verbs = frozenset(parts.get("as_verbs", ()))
        write = data.get("write", {})
        assert isinstance(write, dict)
        self.text_nouns = frozenset(write.get("nouns", ()))
        # 올리다 with a price, a fee or a rate as its object is "increase" it (the English pricing cues read that word)
        self.raise_nouns = frozenset(write.get("raise_nouns", ()))
        self.raise_gloss: str = write.get("raise", "upload")
        # A verb's sense by its object: [write] text (쓰다 "write", 올리다 "post", 바꾸다 "rewrite" for a text) and the
        # [senses] tables (짜다 with ideas is "brainstorm"): (gloss -> sense, the object nouns that select it).
        self.senses: list[tuple[dict[str, str], frozenset[str]]] = [(dict(write.get("text", {})), self.text_nouns)]
        senses = data.get("senses", {})
        assert isinstance(senses, dict)
        for table in senses.values():
            assert isinstance(table, dict)
            self.senses.append((dict(table.get("verbs", {})), frozenset(table.get("nouns", ()))))
        # Chat spellings read as their standard form at the start of a word (딴 -> 다른, 겜 -> 게임), so every stem and
        # phrase of the standard form applies to them ("딴 아이디로" is "다른 아이디로": multiple accounts).
        spelling = data.get("spelling", {})
        assert isinstance(spelling, dict)
        self.spelling: dict[str, str] = dict(spelling)
        self.spelling_rx = re.compile(r"(?<![\uac00-\ud7a3])(?:" + "|".join(
            map(re.escape, sorted(spelling, key=len, reverse=True))) + ")") if spelling else None
        # "라마처럼", "라마랑 ... 같나요": Llama named only as a comparison ([comparison])
        cmp_ = data.get("comparison", {})
        assert isinstance(cmp_, dict)
        self.comparison: list[tuple[re.Pattern[str], str]] = []
        self.comparison_gate: re.Pattern[str] | None = None  # one cheap search before the passes
        if cmp_:
            mark = r"(?<![\uac00-\ud7a3A-Za-z])(?:라마|[Ll]lama|LLAMA)"
            alt = lambda xs: "|".join(map(re.escape, sorted(xs, key=len, reverse=True)))
            self.comparison = [
                (re.compile(mark + "(?:" + alt(cmp_["with"]) + r")\s+(?:" + alt(cmp_["unlike"]) + ")"), " different from llama "),
                (re.compile(mark + "(?:" + alt(cmp_["like"]) + ")"), " like llama "),
                (re.compile(mark + "(?:" + alt(cmp_["than"]) + ")"), " than llama "),
                (re.compile(mark + "(?:" + alt(cmp_["with"]) + r")(?=\s)(?=[^?.!\n]*?(?:" + alt(cmp_["words"]) + "))"),
                 " same as llama "),
            ]
            self.comparison_gate = re.compile(mark + "(?:" + alt([*cmp_["like"], *cmp_["than"], *cmp_["with"]]) + ")")
        # "전 남편", "전 직장 상사": 전 before a partner is "my ex", before a workplace relation "former" ([former])
        former = data.get("former", {})
        assert isinstance(former, dict)
        self.former: list[tuple[re.Pattern[str], str]] = [
            (re.compile(r"(?<![\uac00-\ud7a3])전\s+(?=(?:" + "|".join(map(re.escape, former[key])) + "))"), said)
            for key, said in (("ex", "my ex "), ("former", "former ")) if former.get(key)]
        # "라마 쓰리", "라마 투": a version said in Hangul ([version_words])
        version_words = data.get("version_words", {})
        assert isinstance(version_words, dict)
        self.version_words: dict[str, str] = dict(version_words)
        self.version_rx = re.compile(r"라마\s*(" + "|".join(map(re.escape, sorted(self.version_words, key=len, reverse=True)))
                                     + r")(?=[\s로를는가은이의도랑와에,.?!]|$)") if self.version_words else None
        # Stems of [initial] that may still follow another stem inside a word, as the head of a compound noun
        # ("중개앱": brokerage app, "소개글": introduction text).
        compound = data.get("compound", {})
        assert isinstance(compound, dict)
        self.tails = frozenset(compound.get("tails", ()))
        function = data.get("function", {})
        assert isinstance(function, dict)
        # Words read as grammar (endings, pronouns, hedges): a word with no stem that starts with one is not unread.
        self.function: tuple[str, ...] = tuple(sorted(function.get("stems", ()), key=len, reverse=True))
        self.function_words = frozenset(function.get("words", ()))
        # The syllables an ending or particle starts with (을, 에, 해 ...): a run after a stem that starts otherwise is
        # content, not grammar (rules.korean._words `gaps`).
        self.ending_first = frozenset(function.get("ending_first", ""))
        pretend = data.get("pretend", {})
        assert isinstance(pretend, dict)
        # "N인 척": the gloss of 척, the copula endings before it, and what "N" becomes ("pretending to be N")
        self.pretend: str = pretend.get("gloss", "")
        self.pretend_copula = frozenset(pretend.get("copula", ()))
        self.pretend_to_be: str = pretend.get("to_be", "")
        risk = data.get("risk", {})
        assert isinstance(risk, dict)
        self.risk: tuple[str, ...] = tuple(risk.get("stems", ()))


def _entries(table: dict[str, object]) -> list[tuple[str, list[str]]]:
    """A table's (gloss, stems), its category sub-tables ([nouns.workplace] in ko.toml) read as part of it."""
    out: list[tuple[str, list[str]]] = []
    for gloss, stems in table.items():
        if isinstance(stems, dict):  # a category: gloss = [stems] inside it
            for g, s in stems.items():
                assert isinstance(s, list), (gloss, g)
                out.append((g, s))
        else:
            assert isinstance(stems, list), gloss
            out.append((gloss, stems))
    return out


# ---------------------------------------------------------------- conjugation ([conjugate] in ko.toml)
#
# A native verb or adjective is listed once, in its dictionary form (두다, 잠그다, 떨어뜨리다, 독하다), and its stems are
# made here: the stem itself (잠그: 잠그고, 잠그는, 잠그면), the 아/어 form and its past (잠가서, 잠갔다), and the stem with
# ㄴ ㄹ ㅂ ㅁ (잠근, 잠글, 잠급니다, 잠금). Irregular stems carry a mark: "돕다/ㅂ" (도와, 도운), "듣다/ㄷ" (들어),
# "짓다/ㅅ" (지어), "따르다/으" (a 르 stem that only drops ㅡ: 따라, not 딸라); other 르 stems double their ㄹ (부르다: 불러)
# and ㄹ stems drop it before ㄴ ㅂ (만들다: 만드는, 만든, 만듭). One-syllable forms of an open stem (사다: 사, 산, 살; 두다:
# 두, 둘) are never made: 산 is a mountain, 살 an age, 둘 two.

_L = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_V = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_T = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
_CONTRACT = {"ㅗ": "ㅘ", "ㅜ": "ㅝ", "ㅣ": "ㅕ", "ㅚ": "ㅙ"}  # 보+아 봐, 두+어 둬, 마시+어 마셔, 되+어 돼; ㅏ ㅓ ㅐ ㅔ ㅕ stay


def _jamo(s: str) -> tuple[int, int, int]:
    c = ord(s) - 0xAC00
    return c // 588, (c % 588) // 28, c % 28


def _syllable(lead: int, vowel: int, final: int = 0) -> str:
    return chr(0xAC00 + (lead * 21 + vowel) * 28 + final)


def _with_final(s: str, final: str) -> str:
    lead, vowel, _ = _jamo(s)
    return _syllable(lead, vowel, _T.index(final))


def _conjugate(form: str) -> set[str]:
    """The stems a word of the verb `form` (its dictionary form, with an irregular mark after /) starts with."""
    form, _, mark = form.partition("/")
    if not form.endswith("다") or len(form) < 2 or not all(_is_hangul(c) or c == " " for c in form):
        raise ValueError(f"rules/vocab/gloss/ko.toml [conjugate]: {form!r} is no dictionary form (X다)")
    return {s for s in _forms(form[:-1], mark) if len(s) > 1}


def _forms(stem: str, mark: str) -> set[str]:
    head, last = stem[:-1], stem[-1]
    lead, vowel, final = _jamo(last)
    out = {stem}
    if last == "하":
        return out | {head + s for s in ("해", "했", "한", "할", "합", "함")}
    if final == 0:
        bright = "ㅏ" if head and _V[_jamo(head[-1])[1]] in "ㅏㅗ" else "ㅓ"
        v = _V[vowel]
        if v == "ㅡ":
            if last == "르" and mark != "으" and head:  # 부르다: 불러, 모르다: 몰라
                a = head[:-1] + _with_final(head[-1], "ㄹ") + _syllable(_L.index("ㄹ"), _V.index(bright))
            else:  # 쓰다: 써, 잠그다: 잠가, 따르다: 따라
                a = head + _syllable(lead, _V.index(bright))
        elif v in "ㅟㅢ":
            a = ""
        else:
            a = head + _syllable(lead, _V.index(_CONTRACT.get(v, v)))
        if a:
            out |= {a, a[:-1] + _with_final(a[-1], "ㅆ")}
        return out | {head + _with_final(last, f) for f in "ㄴㄹㅂㅁ"}
    if not head and not mark:  # 찍다, 굶다: a one-syllable stem is read with its ending (찍어, 찍은, 굶는), never alone
        a = "아" if _V[vowel] in "ㅏㅗ" else "어"
        out |= {stem + e for e in (a, _with_final(a, "ㅆ"), "은", "을", "는", "고", "기", "지", "게", "으", "습", "음")}
    bare = head + _syllable(lead, vowel)
    if _T[final] == "ㄹ":  # 만들다: 만드는, 만든, 만듭 (not 살다's 산, 삽: one syllable)
        return out | {s for s in (bare + "는", head + _with_final(bare[-1], "ㄴ"), head + _with_final(bare[-1], "ㅂ"))
                      if len(s) > 1}
    if mark == "ㅂ":  # 돕다: 도와, 도운; 쉽다: 쉬워, 쉬운
        w = _V.index("ㅘ" if last in ("돕", "곱") else "ㅝ")
        o = _L.index("ㅇ")
        return out | {bare + _syllable(o, w), bare + _syllable(o, w, _T.index("ㅆ")), bare + "운", bare + "울", bare + "우"}
    if mark == "ㄷ":  # 듣다: 들어, 들은
        r = head + _with_final(last, "ㄹ")
        return out | {r + e for e in ("어", "었", "으", "은", "을", "음")}
    if mark == "ㅅ":  # 짓다: 지어, 지은; 낫다: 나아
        a = "아" if _V[vowel] in "ㅏㅗ" else "어"
        return out | {bare + e for e in (a, _with_final(a, "ㅆ"), "으", "은", "을")}
    return out


_VOCAB: _Vocab | None = None


def vocab() -> _Vocab:
    global _VOCAB
    if _VOCAB is None:
        from rules import datafile

        _VOCAB = _Vocab(datafile.read(_VOCAB_PATH))
    return _VOCAB


# ---------------------------------------------------------------- quantities and names

_NUM = r"\d[\d,]*(?:\.\d+)?"
_QTY = re.compile(r"(?<![\d.])(?:" + _NUM + r"\s*(?:천만|백만|십만|천|백|십)?\s*(?:억|만)\s*)+(?:" + _NUM
                  + r"(?:\s*천)?)?(?!\d)|(?<![\d.])" + _NUM + r"\s*천만(?!\d)")
_COUNTER = re.compile(r"\s*(?:명|분|개\s*계정)")
_QUOTE = re.compile(r"[\"“]([^\"“”\n]{1,80})[\"”]|['‘]([^'‘’\n]{1,80})['’]|「([^」\n]{1,80})」|『([^』\n]{1,80})』")
# A quoted sentence (it ends like one: 싶다, 해요, 할까, 주세요) followed by a quotative (는, 라는, 라고, 하는, 며):
# someone's words, not a name.
_SAID = re.compile(r"[\uac00-\ud7a3][\s\uac00-\ud7a3]*(?:다|요|까|죠|니|냐|자|라|해|줘|세요)[.!?~]*$")
_QUOTATIVE_AFTER = re.compile(r"\s*(?:는|이라는|라는|라고|이라고|하는|하며|며|고\s)")
# A quoted Hangul phrase followed by the kind of text it is ("'과태료 미납' 안내 문자를"): the message's words.
_MESSAGE_AFTER = re.compile(r"\s*(?:이라는|라는|이라고|라고)?\s*(?:안내|문자|문구|메시지|메세지|메일|공지|알림|팝업|글|댓글|후기|리뷰|기사|"
                            r"문장|멘트|답변|광고|제목|카피|게시물|게시글)")
_MARK_OR_LATIN = re.compile(r"라마|메타|[A-Za-z]")
_MARK_IN_NAME = re.compile(r"(?<![\uac00-\ud7a3])(라마|메타)")
_BASED_IN_NAME = re.compile(r"\(\s*([^()]*?)\s*기반\s*\)")


# Dates: "2024년 3월", "3월", "2024년" (read before the figures, so a month is never a count).
_DATE = re.compile(r"(?:(?<!\d)(\d{4})\s*년\s*)?(?<![\d.])(1[0-2]|0?[1-9])\s*월(?!\s*(?:간|급|세))|(?<!\d)(\d{4})\s*년(?!\s*(?:간|차|생))")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _date(m: re.Match[str]) -> str:
    year = m.group(1) or m.group(3)
    month = _MONTHS[int(m.group(2)) - 1] if m.group(2) else ""
    # the year first and a comma after it: "2024 MAU" must never read as 2024 users
    return " in " + ", in ".join(x for x in (f"the year {year}" if year else "", month) if x) + ", "


# Figures written in Hangul numerals ("칠억", "삼십만 명", "육억 구천만"): read as the digits _QTY reads. Only with 억 or
# 만 after a numeral, and never 이만/일만 alone ("이만하면" is "this much").
_HANGUL_DIGIT = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_HANGUL_UNIT = {"십": 10, "백": 100, "천": 1000}
_HN = r"[일이삼사오육칠팔구십백천]+"
_HANGUL_FIGURE = re.compile(r"(?<![\uac00-\ud7a3\d.,])(?<![\d.,] )(?:(" + _HN + r")억(?:\s*(" + _HN + r")만)?|(" + _HN
                            + r")만)(?=[\s명을를이가은는의에도넘정쯤,.?!]|$)")


def _hangul_number(text: str) -> int:
    total = digit = 0
    for c in text:
        if c in _HANGUL_DIGIT:
            digit = _HANGUL_DIGIT[c]
        else:
            total += (digit or 1) * _HANGUL_UNIT[c]
            digit = 0
    return total + digit


def _hangul_figure(m: re.Match[str]) -> str:
    eok, man = m.group(1), m.group(2) or m.group(3)
    if not eok and man in ("이", "일"):
        return m.group(0)
    value = (_hangul_number(eok) * 100_000_000 if eok else 0) + (_hangul_number(man) * 10_000 if man else 0)
    return f"{value:,}" + (" " if m.group(0).endswith(" ") else "")


def _quantity(m: re.Match[str]) -> str:
    from rules.mau import parse_mau
    from rules.verdict import QuantityError

    raw = m.group(0).strip()
    try:
        value = parse_mau(raw)
    except QuantityError:
        return m.group(0)
    return f" {value:,} "


def _name(text: str) -> str:
    """A quoted name as the name check should read it: 라마 -> Llama, 메타 -> Meta, "(라마 2 기반)" ->
    "(based on Llama 2)"."""
    text = _MARK_IN_NAME.sub(lambda m: "Llama" if m.group(1) == "라마" else "Meta", text)
    return _BASED_IN_NAME.sub(lambda m: f"(based on {m.group(1)})", text)


# A name written without quotes: "라마 코리아라는 이름으로", "라마 코리아라고 불러도", "이름을 한빛-7B로 해도".
_W = r"[^\s?.!,'\"]+"
_NAME_BEFORE = re.compile(r"(?P<n>(?:" + _W + r"\s+){0,3}?" + _W + r"?)(?:이)?(?:라는|라고)\s*(?=이름|모델명|명칭|제품명|브랜드|"
                          r"부르|불러|지어|짓|이름)")
_NAME_AFTER = re.compile(r"(?:이름|모델명|명칭|제품명)(?:을|를|은|는|이|가)?\s+(?!(?:앞|뒤|끝|맨|중간|안|속)(?:에|쪽|부분|\s))(?P<n>" + _W + r"(?:\s+" + _W + r"){0,3}?)"
                         r"(?:으로|로|이라고|라고)?(?=\s+(?:해도|하려|하면|할|해|지어|짓|정해|정하|바꿔|변경|괜찮|어때|가능|돼|되나|"
                         r"될까|써도|쓰려)|\s*[?.!]|\s*$)")
_PARTICLE_END = ("을", "를", "은", "는", "이", "가", "에", "로", "의", "도")
_NOT_IN_NAME = ("을", "를", "한테", "에게", "에서", "께")
_NOT_NAME = frozenset({"우리", "저희", "모델", "이름", "제품", "새", "이", "그"})


def _quote_unquoted_name(t: str) -> str:
    m = _NAME_AFTER.search(t)
    if m is None:
        m = _NAME_BEFORE.search(t)
        if m is None:
            return t
        words = m.group("n").split()
        keep: list[str] = []
        for i, w in enumerate(reversed(words)):  # back to the word that a particle closes
            if (i > 0 and w.endswith(_PARTICLE_END)) or w in _NOT_NAME:
                break
            keep.insert(0, w)
        if not keep:
            return t
        name = " ".join(keep)
        start = m.start("n") + m.group("n").rfind(keep[0])
        return f"{t[:start]}'{name}'{t[m.end('n'):]}"
    name = _strip_particle(m.group("n"))
    if any(w.endswith(_NOT_IN_NAME) for w in name.split()):
        return t  # "메뉴 이름 아이디어를 라마한테 추천받아도": 이름 names the next noun, no name follows
    return f"{t[:m.start('n')]}'{name}' {t[m.start('n') + len(name):]}"


def _strip_particle(name: str) -> str:
    """"누리봇으로" -> "누리봇", "한빛-7B로" -> "한빛-7B", "라마 프로로" -> "라마 프로"; "라마 프로" stays."""
    for p in ("이라고", "라고", "으로"):
        if name.endswith(p) and len(name) > len(p):
            return name[: -len(p)]
    if name.endswith("로") and len(name) > 1 and (not _is_hangul(name[-2]) or name.endswith("로로")):
        return name[:-1]
    return name


# ---------------------------------------------------------------- words and roles



class _Item:
    __slots__ = ("gloss", "kind")

    def __init__(self, kind: str, gloss: str) -> None:
        self.kind = kind
        self.gloss = gloss


def _words(text: str, v: _Vocab, gaps: list[str] | None = None) -> list[tuple[list[_Item], str, str]]:
    """The text's words (어절), each as (items, Hangul ending left after the last item, trailing punctuation).
    `gaps` collects the Hangul runs inside a word that no stem read before a stem that did ("깎아내리는": 깎), and a
    run after the last stem that starts like no ending ([function] ending_first): what comes after a stem is a
    particle or an ending, anything else is content the gloss leaves out."""
    out: list[tuple[list[_Item], str, str]] = []
    for word in text.split(" "):
        if not word:
            continue
        items: list[_Item] = []
        rest = ""
        ascii_run = ""
        i = 0
        n = len(word)
        while i < n:
            c = word[i]
            if c == "\x00":  # a quoted name placeholder: \x00<index>\x00
                j = word.index("\x00", i + 1)
                if ascii_run:
                    items.append(_Item("ascii", ascii_run))
                    ascii_run = ""
                items.append(_Item("name", word[i + 1: j]))
                rest = ""
                i = j + 1
                continue
            if not _is_hangul(c):
                if ascii_run or c not in ".?!,;:":
                    rest = ""  # punctuation right after Hangul keeps the ending it closes ("않아요.")
                ascii_run += c
                i += 1
                continue
            if ascii_run:
                items.append(_Item("ascii", ascii_run))
                ascii_run = ""
            hit = None
            for length, table in v.by_first_len.get(c, ()):
                entry = table.get(word[i: i + length])
                if entry is None:
                    continue
                stem = entry[0]
                if stem in v.initial and i > 0 and _is_hangul(word[i - 1]) and not (
                        stem in v.tails and not rest and items and items[-1].kind in ("nouns", "verbs")):
                    continue
                hit = entry
                break
            if hit is None:
                rest += c
                i += 1
                continue
            if rest and gaps is not None:
                gaps.append(rest)
            items.append(_Item(hit[1], hit[2]))
            rest = ""
            i += len(hit[0])
        if gaps is not None and rest and items and items[-1].kind not in ("ascii", "name") and rest[0] not in v.ending_first:
            gaps.append(rest)  # after a stem, a run that starts like no ending ("주민번호": 번호 after 주민) is content
        punct = ""
        if ascii_run:
            stripped = ascii_run.rstrip(".?!,;:")
            punct = ascii_run[len(stripped):]
            if stripped:
                items.append(_Item("ascii", stripped))
        out.append((items, rest, punct))
    return out


def _phrase_rx(stems: list[str]) -> re.Pattern[str] | None:
    stems = sorted(set(stems), key=len, reverse=True)
    return re.compile("|".join(re.escape(s).replace("\x01", r"\s+") for s in stems)) if stems else None


def _join_phrases(text: str, v: _Vocab) -> str:
    """Multi-word stems written with their spaces ("혐오 발언", "월간 활성 사용자") become one word."""
    if v.phrases is None:
        return text

    def join(m: re.Match[str]) -> str:
        # not when the phrase's last word is the start of a longer stem and what follows starts like no ending
        # ("학습 데이터셋": 데이터셋, not 학습 데이터 + 셋; "수위 높은" still joins: 은 is an ending)
        last = m.group(0).split()[-1]
        at = m.end() - len(last)
        if m.end() >= len(text) or text[m.end()] in v.ending_first:
            return "\x01".join(m.group(0).split())
        for length, table in v.by_first_len.get(last[0], ()):
            if length <= len(last):
                break  # longest first
            entry = table.get(text[at: at + length])
            if entry is not None and "\x01" not in entry[0]:
                return m.group(0)
        return "\x01".join(m.group(0).split())

    return v.phrases.sub(join, text)


def gloss(text: str) -> str:
    """English gloss of a Korean (or mixed Korean/English) question; text without Hangul is returned as it is."""
    return gloss_read(text)[0]


def gloss_read(text: str) -> tuple[str, list[str]]:
    """(gloss, unread words): the Korean words the vocabulary has no stem for and that are not grammar
    ([function] in ko.toml). The gloss leaves them out, so a verdict built on it must not be `allowed` while they
    are there (rules.usecases: never allowed on what was not understood)."""
    if not has_hangul(text):
        return text, []
    english, unread = _gloss_read(text)
    if unread:
        analyser = _analyser()
        if analyser is not None:
            return _with_analyser(text, english, unread, analyser, vocab())
    return english, unread


def _gloss_read(text: str) -> tuple[str, list[str]]:
    import unicodedata

    v = vocab()
    # \x00 and \x01 mark quoted names and multi-word stems below: never taken from the text itself.
    t = unicodedata.normalize("NFKC", text).replace("\x00", " ").replace("\x01", " ")
    names: list[str] = []

    def keep(m: re.Match[str]) -> str:
        quoted = next(g for g in m.groups() if g is not None).strip()
        if (_SAID.search(quoted) and _QUOTATIVE_AFTER.match(t, m.end())) or (
                _HANGUL.search(quoted) and not _MARK_OR_LATIN.search(quoted) and _MESSAGE_AFTER.match(t, m.end())):
            # "'과태료 미납' 안내 문자", "'정품 인증 완료' 문구": the words of a message, read as words
            # "'영원히 잠들고 싶다'는 사용자", "'원금 보장'이라는 문구": what someone says or writes is read as words,
            # not kept as a name (a name is not a sentence: 'Llama 코리아'라는 이름 stays a name)
            return f" {quoted}"
        names.append(_name(quoted))
        return f" \x00{len(names) - 1}\x00"  # a particle right after the quote stays on the name

    if not _QUOTE.search(t):
        t = _quote_unquoted_name(t)
    t = _QUOTE.sub(keep, t)
    t = _JAMO.sub(" ", t)  # ㅋㅋ, ㅎㅎ, ㅠㅠ
    if "억" in t or "만" in t:
        t = _HANGUL_FIGURE.sub(_hangul_figure, t)
    t = _AGE.sub(r" \1 years old ", t)  # "15살인 척": an age, never the 살 of 살인 (murder)
    if "월" in t or "년" in t:  # "2024년 3월": a date, never "2024 3" whose 3 a following "MAU" would count as users
        t = _DATE.sub(_date, t)
    t = _QTY.sub(lambda m: _quantity(m) + (" users " if _COUNTER.match(t, m.end()) else ""), t)
    t = _COUNTER_AFTER_FIGURE.sub(" ", t)
    t = " ".join(t.split())
    if "찍" in t:  # "MAU 6억 9천만 찍었고", "10억 찍을 수도": the figure reached is the figure (the English MAU check
        t = _FIGURE_REACHED.sub("", t)  # reads "MAU 720,000,000", not "reach 720,000,000"); 찍다 is otherwise unread
    if "라마" in t or "lama" in t or "LAMA" in t:  # each pass below only where its words can be (speed)
        if v.version_rx is not None:  # "라마 쓰리" -> "라마 3"
            t = v.version_rx.sub(lambda m: f"라마 {v.version_words[m.group(1)]}", t)
        if v.comparison_gate is not None and v.comparison_gate.search(t):
            for rx, said in v.comparison:
                t = rx.sub(said, t)
    if "전 " in t:
        for rx, said in v.former:
            t = rx.sub(said, t)
    if v.spelling_rx is not None:
        t = v.spelling_rx.sub(lambda m: v.spelling[m.group(0)], t)
    t = _join_phrases(t, v)
    gaps: list[str] = []
    words = _words(t, v, gaps)
    english = _english(words, v, names)
    unread = [rest for items, rest, _ in words if not items and rest and _is_hangul(rest[0]) and _unread(rest, v)]
    unread += [g for g in gaps if _unread(g, v)]
    # nothing read ("ㅁㄴㅇㄹ ㅋㅋ"): the engine finds it unclear
    return (english, list(dict.fromkeys(unread))) if english.strip() else (text, [])


def _unread(word: str, v: _Vocab) -> bool:
    """A word with no stem is unread unless it is grammar ([function]), with or without a particle after it."""
    if word in v.function_words or word in v.not_copula or word.startswith(v.function):
        return False
    for p in v.noun_particles:
        if word.endswith(p) and len(word) > len(p) and word[: -len(p)] in v.function_words:
            return False
    return True


_FIGURE_REACHED = re.compile(r"(?<=\d)(?: users)? (?:명\s*)?(?:을|를|도)?\s*찍(?=[었을어는고으음])[^\s,.?!]*")
_AGE = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:살|세)(?=[\s이인의에은는도가랑와),.]|$)")  # "(설정상 15살)랑"
_JAMO = re.compile(r"[\u1100-\u11ff\u3130-\u318f]+")
_COUNTER_AFTER_FIGURE = re.compile(r"(?<=\d )\s*(?:명|분)(?=[\s이가은는의을를도]|$)")




def _english(words: list[tuple[list[_Item], str, str]], v: _Vocab, names: list[str]) -> str:
    out: list[str] = []
    buf: list[str] = []  # the object phrase gathered for the next verb
    open_from = 0  # buf[open_from:] is the noun phrase still open (no particle has closed it yet)
    negate_next = False
    flushed_at = 0  # where the last topic/subject phrase went into `out`
    clause_at = 0  # where the current clause began in `out` (a negated verb takes the whole clause into its scope)
    negated_clause = False  # the clause being read has a negated verb: a comma closes its scope
    pending_as: list[str] = []  # an instrument phrase after the object, waiting for its verb
    pretend_next = False  # "손님인 척": the noun was written as "pretending to be customers"; skip the 척
    last = len(words) - 1
    affirmed: tuple[int, int] | None = None  # (clause start, word index) of the last affirmative verb
    for k, (items, rest, punct) in enumerate(words):
        nxt = words[k + 1] if k < last else None
        was_negate_next, negate_next = negate_next, False
        if pretend_next and items and items[0].gloss == v.pretend:
            items = items[1:]  # already written as "pretending to be" before its noun
        pretend_next = False
        if not items and rest in v.pretend_copula and nxt is not None and nxt[0] and nxt[0][0].gloss == v.pretend:
            # "15 years old 인 척": the copula stood apart from its noun phrase
            buf[open_from:] = [v.pretend_to_be, *buf[open_from:]]
            pretend_next = True
            continue
        if not items:
            if rest.startswith(v.light) and (was_negate_next or _negated(rest, nxt, v)):
                # "진단은 하지 않고", "안 해요", "못 하게": the light verb negates what its clause said
                if (affirmed is not None and clause_at == len(out) and not buf and k - affirmed[1] >= 2
                        and all(not w[0] and (w[1] in v.nominal or w[1] in v.neg_before)
                                for w in words[affirmed[1] + 1: k])):
                    # "학습시키는 건 안 할 거예요": the thing not done is the clause nominalised before it
                    clause_at = affirmed[0]
                clause_at, negated_clause = _negate(out, clause_at, [], buf, _neg_relative(rest, nxt, v), v)
                buf, open_from = [], 0
                rest = rest if rest.endswith(v.connective) else ""
            if rest in v.neg_before:
                negate_next = True
            elif rest in v.but_not and len(buf) > open_from:
                out.extend(["not", *buf[open_from:], ","])  # "라마 3 말고 GPT로"
                del buf[open_from:]
            elif rest in v.not_copula and not buf and flushed_at < len(out) and out[-1] not in ("?", ".", "!", ","):
                # "법률 자문은 아니죠?", "EU는 아니잖아요": the topic just said is what it is not
                out[flushed_at:] = ["not", *out[flushed_at:], ","]
            elif was_negate_next and rest.startswith(v.neg_allowed):
                # "학습시키는 건 안 되죠?": not allowed (a question about permission, which the scope keeps)
                out.extend([*buf, "not allowed"])
                buf, open_from = [], 0
            elif rest:
                if rest.endswith(v.only) and not rest.endswith(_BUT):
                    buf.insert(open_from, "only")  # an unknown noun + 만
                open_from = len(buf)
            if negated_clause and not punct and rest.endswith(v.connective):
                out.extend([*buf, ","])  # "쓰지 않고": the negated clause ends with 않고
                buf, open_from, clause_at, negated_clause = [], 0, len(out), False
            if punct:
                out.extend(buf)
                if negated_clause:
                    out.append(",")
                out.append(punct)
                buf, open_from, clause_at, negated_clause = [], 0, len(out), False
            continue
        if rest.endswith(v.only) and not rest.endswith(_BUT):
            # "고객 응대에만", "데이터로만": only; the particle before 만 still gives the phrase its role.
            rest = rest[:-1]
            buf.insert(open_from, "only")
        verb_done: bool | None = False
        for n, item in enumerate(items):
            kind = item.kind
            if kind == "verbs" and n == len(items) - 1 and k < last and (rest == "" or rest in v.noun_particles):
                # A verbal noun used as a noun ("악플 탐지 모델", "확인 없이", "학습에"): it still leads its open
                # noun phrase ("detect abusive comments model").
                if nxt is not None and nxt[0] and nxt[0][0].kind == "postpositions":
                    buf.insert(open_from, item.gloss)  # "확인 없이" -> "without review"
                else:  # "악플 탐지 모델" -> "detect abusive comments" + "model"
                    out.extend([item.gloss, *buf[open_from:]])
                    del buf[open_from:]
                continue
            if (kind in ("verbs", "native") and n == len(items) - 1 and item.gloss in v.participles
                    and rest in v.relative and nxt is not None and nxt[0] and nxt[0][0].kind in _NOUNISH):
                # "스크래핑한 이메일 주소", "구매한 번호": the provenance of the next noun ("scraped email addresses")
                buf.append(v.participles[item.gloss])
                verb_done = None  # the phrase stays open for its noun
                continue
            if kind in ("verbs", "native"):
                g = item.gloss
                ahead = [i.gloss for w in words[k + 1: k + 3] for i in w[0]]
                for senses, objects in v.senses:
                    if g in senses and objects & {*buf, *ahead}:
                        # 쓰다 is "write" for text ("글을 써서", "AI가 쓴 메일") and "use" otherwise; 올리다 "post" for
                        # text ("댓글을 올리려고"); 바꾸다 "rewrite" ("안내 메시지를 바꾸려고"); 짜다 with ideas "brainstorm"
                        g = senses[g]
                        break
                else:
                    if g == "upload" and v.raise_nouns & set(buf):
                        g = v.raise_gloss  # and "increase" for a price ("여성 고객은 가격을 올리는")
                if pending_as:
                    # "응답을 학습 데이터로 쓰면": use the responses as training data (the object came first)
                    if g in v.as_verbs:
                        buf = [*buf, "as", *pending_as]
                    else:
                        out.extend(["with", *pending_as])
                    pending_as = []
                if not (was_negate_next or _negated(rest, nxt, v)):
                    affirmed = (clause_at, k)  # where this affirmative clause began, and its word
                    out.extend([g, *buf])
                    clause_at = len(out)  # a clause read affirmatively stays outside a later negation
                elif g in v.never:
                    out[clause_at:] = [*out[clause_at:], *buf, v.never[g]]
                elif g in v.without:
                    # "동의를 받지 않고", "사용자에게 알리지 않고": a safeguard not obtained is "without" it
                    out[clause_at:] = ["without", *v.without[g].split(), *buf, *out[clause_at:]]
                else:
                    # "출력은 학습에 쓰지 않고": the whole clause (its topic and purpose too) is what is negated,
                    # in the English order the negation scope reads: "not use llama 3 outputs train model ,"
                    clause_at, negated_clause = _negate(out, clause_at, [g], buf, _neg_relative(rest, nxt, v), v)
                buf, open_from = [], 0
                verb_done = True
            elif kind == "postpositions":
                if len(buf) > open_from:
                    out.extend([item.gloss, *buf[open_from:]])
                    del buf[open_from:]
                else:  # "의사 확인은 없어요": the phrase was flushed as a topic just before
                    out.insert(flushed_at, item.gloss)
            elif kind == "name":
                buf.append(f'"{names[int(item.gloss)]}"')
            elif kind == "ascii" and item.gloss in v.figures:
                buf.append(v.figures[item.gloss])  # "119 출동" -> emergency services
            else:  # nouns, words, ascii
                buf.append(item.gloss)
        if (verb_done is False and rest in v.pretend_copula and len(buf) > open_from and nxt is not None and nxt[0]
                and nxt[0][0].gloss == v.pretend):
            # "국세청인 척", "손님인 척 리뷰를 달아": pretending to be the noun (the English cues read it so)
            buf[open_from:] = [v.pretend_to_be, *buf[open_from:]]
            pretend_next = True
        if (not verb_done and len(items) == 1 and items[0].gloss in v.place_adj and rest in v.copula
                and v.copula_lead):
            buf[-1] = f"{v.copula_lead} {buf[-1]}"  # "법인이 독일이에요" -> "company based in germany"
        if verb_done is False and rest.startswith(v.light) and (was_negate_next or _negated(rest, nxt, v)):
            # "사람이 쓴 척하지 않아요", "스팸은 안 해요": the noun + 하다 verb is negated with its clause
            clause_at, negated_clause = _negate(out, clause_at, [], buf, _neg_relative(rest, nxt, v), v)
            buf, open_from, verb_done = [], 0, True
        elif verb_done is False and rest in v.but_not and len(buf) > open_from:
            # "라마 3 말고 GPT로": not that one (a comma ends the scope)
            out.extend(["not", *buf[open_from:], ","])
            del buf[open_from:]
        if verb_done is False:
            if rest.endswith(v.quotative) and len(buf) > open_from and not buf[-1].startswith('"'):
                buf.insert(open_from, "claiming")  # "구속됐다는 글": a post claiming an arrest
            if rest.endswith(v.instrument) and len(buf) > open_from:
                if open_from > 0 and not pending_as:
                    pending_as = buf[open_from:]  # after an object: "as" or "with", as the verb decides
                else:  # a quoted name with 로 is what the model is called ("'한빛-8B'로 공개"): "as"
                    seg = buf[open_from:]
                    if seg[-1].startswith('"') and len(seg) > 1:
                        out.extend([*seg[:-1], "as", seg[-1]])  # "증류한 모델 '솔바람-8B'로": the model, as the name
                    else:
                        out.extend(["as" if seg[0].startswith('"') else "with", *seg])
                del buf[open_from:]
            elif rest in v.subject or rest.endswith(v.clause_after_noun):
                flushed_at = len(out)
                out.extend(buf)
                buf = []
            elif rest and rest not in v.plural:
                open_from = len(buf)
        if punct or (verb_done and rest.endswith(v.connective)):
            if pending_as:
                out.extend(["with", *pending_as])
                pending_as = []
            out.extend(buf)
            buf = []
            if negated_clause:
                out.append(",")  # the negation's scope ends with its clause
            if punct:
                out.append(punct)
            clause_at, negated_clause = len(out), False
        if not buf:
            open_from = 0
    if pending_as:
        out.extend(["with", *pending_as])
    out.extend(buf)
    if "secretly" in out:
        out = [f"monitor and {w}" if w in v.covert else w for w in out]
    joined = " ".join(w for w in out if w).replace(" ?", "?").replace(" .", ".").replace(" ,", ",")
    joined = _AD_BEFORE_NOUN.sub("ad ", joined)  # 광고 메일, 광고 댓글: "ad emails", "ad comments"
    joined = joined.replace(",,", ",").replace(",.", ".").replace(",?", "?").rstrip(",")
    # "llama 2 monthly active users 8억" must not read as 2 users: the version ends before the figure's words.
    if v.places is not None:
        joined = v.places.sub(lambda m: v.place_adj[m.group(1)] + " ", joined)
    if v.city_rx is not None:
        joined = v.city_rx.sub(lambda m: f"{m.group(2)} based in {m.group(1)}" if m.group(2) else f"hq in {m.group(1)}", joined)
    return _VERSION_THEN_USERS.sub(r"\1,", joined)


_NOUNISH = ("nouns", "name", "ascii")
_AD_BEFORE_NOUN = re.compile(r"\bads (?=(?:comments|posts|emails|text messages|messages|copy|text)\b)")
_NEG_STEM = ("지", "지는", "지도", "진")  # 쓰지 않고, 쓰지는 않고, 쓰지도 않고, 쓰진 않아요
_BUT = ("지만", "하지만", "이지만", "는데만")
_VERSION_THEN_USERS = re.compile(r"\b(llama \d(?:\.\d)?)(?= (?:monthly|users|mau|people)\b)", re.IGNORECASE)


def _negate(out: list[str], clause_at: int, verb: list[str], obj: list[str], relative: bool, v: _Vocab) -> tuple[int, bool]:
    """Put the clause out[clause_at:] (+ its verb and object) under negation, in the order the English scope reads;
    returns the new clause start and whether a comma must still close the scope. A negated consent ("동의하지 않은",
    "허락 안 한") is "without consent"; a negated relative clause ("쓰지 않은 데이터") closes before its noun."""
    if obj and obj[-1] in v.without_nouns and not verb:
        out[clause_at:] = [*out[clause_at:], "without", *obj]
        return len(out), False
    out[clause_at:] = ["not", *verb, *obj, *out[clause_at:]]
    if relative:
        out.append(",")
        return len(out), False
    return clause_at, True


def _neg_relative(rest: str, nxt: tuple[list[_Item], str, str] | None, v: _Vocab) -> bool:
    """The negation ends in a relative form (않은, 않는, 못한, 안 한): it describes the noun after it."""
    ending = nxt[1] if nxt is not None and not nxt[0] and not rest.endswith(v.relative_neg) else rest
    return ending.endswith(v.relative_neg)


def _negated(rest: str, nxt: tuple[list[_Item], str, str] | None, v: _Vocab) -> bool:
    if any(a.strip() in rest for a in v.neg_after if a.strip()) and "지" in rest:
        return True
    if nxt is not None and not nxt[0]:
        following = nxt[1]
        return rest.endswith(_NEG_STEM) and any(following.startswith(a.strip()) for a in v.neg_after)
    return False



# ---------------------------------------------------------------- the optional morphological analyser (kiwipiepy)
#
# Installed with the `korean` extra (pyproject.toml). Without it, gloss_read is the stem-and-particle reading above,
# unchanged. With it, only a question that leaves words unread is given to Kiwi, created once per process on the
# first such question:
# - an unread run is read when Kiwi, reading the word (어절) that holds it, finds only grammar in it (a chat spelling of an
#   ending: "문제없져"), or a name (NNP proper noun, SL foreign letters, SN number, SH hanja; a family name + one
#   syllable, "김민준"), with or without grammar after it;
# - a word still holding an unread run is cut between the common nouns Kiwi finds in it ("주간회의요약앱" ->
#   "주간 회의 요약 앱") and the question is glossed again; the two steps above apply to what is still unread;
# - never for a word holding a [risk] stem of ko.toml: it is neither cut nor read as a name, and stays unread.

_KIWI: object | None = None
_KIWI_MISSING = False
_KIWI_LOCK = threading.Lock()  # one analyser per process, even when two threads ask first at once
_NAME_TAGS = frozenset({"NNP", "SL", "SN", "SH"})


def load_analyser() -> bool:
    """Create the optional Kiwi analyser now (a server's warm-up) rather than on the first Korean question
    that needs it, which would otherwise wait ~2 s for it. True when kiwipiepy is installed."""
    return _analyser() is not None


def _grammar_tag(tag: str) -> bool:
    return tag[0] in "JE" or tag.startswith(("XS", "XP", "VC", "VX", "NNB")) or tag in ("SF", "SP", "SS", "SE", "SO", "SW")


def _analyser() -> object | None:
    """The Kiwi analyser, created on first use; None when kiwipiepy is not installed."""
    global _KIWI, _KIWI_MISSING
    if _KIWI is None and not _KIWI_MISSING:
        with _KIWI_LOCK:
            if _KIWI is None and not _KIWI_MISSING:
                try:
                    from kiwipiepy import Kiwi
                except ImportError:
                    _KIWI_MISSING = True
                    return None
                _KIWI = Kiwi()
    return _KIWI


def _tokens(analyser: object, text: str, runs: list[str]) -> list[tuple[str, int, int]]:
    """(tag, start, end) of each morpheme of the words (어절) of `text` that hold one of `runs`, tags without their
    irregular-conjugation mark (VV-I -> VV). Each word is analysed on its own (cached: names and compounds recur)."""
    out: list[tuple[str, int, int]] = []
    seen: set[int] = set()
    for run in runs:
        for start, end in _spans(text, run):
            w0 = text.rfind(" ", 0, start) + 1
            if w0 in seen:
                continue
            seen.add(w0)
            w1 = text.find(" ", end)
            word = text[w0: len(text) if w1 < 0 else w1]
            cached = _WORD_TOKENS.get(word)
            if cached is None:
                cached = [(t.tag.split("-")[0], t.start, t.start + t.len) for t in analyser.tokenize(word)]  # type: ignore[attr-defined]
                if len(_WORD_TOKENS) >= 8192:
                    _WORD_TOKENS.clear()
                _WORD_TOKENS[word] = cached
            out.extend((tag, w0 + a, w0 + b) for tag, a, b in cached)
    out.sort(key=lambda t: t[1])
    return out


_WORD_TOKENS: dict[str, list[tuple[str, int, int]]] = {}


def _risky(word: str, v: _Vocab) -> bool:
    return any(r in word for r in v.risk)


def _spans(text: str, run: str) -> list[tuple[int, int]]:
    out, i = [], text.find(run)
    while i >= 0:
        out.append((i, i + len(run)))
        i = text.find(run, i + 1)
    return out


def _split_nouns(text: str, unread: list[str], toks: list[tuple[str, int, int]], v: _Vocab) -> str:
    """A space between two common nouns Kiwi found side by side inside a word holding an unread run
    ("주간회의요약앱으로" -> "주간 회의 요약 앱으로"); proper nouns stay whole, words with a [risk] stem are not cut."""
    cuts: set[int] = set()
    for start, end in {s for u in unread for s in _spans(text, u)}:
        w0 = text.rfind(" ", 0, start) + 1
        w1 = text.find(" ", end)
        w1 = len(text) if w1 < 0 else w1
        if _risky(text[w0:w1], v):
            continue
        for a, b in itertools.pairwise(toks):
            if (a[0] in _COMPOUND_TAGS and b[0] in _COMPOUND_TAGS and a[2] == b[1] and w0 < b[1] < w1
                    and _is_hangul(text[b[1] - 1]) and _is_hangul(text[b[1]])):
                cuts.add(b[1])
    if not cuts:
        return text
    parts, last = [], 0
    for c in sorted(cuts):
        parts.append(text[last:c])
        last = c
    parts.append(text[last:])
    return " ".join(parts)


_COMPOUND_TAGS = frozenset({"NNG", "XR"})


def _read_by_analyser(text: str, run: str, toks: list[tuple[str, int, int]], v: _Vocab) -> bool:
    """An unread run that Kiwi finds to be grammar only (a chat spelling of an
    ending: "문제없져"), or a name (with grammar after it), where neither the run nor its word holds a [risk] stem."""
    spans = _spans(text, run)
    if not spans or _risky(run, v):
        return False
    for start, end in spans:
        w1 = text.find(" ", end)
        if _risky(text[text.rfind(" ", 0, start) + 1: len(text) if w1 < 0 else w1], v):
            return False
        over = [t for t in toks if t[1] < end and t[2] > start]
        if not over:
            return False
        for k, t in enumerate(over):
            if _grammar_tag(t[0]) or t[0] in _NAME_TAGS:
                continue
            # a given name Kiwi cut after its family name ("김민준": 김민 NNP + 준 NNG): one syllable after a name
            if (k > 0 and t[0] == "NNG" and t[2] - t[1] == 1 and over[k - 1][2] == t[1]
                    and over[k - 1][0] == "NNP"):
                continue
            return False
    return True


def _with_analyser(text: str, english: str, unread: list[str], analyser: object, v: _Vocab) -> tuple[str, list[str]]:
    toks = _tokens(analyser, text, unread)
    unread = [u for u in unread if not _read_by_analyser(text, u, toks, v)]
    if not unread:
        return english, unread
    split = _split_nouns(text, unread, toks, v)
    if split != text:
        english2, unread2 = _gloss_read(split)
        if english2.strip():
            toks2 = _tokens(analyser, split, unread2)
            return english2, [u for u in unread2 if not _read_by_analyser(split, u, toks2, v)]
    return english, unread
