"""Issue 9 item 4: numbers no user count can be are a one-line refusal (exit 2), never a traceback."""

from __future__ import annotations

import json

import pytest

from rules.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [
    ["mau", "9" * 5000], ["mau", "1e9999999"], ["use", "customer chatbot", "--mau", "1e9999999"],
    ["use", "customer chatbot", "--mau", "9" * 5000], ["ask", "we have " + "9" * 5000 + " users for our chatbot"],
    ["use", "a chatbot for " + "9" * 5000 + " users"],
], ids=lambda a: " ".join(a)[:30])
def test_huge_numbers_are_a_one_line_refusal_with_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "that number is too large to be a user count" in err and "Traceback" not in err
    code, out, err = run(capsys, "--json", *argv)
    assert code == 2
    assert "too large to be a user count" in json.loads(out)["error"]


def test_the_public_api_raises_a_value_error() -> None:
    import rules

    for call in (lambda: rules.check_mau("1e9999999"), lambda: rules.check_use("chatbot", mau="9" * 5000),
                 lambda: rules.ask("we have " + "9" * 5000 + " users")):
        with pytest.raises(ValueError, match="too large to be a user count"):
            call()
