"""`job_run` rows for the service's own jobs and steps: started, then finished with their
counts or their error. A failing step is recorded and returned, never raised further."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from warning.core.db import JobRun
from warning.core.db.base import utcnow

log = logging.getLogger(__name__)


@dataclass
class StepResult:
    name: str
    status: str  # success, failed, skipped, interrupted
    stats: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in ("success", "skipped")


def start_run(sessions: sessionmaker[Session], job: str, **stats: Any) -> int:
    with sessions() as session:
        row = JobRun(job=job, status="running", started_at=utcnow(), stats=stats)
        session.add(row)
        session.commit()
        return row.id


def finish_run(
    sessions: sessionmaker[Session],
    run_id: int,
    status: str,
    stats: dict[str, Any],
    error: str | None = None,
) -> None:
    with sessions() as session:
        row = session.get(JobRun, run_id)
        if row is None:  # housekeeping pruned it meanwhile; nothing to close
            return
        row.status, row.finished_at, row.error = status, utcnow(), error
        row.stats = {**(row.stats or {}), **stats}
        session.commit()


def run_step(
    sessions: sessionmaker[Session], name: str, work: Callable[[], dict[str, Any]]
) -> StepResult:
    """Run one step under its own `job_run` row; an exception becomes a failed result."""
    run_id = start_run(sessions, name)
    started = utcnow()
    try:
        stats = work()
    except Exception as exc:  # a failed step must not stop the cycle or the service
        log.exception("step %s failed", name)
        error = f"{type(exc).__name__}: {exc}"
        finish_run(sessions, run_id, "failed", {"traceback": _short_trace()}, error)
        return StepResult(name, "failed", error=error, duration=_seconds(started))
    finish_run(sessions, run_id, "success", stats)
    return StepResult(name, "success", stats, duration=_seconds(started))


def _seconds(since: datetime) -> float:
    return round((utcnow() - since).total_seconds(), 3)


def _short_trace() -> str:
    return traceback.format_exc(limit=6)[-4000:]


def last_success(session: Session, job: str) -> datetime | None:
    """When the last successful run of `job` started (None: never)."""
    return session.scalar(
        select(JobRun.started_at)
        .where(JobRun.job == job, JobRun.status == "success")
        .order_by(JobRun.started_at.desc())
        .limit(1)
    )
