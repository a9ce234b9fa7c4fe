"""`rules` is the pure core: it imports nothing from bot, Slack or the database (ARCHITECTURE: layers)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import rules

FORBIDDEN = ("bot", "slack_bolt", "slack_sdk", "sqlmodel", "sqlalchemy")
RULES_DIR = Path(rules.__file__).resolve().parent
MODULES = sorted(f"rules.{p.stem}" for p in RULES_DIR.glob("*.py") if p.stem != "__init__")


def test_every_rules_module_is_covered() -> None:
    assert {"rules.usecases", "rules.intent", "rules.cli", "rules.data", "rules.mau", "rules.names"} <= set(MODULES)


@pytest.mark.parametrize("module", ["rules", *MODULES])
def test_importing_pulls_in_nothing_forbidden(module: str) -> None:
    # A fresh interpreter: the test session itself has bot and SQLAlchemy loaded.
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "import rules\n"
        "rules.ask('customer chatbot'); rules.check_name('Llama 2 Pro'); rules.check_mau('10M')\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    loaded = json.loads(p.stdout)
    bad = [m for m in loaded if m.split(".")[0] in FORBIDDEN]
    assert bad == []


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_sources_import_nothing_forbidden(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.append(node.module)
    assert [m for m in imported if m.split(".")[0] in FORBIDDEN] == []
