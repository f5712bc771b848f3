"""The reviewers' queue: flagged notices still being worked on, most urgent first."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from warning.core.search import search_notices
from warning.web.choices import filter_choices
from warning.web.deps import SessionDep, StaffUser
from warning.web.errors import is_htmx
from warning.web.filters import FilterParams, filter_params, to_filter
from warning.web.templating import render

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


# `async def` on purpose: the handler runs on the event loop instead of hopping to the thread
# pool and back (with its dependencies, several hops per request). Its queries are short index
# walks (totals cached), and one process's Python work is serialised by the GIL anyway; this
# raised throughput by about a third under 20 concurrent clients (docs/web.md).
@router.get("/review")
async def queue_page(
    request: Request,
    session: SessionDep,
    user: StaffUser,
    params: Annotated[FilterParams, Depends(filter_params)],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    flt = to_filter(
        params,
        staff_user_id=user.id,
        default_sort="urgency",
        flagged=True,
        default_status="open",
    )
    results = search_notices(
        session,
        flt,
        page=page,
        per_page=PER_PAGE,
        today=date.today(),
        counts=request.app.state.counts,
    )
    query = params.as_query(staff=True)
    context = {
        "results": results,
        "flt": flt,
        "params": query,
        "choices": filter_choices(request, session),
        "base_path": "/review",
        "queue": True,
    }
    if is_htmx(request) and request.headers.get("hx-target") == "results":
        return render(request, "fragments/results.html", context)
    return render(request, "search.html", context)
