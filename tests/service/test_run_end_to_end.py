"""`tbtwatch run` end to end: crawls on the local replica (recorded responses), classification,
flagging, and alerts delivered to a real SMTP server on loopback. With the sources unreachable
it fails fast per source and still alerts on what is stored."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from alerts.categories import load_taxonomy
from alerts.subscriptions import add_subscription, parse_subscriber, parse_subscription
from config.settings import load_settings
from config.sources import load_sources
from crawlers.replica.server import Replica
from tests.alerts.conftest import MailHandler, SMTPServer
from tests.service.conftest import stamp_head
from warning.cli.main import cli
from warning.core.db import JobRun, Notice
from warning.core.db.runtime import Database
from warning.service.demo import replica_sources
from warning.service.status import full_status

ANNA = "anna@example.com"
ZHANG = "zhang@example.com"


@pytest.fixture
def mail_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[SMTPServer]:
    """A real SMTP server (aiosmtpd) on loopback, and settings that send to it."""
    smtp = SMTPServer(MailHandler())
    smtp.start()
    monkeypatch.setenv("TBTWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TBTWATCH_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("TBTWATCH_SMTP_TIMEOUT", "5")
    # The recorded notices are years old; let them be alerted as new.
    alerts = tmp_path / "alerts.yml"
    alerts.write_text("new_notice_max_age_days: 20000\n")
    monkeypatch.setenv("TBTWATCH_ALERTS_FILE", str(alerts))
    yield smtp
    smtp.stop()


def _subscribe(db: Database) -> None:
    settings = load_settings()
    taxonomy = load_taxonomy(settings.taxonomy_file)
    with db.sessions() as session:
        for email, language, keywords in (
            (ANNA, "en", "food,sugar,vehicle"),
            (ZHANG, "zh", "food,vehicle"),
        ):
            add_subscription(
                session,
                parse_subscriber(email, language),
                parse_subscription({"keywords": keywords}, taxonomy),
                settings=settings,
                confirmed=True,
            )
        session.commit()


@pytest.mark.slow
def test_run_crawls_the_replica_and_mails_the_subscribers(
    app_db: Database, mail_env: SMTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp_head(app_db)
    _subscribe(app_db)
    with Replica() as replica:
        sources = replica_sources(load_settings())
        for name, value in replica.environ(*(s.id for s in sources)).items():
            monkeypatch.setenv(name, value)
        result = CliRunner().invoke(cli, ["run", "--since", "2000-01-01"])
    assert result.exit_code == 0, result.output
    assert "eping" in result.output and "dispatch" in result.output
    with app_db.sessions() as session:
        stored = session.scalar(select(func.count()).select_from(Notice))
        pending = session.scalar(
            select(func.count()).select_from(Notice).where(Notice.classified_at.is_(None))
        )
        cycle = session.scalars(select(JobRun).where(JobRun.job == "cycle")).one()
    assert stored >= 10 and pending == 0 and cycle.status == "success"
    anna, zhang = mail_env.handler.to(ANNA), mail_env.handler.to(ZHANG)
    assert anna and zhang
    assert cycle.stats["alerts"]["sent"] == len(mail_env.handler.messages)
    assert all(m["List-Unsubscribe"] for m in anna + zhang)
    with app_db.sessions() as session:
        delays = full_status(session, load_settings())["timeliness"]
    assert delays["seen_to_classified"]["count"] == stored
    assert delays["seen_to_alerted"]["count"] >= 1  # first_alerted_at set by the alerts


@pytest.mark.slow
def test_without_network_each_source_fails_fast_and_stored_notices_are_still_alerted(
    app_db: Database, mail_env: SMTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stamp_head(app_db)
    _subscribe(app_db)
    notices = tmp_path / "notices.jsonl"
    notices.write_text(
        '{"source": "import", "symbol": "G/SPS/N/USA/9999", "domain": "SPS", '
        '"member": "USA", "title": "Maximum residue limits in food", '
        f'"distribution_date": "{time.strftime("%Y-%m-%d")}"}}\n'
    )
    assert CliRunner().invoke(cli, ["notices", "import", str(notices)]).exit_code == 0
    for source in load_sources(load_settings().sources_dir):
        monkeypatch.setenv(
            f"TBTWATCH_SOURCE_{source.upper().replace('-', '_')}_URL", "http://127.0.0.1:9"
        )  # nothing listens on the discard port
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["run"])
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert "cannot reach 127.0.0.1:9 (Connection refused)" in result.output
    assert "failed: eping" in result.output
    assert "run `tbtwatch demo`" in result.output
    with app_db.sessions() as session:
        steps = {r.job: r.status for r in session.scalars(select(JobRun))}
    assert steps["classify"] == steps["flag"] == steps["dispatch"] == "success"
    assert [m["Subject"] for m in mail_env.handler.to(ANNA)]
