"""The scheduler: APScheduler 3 with its jobs stored in the application database, run only by
the process that holds the scheduler lease.

Every process started with `tbtwatch serve` runs a lease keeper. The one that takes the lease
starts a BackgroundScheduler, reconciles the stored jobs with the configuration, and keeps the
lease renewed; the others stand by and take over when the holder's lease expires. Jobs are also
reconciled whenever the configuration changes while the service runs.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import SQLAlchemyError

from config.sources import SourceConfigError, load_sources
from warning.core.db.base import utcnow
from warning.service.context import ServiceContext
from warning.service.jobs import execute
from warning.service.lease import Lease
from warning.service.schedule import JobSpec, ScheduleError, job_specs

log = logging.getLogger(__name__)
JOBSTORE_TABLE = "apscheduler_job"
JOB_FUNCTION = "warning.service.scheduler:run_scheduled"
# Crawl jobs that wait for a crawl slot hold a worker: leave enough for the other jobs meanwhile.
# Steps of one kind never overlap (ctx.lock).
WORKERS = 8

# The one service of this process, found by `run_scheduled`: jobs in the store name a function
# by its import path, so they cannot carry a reference to the service that runs them.
_active: Service | None = None


def run_scheduled(job_id: str) -> None:
    """What every stored job calls: run the job of that id in this process's service."""
    service = _active
    if service is None:
        log.error("job %s fired but no service is running in this process", job_id)
        return
    service.run(job_id)


@dataclass
class Reconciled:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def reconcile(scheduler: BackgroundScheduler, specs: list[JobSpec], now: datetime) -> Reconciled:
    """Make the stored jobs those of the configuration. A job whose id is unchanged is kept as
    stored, with its next run time: that is how a run missed while the service was down is
    noticed (and run once) at the next start."""
    wanted = {spec.id: spec for spec in specs}
    stored = {job.id for job in scheduler.get_jobs()}
    result = Reconciled(kept=sorted(stored & set(wanted)))
    for job_id in sorted(stored - set(wanted)):
        scheduler.remove_job(job_id)
        result.removed.append(job_id)
    for job_id in sorted(set(wanted) - stored):
        spec = wanted[job_id]
        scheduler.add_job(
            JOB_FUNCTION,
            trigger=spec.trigger(),
            args=[spec.id],
            id=spec.id,
            name=spec.name,
            # After downtime a job that missed several runs runs once, not once per missed run:
            # every job here catches up by itself (crawls from their cursor, steps over what is
            # pending), so repeating it would only repeat work and hammer the sources.
            coalesce=True,
            # A missed run still starts if it is late by less than 80% of the job's interval
            # (a crawl due at 05:30 still runs when the service is back at 10:00); later than
            # that, the next regular run is close enough to take over.
            misfire_grace_time=spec.misfire_grace_time(now),
            max_instances=1,
            replace_existing=True,
        )
        result.added.append(job_id)
    if result.added or result.removed:
        log.info("schedule reconciled: added %s, removed %s", result.added, result.removed)
    return result


class Service:
    """The scheduler side of `tbtwatch serve`: `start()`, then `shutdown()` on exit."""

    def __init__(self, ctx: ServiceContext, *, holder: str | None = None, workers: int = WORKERS):
        lease = ctx.schedule.lease
        self.ctx = ctx
        self.lease = Lease(ctx.db.sessions, ttl=timedelta(seconds=lease.ttl_seconds))
        if holder:
            self.lease.holder = holder
        self.workers = workers
        self.scheduler: BackgroundScheduler | None = None
        self.specs: dict[str, JobSpec] = {}
        self._keeper: threading.Thread | None = None
        self._leading = threading.Event()

    @property
    def leading(self) -> bool:
        return self._leading.is_set()

    def start(self) -> None:
        global _active
        if _active is not None and _active is not self:
            raise RuntimeError("a scheduler service is already running in this process")
        _active = self
        self._keeper = threading.Thread(target=self._keep_lease, name="tbtwatch-lease", daemon=True)
        self._keeper.start()

    def wait_until_leading(self, timeout: float) -> bool:
        return self._leading.wait(timeout)

    def configured_specs(self) -> list[JobSpec]:
        """The jobs the configuration asks for now (the files are read again each time)."""
        settings = self.ctx.settings
        schedule = self.ctx.reload_schedule()
        return job_specs(schedule, load_sources(settings.sources_dir), settings)

    def _keep_lease(self) -> None:
        every = self.ctx.schedule.lease.renew_seconds
        while not self.ctx.stop.is_set():
            try:
                held = self.lease.acquire()
            except SQLAlchemyError as exc:
                log.warning("cannot renew the scheduler lease: %s", exc)
                held = self.lease_still_valid()
            if self.ctx.stop.is_set():
                break  # shutting down: a lease taken just now must not start a scheduler
            if held and self.scheduler is None:
                self._lead()
            elif held:
                self._refresh()
            elif self.scheduler is not None:
                log.warning("lost the scheduler lease to another process: standing by")
                self._stand_by(wait=False)
            self.ctx.stop.wait(every)

    def lease_still_valid(self) -> bool:
        try:
            return self.lease.holds()
        except SQLAlchemyError:
            return False

    def _lead(self) -> None:
        try:
            specs = self.configured_specs()
        except (ScheduleError, SourceConfigError) as exc:
            log.error("cannot schedule: %s", exc)
            return
        scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=self.ctx.db.engine, tablename=JOBSTORE_TABLE)
            },
            executors={"default": ThreadPoolExecutor(self.workers)},
            timezone=self.ctx.schedule.timezone or self.ctx.settings.timezone,
        )
        scheduler.add_listener(_on_missed, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
        scheduler.start(paused=True)
        self.specs = {spec.id: spec for spec in specs}
        reconcile(scheduler, specs, utcnow())
        self.scheduler = scheduler
        self._leading.set()
        log.info("holding the scheduler lease (%s): %d jobs", self.lease.holder, len(specs))
        scheduler.resume()

    def _refresh(self) -> None:
        """Pick up configuration changes made while the service runs."""
        try:
            specs = self.configured_specs()
        except (ScheduleError, SourceConfigError) as exc:
            log.error("configuration changed but cannot be used, keeping the schedule: %s", exc)
            return
        if {spec.id for spec in specs} != set(self.specs) and self.scheduler is not None:
            self.specs.update({spec.id: spec for spec in specs})
            reconcile(self.scheduler, specs, utcnow())
            self.specs = {spec.id: spec for spec in specs}

    def _stand_by(self, wait: bool) -> None:
        scheduler, self.scheduler = self.scheduler, None
        self._leading.clear()
        if scheduler is not None:
            scheduler.shutdown(wait=wait)

    def run(self, job_id: str) -> None:
        """Run one fired job, unless this process no longer leads (the lease is checked in the
        database, not only in memory: a process that was paused may have lost it)."""
        spec = self.specs.get(job_id)
        if spec is None:
            log.warning("job %s is not in the configuration any more: skipped", job_id)
            return
        if self.ctx.stop.is_set():
            log.info("job %s not started: shutting down", spec.name)
            return
        if not self.lease_still_valid():
            log.warning("job %s not run: this process does not hold the scheduler lease", spec.name)
            return
        execute(self.ctx, spec)

    def next_runs(self) -> dict[str, Any]:
        if self.scheduler is None:
            return {}
        return {job.name: job.next_run_time for job in self.scheduler.get_jobs()}

    def shutdown(self, wait: bool = True) -> None:
        """Stop: the step under way finishes (a crawl is asked to stop cleanly), nothing new
        starts, and the lease is given up so a standby process can take over at once."""
        global _active
        self.ctx.request_stop()
        if self._keeper is not None:
            self._keeper.join(timeout=30)
        was_leading = self.scheduler is not None
        self._stand_by(wait=wait)
        if was_leading:
            try:
                self.lease.release()
            except SQLAlchemyError as exc:
                log.warning("could not release the scheduler lease (it will expire): %s", exc)
        if _active is self:
            _active = None


def _on_missed(event: JobExecutionEvent) -> None:
    if event.code == EVENT_JOB_MISSED:
        log.warning(
            "job %s missed its run at %s (later than its grace time); the next run catches up",
            event.job_id,
            event.scheduled_run_time,
        )
    else:
        log.warning("job %s is still running from its previous run: this run skipped", event.job_id)
