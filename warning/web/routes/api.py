"""The JSON API (described at /openapi.json): notices with the queue's filters, one notice with
its classification and timeline, categories, HS codes; review writes need a staff token."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic_core import to_json
from sqlalchemy.orm import Session

from warning.core import review as workflow
from warning.core.db import Notice, User
from warning.core.review import categories_of
from warning.core.search import NoticeRow, load_rows, search_notices
from warning.core.timeline import measure_timeline
from warning.core.users import find_user, user_for_token
from warning.web.deps import (
    LoginRequired,
    NoticeId,
    RefreshCounts,
    SessionDep,
    TaxonomyDep,
    TokenUser,
)
from warning.web.filters import FilterParams, filter_params, to_filter
from warning.web.hs import search_hs
from warning.web.schemas import (
    AssignIn,
    CategoriesIn,
    CategoryOut,
    ClassificationOut,
    HsCodeOut,
    ImpactIn,
    NoteIn,
    NoticeDetail,
    NoticeList,
    NoticeSummary,
    ReviewOut,
    StatusIn,
    TimelineOut,
)
from warning.web.templating import query_string

router = APIRouter(prefix="/api", tags=["api"])
SUMMARY_FIELDS = tuple(
    name for name in NoticeSummary.model_fields if name not in ("url", "categories")
)
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "A staff API token is required"},
    403: {"description": "The token's role may not do this"},
    404: {"description": "No such notice"},
    409: {"description": "Not allowed from the review's current status"},
}


async def optional_token_user(request: Request, session: SessionDep) -> User | None:
    """Reading is public; a valid Bearer token adds the staff filters (status, mine)."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    user = user_for_token(session, token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise LoginRequired()
    return user


def _page_url(request: Request) -> str:
    """Notice pages' address without the id."""
    return f"{request.app.state.settings.base_url.rstrip('/')}/notices/"


def _summary(row: NoticeRow, page_url: str) -> dict[str, Any]:
    """A NoticeSummary's fields as plain values; `page_url` ends where the id goes."""
    fields = {name: getattr(row, name) for name in SUMMARY_FIELDS}
    fields["url"] = f"{page_url}{row.id}"
    fields["categories"] = [vars(c) for c in row.categories]
    return fields


# `async def` on purpose, as the queue page (warning/web/routes/queue.py).
@router.get("/notices", response_model=NoticeList)
async def list_notices(
    request: Request,
    session: SessionDep,
    params: Annotated[FilterParams, Depends(filter_params)],
    user: Annotated[User | None, Depends(optional_token_user)],
    flagged: Annotated[bool | None, Query(description="Only flagged (or unflagged)")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """Notices matching the queue's filters, newest first unless `sort` says otherwise."""
    flt = to_filter(
        params, staff_user_id=user.id if user else None, default_sort="newest", flagged=flagged
    )
    result = search_notices(
        session,
        flt,
        page=page,
        per_page=per_page,
        today=date.today(),
        counts=request.app.state.counts,
    )
    following = None
    if result.has_next:
        query = query_string(
            params.as_query(staff=user is not None), page=page + 1, per_page=per_page
        )
        following = f"{request.url.path}?{query}"
    page_url = _page_url(request)
    listing = {
        "items": [_summary(row, page_url) for row in result.rows],
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "next": following,
    }
    # Written out as JSON here, from values of known types: validating the 50 summaries against
    # NoticeList (the documented shape, which tests/web/test_api.py holds this to) cost more
    # than reading them from the database.
    return Response(to_json(listing), media_type="application/json")


def _notice(session: Session, notice_id: int) -> Notice:
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise HTTPException(404, "no such notice")
    return notice


@router.get("/notices/{notice_id}", response_model=NoticeDetail, responses={404: ERRORS[404]})
def get_notice(request: Request, session: SessionDep, notice_id: NoticeId) -> NoticeDetail:
    """One notice with every classification (machine and reviewer) and its measure's timeline."""
    notice = _notice(session, notice_id)
    view = categories_of(session, notice_id)
    row = load_rows(session, [notice_id])[0]
    timeline = measure_timeline(session, notice)
    return NoticeDetail(
        **_summary(row, _page_url(request)),
        agency=notice.agency,
        description=notice.description,
        products=notice.products,
        hs_codes=list(notice.hs_codes),
        ics_codes=list(notice.ics_codes),
        objectives=list(notice.objectives),
        keywords=list(notice.keywords),
        comment_deadline_text=notice.comment_deadline_text,
        adoption_date=notice.adoption_date,
        entry_into_force_date=notice.entry_into_force_date,
        withdrawn=notice.withdrawn,
        source_url=notice.url,
        links=list(notice.links),
        classification=[
            ClassificationOut(
                category=c.category,
                score=c.score,
                method=c.method,
                model_version=c.model_version,
                evidence=dict(c.evidence or {}),
                needs_review=c.needs_review,
                accepted=c.accepted,
            )
            for c in view.machine + view.reviewer
        ],
        timeline=[
            TimelineOut(
                id=d.id,
                identity=d.identity,
                symbol=d.symbol,
                doc_type=d.doc_type,
                domain=d.domain,
                source_id=d.source_id,
                distribution_date=d.distribution_date,
                title=d.title,
                url=f"{_page_url(request)}{d.id}",
            )
            for d in timeline.documents
        ],
    )


@router.get("/categories", response_model=list[CategoryOut])
def categories(taxonomy: TaxonomyDep) -> list[CategoryOut]:
    """The product categories, with their Chinese and English names."""
    return [
        CategoryOut(id=c.id, name_zh=c.name_zh, name_en=c.name_en, group=c.id[:2])
        for c in taxonomy.by_id.values()
    ]


@router.get("/hs", response_model=list[HsCodeOut])
def hs_codes(
    q: Annotated[str, Query(min_length=1, max_length=100, description="Digits or words")],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> list[HsCodeOut]:
    """Search the HS 2022 nomenclature by code prefix or description words."""
    return [
        HsCodeOut(code=e.code, description=e.description, level=e.level)
        for e in search_hs(q, limit)
    ]


def _review_out(session: Session, notice_id: int) -> ReviewOut:
    review = workflow.find_review(session, notice_id)
    assignee = session.get(User, review.assignee_id) if review and review.assignee_id else None
    status = review.status if review else "new"
    return ReviewOut(
        notice_id=notice_id,
        status=status,
        impact=review.impact if review else None,
        impact_reason=review.impact_reason if review else None,
        assignee=assignee.username if assignee else None,
        comment_sent_date=review.comment_sent_date if review else None,
        allowed_next=list(workflow.allowed_targets(status)),
        categories=sorted({c.category for c in categories_of(session, notice_id).effective}),
    )


READ_REVIEW = {"response_model": ReviewOut, "responses": ERRORS}
WRITE = {**READ_REVIEW, "dependencies": [RefreshCounts]}


@router.get("/notices/{notice_id}/review", **READ_REVIEW)
def get_review(session: SessionDep, user: TokenUser, notice_id: NoticeId) -> ReviewOut:
    """The review of a notice (staff token)."""
    _notice(session, notice_id)
    return _review_out(session, notice_id)


@router.post("/notices/{notice_id}/review/status", **WRITE)
def set_status(
    session: SessionDep, user: TokenUser, notice_id: NoticeId, body: StatusIn
) -> ReviewOut:
    """Move the review along the workflow."""
    _notice(session, notice_id)
    workflow.change_status(session, notice_id=notice_id, to=body.status, user=user, note=body.note)
    session.commit()
    return _review_out(session, notice_id)


@router.post("/notices/{notice_id}/review/assign", **WRITE)
def set_assignee(
    session: SessionDep, user: TokenUser, notice_id: NoticeId, body: AssignIn
) -> ReviewOut:
    """Assign the review to a staff member (by username), or unassign it."""
    _notice(session, notice_id)
    assignee = find_user(session, body.assignee) if body.assignee else None
    if body.assignee and assignee is None:
        raise workflow.ReviewError(f"no user named {body.assignee!r}")
    workflow.assign(
        session, notice_id=notice_id, assignee_id=assignee.id if assignee else None, user=user
    )
    session.commit()
    return _review_out(session, notice_id)


@router.post("/notices/{notice_id}/review/impact", **WRITE)
def set_impact(
    session: SessionDep, user: TokenUser, notice_id: NoticeId, body: ImpactIn
) -> ReviewOut:
    """Rate the impact on exports, with the reason."""
    _notice(session, notice_id)
    workflow.set_impact(
        session, notice_id=notice_id, impact=body.impact, reason=body.reason, user=user
    )
    session.commit()
    return _review_out(session, notice_id)


@router.post("/notices/{notice_id}/review/notes", status_code=201, **WRITE)
def add_note(session: SessionDep, user: TokenUser, notice_id: NoticeId, body: NoteIn) -> ReviewOut:
    """Add an expert's point (a paragraph of the comment letter)."""
    _notice(session, notice_id)
    workflow.add_note(session, notice_id=notice_id, text=body.text, user=user)
    session.commit()
    return _review_out(session, notice_id)


@router.put("/notices/{notice_id}/categories", **WRITE)
def set_categories(
    session: SessionDep,
    user: TokenUser,
    taxonomy: TaxonomyDep,
    notice_id: NoticeId,
    body: CategoriesIn,
) -> ReviewOut:
    """Replace the notice's categories with a reviewer's decision (a training label)."""
    _notice(session, notice_id)
    workflow.correct_categories(
        session, notice_id=notice_id, categories=body.categories, user=user, known=taxonomy.ids
    )
    session.commit()
    return _review_out(session, notice_id)
