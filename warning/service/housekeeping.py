"""Housekeeping: old `job_run` rows pruned, runs orphaned by a dead process closed, stale leases
removed. Each returns how many rows it touched."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from warning.core.db import JobRun
from warning.service.lease import expire_leases
from warning.service.schedule import HousekeepingConfig


def prune_job_runs(session: Session, *, keep_days: int, now: datetime) -> int:
    cutoff = now - timedelta(days=keep_days)
    query = delete(JobRun).where(JobRun.started_at < cutoff, JobRun.status != "running")
    return session.execute(query).rowcount


def close_abandoned_runs(session: Session, *, after_hours: float, now: datetime) -> int:
    """A run still `running` long after any time limit belongs to a process that died (killed,
    host rebooted): mark it failed so status does not show it as running forever."""
    cutoff = now - timedelta(hours=after_hours)
    rows = session.scalars(
        select(JobRun).where(JobRun.status == "running", JobRun.started_at < cutoff)
    ).all()
    for row in rows:
        row.status, row.finished_at = "failed", now
        row.error = f"abandoned: still marked running {after_hours:g} h after it started"
    return len(rows)


def housekeeping(session: Session, config: HousekeepingConfig, now: datetime) -> dict[str, Any]:
    return {
        "abandoned_runs_closed": close_abandoned_runs(
            session, after_hours=config.abandoned_after_hours, now=now
        ),
        "job_runs_pruned": prune_job_runs(session, keep_days=config.keep_job_runs_days, now=now),
        "leases_expired": expire_leases(session, now),
    }
