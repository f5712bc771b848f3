"""Schedules as plain decisions: digest slots, reminder thresholds, retry backoff, config file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from alerts.config import AlertsConfig, AlertsConfigError, load_alerts_config
from alerts.digest import group_entries, next_slot
from alerts.reminders import threshold

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("after", "frequency", "expected"),
    [
        # 2026-03-02 is a Monday. 08:00 in Shanghai is 00:00 UTC.
        (datetime(2026, 3, 1, 23, 59, tzinfo=UTC), "daily", datetime(2026, 3, 2, 0, 0, tzinfo=UTC)),
        (datetime(2026, 3, 2, 0, 0, tzinfo=UTC), "daily", datetime(2026, 3, 3, 0, 0, tzinfo=UTC)),
        (datetime(2026, 3, 2, 5, 0, tzinfo=UTC), "daily", datetime(2026, 3, 3, 0, 0, tzinfo=UTC)),
        (datetime(2026, 3, 1, 12, 0, tzinfo=UTC), "weekly", datetime(2026, 3, 2, 0, 0, tzinfo=UTC)),
        (datetime(2026, 3, 2, 0, 0, tzinfo=UTC), "weekly", datetime(2026, 3, 9, 0, 0, tzinfo=UTC)),
        (datetime(2026, 3, 4, 9, 0, tzinfo=UTC), "weekly", datetime(2026, 3, 9, 0, 0, tzinfo=UTC)),
    ],
)
def test_digest_slots_are_at_eight_local_time(
    after: datetime, frequency: str, expected: datetime
) -> None:
    assert next_slot(after, frequency, SHANGHAI, hour=8, weekday=0) == expected


def test_digest_slots_follow_summer_time() -> None:
    before = next_slot(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), "daily", BERLIN, hour=8, weekday=0)
    after = next_slot(datetime(2026, 3, 29, 12, 0, tzinfo=UTC), "daily", BERLIN, hour=8, weekday=0)
    assert before == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)  # 08:00 CEST on the switch day
    assert after == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)
    winter = next_slot(datetime(2026, 3, 27, 12, 0, tzinfo=UTC), "daily", BERLIN, hour=8, weekday=0)
    assert winter == datetime(2026, 3, 28, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (30, None),
        (15, None),
        (14, 14),
        (10, 14),
        (4, 14),
        (3, 3),
        (1, 3),
        (0, 3),
        (-1, None),
    ],
)
def test_the_reminder_due_is_the_nearest_threshold_at_or_above_the_days_left(
    days_left: int, expected: int | None
) -> None:
    assert threshold(days_left, (14, 3)) == expected


def test_retries_back_off_exponentially_up_to_a_cap() -> None:
    config = AlertsConfig(retry_base_seconds=60, retry_max_seconds=600)
    assert [config.retry_delay(n) for n in (1, 2, 3, 4, 5, 6)] == [60, 120, 240, 480, 600, 600]


def test_the_alerts_file_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "alerts.yml"
    path.write_text(
        "reminder_days: [3, 14, 7]\ndigest_hour: 7\nweekly_digest_day: friday\n", encoding="utf-8"
    )
    config = load_alerts_config(path)
    assert config.reminder_days == (14, 7, 3) and config.digest_hour == 7 and config.weekday == 4
    path.write_text("digest_hour: 25\nspam: 1\n", encoding="utf-8")
    with pytest.raises(AlertsConfigError, match="digest_hour") as error:
        load_alerts_config(path)
    assert "spam" in str(error.value)
    assert load_alerts_config(tmp_path / "missing.yml") == AlertsConfig()


def test_the_shipped_alerts_file_is_valid() -> None:
    from config.settings import load_settings

    config = load_alerts_config(load_settings().alerts_file)
    assert config.reminder_days == (14, 3) and config.digest_hour == 8
    assert config.weekly_digest_day == "monday"


def test_groups_and_their_entries_are_most_urgent_first() -> None:
    entries = [("TR04", "USA", 20), ("TR06", "EU", 5), ("TR04", "USA", 2), ("TR04", "EU", 9)]
    groups = group_entries(entries, lambda e: e[0], lambda e: e[1], lambda e: (e[2],))
    assert [(g.category, g.market) for g in groups] == [
        ("TR04", "USA"),
        ("TR06", "EU"),
        ("TR04", "EU"),
    ]
    assert [e[2] for e in groups[0].entries] == [2, 20]
