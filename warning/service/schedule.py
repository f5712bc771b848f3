"""The schedule as configuration: `config/schedule.yml` plus one crawl job per enabled source,
turned into job specifications whose ids derive from what they say (as FlexGet does)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, field_validator

from config.settings import Settings
from config.sources import SourceConfig
from config.yamlfile import load_model_file

STEPS = ("classify", "flag", "dispatch")
JobKind = Literal[
    "classify", "flag", "dispatch", "daily_digest", "weekly_digest", "reminders", "housekeeping"
]
# Crontab counts weekdays from Sunday = 0 (and 7); APScheduler 3 from Monday = 0. Names are
# unambiguous, so numbers are translated to them before APScheduler sees the expression.
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleError(ValueError):
    """The schedule file cannot be used; the message names the file and the key."""


def crontab_weekdays(field: str) -> str:
    """`1-5` → `mon-fri`, `0,6` → `sun,sat`; steps (`*/2`) and names are left alone."""

    def name(match: re.Match[str]) -> str:
        number = int(match.group(0))
        if number > 7:
            raise ValueError(f"weekday {number} is not 0-7")
        return _WEEKDAYS[number]

    parts = []
    for part in field.split(","):
        span, slash, step = part.partition("/")
        parts.append(re.sub(r"\d+", name, span) + slash + step)
    return ",".join(parts)


def cron_trigger(expression: str, timezone: ZoneInfo) -> CronTrigger:
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"{expression!r}: a cron expression has five fields")
    fields[4] = crontab_weekdays(fields[4])
    return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)


class JobConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cron: str
    enabled: bool = True
    misfire_grace_minutes: float | None = Field(default=None, gt=0)

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        cron_trigger(value, ZoneInfo("UTC"))
        return value


class CrawlConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    time_limit_minutes: float = Field(default=60, gt=0)
    parallel: int = Field(default=3, ge=1, le=16)
    then: tuple[Literal["classify", "flag", "dispatch"], ...] = STEPS
    misfire_grace_minutes: float | None = Field(default=None, gt=0)
    # The crawler's command line, before the source id; `{python}` is this interpreter.
    command: tuple[str, ...] = ("{python}", "-m", "crawlers.runner")


class HousekeepingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    keep_job_runs_days: int = Field(default=180, ge=1)
    abandoned_after_hours: float = Field(default=6, gt=0)


class LeaseConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ttl_seconds: float = Field(default=60, ge=2)
    renew_seconds: float = Field(default=15, gt=0)

    @field_validator("renew_seconds")
    @classmethod
    def _inside_ttl(cls, value: float, info: Any) -> float:
        ttl = info.data.get("ttl_seconds", 60)
        if value >= ttl / 2:
            raise ValueError(f"renew at least twice per ttl ({ttl} s): a lower value")
        return value


DEFAULT_JOBS: dict[str, JobConfig] = {
    "classify": JobConfig(cron="45 */6 * * *"),
    "flag": JobConfig(cron="15 7 * * *"),
    "dispatch": JobConfig(cron="*/10 * * * *"),
    "daily_digest": JobConfig(cron="0 8 * * *"),
    "weekly_digest": JobConfig(cron="0 8 * * mon"),
    "reminders": JobConfig(cron="30 7 * * *"),
    "housekeeping": JobConfig(cron="20 3 * * *"),
}


class ScheduleConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str | None = None
    crawl: CrawlConfig = CrawlConfig()
    jobs: dict[JobKind, JobConfig] = Field(default_factory=lambda: dict(DEFAULT_JOBS))
    housekeeping: HousekeepingConfig = HousekeepingConfig()
    lease: LeaseConfig = LeaseConfig()

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError("an IANA time zone name such as Asia/Shanghai or UTC") from exc
        return value


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job. Its id names it and hashes everything that defines it, so a changed
    cron, zone or grace makes a new id and reconciliation replaces the stored job."""

    name: str  # "crawl:eping", "daily_digest"
    kind: str
    cron: str
    timezone: str
    source: str | None = None
    misfire_grace_minutes: float | None = None

    @cached_property
    def id(self) -> str:
        fields = [self.kind, self.source, self.cron, self.timezone, self.misfire_grace_minutes]
        digest = hashlib.sha1(json.dumps(fields).encode()).hexdigest()[:10]
        return f"{self.name}@{digest}"

    def trigger(self) -> CronTrigger:
        return cron_trigger(self.cron, ZoneInfo(self.timezone))

    def misfire_grace_time(self, now: datetime) -> int:
        """Seconds a missed run may still start late: as configured, else 80% of the interval
        between two runs. Past that, the next regular run is close enough to take over."""
        if self.misfire_grace_minutes is not None:
            return int(self.misfire_grace_minutes * 60)
        trigger = self.trigger()
        first = trigger.get_next_fire_time(None, now)
        second = trigger.get_next_fire_time(first, first + timedelta(seconds=1))
        if first is None or second is None:
            return 3600
        return max(60, int((second - first).total_seconds() * 0.8))


def load_schedule(path: Path | None) -> ScheduleConfig:
    """Read and validate the file; a missing file means every default."""
    config = load_model_file(path, ScheduleConfig, ScheduleError)
    return config.model_copy(update={"jobs": {**DEFAULT_JOBS, **config.jobs}})


def job_specs(
    schedule: ScheduleConfig, sources: dict[str, SourceConfig], settings: Settings
) -> list[JobSpec]:
    """Every job the configuration asks for: one crawl per enabled source, then the others."""
    zone = schedule.timezone or settings.timezone
    specs = []
    for source in sources.values():
        if not source.enabled:
            continue
        spec = JobSpec(
            name=f"crawl:{source.id}",
            kind="crawl",
            cron=source.schedule,
            timezone=zone,
            source=source.id,
            misfire_grace_minutes=schedule.crawl.misfire_grace_minutes,
        )
        try:
            spec.trigger()
        except ValueError as exc:
            raise ScheduleError(f"{source.path or source.id}: schedule: {exc}") from None
        specs.append(spec)
    for kind, job in schedule.jobs.items():
        if job.enabled:
            specs.append(JobSpec(kind, kind, job.cron, zone, None, job.misfire_grace_minutes))
    return specs
