"""No text a person reads in Slack is an English literal in bot/ code: it comes from the catalogs
(bot/locales/*.toml through bot.i18n.t, or rules/locales through rules.i18n), keyed by message id and locale.

The scan reads every module of bot/ with `ast` and looks where Slack text is made:
- the `text`, `label`, `title`, `submit`, `close`, `placeholder`, `hint` and `alt_text` arguments of any call
  (Block Kit objects, say/respond/ack, chat.postMessage, webhooks, Reply),
- the first argument of the reply helpers (refuse, done, refusal, message_blocks, _section, _context),
- Block Kit text objects written as dicts ({"type": "plain_text" | "mrkdwn", "text": ...}),
- the field errors a modal returns (`errors={block: ...}`).
A value counts as English when a string literal in it (an f-string's literal parts included, through any
formatting call such as cut() or str.join()) holds a run of three or more Latin letters. Catalog lookups
(t, text, translated, error, ...) are not looked into: their first argument is a message id.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"

TEXT_KEYWORDS = {"text", "label", "title", "submit", "close", "placeholder", "hint", "alt_text"}
TEXT_FIRST_ARG = {"refuse", "done", "refusal", "message_blocks", "_section", "_context"}
LOOKUPS = {"t", "text", "translated", "error", "apology", "past", "count", "month", "date", "day"}
WORD = re.compile(r"[A-Za-z]{3,}")

# Calls whose `text`/`title` is not shown to a person, and literals that are not prose. Each entry says why.
NOT_SHOWN = {
    "Asked",  # Asked.text is what the person typed (or an audit note of a click), never sent back
    "Command",  # the parsed command's raw text
    "files_upload_v2",  # the chart file's title: set from the catalog by the caller (CHART_TITLE is a name)
}
ALLOWED = {
    # Product and Slack words that are the same in every language.
    "Herdbook", "Llama", "OSPO", "Slack",
    # Slack mrkdwn and Block Kit tokens, not prose.
    "plain_text", "mrkdwn", "ephemeral", "errors",
}


def _literal_parts(node: ast.AST) -> list[tuple[int, str]]:
    """The string literals a text value is built from, not counting what catalog lookups are given."""
    found: list[tuple[int, str]] = []

    def visit(n: ast.AST) -> None:
        if isinstance(n, ast.Call):
            name = n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
            if name in LOOKUPS:
                return
            for child in [n.func, *n.args, *(k.value for k in n.keywords)]:
                visit(child)
            return
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            found.append((n.lineno, n.value))
            return
        if isinstance(n, ast.Subscript):  # EXAMPLES["register"], data["x"]: keys are not text
            visit(n.value)
            return
        if isinstance(n, ast.Dict):  # a dict built inline: only its values can be text
            for v in n.values:
                visit(v)
            return
        if isinstance(n, ast.Compare):  # `x == "en"`: a comparison's strings are never shown
            return
        for child in ast.iter_child_nodes(n):
            visit(child)

    visit(node)
    return found


def _english(value: str) -> bool:
    words = [w for w in WORD.findall(value) if w not in ALLOWED]
    return bool(words) and not value.startswith(("http://", "https://", ":"))


def _text_values(tree: ast.AST) -> list[ast.AST]:
    values: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in NOT_SHOWN:
                continue
            for kw in node.keywords:
                if kw.arg in TEXT_KEYWORDS:
                    values.append(kw.value)
                if kw.arg == "errors" and isinstance(kw.value, ast.Dict):
                    values.extend(kw.value.values)
            if name in TEXT_FIRST_ARG and node.args:
                values.append(node.args[0])
        if isinstance(node, ast.Dict):
            keys = {k.value: v for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            kind = keys.get("type")
            if isinstance(kind, ast.Constant) and kind.value in ("plain_text", "mrkdwn") and "text" in keys:
                values.append(keys["text"])
    return values


def english_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    out = []
    for value in _text_values(tree):
        for line, literal in _literal_parts(value):
            if _english(literal):
                out.append(f"{path.relative_to(BOT.parent)}:{line}: {literal!r}")
    return sorted(set(out))


MODULES = sorted(p for p in BOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(BOT)))
def test_no_hand_built_english_in_slack_text(path: Path) -> None:
    assert english_literals(path) == [], "move these texts into bot/locales/*.toml and use bot.i18n.t"


def test_the_scan_finds_what_it_should(tmp_path: Path) -> None:
    """The scan is not blind: each shape of hand-built English it looks for is caught, catalog lookups are not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'respond(text="Sorry, that failed.")\n'
        'ButtonElement(text=t("home.previous", lang), action_id="x")\n'
        'HeaderBlock(text=cut(f"My services: {n}", 150))\n'
        'blocks = [{"type": "plain_text", "text": "Approve"}]\n'
        'ack(response_action="errors", errors={"until": "Pick a date."})\n'
        'refuse(f"There is no request {rid}.")\n'
        'Asked(text=f"duty {duty_id} done", surface="duties")\n'
        'View(title=t("register.title", lang), submit="Register")\n'
    )
    found = [line.split(": ", 1)[1] for line in english_literals_at(sample)]
    assert found == ["'Approve'", "'My services: '", "'Pick a date.'", "'Register'", "'Sorry, that failed.'",
                     "'There is no request '"]


def english_literals_at(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return sorted({f"{line}: {literal!r}" for value in _text_values(tree) for line, literal in _literal_parts(value)
                   if _english(literal)}, key=lambda s: s.split(": ", 1)[1])
