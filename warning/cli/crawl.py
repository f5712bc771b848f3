"""`tbtwatch crawl`: crawl sources now, with a progress display and a report table.

All named sources (every enabled one by default) run side by side in this process; one failing
never stops the others, and the exit status is 1 when any failed. The reports are also saved in
`job_run` and on each source's row (`tbtwatch status`).
"""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from config.sources import SourceConfigError, select_sources
from crawlers.report import CrawlReport
from crawlers.runner import parse_overrides, run_crawls
from warning.cli.context import App, echo_json, handle_schema_errors, pass_app


class CrawlProgress:
    """One line per source: a spinner, the counts so far, then the outcome."""

    def __init__(self, console: Console):
        self.display = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.tasks: dict[str, Any] = {}
        self.counts: dict[str, dict[str, int]] = {}

    def __enter__(self) -> CrawlProgress:
        self.display.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.display.stop()

    def started(self, source: str) -> None:
        self.counts[source] = {"new": 0, "changed": 0, "unchanged": 0, "skipped": 0}
        self.tasks[source] = self.display.add_task(source, total=None, counts="starting")

    def item(self, source: str, status: str) -> None:
        counts = self.counts[source]
        counts[status] = counts.get(status, 0) + 1
        text = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
        self.display.update(self.tasks[source], counts=text)

    def finished(self, report: CrawlReport) -> None:
        mark = "[green]ok[/]" if report.ok else "[red]FAILED[/]"
        self.display.update(
            self.tasks[report.source], description=f"{report.source} {mark}", total=1, completed=1
        )


def report_table(reports: list[CrawlReport]) -> Table:
    table = Table(
        "source",
        "status",
        "new",
        "changed",
        "unchanged",
        "skipped",
        "errors",
        "unknown fields",
        "duration",
        title="crawl report",
    )
    for r in reports:
        unknown = ", ".join(
            [f"{name} ({n})" for name, n in sorted(r.unknown_fields.items())]
            + [f"member in {feed} ({n})" for feed, n in sorted(r.member_unknown.items())]
        )
        table.add_row(
            r.source,
            "[green]ok[/]" if r.ok else "[red]failed[/]",
            str(r.new),
            str(r.changed),
            str(r.unchanged),
            str(r.skipped),
            str(r.errors),
            unknown or "-",
            f"{r.duration:.1f} s",
        )
    return table


def failure_lines(reports: list[CrawlReport]) -> list[str]:
    return [f"{r.source}: {message}" for r in reports for message in r.messages]


@click.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Crawl from this date instead of each source's cursor.",
)
@click.option(
    "--backfill",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[FILE_OR_URL]",
    help="eping only: load the bulk Excel export (default: its URL) instead.",
)
@click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="A Scrapy setting for this run (e.g. -s DOWNLOAD_DELAY=0).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON report per source.")
@pass_app
@handle_schema_errors
def crawl(
    app: App,
    sources: tuple[str, ...],
    since: Any,
    backfill: str | None,
    settings: tuple[str, ...],
    as_json: bool,
) -> None:
    """Crawl SOURCES now (default: every enabled source) and print a report."""
    try:
        configs = select_sources(list(sources), app.settings.sources_dir)
        overrides = parse_overrides(list(settings))
    except (SourceConfigError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    extra: dict[str, dict[str, Any]] = {}
    if backfill is not None:
        if [c.id for c in configs] != ["eping"]:
            raise click.UsageError("--backfill applies to the eping source alone")
        extra["eping"] = {"backfill": backfill or True}
    app.ready_db()
    show = app.console.is_terminal and not as_json
    kwargs = {
        "app": app.settings,
        "since": since.date() if since else None,
        "overrides": overrides,
        "spider_kwargs": extra,
    }
    if show:
        with CrawlProgress(app.console) as progress:
            reports = run_crawls(configs, progress=progress, **kwargs)
    else:
        reports = run_crawls(configs, **kwargs)
    if as_json:
        for report in reports:
            echo_json(report.to_dict())
    else:
        Console().print(report_table(reports))
        for line in failure_lines(reports):
            click.echo(f"FAILED {line}", err=True)
    if not all(r.ok for r in reports):
        raise SystemExit(1)
