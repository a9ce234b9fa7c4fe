"""Helpers for tests that run Herdbook's console scripts as real processes."""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def console_script(name: str) -> str:
    """The installed console script next to this interpreter (`pip install -e .` puts it there)."""
    path = Path(sys.executable).with_name(name)
    assert path.exists(), f"{name} is not installed next to {sys.executable}: run `pip install -e '.[test]'`"
    return str(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(predicate: Callable[[], Any], *, what: str, deadline: float = 30.0) -> Any:
    """Poll until `predicate()` is truthy and return it; a deadline on waiting, never an assertion on time."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")
