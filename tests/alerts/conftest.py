"""Alert fixtures: a real SMTP server (aiosmtpd) on loopback that can refuse or stall, settings
pointing at it, and helpers that store notices and classifications directly."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session

from alerts.categories import load_taxonomy
from alerts.config import AlertsConfig
from alerts.subscriptions import add_subscription, parse_subscriber, parse_subscription
from config.settings import Settings, load_settings
from warning.core.db import Base, Classification, Subscriber
from warning.core.db.runtime import Database
from warning.core.store import NoticeInput, upsert_notice

BASE_URL = "https://tbtwatch.example"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class MailHandler:
    """Records accepted messages; can refuse recipients or data, or answer slowly."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse_rcpt: dict[str, str] = field(default_factory=dict)  # address → SMTP reply
    refuse_all_rcpt: str | None = None
    delay: float = 0.0
    sessions: set[int] = field(default_factory=set)  # SMTP connections that carried mail
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        reply = self.refuse_rcpt.get(address) or self.refuse_all_rcpt
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
            self.sessions.add(id(session))
        return "250 Message accepted for delivery"

    def ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]


class SMTPServer:
    def __init__(self, handler: MailHandler) -> None:
        self.handler = handler
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer(MailHandler())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def alert_settings(smtp: SMTPServer) -> Settings:
    return load_settings(
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_timeout=5,
        smtp_from="tbtwatch <alerts@tbtwatch.example>",
        base_url=BASE_URL,
        secret_key="test-secret-key-for-alerts",
        timezone="Asia/Shanghai",
    )


@pytest.fixture
def file_settings(tmp_path: Path) -> Settings:
    return load_settings(
        base_url=BASE_URL, secret_key="test-secret-key-for-alerts", outbox_dir=tmp_path / "outbox"
    )


@pytest.fixture
def config() -> AlertsConfig:
    return AlertsConfig(retry_base_seconds=60, batch_size=20, lease_seconds=120)


def make_notice(
    session: Session,
    *,
    categories: tuple[str, ...] = (),
    accepted: tuple[str, ...] = (),
    now: datetime | None = None,
    **fields: Any,
) -> int:
    """Store a notice through the real upsert, then its classification rows."""
    data: dict[str, Any] = {"source": "eping", "title": "A notice", **fields}
    result = upsert_notice(session, NoticeInput(**data), now=now or datetime.now(UTC))
    for category in categories:
        session.add(
            Classification(
                notice_id=result.notice_id,
                category=category,
                score=0.9,
                method="fusion",
                current=True,
                created_at=now or datetime.now(UTC),
            )
        )
    for category in accepted:
        session.add(
            Classification(
                notice_id=result.notice_id,
                category=category,
                score=1.0,
                method="reviewer",
                accepted=True,
                current=True,
                created_at=now or datetime.now(UTC),
            )
        )
    session.flush()
    return result.notice_id


def make_subscriber(
    session: Session,
    settings: Settings,
    email: str,
    *,
    language: str = "en",
    confirmed: bool = True,
    now: datetime | None = None,
    name: str | None = None,
    **criteria: Any,
) -> Subscriber:
    taxonomy = load_taxonomy(settings.taxonomy_file)
    # A subscription must choose something; tests that do not care take every TBT notice.
    result = add_subscription(
        session,
        parse_subscriber(email, language, name),
        parse_subscription(criteria or {"domains": "TBT"}, taxonomy),
        settings=settings,
        confirmed=confirmed,
        now=now or datetime.now(UTC),
    )
    session.flush()
    return result.subscriber


def stamped_database(path: Path) -> Database:
    """A SQLite database with every table (create_all) stamped at the latest migration, so the
    CLI accepts it even before the lead regenerates the migration for the alert tables."""
    from alembic import command
    from alembic.config import Config

    from warning.core.db.runtime import MIGRATIONS_DIR

    db = Database(f"sqlite:///{path}")
    Base.metadata.create_all(db.engine)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", db.url)
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.stamp(cfg, "head")
    return db
