"""At least once: a dispatch process killed with SIGKILL mid-batch loses nothing. After a restart
every message is delivered; the only duplicates are rows of the killed lease, counted, and they
carry the same Message-ID as the first copy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config.settings import load_settings
from tests.alerts.conftest import (
    BASE_URL,
    SMTPServer,
    make_notice,
    make_subscriber,
    stamped_database,
)
from warning.core.db import Delivery

BATCH = 5
LEASE = 1.5
MESSAGES = 30


def _dispatch(env: dict[str, str]) -> subprocess.Popen[str]:
    code = "from warning.cli.main import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "alerts", "dispatch"],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_a_dispatch_killed_mid_batch_loses_nothing(tmp_path: Path, smtp: SMTPServer) -> None:
    db = stamped_database(tmp_path / "crash.db")
    alerts_file = tmp_path / "alerts.yml"
    alerts_file.write_text(
        f"batch_size: {BATCH}\nlease_seconds: {LEASE}\nsmtp_concurrency: 1\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        "TBTWATCH_DATABASE_URL": db.url,
        "TBTWATCH_SMTP_HOST": "127.0.0.1",
        "TBTWATCH_SMTP_PORT": str(smtp.port),
        "TBTWATCH_BASE_URL": BASE_URL,
        "TBTWATCH_ALERTS_FILE": str(alerts_file),
        "TBTWATCH_LOG_LEVEL": "WARNING",
    }
    settings = load_settings(database_url=db.url, base_url=BASE_URL)
    with db.sessions() as session:
        for n in range(MESSAGES // 3):
            make_notice(
                session,
                symbol=f"G/TBT/N/USA/{n + 1}",
                member="USA",
                title=f"N{n}",
                categories=("TR04",),
            )
        for email in ("a@example.com", "b@example.com", "c@example.com"):
            make_subscriber(session, settings, email, categories="TR04")
        session.commit()
    smtp.handler.delay = 0.05  # slow enough to be killed in the middle of a batch

    first = _dispatch(env)
    deadline = time.monotonic() + 60
    while len(smtp.handler.messages) < 2 * BATCH + 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    received_before_restart = len(smtp.handler.messages)
    assert received_before_restart < MESSAGES

    with db.sessions() as session:
        leased = session.scalars(select(Delivery.id).where(Delivery.status == "sending")).all()
    assert 0 < len(leased) <= BATCH  # the killed worker's lease, nothing else

    time.sleep(LEASE + 0.2)  # let the killed worker's lease expire
    second = _dispatch(env)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert f"resent after an expired lease {len(leased)}" in out

    with db.sessions() as session:
        stored = dict(session.execute(select(Delivery.message_id, Delivery.reclaims)).all())
        statuses = session.scalars(select(Delivery.status).distinct()).all()
        reclaimed = session.scalar(select(func.sum(Delivery.reclaims)))
    counts = Counter(smtp.handler.ids())
    duplicates = {mid: n for mid, n in counts.items() if n > 1}
    assert statuses == ["sent"] and len(stored) == MESSAGES
    assert set(counts) == set(stored)  # every message delivered, and only these
    assert sum(counts.values()) - MESSAGES == sum(n - 1 for n in duplicates.values())
    assert all(n == 2 for n in duplicates.values())
    assert all(stored[mid] == 1 for mid in duplicates)  # duplicates only from the killed lease
    assert 0 < len(duplicates) <= reclaimed == len(leased) <= BATCH
