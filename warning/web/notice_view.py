"""What a notice page shows: the notice, its categories with evidence, its timeline, and for
staff the review panel (state, allowed moves, people, history)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core import review as workflow
from warning.core.db import Classification, Notice, Review, ReviewEvent, User
from warning.core.review import CategoryView, allowed_targets, categories_of
from warning.core.timeline import Timeline, measure_timeline
from warning.web.highlight import evidence_terms
from warning.web.labels import N_

# What the panel says after a change was saved, by the action's key (the review route's
# `saved`): a reviewer sees that the change took, also after a plain form post's redirect.
SAVED = {
    "status": N_("Moved to %(status)s"),
    "assign": N_("Assignment saved"),
    "impact": N_("Impact saved"),
    "categories": N_("Category correction saved"),
    "accept": N_("Categories accepted as classified"),
    "note": N_("Point added"),
}


@dataclass
class EvidenceLine:
    category: str
    score: float
    method: str
    model_version: str | None
    codes: list[str]
    words: list[str]
    needs_review: bool
    accepted: bool
    by: str | None = None


@dataclass
class ReviewPanel:
    status: str
    impact: str | None
    impact_reason: str | None
    assignee_id: int | None
    comment_sent_date: Any
    targets: tuple[str, ...]
    staff: list[User]
    history: list[tuple[ReviewEvent, str | None]]
    notes: list[tuple[ReviewEvent, str | None]]
    saved: str | None = None  # the confirmation of the change just saved (SAVED), untranslated


@dataclass
class NoticePage:
    notice: Notice
    categories: CategoryView
    evidence: list[EvidenceLine]
    terms: list[str]
    timeline: Timeline
    panel: ReviewPanel | None = None
    chosen: list[str] = field(default_factory=list)


def _usernames(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(ids)))
    return {uid: name for uid, name in rows}


def evidence_lines(session: Session, rows: list[Classification]) -> list[EvidenceLine]:
    names = _usernames(session, {r.user_id for r in rows if r.user_id})
    lines = []
    for row in rows:
        codes, words = evidence_terms(row.evidence)
        lines.append(
            EvidenceLine(
                category=row.category,
                score=row.score,
                method=row.method,
                model_version=row.model_version,
                codes=codes,
                words=words,
                needs_review=row.needs_review,
                accepted=row.accepted,
                by=names.get(row.user_id) if row.user_id else None,
            )
        )
    return lines


def review_panel(session: Session, notice_id: int, saved: str = "") -> ReviewPanel:
    found = workflow.find_review(session, notice_id)
    events = workflow.history(session, notice_id)
    notes = [e for e in reversed(events) if e.action == "note"]
    names = _usernames(session, {e.user_id for e in events if e.user_id})
    staff = list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.username)))
    review = found or Review(notice_id=notice_id, status="new")
    return ReviewPanel(
        status=review.status,
        impact=review.impact,
        impact_reason=review.impact_reason,
        assignee_id=review.assignee_id,
        comment_sent_date=review.comment_sent_date,
        targets=allowed_targets(review.status),
        staff=staff,
        history=[(e, names.get(e.user_id) if e.user_id else None) for e in events],
        notes=[(e, names.get(e.user_id) if e.user_id else None) for e in notes],
        saved=SAVED.get(saved),
    )


def notice_page(session: Session, notice: Notice, *, staff: bool, saved: str = "") -> NoticePage:
    """`saved`: the key (in SAVED) of the review change just saved, for the panel to confirm."""
    view = categories_of(session, notice.id)
    evidence = evidence_lines(session, view.machine + view.reviewer)
    terms: list[str] = []
    for line in evidence:
        for term in line.codes + line.words:
            if term not in terms:
                terms.append(term)
    return NoticePage(
        notice=notice,
        categories=view,
        evidence=evidence,
        terms=terms,
        timeline=measure_timeline(session, notice),
        panel=review_panel(session, notice.id, saved) if staff else None,
        chosen=sorted({c.category for c in view.effective}),
    )
