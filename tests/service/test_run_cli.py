"""`tbtwatch run` arguments."""

from __future__ import annotations

from click.testing import CliRunner

from tests.service.conftest import stamp_head
from warning.cli.main import cli
from warning.cli.run import source_names
from warning.core.db.runtime import Database


def test_sources_may_be_listed_with_commas_or_repeated() -> None:
    assert source_names(("eping,fedreg", " rasff ", "eping")) == ["eping", "fedreg", "rasff"]


def test_an_unknown_source_is_refused_with_the_known_ones(app_db: Database) -> None:
    stamp_head(app_db)
    result = CliRunner().invoke(cli, ["run", "--sources", "eping,nope"])
    assert result.exit_code == 1
    assert "unknown source(s) nope; configured: eping" in result.output


def test_a_bad_date_is_refused() -> None:
    result = CliRunner().invoke(cli, ["run", "--since", "yesterday"])
    assert result.exit_code == 2 and "--since" in result.output
