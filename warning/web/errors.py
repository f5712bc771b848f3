"""Domain errors become HTTP errors in one place: pages for browsers, in the page's language,
and JSON for the API, in English."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from warning.core.review import ReviewError
from warning.core.search import FilterError
from warning.core.users import UserError
from warning.web.deps import Forbidden, LoginRequired
from warning.web.explain import Gettext, explain_validation, gettext_for, said
from warning.web.filters import explain_filter_error
from warning.web.labels import N_
from warning.web.templating import render

REVIEW_STATUS = {"invalid": 422, "forbidden": 403, "not_found": 404, "conflict": 409}
FORBIDDEN = N_("Your role does not allow this.")
NO_SUCH_NOTICE = N_("No such notice.")
NOT_VALID = N_("The request is not valid.")
# Starlette's own errors carry the bare status phrase; a page says it in a sentence.
PHRASES = {
    404: N_("There is no page at this address."),
    405: N_("This address does not take this kind of request."),
}


MACHINE_PATHS = ("/api/", "/feeds/", "/notices.csv", "/openapi.json")


def wants_json(request: Request) -> bool:
    """The API, the feeds and the CSV export are read by programs: their errors are JSON, in
    the shape the OpenAPI document describes."""
    return request.url.path.startswith(MACHINE_PATHS)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def error_page(
    request: Request,
    status: int,
    message: str,
    where: str = "body",
    *,
    words: Callable[[Gettext], str] | None = None,
) -> Response:
    """`message` is the English; a page shows `words(gettext)` if given, else the message
    through the catalogue of the page's language."""
    if wants_json(request):
        return JSONResponse({"detail": _detail(status, message, where)}, status_code=status)
    gettext = gettext_for(request)
    text = words(gettext) if words else gettext(message)
    template = "fragments/error.html" if is_htmx(request) else "error.html"
    return render(request, template, {"status": status, "message": text}, status_code=status)


def _detail(status: int, message: str, where: str) -> str | list[dict[str, object]]:
    """422s keep FastAPI's documented shape (a list of errors with their location), so an API
    client handles our refusals like its own validation errors."""
    if status != 422:
        return message
    name, _, text = message.partition(": ")
    loc = [where, name] if text and name.isidentifier() else [where]
    return [{"loc": loc, "msg": message, "type": "value_error"}]


async def _login_required(request: Request, _exc: Exception) -> Response:
    if wants_json(request):
        return JSONResponse(
            {"detail": "a staff API token is required (Authorization: Bearer …)"},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    location = f"/login?next={quote(target, safe='')}"
    if is_htmx(request):
        # htmx follows HX-Redirect with a full page load instead of swapping the login form in.
        return Response(status_code=401, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


async def _forbidden(request: Request, _exc: Exception) -> Response:
    return error_page(request, 403, FORBIDDEN)


async def _review_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ReviewError)
    status = REVIEW_STATUS.get(exc.kind, 422)
    return error_page(request, status, str(exc), words=lambda gettext: said(exc, gettext))


async def _user_error(request: Request, exc: Exception) -> Response:
    return error_page(request, 422, str(exc), words=lambda gettext: said(exc, gettext))


async def _filter_error(request: Request, exc: Exception) -> Response:
    """A query parameter the search cannot use; the message starts with its name."""
    assert isinstance(exc, FilterError)
    given = request.query_params

    def words(gettext: Gettext) -> str:
        return explain_filter_error(exc, given, gettext)

    return error_page(request, 422, str(exc), where="query", words=words)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if wants_json(request):
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    detail = str(exc.detail)
    phrase = PHRASES.get(exc.status_code) if _is_phrase(exc.status_code, detail) else None
    return error_page(request, exc.status_code, phrase or detail)


def _is_phrase(status: int, detail: str) -> bool:
    try:
        return HTTPStatus(status).phrase == detail
    except ValueError:
        return False


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if wants_json(request):
        return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
    errors = exc.errors()

    def words(gettext: Gettext) -> str:
        return explain_validation(errors, gettext) or gettext(NOT_VALID)

    return error_page(request, 422, NOT_VALID, words=words)


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in exc.errors()
    ]


def install(app: FastAPI) -> None:
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(ReviewError, _review_error)
    app.add_exception_handler(UserError, _user_error)
    app.add_exception_handler(FilterError, _filter_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
