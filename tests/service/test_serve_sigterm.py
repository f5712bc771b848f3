"""`tbtwatch serve` as a real process: it answers /healthz, and on SIGTERM in the middle of a
crawl it lets the step finish cleanly, starts nothing else, and exits 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from tests.service.conftest import ROOT, make_overdue, stamp_head
from warning.core.db import JobRun, SchedulerLease
from warning.core.db.runtime import Database

TBTWATCH = Path(sys.executable).parent / "tbtwatch"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(condition, timeout: float = 30, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} not met in time")
        time.sleep(0.1)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.slow
def test_sigterm_mid_crawl_finishes_the_step_and_exits(
    app_db: Database, service_env: Path, listening: str, marks: Path, monkeypatch
) -> None:
    stamp_head(app_db)
    make_overdue(app_db, "crawl:fake")
    port = free_port()
    env = {
        **os.environ,
        "FAKE_CRAWLER_MODE": "slow",
        "FAKE_CRAWLER_SECONDS": "60",
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [str(TBTWATCH), "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(lambda: (marks / "fake.started").exists(), what="the crawl to start")
        _wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), what="/healthz")
        status = httpx.get(f"http://127.0.0.1:{port}/status", timeout=5).json()
        jobs = {job["name"]: job for job in status["scheduler"]["jobs"]}
        assert status["scheduler"]["lease"]["alive"] and jobs["crawl:fake"]["state"] == "scheduled"
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert (marks / "fake.sigterm").exists() and (marks / "fake.finished").exists()
    with app_db.sessions() as session:
        job = session.scalars(select(JobRun).where(JobRun.job == "crawl:fake")).one()
        assert job.status == "interrupted"
        assert {s["status"] for s in job.stats["steps"].values()} == {"interrupted"}
        crawl = session.scalars(select(JobRun).where(JobRun.job == "crawl")).one()
        assert crawl.status == "interrupted" and crawl.finished_at is not None
        assert session.scalars(select(SchedulerLease)).all() == []  # released for a standby
    assert "SIGTERM received" in output
