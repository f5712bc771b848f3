"""What gets queued: which notices are candidates, whose categories count, what is never sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.config import AlertsConfig
from alerts.dispatch import dispatch, queue_all
from alerts.transport.files import FileTransport
from config.settings import Settings
from tests.alerts.conftest import make_notice, make_subscriber
from warning.core.db import Delivery, DigestItem, Notice
from warning.core.db.runtime import Database
from warning.core.store import NoticeInput, upsert_notice

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def queued(session: Session, settings: Settings, config: AlertsConfig) -> dict[str, int]:
    counts = queue_all(session, settings=settings, config=config, now=datetime.now(UTC))
    session.flush()
    return counts


def keys(session: Session) -> list[str]:
    return sorted(session.scalars(select(Delivery.key)))


def test_the_reviewers_categories_decide_over_the_machines(
    frozen, session: Session, file_settings: Settings, config: AlertsConfig
) -> None:
    notice = make_notice(session, symbol="G/TBT/N/USA/1", categories=("TR04",), accepted=("TR06",))
    machine = make_subscriber(session, file_settings, "m@example.com", categories="TR04")
    reviewer = make_subscriber(session, file_settings, "r@example.com", categories="TR06")
    queued(session, file_settings, config)
    assert keys(session) == [f"new:{reviewer.id}:{notice}"]
    assert machine.id != reviewer.id


def test_an_unclassified_notice_waits_for_its_classification(
    frozen, session: Session, file_settings: Settings, config: AlertsConfig
) -> None:
    notice = make_notice(session, symbol="G/TBT/N/USA/2", hs_codes=["8415"])
    subscriber = make_subscriber(session, file_settings, "hs@example.com", hs="8415")
    assert queued(session, file_settings, config)["new"] == 0
    frozen.shift(timedelta(hours=3))
    make_notice(session, symbol="G/TBT/N/USA/2", hs_codes=["8415"], categories=("TR04",))
    assert queued(session, file_settings, config)["new"] == 1
    assert keys(session) == [f"new:{subscriber.id}:{notice}"]


def test_old_and_withdrawn_notices_are_not_alerted(
    frozen, session: Session, file_settings: Settings, config: AlertsConfig
) -> None:
    make_notice(
        session, symbol="G/TBT/N/USA/3", categories=("TR04",), distribution_date="2025-06-01"
    )
    make_notice(session, symbol="G/TBT/N/USA/4", categories=("TR04",), withdrawn=True)
    fresh = make_notice(
        session, symbol="G/TBT/N/USA/5", categories=("TR04",), distribution_date="2026-02-20"
    )
    subscriber = make_subscriber(session, file_settings, "s@example.com", categories="TR04")
    queued(session, file_settings, config)
    assert keys(session) == [f"new:{subscriber.id}:{fresh}"]


def test_only_confirmed_active_subscribers_are_matched(
    frozen, session: Session, file_settings: Settings, config: AlertsConfig
) -> None:
    make_notice(session, symbol="G/TBT/N/USA/6", categories=("TR04",))
    make_subscriber(session, file_settings, "new@example.com", categories="TR04", confirmed=False)
    gone = make_subscriber(session, file_settings, "gone@example.com", categories="TR04")
    gone.unsubscribed_at = NOW
    bouncing = make_subscriber(session, file_settings, "b@example.com", categories="TR04")
    bouncing.bouncing = True
    paused = make_subscriber(session, file_settings, "p@example.com", categories="TR04")
    paused.subscriptions[0].active = False
    session.flush()
    assert queued(session, file_settings, config)["new"] == 0
    assert [k.split(":")[0] for k in keys(session)] == ["confirmation"]


def test_one_email_per_subscriber_and_notice_with_every_reason(
    frozen, session: Session, file_settings: Settings, config: AlertsConfig
) -> None:
    notice = make_notice(
        session, symbol="G/TBT/N/USA/7", member="USA", categories=("TR04",), hs_codes=["8415.10"]
    )
    subscriber = make_subscriber(session, file_settings, "two@example.com", categories="TR04")
    make_subscriber(session, file_settings, "two@example.com", hs="8415", markets="USA")
    queued(session, file_settings, config)
    (row,) = session.scalars(select(Delivery)).all()
    assert row.key == f"new:{subscriber.id}:{notice}"
    assert {r["kind"] for r in row.payload["reasons"]} == {"category", "hs", "market"}
    assert len(row.payload["subscriptions"]) == 2


def test_digest_subscribers_collect_items_until_their_slot(
    frozen, session: Session, file_settings: Settings, config: AlertsConfig
) -> None:
    make_subscriber(
        session, file_settings, "weekly@example.com", categories="TR04", frequency="weekly"
    )
    queued(session, file_settings, config)  # schedules Monday 9 March 08:00 Shanghai
    make_notice(session, symbol="G/TBT/N/USA/8", categories=("TR04",))
    counts = queued(session, file_settings, config)
    assert (counts["new"], counts["digest items"], counts["digest"]) == (0, 1, 0)
    frozen.move_to(datetime(2026, 3, 8, 23, 59, tzinfo=UTC))
    assert queued(session, file_settings, config)["digest"] == 0
    frozen.move_to(datetime(2026, 3, 9, 0, 0, tzinfo=UTC))
    assert queued(session, file_settings, config)["digest"] == 1
    (row,) = session.scalars(select(Delivery).where(Delivery.kind == "digest")).all()
    assert row.key.endswith(":2026-03-09T08")
    assert session.scalars(select(DigestItem.delivery_id)).all() == [row.id]
    assert queued(session, file_settings, config)["digest"] == 0


def test_a_digest_leaves_out_what_an_immediate_alert_already_brought(
    frozen, session: Session, file_settings: Settings, config: AlertsConfig
) -> None:
    make_subscriber(
        session, file_settings, "both@example.com", categories="TR04", frequency="daily"
    )
    make_subscriber(session, file_settings, "both@example.com", hs="8415")
    queued(session, file_settings, config)
    make_notice(session, symbol="G/TBT/N/USA/9", categories=("TR04",), hs_codes=["8415"])
    make_notice(session, symbol="G/TBT/N/USA/10", categories=("TR04",))
    queued(session, file_settings, config)
    frozen.move_to(datetime(2026, 3, 3, 0, 0, tzinfo=UTC))
    assert queued(session, file_settings, config)["digest"] == 1
    digest = session.scalars(select(Delivery).where(Delivery.kind == "digest")).one()
    symbols = [session.get(Notice, n["id"]).symbol for n in digest.payload["notices"]]
    assert symbols == ["G/TBT/N/USA/10"]


def test_an_addendum_goes_as_new_only_to_those_who_never_saw_its_measure(
    frozen, database: Database, file_settings: Settings, config: AlertsConfig
) -> None:
    with database.sessions() as session:
        make_notice(session, symbol="G/TBT/N/USA/11", categories=("TR04",))
        make_subscriber(session, file_settings, "early@example.com", categories="TR04")
        session.commit()
    for _ in range(2):  # a later run moves the cursor past the original's classification
        dispatch(
            database.sessions,
            FileTransport(file_settings.outbox),
            settings=file_settings,
            config=config,
        )
        frozen.shift(timedelta(hours=3))
    with database.sessions() as session:
        late = make_subscriber(session, file_settings, "late@example.com", categories="TR04")
        addendum = make_notice(
            session,
            symbol="G/TBT/N/USA/11/Add.1",
            categories=("TR04",),
            addendum_reasons=["adopted"],
            adoption_date="2026-06-01",
        )
        counts = queued(session, file_settings, config)
        assert (counts["new"], counts["update"]) == (1, 1)
        new = session.scalars(
            select(Delivery.key).where(Delivery.kind == "new", Delivery.notice_id == addendum)
        ).all()
        assert new == [f"new:{late.id}:{addendum}"]


def test_material_changes_only_queue_updates_for_material_kinds(
    frozen, database: Database, file_settings: Settings, config: AlertsConfig
) -> None:
    base = dict(
        source="eping",
        symbol="G/TBT/N/USA/12",
        member="USA",
        title="Lamps",
        products="LED lamps",
        comment_deadline="2026-04-01",
    )
    with database.sessions() as session:
        make_notice(
            session, categories=("HT06",), **{k: v for k, v in base.items() if k != "source"}
        )
        make_subscriber(session, file_settings, "u@example.com", categories="HT06")
        session.commit()
    dispatch(
        database.sessions,
        FileTransport(file_settings.outbox),
        settings=file_settings,
        config=config,
    )
    frozen.shift(timedelta(days=1))
    with database.sessions() as session:
        upsert_notice(
            session,
            NoticeInput(**{**base, "title": "LED lamps (revised title)"}),
            now=datetime.now(UTC),
        )
        assert queued(session, file_settings, config)["update"] == 0  # wording is not material
        upsert_notice(
            session,
            NoticeInput(
                **{
                    **base,
                    "title": "LED lamps (revised title)",
                    "withdrawn": True,
                    "products": "LED modules",
                }
            ),
            now=datetime.now(UTC),
        )
        assert queued(session, file_settings, config)["update"] == 1
        row = session.scalars(select(Delivery).where(Delivery.kind == "update")).one()
        assert row.payload["kinds"] == ["scope", "withdrawn"]
        session.commit()
    report = dispatch(
        database.sessions,
        FileTransport(file_settings.outbox),
        settings=file_settings,
        config=config,
    )
    assert report.sent == 1
    (eml,) = Path(file_settings.outbox).glob("*.update@*.eml")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Update: G/TBT/N/USA/12 scope changed, withdrawn")
    text = message.get_body(("plain",)).get_content()
    assert "* Scope changed: LED modules" in text
    assert "* The measure has been withdrawn" in text
