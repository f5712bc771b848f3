"""The flagging job: applies the flag policy to notices whose classification or urgency may
have changed, and sets `Notice.flagged`, `flagged_at` and `urgency`."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from warning.core.db import Classification, Notice, Review
from warning.core.db.base import utcnow
from warning.core.flag import FlagDecision, FlagInput, FlagPolicy, decide

log = logging.getLogger(__name__)
BATCH = 500
# A review that has moved past "new" keeps its notice in the queue even if a reclassification
# would no longer flag it: a reviewer is working on it.
OPEN_REVIEW_STATUSES = ("new",)


@dataclass
class FlagStats:
    evaluated: int = 0
    flagged: int = 0  # newly flagged
    unflagged: int = 0
    kept: int = 0  # no longer flagged by the policy, kept because a review is under way
    reordered: int = 0  # still flagged, urgency changed
    flagged_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "evaluated": self.evaluated,
            "flagged": self.flagged,
            "unflagged": self.unflagged,
            "kept": self.kept,
            "reordered": self.reordered,
        }


def candidate_ids(session: Session, *, since: datetime | None, today: date) -> list[int]:
    """Notices to look at: every classified notice on a first run; afterwards those classified
    or reclassified (a reviewer's correction too) since `since`, and flagged notices whose
    deadline is still ahead or has just passed (their urgency changes with the date)."""
    if since is None:
        query = select(Notice.id).where(Notice.classified_at.is_not(None))
        return list(session.scalars(query.order_by(Notice.id)))
    reclassified = select(Classification.notice_id).where(Classification.created_at >= since)
    still_open = Notice.comment_deadline >= since.date() - timedelta(days=1)
    query = select(Notice.id).where(
        or_(
            Notice.classified_at >= since,
            Notice.id.in_(reclassified),
            Notice.flagged.is_(True) & still_open,
        )
    )
    return list(session.scalars(query.order_by(Notice.id)))


def category_scores(rows: Iterable[Classification]) -> dict[int, dict[str, float]]:
    """Per notice, category → score. A reviewer's accepted categories replace the machine's."""
    machine: dict[int, dict[str, float]] = defaultdict(dict)
    accepted: dict[int, dict[str, float]] = defaultdict(dict)
    for row in rows:
        target = accepted if row.accepted else machine
        scores = target[row.notice_id]
        scores[row.category] = max(row.score, scores.get(row.category, 0.0))
    return {nid: accepted.get(nid) or machine.get(nid, {}) for nid in set(machine) | set(accepted)}


def _batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _reviewed(session: Session, ids: Sequence[int]) -> set[int]:
    query = select(Review.notice_id).where(
        Review.notice_id.in_(ids), Review.status.not_in(OPEN_REVIEW_STATUSES)
    )
    return set(session.scalars(query))


def _apply(notice: Notice, decision: FlagDecision, reviewed: bool, now: datetime) -> str:
    if decision.flagged:
        if not notice.flagged:
            notice.flagged, notice.flagged_at, notice.urgency = True, now, decision.urgency
            return "flagged"
        if notice.urgency != decision.urgency:
            notice.urgency = decision.urgency
            return "reordered"
        return "same"
    if not notice.flagged:
        return "same"
    if reviewed:
        return "kept"
    notice.flagged, notice.flagged_at, notice.urgency = False, None, None
    return "unflagged"


def flag_notices(
    session: Session,
    policy: FlagPolicy,
    *,
    today: date,
    since: datetime | None = None,
    notice_ids: Sequence[int] | None = None,
    now: datetime | None = None,
) -> FlagStats:
    """Apply the policy to the candidates (or to `notice_ids`); the caller commits."""
    now = now or utcnow()
    ids = (
        list(notice_ids)
        if notice_ids is not None
        else candidate_ids(session, since=since, today=today)
    )
    stats = FlagStats()
    for batch in _batches(ids):
        current = select(Classification).where(
            Classification.notice_id.in_(batch), Classification.current.is_(True)
        )
        scores = category_scores(session.scalars(current))
        reviewed = _reviewed(session, batch)
        for notice in session.scalars(select(Notice).where(Notice.id.in_(batch))):
            item = FlagInput(
                categories=scores.get(notice.id, {}),
                member_code=notice.member_code,
                comment_deadline=notice.comment_deadline,
                attention=tuple(notice.attention or ()),
                withdrawn=notice.withdrawn,
            )
            outcome = _apply(notice, decide(policy, item, today), notice.id in reviewed, now)
            stats.evaluated += 1
            if outcome == "flagged":
                stats.flagged_ids.append(notice.id)
            if outcome != "same":
                setattr(stats, outcome, getattr(stats, outcome) + 1)
        session.flush()
    log.info("flagging: %s", stats.as_dict())
    return stats
