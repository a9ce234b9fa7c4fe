"""No text a person reads in Slack is an English literal in bot/ code: it comes from the catalogs
(bot/locales/*.toml through bot.i18n.t, or rules/locales through rules.i18n), keyed by message id and locale.

The scan reads every module of bot/ with `ast` and looks where Slack text is made:
- the `text`, `label`, `title`, `submit`, `close`, `placeholder`, `hint` and `alt_text` arguments of any call
  (Block Kit objects, say/respond/ack, chat.postMessage, webhooks, Reply),
- the first argument of the reply helpers (refuse, done, refusal, message_blocks, _section, _context) and of
  the chart's annotate and set_title,
- Block Kit text objects written as dicts ({"type": "plain_text" | "mrkdwn", "text": ...}),
- the field errors a modal returns (`errors={block: ...}`).
A value counts as English when a string literal in it (an f-string's literal parts included, through any
formatting call such as cut() or str.join(), and through the local variables it is built from in the same
function: `text = f"..."; refuse(text)`) holds a run of three or more Latin letters. Catalog lookups
(t, text, translated, error, ...) and dict lookups (.get) are not looked into: their arguments are ids and keys.
What the scan cannot follow is text handed from one function to another as a return value; the catalog test
(every id used) and the Korean surface tests cover those paths.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"

TEXT_KEYWORDS = {"text", "label", "title", "submit", "close", "placeholder", "hint", "alt_text"}
TEXT_FIRST_ARG = {"refuse", "done", "refusal", "message_blocks", "_section", "_context",
                  "annotate", "set_title", "set_xlabel", "set_ylabel"}  # the last ones: the chart's words
LOOKUPS = {"t", "text", "translated", "error", "apology", "past", "count", "month", "date", "day", "get"}
WORD = re.compile(r"[A-Za-z]{3,}")

# The allow-list: calls whose `text` is not shown to a person in Slack. Each entry says why.
NOT_SHOWN = {
    "Asked",  # Asked.text is what the person typed (or an audit note of a click), never sent back
    "replace",  # dataclasses.replace(asked, text=...): the audit note of a click, like Asked
    "cmd_shell",  # `llama-bot` without Slack tokens: the console hint to the operator, not a Slack text
}


def _literal_parts(node: ast.AST, names: dict[str, list[ast.AST]] | None = None) -> list[tuple[int, str]]:
    """The string literals a text value is built from, not counting what catalog lookups are given.
    `names`: the values assigned to each local variable of the enclosing function."""
    found: list[tuple[int, str]] = []
    names = names or {}
    followed: set[str] = set()

    def visit(n: ast.AST) -> None:
        if isinstance(n, ast.Name) and n.id in names and n.id not in followed:
            followed.add(n.id)
            for value in names[n.id]:
                if _string_shaped(value):
                    visit(value)
            return
        if isinstance(n, ast.Call):
            name = n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
            if name in LOOKUPS or name in NOT_SHOWN:
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


FORMATTING = {"cut", "join", "format", "strip", "rstrip", "lstrip", "replace", "capitalize", "upper", "lower"}


def _string_shaped(value: ast.AST) -> bool:
    """An assignment that builds a string (a literal, an f-string, a sum, a choice, a formatting call), rather
    than, say, a Reply or an Asked that a function returned."""
    if isinstance(value, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.IfExp, ast.BoolOp)):
        return True
    if isinstance(value, ast.Call):
        name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(value.func, "id", "")
        return name in FORMATTING
    return False


def _english(value: str) -> bool:
    return WORD.search(value) is not None


def _assignments(scope: ast.AST) -> dict[str, list[ast.AST]]:
    """name -> the values assigned to it (=, +=, annotated) in `scope`."""
    names: dict[str, list[ast.AST]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.setdefault(target.id, []).append(node.value)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name) and node.value:
            names.setdefault(node.target.id, []).append(node.value)
    return names


def _scoped_text_values(tree: ast.AST) -> list[tuple[ast.AST, dict[str, list[ast.AST]]]]:
    """Each text value with the local assignments of the function it is in (the module's outside functions)."""
    out = []
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inner = {id(v) for scope in scopes for v in _text_values(scope)}
    module = {name: values for name, values in _assignments(tree).items()
              if name.isupper()}  # module constants (SORRY = "..."), seen from every function
    out += [(v, _assignments(tree)) for v in _text_values(tree) if id(v) not in inner]
    for scope in scopes:
        names = {**module, **_assignments(scope)}
        out += [(v, names) for v in _text_values(scope)]
    return out


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
    for value, names in _scoped_text_values(tree):
        for line, literal in _literal_parts(value, names):
            if _english(literal):
                out.append(f"{path.relative_to(BOT.parent) if path.is_relative_to(BOT) else path.name}:{line}: "
                           f"{literal!r}")
    return sorted(set(out))


# bot/fakeslack.py is the stand-in for Slack's Web API in tests and the shell: Slack's side, not the bot's words.
MODULES = sorted(p for p in BOT.rglob("*.py") if "migrations" not in p.parts and p.name != "fakeslack.py")


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
        'def f(lang):\n'
        '    note = "The chart could not be drawn."\n'
        '    note += t("services.chart_empty", lang)\n'
        '    return done(note)\n'
        'def g(lang):\n'
        '    note = t("services.chart_failed", lang)\n'
        '    return done(note)\n'
        'BUSY = "I am busy."\n'
        'def h():\n'
        '    respond(text=BUSY)\n'
    )
    found = [line.split(": ", 1)[1] for line in english_literals(sample)]
    assert sorted(found) == ["'Approve'", "'I am busy.'", "'My services: '", "'Pick a date.'", "'Register'",
                             "'Sorry, that failed.'", "'The chart could not be drawn.'", "'There is no request '"]
