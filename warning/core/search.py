"""The review queue and the public search: one filter, one query, fast at 100,000 notices.

The query selects the ids of one page through the notice indexes (a deferred join, so a deep
offset walks only index entries), then loads those rows, their reviews and categories.
Full text uses SQLite FTS5 or PostgreSQL's `to_tsvector` (see `fulltext.py`).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from warning.core.db import Classification, Notice, NoticeSymbol, Review, User
from warning.core.fulltext import has_fulltext, match_clause
from warning.core.members import member_of
from warning.core.review import IMPACT_RANK, OPEN_STATUSES, STATUSES
from warning.core.symbols import normalise_symbol

SORTS = ("urgency", "deadline", "newest", "impact")
DEADLINE_WINDOWS = ("open", "7", "30", "passed", "none")
MAX_PER_PAGE = 200
HS_PREFIX = re.compile(r"^\d{2,10}$")


class FilterError(ValueError):
    """A filter value that cannot be used; the message names the parameter."""


@dataclass(frozen=True)
class QueueFilter:
    """What the queue, the search page, the API, the feeds and the CSV export filter by."""

    q: str | None = None
    domain: str | None = None
    member: str | None = None
    category: str | None = None
    hs: str | None = None
    status: str | None = None  # a status, or "open" for every status still being worked on
    deadline: str | None = None  # one of DEADLINE_WINDOWS
    deadline_from: date | None = None
    deadline_to: date | None = None
    source: str | None = None
    flagged: bool | None = None
    assignee_id: int | None = None
    sort: str = "urgency"

    def checked(self) -> QueueFilter:
        """The same filter with values normalised; FilterError names a value it cannot use."""
        hs = re.sub(r"[.\s]", "", self.hs or "") or None
        if hs and not HS_PREFIX.match(hs):
            raise FilterError("hs: an HS code prefix of 2 to 10 digits")
        if self.status and self.status != "open" and self.status not in STATUSES:
            raise FilterError(f"status: one of open, {', '.join(STATUSES)}")
        if self.deadline and self.deadline not in DEADLINE_WINDOWS:
            raise FilterError(f"deadline: one of {', '.join(DEADLINE_WINDOWS)}")
        if self.sort not in SORTS:
            raise FilterError(f"sort: one of {', '.join(SORTS)}")
        member = self.member.strip() if self.member else None
        if member:
            found = member_of(member)
            member = found.code if found else member.upper()
        return replace(
            self,
            q=(self.q or "").strip()[:200] or None,
            hs=hs,
            member=member,
            category=(self.category or "").strip().upper() or None,
            domain=self.domain or None,
            source=self.source or None,
        )


@dataclass(frozen=True)
class CategoryScore:
    category: str
    score: float
    method: str
    reviewed: bool


@dataclass
class NoticeRow:
    """One line of the queue or the search results."""

    id: int
    identity: str
    symbol: str | None
    title: str
    domain: str
    doc_type: str
    member_code: str | None
    member_name: str | None
    source_id: str
    distribution_date: date | None
    comment_deadline: date | None
    urgency: float | None
    flagged: bool
    status: str = "new"
    impact: str | None = None
    assignee: str | None = None
    categories: list[CategoryScore] = field(default_factory=list)

    def content_key(self) -> tuple[Any, ...]:
        """Every value the row holds, hashable: equal keys, equal rows."""
        return (
            self.id, self.identity, self.symbol, self.title, self.domain, self.doc_type,
            self.member_code, self.member_name, self.source_id, self.distribution_date,
            self.comment_deadline, self.urgency, self.flagged, self.status, self.impact,
            self.assignee, tuple(self.categories),
        )  # fmt: skip

    @property
    def score(self) -> float | None:
        machine = [c.score for c in self.categories if not c.reviewed]
        return max(machine) if machine else None


@dataclass
class SearchPage:
    rows: list[NoticeRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _status_clause(status: str, for_count: bool) -> ColumnElement[bool]:
    """Notices without a review row count as `new`. A page walks the notices in order and
    checks each one's review (a few dozen lookups); a count checks every match, so it is
    written as (NOT) IN over the reviews in those statuses, which SQLite builds once."""
    if not for_count:
        return _status_exists(status)
    if status == "open":
        closed = select(Review.notice_id).where(Review.status.not_in(OPEN_STATUSES))
        return Notice.id.not_in(closed)
    if status == "new":
        moved = select(Review.notice_id).where(Review.status != "new")
        return Notice.id.not_in(moved)
    return Notice.id.in_(select(Review.notice_id).where(Review.status == status))


def _status_exists(status: str) -> ColumnElement[bool]:
    if status == "open":
        closed = select(Review.id).where(
            Review.notice_id == Notice.id, Review.status.not_in(OPEN_STATUSES)
        )
        return ~exists(closed)
    if status == "new":
        moved = select(Review.id).where(Review.notice_id == Notice.id, Review.status != "new")
        return ~exists(moved)
    return exists(select(Review.id).where(Review.notice_id == Notice.id, Review.status == status))


def category_clause(category: str, for_count: bool = False) -> ColumnElement[bool]:
    """The notice has `category` among its effective categories: a reviewer's accepted ones
    when there are any, else the machine's current ones. For a page, a correlated EXISTS, so
    that a page sorted by urgency walks the notices in order and stops after one page; for a
    count, an IN over the category's rows (its index), which SQLite builds once."""
    row = aliased(Classification)
    accepted = aliased(Classification)
    reviewed = exists(
        select(accepted.id).where(
            accepted.notice_id == row.notice_id,
            accepted.current == True,  # noqa: E712 - "= 1" lets SQLite use the index
            accepted.accepted == True,  # noqa: E712
        )
    )
    effective = and_(
        row.current == True,  # noqa: E712
        row.category == category,
        or_(row.accepted == True, ~reviewed),  # noqa: E712
    )
    if for_count:
        return Notice.id.in_(select(row.notice_id).where(effective))
    return exists(select(row.id).where(row.notice_id == Notice.id, effective))


def _hs_clause(prefix: str) -> ColumnElement[bool]:
    """A code in the notice's JSON list starts with `prefix` (digits only, checked): each code
    is written as `"8507…"` in the list's text, so a LIKE on the text finds it without
    expanding every row's JSON (several times faster on a full scan)."""
    return cast(Notice.hs_codes, String).like(f'%"{prefix}%')


def _deadline_clauses(flt: QueueFilter, today: date) -> list[ColumnElement[bool]]:
    deadline = Notice.comment_deadline
    windows: dict[str, list[ColumnElement[bool]]] = {
        "open": [deadline >= today],
        "7": [deadline >= today, deadline <= today + timedelta(days=7)],
        "30": [deadline >= today, deadline <= today + timedelta(days=30)],
        "passed": [deadline < today],
        "none": [deadline.is_(None)],
    }
    window = list(windows.get(flt.deadline or "", []))
    if flt.deadline_from:
        window.append(deadline >= flt.deadline_from)
    if flt.deadline_to:
        window.append(deadline <= flt.deadline_to)
    return window


def _symbol_clause(text: str) -> ColumnElement[bool] | None:
    wanted = normalise_symbol(text)
    if not wanted:
        return None
    aliases = select(NoticeSymbol.notice_id).where(
        or_(NoticeSymbol.symbol == wanted, NoticeSymbol.base == wanted)
    )
    return or_(Notice.identity == wanted, Notice.id.in_(aliases))


def where_clauses(session: Session, flt: QueueFilter, today: date) -> list[ColumnElement[bool]]:
    dialect = session.get_bind().dialect.name
    indexed = dialect != "sqlite" or not flt.q or has_fulltext(session)
    return _where(flt, today, dialect, indexed, for_count=False)


def _where(
    flt: QueueFilter, today: date, dialect: str, indexed: bool, *, for_count: bool
) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if flt.flagged is not None:
        # "= 1", not "IS 1": only an equality lets SQLite walk the (flagged, urgency) index.
        clauses.append(Notice.flagged == flt.flagged)
    if flt.domain:
        clauses.append(Notice.domain == flt.domain)
    if flt.member:
        clauses.append(Notice.member_code == flt.member)
    if flt.source:
        clauses.append(Notice.source_id == flt.source)
    if flt.category:
        clauses.append(category_clause(flt.category, for_count))
    if flt.hs:
        clauses.append(_hs_clause(flt.hs))
    if flt.status:
        clauses.append(_status_clause(flt.status, for_count))
    if flt.assignee_id is not None:
        mine = select(Review.id).where(
            Review.notice_id == Notice.id, Review.assignee_id == flt.assignee_id
        )
        clauses.append(exists(mine))
    clauses.extend(_deadline_clauses(flt, today))
    if flt.q:
        symbol = _symbol_clause(flt.q)
        text_match = match_clause(flt.q, dialect, indexed)
        clauses.append(or_(symbol, text_match) if symbol is not None else text_match)
    return clauses


def _impact_rank() -> Any:
    # Its own alias: the page query also joins `review`, which must not be correlated.
    review = aliased(Review)
    impact = (
        select(review.impact)
        .where(review.notice_id == Notice.id)
        .correlate(Notice)
        .scalar_subquery()
    )
    ranks = {k: v for k, v in IMPACT_RANK.items()}
    return case(ranks, value=impact, else_=len(ranks))


def _order(sort: str, dialect: str) -> list[Any]:
    # SQLite already puts NULLs last in a descending order; saying so explicitly would stop it
    # from walking the (flagged, urgency) index in order.
    pg = dialect == "postgresql"
    urgency = Notice.urgency.desc().nulls_last() if pg else Notice.urgency.desc()
    newest = Notice.distribution_date.desc()
    if sort == "deadline":
        return [Notice.comment_deadline.asc().nulls_last(), urgency, Notice.id.desc()]
    if sort == "newest":
        return [newest.nulls_last() if pg else newest, Notice.id.desc()]
    if sort == "impact":
        return [_impact_rank(), urgency, Notice.id.desc()]
    return [urgency, Notice.id.desc()]


_ROW_COLUMNS = (
    Notice.id,
    Notice.identity,
    Notice.symbol,
    Notice.title,
    Notice.domain,
    Notice.doc_type,
    Notice.member_code,
    Notice.member_name,
    Notice.source_id,
    Notice.distribution_date,
    Notice.comment_deadline,
    Notice.urgency,
    Notice.flagged,
)


@dataclass(frozen=True)
class _Statements:
    ids: Select[Any]  # the matching ids in the filter's order, no limit
    count: Select[Any]
    page: Select[*tuple[Any, ...]]  # a page of row columns; parameters `limit` and `offset`
    categories: Select[int, str, float, str, bool]  # the classifications of notices `ids`


@lru_cache(maxsize=512)
def _statements(flt: QueueFilter, today: date, dialect: str, indexed: bool) -> _Statements:
    """The statements for a filter. Building an expression costs milliseconds in Python, so
    the same filter on the same day reuses them (and SQLAlchemy's compiled forms): a page then
    costs two executions with nothing but `limit` and `offset` bound."""
    page_where = _where(flt, today, dialect, indexed, for_count=False)
    count_where = _where(flt, today, dialect, indexed, for_count=True)
    order = _order(flt.sort, dialect)
    ids = select(Notice.id).where(and_(true(), *page_where)).order_by(*order)
    # A deferred join: the page's ids are found by walking the indexes alone, then only those
    # rows are read; the outer query sorts the page's few rows again in the same order.
    chosen = ids.limit(bindparam("limit")).offset(bindparam("offset")).subquery("page")
    page = _rows_query().join(chosen, chosen.c.id == Notice.id).order_by(*order)
    # By the page's ids rather than by the page query again: a costly filter runs once.
    categories = _categories_query().where(
        Classification.notice_id.in_(bindparam("ids", expanding=True))
    )
    count = select(func.count(Notice.id)).where(and_(true(), *count_where))
    return _Statements(ids, count, page, categories)


def _statements_for(session: Session, flt: QueueFilter, today: date) -> _Statements:
    dialect = session.get_bind().dialect.name
    indexed = dialect != "sqlite" or not flt.q or has_fulltext(session)
    return _statements(flt, today, dialect, indexed)


def filtered_ids(session: Session, flt: QueueFilter, today: date) -> Select[Any]:
    """The ids of the matching notices, in the filter's order (no limit)."""
    return _statements_for(session, flt, today).ids


def count_notices(session: Session, flt: QueueFilter, today: date) -> int:
    return int(session.scalar(_statements_for(session, flt, today).count) or 0)


class CountCache:
    """Totals of recent filters, kept for `ttl` seconds. The rows of a page are always read
    fresh; only the total ("1,234 notices") may lag behind by up to `ttl`, because counting
    every match of a broad filter walks tens of thousands of index entries, which a page view
    under load cannot afford each time. `clear()` after a change made through the web."""

    def __init__(self, ttl: float = 30.0, size: int = 512) -> None:
        self.ttl, self.size = ttl, size
        self._items: dict[tuple[Any, ...], tuple[float, int]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], int]) -> int:
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is not None and now - found[0] < self.ttl:
                return found[1]
        value = compute()
        with self._lock:
            if len(self._items) >= self.size:
                self._items.pop(next(iter(self._items)))
            self._items[key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def search_notices(
    session: Session,
    flt: QueueFilter,
    *,
    page: int = 1,
    per_page: int = 50,
    today: date | None = None,
    counts: CountCache | None = None,
) -> SearchPage:
    """One page of matching notices with their review state and effective categories."""
    today = today or date.today()
    flt = flt.checked()
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    statements = _statements_for(session, flt, today)
    # Core executions of the cached statements: the ORM adds nothing to plain column rows but
    # its bookkeeping, which cost more than the queries themselves.
    connection = session.connection()
    bounds = {"limit": per_page, "offset": (page - 1) * per_page}
    rows = [_row(found) for found in connection.execute(statements.page, bounds).all()]
    if rows:
        ids = {"ids": [row.id for row in rows]}
        _attach_categories(rows, connection.execute(statements.categories, ids).all())
    if counts is None:
        total = count_notices(session, flt, today)
    else:
        key = (str(session.get_bind().engine.url), replace(flt, sort="urgency"), today)
        total = counts.get(key, lambda: count_notices(session, flt, today))
    return SearchPage(rows, total, page, per_page)


def _rows_query() -> Select[*tuple[Any, ...]]:
    """NoticeRow's columns: the notice's, its review's and the assignee's name."""
    return (
        select(*_ROW_COLUMNS, Review.status, Review.impact, User.username)
        .select_from(Notice)
        .outerjoin(Review, Review.notice_id == Notice.id)
        .outerjoin(User, User.id == Review.assignee_id)
    )


def _row(found: Any) -> NoticeRow:
    *columns, status, impact, assignee = found
    row = NoticeRow(*columns)
    row.status, row.impact, row.assignee = status or "new", impact, assignee
    return row


def _categories_query() -> Select[int, str, float, str, bool]:
    return select(
        Classification.notice_id,
        Classification.category,
        Classification.score,
        Classification.method,
        Classification.accepted,
    ).where(Classification.current == True)  # noqa: E712 - "= 1" lets SQLite use the index


def _attach_categories(rows: list[NoticeRow], found: Iterable[Any]) -> None:
    by_id = {row.id: row for row in rows}
    for notice_id, categories in _effective(found).items():
        if notice_id in by_id:
            by_id[notice_id].categories = categories


def load_rows(session: Session, ids: list[int]) -> list[NoticeRow]:
    """NoticeRows for `ids`, in that order (two queries: notices with their review and
    assignee, then their categories)."""
    if not ids:
        return []
    query = _rows_query().where(Notice.id.in_(ids))
    rows = {row.id: row for row in map(_row, session.execute(query))}
    ordered = [rows[i] for i in ids if i in rows]
    _attach_categories(
        ordered, session.execute(_categories_query().where(Classification.notice_id.in_(ids)))
    )
    return ordered


def effective_categories(session: Session, ids: list[int]) -> dict[int, list[CategoryScore]]:
    """Per notice, its reviewer-accepted categories if any, else its current machine ones,
    best score first."""
    return _effective(session.execute(_categories_query().where(Classification.notice_id.in_(ids))))


def _effective(found: Iterable[Any]) -> dict[int, list[CategoryScore]]:
    # Per notice and kind (reviewer-accepted or machine), each category's best row: a category
    # can come from several methods (codes, text, fusion), and the page shows its best score.
    best: dict[tuple[int, bool], dict[str, tuple[float, str]]] = {}
    for notice_id, category, score, method, accepted in found:
        chosen = best.setdefault((notice_id, bool(accepted)), {})
        if category not in chosen or score > chosen[category][0]:
            chosen[category] = (float(score), method)
    result = {}
    for (notice_id, accepted), chosen in best.items():
        if not accepted and (notice_id, True) in best:
            continue  # a reviewer's categories replace the machine's
        result[notice_id] = [
            CategoryScore(category, score, method, accepted)
            for category, (score, method) in sorted(chosen.items(), key=lambda i: (-i[1][0], i[0]))
        ]
    return result
