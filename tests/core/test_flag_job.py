"""The flagging job over the database: who enters and leaves the queue, and in what order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from warning.core.db import Classification, Notice, Review, Source
from warning.core.flag import FlagPolicy
from warning.core.flag_job import candidate_ids, category_scores, flag_notices

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
TODAY = NOW.date()
POLICY = FlagPolicy()


def _notice(session: Session, n: int, *, classified: datetime | None = NOW, **fields) -> Notice:
    if session.get(Source, "eping") is None:
        session.add(Source(id="eping"))
        session.flush()
    notice = Notice(
        identity=f"G/TBT/N/USA/{n}",
        source_id="eping",
        domain="TBT",
        doc_type="regular",
        title=f"notice {n}",
        content_hash=str(n),
        classified_at=classified,
        **fields,
    )
    session.add(notice)
    session.flush()
    return notice


def _classify(session: Session, notice: Notice, category: str, score: float, **kw) -> None:
    kw.setdefault("created_at", NOW)
    kw.setdefault("method", "fusion")
    session.add(Classification(notice_id=notice.id, category=category, score=score, **kw))
    session.flush()


def test_it_flags_watched_notices_and_leaves_the_others(session: Session) -> None:
    phone = _notice(session, 1, comment_deadline=date(2026, 3, 20))
    food = _notice(session, 2)
    _classify(session, phone, "HT01", 0.9)
    _classify(session, food, "TR02", 0.95)
    stats = flag_notices(session, POLICY, today=TODAY, now=NOW)
    assert (stats.evaluated, stats.flagged, stats.flagged_ids) == (2, 1, [phone.id])
    assert phone.flagged and phone.flagged_at == NOW and phone.urgency is not None
    assert not food.flagged and food.urgency is None


def test_a_reviewers_accepted_categories_replace_the_machines(session: Session) -> None:
    notice = _notice(session, 1)
    _classify(session, notice, "HT01", 0.9)
    _classify(session, notice, "TR04", 1.0, accepted=True, method="reviewer")
    flag_notices(session, POLICY, today=TODAY, now=NOW)
    assert not notice.flagged


def test_only_current_classifications_count(session: Session) -> None:
    notice = _notice(session, 1)
    _classify(session, notice, "HT01", 0.9, current=False)
    _classify(session, notice, "TR04", 0.9)
    assert flag_notices(session, POLICY, today=TODAY, now=NOW).flagged == 0


def test_a_reclassified_notice_leaves_the_queue_unless_a_review_is_under_way(
    session: Session,
) -> None:
    left, kept = _notice(session, 1, flagged=True, urgency=50.0), _notice(session, 2, flagged=True)
    for notice in (left, kept):
        _classify(session, notice, "TR04", 0.9)
    session.add(Review(notice_id=kept.id, status="triage"))
    stats = flag_notices(session, POLICY, today=TODAY, now=NOW, notice_ids=[left.id, kept.id])
    assert (stats.unflagged, stats.kept) == (1, 1)
    assert not left.flagged and left.urgency is None and kept.flagged


def test_urgency_rises_as_the_deadline_nears(session: Session) -> None:
    notice = _notice(session, 1, comment_deadline=date(2026, 3, 31))
    _classify(session, notice, "HT01", 0.8)
    flag_notices(session, POLICY, today=TODAY, now=NOW)
    before = notice.urgency
    later = flag_notices(session, POLICY, today=date(2026, 3, 25), since=NOW)
    assert later.reordered == 1 and notice.urgency > before
    assert notice.flagged_at == NOW  # first flagged, not re-flagged


def test_later_runs_look_only_at_what_changed(session: Session) -> None:
    old = _notice(session, 1, classified=NOW - timedelta(days=3))
    _classify(session, old, "HT01", 0.9, created_at=NOW - timedelta(days=3))
    fresh = _notice(session, 2)
    _classify(session, fresh, "HT01", 0.9)
    corrected = _notice(session, 3, classified=NOW - timedelta(days=3))
    _classify(session, corrected, "HT02", 1.0, accepted=True)  # a reviewer, today
    pending = _notice(session, 4, classified=None, flagged=True, comment_deadline=TODAY)
    closed = _notice(session, 5, classified=None, flagged=True, comment_deadline=date(2026, 1, 1))
    ids = candidate_ids(session, since=NOW - timedelta(hours=1), today=TODAY)
    assert ids == [fresh.id, corrected.id, pending.id]
    assert closed.id not in ids and old.id not in ids
    assert candidate_ids(session, since=None, today=TODAY) == [old.id, fresh.id, corrected.id]


def test_category_scores_keep_the_best_score_per_category() -> None:
    rows = [
        Classification(notice_id=1, category="HT01", score=0.4, accepted=False),
        Classification(notice_id=1, category="HT01", score=0.7, accepted=False),
        Classification(notice_id=2, category="HT02", score=0.9, accepted=False),
        Classification(notice_id=2, category="TR02", score=1.0, accepted=True),
    ]
    assert category_scores(rows) == {1: {"HT01": 0.7}, 2: {"TR02": 1.0}}
