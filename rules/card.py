"""`llama-check card FILE`: read a model card (README with YAML front matter) and its repository folder,
resolve the Llama version from the base-model lineage, and report each redistribution duty as met or
missing (LICENSES.md §3, §10).

Verdict policy (documented choice):
- a missing LICENSE duty (agreement copy, Notice sentence, display string, name prefix) -> `prohibited`:
  publishing the repository as it is would break the license;
- the acceptable use policy not passed on, `license:` metadata that disagrees with the lineage, a
  missing guide-only item, or a version that cannot be told -> `review`;
- everything met -> `allowed`.

The front-matter reader is deliberately tiny (top-level scalars and lists only): `rules` has no YAML
dependency, and these are the only fields the check needs.
"""

from __future__ import annotations

import re
from pathlib import Path

from rules.data import Pack, Policy, load_pack, load_policy, resolve_license
from rules.names import LENIENT_NOTE, check_name
from rules.verdict import SEVERITY, Reason, RulesError, UnknownLicenseError, Verdict

_FIELDS = ("license", "license_name", "license_link", "base_model", "model_name", "pipeline_tag")
_KEY = re.compile(r"^([A-Za-z_][\w\-]*)\s*:\s*(.*)$")


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else raw[1:]
    return re.sub(r"\s+#.*$", "", raw).strip()


def read_front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """(fields, body): top-level `key: value`, `key: [a, b]` and `key:` followed by `- item` lines."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    fields: dict[str, str | list[str]] = {}
    current: str | None = None
    for i, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            return fields, "\n".join(lines[i + 1:])
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^\s*-\s+(.*)$", line)
        if item and current is not None:
            value = fields.setdefault(current, [])
            if isinstance(value, list):
                value.append(_scalar(item.group(1)))
            continue
        if line[:1].isspace():
            continue  # nested mappings: not needed
        m = _KEY.match(line)
        current = None
        if not m:
            continue
        key, raw = m.group(1), m.group(2).strip()
        if key not in _FIELDS:
            continue
        if raw.startswith("["):
            fields[key] = [_scalar(x) for x in raw.strip("[]").split(",") if x.strip()]
        elif raw:
            fields[key] = _scalar(raw)
        else:
            current = key
            fields[key] = []
    return {}, text  # no closing "---": not front matter


# ---------------------------------------------------------------- version from lineage

_NOT_LLAMA = re.compile(r"open[_-]?llama|tinyllama")


def version_from_model_id(model_id: str) -> str | None:
    """'meta-llama/Llama-3.1-8B-Instruct' -> 'llama-3.1'; 'huggyllama/llama-7b' -> 'llama-1'; else None.

    Which names mean which version is the registry's data (each pack's `[version]` table)."""
    return _lineage(model_id)[0]


def _lineage(model_id: str) -> tuple[str | None, str | None]:
    """(pack id, label of a Llama version with no pack) for a base model id."""
    from rules.versions import version_from_model_name

    low = model_id.rsplit("/", 1)[-1].lower()
    if _NOT_LLAMA.search(low):
        return None, None  # trained from scratch: "llama" in a name does not make Llama Materials (LICENSES.md §9)
    return version_from_model_name(low)


def _metadata_license(fields: dict[str, str | list[str]]) -> tuple[str | None, str | None]:
    """(raw metadata value, pack id or None)."""
    lic = fields.get("license")
    raw = lic if isinstance(lic, str) else None
    if raw and raw.lower() == "other":
        name = fields.get("license_name")
        raw = f"other/{name}" if isinstance(name, str) else "other"
        if isinstance(name, str):
            try:
                return raw, resolve_license(name)
            except UnknownLicenseError:
                return raw, None
        return raw, None
    if raw:
        try:
            return raw, resolve_license(raw)
        except UnknownLicenseError:
            return raw, None
    return None, None


# ---------------------------------------------------------------- duties


def _squash(text: str) -> str:
    text = text.replace("©", "(c)").replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).lower()


def _files(repo: Path, pattern: re.Pattern[str]) -> list[Path]:
    if not repo.is_dir():
        return []
    return sorted(p for p in repo.iterdir() if p.is_file() and pattern.match(p.name))


def _read(p: Path) -> str:
    try:
        return p.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


_LICENSE_FILE = re.compile(r"^(?:license|licence)(?:\.(?:txt|md))?$", re.IGNORECASE)
_NOTICE_FILE = re.compile(r"^notice(?:\.(?:txt|md))?$", re.IGNORECASE)
_AUP_FILE = re.compile(r"^(?:use_policy|acceptable[_-]use[_-]policy)(?:\.(?:txt|md))?$", re.IGNORECASE)
_AUP_LINK = re.compile(r"(?:llama\.meta\.com|www\.llama\.com|llama\.com|ai\.meta\.com)/(?:llama[\w.]*/)?use-policy",
                       re.IGNORECASE)


def _duty(rule: str, clause: str, met: bool, ok: str, missing: str, *, source: str = "license",
          miss_outcome: str = "prohibited") -> tuple[str, Reason]:
    return ("allowed" if met else miss_outcome), Reason(rule, clause, source,  # type: ignore[arg-type]
                                                        ("Met: " + ok) if met else ("Missing: " + missing))


def _duties(pack: Pack, policy: Policy, *, body: str, full: str, repo: Path, name: str | None
            ) -> list[tuple[str, Reason]]:
    out: list[tuple[str, Reason]] = []
    lic_files = _files(repo, _LICENSE_FILE)
    title = _squash(pack.title)
    with_text = [p for p in lic_files if title in _squash(_read(p))]
    out.append(_duty("card.agreement", pack.agreement_copy_clause, bool(with_text),
                     f"{with_text[0].name if with_text else ''} holds the {pack.title}.",
                     (f"{', '.join(p.name for p in lic_files)} is not the {pack.title}; ship a copy of the agreement."
                      if lic_files else f"no LICENSE file in {repo}; ship a copy of the {pack.title}.")))
    notice_files = _files(repo, _NOTICE_FILE)
    sentence = _squash(pack.notice)
    holding = [p for p in notice_files if sentence in _squash(_read(p))]
    if pack.notice_in_card and not holding and sentence in _squash(full):
        holding = [Path("README")]  # the license names no file (LLaMA §3): the notice may travel in the card
    out.append(_duty("card.notice", pack.notice_clause, bool(holding),
                     f"{holding[0].name if holding else ''} carries the notice sentence.",
                     (f"{', '.join(p.name for p in notice_files)} lacks the exact sentence: {pack.notice}"
                      if notice_files else f'no "Notice" text file; add one with the sentence: {pack.notice}')))
    if pack.display_string:
        shown = _squash(pack.display_string) in _squash(body)
        out.append(_duty("card.display", pack.display_clause or "license §1.b.i", shown,
                         f'the card displays "{pack.display_string}".',
                         f'the card does not display "{pack.display_string}"; add it prominently.'))
    if pack.name_prefix:
        if name is None:
            out.append(("review", Reason("card.prefix", pack.name_prefix_clause or "license §1.b.i", "license",
                                         "Missing: no model name found (model_name or a # heading); the name must "
                                         f'begin with "{pack.name_prefix}".')))
        else:
            v = check_name(name, license=pack.id, policy=policy.id)
            lenient = LENIENT_NOTE in v.notes
            hint = f" Try: {', '.join(v.suggestions)}." if v.suggestions and v.verdict != "allowed" else ""
            out.append(_duty("card.prefix", pack.name_prefix_clause or "license §1.b.i", v.verdict == "allowed",
                             f'the model name {name!r} begins with "{pack.name_prefix}"'
                             + (" (lenient reading; the strict form has a space)." if lenient else "."),
                             f'the model name {name!r} does not begin with "{pack.name_prefix}".{hint}',
                             miss_outcome="prohibited" if v.verdict == "prohibited" else "review"))
    if pack.aup_url:  # LLaMA 1 has no separate acceptable use policy to pass on
        aup_files = _files(repo, _AUP_FILE)
        linked = bool(_AUP_LINK.search(full)) or pack.aup_url.lower() in full.lower()
        out.append(_duty("card.aup", pack.aup_clause, bool(aup_files) or linked,
                         "the acceptable use policy is passed on "
                         f"({aup_files[0].name if aup_files else 'linked in the card'}).",
                         f"no USE_POLICY.md and no link to {pack.aup_url}; pass the acceptable use policy on to "
                         "recipients.", miss_outcome="review"))
    if policy.layers_guide and policy.naming is not None and pack.id in policy.naming.applies_to:
        ob = next((o for o in policy.derivative_obligations if o.id == "attribution"), None)
        if ob is not None:
            said = re.search(r"based on (?:meta'?s? )?llama", body, re.IGNORECASE) is not None
            out.append(_duty("card.guide_attribution", ob.clause, said, 'the card says "Based on Llama".',
                             f'the guide asks the card to say "Based on {pack.short_name}" (its own gloss; the '
                             "license itself asks for the Notice sentence).", source="policy", miss_outcome="review"))
    return out


# ---------------------------------------------------------------- the check


def _model_name(fields: dict[str, str | list[str]], body: str, repo: Path | None) -> str | None:
    name = fields.get("model_name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
    if heading:
        return heading.group(1).strip()
    return repo.name if repo is not None and repo.name else None


def check_card(path: str | Path, *, repo_dir: str | Path | None = None, policy: str = "guide") -> Verdict:
    """Check a model card and its repository folder (default: the card's own folder) for the duties of
    the Llama version its base model comes from."""
    card = Path(path)
    try:
        full = card.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesError(f"Model card {str(path)!r} not found: send the path of a README.md.") from None
    except (OSError, UnicodeDecodeError) as e:
        raise RulesError(f"Cannot read model card {str(path)!r} ({e}): send a UTF-8 README.md.") from None
    if not full.strip():
        raise RulesError(f"Model card {str(path)!r} is empty: send a README.md with YAML front matter.")
    pol = load_policy(policy)
    repo = Path(repo_dir) if repo_dir is not None else card.parent
    if repo_dir is not None and not repo.is_dir():
        raise RulesError(f"Repository folder {str(repo_dir)!r} not found: send the folder that holds LICENSE "
                         "and Notice.")
    fields, body = read_front_matter(full)
    reasons: list[Reason] = []
    outcomes: list[str] = []
    notes: list[str] = []

    bases = fields.get("base_model") or []
    bases = [bases] if isinstance(bases, str) else bases
    lineage = [(b, v) for b in bases if (v := version_from_model_id(b))]
    unknown = [(b, label) for b in bases if (label := _lineage(b)[1])]
    meta_raw, meta_pid = _metadata_license(fields)
    if unknown and not lineage:
        from rules.versions import families_clause, unknown_version_message

        return Verdict(kind="card", verdict="unclear", license="llama-2", policy=pol.id, reasons=(
            Reason("version.unknown", families_clause(), "license",
                   f"The base model {unknown[0][0]!r} is {unknown[0][1]}. " + unknown_version_message(unknown[0][1])),))
    if lineage:
        pid = lineage[0][1]
        reasons.append(Reason("card.version", "model card: base_model", "license",
                              f"Version {pid} from the base model {lineage[0][0]!r} (lineage comes before metadata)."))
        others = sorted({v for _, v in lineage if v != pid})
        if others:
            outcomes.append("review")
            reasons.append(Reason("card.version", "model card: base_model", "license",
                                  f"The base models span several versions ({pid}, {', '.join(others)}); each one's "
                                  "duties apply, so this needs review."))
    elif meta_pid:
        pid = meta_pid
        reasons.append(Reason("card.version", "model card: license", "license",
                              f"No Llama base model in base_model; version {pid} taken from license metadata "
                              f"{meta_raw!r}."))
    else:
        return Verdict(kind="card", verdict="unclear", license="llama-2", policy=pol.id, reasons=(
            Reason("card.version", "model card: base_model", "license",
                   "Could not tell which Llama version this model is built on: add base_model (for example "
                   "meta-llama/Llama-3.1-8B-Instruct) or license: llama3.1 to the front matter."),))
    pack = load_pack(pid)
    # LLaMA 1 has no Hugging Face id: plain `license: other` is the right metadata for it.
    meta_ok = meta_pid == pid or (not pack.hf_ids and meta_raw is not None and meta_raw.startswith("other"))
    if lineage and meta_raw is not None and not meta_ok:
        outcomes.append("review")
        reasons.append(Reason("card.license_metadata", "model card: license", "license",
                              f"The metadata says license {meta_raw!r}, but the lineage is {pid}; the {pack.short_name} "
                              f"terms apply, so fix the metadata (license: {pack.hf_ids[0] if pack.hf_ids else 'other'})."))
    elif lineage and meta_raw is None:
        notes.append("no license metadata in the card")
    name = _model_name(fields, body, repo)
    for outcome, reason in _duties(pack, pol, body=body, full=full, repo=repo, name=name):
        outcomes.append(outcome)
        reasons.append(reason)
    if not pack.commercial:
        outcomes.append("review")
        reasons.append(Reason("card.non_commercial", pack.mau_clause, "license",
                              f"{pack.short_name} may be distributed for non-commercial research only."))
    verdict = max(outcomes or ["allowed"], key=SEVERITY.__getitem__)
    suggestions: tuple[str, ...] = ()
    if name and pack.name_prefix and any(r.rule == "card.prefix" and r.message.startswith("Missing") for r in reasons):
        suggestions = check_name(name, license=pack.id, policy=pol.id).suggestions
    return Verdict(kind="card", verdict=verdict, license=pack.id, policy=pol.id,  # type: ignore[arg-type]
                   reasons=tuple(reasons), suggestions=suggestions,
                   notes=tuple(notes + ([f"model name: {name}"] if name else [])))
