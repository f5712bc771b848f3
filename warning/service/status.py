"""The whole status: what the database holds (sources, outbox, timeliness, last runs) and what
the scheduler will do (next run of each configured job, who holds the lease). Read by
`tbtwatch status`, `/status` and the web app's sources page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Float, MetaData, Table, Unicode, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from config.settings import Settings
from config.sources import SourceConfigError, load_sources
from warning.core.db.base import utcnow
from warning.core.status import database_status
from warning.service.lease import current_holder
from warning.service.schedule import JobSpec, ScheduleError, job_specs, load_schedule

_jobs = Table(
    "apscheduler_job",
    MetaData(),
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25)),
)


def stored_next_runs(session: Session) -> dict[str, datetime | None]:
    """Job id → next run time as the scheduler stored it (a paused job has none)."""
    if not inspect(session.get_bind()).has_table(_jobs.name):
        return {}
    return {
        job_id: None if ts is None else datetime.fromtimestamp(ts, UTC)
        for job_id, ts in session.execute(select(_jobs.c.id, _jobs.c.next_run_time))
    }


def _job_row(
    spec: JobSpec, stored: dict[str, datetime | None], runs: dict[str, Any], now: datetime
) -> dict[str, Any]:
    if spec.id in stored:
        next_run, state = stored[spec.id], "scheduled"
        if next_run is not None and next_run < now:
            state = "overdue"  # no scheduler is running to fire it
    else:
        next_run, state = spec.trigger().get_next_fire_time(None, now), "not yet scheduled"
    last = runs.get(spec.name, {})
    return {
        "name": spec.name,
        "cron": spec.cron,
        "timezone": spec.timezone,
        "next_run_at": next_run,
        "state": state,
        "last_status": last.get("status"),
        "last_started_at": last.get("started_at"),
        "last_error": last.get("error"),
    }


def scheduler_status(
    session: Session, settings: Settings, runs: dict[str, Any], now: datetime
) -> dict[str, Any]:
    try:
        specs = job_specs(
            load_schedule(settings.schedule_file), load_sources(settings.sources_dir), settings
        )
    except (ScheduleError, SourceConfigError) as exc:
        return {"error": str(exc), "jobs": [], "lease": current_holder(session)}
    stored = stored_next_runs(session)
    return {
        "error": None,
        "lease": current_holder(session),
        "jobs": [_job_row(spec, stored, runs, now) for spec in specs],
    }


def full_status(
    session: Session, settings: Settings, now: datetime | None = None
) -> dict[str, Any]:
    now = now or utcnow()
    report = database_status(session, now)
    report["scheduler"] = scheduler_status(session, settings, report["runs"], now)
    report["ok"] = healthy(report)
    return report


def healthy(report: dict[str, Any]) -> bool:
    """Every source's latest run succeeded and the schedule is usable. (Deliveries that gave up
    are shown in the outbox figures but do not count: one bad address is not an outage.)"""
    sources_ok = all(
        not s["last_error_at"]
        or (s["last_success_at"] is not None and s["last_success_at"] > s["last_error_at"])
        for s in report["sources"]
    )
    return sources_ok and not report["scheduler"]["error"]


def database_reachable(session: Session) -> str | None:
    """None when a trivial query answers; else the error (for /healthz)."""
    try:
        session.execute(select(1)).scalar()
    except SQLAlchemyError as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None
