"""Migrations build the schema from empty on SQLite and PostgreSQL, and match the ORM models."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from warning.core.db import Base
from warning.core.db.runtime import Database, SchemaOutOfDate, include_object
from warning.core.store import NoticeInput, upsert_notice


def _check(db: Database) -> None:
    db.upgrade()
    assert db.current_revision() == db.head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with db.engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"include_object": include_object}),
            Base.metadata,
        )
    assert diff == [], f"models and migrations differ: {diff}"
    with db.sessions() as session:
        item = NoticeInput(source="eping", symbol="G/TBT/N/EU/1", title="Toys", hs_codes=["9503"])
        assert upsert_notice(session, item).status == "new"
        assert upsert_notice(session, item).status == "unchanged"
        session.commit()
    db.upgrade()  # a second upgrade is a no-op
    _check_fulltext(db)


def _check_fulltext(db: Database) -> None:
    """Full-text search is built by the migration, and finds a notice stored afterwards."""
    from warning.core.search import QueueFilter, search_notices

    with db.sessions() as session:
        item = NoticeInput(source="eping", symbol="G/TBT/N/EU/2", title="Lithium batteries")
        upsert_notice(session, item)
        session.commit()
        found = search_notices(session, QueueFilter(q="lithium"))
    assert [n.identity for n in found.rows] == ["G/TBT/N/EU/2"]


def test_migrations_build_the_schema_on_sqlite(tmp_path: Path) -> None:
    _check(Database(f"sqlite:///{tmp_path / 'fresh.db'}"))


@pytest.mark.postgres
def test_migrations_build_the_schema_on_postgresql(postgres_url: str) -> None:
    db = Database(postgres_url)
    try:
        _check(db)
    finally:
        db.engine.dispose()


def test_an_unmigrated_database_is_reported(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(SchemaOutOfDate, match="tbtwatch db upgrade"):
        db.check_schema()
