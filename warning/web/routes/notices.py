"""Public pages: the notice search and the notice page (with the review panel for staff)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from starlette.responses import Response

from warning.core.db import Notice
from warning.core.search import search_notices
from warning.web.choices import filter_choices
from warning.web.deps import NoticeId, OptionalUser, SessionDep
from warning.web.errors import NO_SUCH_NOTICE, is_htmx
from warning.web.filters import FilterParams, filter_params, to_filter
from warning.web.notice_view import notice_page
from warning.web.templating import render

router = APIRouter(include_in_schema=False)
Page = Annotated[int, Query(ge=1, le=100_000)]


@router.get("/notices")
def search_page(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    params: Annotated[FilterParams, Depends(filter_params)],
    page: Page = 1,
) -> Response:
    flt = to_filter(params, staff_user_id=user.id if user else None, default_sort="newest")
    results = search_notices(
        session,
        flt,
        page=page,
        per_page=50,
        today=date.today(),
        counts=request.app.state.counts,
    )
    context = {
        "results": results,
        "flt": flt,
        "params": params.as_query(staff=user is not None),
        "choices": filter_choices(request, session),
        "base_path": "/notices",
        "queue": False,
    }
    if is_htmx(request) and request.headers.get("hx-target") == "results":
        return render(request, "fragments/results.html", context)
    return render(request, "search.html", context)


@router.get("/notices/{notice_id}")
def notice_detail(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    notice_id: NoticeId,
    saved: Annotated[str, Query(max_length=16)] = "",
) -> Response:
    """`saved` names the review change a plain form post just made (the panel confirms it)."""
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise HTTPException(404, NO_SUCH_NOTICE)
    page = notice_page(session, notice, staff=user is not None, saved=saved)
    return render(request, "notice.html", {"page": page, "notice": notice})
