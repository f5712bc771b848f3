"""Two scheduler processes on one database: one runs each job; when it dies, the other takes
over once its lease has expired."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.service.conftest import ROOT, make_overdue
from warning.core.db import JobRun
from warning.core.db.runtime import Database

PROCESS = ROOT / "tests" / "data" / "service" / "scheduler_process.py"


def _spawn() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(PROCESS), "60"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )


def _wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("condition not met in time")
        time.sleep(0.1)


def _count(db: Database, job: str) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).where(JobRun.job == job))


def _leaders(marks: Path) -> list[int]:
    return [int(p.name.split(".")[1]) for p in marks.glob("leading.*")]


def _stop(*processes: subprocess.Popen[bytes]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        assert process.wait(30) == 0


@pytest.mark.slow
def test_two_processes_run_a_due_job_once(
    app_db: Database, service_env: Path, marks: Path, listening: str
) -> None:
    make_overdue(app_db, "crawl:fake")
    first, second = _spawn(), _spawn()
    try:
        _wait_for(lambda: (marks / "fake.started").exists() and _count(app_db, "crawl:fake"))
        _wait_for(lambda: _count(app_db, "dispatch") >= 1)  # the crawl job's last step
        time.sleep(2)  # time for a second run, if the lease let one happen
    finally:
        _stop(first, second)
    assert len(_leaders(marks)) == 1
    assert _count(app_db, "crawl:fake") == 1 and _count(app_db, "crawl") == 1


@pytest.mark.slow
def test_when_the_leader_dies_the_other_takes_over(
    app_db: Database, service_env: Path, marks: Path, listening: str
) -> None:
    first, second = _spawn(), _spawn()
    try:
        _wait_for(lambda: len(_leaders(marks)) == 1)
        [leader_pid] = _leaders(marks)
        leader, standby = (first, second) if first.pid == leader_pid else (second, first)
        leader.kill()  # no shutdown, no release: the lease must expire (ttl 3 s)
        leader.wait()
        died = time.monotonic()
        _wait_for(lambda: (marks / f"leading.{standby.pid}").exists(), timeout=15)
        assert time.monotonic() - died < 3 + 0.5 + 2
    finally:
        _stop(standby)
