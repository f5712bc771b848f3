"""Fixtures for the service: the application database at the settings' URL (subprocesses read
the same settings), and the fake crawler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import Settings
from warning.core.db import Base
from warning.core.db.runtime import Database

ROOT = Path(__file__).resolve().parents[2]
FAKE_CRAWLER = ROOT / "tests" / "data" / "service" / "fake_crawler.py"


@pytest.fixture
def app_db(settings: Settings) -> Iterator[Database]:
    """The database the settings name, with every table: what a subprocess would open too."""
    db = Database(settings.database_url)
    Base.metadata.create_all(db.engine)
    yield db
    db.engine.dispose()


@pytest.fixture
def marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "marks"
    folder.mkdir()
    monkeypatch.setenv("FAKE_CRAWLER_MARKS", str(folder))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return folder


SOURCES = ROOT / "tests" / "data" / "service" / "sources"


@pytest.fixture
def listening(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A local HTTP server standing for the fake source's host (the cycle checks it answers)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("TBTWATCH_SOURCE_FAKE_URL", url)
    yield url
    server.shutdown()
    server.server_close()


def write_schedule(path: Path, *, extra: str = "") -> Path:
    """A schedule whose crawls run the fake crawler, with a short lease for quick take-overs."""
    path.write_text(
        "crawl:\n"
        f"  command: ['{{python}}', '{FAKE_CRAWLER}']\n"
        "  time_limit_minutes: 1\n"
        "lease:\n"
        "  ttl_seconds: 3\n"
        "  renew_seconds: 0.5\n" + extra
    )
    return path


@pytest.fixture
def service_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marks: Path) -> Path:
    """Settings for a scheduler on the fake source (also seen by subprocesses)."""
    schedule = write_schedule(tmp_path / "schedule.yml")
    monkeypatch.setenv("TBTWATCH_SCHEDULE_FILE", str(schedule))
    monkeypatch.setenv("TBTWATCH_SOURCES_DIR", str(SOURCES))
    return schedule


def store_scheduler(db: Database):
    """A paused scheduler on the application's job store (for arranging stored jobs)."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    from warning.service.scheduler import JOBSTORE_TABLE

    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=db.engine, tablename=JOBSTORE_TABLE)},
        timezone="Asia/Shanghai",
    )
    scheduler.start(paused=True)
    return scheduler


def make_overdue(db: Database, job_name: str) -> None:
    """Store the configured jobs as a first start would, then make `job_name` due already."""
    from datetime import timedelta

    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    from config.settings import load_settings
    from warning.core.db.base import utcnow
    from warning.service.context import ServiceContext
    from warning.service.scheduler import JOBSTORE_TABLE, Service, reconcile

    specs = Service(ServiceContext.create(load_settings(), db)).configured_specs()
    scheduler = store_scheduler(db)
    reconcile(scheduler, specs, utcnow())
    scheduler.shutdown()
    # Edited in the store with no scheduler running, so none can fire (or reschedule) it here.
    store = SQLAlchemyJobStore(engine=db.engine, tablename=JOBSTORE_TABLE)
    store.start(BackgroundScheduler(), "default")
    job = store.lookup_job(next(s.id for s in specs if s.name == job_name))
    job.next_run_time = utcnow() - timedelta(seconds=30)
    store.update_job(job)


def stamp_head(db: Database) -> None:
    """Mark a database made by `create_all` as migrated, so the CLI accepts it."""
    from alembic import command
    from alembic.config import Config

    from warning.core.db.runtime import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", db.url)
    command.stamp(config, "head")
