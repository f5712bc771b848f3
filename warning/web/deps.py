"""Request dependencies: the database session, the signed-in staff user, and role checks.
All `async def`: each is quick, and a sync dependency costs a thread-pool round trip per request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from alerts.categories import Taxonomy, load_taxonomy
from config.settings import Settings
from warning.core.db import User
from warning.core.db.runtime import Database
from warning.core.review import PERMISSIONS
from warning.core.users import user_for_token

STAFF_ROLES = tuple(PERMISSIONS)
MAX_ID = 2**63 - 1  # the largest id the databases store; a bigger one cannot exist


@dataclass(frozen=True)
class Viewer:
    """Who is looking, as pages show it: a plain copy taken when the request starts, so that a
    page rendered after a rollback (an error page) does not touch an expired ORM object."""

    id: int
    username: str
    role: str
    language: str | None


class LoginRequired(Exception):
    """The page needs a signed-in staff user (HTML: redirect to login; API: 401)."""


class Forbidden(Exception):
    """Signed in, but the role may not do this."""


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_db(request: Request) -> AsyncIterator[Session]:
    database: Database = request.app.state.db
    with database.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def get_taxonomy(request: Request) -> Taxonomy:
    return load_taxonomy(request.app.state.settings.taxonomy_file)


TaxonomyDep = Annotated[Taxonomy, Depends(get_taxonomy)]


async def optional_user(request: Request, session: SessionDep) -> User | None:
    """The staff user of this browser session, if signed in and still active."""
    user_id = (request.scope.get("session") or {}).get("uid")
    if not isinstance(user_id, int):
        return None
    user = session.get(User, user_id)
    if user is None or not user.active or user.role not in STAFF_ROLES:
        request.session.pop("uid", None)
        return None
    request.state.user = Viewer(user.id, user.username, user.role, user.language)
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]


async def staff_user(user: OptionalUser) -> User:
    if user is None:
        raise LoginRequired()
    return user


StaffUser = Annotated[User, Depends(staff_user)]


async def admin_user(user: StaffUser) -> User:
    if user.role != "admin":
        raise Forbidden()
    return user


async def bearer_user(request: Request, session: SessionDep) -> User:
    """API writes: a staff user identified by `Authorization: Bearer <token>` only. The session
    cookie is deliberately not accepted here, so the API needs no CSRF token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise LoginRequired()
    user = user_for_token(session, token.strip())
    if user is None or user.role not in STAFF_ROLES:
        raise LoginRequired()
    return user


TokenUser = Annotated[User, Depends(bearer_user)]


NoticeId = Annotated[int, Path(ge=1, le=MAX_ID, description="The notice's id")]
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]


async def refresh_counts(request: Request) -> AsyncIterator[None]:
    """For routes that change reviews or categories: the cached queue totals are dropped once
    the change is made, so the next page shows them right."""
    yield
    request.app.state.counts.clear()


RefreshCounts = Depends(refresh_counts)
