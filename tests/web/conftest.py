"""Fixtures for the web tests: an app on a fresh SQLite database (tables and full-text index),
a TestClient, signed-in clients per role, and API tokens."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import Settings, load_settings
from tests.web.seeding import PASSWORD, add_notice, add_staff, seed_samples
from warning.core import users
from warning.core.db import Base, Classification, User
from warning.core.db.runtime import Database
from warning.core.fulltext import ensure_fulltext
from warning.core.users import issue_api_token
from warning.web.app import create_app

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with its production cost takes a quarter second here; the tests sign in often."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


@pytest.fixture
def web_settings(database: Database) -> Settings:
    return load_settings(database_url=database.url, base_url="http://testserver")


@pytest.fixture
def app(web_settings: Settings, database: Database) -> FastAPI:
    with database.engine.begin() as connection:
        ensure_fulltext(connection)
    return create_app(web_settings)


@pytest.fixture
def staff(session: Session) -> dict[str, int]:
    """admin, wang (reviewer) and li (expert); the seeded database has them already."""
    found = {u.role: u.id for u in session.scalars(select(User))}
    return found or add_staff(session)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    """The dev notices seeded once per run (seeding takes seconds; copying takes none)."""
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('seed') / 'seed.db'}")
    Base.metadata.create_all(database.engine)
    with database.engine.begin() as connection:
        ensure_fulltext(connection)
    with database.sessions() as session:
        add_staff(session)
        ids = seed_samples(session, date.today())
    database.engine.dispose()
    return Path(database.url.split("///", 1)[1]), ids


@pytest.fixture
def seeded(database: Database, seeded_template: tuple[Path, list[int]]) -> list[int]:
    """The test's database replaced by a copy of the seeded one (notices, staff, index)."""
    path, ids = seeded_template
    source = sqlite3.connect(path)
    target = database.engine.raw_connection()
    try:
        source.backup(target.driver_connection)
    finally:
        target.close()
        source.close()
    return ids


@pytest.fixture
def notice_id(session: Session) -> int:
    """One flagged, classified notice (cheaper than `seeded` when one is enough)."""
    notice = add_notice(
        session,
        identity="G/TBT/N/USA/1",
        symbol="G/TBT/N/USA/1",
        member_code="USA",
        member_name="United States",
        title="Energy efficiency of air conditioners",
        hs_codes=["841510"],
        flagged=True,
        urgency=50.0,
    )
    session.add(
        Classification(
            notice_id=notice.id,
            category="TR04",
            score=0.8,
            method="fusion",
            evidence={"codes": ["841510"], "words": ["air conditioners"]},
        )
    )
    session.commit()
    return notice.id


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    # English pages unless a test asks otherwise (the default language is Chinese).
    with TestClient(app, headers={"Accept-Language": "en"}) as test_client:
        yield test_client


def csrf_of(client: TestClient, path: str = "/login") -> str:
    found = CSRF.search(client.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: TestClient, username: str) -> str:
    """Sign in and return the session's CSRF token."""
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/review"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client, "/notices")


@pytest.fixture
def signed_in(app: FastAPI, staff: dict[str, int]) -> Callable[[str], tuple[TestClient, str]]:
    """A new client signed in as `admin`, `wang` (reviewer) or `li` (expert), with its token."""
    clients: list[TestClient] = []

    def make(username: str) -> tuple[TestClient, str]:
        test_client = TestClient(app, headers={"Accept-Language": "en"})
        clients.append(test_client)
        return test_client, sign_in(test_client, username)

    yield make  # type: ignore[misc]
    for test_client in clients:
        test_client.close()


@pytest.fixture
def api_token(session: Session, staff: dict[str, int]) -> Callable[[str], dict[str, str]]:
    """Authorization headers with a fresh API token of the user with that role."""

    def make(role: str) -> dict[str, str]:
        user = session.get(User, staff[role])
        assert user is not None
        token = issue_api_token(session, user)
        session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make
