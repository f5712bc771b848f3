"""How quickly notices travel: circulated (distribution date) → first seen → classified →
first alerted, as the median and worst delay over the notices first seen recently.

A distribution date has no time of day: delays from it count from 00:00 UTC of that date, so a
notice seen on the day it was circulated shows less than 24 hours. Notices circulated before the
window (a backfill of history) are left out of the delays that start at circulation, or they
would swamp the figures with years.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core.db import Notice

STAGES = (
    ("circulated_to_seen", "distribution", "seen"),
    ("seen_to_classified", "seen", "classified"),
    ("seen_to_alerted", "seen", "alerted"),
    ("circulated_to_alerted", "distribution", "alerted"),
)


@dataclass(frozen=True, slots=True)
class Moments:
    """One notice's timestamps (None: not yet, or unknown)."""

    identity: str
    distribution: datetime | None
    seen: datetime | None
    classified: datetime | None
    alerted: datetime | None


def start_of(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(0), tzinfo=UTC)


def hours(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 3600)


def delay_stats(rows: Iterable[Moments], start: str, end: str) -> dict[str, Any]:
    """Median and worst delay (hours) between two moments, over the rows that have both."""
    measured = [
        (value, row.identity)
        for row in rows
        if (value := hours(getattr(row, start), getattr(row, end))) is not None
    ]
    if not measured:
        return {"count": 0, "median_hours": None, "worst_hours": None, "worst_notice": None}
    worst = max(measured)
    return {
        "count": len(measured),
        "median_hours": round(statistics.median(v for v, _ in measured), 2),
        "worst_hours": round(worst[0], 2),
        "worst_notice": worst[1],
    }


def summarise(rows: list[Moments], since: datetime) -> dict[str, Any]:
    """The four delays; those from circulation only over notices circulated in the window."""
    recent = [
        r
        for r in rows
        if r.distribution is not None and r.distribution >= since - timedelta(days=1)
    ]
    result: dict[str, Any] = {"notices": len(rows)}
    for name, start, end in STAGES:
        result[name] = delay_stats(recent if start == "distribution" else rows, start, end)
    return result


def timeliness(session: Session, *, now: datetime, days: int = 30) -> dict[str, Any]:
    """Delays over the notices first seen in the last `days` days."""
    since = now - timedelta(days=days)
    query = select(
        Notice.identity,
        Notice.distribution_date,
        Notice.first_seen_at,
        Notice.classified_at,
        Notice.first_alerted_at,
    ).where(Notice.first_seen_at >= since)
    rows = [
        Moments(identity, start_of(distributed), seen, classified, alerted)
        for identity, distributed, seen, classified, alerted in session.execute(query)
    ]
    return {"days": days, **summarise(rows, since)}
