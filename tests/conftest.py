"""Shared fixtures: settings pointed at a temporary folder, and databases (SQLite, PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from config.settings import Settings, get_settings, load_settings
from warning.core.db import Base
from warning.core.db.runtime import Database

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's TBTWATCH_* variables or writes outside its tmp folder."""
    for name in list(os.environ):
        if name.startswith("TBTWATCH_") and name != "TBTWATCH_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("TBTWATCH_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("TBTWATCH_ENVIRONMENT", "test")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def database(tmp_path: Path) -> Database:
    """A migrated SQLite database in the test's folder."""
    db = Database(f"sqlite:///{tmp_path / 'test.db'}")
    Base.metadata.create_all(db.engine)
    return db


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.sessions() as s:
        yield s


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL schema, when TBTWATCH_TEST_POSTGRES_URL names a server (.ci/run does)."""
    base = os.environ.get("TBTWATCH_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("TBTWATCH_TEST_POSTGRES_URL is not set")
    from sqlalchemy import create_engine

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        base.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.replace("postgresql://", "postgresql+psycopg://", 1).rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
