"""Exporters' pages: the subscribe form (double opt-in), HS code search, and the signed links
of alert emails (confirm, unsubscribe, manage, feedback) served by calling `alerts.actions`.

Links in emails are followed by mail scanners, so every GET only checks its token and shows a
page; nothing changes until the person presses a button (POST).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from alerts import actions
from alerts.actions import ActionResult, Outcome
from alerts.config import alerts_config
from alerts.dispatch import dispatch
from alerts.links import make_token
from alerts.subscriptions import split_values
from alerts.transport import make_transport
from config.settings import Settings
from warning.core.db import Notice
from warning.core.db.runtime import Database
from warning.web.deps import RowId, SessionDep, SettingsDep
from warning.web.explain import explain, gettext_for
from warning.web.hs import search_hs
from warning.web.i18n import page_language, request_language
from warning.web.labels import N_
from warning.web.ratelimit import LoginLimiter
from warning.web.templating import render

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
MARKETS = (
    "EU", "USA", "JPN", "KOR", "GBR", "CAN", "AUS", "IND", "BRA", "RUS", "SAU", "ARE",
    "VNM", "THA", "IDN", "MYS", "PHL", "MEX", "TUR", "ZAF", "EGY", "KEN", "CHL", "ISR",
)  # fmt: skip
LIST_FIELDS = ("categories", "hs", "markets", "domains")
STATUS = {
    Outcome.DONE: 200,
    Outcome.ALREADY: 200,
    Outcome.INVALID: 400,
    Outcome.EXPIRED: 410,
    Outcome.UNKNOWN: 404,
    Outcome.REFUSED: 422,
}
TOO_MANY = N_("Too many subscriptions from here; wait an hour and try again.")


def subscription_values(form: FormData) -> dict[str, Any]:
    """Form fields → the values `alerts.actions` validates (lists, with the free-text boxes
    for more HS codes and markets split and added)."""
    values: dict[str, Any] = {
        key: [v for v in form.getlist(key) if isinstance(v, str)] for key in LIST_FIELDS
    }
    values["hs"] += split_values(_text(form, "hs_text"))
    values["markets"] += split_values(_text(form, "markets_text"))
    for key in ("email", "language", "name", "company", "keywords", "frequency"):
        values[key] = _text(form, key)
    values["reminders"] = _text(form, "reminders") == "1"
    return values


async def read_form(request: Request) -> FormData:
    """The posted form, read in an async dependency so that the endpoints stay synchronous
    (their database calls then run in the thread pool, not on the event loop)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value[:2000] if isinstance(value, str) else ""


def _form_context(values: dict[str, Any] | None = None) -> dict[str, Any]:
    defaults = {
        "frequency": "daily",
        "reminders": True,
        "categories": [],
        "hs": [],
        "markets": [],
        "domains": [],
        "keywords": "",
    }
    return {"values": {**defaults, **(values or {})}, "markets": MARKETS, "error": None}


def _worded(request: Request, result: ActionResult, own: str | None = None) -> str:
    """The result's message in the language of the page that shows it (`own`: the page's own
    language, as given to `render`), its problem translated with the page's catalogue."""
    gettext = gettext_for(request, own)
    return result.message(page_language(request, own), lambda problem: explain(problem, gettext))


def _send_outbox_now(database: Database, settings: Settings) -> None:
    """Send the confirmation at once rather than at the next scheduled dispatch. Errors stay
    on the delivery row (the scheduled dispatch retries it); this only logs."""
    transport = make_transport(settings)
    try:
        dispatch(
            database.sessions, transport, settings=settings,
            config=alerts_config(settings), queue=False, limit=20,
        )  # fmt: skip
    except Exception:  # a background task has no caller to tell: log it, the row retries
        log.exception("sending the outbox after a subscription failed")
    finally:
        transport.close()


@router.get("/subscribe")
def subscribe_form(request: Request) -> Response:
    context = _form_context({"language": request_language(request)})
    return render(request, "subscribe.html", context)


@router.post("/subscribe")
def subscribe(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form: FormDep,
    background: BackgroundTasks,
) -> Response:
    values = subscription_values(form)
    limiter: LoginLimiter = request.app.state.subscribe_limiter
    address = request.client.host if request.client else "unknown"
    if limiter.retry_after(address, values["email"]) is not None:
        context = _form_context(values) | {"error": gettext_for(request)(TOO_MANY)}
        return render(request, "subscribe.html", context, status_code=429)
    limiter.failed(address, values["email"])  # counts every attempt, not only failures
    result = actions.subscribe(session, values, settings=settings)
    if result.outcome is Outcome.REFUSED:
        session.rollback()
        context = _form_context(values) | {"error": _worded(request, result)}
        return render(request, "subscribe.html", context, status_code=422)
    session.commit()
    if result.data.get("confirmation_queued"):
        background.add_task(_send_outbox_now, request.app.state.db, settings)
    return _message(request, result, "subscribed")


@router.get("/hs/search")
def hs_search(
    request: Request,
    q: Annotated[str, Query(max_length=100)] = "",
    hs_q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """HS codes for the subscription form's picker (htmx sends the box's own name, hs_q)."""
    query = q or hs_q
    return render(request, "fragments/hs_results.html", {"results": search_hs(query), "q": query})


def _message(request: Request, result: ActionResult, page: str, **extra: Any) -> Response:
    language = result.language if result.subscriber is not None else None
    context = {"result": result, "message": _worded(request, result, language), "page": page}
    return render(
        request,
        "subscriber_message.html",
        context | extra,
        status_code=STATUS.get(result.outcome, 200),
        language=language,
    )


@router.get("/s/confirm/{token}")
def confirm_page(
    request: Request, session: SessionDep, settings: SettingsDep, token: str
) -> Response:
    result = actions.check(session, "confirm", token, settings=settings)
    return _message(request, result, "confirm", token=token, ask=result.ok)


@router.post("/s/confirm/{token}")
def confirm(request: Request, session: SessionDep, settings: SettingsDep, token: str) -> Response:
    result = actions.confirm(session, token, settings=settings)
    session.commit()
    return _message(request, result, "confirmed", manage=_manage_link(settings, result))


def _manage_link(settings: Settings, result: ActionResult) -> str | None:
    """Where a subscriber who just confirmed can change what they receive, straight from the
    page rather than from a link in a later email."""
    subscriber = result.subscriber
    if not result.ok or subscriber is None:
        return None
    return f"/s/manage/{make_token(settings, 'manage', subscriber.id, subscriber.email)}"


@router.get("/s/unsubscribe/{token}")
def unsubscribe_page(
    request: Request, session: SessionDep, settings: SettingsDep, token: str
) -> Response:
    result = actions.check(session, "unsubscribe", token, settings=settings)
    if result.subscriber is not None and result.subscriber.unsubscribed_at is not None:
        result.outcome = Outcome.ALREADY  # opened again: say so rather than ask again
        return _message(request, result, "unsubscribed")
    return _message(request, result, "unsubscribe", token=token, ask=result.ok)


@router.post("/s/unsubscribe/{token}")
def unsubscribe(
    request: Request, session: SessionDep, settings: SettingsDep, token: str
) -> Response:
    """The page's button, and RFC 8058 one-click unsubscribe from mail clients (exempt from
    CSRF: the signed token is the proof)."""
    result = actions.unsubscribe(session, token, settings=settings)
    session.commit()
    return _message(request, result, "unsubscribed")


@router.get("/s/feedback/{token}")
def feedback_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: str,
    relevant: Annotated[int | None, Query(ge=0, le=1)] = None,
) -> Response:
    result = actions.check(session, "feedback", token, settings=settings)
    notice_id = result.data.get("notice_id")
    notice = session.get(Notice, notice_id) if isinstance(notice_id, int) else None
    extra = {"token": token, "ask": result.ok, "notice": notice, "relevant": relevant}
    return _message(request, result, "feedback", **extra)


@router.post("/s/feedback/{token}")
def feedback(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: str,
    relevant: Annotated[int, Form(ge=0, le=1)],
) -> Response:
    result = actions.feedback(session, token, bool(relevant), settings=settings)
    session.commit()
    return _message(request, result, "feedback_saved")


@router.get("/s/manage/{token}")
def manage_page(
    request: Request, session: SessionDep, settings: SettingsDep, token: str
) -> Response:
    result = actions.manage(session, token, settings=settings)
    if not result.ok:
        return _message(request, result, "manage")
    return _manage(request, result, token, None)


def _manage(
    request: Request,
    result: ActionResult,
    token: str,
    error: str | None,
    typed: tuple[str, dict[str, Any]] | None = None,
) -> Response:
    """`typed` is the refused form (which subscription, "new" for the added one, and what was
    typed): that form shows it again instead of the stored values, so nothing is lost."""
    context = {
        "token": token,
        "subscriber": result.data.get("subscriber") or {},
        "markets": MARKETS,
        "error": error,
        "saved": request.query_params.get("saved") == "1",
        "typed_key": typed[0] if typed else None,
        "typed": _form_context(typed[1])["values"] if typed else None,
    }
    return render(
        request,
        "manage.html",
        context,
        status_code=422 if error else 200,
        language=result.language,
    )


def _after_manage(
    request: Request,
    session: SessionDep,
    settings: Settings,
    token: str,
    result: ActionResult,
    typed: tuple[str, dict[str, Any]] | None = None,
) -> Response:
    if result.ok:
        session.commit()
        return RedirectResponse(f"/s/manage/{token}?saved=1", status_code=303)
    session.rollback()
    if result.subscriber is None:
        return _message(request, result, "manage")
    view = actions.manage(session, token, settings=settings)
    return _manage(request, view, token, _worded(request, result, view.language), typed)


@router.post("/s/manage/{token}/profile")
def save_profile(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: str,
    language: Annotated[str, Form(max_length=8)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    company: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    result = actions.update_profile(
        session, token, settings=settings, language=language or None, name=name, company=company
    )
    return _after_manage(request, session, settings, token, result)


@router.post("/s/manage/{token}/subscriptions")
def add_subscription(
    request: Request, session: SessionDep, settings: SettingsDep, form: FormDep, token: str
) -> Response:
    values = subscription_values(form)
    result = actions.save_subscription(session, token, values, settings=settings)
    return _after_manage(request, session, settings, token, result, ("new", values))


@router.post("/s/manage/{token}/subscriptions/{subscription_id}")
def save_subscription(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form: FormDep,
    token: str,
    subscription_id: RowId,
) -> Response:
    values = subscription_values(form)
    result = actions.save_subscription(
        session, token, values, settings=settings, subscription_id=subscription_id
    )
    return _after_manage(request, session, settings, token, result, (str(subscription_id), values))


@router.post("/s/manage/{token}/subscriptions/{subscription_id}/delete")
def delete_subscription(
    request: Request, session: SessionDep, settings: SettingsDep, token: str, subscription_id: RowId
) -> Response:
    result = actions.delete_subscription(session, token, subscription_id, settings=settings)
    return _after_manage(request, session, settings, token, result)
