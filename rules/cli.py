"""`llama-check`: the rules engine on the command line (no database, no network).

    llama-check [--json] [--license ID] [--policy ID] ask TEXT
    llama-check [--json] [--license ID] [--policy ID] name NAME
    llama-check [--json] [--license ID] [--policy ID] use TEXT [--mau QTY] [--target-mau QTY]
    llama-check [--json] mau QTY
    llama-check [--json] batch FILE|-
    llama-check [--json] licenses
    llama-check [--json] [--policy ID] card FILE [--repo DIR]

--lang ko|en chooses the language of the answer (default: Korean for a question written in Korean, else
from LANG); the messages are data in rules/locales (rules.i18n).

The global options (--json, --license, --policy) may also follow the command word, as people type them:
`llama-check use "chatbot" --license llama-3.1 --json` is `llama-check --json --license llama-3.1 use "chatbot"`.

Bad input exits with status 2 and a one-line reason on stderr (and `{"error": ...}` on stdout with
--json). Imports are lazy: `llama-check name X` loads only what the name check needs, so start-up
stays close to a bare interpreter's.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    import argparse
    from typing import Any, NoReturn

    from rules.verdict import Verdict

FOOTER = "Not legal advice: a reading of Meta's public Llama license texts and the OSPO guide."
_CMDS = ("ask", "name", "use", "mau")
_ALL_CMDS = (*_CMDS, "batch", "licenses", "card")
_INPUT_LOOKALIKES = frozenset({"text", "question", "query", "name", "value", "qty", "prompt"})
_GLOBAL_VALUED = ("--license", "--policy", "--lang")  # global options that take a value
_SUB_VALUED = ("--mau", "--target-mau", "--repo")  # a command's own options that take a value
BATCH_FORMAT = """\
Input: one JSON object per line (JSONL); blank lines are skipped.
  {"cmd": "ask", "input": "Can we sell API access to a Llama 2 model?"}
  {"cmd": "name", "input": "Llama 3 Nova", "license": "llama-3"}
  {"cmd": "use", "input": "customer chatbot", "mau": "120M", "target_mau": "1B", "policy": "license-text"}
  {"cmd": "mau", "input": "2.5bn"}
Fields:
  cmd         required: ask, name, use or mau
  input       required: the text to check (a string; for mau also a number)
  license     optional: a license id as for --license (default: --license, else llama-2; ask: the version
              named in the text)
  policy      optional: guide or license-text (default: --policy)
  mau         optional, use only: current monthly active users (a number or text such as "120M")
  target_mau  optional, use only: the monthly active users you plan to reach
Output: one JSON line per input line, in order: the verdict as with --json, or {"error": "line N: ..."}
for a line that could not be checked; the run goes on and exits 0."""


class _BadInput(Exception):
    """Usage or input error: exit status 2."""


def _parser() -> argparse.ArgumentParser:
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:  # argparse would print usage and exit; we own the format
            raise _BadInput(message)

    p = Parser(prog="llama-check", description="Check uses, model names and MAU figures against Meta's Llama "
               "licenses and the OSPO guide. " + FOOTER,
               epilog="`llama-check COMMAND --help` shows one command's options; `llama-check batch --help` "
                      "describes the JSONL input of batch.")
    p.add_argument("--json", action="store_true", help="one JSON object per result, on one line")
    p.add_argument("--license", metavar="ID", help="llama-1 llama-2 llama-3 llama-3.1 llama-3.2 llama-3.3 llama-4 "
                   "or a Hugging Face id (llama2, llama3.1, ...); default llama-2 (ask: the version named in the text)")
    p.add_argument("--policy", metavar="ID", default="guide", help="guide (default) or license-text")
    p.add_argument("--lang", choices=("ko", "en"), help="language of the answer (default: Korean for a Korean "
                   "question, else from LANG)")
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    sub.add_parser("ask", help="free text: routed to name, mau or use").add_argument("words", nargs="+",
                                                                                  metavar="TEXT")
    sub.add_parser("name", help="check a proposed model name").add_argument("words", nargs="+", metavar="NAME")
    use = sub.add_parser("use", help="check a described use")
    use.add_argument("words", nargs="+", metavar="TEXT")
    use.add_argument("--mau", metavar="QTY")
    use.add_argument("--target-mau", metavar="QTY")
    sub.add_parser("mau", help="check a monthly-active-user figure").add_argument("words", nargs="+", metavar="QTY")
    batch = sub.add_parser("batch", help="JSONL in (FILE or - for stdin), one JSON line out per input line",
                           description=BATCH_FORMAT, formatter_class=argparse.RawDescriptionHelpFormatter)
    batch.add_argument("file", metavar="FILE|-", help="a JSONL file, or - to read standard input")
    sub.add_parser("licenses", help="the license packs and policies this build knows")
    card = sub.add_parser("card", help="check a model card (README with YAML front matter) for license duties")
    card.add_argument("file")
    card.add_argument("--repo", metavar="DIR", help="repository folder with LICENSE, Notice, USE_POLICY.md")
    return p


class _Args:
    """The parsed command line (what argparse's Namespace would hold)."""

    def __init__(self, **kw: Any) -> None:
        self.cmd = ""
        self.json, self.license, self.policy, self.lang = False, None, "guide", None
        self.mau = self.target_mau = self.repo = self.file = None
        self.words: list[str] = []
        self.__dict__.update(kw)


def _hoist_globals(argv: list[str]) -> list[str]:
    """Global options written after the command word, moved in front of it (order kept, so when an option is
    given twice the later one still wins). Nothing after `--` moves, and a value of --mau, --target-mau or
    --repo is never read as an option; anything unusual is left for argparse to report."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 2 if argv[i] in _GLOBAL_VALUED else 1
    if i >= len(argv) or argv[i] not in _ALL_CMDS:
        return argv
    moved: list[str] = []
    kept: list[str] = []
    rest = argv[i + 1:]
    j = 0
    while j < len(rest):
        tok = rest[j]
        if tok == "--":
            kept += rest[j:]
            break
        if tok == "--json" or tok.startswith(("--license=", "--policy=", "--lang=")):
            moved.append(tok)
        elif tok in _GLOBAL_VALUED and j + 1 < len(rest):
            moved += rest[j:j + 2]
            j += 1
        elif tok in _SUB_VALUED and j + 1 < len(rest):
            kept += rest[j:j + 2]
            j += 1
        else:
            kept.append(tok)
        j += 1
    return [*argv[:i], *moved, argv[i], *kept] if moved else argv


def _quick_parse(argv: list[str]) -> _Args | None:
    """The common shapes without building the argparse parser (about a tenth of start-up time); None means
    "let argparse handle it" (help, card, batch, anything unusual, every error message)."""
    a = _Args()
    i = 0
    while i < len(argv) and argv[i].startswith("--"):
        opt = argv[i]
        if opt == "--json":
            a.json = True
        elif opt in ("--license", "--policy", "--lang") and i + 1 < len(argv):
            setattr(a, opt[2:], argv[i + 1])
            i += 1
        else:
            return None
        i += 1
    if i >= len(argv) or argv[i] not in _CMDS:
        return None
    a.cmd = argv[i]
    rest = argv[i + 1:]
    words: list[str] = []
    j = 0
    while j < len(rest):
        tok = rest[j]
        if a.cmd == "use" and tok in ("--mau", "--target-mau") and j + 1 < len(rest):
            setattr(a, tok[2:].replace("-", "_"), rest[j + 1])
            j += 2
            continue
        if tok.startswith("-"):
            return None
        words.append(tok)
        j += 1
    if not words:
        return None
    a.words = words
    return a


def run(cmd: str, value: Any, *, license: str | None, policy: str, mau: Any = None, target_mau: Any = None) -> Verdict:
    """One check by command word; raises RulesError (bad input) like the functions it calls."""
    from rules.verdict import EmptyInputError

    if cmd != "mau" and (not isinstance(value, str) or not value.strip()):
        raise EmptyInputError(f"empty {cmd} input {value!r}: send some text")
    if cmd == "ask":
        from rules.intent import ask

        return ask(value, license=license, policy=policy)
    lic = license or "llama-2"
    if cmd == "name":
        from rules.names import check_name

        return check_name(value, license=lic, policy=policy)
    if cmd == "use":
        from rules.intent import detect_license
        from rules.usecases import check_use

        named = detect_license(value)  # as `ask` does: a version named in the text wins
        return check_use(value, license=named[0] if named else lic, policy=policy, mau=mau, target_mau=target_mau)
    if cmd == "mau":
        from rules.mau import check_mau

        return check_mau(value, license=lic, policy=policy)
    raise _BadInput(f"unknown command {cmd!r}: use one of {', '.join(_CMDS)}")


def render(v: Verdict, lang: str = "en", read_as: str | None = None) -> str:
    """Short human-readable text: verdict word, reasons with clause and source, suggestions, footer
    (rules.i18n.render, in `lang`)."""
    from rules.i18n import render as render_in

    return render_in(v, lang, read_as=read_as)


def _as_json(v: Verdict) -> dict[str, Any]:
    d: dict[str, Any] = v.to_dict()
    if v.kind in ("use", "ask"):
        from rules.usecases import unexplained_words

        d["unexplained"] = unexplained_words(v)  # risk words no recognised activity explained (issue 11)
    return d


def _emit(obj: dict[str, Any]) -> None:
    import json

    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _batch(path: str, *, license: str | None, policy: str, lang: str | None = None) -> None:
    import json

    from rules.verdict import RulesError

    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115 (closed below)
    try:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                q = json.loads(line)
                if not isinstance(q, dict):
                    raise _BadInput("each line must be a JSON object, like {\"cmd\": \"ask\", \"input\": \"...\"}")
                cmd = q.get("cmd")
                if cmd not in _CMDS:
                    raise _BadInput(f"'cmd' must be one of {', '.join(_CMDS)}, got {cmd!r}")
                if "input" not in q:
                    named = f" ('{next(iter(set(q) & _INPUT_LOOKALIKES))}' is not a field: rename it to 'input')" \
                        if set(q) & _INPUT_LOOKALIKES else ""
                    raise _BadInput(f"missing 'input', which is required: the text to check{named}")
                value = q["input"]
                if not isinstance(value, str) and not (cmd == "mau" and isinstance(value, int | float)
                                                       and not isinstance(value, bool)):
                    kind = "a string or a number" if cmd == "mau" else "a string"
                    raise _BadInput(f"'input' must be {kind}, got {type(value).__name__} {json.dumps(value)[:60]}")
                for key in ("license", "policy"):
                    if q.get(key) is not None and not isinstance(q[key], str):
                        raise _BadInput(f"'{key}' must be a string, got {type(q[key]).__name__}")
                v = run(cmd, value, license=q.get("license") or license, policy=q.get("policy") or policy,
                        mau=q.get("mau"), target_mau=q.get("target_mau"))
                _emit({**_as_json(v), "lang": _lang_of(lang, q["input"])})
            except json.JSONDecodeError as e:
                _emit({"error": f"line {n}: not JSON ({e.msg}); send one JSON object per line"})
            except (RulesError, _BadInput) as e:
                _emit({"error": f"line {n}: {e}"})
            except Exception as e:  # noqa: BLE001 - one odd line (a list where a string belongs) must not end the run
                _emit({"error": f"line {n}: could not check this line ({type(e).__name__}: {e}); send strings for "
                                "cmd, input, license and policy"})
            sys.stdout.flush()
    finally:
        if stream is not sys.stdin:
            stream.close()


def _licenses(as_json: bool, lang: str = "en") -> None:
    from rules.data import list_packs, list_policies
    from rules.i18n import date, month, text

    packs = [{"id": p.id, "title": p.title, "release_date": p.release_date.isoformat(),
              "mau_test_month": p.mau_test_month} for p in list_packs()]
    policies = [{"id": p.id, "title": p.title, "description": p.description} for p in list_policies()]
    if as_json:
        _emit({"packs": packs, "policies": policies})
        return
    print(text("ui.packs", lang))
    for p in packs:
        test = p["mau_test_month"]
        shown = text("ui.pack_month", lang, month=month(test, lang) if lang == "ko" else test) if test else text(
            "ui.pack_no_month", lang)
        print(text("ui.pack_line", lang, id=f"{p['id']:<10}", released=date(str(p["release_date"]), lang),
                   title=p["title"], month=shown))
    print(text("ui.policies", lang))
    for q in policies:
        print(text("ui.policy_line", lang, id=f"{q['id']:<13}", title=q["title"]))
    print(text("ui.footer", lang))


def _fail(message: str, as_json: bool, status: int = 2, lang: str = "en") -> int:
    from rules.i18n import text

    message = " ".join(str(message).split())
    if as_json:
        _emit({"error": message})
    sys.stderr.write(text("ui.error", lang, text=message) + "\n")
    return status


def _lang_of(explicit: str | None, text: str) -> str:
    """The answer's language: --lang, else Korean for Korean text, else from LANG (rules.i18n.choose)."""
    from rules.i18n import choose

    return choose(explicit, text if isinstance(text, str) else "")


def _lang_option(argv: list[str]) -> str | None:
    """The value of --lang among the global options (None when not given); a bad value is bad input."""
    lang = None
    for i, tok in enumerate(argv):
        if tok in _ALL_CMDS:
            break
        if tok == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif tok.startswith("--lang="):
            lang = tok.split("=", 1)[1]
    if lang is not None and lang not in ("ko", "en"):
        raise _BadInput(f"--lang must be ko or en, got {lang!r}")
    return lang


def _error_text(e: Exception, lang: str) -> str:
    """A bad-input message in `lang` (English: the engine's own message, which quotes the input)."""
    if lang == "en":
        return str(e)
    import re

    from rules.i18n import error
    from rules.verdict import EmptyInputError, QuantityError, UnknownLicenseError

    msg = str(e)
    quoted = re.search(r"'[^']*'|\"[^\"]*\"", msg)
    shown = quoted.group(0) if quoted else msg
    if isinstance(e, EmptyInputError):
        return error("empty", lang)
    if isinstance(e, QuantityError):
        return error("quantity", lang, input=shown)
    if isinstance(e, UnknownLicenseError):
        return error("unknown_license", lang, input=shown)
    if isinstance(e, _BadInput) and msg.startswith("batch file"):
        return error("batch_file", lang, input=shown)
    return error("usage" if isinstance(e, _BadInput) else "input", lang, detail=msg)


def main(argv: list[str] | None = None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        sys.stderr.write(_parser().format_help())
        return 2
    args_list = _hoist_globals(sys.argv[1:] if argv is None else list(argv))
    cmd_at = next((i for i, a in enumerate(args_list) if a in _ALL_CMDS), None)
    as_json = "--json" in args_list[:cmd_at]
    from rules.verdict import DataError, RulesError

    lang = "en"
    try:
        explicit = _lang_option(args_list)
        lang = _lang_of(explicit, " ".join(args_list[cmd_at + 1:]) if cmd_at is not None else "")
        args: Any = _quick_parse(args_list) or _parser().parse_args(args_list)
        if args.license is not None:
            from rules.data import resolve_license

            args.license = resolve_license(args.license)
        if args.cmd == "batch":
            if args.file != "-":
                import os

                if not os.path.isfile(args.file):
                    raise _BadInput(f"batch file {args.file!r} not found: give a JSONL file or - for stdin")
            _batch(args.file, license=args.license, policy=args.policy, lang=explicit)
            return 0
        if args.cmd == "licenses":
            _licenses(args.json, lang)
            return 0
        if args.cmd == "card":
            from rules.card import check_card

            v = check_card(args.file, repo_dir=args.repo, policy=args.policy)
        else:
            value = " ".join(args.words)
            v = run(args.cmd, value, license=args.license, policy=args.policy, mau=getattr(args, "mau", None),
                    target_mau=getattr(args, "target_mau", None))
    except (RulesError, _BadInput) as e:
        return _fail(_error_text(e, lang), as_json, lang=lang)
    except DataError as e:  # a broken pack file is our bug, not the user's input
        from rules.i18n import error

        return _fail(error("data", lang, detail=e) if lang != "en" else f"internal data error: {e}", as_json,
                     status=1, lang=lang)
    except BrokenPipeError:
        return _reader_gone()
    except Exception as e:  # noqa: BLE001 - a bug of ours: one line, not a traceback, and a distinct status
        detail = f"{type(e).__name__}: {e}"
        if lang != "en":
            from rules.i18n import error

            return _fail(error("internal", lang, detail=detail), as_json, status=1, lang=lang)
        return _fail(f"internal error ({detail}); please report it", as_json, status=1)
    try:
        if args.json:
            _emit({**_as_json(v), "lang": lang})
        else:
            read_as = None
            if lang == "ko" and args.cmd in ("ask", "use") and not value.isascii():
                from rules.korean import gloss

                read_as = gloss(value)
            print(render(v, lang, read_as))
            sys.stdout.flush()
    except BrokenPipeError:
        return _reader_gone()
    return 0


def _reader_gone() -> int:
    """`llama-check ... | head`: the reader left; stop quietly (no traceback at interpreter exit either)."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
