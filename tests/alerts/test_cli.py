"""The commands: `tbtwatch subscribers …` and `tbtwatch alerts dispatch|preview|status`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from config.settings import load_settings
from tests.alerts.conftest import BASE_URL, SMTPServer, make_notice, stamped_database
from warning.cli.main import cli
from warning.core.db import Delivery, Subscriber
from warning.core.db.runtime import Database

DATA = Path(__file__).resolve().parents[1] / "data" / "alerts"


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp: SMTPServer) -> Database:
    db = stamped_database(tmp_path / "cli.db")
    monkeypatch.setenv("TBTWATCH_DATABASE_URL", db.url)
    monkeypatch.setenv("TBTWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TBTWATCH_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("TBTWATCH_BASE_URL", BASE_URL)
    monkeypatch.setenv("TBTWATCH_SECRET_KEY", "cli-test-secret")
    return db


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_and_remove_a_subscriber(cli_db: Database) -> None:
    code, out, _ = invoke(
        "subscribers",
        "add",
        "li@example.cn",
        "--lang",
        "zh",
        "--categories",
        "HT01,TR04",
        "--hs",
        "8517,8415",
        "--markets",
        "EU,USA",
        "--keywords",
        "lithium",
        "--frequency",
        "daily",
        "--name",
        "李明",
    )
    assert code == 0 and "added li@example.cn (awaiting confirmation)" in out
    assert "confirmation email queued" in out
    code, out, _ = invoke("subscribers", "list", "--json")
    assert code == 0 and '"categories": ["HT01", "TR04"]' in out and '"confirmed": false' in out
    code, _, err = invoke("subscribers", "list")  # the table goes where rich tables go
    assert "li@example.cn" in err and "unconfirmed" in err
    code, out, _ = invoke("subscribers", "remove", "li@example.cn")
    assert code == 0 and "removed" in out
    code, _, err = invoke("subscribers", "remove", "li@example.cn")
    assert code == 1 and "no subscriber" in err


def test_add_refuses_bad_input_clearly(cli_db: Database) -> None:
    code, _, err = invoke("subscribers", "add", "x@example.com", "--categories", "HT99")
    assert code == 1 and "categories: unknown HT99" in err
    code, _, err = invoke("subscribers", "add", "x@example.com", "--markets", "Narnia")
    assert code == 1 and "unknown member 'Narnia'" in err


def test_import_reports_bad_rows_by_line_and_keeps_the_good_ones(cli_db: Database) -> None:
    code, out, err = invoke("subscribers", "import", str(DATA / "subscribers.csv"))
    assert code == 1
    assert "subscribers.csv:4: categories: unknown HT77" in err
    assert "subscribers.csv:5: email" in err and "subscribers.csv:7: reminders" in err
    assert "bad rows 3" in out
    with cli_db.sessions() as session:
        assert len(session.scalars(select(Subscriber)).all()) == 3


def test_dispatch_sends_and_a_rerun_sends_nothing(cli_db: Database, smtp: SMTPServer) -> None:
    with cli_db.sessions() as session:
        make_notice(
            session,
            symbol="G/TBT/N/USA/5",
            member="USA",
            title="Air conditioners",
            categories=("TR04",),
            distribution_date=datetime.now(UTC).date().isoformat(),
        )
        session.commit()
    invoke(
        "subscribers",
        "add",
        "op@example.com",
        "--categories",
        "TR04",
        "--confirmed",
        "--lang",
        "en",
    )
    invoke("subscribers", "add", "new@example.com", "--categories", "TR04")
    code, out, _ = invoke("alerts", "dispatch")
    assert code == 0
    assert out.startswith(
        "queued: new 1, digest items 0, digest 0, update 0, reminder 0; "
        "sent 2, failed 0, retrying 0, skipped 0 (via smtp)"
    )
    code, out, _ = invoke("alerts", "dispatch")
    assert "queued: new 0" in out and "sent 0" in out
    assert len(smtp.handler.messages) == 2
    code, out, _ = invoke("alerts", "status")
    assert out.strip() == "pending 0, sending 0, sent 2, failed 0, skipped 0"


def test_dispatch_reports_retries_when_the_server_is_down(
    cli_db: Database, smtp: SMTPServer
) -> None:
    invoke("subscribers", "add", "new@example.com", "--categories", "TR04")
    smtp.stop()
    code, out, _ = invoke("alerts", "dispatch", "--json")
    assert code == 0 and '"retrying": 1' in out and '"sent": 0' in out


def test_preview_renders_without_sending_or_saving(
    cli_db: Database, smtp: SMTPServer, tmp_path: Path
) -> None:
    with cli_db.sessions() as session:
        make_notice(
            session,
            symbol="G/TBT/N/EU/77",
            member="EU",
            title="Toy safety <b>bold</b>",
            categories=("TR06",),
            comment_deadline="2099-01-01",
            distribution_date=datetime.now(UTC).date().isoformat(),
        )
        session.commit()
    invoke(
        "subscribers",
        "add",
        "p@example.com",
        "--categories",
        "TR06",
        "--confirmed",
        "--frequency",
        "weekly",
        "--lang",
        "en",
    )
    html = tmp_path / "preview.html"
    code, out, _ = invoke("alerts", "preview", "p@example.com", "--html", str(html))
    assert code == 0
    assert "=== 1/1 digest: tbtwatch weekly digest: 1 notice" in out
    assert "G/TBT/N/EU/77" in out
    assert "Toy safety" in html.read_text(encoding="utf-8")
    with cli_db.sessions() as session:
        assert session.scalars(select(Delivery)).all() == []
    assert smtp.handler.messages == []
    code, _, err = invoke("alerts", "preview", "nobody@example.com")
    assert code == 1 and "no subscriber" in err


def test_preview_of_an_unconfirmed_subscriber_is_the_confirmation(cli_db: Database) -> None:
    invoke("subscribers", "add", "u@example.com", "--categories", "TR06", "--lang", "zh")
    code, out, _ = invoke("alerts", "preview", "u@example.com")
    assert code == 0 and "confirmation: 请确认您的 tbtwatch 预警订阅" in out


def test_a_bad_alerts_file_is_reported(
    cli_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "alerts.yml"
    bad.write_text("reminder_days: [14, -1]\nbatch_size: many\n", encoding="utf-8")
    monkeypatch.setenv("TBTWATCH_ALERTS_FILE", str(bad))
    assert load_settings().alerts_file == bad
    code, _, err = invoke("alerts", "dispatch")
    assert code == 1 and "reminder_days" in err and "batch_size" in err
