"""What every job of the service needs: settings, database, schedule, the crawl supervisor and
one stop signal shared by all of them."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from config.settings import Settings
from warning.core.db.base import utcnow
from warning.core.db.runtime import Database
from warning.service.crawl import CrawlSupervisor
from warning.service.schedule import ScheduleConfig, load_schedule


@dataclass
class ServiceContext:
    settings: Settings
    db: Database
    schedule: ScheduleConfig
    supervisor: CrawlSupervisor
    schedule_path: Path | None = None  # re-read by `reload_schedule`
    stop: threading.Event = field(default_factory=threading.Event)
    crawl_parallel: int = 1
    crawl_slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(1)
    )
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _locks_guard: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def create(
        cls,
        settings: Settings,
        db: Database,
        schedule: ScheduleConfig | None = None,
        crawl_env: dict[str, str] | None = None,
    ) -> ServiceContext:
        path = None if schedule is not None else settings.schedule_file
        schedule = schedule or load_schedule(path)
        supervisor = CrawlSupervisor(db.sessions, env=crawl_env)
        ctx = cls(settings, db, schedule, supervisor, schedule_path=path)
        ctx._configure_crawls()
        # SQLite has one writer at a time: crawls side by side would queue on its lock and
        # the store's read-then-write upserts of one notice from two sources could collide.
        ctx.crawl_parallel = (
            1 if settings.database_url.startswith("sqlite") else schedule.crawl.parallel
        )
        ctx.crawl_slots = threading.BoundedSemaphore(ctx.crawl_parallel)
        return ctx

    def _configure_crawls(self) -> None:
        self.supervisor.command = self.schedule.crawl.command
        self.supervisor.time_limit = self.schedule.crawl.time_limit_minutes * 60

    def reload_schedule(self) -> ScheduleConfig:
        """Read the schedule file again (raises ScheduleError, keeping the old one, if bad)."""
        if self.schedule_path is not None:
            self.schedule = load_schedule(self.schedule_path)
            self._configure_crawls()
        return self.schedule

    def lock(self, name: str) -> threading.Lock:
        """One lock per step kind: two crawl jobs ending together must not classify (or send)
        the same rows at the same time."""
        with self._locks_guard:
            return self._locks.setdefault(name, threading.Lock())

    def request_stop(self) -> None:
        """Finish the step under way, start no other; running crawls are asked to stop."""
        self.stop.set()
        self.supervisor.stop()

    def now(self) -> datetime:
        return utcnow()

    def today(self) -> date:
        """Today where the enquiry point works (deadlines and "days left" are local)."""
        return utcnow().astimezone(self.settings.tz).date()
