"""The schedule from configuration: cron in the configured zone, ids derived from the
configuration, and refusal of a bad file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from config.settings import Settings
from config.sources import SourceConfig
from warning.service.schedule import (
    JobSpec,
    ScheduleConfig,
    ScheduleError,
    crontab_weekdays,
    job_specs,
    load_schedule,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[2]


def _source(id_: str, schedule: str = "30 5 * * *", enabled: bool = True) -> SourceConfig:
    return SourceConfig(
        id=id_,
        title=id_,
        spider=id_,
        base_url="https://example.org",
        schedule=schedule,
        enabled=enabled,
    )


def _specs(settings: Settings, schedule: ScheduleConfig | None = None, **sources) -> dict:
    configs = {k: v for k, v in sources.items()} or {"eping": _source("eping")}
    return {s.name: s for s in job_specs(schedule or ScheduleConfig(), configs, settings)}


def test_every_enabled_source_gets_a_crawl_job_and_the_others_their_jobs(settings) -> None:
    specs = _specs(settings, eping=_source("eping"), rasff=_source("rasff", enabled=False))
    assert set(specs) == {
        "crawl:eping",
        "classify",
        "flag",
        "dispatch",
        "daily_digest",
        "weekly_digest",
        "reminders",
        "housekeeping",
    }
    assert specs["crawl:eping"].cron == "30 5 * * *" and specs["crawl:eping"].source == "eping"


@time_machine.travel(datetime(2026, 3, 1, 23, 0, tzinfo=UTC), tick=False)  # Mon 07:00 Shanghai
def test_digests_fire_at_eight_in_shanghai(settings) -> None:
    specs = _specs(settings)
    now = datetime.now(UTC)
    daily = specs["daily_digest"].trigger().get_next_fire_time(None, now)
    weekly = specs["weekly_digest"].trigger().get_next_fire_time(None, now)
    assert daily == weekly == datetime(2026, 3, 2, 8, 0, tzinfo=SHANGHAI)
    assert weekly.astimezone(UTC) == datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
    after = weekly.replace(minute=1)
    assert specs["weekly_digest"].trigger().get_next_fire_time(weekly, after) == datetime(
        2026, 3, 9, 8, 0, tzinfo=SHANGHAI
    )


@time_machine.travel(datetime(2026, 3, 1, 23, 0, tzinfo=UTC), tick=False)
def test_the_crawl_fires_at_its_sources_time_in_the_configured_zone(settings) -> None:
    spec = _specs(settings, ScheduleConfig(timezone="Europe/Zurich"))["crawl:eping"]
    fire = spec.trigger().get_next_fire_time(None, datetime.now(UTC))
    assert fire == datetime(2026, 3, 2, 5, 30, tzinfo=ZoneInfo("Europe/Zurich"))


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("1", "mon"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon-fri"),
        ("0,6", "sun,sat"),
        ("*/2", "*/2"),
        ("mon", "mon"),
        ("1-5/2", "mon-fri/2"),
    ],
)
def test_crontab_weekday_numbers_mean_what_they_mean_in_crontab(field, expected) -> None:
    assert crontab_weekdays(field) == expected


@time_machine.travel(datetime(2026, 3, 3, 0, 0, tzinfo=UTC), tick=False)  # a Tuesday
def test_weekday_one_is_monday_as_in_crontab(settings) -> None:
    spec = JobSpec("weekly", "weekly_digest", "0 8 * * 1", "Asia/Shanghai")
    fire = spec.trigger().get_next_fire_time(None, datetime.now(UTC))
    assert fire.weekday() == 0  # APScheduler 3 alone would read "1" as Tuesday


def test_job_ids_derive_from_the_configuration(settings) -> None:
    first = _specs(settings)["daily_digest"]
    again = _specs(settings)["daily_digest"]
    moved = JobSpec("daily_digest", "daily_digest", "0 9 * * *", first.timezone)
    rezoned = JobSpec("daily_digest", "daily_digest", first.cron, "UTC")
    assert first.id == again.id and first.id.startswith("daily_digest@")
    assert len({first.id, moved.id, rezoned.id}) == 3


def test_misfire_grace_is_most_of_the_interval_unless_configured() -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    assert JobSpec("d", "flag", "0 8 * * *", "UTC").misfire_grace_time(now) == 19 * 3600 + 720
    assert JobSpec("w", "flag", "0 8 * * mon", "UTC").misfire_grace_time(now) == int(
        7 * 86400 * 0.8
    )
    assert JobSpec("t", "dispatch", "*/10 * * * *", "UTC").misfire_grace_time(now) == 480
    assert JobSpec("c", "flag", "0 8 * * *", "UTC", None, 30).misfire_grace_time(now) == 1800


def test_the_shipped_schedule_loads() -> None:
    config = load_schedule(ROOT / "config" / "schedule.yml")
    assert config.jobs["weekly_digest"].cron == "0 8 * * mon"
    assert config.crawl.then == ("classify", "flag", "dispatch")


def test_a_job_left_out_of_the_file_keeps_its_default(tmp_path: Path) -> None:
    path = tmp_path / "schedule.yml"
    path.write_text(
        "jobs:\n  flag: {cron: '0 6 * * *'}\n  reminders: {cron: '0 7 * * *', enabled: false}\n"
    )
    config = load_schedule(path)
    assert config.jobs["flag"].cron == "0 6 * * *"
    assert config.jobs["daily_digest"].cron == "0 8 * * *"
    assert not config.jobs["reminders"].enabled


def test_a_disabled_job_is_not_scheduled(settings, tmp_path: Path) -> None:
    path = tmp_path / "schedule.yml"
    path.write_text("jobs:\n  reminders: {cron: '0 7 * * *', enabled: false}\n")
    assert "reminders" not in _specs(settings, load_schedule(path))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("jobs:\n  flag: {cron: '0 8 * *'}", "jobs.flag.cron: '0 8 \\* \\*': a cron expression"),
        ("jobs:\n  flag: {cron: '0 25 * * *'}", "jobs.flag.cron"),
        ("jobs:\n  poll: {cron: '0 8 * * *'}", "jobs.poll"),
        ("timezone: Mars/Olympus", "timezone"),
        ("lease: {ttl_seconds: 10, renew_seconds: 8}", "renew at least twice"),
        ("crawl: {time_limit_minutes: 0}", "time_limit_minutes"),
        ("[1, 2]", "expected a mapping"),
    ],
)
def test_a_bad_schedule_is_refused_naming_the_key(tmp_path: Path, text: str, problem) -> None:
    path = tmp_path / "schedule.yml"
    path.write_text(text)
    with pytest.raises(ScheduleError, match=problem):
        load_schedule(path)


def test_a_bad_cron_in_a_source_file_names_the_source(settings) -> None:
    with pytest.raises(ScheduleError, match="eping: schedule"):
        _specs(settings, eping=_source("eping", schedule="0 8 * * 9"))
