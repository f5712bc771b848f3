"""Reading notices for alerts: effective categories (reviewer first) and the matcher's facts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from alerts.match import NoticeFacts, effective_categories
from warning.core.db import Classification, Notice


def _chunks(values: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def categories_for(session: Session, notice_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Each notice's categories: the reviewer's accepted ones if any, else the machine's."""
    rows: dict[int, list[tuple[str, bool, bool]]] = defaultdict(list)
    for chunk in _chunks(list(notice_ids)):
        query = select(
            Classification.notice_id, Classification.category, Classification.accepted,
            Classification.current,
        ).where(
            Classification.notice_id.in_(chunk),
            or_(Classification.current.is_(True), Classification.accepted.is_(True)),
        ).order_by(Classification.notice_id, Classification.score.desc(), Classification.id)
        for notice_id, category, accepted, current in session.execute(query):
            rows[notice_id].append((category, accepted, current))
    return {notice_id: effective_categories(found) for notice_id, found in rows.items()}


def notice_text(notice: Notice) -> str:
    """What keywords are searched in: title, description, products and the source's keywords."""
    parts = [notice.title, notice.description or "", notice.products or "", *notice.keywords]
    return "\n".join(part for part in parts if part)


def facts(notice: Notice, categories: tuple[str, ...]) -> NoticeFacts:
    return NoticeFacts(
        id=notice.id,
        domain=notice.domain,
        member_code=notice.member_code,
        categories=categories,
        hs_codes=tuple(notice.hs_codes),
        text=notice_text(notice),
    )


def load_notices(session: Session, notice_ids: Sequence[int]) -> dict[int, Notice]:
    found: dict[int, Notice] = {}
    for chunk in _chunks(list(notice_ids)):
        found.update({n.id: n for n in session.scalars(select(Notice).where(Notice.id.in_(chunk)))})
    return found


def facts_for(session: Session, notice_ids: Sequence[int]) -> list[NoticeFacts]:
    notices = load_notices(session, notice_ids)
    categories = categories_for(session, list(notices))
    return [facts(n, categories.get(n.id, ())) for n in notices.values()]


def days_left(deadline: date | None, today: date) -> int | None:
    return None if deadline is None else (deadline - today).days


def urgency_key(notice: Notice, today: date) -> tuple[int, int, int]:
    """Most urgent first: open comment periods by days left, then the rest, newest first."""
    left = days_left(notice.comment_deadline, today)
    if left is not None and left >= 0:
        return (0, left, -notice.id)
    return (1, 0, -notice.id)
