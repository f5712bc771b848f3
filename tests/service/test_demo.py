"""`tbtwatch demo --no-serve`: a whole cycle on the replica into its own folder, with two
subscribers whose emails land in the file outbox, and a reviewer who can log in."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.service.conftest import stamp_head
from warning.cli.main import cli
from warning.core.db import Base, Notice
from warning.core.db.runtime import Database
from warning.core.users import authenticate
from warning.service.demo import REVIEWER


def _demo_database(folder: Path) -> Database:
    """The demo's database made ahead, at the latest schema (the demo then only upgrades)."""
    folder.mkdir(parents=True)
    db = Database(f"sqlite:///{folder.resolve() / 'tbtwatch.db'}")
    Base.metadata.create_all(db.engine)
    stamp_head(db)
    return db


@pytest.mark.slow
def test_demo_runs_a_cycle_and_its_outbox_holds_the_emails(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TBTWATCH_SMTP_HOST", "smtp.invalid")  # the demo must not use it
    folder = tmp_path / "demo"
    db = _demo_database(folder)
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    emails = [
        message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in sorted((folder / "outbox").glob("*.eml"))
    ]
    to = {str(m["To"]) for m in emails}
    assert any("zhang.wei@example.com" in t for t in to)
    assert any("anna.lee@example.com" in t for t in to)
    languages = {str(m["To"]).split("<")[-1]: m["Content-Language"] for m in emails}
    assert languages["zhang.wei@example.com>"].startswith("zh")
    assert languages["anna.lee@example.com>"] == "en"
    assert f"{len(emails)} in {folder.resolve() / 'outbox'}" in result.output
    password = result.output.split(f"reviewer login: {REVIEWER} / ")[1].split()[0]
    with db.sessions() as session:
        assert authenticate(session, REVIEWER, password) is not None
        assert session.scalar(select(func.count()).select_from(Notice)) >= 10
        flagged = select(func.count()).select_from(Notice).where(Notice.flagged.is_(True))
        assert session.scalar(flagged) >= 1  # the reviewer's queue has something to show
    assert not (tmp_path / "var" / "tbtwatch.db").exists()  # the real data was not touched
