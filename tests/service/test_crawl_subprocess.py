"""Crawls run as supervised subprocesses: whatever the crawler does, the service records it
and carries on."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.service.conftest import FAKE_CRAWLER
from warning.core.db import JobRun, Source
from warning.core.db.runtime import Database
from warning.service.crawl import CrawlSupervisor, command_line


def _supervisor(db: Database, time_limit: float = 30) -> CrawlSupervisor:
    return CrawlSupervisor(
        db.sessions, command=("{python}", str(FAKE_CRAWLER)), time_limit=time_limit
    )


def _rows(db: Database, source: str) -> list[JobRun]:
    with db.sessions() as session:
        return list(session.scalars(select(JobRun).where(JobRun.source_id == source)))


def test_it_reads_the_crawlers_report(app_db: Database, marks: Path, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_CRAWLER_MODE", "ok")
    outcome = _supervisor(app_db).crawl("eping")
    assert outcome.ok and (outcome.new, outcome.changed) == (2, 1)
    assert [r.status for r in _rows(app_db, "eping")] == ["success"]


def test_a_crashing_crawler_is_a_failed_job_with_its_error(
    app_db: Database, marks: Path, monkeypatch
) -> None:
    monkeypatch.setenv("FAKE_CRAWLER_MODE", "crash")
    outcome = _supervisor(app_db).crawl("eping")
    assert outcome.status == "failed" and outcome.returncode == 1
    assert "exited with status 1 without a report" in outcome.error
    assert "spider exploded while parsing page 3" in outcome.error
    [row] = _rows(app_db, "eping")
    assert row.status == "failed" and row.finished_at is not None
    assert "spider exploded" in row.error
    with app_db.sessions() as session:
        assert "spider exploded" in session.get(Source, "eping").last_error


def test_a_crawler_killed_by_a_signal_is_a_failed_job(
    app_db: Database, marks: Path, monkeypatch
) -> None:
    monkeypatch.setenv("FAKE_CRAWLER_MODE", "killed")
    outcome = _supervisor(app_db).crawl("rasff")
    assert outcome.status == "failed" and "killed by signal SIGKILL" in outcome.error
    assert [r.status for r in _rows(app_db, "rasff")] == ["failed"]


def test_a_hanging_crawler_is_stopped_at_its_time_limit(
    app_db: Database, marks: Path, monkeypatch
) -> None:
    monkeypatch.setenv("FAKE_CRAWLER_MODE", "hang")
    started = time.monotonic()
    outcome = _supervisor(app_db, time_limit=1.5).crawl("tris")
    assert time.monotonic() - started < 10
    assert outcome.status == "failed" and outcome.error.startswith("timeout")
    [row] = _rows(app_db, "tris")
    assert row.status == "failed" and "time limit of 1.5 s" in row.error


def test_a_crawler_that_ignores_sigterm_is_killed(
    app_db: Database, marks: Path, monkeypatch
) -> None:
    monkeypatch.setenv("FAKE_CRAWLER_MODE", "stubborn")
    monkeypatch.setattr("warning.service.crawl.KILL_AFTER", 0.5)
    outcome = _supervisor(app_db, time_limit=3).crawl("tris")
    assert (marks / "tris.started").exists()  # it was running, not killed while starting
    assert outcome.status == "failed" and outcome.returncode == -9


def test_stop_asks_a_running_crawl_to_finish_cleanly(
    app_db: Database, marks: Path, monkeypatch
) -> None:
    monkeypatch.setenv("FAKE_CRAWLER_MODE", "slow")
    supervisor = _supervisor(app_db)
    result = {}
    worker = threading.Thread(target=lambda: result.update(o=supervisor.crawl("eping")))
    worker.start()
    _wait_for(marks / "eping.started")
    supervisor.stop()
    worker.join(10)
    outcome = result["o"]
    assert (marks / "eping.sigterm").exists() and (marks / "eping.finished").exists()
    assert outcome.status == "interrupted" and outcome.new == 1
    assert [r.status for r in _rows(app_db, "eping")] == ["interrupted"]
    assert supervisor.crawl("fedreg").status == "interrupted"  # nothing new starts


def test_a_missing_crawler_program_is_a_failed_job(app_db: Database) -> None:
    supervisor = CrawlSupervisor(app_db.sessions, command=("/nonexistent/crawler",))
    outcome = supervisor.crawl("eping")
    assert outcome.status == "failed" and "cannot start the crawler" in outcome.error
    assert [r.status for r in _rows(app_db, "eping")] == ["failed"]


def test_the_command_line_names_the_source_and_the_date() -> None:
    from datetime import date

    line = command_line(("{python}", "-m", "crawlers.runner"), "eping", date(2026, 1, 2))
    assert line[1:] == ["-m", "crawlers.runner", "eping", "--since", "2026-01-02"]


def _wait_for(path: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"{path.name} never appeared")
        time.sleep(0.05)
