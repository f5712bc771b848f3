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
