"""The bot's catalogs (bot/locales/): every message id in both languages, every id used by the code, and no
Korean message asking for a value the code does not give."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from bot import i18n
from bot.grammar import MORE_WORDS, WORDS

BOT = Path(i18n.__file__).parent
# Ids the code builds from a prefix and a value (f"help.desc_{word}"): the values it builds them from.
BUILT = {
    "help.desc_": set(WORDS) | set(MORE_WORDS),
    "alert.do_": {"50", "75", "90", "100"},
    "verdict.source_": {"license", "policy"},
    "language.set_": set(i18n.LANGS),
    "language.name_": set(i18n.LANGS),
    "confirm.": {"registered", "updated", "registered_no_owner", "updated_no_owner"},
    "review.past_": {"approve", "deny", "answer"},
    "review.precedent_": {"approve", "deny", "answer"},
    "review.decision_": {"approve", "deny", "answer"},
    "review.modal_": {"approve", "deny", "answer"},
    "review.button_": {"approve", "approve_until", "deny", "answer"},
    "review.status_": {"open", "decided", "expired"},
    "review.list_": {"open", "mine", "all"},
    "duties.title_": {"agreement", "notice", "display", "prefix", "aup", "eu"},
    "duties.task_": {"agreement", "notice", "display", "prefix", "aup", "eu"},
    "chart.model_": {"linear", "compound"},
    "usage.": {"ask", "reviewers", "report"},
    "example.": {"use", "ask", "request", "decide"},
}
_LITERAL = re.compile(r"""["']([a-z_]+\.[a-z_0-9]+)["']""")
_PREFIX = re.compile(r"""f["']([a-z_]+\.[a-z_0-9]*)\{""")


def _code() -> str:
    return "\n".join(p.read_text() for p in BOT.rglob("*.py"))


def _strings(path: Path) -> str:
    """Every string literal of a module as the program has it (escapes decoded), an f-string's values as {}."""
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            out.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
    return "\n".join(out)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogs_have_the_same_ids() -> None:
    en, ko = i18n.catalog("en"), i18n.catalog("ko")
    assert sorted(set(en) - set(ko)) == [] and sorted(set(ko) - set(en)) == []


def test_every_id_is_used_and_every_used_id_exists() -> None:
    code = _code()
    tables = {k.split(".")[0] for k in i18n.catalog("en")}
    # ("owner_missing.reason_" is a prefix handed to bot.i18n.translated, not an id)
    literal = {m for m in _LITERAL.findall(code) if m.split(".")[0] in tables and not m.endswith("_")}
    prefixes = set(_PREFIX.findall(code)) & set(BUILT)
    assert prefixes == set(BUILT), "a built id's prefix is no longer in the code: update BUILT"
    built = {prefix + value for prefix, values in BUILT.items() for value in values}
    ids = set(i18n.catalog("en"))
    # [problem] holds the grammar's own English messages (bot.i18n.translated): used when the grammar says them.
    # [owner_missing] reason_* are bot/jobs/checkin.py's reasons, read back the same way.
    said = set()
    # [storage] holds the register's refusals that bot/storage/ says in English, read back the same way.
    for prefix, sources in (("problem.", ["grammar.py"]), ("owner_missing.reason_", ["jobs/checkin.py"]),
                            ("storage.", ["storage/repository.py", "storage/months.py"])):
        text = "\n".join(_strings(BOT / source) for source in sources)
        said |= {key for key, msg in i18n.catalog("en").items() if key.startswith(prefix)
                 and re.search(re.sub(r"\\\{[a-z_]+\\\}", lambda _: r"\{[^}]*\}", re.escape(msg)), text)}
    assert sorted(ids - literal - built - said) == [], "ids no code uses"
    assert sorted((literal | built) - ids) == [], "ids the code uses that no catalog has"


@pytest.mark.parametrize("key", sorted(i18n.catalog("en")))
def test_korean_asks_only_for_values_the_english_is_given(key: str) -> None:
    assert _fields(i18n.catalog("ko")[key]) <= _fields(i18n.catalog("en")[key])


def test_korean_uses_the_guides_terms() -> None:
    ko = "\n".join(i18n.catalog("ko").values())
    for term in ("라이선스", "월간 활성 사용자"):
        assert term in ko
    for wrong in ("라이센스", "월 활성 사용자", "MAU 한도"):
        assert wrong not in ko


def test_korean_numbers_and_months() -> None:
    assert i18n.count(700_000_000, "ko") == "7억 명"
    assert i18n.count(690_000_000, "ko") == "6억 9,000만 명"
    assert i18n.month("2026-11", "ko") == "2026년 11월"
    assert i18n.t("alert.reached", "ko", who="회사 합계", value="7억 명", month="2026년 11월").startswith("회사 합계가")
    assert i18n.lang_of_locale("ko-KR") == "ko" and i18n.lang_of_locale("en-GB") == "en"
    assert i18n.lang_of_locale(None) == "en" and i18n.lang_of_locale("ja-JP") == "en"


@pytest.mark.parametrize("typed", ["name", "use", "use chatbot mau", "mau", "alerts", "register x owner bob",
                                   "report", "report x 5M for oct", "--foo name x", "requests zzz",
                                   "status zzz", "duties", "register x since 2026", "register x model a b",
                                   "report x 2026-01..2026-03", "report x 2026-01..2026-03 1M,,2M",
                                   'register "Support Bot', "--license"])
def test_every_grammar_problem_has_its_korean(typed: str) -> None:
    from bot.grammar import parse_command

    problem = parse_command(typed).args["problem"]
    assert problem and i18n.translated(problem, "problem", "en") == problem
    korean = i18n.translated(problem, "problem", "ko")
    assert korean != problem and "쓰세요" in korean


def test_forecast_in_korean() -> None:
    from bot.forecast import forecast_line

    m = 1_000_000
    totals = [("2026-07", 400 * m), ("2026-08", 450 * m), ("2026-09", 500 * m), ("2026-10", 560 * m)]
    korean = forecast_line(totals=totals, limit=700 * m, lang="ko")
    assert korean.startswith("예측: 지금 추세(매달 11.8%씩 복리 증가") and korean.endswith("2027년 1월에 7억 명에 닿습니다.")
    assert forecast_line(totals=totals, limit=700 * m).endswith("would reach 700 million in 2027-01.")


@pytest.mark.parametrize("word", ["use", "ask", "request", "decide"])
def test_korean_examples_are_the_same_commands(word: str) -> None:
    """A Korean example shown by help is the same command as the English one, and (for the rules words) gets
    the same verdict."""
    import rules
    from bot.grammar import example, parse_command

    english, korean = parse_command(example(word, "en")), parse_command(example(word, "ko"))
    assert english.word == korean.word == word
    assert set(english.args) == set(korean.args)
    if word == "use":
        a, b = english.args, korean.args
        assert (a["mau"], a["target"]) == (b["mau"], b["target"])
        assert rules.check_use(a["text"]).verdict == rules.check_use(b["text"]).verdict
    if word == "ask":
        assert rules.ask(english.args["text"]).verdict == rules.ask(korean.args["text"]).verdict


def test_help_shows_usage_and_examples_in_the_readers_language() -> None:
    from bot.blocks.help import help_blocks, help_text

    korean = str([b.to_dict() for b in help_blocks(lang="ko")])
    assert "use 고객 상담 챗봇 mau 5M target 50M" in korean and "검토 채널 멤버" in korean
    assert "customer support chatbot" not in korean and "the review channel's members" not in korean
    english = str([b.to_dict() for b in help_blocks(lang="en")])
    assert "use customer support chatbot mau 5M target 50M" in english and "고객" not in english
    assert "report SERVICE QTY [for YYYY-MM] 또는" in help_text(topic="report", problem="x", lang="ko")
