"""Addenda, corrigenda, revisions and other sources' documents join their measure, in any order."""

from datetime import UTC, datetime
from itertools import permutations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core.db import Measure, Notice, NoticeChange
from warning.core.store import NoticeInput, upsert_notice

NOW = datetime(2026, 3, 1, tzinfo=UTC)
REGULAR = NoticeInput(source="eping", symbol="G/TBT/N/USA/1364", title="Bioengineered food")
ADDENDUM = NoticeInput(
    source="eping",
    symbol="G/TBT/N/USA/1364/Add.5",
    title="Addendum: comment period extended",
    addendum_reasons=["comment_period_changed"],
    comment_deadline="2026-05-01",
)
CORRIGENDUM = NoticeInput(source="eping", symbol="G/TBT/N/USA/1364/Corr.1", title="Corrigendum")
REVISION = NoticeInput(source="eping", symbol="G/TBT/N/USA/1364/Rev.1", title="Revised draft")
FEDREG = NoticeInput(
    source="fedreg",
    external_id="2020-16221",
    domain="regulation",
    title="National Bioengineered Food Disclosure Standard",
    description="This rule was notified to the WTO as G/TBT/N/USA/1364.",
)


def _measure_keys(session: Session) -> dict[str, str]:
    rows = session.execute(select(Notice.identity, Measure.key).join(Notice.measure)).all()
    return dict(rows)


@pytest.mark.parametrize("order", list(permutations([REGULAR, ADDENDUM, FEDREG])))
def test_every_arrival_order_gives_one_measure(session: Session, order) -> None:
    for item in order:
        upsert_notice(session, item, now=NOW)
    keys = _measure_keys(session)
    assert set(keys.values()) == {"G/TBT/N/USA/1364"}
    assert len(keys) == 3
    assert session.scalar(select(Measure.id).where(Measure.key == "G/TBT/N/USA/1364"))
    assert len(session.scalars(select(Measure)).all()) == 1


def test_corrigenda_and_revisions_join_the_measure(session: Session) -> None:
    for item in (CORRIGENDUM, REVISION, REGULAR):
        upsert_notice(session, item, now=NOW)
    types = dict(session.execute(select(Notice.identity, Notice.doc_type)).all())
    assert types["G/TBT/N/USA/1364/Corr.1"] == "corrigendum"
    assert types["G/TBT/N/USA/1364/Rev.1"] == "revision"
    assert set(_measure_keys(session).values()) == {"G/TBT/N/USA/1364"}


def test_an_addendum_moving_the_deadline_is_a_material_change_of_the_regular_notice(
    session: Session,
) -> None:
    regular_id = upsert_notice(session, REGULAR, now=NOW).notice_id
    upsert_notice(session, ADDENDUM, now=NOW)
    change = session.scalars(select(NoticeChange)).one()
    assert change.notice_id == regular_id
    assert change.kinds == ["deadline"] and change.material
    assert change.after == {"addendum": "G/TBT/N/USA/1364/Add.5", "comment_deadline": "2026-05-01"}


def test_a_regulation_without_wto_citation_is_a_measure_of_its_own(session: Session) -> None:
    item = NoticeInput(source="fedreg", external_id="2024-1", domain="regulation", title="Rule")
    upsert_notice(session, item, now=NOW)
    assert _measure_keys(session) == {"fedreg:2024-1": "fedreg:2024-1"}


def test_a_regulation_that_later_cites_a_symbol_moves_to_that_measure(session: Session) -> None:
    bare = NoticeInput(source="fedreg", external_id="2020-16221", domain="regulation", title="Rule")
    upsert_notice(session, bare, now=NOW)
    upsert_notice(session, REGULAR, now=NOW)
    upsert_notice(session, FEDREG, now=NOW)
    assert _measure_keys(session)["fedreg:2020-16221"] == "G/TBT/N/USA/1364"
