"""The layers of `bot/` (STYLE.md, docs/architecture.md): listeners -> services -> storage/rules.

Read from the source with `ast`, function-level imports included, so a lazy import cannot hide a wrong
dependency:
- `bot.blocks` builds Block Kit from plain values: it imports no storage, listeners, services or jobs
  (a name needed only for type hints may come under `if TYPE_CHECKING:`);
- `bot.services` (what a request does) imports no listeners and no entry point (`bot.app`, `bot.__main__`,
  `bot.cli`, `bot.answers`); `bot.jobs` imports no listeners, `bot.app`, `bot.__main__` or `bot.answers`;
  listeners import no entry point but `bot.answers`, no jobs and no storage (they parse, call a service,
  build blocks and reply);
- `bot.storage` imports none of listeners, services, blocks or jobs;
- no module imports another module's private name (`from bot.x import _y`);
- the import graph of `bot` (every import, at any depth, outside TYPE_CHECKING) has no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
FILES = sorted(p for p in BOT.rglob("*.py") if "migrations" not in p.parts)

# The entry points: the Bolt app factory, the command line, and the dispatcher listeners call.
ENTRY = ("bot.app", "bot.__main__", "bot.cli", "bot.answers")

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "bot.blocks": ("bot.storage", "bot.listeners", "bot.services", "bot.jobs", *ENTRY),
    "bot.jobs": ("bot.listeners", "bot.app", "bot.__main__", "bot.answers"),
    "bot.services": ("bot.listeners", "bot.jobs.cli", *ENTRY),
    "bot.listeners": ("bot.app", "bot.__main__", "bot.cli", "bot.jobs", "bot.storage", "sqlmodel", "sqlalchemy"),
    "bot.storage": ("bot.listeners", "bot.services", "bot.blocks", "bot.jobs", *ENTRY),
}


def _module(path: Path) -> str:
    rel = path.relative_to(BOT.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) for every import in the file, at any depth, outside TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_lines(tree)
    found = []
    for node in ast.walk(tree):
        if node.lineno in typing_only if hasattr(node, "lineno") else False:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


def test_the_layer_rules_cover_the_packages() -> None:
    modules = {_module(p) for p in FILES}
    for layer in FORBIDDEN:
        assert any(m == layer or m.startswith(layer + ".") for m in modules), layer


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(BOT.parent)))
def test_module_respects_its_layer(path: Path) -> None:
    module = _module(path)
    banned = next((b for layer, b in FORBIDDEN.items() if module == layer or module.startswith(layer + ".")), ())
    wrong = [f"line {line}: {name}" for line, name, _ in _imports(path)
             if any(name == b or name.startswith(b + ".") for b in banned)]
    assert not wrong, f"{module} imports across its layer: {wrong}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(BOT.parent)))
def test_no_private_name_is_imported_from_another_module(path: Path) -> None:
    private = [f"line {line}: {name}.{n}" for line, name, names in _imports(path)
               if name.startswith("bot.") for n in names if n.startswith("_") and not n.startswith("__")]
    assert not private, f"{_module(path)} reaches into another module's private names: {private}"


MODULES = {_module(p): p for p in FILES}


def _target(module: str, name: str | None) -> str | None:
    """The `bot` module an import statement loads: `from bot.x import y` is `bot.x.y` when that is a module."""
    if name is not None and f"{module}.{name}" in MODULES:
        return f"{module}.{name}"
    return module if module in MODULES else None


def import_graph() -> dict[str, set[str]]:
    """Module -> the `bot` modules it imports, at any depth, outside TYPE_CHECKING."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for _line, name, names in _imports(path):
            for target in ([_target(name, n) for n in names] if names else [_target(name, None)]):
                if target is not None and target != module:
                    graph[module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module, each as one cycle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(_cycle_through(graph, set(component)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _cycle_through(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """One concrete cycle inside a strongly connected component (a breadth-first path back to the start)."""
    start = min(component)
    paths = {w: [start, w] for w in sorted(graph[start] & component)}
    queue = list(paths)
    while queue:
        v = queue.pop(0)
        if v == start:
            return paths[v]
        for w in sorted(graph[v] & component):
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    return sorted(component)


def test_the_cycle_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_has_function_level_and_module_imports() -> None:
    graph = import_graph()
    assert "bot.listeners" in graph["bot.app"]  # imported inside create_app
    assert "bot.listeners.commands" in graph["bot.listeners"]  # `from bot.listeners import commands`, in a function
    assert "bot.services.workspace" in graph["bot.answers"]  # `from bot.services import workspace`
    assert "bot.settings" not in graph["bot.reply"]  # only under TYPE_CHECKING


def test_bot_has_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles in bot/:\n" + "\n".join(" -> ".join(c) for c in found)
