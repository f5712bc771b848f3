"""The web application: `create_app(settings)` builds it; `tbtwatch serve` runs it with uvicorn."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from alerts.categories import load_taxonomy
from config.settings import Settings, get_settings
from warning.core.db.runtime import Database
from warning.core.search import CountCache
from warning.web import errors
from warning.web.fragments import FragmentCache
from warning.web.ratelimit import LoginLimiter
from warning.web.routes import (
    api,
    auth,
    dashboard,
    exporters,
    feeds,
    health,
    letter,
    notices,
    queue,
    review,
)
from warning.web.security import CSRFMiddleware, SecurityHeadersMiddleware
from warning.web.templating import make_templates

STATIC_DIR = Path(__file__).resolve().parent / "static"
SESSION_HOURS = 12
# The API authenticates with Bearer tokens only, and the one-click unsubscribe of RFC 8058 is
# posted by mail clients with the signed token in its URL: neither can carry our CSRF token.
CSRF_EXEMPT = ("/api/", "/s/unsubscribe/")


def secure_cookies(settings: Settings) -> bool:
    """Session cookies are Secure whenever the public address is https (and always in
    production); plain http on localhost for development keeps them usable."""
    return settings.base_url.startswith("https://") or settings.environment == "production"


_settled = False


def settle_memory() -> None:
    """Once per process, when the app starts serving: collect, then move every object alive
    (modules, templates, compiled queries, settings) out of the garbage collector's reach. A
    full collection then walks only what requests created since, which shortens its pauses
    from tens of milliseconds to a few under load (docs/web.md, "Speed")."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    settle_memory()
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.require_production_secret()
    app = FastAPI(
        title="tbtwatch",
        summary="WTO TBT/SPS notifications and foreign technical regulations, classified by "
        "product, with their comment deadlines.",
        version="1",
        docs_url=None,  # Swagger UI needs a CDN and inline scripts; /openapi.json is the contract
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = Database.from_settings(settings)
    app.state.templates = make_templates()
    app.state.taxonomy = partial(load_taxonomy, settings.taxonomy_file)
    app.state.counts = CountCache()
    app.state.fragments = FragmentCache()
    app.state.login_limiter = LoginLimiter()
    # Each subscription sends a confirmation email: at most 10 per hour from one address or to
    # one mailbox, so the form cannot be used to flood someone's inbox.
    app.state.subscribe_limiter = LoginLimiter(max_failures=10, window_seconds=3600)

    # Added innermost first: the security headers wrap everything, the session is read before
    # the CSRF check compares the token with it.
    app.add_middleware(CSRFMiddleware, exempt=CSRF_EXEMPT)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie="tbtwatch_session",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=secure_cookies(settings),
    )
    app.add_middleware(SecurityHeadersMiddleware, hsts=secure_cookies(settings))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    errors.install(app)
    for module in (
        auth, queue, notices, review, letter, dashboard, exporters, feeds, api, health
    ):  # fmt: skip
        app.include_router(module.router)
    return app
