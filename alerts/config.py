"""Alert delivery settings from `config/alerts.yml` (or TBTWATCH_ALERTS_FILE), validated on load."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from config.settings import Settings
from config.yamlfile import load_model_file

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)


class AlertsConfigError(ValueError):
    """The alerts file cannot be used; the message names the file and the key."""


class LinkDays(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    confirm: int = Field(default=7, ge=1)
    unsubscribe: int = Field(default=365, ge=1)
    manage: int = Field(default=30, ge=1)
    feedback: int = Field(default=120, ge=1)


class AlertsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reminder_days: tuple[int, ...] = (14, 3)
    digest_hour: int = Field(default=8, ge=0, le=23)
    weekly_digest_day: Weekday = "monday"
    new_notice_max_age_days: int = Field(default=60, ge=1)
    match_overlap_minutes: int = Field(default=60, ge=0)
    batch_size: int = Field(default=50, ge=1, le=10_000)
    lease_seconds: float = Field(default=300, gt=0)
    smtp_concurrency: int = Field(default=4, ge=1, le=64)
    max_attempts: int = Field(default=8, ge=1)
    retry_base_seconds: float = Field(default=60, gt=0)
    retry_max_seconds: float = Field(default=21600, gt=0)
    bounce_after: int = Field(default=3, ge=1)
    link_days: LinkDays = LinkDays()
    list_unsubscribe_mailto: str | None = None

    @field_validator("reminder_days")
    @classmethod
    def _positive_descending(cls, values: tuple[int, ...]) -> tuple[int, ...]:
        if any(v < 1 for v in values):
            raise ValueError("reminder days must be whole days >= 1")
        return tuple(sorted(set(values), reverse=True))

    @property
    def weekday(self) -> int:
        return WEEKDAYS.index(self.weekly_digest_day)

    def retry_delay(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th temporary failure (exponential, capped)."""
        return min(self.retry_base_seconds * 2 ** max(attempts - 1, 0), self.retry_max_seconds)


def load_alerts_config(path: Path | None) -> AlertsConfig:
    """Read and validate the file; a missing file means every default."""
    return load_model_file(path, AlertsConfig, AlertsConfigError)


def alerts_config(settings: Settings) -> AlertsConfig:
    return load_alerts_config(settings.alerts_file)
