"""Security middleware: a CSRF check on every state-changing request, and response headers
(Content-Security-Policy and friends). Both are plain ASGI so they cover every route.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable, MutableMapping
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warning.web.i18n import request_language, translations
from warning.web.labels import N_

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_FORM_BYTES = 1_000_000
TOO_LARGE = N_("The form is too large.")
NOT_OURS = N_(
    "This form has expired or did not come from this site. Go back, reload the page and try again."
)
# htmx is configured through <meta name="htmx-config"> not to evaluate code or inject inline
# styles, so no 'unsafe-inline' or 'unsafe-eval' is needed anywhere. Charts are inline SVG
# drawn with presentation attributes, which style-src does not govern.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's CSRF token, created the first time a page needs one."""
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return str(token)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _send_text(scope: Scope, send: Send, status: int, message: str) -> None:
    """`message` in the visitor's language (the switch or the browser's: no user is known yet)."""
    text = translations(request_language(Request(scope))).gettext(message)
    body = text.encode("utf-8")
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class CSRFMiddleware:
    """Refuses a POST/PUT/PATCH/DELETE whose token (form field `csrf_token` or header
    `X-CSRF-Token`, the one htmx sends) does not match the session's. Paths in `exempt` carry
    their own proof: the API takes only Bearer tokens, never the session cookie, and one-click
    unsubscribe links are signed."""

    def __init__(self, app: ASGIApp, exempt: Iterable[str] = ()) -> None:
        self.app = app
        self.exempt = tuple(exempt)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        expected = (scope.get("session") or {}).get("csrf")
        given = Request(scope).headers.get(CSRF_HEADER)
        if not given:
            body = await _read_body(receive, MAX_FORM_BYTES)
            if body is None:
                await _send_text(scope, send, 413, TOO_LARGE)
                return
            receive = _replay(body)
            form = await Request(scope, _replay(body)).form()
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        if not expected or not given or not hmac.compare_digest(str(expected), given):
            await _send_text(scope, send, 403, NOT_OURS)
            return
        await self.app(scope, receive, send)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and the usual hardening headers to every response."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
                if not static:
                    # Pages can show a signed-in reviewer's data: keep them out of shared caches.
                    headers.setdefault("Cache-Control", "private, no-cache")
            await send(message)

        await self.app(scope, receive, send_with_headers)
