"""The review workflow: statuses and their allowed moves, who may do what, and every change
recorded in `review_event` (who, what, before and after).

The decisions (`check_transition`, `check_permission`, `check_categories`, `check_impact`) are
pure; the session functions apply them and append the history. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from warning.core.db import Classification, Notice, Review, ReviewEvent, User
from warning.core.db.base import utcnow
from warning.core.refusals import N_, Refusal

STATUSES = (
    "new",
    "triage",
    "expert_review",
    "comment_drafting",
    "comment_sent",
    "closed",
    "not_relevant",
)
OPEN_STATUSES = ("new", "triage", "expert_review", "comment_drafting")
# Where a review may go from each status. Closed and not-relevant reviews can be reopened into
# triage (a new addendum often revives a measure); a sent comment can only be closed.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("triage", "expert_review", "not_relevant"),
    "triage": ("expert_review", "comment_drafting", "closed", "not_relevant"),
    "expert_review": ("triage", "comment_drafting", "closed", "not_relevant"),
    "comment_drafting": ("expert_review", "comment_sent", "closed", "not_relevant"),
    "comment_sent": ("closed",),
    "closed": ("triage",),
    "not_relevant": ("triage",),
}
IMPACTS = ("high", "medium", "low")
IMPACT_RANK = {"high": 0, "medium": 1, "low": 2}
ACTIONS = ("status", "assign", "impact", "note", "categories", "letter")
# Experts give their view (impact and notes); reviewers and admins run the workflow.
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(ACTIONS),
    "reviewer": frozenset(ACTIONS),
    "expert": frozenset({"impact", "note"}),
}
REVIEWER_METHOD = "reviewer"
EXCLUSIVE_CATEGORY = "OT99"  # "other" never goes with another category (taxonomy.md)
MAX_NOTE = 20_000


class ReviewError(Refusal):
    """A review change that is not allowed; `kind` says why (for the HTTP status)."""

    def __init__(self, message: str, kind: str = "invalid", **params: object) -> None:
        super().__init__(message, **params)
        self.kind = kind  # invalid, forbidden, not_found, conflict


def check_transition(current: str, target: str) -> None:
    if target not in STATUSES:
        raise ReviewError(N_("unknown status '%(status)s'"), status=target)
    if target not in TRANSITIONS.get(current, ()):
        raise ReviewError(
            N_("a review in '%(current)s' cannot move to '%(target)s'"),
            "conflict",
            current=current,
            target=target,
        )


def check_permission(role: str, action: str) -> None:
    if action not in PERMISSIONS.get(role, frozenset()):
        raise ReviewError(
            N_("the role '%(role)s' may not change '%(action)s'"),
            "forbidden",
            role=role,
            action=action,
        )


def check_categories(categories: Iterable[str], known: Collection[str]) -> list[str]:
    """The categories in taxonomy order, without duplicates; refuses unknown ids, an empty set
    and OT99 together with another category."""
    chosen = set(categories)
    unknown = sorted(chosen - set(known))
    if unknown:
        raise ReviewError(N_("unknown categories: %(categories)s"), categories=", ".join(unknown))
    if not chosen:
        raise ReviewError(
            N_("choose at least one category (%(other)s if none applies)"),
            other=EXCLUSIVE_CATEGORY,
        )
    if EXCLUSIVE_CATEGORY in chosen and len(chosen) > 1:
        raise ReviewError(
            N_("%(other)s (other) cannot be combined with another category"),
            other=EXCLUSIVE_CATEGORY,
        )
    return [c for c in known if c in chosen]


def check_impact(impact: str, reason: str) -> str:
    if impact not in IMPACTS:
        raise ReviewError(
            N_("impact must be one of %(impacts)s, not '%(impact)s'"),
            impacts=", ".join(IMPACTS),
            impact=impact,
        )
    reason = reason.strip()
    if not reason:
        raise ReviewError(N_("give the reason for the impact rating"))
    return reason


def allowed_targets(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def _notice(session: Session, notice_id: int) -> Notice:
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise ReviewError(N_("no notice %(id)s"), "not_found", id=notice_id)
    return notice


def review_for(session: Session, notice_id: int) -> Review:
    """The notice's review, created in status `new` the first time it is needed."""
    _notice(session, notice_id)
    review = session.scalars(select(Review).where(Review.notice_id == notice_id)).first()
    if review is None:
        review = Review(notice_id=notice_id, status="new", updated_at=utcnow())
        session.add(review)
        session.flush()
    return review


def find_review(session: Session, notice_id: int) -> Review | None:
    return session.scalars(select(Review).where(Review.notice_id == notice_id)).first()


def _record(
    session: Session,
    review: Review,
    user: User | None,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    note: str | None = None,
) -> ReviewEvent:
    event = ReviewEvent(
        review_id=review.id,
        at=utcnow(),
        user_id=user.id if user else None,
        action=action,
        before=before,
        after=after,
        note=note,
    )
    session.add(event)
    review.updated_at = event.at
    session.flush()
    return event


def change_status(
    session: Session,
    *,
    notice_id: int,
    to: str,
    user: User,
    note: str | None = None,
    today: date | None = None,
) -> Review:
    """Move the review to `to` if the workflow allows it. Reaching comment_sent records the day
    the comment was sent (today unless given)."""
    check_permission(user.role, "status")
    review = review_for(session, notice_id)
    check_transition(review.status, to)
    before: dict[str, Any] = {"status": review.status}
    review.status = to
    after: dict[str, Any] = {"status": to}
    if to == "comment_sent":
        review.comment_sent_date = today or date.today()
        after["comment_sent_date"] = review.comment_sent_date.isoformat()
    _record(session, review, user, "status", before, after, _clean_note(note) or None)
    return review


def mark_comment_sent(
    session: Session, *, notice_id: int, user: User, sent_on: date | None = None
) -> Review:
    """Record that the comment letter went out (on `sent_on`, default today)."""
    check_permission(user.role, "letter")
    return change_status(session, notice_id=notice_id, to="comment_sent", user=user, today=sent_on)


def assign(session: Session, *, notice_id: int, assignee_id: int | None, user: User) -> Review:
    """Give the review to a staff member (None takes it back from whoever had it)."""
    check_permission(user.role, "assign")
    review = review_for(session, notice_id)
    assignee = None
    if assignee_id is not None:
        assignee = session.get(User, assignee_id)
        if assignee is None or not assignee.active:
            raise ReviewError(N_("no active user %(id)s"), id=assignee_id)
    if review.assignee_id == assignee_id:
        return review
    before = {"assignee_id": review.assignee_id, "assignee": _username(session, review.assignee_id)}
    review.assignee_id = assignee_id
    after = {"assignee_id": assignee_id, "assignee": assignee.username if assignee else None}
    _record(session, review, user, "assign", before, after)
    return review


def _username(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    found = session.get(User, user_id)
    return found.username if found else None


def set_impact(session: Session, *, notice_id: int, impact: str, reason: str, user: User) -> Review:
    check_permission(user.role, "impact")
    reason = check_impact(impact, reason)
    review = review_for(session, notice_id)
    before = {"impact": review.impact, "impact_reason": review.impact_reason}
    review.impact, review.impact_reason = impact, reason
    _record(session, review, user, "impact", before, {"impact": impact, "impact_reason": reason})
    return review


def _clean_note(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def add_note(session: Session, *, notice_id: int, text: str, user: User) -> ReviewEvent:
    """An expert's or reviewer's point; notes become the paragraphs of the comment letter."""
    check_permission(user.role, "note")
    body = _clean_note(text)
    if not body:
        raise ReviewError(N_("a note cannot be empty"))
    if len(body) > MAX_NOTE:
        raise ReviewError(N_("a note is at most %(max)s characters"), max=MAX_NOTE)
    review = review_for(session, notice_id)
    return _record(session, review, user, "note", {}, {}, body)


def notes(session: Session, notice_id: int) -> list[ReviewEvent]:
    review = find_review(session, notice_id)
    if review is None:
        return []
    query = select(ReviewEvent).where(
        ReviewEvent.review_id == review.id, ReviewEvent.action == "note"
    )
    return list(session.scalars(query.order_by(ReviewEvent.id)))


def history(session: Session, notice_id: int) -> list[ReviewEvent]:
    """Every change of the notice's review, newest first."""
    review = find_review(session, notice_id)
    if review is None:
        return []
    query = select(ReviewEvent).where(ReviewEvent.review_id == review.id)
    return list(session.scalars(query.order_by(ReviewEvent.id.desc())))


@dataclass(frozen=True)
class CategoryView:
    """The categories a notice is shown and filtered with: a reviewer's decision when there is
    one, else the machine's current classification."""

    machine: list[Classification]
    reviewer: list[Classification]

    @property
    def effective(self) -> list[Classification]:
        return self.reviewer or self.machine

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewer)


def categories_of(session: Session, notice_id: int) -> CategoryView:
    rows = session.scalars(
        select(Classification)
        .where(Classification.notice_id == notice_id, Classification.current.is_(True))
        .order_by(Classification.score.desc(), Classification.category)
    )
    machine: list[Classification] = []
    reviewer: list[Classification] = []
    for row in rows:
        (reviewer if row.accepted else machine).append(row)
    return CategoryView(machine=machine, reviewer=reviewer)


def correct_categories(
    session: Session,
    *,
    notice_id: int,
    categories: Iterable[str],
    user: User,
    known: Collection[str],
) -> list[str]:
    """Store the reviewer's categories as accepted labels (method `reviewer`), replacing an
    earlier reviewer decision. These rows are the training labels of `classify train`; the
    machine's rows are left as they are, so both stay visible."""
    check_permission(user.role, "categories")
    chosen = check_categories(categories, known)
    review = review_for(session, notice_id)
    view = categories_of(session, notice_id)
    before = sorted({c.category for c in view.effective})
    session.execute(
        update(Classification)
        .where(
            Classification.notice_id == notice_id,
            Classification.method == REVIEWER_METHOD,
            Classification.current.is_(True),
        )
        .values(current=False)
    )
    now = utcnow()
    for category in chosen:
        session.add(
            Classification(
                notice_id=notice_id,
                category=category,
                score=1.0,
                method=REVIEWER_METHOD,
                evidence={"decided_by": user.username},
                accepted=True,
                current=True,
                user_id=user.id,
                created_at=now,
            )
        )
    action = "accept_categories" if before == sorted(chosen) else "categories"
    _record(session, review, user, action, {"categories": before}, {"categories": chosen})
    return chosen


def accept_categories(
    session: Session, *, notice_id: int, user: User, known: Collection[str]
) -> list[str]:
    """Confirm the machine's categories as they are (stored as reviewer labels too)."""
    view = categories_of(session, notice_id)
    current = [c.category for c in view.effective]
    if not current:
        raise ReviewError(N_("the notice has no categories to accept; choose them instead"))
    return correct_categories(
        session, notice_id=notice_id, categories=current, user=user, known=known
    )
