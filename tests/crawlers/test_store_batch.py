"""`upsert_many` (the crawlers' batched store path) gives what `upsert_notice` one by one gives."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import permutations
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core.db import Base, Measure, Notice, NoticeChange, NoticeSymbol
from warning.core.db.runtime import Database
from warning.core.store import NoticeInput, upsert_notice
from warning.core.store.batch import upsert_many
from warning.core.store.queries import notice_to_dict

NOW = datetime(2026, 3, 1, tzinfo=UTC)
JOINT = NoticeInput(
    source="eping",
    symbol="G/TBT/N/BDI/189/Add.1, G/TBT/N/KEN/1170/Add.1",
    title="Petroleum jelly",
    hs_codes=["271210"],
)
KENYA_REGULAR = NoticeInput(source="eping", symbol="G/TBT/N/KEN/1170", title="DEAS 126")
KENYA_ADD2 = NoticeInput(
    source="eping", symbol="G/TBT/N/KEN/1170/Add.2", title="Adopted", addendum_reasons=["adopted"]
)
FEDREG = NoticeInput(
    source="fedreg",
    external_id="2019-1",
    domain="regulation",
    title="Bumpers",
    description="Notified to the WTO as G/TBT/N/USA/1436.",
)
USA = NoticeInput(source="eping", symbol="G/TBT/N/USA/1436", title="Bumper standards")
USA_AGAIN = NoticeInput(
    source="eping",
    symbol="G/TBT/N/USA/1436",
    title="Bumper standards",
    comment_deadline="2019-11-08",
)
ALIAS = NoticeInput(
    source="feeds",
    symbol="G/TBT/N/KEN/1170/Add.1",
    title="From a feed",
    url="https://example.org/ken",
)
LONE = NoticeInput(source="fedreg", external_id="2021-14337", domain="regulation", title="Air")
EVERYTHING = [JOINT, KENYA_REGULAR, KENYA_ADD2, FEDREG, USA, USA_AGAIN, ALIAS, LONE]


def fresh_session(tmp_path: Path, name: str) -> Session:
    database = Database(f"sqlite:///{tmp_path / name}.db")
    Base.metadata.create_all(database.engine)
    return database.sessions()


def state(session: Session) -> dict:
    """Everything stored, without ids: notices, their symbols, measures and changes."""
    session.expire_all()
    skip = {"id", "measure_id", "aliases"}
    notices = {
        n.identity: {k: v for k, v in notice_to_dict(n).items() if k not in skip}
        for n in session.scalars(select(Notice))
    }
    symbols = sorted(
        session.execute(
            select(
                Notice.identity, NoticeSymbol.symbol, NoticeSymbol.base, NoticeSymbol.primary
            ).join(Notice, NoticeSymbol.notice_id == Notice.id)
        ).all()
    )
    changes = sorted(
        session.execute(
            select(Notice.identity, NoticeChange.kinds, NoticeChange.material).join(
                Notice, NoticeChange.notice_id == Notice.id
            )
        ).all(),
        key=str,
    )
    measures = sorted(session.scalars(select(Measure.key)))
    return {"notices": notices, "symbols": symbols, "changes": changes, "measures": measures}


def one_by_one(session: Session, items: list[NoticeInput]) -> list[str]:
    return [upsert_notice(session, item, now=NOW).status for item in items]


@pytest.mark.parametrize("split", [0, 3, 5])
def test_a_batch_stores_what_one_by_one_stores(tmp_path, split):
    batched, single = fresh_session(tmp_path, "a"), fresh_session(tmp_path, "b")
    # Some already stored (the slow path), the rest in one batch.
    one_by_one(batched, EVERYTHING[:split])
    statuses = [r.status for r in upsert_many(batched, EVERYTHING[split:], now=NOW)]
    expected = one_by_one(single, EVERYTHING)[split:]
    batched.commit()
    single.commit()
    assert statuses == expected
    assert state(batched) == state(single)


@pytest.mark.parametrize("order", list(permutations([JOINT, KENYA_REGULAR, FEDREG, USA])))
def test_any_order_in_a_batch_groups_measures_as_one_by_one(tmp_path, order):
    batched, single = fresh_session(tmp_path, "a"), fresh_session(tmp_path, "b")
    upsert_many(batched, list(order), now=NOW)
    one_by_one(single, list(order))
    assert state(batched)["measures"] == state(single)["measures"]
    by_measure = {
        s: dict(s.execute(select(Notice.identity, Measure.key).join(Notice.measure)).all())
        for s in (batched, single)
    }
    assert by_measure[batched] == by_measure[single]


def test_new_notices_take_one_insert_per_table(tmp_path):
    session = fresh_session(tmp_path, "a")
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(
        session.get_bind(),
        "before_cursor_execute",
        lambda *args: statements.append(args[2].split()[0]),
    )
    items = [NoticeInput(source="eping", symbol=f"G/SPS/N/BEN/{n}", title="t") for n in range(50)]
    results = upsert_many(session, items, now=NOW)
    assert {r.status for r in results} == {"new"} and len(results) == 50
    # the source row (a new database), then one each for measures, notices and symbols
    assert statements.count("INSERT") == 4
    assert len(statements) <= 9


def test_precomputed_fields_are_used(tmp_path):
    session = fresh_session(tmp_path, "a")
    fields = USA.to_fields()
    [result] = upsert_many(session, [USA], now=NOW, fields=[{**fields, "title": "Given"}])
    assert session.get(Notice, result.notice_id).title == "Given"


@pytest.mark.postgres
def test_a_batch_stores_what_one_by_one_stores_on_postgresql(postgres_url, tmp_path):
    database = Database(postgres_url)
    Base.metadata.create_all(database.engine)
    batched, single = database.sessions(), fresh_session(tmp_path, "b")
    statuses = [r.status for r in upsert_many(batched, EVERYTHING, now=NOW)]
    assert statuses == one_by_one(single, EVERYTHING)
    batched.commit()
    single.commit()
    assert state(batched) == state(single)
    batched.close()
    database.engine.dispose()
