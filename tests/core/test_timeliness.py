"""Timeliness: median and worst delay from circulation to first alert, over 30 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from warning.core.db import Notice, Source
from warning.core.timeliness import Moments, delay_stats, summarise, timeliness

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
DAY = datetime(2026, 3, 10, tzinfo=UTC)


def _m(
    name: str,
    seen_h: float | None,
    classified_h: float | None = None,
    alerted_h: float | None = None,
    distribution: datetime | None = DAY,
) -> Moments:
    def at(h: float | None) -> datetime | None:
        return None if h is None else DAY + timedelta(hours=h)

    return Moments(name, distribution, at(seen_h), at(classified_h), at(alerted_h))


def test_median_and_worst_delay_name_the_slowest_notice() -> None:
    rows = [_m("a", 2), _m("b", 6), _m("c", 30), _m("d", None)]
    stats = delay_stats(rows, "distribution", "seen")
    assert stats == {"count": 3, "median_hours": 6.0, "worst_hours": 30.0, "worst_notice": "c"}


def test_nothing_measured_is_reported_as_none() -> None:
    assert delay_stats([_m("a", 1)], "seen", "alerted")["median_hours"] is None


def test_each_stage_is_measured_from_its_own_start() -> None:
    rows = [_m("a", 5, 6, 9), _m("b", 7, 7.5, None)]
    stats = summarise(rows, since=DAY - timedelta(days=30))
    assert stats["seen_to_classified"]["median_hours"] == 0.75
    assert stats["seen_to_alerted"] == {
        "count": 1,
        "median_hours": 4.0,
        "worst_hours": 4.0,
        "worst_notice": "a",
    }
    assert stats["circulated_to_alerted"]["worst_hours"] == 9.0


def test_a_backfilled_notice_does_not_count_from_its_old_circulation() -> None:
    old = _m("2019", 1, 2, 3, distribution=datetime(2019, 5, 1, tzinfo=UTC))
    stats = summarise([old, _m("new", 3)], since=DAY - timedelta(days=5))
    assert stats["circulated_to_seen"]["count"] == 1
    assert stats["seen_to_classified"]["count"] == 1  # but its processing still counts


def test_it_reads_the_notices_first_seen_in_the_last_30_days(session: Session) -> None:
    session.add(Source(id="eping"))
    session.flush()
    for n, seen_days_ago in ((1, 2), (2, 40)):
        seen = NOW - timedelta(days=seen_days_ago)
        session.add(
            Notice(
                identity=f"G/TBT/N/USA/{n}",
                source_id="eping",
                domain="TBT",
                doc_type="regular",
                title="t",
                content_hash="h",
                distribution_date=seen.date() - timedelta(days=1),
                first_seen_at=seen,
                classified_at=seen + timedelta(minutes=30),
                first_alerted_at=seen + timedelta(hours=1),
            )
        )
    session.flush()
    report = timeliness(session, now=NOW)
    assert report["days"] == 30 and report["notices"] == 1
    assert report["seen_to_alerted"]["median_hours"] == 1.0
    assert report["circulated_to_seen"]["worst_notice"] == "G/TBT/N/USA/1"
    assert report["circulated_to_seen"]["worst_hours"] == 36.0
