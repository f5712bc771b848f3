"""The outbox against a real SMTP server: retries, permanent failures, bounces, leases, reruns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from alerts.config import AlertsConfig
from alerts.dispatch import dispatch
from alerts.outbox import claim, new_owner
from alerts.transport import TransportError
from alerts.transport.files import FileTransport
from alerts.transport.smtp import SMTPTransport
from config.settings import Settings
from tests.alerts.conftest import SMTPServer, make_notice, make_subscriber
from warning.core.db import Base, Delivery, Notice, Subscriber
from warning.core.db.runtime import Database

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def run(database: Database, settings: Settings, config: AlertsConfig, concurrency: int = 2):  # type: ignore[no-untyped-def]
    transport = SMTPTransport.from_settings(settings, concurrency=concurrency)
    try:
        return dispatch(database.sessions, transport, settings=settings, config=config)
    finally:
        transport.close()


def seed(
    database: Database,
    settings: Settings,
    notices: int = 1,
    emails: tuple[str, ...] = ("a@example.com",),
) -> list[int]:
    with database.sessions() as session:
        ids = [
            make_notice(
                session,
                symbol=f"G/TBT/N/USA/{900 + n}",
                member="USA",
                title=f"Notice {n}",
                categories=("TR04",),
            )
            for n in range(notices)
        ]
        for email in emails:
            make_subscriber(session, settings, email, categories="TR04")
        session.commit()
    return ids


def rows(database: Database) -> list[Delivery]:
    with database.sessions() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_it_retries_while_the_server_is_down_and_delivers_when_it_returns(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    seed(database, alert_settings, notices=3)
    smtp.stop()
    report = run(database, alert_settings, config)
    assert (report.sent, report.retrying, report.failed) == (0, 3, 0)
    (row, *_) = rows(database)
    assert row.status == "pending" and "cannot reach" in (row.last_error or "")
    assert row.next_attempt_at == NOW + timedelta(seconds=60)
    frozen.shift(timedelta(seconds=30))
    assert run(database, alert_settings, config).retrying == 0  # backing off: not due yet
    frozen.shift(timedelta(seconds=31))
    assert run(database, alert_settings, config).retrying == 3
    assert rows(database)[0].next_attempt_at == NOW + timedelta(seconds=61 + 120)  # doubled
    smtp.start()
    frozen.shift(timedelta(seconds=120))
    report = run(database, alert_settings, config)
    assert (report.sent, report.retrying) == (3, 0)
    assert len(smtp.handler.messages) == 3
    assert {r.status for r in rows(database)} == {"sent"}
    assert [r.attempts for r in rows(database)] == [3, 3, 3]


def test_a_4xx_answer_is_retried(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    seed(database, alert_settings)
    smtp.handler.refuse_all_rcpt = "450 4.2.1 Mailbox busy, try later"
    report = run(database, alert_settings, config)
    assert report.retrying == 1 and "450" in (rows(database)[0].last_error or "")
    smtp.handler.refuse_all_rcpt = None
    frozen.shift(timedelta(minutes=2))
    assert run(database, alert_settings, config).sent == 1


def test_a_permanent_failure_stops_and_is_recorded(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    seed(database, alert_settings, emails=("gone@example.com", "ok@example.com"))
    smtp.handler.refuse_rcpt["gone@example.com"] = "550 5.1.1 No such user"
    report = run(database, alert_settings, config)
    assert (report.sent, report.failed, report.retrying) == (1, 1, 0)
    failed = [r for r in rows(database) if r.status == "failed"]
    assert len(failed) == 1 and "550" in (failed[0].last_error or "")
    frozen.shift(timedelta(days=1))
    assert run(database, alert_settings, config).failed == 0  # never tried again


def test_three_permanent_failures_in_a_row_mark_the_subscriber_bouncing(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    seed(database, alert_settings, notices=4, emails=("bounce@example.com",))
    smtp.handler.refuse_rcpt["bounce@example.com"] = "550 5.1.1 No such user"
    report = run(database, alert_settings, AlertsConfig(batch_size=1))
    assert report.failed == 3 and report.skipped == 1
    assert report.bouncing == ["bounce@example.com"]
    with database.sessions() as session:
        subscriber = session.scalars(select(Subscriber)).one()
        assert subscriber.bouncing and subscriber.consecutive_failures == 3
    assert [r.status for r in rows(database)] == ["failed", "failed", "failed", "skipped"]
    frozen.shift(timedelta(hours=2))
    with database.sessions() as session:
        make_notice(
            session, symbol="G/TBT/N/USA/999", member="USA", title="More", categories=("TR04",)
        )
        session.commit()
    assert run(database, alert_settings, config).queued["new"] == 0  # bouncing: not matched


def test_a_success_resets_the_count_of_failures(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    seed(database, alert_settings, notices=2, emails=("flaky@example.com",))
    smtp.handler.refuse_rcpt["flaky@example.com"] = "550 5.7.1 Rejected"
    run(database, alert_settings, AlertsConfig(batch_size=1, bounce_after=3))
    with database.sessions() as session:
        assert session.scalars(select(Subscriber.consecutive_failures)).one() == 2
    smtp.handler.refuse_rcpt.clear()
    frozen.shift(timedelta(hours=2))
    seed(database, alert_settings, notices=0, emails=())
    with database.sessions() as session:
        make_notice(
            session, symbol="G/TBT/N/USA/998", member="USA", title="Third", categories=("TR04",)
        )
        session.commit()
    assert run(database, alert_settings, config).sent == 1
    with database.sessions() as session:
        assert session.scalars(select(Subscriber.consecutive_failures)).one() == 0


def test_a_rerun_sends_nothing(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    seed(database, alert_settings, notices=3, emails=("a@example.com", "b@example.com"))
    assert run(database, alert_settings, config).sent == 6
    again = run(database, alert_settings, config)
    assert again.sent == 0 and sum(again.queued.values()) == 0
    frozen.shift(timedelta(minutes=30))  # inside the overlap: the same notices are looked at
    again = run(database, alert_settings, config)
    assert again.sent == 0 and sum(again.queued.values()) == 0
    assert len(smtp.handler.messages) == 6


def test_the_first_alert_of_a_notice_is_timed(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    (notice_id,) = seed(database, alert_settings)
    run(database, alert_settings, config)
    with database.sessions() as session:
        assert session.get(Notice, notice_id).first_alerted_at == NOW


def test_a_row_whose_lease_expired_is_sent_again_with_the_same_message_id(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    seed(database, alert_settings, notices=2)
    run_config = AlertsConfig(lease_seconds=60)
    with database.sessions() as session:  # queue, then a worker claims and dies
        dispatch(
            database.sessions,
            FileTransport(Path("unused")),
            settings=alert_settings,
            config=run_config,
            send=False,
        )
        claimed = claim(session, owner="dead-worker", now=NOW, lease_seconds=60, limit=10)
        stored = {r.id: r.message_id for r in claimed.rows}
    assert len(stored) == 2
    assert run(database, alert_settings, run_config).sent == 0  # lease still held
    frozen.shift(timedelta(seconds=61))
    report = run(database, alert_settings, run_config)
    assert (report.sent, report.reclaimed) == (2, 2)
    assert sorted(smtp.handler.ids()) == sorted(stored.values())
    assert [r.reclaims for r in rows(database)] == [1, 1]


def test_two_workers_never_claim_the_same_row(
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
) -> None:
    seed(database, alert_settings, notices=5, emails=("a@example.com", "b@example.com"))
    dispatch(
        database.sessions,
        FileTransport(Path("unused")),
        settings=alert_settings,
        config=config,
        send=False,
    )
    now = datetime.now(UTC)
    with database.sessions() as one, database.sessions() as two:
        first = claim(one, owner=new_owner(), now=now, lease_seconds=60, limit=6).rows
        second = claim(two, owner=new_owner(), now=now, lease_seconds=60, limit=6).rows
        third = claim(two, owner=new_owner(), now=now, lease_seconds=60, limit=6).rows
    assert len(first) == 6 and len(second) == 4 and third == []
    assert not {r.id for r in first} & {r.id for r in second}


def test_it_gives_up_after_the_last_attempt(
    frozen,
    database: Database,
    alert_settings: Settings,
    smtp: SMTPServer,
) -> None:
    seed(database, alert_settings)
    smtp.stop()
    config = AlertsConfig(max_attempts=2, retry_base_seconds=10)
    assert run(database, alert_settings, config).retrying == 1
    frozen.shift(timedelta(seconds=11))
    report = run(database, alert_settings, config)
    assert report.failed == 1
    assert (rows(database)[0].last_error or "").startswith("gave up after 2 attempts")


def test_smtp_connections_are_reused_and_bounded(
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    seed(database, alert_settings, notices=10, emails=("a@example.com", "b@example.com"))
    assert run(database, alert_settings, config, concurrency=3).sent == 20
    assert 1 <= len(smtp.handler.sessions) <= 3


def test_the_file_outbox_writes_one_eml_per_message(
    database: Database,
    file_settings: Settings,
    config: AlertsConfig,
) -> None:
    seed(database, file_settings, notices=2, emails=("a@example.com", "b@example.com"))
    transport = FileTransport(file_settings.outbox)
    report = dispatch(database.sessions, transport, settings=file_settings, config=config)
    files = sorted(file_settings.outbox.glob("*.eml"))
    assert report.sent == 4 and len(files) == 4
    ids = {r.message_id.strip("<>") for r in rows(database)}  # type: ignore[union-attr]
    assert {f.stem for f in files} == ids
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in files[0].read_bytes()


def test_the_file_outbox_reports_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    from email.message import EmailMessage

    message = EmailMessage()
    message["Message-ID"] = "<x@y>"
    (error,) = FileTransport(blocker / "outbox").send([message])
    assert isinstance(error, TransportError) and not error.permanent


@pytest.mark.postgres
def test_claims_are_exclusive_on_postgresql(postgres_url: str, alert_settings: Settings) -> None:
    database = Database(postgres_url)
    Base.metadata.create_all(database.engine)
    try:
        with database.sessions() as session:
            for n in range(3):
                make_notice(
                    session,
                    symbol=f"G/TBT/N/USA/{700 + n}",
                    member="USA",
                    title="PG",
                    categories=("TR04",),
                )
            make_subscriber(session, alert_settings, "pg@example.com", categories="TR04")
            session.commit()
        dispatch(
            database.sessions,
            FileTransport(Path("unused")),
            settings=alert_settings,
            config=AlertsConfig(),
            send=False,
        )
        now = datetime.now(UTC)
        with database.sessions() as one, database.sessions() as two:
            first = claim(one, owner="a", now=now, lease_seconds=1, limit=2).rows
            second = claim(two, owner="b", now=now, lease_seconds=1, limit=5).rows
            later = claim(two, owner="c", now=now + timedelta(seconds=2), lease_seconds=1, limit=5)
        assert (len(first), len(second)) == (2, 1)
        assert later.reclaimed == 3 and len(later.rows) == 3
    finally:
        database.engine.dispose()
