"""`tbtwatch crawl`: the report table, JSON output, exit status and argument checks."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.crawlers.conftest import in_fork
from warning.cli.main import cli

FAST = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=0",
    "-s",
    "TBTWATCH_RETRY_BACKOFF_BASE=0.01",
    "-s",
    "RETRY_TIMES=1",
]


def invoke(*args: str) -> tuple[int, str, str]:
    def run() -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return in_fork(run)


def test_it_prints_a_report_table_and_exits_0(replica):
    code, out, _ = invoke("crawl", "eping", "fedreg", "--since", "2000-01-01", *FAST)
    assert code == 0
    assert "crawl report" in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if "│ ok" in line}
    assert set(rows) == {"eping", "fedreg"}
    assert "│ 9 " in rows["eping"]


def test_a_failed_source_exits_1_and_says_why(replica, monkeypatch):
    monkeypatch.setenv("TBTWATCH_SOURCE_FEEDS_URL", "http://127.0.0.1:9")
    code, _, err = invoke("crawl", "feeds", "--since", "2000-01-01", *FAST)
    assert code == 1
    assert "FAILED feeds: source down:" in err


def test_json_gives_one_report_per_line(replica):
    code, out, _ = invoke("crawl", "fedreg", "--since", "2000-01-01", "--json", *FAST)
    [report] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and report["source"] == "fedreg" and report["new"] == 1


def test_backfill_reads_the_bulk_export(replica):
    code, out, _ = invoke("crawl", "eping", "--backfill", "--json", *FAST)
    [report] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and report["new"] == 17


def test_backfill_is_for_eping_alone():
    result = CliRunner().invoke(cli, ["crawl", "fedreg", "--backfill"])
    assert result.exit_code == 2 and "--backfill applies to the eping source alone" in result.output


def test_an_unknown_source_is_refused_before_anything_runs():
    result = CliRunner().invoke(cli, ["crawl", "nosuch"])
    assert result.exit_code == 1 and "unknown source(s) nosuch" in result.output


def test_a_malformed_setting_is_refused():
    result = CliRunner().invoke(cli, ["crawl", "eping", "-s", "NOEQUALS"])
    assert result.exit_code == 1 and "expected NAME=VALUE" in result.output


def test_the_progress_display_shows_counts_and_the_outcome():
    from io import StringIO

    from rich.console import Console

    from crawlers.report import CrawlReport
    from warning.cli.crawl import CrawlProgress

    buffer = StringIO()
    with CrawlProgress(Console(file=buffer, force_terminal=True, width=100)) as progress:
        progress.started("eping")
        progress.item("eping", "new")
        progress.item("eping", "new")
        progress.item("eping", "skipped")
        progress.finished(CrawlReport(source="eping", status="success"))
    assert progress.counts["eping"] == {"new": 2, "changed": 0, "unchanged": 0, "skipped": 1}
    from rich.text import Text

    shown = Text.from_ansi(buffer.getvalue()).plain
    assert "2 new, 1 skipped" in shown and "eping ok" in shown


def test_the_table_names_the_feeds_whose_entries_have_no_member():
    from io import StringIO

    from rich.console import Console

    from crawlers.report import CrawlReport
    from warning.cli.crawl import report_table

    report = CrawlReport(
        source="feeds",
        status="success",
        unknown_fields={"media_rating": 1},
        member_unknown={"relayed": 2},
    )
    buffer = StringIO()
    Console(file=buffer, width=200).print(report_table([report]))
    assert "media_rating (1), member in relayed (2)" in buffer.getvalue()
