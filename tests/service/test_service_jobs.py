"""Scheduled jobs run for real in the service: a crawl job and the steps after it; a crawler
that crashes or hangs is a failed job and the service carries on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from config.settings import load_settings
from tests.service.conftest import make_overdue
from warning.core.db import JobRun, Source
from warning.core.db.runtime import Database
from warning.service.context import ServiceContext
from warning.service.scheduler import Service


def _runs(db: Database, job: str) -> list[JobRun]:
    with db.sessions() as session:
        return list(session.scalars(select(JobRun).where(JobRun.job == job)))


def _wait_for_run(db: Database, job: str, timeout: float = 30) -> JobRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [r for r in _runs(db, job) if r.status != "running"]
        if done:
            return done[0]
        time.sleep(0.1)
    pytest.fail(f"{job} did not finish")


def _service(db: Database) -> Service:
    service = Service(ServiceContext.create(load_settings(), db))
    service.start()
    assert service.wait_until_leading(10)
    return service


@pytest.mark.parametrize("mode", ["crash", "hang"])
def test_a_failing_crawl_is_a_failed_job_and_the_service_carries_on(
    app_db: Database, service_env: Path, listening: str, monkeypatch, mode: str
) -> None:
    monkeypatch.setenv("FAKE_CRAWLER_MODE", mode)
    if mode == "hang":
        service_env.write_text(
            service_env.read_text().replace("time_limit_minutes: 1", "time_limit_minutes: 0.03")
        )  # 1.8 s
    make_overdue(app_db, "crawl:fake")
    service = _service(app_db)
    try:
        job = _wait_for_run(app_db, "crawl:fake")
        assert job.status == "failed"
        [crawl] = _runs(app_db, "crawl")
        assert crawl.status == "failed"
        expected = "spider exploded" if mode == "crash" else "timeout"
        assert expected in crawl.error and expected in job.error
        with app_db.sessions() as session:
            assert expected in session.get(Source, "fake").last_error
        # The steps after the crawl still ran over what is stored.
        assert [r.status for r in _runs(app_db, "flag")] == ["success"]
        # ... and the service is alive: still leading, the crawl rescheduled for tomorrow.
        assert service.leading and service.scheduler.running
        assert service.next_runs()["crawl:fake"] is not None
    finally:
        service.shutdown()


def test_a_crawl_job_runs_the_crawl_then_classify_flag_and_dispatch(
    app_db: Database, service_env: Path, listening: str, monkeypatch
) -> None:
    monkeypatch.setenv("FAKE_CRAWLER_MODE", "ok")
    make_overdue(app_db, "crawl:fake")
    service = _service(app_db)
    try:
        job = _wait_for_run(app_db, "crawl:fake")
    finally:
        service.shutdown()
    assert job.stats["sources"]["fake"]["new"] == 2
    assert list(job.stats["steps"]) == ["classify", "flag", "dispatch"]
    assert {step["status"] for step in job.stats["steps"].values()} == {"success"}
    assert job.status == "success"
