"""The deploy files: systemd units that systemd itself accepts, a Procfile and docs that agree, one Python version."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.procs import console_script

ROOT = Path(__file__).resolve().parents[1]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
INSTALL_ROOT = "/opt/herdbook"


def test_there_are_units_for_web_clock_and_the_release_step() -> None:
    commands = {unit.name: re.findall(r"^ExecStart=\S+ (.+)$", unit.read_text(), re.MULTILINE) for unit in UNITS}
    assert commands == {
        "herdbook-clock.service": ["clock"],
        "herdbook-migrate.service": ["db upgrade"],
        "herdbook-web.service": ["serve"],
    }


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_units_verify(tmp_path: Path) -> None:
    # The units name /opt/herdbook/.venv/bin/llama-bot; verify checks that ExecStart is executable, so point
    # them at this test's own installed console script.
    bin_dir = tmp_path / "opt" / "herdbook" / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "llama-bot").symlink_to(console_script("llama-bot"))
    copies = []
    for unit in UNITS:
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace(INSTALL_ROOT, str(tmp_path / "opt" / "herdbook")))
        copies.append(str(copy))
    result = subprocess.run(["systemd-analyze", "verify", *copies], capture_output=True, text=True, timeout=60,
                            check=False)
    # Unknown keys and unparsable values are only warnings (exit 0): any line about our units fails the test.
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if "herdbook" in line]
    assert result.returncode == 0 and not complaints, result.stdout + result.stderr


def test_procfile_runs_web_clock_and_release() -> None:
    procfile = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
    # `python -m bot` is `llama-bot` without relying on how the platform installed the console scripts.
    assert procfile == {"web": "python -m bot serve", "clock": "python -m bot clock", "release": "python -m bot db upgrade"}
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    assert "heroku ps:scale web=1 clock=1" in deploy and "uv sync --locked" in deploy


def test_python_version_file_is_within_requires_python() -> None:
    version = (ROOT / ".python-version").read_text().strip()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    low = project["requires-python"].removeprefix(">=")
    assert tuple(map(int, version.split("."))) >= tuple(map(int, low.split(".")))
    assert project["license"] == "Apache-2.0"  # an SPDX expression, not the deprecated table
