"""What addenda and corrigenda say about their measure's notification: a moved comment deadline,
a withdrawal. The store records these as changes of the regular notice but leaves its fields as
the notification gave them, so alerts read the follow-ups to show (and remind of) the deadline
that actually applies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core.db import Notice

FOLLOW_UPS = ("addendum", "corrigendum")


@dataclass(frozen=True, slots=True)
class MeasureState:
    deadline: date | None  # from the latest follow-up that changed the comment period
    deadline_from: str | None  # that follow-up's symbol
    withdrawn: bool


def _state(follow_ups: list[Notice]) -> MeasureState:
    moved = [
        n for n in follow_ups
        if n.comment_deadline is not None and "comment_period_changed" in n.addendum_reasons
    ]
    latest = max(moved, key=lambda n: (n.distribution_date or date.min, n.id), default=None)
    return MeasureState(
        deadline=latest.comment_deadline if latest else None,
        deadline_from=(latest.symbol or latest.identity) if latest else None,
        withdrawn=any(n.withdrawn for n in follow_ups),
    )


def measure_states(session: Session, notices: Iterable[Notice]) -> dict[int, MeasureState]:
    """For each notice that is not itself a follow-up and whose measure has follow-ups: what
    they changed. Notices without follow-ups are absent."""
    wanted = [n for n in notices if n.measure_id is not None and n.doc_type not in FOLLOW_UPS]
    measures = {n.measure_id for n in wanted}
    if not measures:
        return {}
    found: dict[int, list[Notice]] = {}
    for row in session.scalars(
        select(Notice).where(Notice.measure_id.in_(measures), Notice.doc_type.in_(FOLLOW_UPS))
    ):
        found.setdefault(row.measure_id, []).append(row)  # type: ignore[arg-type]
    return {n.id: _state(found[n.measure_id]) for n in wanted if n.measure_id in found}


def effective_deadline(notice: Notice, state: MeasureState | None) -> date | None:
    if state is not None and state.deadline is not None:
        return state.deadline
    return notice.comment_deadline


def is_withdrawn(notice: Notice, state: MeasureState | None) -> bool:
    return notice.withdrawn or (state is not None and state.withdrawn)


def regular_notices_of(session: Session, follow_ups: Iterable[Notice]) -> list[Notice]:
    """The notifications that follow-ups amend (same measure, not themselves follow-ups)."""
    measures = {n.measure_id for n in follow_ups if n.doc_type in FOLLOW_UPS and n.measure_id}
    if not measures:
        return []
    return list(session.scalars(
        select(Notice).where(Notice.measure_id.in_(measures), Notice.doc_type.not_in(FOLLOW_UPS))
    ))
