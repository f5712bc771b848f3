"""The review panel's actions. Each posts a form (CSRF-checked by the middleware), calls the
workflow in `warning.core.review`, commits, and answers htmx with the refreshed notice body or
a browser with a 303 back to the notice; either way the panel then confirms what was saved
(its key in `notice_view.SAVED`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from warning.core import review as workflow
from warning.core.db import Notice, User
from warning.core.review import ReviewError
from warning.web.deps import NoticeId, RefreshCounts, SessionDep, StaffUser, TaxonomyDep
from warning.web.errors import NO_SUCH_NOTICE, REVIEW_STATUS, is_htmx
from warning.web.explain import gettext_for, said
from warning.web.notice_view import notice_page
from warning.web.templating import render

router = APIRouter(
    prefix="/notices/{notice_id}/review", include_in_schema=False, dependencies=[RefreshCounts]
)
Note = Annotated[str, Form(max_length=workflow.MAX_NOTE)]


def _apply(
    request: Request,
    session: Session,
    user: User,
    notice_id: int,
    saved: str,
    change: Callable[[], Any],
) -> Response:
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise HTTPException(404, NO_SUCH_NOTICE)
    try:
        change()
    except ReviewError as exc:
        session.rollback()
        if not is_htmx(request):
            raise
        error = said(exc, gettext_for(request))
        return _body(request, session, notice, error, REVIEW_STATUS.get(exc.kind, 422))
    session.commit()
    if is_htmx(request):
        return _body(request, session, notice, None, 200, saved)
    return RedirectResponse(f"/notices/{notice_id}?saved={saved}#review", status_code=303)


def _body(
    request: Request,
    session: Session,
    notice: Notice,
    error: str | None,
    status: int,
    saved: str = "",
) -> Response:
    session.refresh(notice)
    page = notice_page(session, notice, staff=True, saved=saved)
    context = {"page": page, "notice": notice, "error": error}
    return render(request, "fragments/notice_body.html", context, status_code=status)


@router.post("/status")
def change_status(
    request: Request,
    session: SessionDep,
    user: StaffUser,
    notice_id: NoticeId,
    status: Annotated[str, Form(max_length=24)],
    note: Note = "",
) -> Response:
    return _apply(
        request,
        session,
        user,
        notice_id,
        "status",
        lambda: workflow.change_status(
            session, notice_id=notice_id, to=status, user=user, note=note
        ),
    )


@router.post("/assign")
def assign(
    request: Request,
    session: SessionDep,
    user: StaffUser,
    notice_id: NoticeId,
    assignee: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    assignee_id = int(assignee) if assignee.isdigit() else None
    return _apply(
        request,
        session,
        user,
        notice_id,
        "assign",
        lambda: workflow.assign(session, notice_id=notice_id, assignee_id=assignee_id, user=user),
    )


@router.post("/impact")
def impact(
    request: Request,
    session: SessionDep,
    user: StaffUser,
    notice_id: NoticeId,
    impact: Annotated[str, Form(max_length=8)],
    reason: Note = "",
) -> Response:
    return _apply(
        request,
        session,
        user,
        notice_id,
        "impact",
        lambda: workflow.set_impact(
            session, notice_id=notice_id, impact=impact, reason=reason, user=user
        ),
    )


@router.post("/note")
def note(
    request: Request, session: SessionDep, user: StaffUser, notice_id: NoticeId, text: Note = ""
) -> Response:
    return _apply(
        request,
        session,
        user,
        notice_id,
        "note",
        lambda: workflow.add_note(session, notice_id=notice_id, text=text, user=user),
    )


@router.post("/categories")
def categories(
    request: Request,
    session: SessionDep,
    user: StaffUser,
    taxonomy: TaxonomyDep,
    notice_id: NoticeId,
    category: Annotated[list[str] | None, Form()] = None,
    accept: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    def change() -> Any:
        if accept == "1":
            return workflow.accept_categories(
                session, notice_id=notice_id, user=user, known=taxonomy.ids
            )
        return workflow.correct_categories(
            session, notice_id=notice_id, categories=category or [], user=user, known=taxonomy.ids
        )

    saved = "accept" if accept == "1" else "categories"
    return _apply(request, session, user, notice_id, saved, change)
