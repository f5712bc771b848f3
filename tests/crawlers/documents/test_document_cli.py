"""`tbtwatch parse FILE` through the real CLI: one JSON object on stdout, clear errors and exit
codes for bad input, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SHARED
from tests.crawlers.documents.pdfwriter import make_pdf
from warning.cli.main import cli

SAMPLE = SHARED / "samples" / "wto-notifications-en" / "docslib_G_SPS_N_RUS_56_Add1.txt"
FORM = (
    "G/TBT/N/JPN/800\n12 May 2023\nNOTIFICATION\n1. Notifying Member: JAPAN\n"
    "2. Agency responsible: Ministry of Economy, Trade and Industry\n"
    "4. Products covered: Lithium-ion batteries (HS 8507.60)\n"
    "10. Final date for comments: 11 July 2023\n"
)


def run(*args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["parse", *args], input=stdin)


def test_it_prints_exactly_one_json_object(tmp_path: Path) -> None:
    path = tmp_path / "notification.txt"
    path.write_text(FORM, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1
    data = json.loads(result.stdout)
    for key in (
        "symbols",
        "domain",
        "doc_type",
        "member",
        "title",
        "description",
        "products",
        "hs_codes",
        "ics_codes",
        "objectives",
        "distribution_date",
        "comment_deadline",
        "adoption_date",
        "entry_into_force_date",
        "addendum_reasons",
        "language",
    ):
        assert key in data
    assert data["symbols"] == ["G/TBT/N/JPN/800"] and data["hs_codes"] == ["850760"]
    assert data["comment_deadline"] == "2023-07-11"


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared/samples missing")
@pytest.mark.parametrize("flags", [[], ["--body-only"]])
def test_it_reads_a_sample_file_as_it_is(flags: list[str]) -> None:
    result = run(*flags, str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["symbols"] == ["G/SPS/N/RUS/56/Add.1"]


def test_it_reads_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notification.pdf"
    path.write_bytes(make_pdf(FORM.split("\n")))
    result = run("--pretty", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["member"] == "JPN"


def test_it_reads_standard_input() -> None:
    result = run("-", stdin=FORM.encode())
    assert result.exit_code == 0 and json.loads(result.stdout)["member"] == "JPN"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02\xff" * 300, "binary data"),
        (b"%PDF-1.7\n%%%% broken", "unreadable PDF"),
    ],
)
def test_bad_input_is_a_clear_error_with_exit_1(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "download.bin"
    path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"error: {path}: " in result.stderr and message in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nowhere.pdf"))
    assert result.exit_code == 1 and "cannot read" in result.stderr


def test_text_that_is_no_notification_prints_its_json_and_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "menu.txt"
    path.write_text("Lunch menu\nSoup of the day\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 3
    assert json.loads(result.stdout)["symbols"] == []
    assert "nothing" in result.stderr or "no notification" in result.stderr


def test_a_parser_failure_is_reported_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise IndexError("list index out of range")

    monkeypatch.setattr("warning.cli.parse.parse_document", broken)
    path = tmp_path / "notification.txt"
    path.write_text(FORM, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 2
    assert "the parser failed (IndexError" in result.stderr and "Traceback" not in result.output
