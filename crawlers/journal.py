"""The crawl's rows: a `job_run` per source crawl, and the `source` row's state and cursor."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from crawlers.report import CrawlReport
from warning.core.db import JobRun, Source

COUNTS = ("new", "changed", "unchanged", "skipped", "duplicates", "errors")


def source_row(session: Session, source_id: str) -> Source:
    row = session.get(Source, source_id)
    if row is None:
        row = Source(id=source_id)
        session.add(row)
        session.flush()
    return row


def read_cursor(session: Session, source_id: str) -> dict[str, Any]:
    row = session.get(Source, source_id)
    return dict(row.cursor or {}) if row is not None else {}


def start_job(
    session: Session, source_id: str, *, since: date | None, until: date, mode: str = "crawl"
) -> int:
    """A `running` job row (with our pid, so a supervisor can tell a dead crawl)."""
    now = datetime.now(UTC)
    source_row(session, source_id).last_run_at = now
    job = JobRun(
        job="crawl",
        source_id=source_id,
        status="running",
        started_at=now,
        stats={"pid": os.getpid(), "mode": mode, "since": since.isoformat() if since else None,
               "until": until.isoformat()},
    )
    session.add(job)
    session.commit()
    return job.id


def finish_job(
    session: Session, job_id: int, report: CrawlReport, cursor: dict[str, Any] | None
) -> None:
    """Save the report; on success move the source's cursor, on failure keep it."""
    now = report.finished_at or datetime.now(UTC)
    job = session.get(JobRun, job_id)
    if job is None:
        raise LookupError(f"job_run {job_id} disappeared during the crawl")
    job.status = report.status
    job.finished_at = now
    job.stats = {**(job.stats or {}), **report.to_dict()}
    job.error = "; ".join(report.messages) or None
    source = source_row(session, report.source)
    source.last_counts = {name: getattr(report, name) for name in COUNTS}
    source.last_counts["duration"] = report.duration
    source.items_total = (source.items_total or 0) + report.new
    if report.ok:
        source.last_success_at = now
        if cursor is not None:
            source.cursor = cursor
    else:
        source.last_error = job.error
        source.last_error_at = now
    session.commit()
