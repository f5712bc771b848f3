"""`tbtwatch db upgrade`, `notices import|list|show` and `status` through the real CLI."""

import json
from pathlib import Path

from click.testing import CliRunner

from warning.cli.main import cli

LINES = [
    {
        "source": "import",
        "symbol": "G/TBT/N/EU/1004",
        "title": "<b>Batteries</b>",
        "member": "EU",
        "hs_codes": ["8507"],
        "comment_deadline": "2026-04-21",
        "distribution_date": "2026-02-20",
    },
    {"source": "import", "symbol": "G/TBT/N/EU/1004/Add.1", "title": "Addendum", "colour": "red"},
    "this line is not JSON",
    {"source": "import", "title": "no identity"},
    {
        "source": "import",
        "symbol": "G/TBT/N/EU/1004/Add.2",
        "title": "Adopted",
        "domain": "TBT",
        "comment_deadline": "to be determined",
    },
    {"source": "import", "external_id": "x-1", "domain": "spaceship", "title": "Bad domain"},
]


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "notices.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in LINES) + "\n"
    )
    return path


def test_import_reports_bad_lines_by_number_and_keeps_the_good_ones(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["notices", "import", str(_write(tmp_path))])
    assert result.exit_code == 1
    assert "new 2, changed 0, unchanged 0, errors 4" in result.output
    assert ":2: unknown keys: colour" in result.output
    assert ":3: not valid JSON" in result.output
    assert ":4: record: a notice needs a WTO symbol or an external_id" in result.output
    assert ":6: domain: domain must be one of" in result.output


def test_a_second_import_changes_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    path = _write(tmp_path)
    runner.invoke(cli, ["notices", "import", str(path)])
    result = runner.invoke(cli, ["notices", "import", str(path)])
    assert "new 0, changed 0, unchanged 2" in result.output


def test_list_json_gives_every_stored_field(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["notices", "import", str(_write(tmp_path))])
    result = runner.invoke(cli, ["notices", "list", "--json", "--member", "EU"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0
    assert {r["identity"] for r in rows} == {"G/TBT/N/EU/1004", "G/TBT/N/EU/1004/Add.2"}
    first = next(r for r in rows if r["identity"] == "G/TBT/N/EU/1004")
    assert first["title"] == "Batteries" and first["hs_codes"] == ["8507"]
    assert first["comment_deadline"] == "2026-04-21"
    assert first["measure_key"] == "G/TBT/N/EU/1004"
    assert "raw" in first and "content_hash" in first


def test_show_finds_a_notice_by_symbol_and_says_when_there_is_none(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["notices", "import", str(_write(tmp_path))])
    found = runner.invoke(cli, ["notices", "show", "G/TBT/N/EU/1004/ADD.2", "--json"])
    assert json.loads(found.output)["comment_deadline_text"] == "to be determined"
    missing = runner.invoke(cli, ["notices", "show", "G/TBT/N/XYZ/1"])
    assert missing.exit_code == 1 and "no notice 'G/TBT/N/XYZ/1'" in missing.output


def test_db_upgrade_and_status(tmp_path: Path) -> None:
    runner = CliRunner()
    upgraded = runner.invoke(cli, ["db", "upgrade"])
    assert upgraded.exit_code == 0 and "is at revision" in upgraded.output
    runner.invoke(cli, ["notices", "import", str(_write(tmp_path))])
    status = runner.invoke(cli, ["status", "--json"])
    report = json.loads(status.output)
    assert report["totals"]["notices"] == 2
    assert report["sources"][0]["id"] == "import"


def test_a_bad_setting_stops_the_cli_with_the_variable_named(monkeypatch) -> None:
    monkeypatch.setenv("TBTWATCH_SMTP_PORT", "not-a-port")
    result = CliRunner().invoke(cli, ["status"])
    assert result.exit_code != 0
    assert "TBTWATCH_SMTP_PORT" in result.output
