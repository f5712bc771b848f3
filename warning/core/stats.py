"""Figures for the dashboard: notices per week by category, member and domain; comment periods
open now and closing this week; alerts sent per week; recent job runs."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warning.core.db import Classification, Delivery, JobRun, Notice
from warning.core.search import QueueFilter, count_notices

OTHERS = "other"


@dataclass(frozen=True)
class WeeklySeries:
    """Counts per week (weeks start on Monday, oldest first) for each key."""

    weeks: list[date]
    series: dict[str, list[int]]

    @property
    def totals(self) -> list[int]:
        return [sum(values) for values in zip(*self.series.values(), strict=True)] or [
            0 for _ in self.weeks
        ]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_list(today: date, weeks: int) -> list[date]:
    last = week_start(today)
    return [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _series(
    pairs: list[tuple[date, str]], weeks: list[date], top: int | None = None
) -> WeeklySeries:
    index = {week: i for i, week in enumerate(weeks)}
    totals = Counter(key for _, key in pairs)
    keep = {key for key, _ in totals.most_common(top)} if top else set(totals)
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    for day, key in pairs:
        slot = index.get(week_start(day))
        if slot is not None:
            series[key if key in keep else OTHERS][slot] += 1
    ordered = sorted(series, key=lambda k: (k == OTHERS, -totals.get(k, 0), k))
    return WeeklySeries(weeks, {key: series[key] for key in ordered})


def _notices_since(session: Session, start: date) -> list[tuple[int, date, str, str | None]]:
    query = select(Notice.id, Notice.distribution_date, Notice.domain, Notice.member_code).where(
        Notice.distribution_date >= start
    )
    return [(i, d, domain, member) for i, d, domain, member in session.execute(query) if d]


def notices_per_week(
    session: Session, *, by: str, today: date, weeks: int = 12, top: int = 8
) -> WeeklySeries:
    """Notices by distribution week, split by `category`, `member` or `domain`."""
    days = week_list(today, weeks)
    rows = _notices_since(session, days[0])
    if by == "domain":
        return _series([(d, domain) for _, d, domain, _ in rows], days)
    if by == "member":
        return _series([(d, member or "?") for _, d, _, member in rows], days, top)
    if by != "category":
        raise ValueError(f"cannot count notices by {by!r}")
    when = {notice_id: d for notice_id, d, _, _ in rows}
    categories = _effective_categories(session, days[0])
    pairs = [(when[n], c) for n, cats in categories.items() if n in when for c in cats]
    return _series(pairs, days, top)


def _effective_categories(session: Session, start: date) -> dict[int, set[str]]:
    query = (
        select(Classification.notice_id, Classification.category, Classification.accepted)
        .join(Notice, Notice.id == Classification.notice_id)
        .where(Classification.current.is_(True), Notice.distribution_date >= start)
    )
    machine: dict[int, set[str]] = defaultdict(set)
    accepted: dict[int, set[str]] = defaultdict(set)
    for notice_id, category, is_accepted in session.execute(query):
        (accepted if is_accepted else machine)[notice_id].add(category)
    return {n: accepted.get(n) or machine[n] for n in set(machine) | set(accepted)}


def alerts_per_week(session: Session, *, today: date, weeks: int = 12) -> WeeklySeries:
    """Emails sent, by week and kind (new, update, reminder, digest, confirmation)."""
    days = week_list(today, weeks)
    start = datetime.combine(days[0], time.min, tzinfo=UTC)
    query = select(Delivery.sent_at, Delivery.kind).where(
        Delivery.status == "sent", Delivery.sent_at >= start
    )
    pairs = [(sent_at.date(), kind) for sent_at, kind in session.execute(query) if sent_at]
    return _series(pairs, days)


@dataclass(frozen=True)
class Overview:
    open_for_comment: int
    closing_this_week: int
    queue_open: int
    alerts_last_7_days: int


def overview(session: Session, *, today: date) -> Overview:
    sent_since = datetime.combine(today - timedelta(days=7), time.min, tzinfo=UTC)
    alerts = session.scalar(
        select(func.count(Delivery.id)).where(
            Delivery.status == "sent", Delivery.sent_at >= sent_since
        )
    )
    return Overview(
        open_for_comment=count_notices(session, QueueFilter(deadline="open"), today),
        closing_this_week=count_notices(session, QueueFilter(deadline="7"), today),
        queue_open=count_notices(session, QueueFilter(flagged=True, status="open"), today),
        alerts_last_7_days=int(alerts or 0),
    )


def recent_runs(session: Session, *, limit: int = 30) -> list[dict[str, Any]]:
    query = select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(limit)
    return [
        {
            "job": run.job,
            "source_id": run.source_id,
            "status": run.status,
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "stats": run.stats,
            "error": run.error,
        }
        for run in session.scalars(query)
    ]


DAYS_LEFT_BUCKETS = ((0, 7), (8, 14), (15, 30), (31, 60), (61, None))


def open_by_days_left(session: Session, *, today: date) -> list[tuple[tuple[int, int | None], int]]:
    """Notices open for comment, by days left (0–7, 8–14, 15–30, 31–60, more)."""
    query = select(Notice.comment_deadline, func.count(Notice.id)).where(
        Notice.comment_deadline >= today
    )
    counts = Counter[tuple[int, int | None]]()
    for deadline, count in session.execute(query.group_by(Notice.comment_deadline)):
        if deadline is None:
            continue
        left = (deadline - today).days
        for low, high in DAYS_LEFT_BUCKETS:
            if left >= low and (high is None or left <= high):
                counts[(low, high)] += count
                break
    return [(bucket, counts[bucket]) for bucket in DAYS_LEFT_BUCKETS]


def deadlines_by_day(session: Session, *, today: date, days: int = 7) -> list[tuple[date, int]]:
    """Comment periods closing on each of the next `days` days (today included)."""
    last = today + timedelta(days=days - 1)
    query = (
        select(Notice.comment_deadline, func.count(Notice.id))
        .where(Notice.comment_deadline >= today, Notice.comment_deadline <= last)
        .group_by(Notice.comment_deadline)
    )
    found: dict[date, int] = {day: count for day, count in session.execute(query) if day}
    return [(day, found.get(day, 0)) for day in (today + timedelta(n) for n in range(days))]
