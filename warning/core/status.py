"""What the database holds, per source: for `tbtwatch status` and the status page. Also the
outbox backlog, the last run of every job, and timeliness (see `warning.core.timeliness`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warning.core.db import Delivery, JobRun, Measure, Notice, Source
from warning.core.db.base import utcnow
from warning.core.timeliness import timeliness

# Outbox rows still to be delivered; `failed` ones gave up and need an operator's look.
BACKLOG_STATUSES = ("pending", "sending")


def outbox_status(session: Session, now: datetime) -> dict[str, Any]:
    counts = {
        status: int(n)
        for status, n in session.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status)
        )
    }
    oldest = session.scalar(
        select(func.min(Delivery.created_at)).where(Delivery.status.in_(BACKLOG_STATUSES))
    )
    return {
        "backlog": sum(counts.get(s, 0) for s in BACKLOG_STATUSES),
        "pending": counts.get("pending", 0),
        "sending": counts.get("sending", 0),
        "failed": counts.get("failed", 0),
        "sent": counts.get("sent", 0),
        "oldest_pending_at": oldest,
        "oldest_pending_hours": round((now - oldest).total_seconds() / 3600, 2) if oldest else None,
    }


def last_runs(session: Session) -> dict[str, dict[str, Any]]:
    """The latest run of each job (crawl rows per source), and its latest success."""
    latest = (
        select(JobRun.job, JobRun.source_id, func.max(JobRun.id).label("id"))
        .group_by(JobRun.job, JobRun.source_id)
        .subquery()
    )
    successes = dict(
        session.execute(
            select(JobRun.job, func.max(JobRun.started_at))
            .where(JobRun.status == "success", JobRun.source_id.is_(None))
            .group_by(JobRun.job)
        ).all()
    )
    runs: dict[str, dict[str, Any]] = {}
    for row in session.scalars(select(JobRun).join(latest, JobRun.id == latest.c.id)):
        name = f"{row.job}:{row.source_id}" if row.source_id and row.job == "crawl" else row.job
        runs[name] = {
            "status": row.status,
            "started_at": row.started_at,
            "finished_at": row.finished_at,
            "error": row.error,
            "last_success_at": successes.get(row.job),
        }
    return dict(sorted(runs.items()))


def database_status(session: Session, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    counts = dict(
        session.execute(select(Notice.source_id, func.count()).group_by(Notice.source_id)).all()
    )
    sources = []
    for source in session.scalars(select(Source).order_by(Source.id)):
        sources.append(
            {
                "id": source.id,
                "notices": counts.get(source.id, 0),
                "last_run_at": source.last_run_at,
                "last_success_at": source.last_success_at,
                "last_error": source.last_error,
                "last_error_at": source.last_error_at,
                "last_counts": source.last_counts,
            }
        )
    totals = {
        "notices": session.scalar(select(func.count()).select_from(Notice)) or 0,
        "measures": session.scalar(select(func.count()).select_from(Measure)) or 0,
        "unclassified": session.scalar(
            select(func.count()).select_from(Notice).where(Notice.classified_at.is_(None))
        )
        or 0,
        "flagged": session.scalar(
            select(func.count()).select_from(Notice).where(Notice.flagged.is_(True))
        )
        or 0,
    }
    return {
        "sources": sources,
        "totals": totals,
        "outbox": outbox_status(session, now),
        "runs": last_runs(session),
        "timeliness": timeliness(session, now=now),
    }
