"""The notice store behaves the same on PostgreSQL as on SQLite."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.core.test_lifecycle import ADDENDUM, FEDREG, REGULAR
from warning.core.db import Measure, Notice, NoticeChange
from warning.core.db.runtime import Database
from warning.core.store import NoticeInput, upsert_notice

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def pg_session(postgres_url: str) -> Iterator[Session]:
    db = Database(postgres_url)
    db.upgrade()
    with db.sessions() as session:
        yield session
    db.engine.dispose()


def test_lifecycle_and_changes_on_postgresql(pg_session: Session) -> None:
    for item in (ADDENDUM, FEDREG, REGULAR):
        assert upsert_notice(pg_session, item, now=NOW).status == "new"
    pg_session.commit()
    assert [m.key for m in pg_session.scalars(select(Measure))] == ["G/TBT/N/USA/1364"]
    moved = REGULAR.model_copy(update={"comment_deadline": "2026-07-01"})
    assert upsert_notice(pg_session, moved, now=NOW).status == "changed"
    assert upsert_notice(pg_session, moved, now=NOW).status == "unchanged"
    pg_session.commit()
    kinds = [c.kinds for c in pg_session.scalars(select(NoticeChange).order_by(NoticeChange.id))]
    assert kinds == [["deadline"]]


def test_timestamps_come_back_aware_and_in_utc(pg_session: Session) -> None:
    item = NoticeInput(source="eping", symbol="G/SPS/N/CHN/1148", title="Food additives")
    notice_id = upsert_notice(pg_session, item, now=NOW).notice_id
    pg_session.commit()
    pg_session.expire_all()
    assert pg_session.get(Notice, notice_id).first_seen_at == NOW
