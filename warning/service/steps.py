"""The steps the service runs, each a function of the service context returning its counts.

Each calls the public function of the package that owns the work (the classifier job, the flag
policy, alert dispatch); the counts use common names where the cycle's summary needs them:
`classified`, `flagged`, and `queued` / `sent` / `failed` for alerts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from alerts.config import alerts_config
from alerts.digest import queue_digests
from alerts.dispatch import DispatchReport
from alerts.dispatch import dispatch as alerts_dispatch
from alerts.reminders import queue_reminders
from alerts.transport import make_transport
from warning.core.classify import run_classification
from warning.core.flag import load_flag_policy
from warning.core.flag_job import flag_notices
from warning.service.context import ServiceContext
from warning.service.housekeeping import housekeeping as tidy
from warning.service.runs import last_success

# Re-read a little before the last run started: a transaction that committed while that run was
# under way is not missed (flagging the same notice twice changes nothing).
OVERLAP = timedelta(minutes=5)


def classify(ctx: ServiceContext) -> dict[str, Any]:
    """Classify every notice still pending (the classifier job of the warning core)."""
    with ctx.db.sessions() as session:
        stats = run_classification(ctx.settings, session, now=ctx.now())
        session.commit()
    return stats


def flag(ctx: ServiceContext) -> dict[str, Any]:
    policy = load_flag_policy(ctx.settings.flagging_file)
    with ctx.db.sessions() as session:
        since = last_success(session, "flag")
        stats = flag_notices(
            session,
            policy,
            today=ctx.today(),
            since=since - OVERLAP if since else None,
            now=ctx.now(),
        )
        session.commit()
    return stats.as_dict()


def _alert_counts(report: DispatchReport) -> dict[str, Any]:
    return {
        "queued": sum(v for k, v in report.queued.items() if k != "digest items"),
        "sent": report.sent,
        "failed": report.failed,
        "retrying": report.retrying,
        "skipped": report.skipped,
        "by_kind": report.queued,
    }


def _send(ctx: ServiceContext, *, queue: bool) -> DispatchReport:
    config = alerts_config(ctx.settings)
    transport = make_transport(ctx.settings, concurrency=config.smtp_concurrency)
    try:
        return alerts_dispatch(
            ctx.db.sessions, transport, settings=ctx.settings, config=config, queue=queue
        )
    finally:
        transport.close()


def dispatch(ctx: ServiceContext) -> dict[str, Any]:
    """Queue every alert that is due (new notices, updates, and any reminder or digest whose
    time has come) and send the outbox, retries included."""
    return _alert_counts(_send(ctx, queue=True))


def _queue_then_send(ctx: ServiceContext, kind: str, queue: Any) -> dict[str, Any]:
    config = alerts_config(ctx.settings)
    with ctx.db.sessions() as session:
        queued = queue(session, settings=ctx.settings, config=config, now=ctx.now())
        session.commit()
    report = _send(ctx, queue=False)
    count = queued if isinstance(queued, int) else queued.queued
    report.queued = {kind: count}
    return _alert_counts(report)


def digests(ctx: ServiceContext) -> dict[str, Any]:
    """Digests whose subscription's next slot has come (each subscription keeps its own
    `next_digest_at`, so daily and weekly ones are told apart there, not here)."""
    return _queue_then_send(ctx, "digest", queue_digests)


def reminders(ctx: ServiceContext) -> dict[str, Any]:
    return _queue_then_send(ctx, "reminder", queue_reminders)


def housekeeping(ctx: ServiceContext) -> dict[str, Any]:
    with ctx.db.sessions() as session:
        counts = tidy(session, ctx.schedule.housekeeping, ctx.now())
        session.commit()
    return counts


STEP_FUNCTIONS: dict[str, Callable[[ServiceContext], dict[str, Any]]] = {
    "classify": classify,
    "flag": flag,
    "dispatch": dispatch,
    "daily_digest": digests,
    "weekly_digest": digests,
    "reminders": reminders,
    "housekeeping": housekeeping,
}
