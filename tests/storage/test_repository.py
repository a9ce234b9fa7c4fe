"""Repository functions on a migrated SQLite file and a migrated PostgreSQL database."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.models import Audit, MauReport, MauReportRevision, ProcessedEvent, Service

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def two_workspaces(engine):  # type: ignore[no-untyped-def]
    """T1 with "Support Bot" (owner U1) and T2 with nothing; returns the service id."""
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id="T1", now=NOW)
        repo.get_or_create_workspace(session=s, team_id="T2", now=NOW)
        svc = repo.register_service(
            session=s, workspace_id="T1", name="Support Bot", license="llama-3.1",
            owner_id="U1", user_id="U1", now=NOW, since_month="2026-01",
        )
        return svc.id


def count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_workspace_created_once(engine) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        a = repo.get_or_create_workspace(session=s, team_id="T9", now=NOW)
        b = repo.get_or_create_workspace(session=s, team_id="T9", now=NOW + timedelta(days=1))
        assert a.id == b.id == "T9"
        assert b.created_at == NOW


@pytest.mark.parametrize("spelling", ["Support Bot", "support bot", "  SUPPORT   bot ", '"Support Bot"'])
def test_find_service_folds_case_space_and_quotes(engine, two_workspaces, spelling) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        found = repo.find_service(session=s, workspace_id="T1", name=spelling)
        assert found is not None and found.id == two_workspaces


def test_service_of_one_workspace_is_invisible_to_another(engine, two_workspaces) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        assert repo.find_service(session=s, workspace_id="T2", name="Support Bot") is None
        assert repo.get_service(session=s, workspace_id="T2", service_id=two_workspaces) is None
        assert repo.list_services(session=s, workspace_id="T2") == []
        assert repo.latest_reports(session=s, workspace_id="T2") == {}
        with pytest.raises(repo.UnknownService):
            repo.record_report(
                session=s, workspace_id="T2", service_id=two_workspaces, month="2026-10",
                value=5, user_id="U9", now=NOW,
            )
        with pytest.raises(repo.ServiceRefused):
            repo.update_service(session=s, workspace_id="T2", service_id=two_workspaces, owner_id="U9")
    assert count(engine, MauReport) == 0
    with session_scope(engine) as s:
        assert repo.get_service(session=s, workspace_id="T1", service_id=two_workspaces).owner_id == "U1"


def test_same_name_in_two_workspaces_is_two_services(engine, two_workspaces) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        other = repo.register_service(
            session=s, workspace_id="T2", name="Support Bot", license="llama-2",
            owner_id="U2", user_id="U2", now=NOW,
        )
        assert other.id != two_workspaces


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("x" * 121, "too long"),
        ("12M", "looks like a number"),
        ("support BOT", "already registered"),
    ],
)
def test_register_refused(engine, two_workspaces, name, fragment) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s, pytest.raises(repo.ServiceRefused, match=fragment):
        repo.register_service(
            session=s, workspace_id="T1", name=name, license="llama-2", owner_id=None, user_id="U1", now=NOW
        )
    assert count(engine, Service) == 1


def test_register_defaults_since_to_previous_month(engine) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id="T1", now=NOW)
        svc = repo.register_service(
            session=s, workspace_id="T1", name="New", license="llama-2", owner_id="U1", user_id="U1", now=NOW
        )
        assert svc.since_month == "2026-10"


def test_report_replace_keeps_history(engine, two_workspaces) -> None:  # type: ignore[no-untyped-def]
    later = NOW + timedelta(hours=3)
    with session_scope(engine) as s:
        repo.record_report(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10",
                           value=1_000_000, user_id="U1", now=NOW)
    with session_scope(engine) as s:
        report = repo.record_report(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10",
                                    value=1_500_000, user_id="UADMIN", now=later)
        assert (report.value, report.reported_by, report.reported_at) == (1_500_000, "UADMIN", later)
    with session_scope(engine) as s:
        history = repo.report_history(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10")
        assert [(h.value, h.reported_by, h.reported_at) for h in history] == [
            (1_000_000, "U1", NOW),
            (1_500_000, "UADMIN", later),
        ]
        assert repo.report_history(session=s, workspace_id="T2", service_id=two_workspaces) == []
    assert count(engine, MauReport) == 1


@pytest.mark.parametrize(
    ("month", "value", "fragment"),
    [
        ("2026-11", 5, "not over yet"),
        ("2026-12", 5, "in the future"),
        ("2031-01", 5, "in the future"),
        ("2025-12", 5, "before Support Bot existed"),
        ("2026-13", 5, "not a month"),
        ("October", 5, "not a month"),
        ("2026-10", -1, "not a number"),
        ("2026-10", True, "not a number"),
    ],
)
def test_report_refused_writes_nothing(engine, two_workspaces, month, value, fragment) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s, pytest.raises(repo.ReportRefused, match=fragment):
        repo.record_report(session=s, workspace_id="T1", service_id=two_workspaces, month=month,
                           value=value, user_id="U1", now=NOW)
    assert count(engine, MauReport) == 0
    assert count(engine, MauReportRevision) == 0


@pytest.mark.parametrize("month", ["2026-01", "2026-10", "2026-9"])
def test_report_accepted_months(engine, two_workspaces, month) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        report = repo.record_report(session=s, workspace_id="T1", service_id=two_workspaces, month=month,
                                    value=5, user_id="U1", now=NOW)
        assert len(report.month) == 7 and report.month.startswith("2026-")


def _seed(engine, rows) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """rows: (service name, month, value); registers services in T1 as needed."""
    ids: dict[str, int] = {}
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id="T1", now=NOW)
        for name, month, value in rows:
            if name not in ids:
                svc = repo.register_service(session=s, workspace_id="T1", name=name, license="llama-2",
                                            owner_id="U1", user_id="U1", now=NOW, since_month="2025-01")
                ids[name] = svc.id
            if month:
                repo.record_report(session=s, workspace_id="T1", service_id=ids[name], month=month,
                                   value=value, user_id="U1", now=NOW)
    return ids


@pytest.mark.parametrize(
    ("rows", "month", "total", "carried", "missing"),
    [
        ([("A", "2026-10", 10), ("B", "2026-10", 5)], "2026-10", 15, [], []),
        # B has not reported October: its September value is counted, not zero.
        ([("A", "2026-10", 10), ("B", "2026-09", 7)], "2026-10", 17, ["B"], []),
        ([("A", "2026-09", 10), ("A", "2026-10", 12)], "2026-10", 12, [], []),
        ([("A", "2026-09", 10), ("A", "2026-10", 12)], "2026-09", 10, [], []),
        ([("A", "2026-10", 10), ("B", None, 0)], "2026-10", 10, [], ["B"]),
    ],
)
def test_company_total(engine, rows, month, total, carried, missing) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(engine, rows)
    with session_scope(engine) as s:
        result = repo.company_total(session=s, workspace_id="T1", month=month)
        assert result.value == total
        assert sorted(result.carried) == sorted(ids[n] for n in carried)
        assert sorted(result.missing) == sorted(ids[n] for n in missing)
        assert repo.company_total(session=s, workspace_id="T2", month=month).value == 0


def test_event_processed_once(engine) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        assert repo.mark_event_processed(session=s, event_id="Ev1", workspace_id="T1", now=NOW) is True
    with session_scope(engine) as s:
        assert repo.mark_event_processed(session=s, event_id="Ev1", workspace_id="T1", now=NOW) is False
        assert repo.mark_event_processed(session=s, event_id="Ev2", workspace_id="T1", now=NOW) is True
    assert count(engine, ProcessedEvent) == 2


def test_prune_processed_events(engine) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        repo.mark_event_processed(session=s, event_id="EvOld", workspace_id="T1", now=NOW - timedelta(days=2))
        repo.mark_event_processed(session=s, event_id="EvNew", workspace_id="T1", now=NOW)
    with session_scope(engine) as s:
        assert repo.prune_processed_events(session=s, before=NOW - timedelta(days=1)) == 1
    with session_scope(engine) as s:
        assert repo.mark_event_processed(session=s, event_id="EvNew", workspace_id="T1", now=NOW) is False


def test_event_claimed_by_one_of_many_threads(engine) -> None:  # type: ignore[no-untyped-def]
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def claim() -> None:
        barrier.wait()
        with session_scope(engine) as s:
            results.append(repo.mark_event_processed(session=s, event_id="EvRace", workspace_id="T1", now=NOW))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, False, True]


def test_users_cache(engine) -> None:  # type: ignore[no-untyped-def]
    from bot.storage.users import lookup_user

    class Client:
        def __init__(self) -> None:
            self.calls = 0
            self.admin = True

        def users_info(self, *, user: str) -> dict:
            self.calls += 1
            return {"ok": True, "user": {"id": user, "is_admin": self.admin, "tz": "Europe/Paris"}}

    client = Client()
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id="T1", now=NOW)
        first = lookup_user(session=s, client=client, workspace_id="T1", user_id="U1", now=NOW)
        again = lookup_user(session=s, client=client, workspace_id="T1", user_id="U1", now=NOW + timedelta(hours=1))
        assert (first.is_admin, first.tz, again.is_admin, client.calls) == (True, "Europe/Paris", True, 1)
        client.admin = False
        stale = lookup_user(session=s, client=client, workspace_id="T1", user_id="U1", now=NOW + timedelta(days=1))
        assert (stale.is_admin, client.calls) == (False, 2)


def test_audit_rows_filtered_and_ordered(engine) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        for i, ws in enumerate(["T1", "T2", "T1"]):
            repo.record_audit(session=s, workspace_id=ws, user_id="U1", action="ask",
                              now=NOW + timedelta(days=i), input=f"q{i}", result="allowed", detail={"i": i})
    with session_scope(engine) as s:
        assert [a.input for a in repo.audit_rows(session=s)] == ["q0", "q1", "q2"]
        assert [a.input for a in repo.audit_rows(session=s, workspace_id="T1")] == ["q0", "q2"]
        assert [a.input for a in repo.audit_rows(session=s, since=NOW + timedelta(hours=1))] == ["q1", "q2"]
    assert count(engine, Audit) == 3


@pytest.mark.parametrize(
    ("rows", "up_to", "series"),
    [
        ([("A", "2026-08", 1), ("B", "2026-08", 2), ("A", "2026-09", 4)], "2026-10", [("2026-08", 3), ("2026-09", 6)]),
        ([("A", "2026-08", 1), ("A", "2026-10", 5), ("B", "2026-09", 2)], "2026-10",
         [("2026-08", 1), ("2026-09", 3), ("2026-10", 7)]),
        ([("A", "2026-08", 1), ("A", "2026-10", 5)], "2026-09", [("2026-08", 1)]),
    ],
)
def test_company_series_carries_values_forward(engine, rows, up_to, series) -> None:  # type: ignore[no-untyped-def]
    _seed(engine, rows)
    with session_scope(engine) as s:
        assert repo.company_series(session=s, workspace_id="T1", up_to=up_to) == series
        # Its last point is company_total for that month.
        last_month, last_value = series[-1]
        assert repo.company_total(session=s, workspace_id="T1", month=last_month).value == last_value
        assert repo.company_series(session=s, workspace_id="T2", up_to=up_to) == []


def test_concurrent_reports_for_one_month_keep_one_value_and_all_history(engine, two_workspaces) -> None:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def report(value: int) -> None:
        try:
            barrier.wait()
            with session_scope(engine) as s:
                repo.record_report(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10",
                                   value=value, user_id=f"U{value}", now=NOW)
        except BaseException as exc:  # noqa: BLE001 - a thread cannot raise into the test; asserted below
            errors.append(exc)

    threads = [threading.Thread(target=report, args=(v,)) for v in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count(engine, MauReport) == 1
    with session_scope(engine) as s:
        history = repo.report_history(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10")
        current = repo.get_report(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10")
    assert sorted(h.value for h in history) == [1, 2, 3, 4]
    assert current.value in (1, 2, 3, 4)


def test_concurrent_first_requests_create_one_workspace(engine) -> None:  # type: ignore[no-untyped-def]
    from bot.storage.models import Workspace

    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def first() -> None:
        try:
            barrier.wait()
            with session_scope(engine) as s:
                assert repo.get_or_create_workspace(session=s, team_id="TNEW", now=NOW).id == "TNEW"
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    threads = [threading.Thread(target=first) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count(engine, Workspace) == 1


def test_concurrent_reports_current_value_is_the_last_committed(engine, two_workspaces) -> None:  # type: ignore[no-untyped-def]
    """A report that repeats the value it read (so changes no column of the row) while another report
    is in flight: the current value is still the last committed one, and the last row of the history."""
    import time

    from sqlmodel import Session

    with session_scope(engine) as s:
        repo.record_report(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10", value=1,
                           user_id="U1", now=NOW)
    first = Session(engine, expire_on_commit=False)
    repo.record_report(session=first, workspace_id="T1", service_id=two_workspaces, month="2026-10", value=2,
                       user_id="U1", now=NOW)  # written, not committed yet
    errors: list[BaseException] = []

    def second() -> None:
        try:
            with session_scope(engine) as s:
                repo.record_report(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10",
                                   value=1, user_id="U1", now=NOW)
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.5)  # the second report reads (or waits to read) while the first is uncommitted
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert errors == []
    with session_scope(engine) as s:
        history = repo.report_history(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10")
        current = repo.get_report(session=s, workspace_id="T1", service_id=two_workspaces, month="2026-10")
    assert [h.value for h in history] == [1, 2, 1]
    assert current.value == history[-1].value == 1
