"""Atom feed, iCalendar of comment deadlines and CSV export, each for any of the queue's
filters (the same query parameters as /notices)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from warning.core.db import Notice
from warning.core.db.runtime import Database
from warning.core.search import QueueFilter, effective_categories, filtered_ids
from warning.web.deps import OptionalUser, SessionDep
from warning.web.exports import FeedNotice, atom_feed, csv_lines, ics_calendar
from warning.web.filters import FilterParams, filter_params, to_filter

router = APIRouter(tags=["feeds"])
ATOM_ENTRIES = 100
ICS_EVENTS = 2000
ICS_PAST_DAYS = 30  # keep recently closed deadlines so a calendar does not lose them at once
CSV_CHUNK = 500
Params = Annotated[FilterParams, Depends(filter_params)]


def feed_notices(session: Session, ids: list[int]) -> list[FeedNotice]:
    """FeedNotices for `ids`, in that order."""
    if not ids:
        return []
    categories = effective_categories(session, ids)
    notices = {n.id: n for n in session.scalars(select(Notice).where(Notice.id.in_(ids)))}
    return [
        FeedNotice(
            id=n.id,
            identity=n.identity,
            symbol=n.symbol,
            title=n.title,
            description=n.description,
            domain=n.domain,
            member_code=n.member_code,
            member_name=n.member_name,
            distribution_date=n.distribution_date,
            comment_deadline=n.comment_deadline,
            categories=[c.category for c in categories.get(n.id, [])],
            hs_codes=list(n.hs_codes or []),
            source_id=n.source_id,
            source_url=n.url,
            updated=n.last_changed_at,
        )
        for i in ids
        if (n := notices.get(i)) is not None
    ]


def _filter(params: FilterParams, user_id: int | None, sort: str) -> QueueFilter:
    chosen = params if params.sort else replace(params, sort=sort)
    return to_filter(chosen, staff_user_id=user_id, default_sort=sort)


def _base(request: Request) -> str:
    return str(request.app.state.settings.base_url).rstrip("/")


@router.get(
    "/feeds/notices.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def atom(request: Request, session: SessionDep, user: OptionalUser, params: Params) -> Response:
    """The newest notices matching the filters, as an Atom feed."""
    flt = _filter(params, user.id if user else None, "newest")
    ids = list(session.scalars(filtered_ids(session, flt, date.today()).limit(ATOM_ENTRIES)))
    notices = feed_notices(session, ids)
    updated = max((n.updated for n in notices), default=datetime.now(UTC))
    base = _base(request)
    query = request.url.query
    body = atom_feed(
        notices,
        title="tbtwatch notices" + (f" ({query})" if query else ""),
        feed_url=f"{base}{request.url.path}" + (f"?{query}" if query else ""),
        site_url=base,
        updated=updated,
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get(
    "/feeds/deadlines.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def deadlines(
    request: Request, session: SessionDep, user: OptionalUser, params: Params
) -> Response:
    """Comment deadlines of the matching notices (from 30 days ago on) as an iCalendar file."""
    today = date.today()
    flt = _filter(params, user.id if user else None, "deadline")
    since = Notice.comment_deadline >= today - timedelta(days=ICS_PAST_DAYS)
    query = filtered_ids(session, flt, today).where(since).limit(ICS_EVENTS)
    notices = feed_notices(session, list(session.scalars(query)))
    base = _base(request)
    body = ics_calendar(
        notices,
        name="tbtwatch comment deadlines",
        site_url=base,
        host=urlsplit(base).hostname or "tbtwatch",
        now=datetime.now(UTC),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="deadlines.ics"'},
    )


def _csv_stream(database: Database, flt: QueueFilter, base: str) -> Iterator[str]:
    # Its own session: the response is streamed after the request's session has closed.
    with database.sessions() as session:
        ids = list(session.scalars(filtered_ids(session, flt, date.today())))
        chunks = (ids[i : i + CSV_CHUNK] for i in range(0, len(ids), CSV_CHUNK))
        notices = (n for chunk in chunks for n in feed_notices(session, chunk))
        yield from csv_lines(notices, site_url=base)


@router.get(
    "/notices.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_csv(request: Request, user: OptionalUser, params: Params) -> StreamingResponse:
    """Every matching notice as CSV (UTF-8 with a byte-order mark, for Excel)."""
    flt = _filter(params, user.id if user else None, "newest")
    stamp = date.today().isoformat()
    return StreamingResponse(
        _csv_stream(request.app.state.db, flt, _base(request)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="tbtwatch-notices-{stamp}.csv"'},
    )
