"""Housekeeping: old job runs pruned, orphaned ones closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core.db import JobRun
from warning.service.housekeeping import housekeeping
from warning.service.schedule import HousekeepingConfig

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def _run(session: Session, job: str, days_ago: float, status: str) -> None:
    session.add(JobRun(job=job, status=status, started_at=NOW - timedelta(days=days_ago)))


def test_it_prunes_old_runs_and_closes_orphans(session: Session) -> None:
    _run(session, "old", 200, "success")
    _run(session, "recent", 10, "failed")
    _run(session, "orphan", 1, "running")  # its process died a day ago
    _run(session, "current", 0.01, "running")  # still under way
    _run(session, "ancient-orphan", 400, "running")
    session.flush()
    counts = housekeeping(session, HousekeepingConfig(keep_job_runs_days=180), NOW)
    assert counts == {"abandoned_runs_closed": 2, "job_runs_pruned": 2, "leases_expired": 0}
    left = {row.job: row for row in session.scalars(select(JobRun))}
    assert set(left) == {"recent", "orphan", "current"}
    assert left["orphan"].status == "failed" and "abandoned" in left["orphan"].error
    assert left["current"].status == "running"
