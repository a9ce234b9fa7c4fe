"""A `serve` worker's warm-up (bot.web.warm_up) pays what first answers would: the optional Korean analyser
(extra `korean`) is made then when it is installed, not during the first Korean answer, which must leave
within Slack's 3 s."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

HAS_KIWI = importlib.util.find_spec("kiwipiepy") is not None


def test_the_warm_up_makes_the_korean_analyser_when_it_is_installed() -> None:
    code = ("import rules.korean as k; from bot.settings import Settings; from bot.web import warm_up; "
            "warm_up(Settings()); print(k._KIWI is not None)")
    env = {k: v for k, v in os.environ.items() if k not in ("DEFAULT_LICENSE", "DEFAULT_POLICY")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                         cwd=os.path.dirname(__file__)).stdout.strip()
    assert out == str(HAS_KIWI)
