"""The license duties of a service, as a checklist: which apply (from the service's license pack in
rules/), which are ticked done, with what evidence, and filling them in from a model card.

Every fact here (the Notice sentence, the display string, the name prefix, the clauses, the AUP's
address, the EU paragraph) is read from the pack; this module only phrases the task around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlmodel import Session

from bot.i18n import t
from bot.storage import home as home_store
from bot.storage import repository as repo
from bot.storage.models import Service

# rules.card reason ids -> duty ids (the card check has no reason for the EU paragraph: it is about who
# the licensee is, not what the repository holds).
CARD_RULES = {"card.agreement": "agreement", "card.notice": "notice", "card.display": "display",
              "card.prefix": "prefix", "card.aup": "aup"}


@dataclass(frozen=True)
class Duty:
    id: str
    title: str
    clause: str
    task: str  # what to do, with the pack's exact words


@lru_cache(maxsize=32)
def applicable_duties(license: str, lang: str = "en") -> tuple[Duty, ...]:
    """The duties of a service on `license` that redistributes or exposes the model, in the pack's order,
    phrased in `lang` (the pack's own words quoted as the license has them)."""
    from rules.data import load_pack

    try:
        pack = load_pack(license)
    except Exception:  # noqa: BLE001 - an unknown id stored long ago: no checklist rather than no Home
        return ()
    def duty(duty_id: str, clause: str, **values: object) -> Duty:
        return Duty(duty_id, t(f"duties.title_{duty_id}", lang), clause, t(f"duties.task_{duty_id}", lang, **values))

    duties = [
        duty("agreement", pack.agreement_copy_clause, title=pack.title),
        duty("notice", pack.notice_clause, notice=pack.notice),
    ]
    if pack.display_string:
        duties.append(duty("display", pack.display_clause or pack.notice_clause, display=pack.display_string))
    if pack.name_prefix:
        duties.append(duty("prefix", pack.name_prefix_clause or pack.notice_clause, prefix=pack.name_prefix))
    if pack.aup_url:
        duties.append(duty("aup", pack.aup_clause, url=pack.aup_url))
    if pack.eu_multimodal and pack.eu_text:
        duties.append(duty("eu", pack.eu_clause or pack.aup_clause,
                           text=pack.eu_text + (f" {pack.multimodal_note}" if pack.multimodal_note else "")))
    return tuple(duties)


@dataclass(frozen=True)
class DutyState:
    duty: Duty
    done: bool
    evidence: str | None
    updated_by: str | None
    updated_at: datetime | None


def checklist(*, session: Session, service: Service, lang: str = "en") -> list[DutyState]:
    ticks = home_store.duty_ticks(session=session, workspace_id=service.workspace_id, service_id=service.id or 0)
    out = []
    for duty in applicable_duties(service.license, lang):
        tk = ticks.get(duty.id)
        out.append(DutyState(duty, bool(tk and tk.done), tk.evidence if tk else None, tk.updated_by if tk else None,
                             tk.updated_at if tk else None))
    return out


class DutyRefused(ValueError):
    """A tick that cannot be saved (unknown duty for this license); the message says why."""


def tick(*, session: Session, service: Service, duty_id: str, done: bool, evidence: str | None, user_id: str,
         now: datetime, source: str = "slack", keep_evidence: bool = False) -> None:
    """Save one tick and its audit row (who ticked what, with which evidence, from where)."""
    known = {d.id for d in applicable_duties(service.license)}
    if duty_id not in known:
        raise DutyRefused(t("duties.refused_unknown", "en", duty=repr(duty_id), license=service.license,
                            known=", ".join(sorted(known)) or "none"))
    if source != "card" and evidence is not None and evidence.strip() and not _looks_like_evidence(evidence):
        raise DutyRefused(t("duties.refused_link", "en", evidence=repr(evidence.strip()[:80])))
    saved = home_store.set_duty(session=session, workspace_id=service.workspace_id, service_id=service.id or 0,
                                duty=duty_id, done=done, evidence=evidence, user_id=user_id, now=now,
                                keep_evidence=keep_evidence)
    repo.record_audit(session=session, workspace_id=service.workspace_id, user_id=user_id, action="duty",
                      now=now, subject=service.name, input=f"{duty_id} {'done' if done else 'open'}",
                      result="ok", detail={"service_id": service.id, "duty": duty_id, "done": done,
                                           "evidence": saved.evidence, "source": source})


def _looks_like_evidence(text: str) -> bool:
    t = text.strip().strip("<>").split("|")[0]
    return t.startswith(("https://", "http://")) or t.lower().endswith((".md", "readme"))


@dataclass(frozen=True)
class CardImport:
    license: str  # the version the card's lineage names
    ticked: list[str]
    missing: list[tuple[str, str]]  # (duty id, what the card check said)
    notes: list[str]


def import_card(*, session: Session, service: Service, path: str, user_id: str, now: datetime) -> CardImport:
    """Fill a service's checklist from a model card (README.md) with `rules.card.check_card`.

    Met duties are ticked with the card as evidence; missing ones are reported and left as they are
    (a card that lacks the Notice does not undo a Notice shipped elsewhere). RulesError on an unreadable card.
    """
    from rules.card import check_card

    verdict: Any = check_card(path)
    notes = []
    if verdict.license != service.license and verdict.verdict != "unclear":
        notes.append(f"The card's base model is {verdict.license}, but the service is registered as "
                     f"{service.license}; the checklist follows the registered version.")
    if verdict.verdict == "unclear":
        notes.extend(r.message for r in verdict.reasons)
        return CardImport(license=service.license, ticked=[], missing=[], notes=notes)
    known = {d.id for d in applicable_duties(service.license)}
    ticked, missing = [], []
    for reason in verdict.reasons:
        duty = CARD_RULES.get(reason.rule)
        if duty is None or duty not in known:
            continue
        if reason.message.startswith("Met"):
            tick(session=session, service=service, duty_id=duty, done=True, evidence=f"model card {path}",
                 user_id=user_id, now=now, source="card")
            ticked.append(duty)
        else:
            missing.append((duty, reason.message))
    return CardImport(license=verdict.license, ticked=ticked, missing=missing, notes=notes)


def import_card_command(settings: Any, *, service_name: str, card: str, workspace: str | None,
                        out: Any = None, err: Any = None) -> int:
    """`llama-bot duties import NAME README.md [--workspace T]`: fill a checklist from a model card.

    Prints one line per duty and returns an exit status: 0 imported, 2 bad input (no such service,
    an unreadable card), 3 a database behind its migrations.
    """
    import sys
    from datetime import UTC

    from sqlmodel import select

    from bot.storage.cli import EXIT_DB, EXIT_USAGE, database_behind
    from bot.storage.db import make_engine, session_scope
    from bot.storage.models import Workspace
    from rules import RulesError

    out, err = out or sys.stdout, err or sys.stderr
    if (problem := database_behind(settings)) is not None:
        print(problem, file=err)
        return EXIT_DB
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            if workspace is None:
                ids = list(session.exec(select(Workspace.id).limit(2)))
                if len(ids) != 1:
                    print("llama-bot duties import: " + ("no workspace has registered a service yet."
                          if not ids else "several workspaces here; name one with --workspace TEAM_ID."), file=err)
                    return EXIT_USAGE
                workspace = ids[0]
            service = repo.find_service(session=session, workspace_id=workspace, name=service_name)
            if service is None:
                print(f"llama-bot duties import: no service {service_name!r} in workspace {workspace}.", file=err)
                return EXIT_USAGE
            try:
                result = import_card(session=session, service=service, path=card, user_id="cli",
                                     now=datetime.now(UTC))
            except RulesError as exc:
                print(f"llama-bot duties import: {exc}", file=err)
                return EXIT_USAGE
            titles = {d.id: d.title for d in applicable_duties(service.license)}
            for duty in result.ticked:
                print(f"done     {titles[duty]} (evidence: model card {card})", file=out)
            for duty, why in result.missing:
                print(f"open     {titles[duty]}: {why}", file=out)
            for note in result.notes:
                print(f"note     {note}", file=out)
            print(f"{service.name}: {len(result.ticked)} duties ticked from the card, {len(result.missing)} "
                  "still open.", file=out)
    finally:
        engine.dispose()
    return 0
