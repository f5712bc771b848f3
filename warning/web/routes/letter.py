"""The comment letter: a preview, the DOCX download, and marking the comment as sent."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from warning.core import review as workflow
from warning.core.db import Notice
from warning.core.letter import LETTER_STATUSES, Letter, LetterInput, compose_letter, letter_docx
from warning.web.deps import NoticeId, RefreshCounts, SessionDep, StaffUser
from warning.web.errors import NO_SUCH_NOTICE
from warning.web.labels import N_
from warning.web.templating import render

router = APIRouter(include_in_schema=False)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _letter(session: Session, notice_id: int, role: str) -> tuple[Notice, Letter, str]:
    workflow.check_permission(role, "letter")
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise HTTPException(404, NO_SUCH_NOTICE)
    review = workflow.find_review(session, notice_id)
    status = review.status if review else "new"
    if status not in LETTER_STATUSES:
        raise workflow.ReviewError(
            N_("a comment letter is drafted once the review is in '%(status)s'"),
            "conflict",
            status=LETTER_STATUSES[0],
        )
    item = LetterInput(
        symbol=notice.symbol or notice.identity,
        title=notice.title,
        domain=notice.domain,
        member_code=notice.member_code,
        member_name=notice.member_name,
        distribution_date=notice.distribution_date,
        comment_deadline=notice.comment_deadline,
        points=[event.note or "" for event in workflow.notes(session, notice_id)],
    )
    return notice, compose_letter(item, today=date.today()), status


@router.get("/notices/{notice_id}/letter")
def preview(
    request: Request, session: SessionDep, user: StaffUser, notice_id: NoticeId
) -> Response:
    notice, letter, status = _letter(session, notice_id, user.role)
    review = workflow.find_review(session, notice_id)
    context = {"notice": notice, "letter": letter, "status": status, "review": review}
    return render(request, "letter.html", context)


@router.get("/notices/{notice_id}/letter.docx")
def download(session: SessionDep, user: StaffUser, notice_id: NoticeId) -> Response:
    _, letter, _ = _letter(session, notice_id, user.role)
    return Response(
        letter_docx(letter),
        media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{letter.filename}"'},
    )


@router.post("/notices/{notice_id}/letter/sent", dependencies=[RefreshCounts])
def mark_sent(
    session: SessionDep,
    user: StaffUser,
    notice_id: NoticeId,
    sent_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        day = date.fromisoformat(sent_on) if sent_on else date.today()
    except ValueError:
        raise workflow.ReviewError(
            N_("sent on: '%(value)s' is not a date as YYYY-MM-DD"), value=sent_on
        ) from None
    if day > date.today():
        raise workflow.ReviewError(
            N_("sent on: %(value)s is in the future; the comment cannot have been sent yet"),
            value=day.isoformat(),
        )
    workflow.mark_comment_sent(session, notice_id=notice_id, user=user, sent_on=day)
    session.commit()
    return RedirectResponse(f"/notices/{notice_id}#review", status_code=303)
