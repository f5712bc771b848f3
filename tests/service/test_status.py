"""Status for the operator: `tbtwatch status`, `/healthz` and `/status`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from config.settings import Settings, load_settings
from tests.service.conftest import make_overdue, stamp_head
from warning.cli.main import cli
from warning.core.db import Delivery, JobRun, Notice, Source, Subscriber
from warning.core.db.base import utcnow
from warning.core.db.runtime import Database
from warning.service.lease import Lease
from warning.service.status import full_status
from warning.web.routes import health


def _fill(db: Database) -> None:
    now = utcnow()
    with db.sessions() as session:
        session.add(
            Source(
                id="fake",
                last_success_at=now - timedelta(days=1),
                last_error="source down: connection refused",
                last_error_at=now - timedelta(hours=1),
                last_counts={"new": 3},
            )
        )
        session.flush()
        session.add(
            Notice(
                identity="G/TBT/N/USA/1",
                source_id="fake",
                domain="TBT",
                doc_type="regular",
                title="t",
                content_hash="h",
                distribution_date=(now - timedelta(days=1)).date(),
                first_seen_at=now - timedelta(hours=5),
                classified_at=now - timedelta(hours=4),
                first_alerted_at=now - timedelta(hours=2),
            )
        )
        subscriber = Subscriber(email="a@example.com", language="en")
        session.add(subscriber)
        session.flush()
        for n, status in enumerate(["pending", "pending", "failed", "sent"]):
            session.add(
                Delivery(
                    key=f"k{n}",
                    subscriber_id=subscriber.id,
                    kind="new",
                    status=status,
                    created_at=now - timedelta(hours=n),
                )
            )
        session.add(JobRun(job="flag", status="success", started_at=now, finished_at=now))
        session.commit()


def test_full_status_has_sources_jobs_outbox_and_timeliness(
    app_db: Database, service_env: Path
) -> None:
    settings = load_settings()
    _fill(app_db)
    make_overdue(app_db, "crawl:fake")
    Lease(app_db.sessions, holder="host:1").acquire()
    with app_db.sessions() as session:
        report = full_status(session, settings)
    [source] = report["sources"]
    assert source["last_error"].startswith("source down") and not report["ok"]
    assert report["outbox"]["backlog"] == 2 and report["outbox"]["failed"] == 1
    assert report["outbox"]["oldest_pending_hours"] >= 1
    jobs = {job["name"]: job for job in report["scheduler"]["jobs"]}
    assert jobs["crawl:fake"]["state"] == "overdue"
    assert jobs["daily_digest"]["state"] == "scheduled"
    assert jobs["daily_digest"]["next_run_at"] > utcnow()
    assert jobs["flag"]["last_status"] == "success"
    assert report["scheduler"]["lease"]["holder"] == "host:1"
    assert report["timeliness"]["seen_to_alerted"]["median_hours"] == 3.0


def test_jobs_are_shown_before_the_scheduler_ever_ran(app_db: Database, service_env: Path) -> None:
    settings = load_settings()
    with app_db.sessions() as session:
        report = full_status(session, settings)
    assert {j["state"] for j in report["scheduler"]["jobs"]} == {"not yet scheduled"}
    assert report["scheduler"]["lease"] is None and report["ok"]


def test_a_bad_schedule_shows_in_status(app_db: Database, service_env: Path) -> None:
    settings = load_settings()
    service_env.write_text("jobs:\n  flag: {cron: 'never'}\n")
    with app_db.sessions() as session:
        report = full_status(session, settings)
    assert "jobs.flag.cron" in report["scheduler"]["error"] and not report["ok"]


def test_the_status_command_shows_jobs_backlog_and_delays(
    app_db: Database, service_env: Path
) -> None:
    stamp_head(app_db)
    _fill(app_db)
    result = CliRunner().invoke(cli, ["status"])
    assert result.exit_code == 0, result.output
    assert "crawl:fake" in result.output and "30 5 * * *" in result.output
    assert "scheduler: not running" in result.output
    assert (
        "outbox: 2 waiting (2 pending, 0 sending" in result.output and "1 failed" in result.output
    )
    assert "first seen → first alerted: median 3.0 h" in result.output
    data = json.loads(CliRunner().invoke(cli, ["status", "--json"]).output)
    assert {"sources", "totals", "outbox", "timeliness", "scheduler", "runs"} <= set(data)
    assert "daily_digest" in {job["name"] for job in data["scheduler"]["jobs"]}


def _client(database: Database, settings: Settings) -> TestClient:
    app = FastAPI()
    app.state.db, app.state.settings = database, settings
    app.include_router(health.router)
    return TestClient(app)


def test_healthz_answers_when_the_database_does(app_db: Database, settings: Settings) -> None:
    response = _client(app_db, settings).get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_healthz_fails_when_the_database_does_not(tmp_path: Path, settings: Settings) -> None:
    broken = Database(f"sqlite:///{tmp_path}")  # a folder, not a database file
    response = _client(broken, settings).get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "error"


def test_status_is_json(app_db: Database, service_env: Path) -> None:
    settings = load_settings()
    _fill(app_db)
    response = _client(app_db, settings).get("/status")
    assert response.status_code == 200
    body = response.json()
    assert body["outbox"]["backlog"] == 2 and body["sources"][0]["id"] == "fake"
    datetime.fromisoformat(body["scheduler"]["jobs"][0]["next_run_at"]).astimezone(UTC)
