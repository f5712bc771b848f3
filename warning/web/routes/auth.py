"""Signing staff in and out, and the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from warning.core.users import authenticate
from warning.web.deps import OptionalUser, SessionDep
from warning.web.i18n import normal_language
from warning.web.ratelimit import LoginLimiter
from warning.web.security import csrf_token
from warning.web.templating import render

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None, default: str = "/review") -> str:
    """Only a path on this site: an open redirect would make our login page a phishing aid."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


@router.get("/")
def home(user: OptionalUser) -> Response:
    return RedirectResponse("/review" if user else "/notices", status_code=303)


@router.get("/login")
def login_form(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next": safe_next(next), "error": None})


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form()] = "/review",
) -> Response:
    limiter: LoginLimiter = request.app.state.login_limiter
    address = _client(request)
    context = {"next": safe_next(next), "username": username}
    wait = limiter.retry_after(address, username)
    if wait is not None:
        minutes = -(-wait // 60)
        return render(
            request,
            "login.html",
            {**context, "error": "locked", "minutes": minutes},
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    user = authenticate(session, username, password)
    if user is None:
        limiter.failed(address, username)
        return render(request, "login.html", {**context, "error": "invalid"}, status_code=401)
    limiter.succeeded(address, username)
    session.commit()
    language = request.session.get("lang") or user.language
    # A new session (and CSRF token) at sign-in, so a token planted before cannot be reused.
    request.session.clear()
    request.session.update({"uid": user.id})
    if language:
        request.session["lang"] = language
    csrf_token(request.session)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    language = request.session.get("lang")
    request.session.clear()
    if language:
        request.session["lang"] = language
    return RedirectResponse("/notices", status_code=303)


@router.post("/language")
def switch_language(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    lang: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    language = normal_language(lang)
    if language:
        request.session["lang"] = language
        if user is not None:
            user.language = language
            session.commit()
    return RedirectResponse(safe_next(next, "/"), status_code=303)
