"""The scheduler: jobs stored in the database, reconciled with the configuration, run once
after downtime, and only by the process that holds the lease."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from config.settings import load_settings
from tests.service.conftest import store_scheduler
from warning.core.db.runtime import Database
from warning.service import scheduler as scheduler_module
from warning.service.context import ServiceContext
from warning.service.schedule import JobSpec
from warning.service.scheduler import Service, reconcile

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _spec(name: str, cron: str = "0 8 * * *") -> JobSpec:
    return JobSpec(name, name, cron, "Asia/Shanghai")


def test_reconcile_adds_removes_and_keeps_jobs_by_their_configuration(app_db: Database) -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    first = store_scheduler(app_db)
    done = reconcile(first, [_spec("flag"), _spec("reminders"), _spec("housekeeping")], now)
    assert len(done.added) == 3 and not done.removed
    kept_time = first.get_job(_spec("flag").id).next_run_time
    first.shutdown()

    second = store_scheduler(app_db)  # a restart with a changed configuration
    moved = _spec("reminders", "0 9 * * *")
    done = reconcile(second, [_spec("flag"), moved, _spec("daily_digest")], now)
    assert done.kept == [_spec("flag").id]
    assert sorted(done.added) == sorted([moved.id, _spec("daily_digest").id])
    assert sorted(done.removed) == sorted([_spec("reminders").id, _spec("housekeeping").id])
    assert {job.name for job in second.get_jobs()} == {"flag", "reminders", "daily_digest"}
    assert second.get_job(_spec("flag").id).next_run_time == kept_time
    job = second.get_job(moved.id)
    assert job.coalesce and job.max_instances == 1 and job.misfire_grace_time == 69120
    second.shutdown()


def _context(db: Database) -> ServiceContext:
    return ServiceContext.create(load_settings(), db)


@pytest.fixture
def fired(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, datetime]]:
    """The jobs the service ran, instead of running them."""
    calls: list[tuple[str, datetime]] = []
    monkeypatch.setattr(
        scheduler_module, "execute", lambda ctx, spec: calls.append((spec.name, ctx.now()))
    )
    return calls


def _start(db: Database) -> Service:
    service = Service(_context(db))
    service.start()
    assert service.wait_until_leading(10)
    return service


def _wait(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("condition not met in time")
        time.sleep(0.05)


def test_a_run_missed_during_downtime_runs_once_at_the_next_start(
    app_db: Database, service_env: Path, fired: list
) -> None:
    # A grace of three days, so that every missed run is still due: they must coalesce.
    service_env.write_text(
        service_env.read_text()
        + "jobs:\n  daily_digest: {cron: '0 8 * * *', misfire_grace_minutes: 4320}\n"
    )
    with time_machine.travel(datetime(2026, 3, 2, 7, 0, tzinfo=SHANGHAI), tick=True):
        service = _start(app_db)
        assert service.next_runs()["daily_digest"] == datetime(2026, 3, 2, 8, 0, tzinfo=SHANGHAI)
        service.shutdown()
    assert fired == []
    # Down for three days: the 08:00 runs of the 2nd, 3rd and 4th were missed.
    with time_machine.travel(datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI), tick=True):
        service = _start(app_db)
        _wait(lambda: any(name == "daily_digest" for name, _ in fired))
        time.sleep(0.5)
        next_run = service.next_runs()["daily_digest"]
        service.shutdown()
    assert [name for name, _ in fired].count("daily_digest") == 1
    assert next_run == datetime(2026, 3, 5, 8, 0, tzinfo=SHANGHAI)


def test_a_run_missed_by_more_than_its_grace_waits_for_the_next_one(
    app_db: Database, service_env: Path, fired: list
) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 7, 0, tzinfo=SHANGHAI), tick=True):
        _start(app_db).shutdown()
    # Back at 07:59 the next day: yesterday's 08:00 is 24 h late (grace 19.2 h); today's is near.
    with time_machine.travel(datetime(2026, 3, 3, 7, 59, 58, tzinfo=SHANGHAI), tick=True):
        service = _start(app_db)
        time.sleep(1)
        assert "daily_digest" not in [name for name, _ in fired]
        _wait(lambda: "daily_digest" in [name for name, _ in fired])
        service.shutdown()
    assert fired[-1][1] >= datetime(2026, 3, 3, 8, 0, tzinfo=SHANGHAI)


def test_a_job_fires_at_its_time(app_db: Database, service_env: Path, fired: list) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 7, 59, 58, tzinfo=SHANGHAI), tick=True):
        service = _start(app_db)
        _wait(lambda: "daily_digest" in [name for name, _ in fired])
        service.shutdown()
    [(_name, at)] = [f for f in fired if f[0] == "daily_digest"]
    assert datetime(2026, 3, 2, 8, 0, tzinfo=SHANGHAI) <= at
    assert at < datetime(2026, 3, 2, 8, 0, 3, tzinfo=SHANGHAI)


def test_a_process_without_the_lease_runs_nothing(
    app_db: Database, service_env: Path, fired: list
) -> None:
    from warning.service.lease import Lease

    other = Lease(app_db.sessions, holder="another-host:1")
    assert other.acquire()
    service = Service(_context(app_db))
    service.start()
    assert not service.wait_until_leading(1.5)
    service.shutdown()
    assert service.scheduler is None


def test_the_schedule_follows_a_configuration_change_while_running(
    app_db: Database, service_env: Path, fired: list
) -> None:
    service = _start(app_db)
    assert "reminders" in service.next_runs()
    service_env.write_text(
        service_env.read_text() + "jobs:\n  reminders: {cron: '0 7 * * *', "
        "enabled: false}\n  flag: {cron: '0 6 * * *'}\n"
    )
    _wait(lambda: "reminders" not in service.next_runs())
    flag = next(s for s in service.specs.values() if s.name == "flag")
    assert flag.cron == "0 6 * * *"
    service.shutdown()


def test_shutdown_waits_for_the_job_under_way(
    app_db: Database, service_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, finished = threading.Event(), threading.Event()

    def slow(ctx, spec) -> None:
        started.set()
        time.sleep(1.0)
        finished.set()

    monkeypatch.setattr(scheduler_module, "execute", slow)
    with time_machine.travel(datetime(2026, 3, 2, 7, 59, 59, tzinfo=SHANGHAI), tick=True):
        service = _start(app_db)
        assert started.wait(10)
        service.shutdown()
    assert finished.is_set()
