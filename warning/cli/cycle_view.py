"""How a cycle shows on a terminal: a live line per source and step while it runs, then the
summary table. Off a terminal (cron, CI) each event is one plain log line instead."""

from __future__ import annotations

import threading
from types import TracebackType

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from warning.service.crawl import CrawlOutcome
from warning.service.cycle import CycleReport
from warning.service.runs import StepResult

MARK = {"success": "[green]ok[/]", "skipped": "skipped", "interrupted": "[yellow]stopped[/]"}


def _mark(status: str) -> str:
    return MARK.get(status, "[red]FAILED[/]")


class CycleDisplay:
    """A `CycleProgress` for the terminal; use as a context manager around the cycle."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = console.is_terminal
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {}
        self.lock = threading.Lock()

    def __enter__(self) -> CycleDisplay:
        if self.live:
            self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.live:
            self.progress.stop()

    def _begin(self, key: str, text: str) -> None:
        with self.lock:
            if self.live:
                self.tasks[key] = self.progress.add_task(text, total=1)
            else:
                click.echo(text + " ...", err=True)

    def _end(self, key: str, text: str) -> None:
        with self.lock:
            if self.live and key in self.tasks:
                self.progress.update(self.tasks[key], description=text, completed=1)
            elif not self.live:
                click.echo(click.unstyle(text.replace("[/]", "")), err=True)

    def crawl_started(self, source: str) -> None:
        self._begin(f"crawl:{source}", f"crawling {source}")

    def crawl_finished(self, outcome: CrawlOutcome) -> None:
        detail = f"{outcome.new} new, {outcome.changed} changed" if outcome.ok else outcome.error
        self._end(
            f"crawl:{outcome.source}",
            f"crawl {outcome.source}: {_plain(outcome.status)} ({detail})",
        )

    def step_started(self, name: str) -> None:
        self._begin(name, f"{name}")

    def step_finished(self, result: StepResult) -> None:
        detail = result.error or ", ".join(
            f"{k} {v}" for k, v in result.stats.items() if isinstance(v, int)
        )
        self._end(result.name, f"{result.name}: {_plain(result.status)} ({detail})")


def _plain(status: str) -> str:
    return {"success": "ok", "interrupted": "stopped"}.get(status, status)


def summary_table(report: CycleReport, title: str = "tbtwatch run") -> Table:
    """Per source: result, new, changed, errors; then one row per step with its figures."""
    table = Table("source / step", "result", "new", "changed", "errors", "detail", title=title)
    for crawl in report.crawls:
        table.add_row(
            crawl.source,
            _mark(crawl.status),
            str(crawl.new),
            str(crawl.changed),
            str(crawl.errors),
            (crawl.error or "")[:100],
        )
    summary = report.summary()
    figures = {
        "classify": f"classified {summary['classified']}",
        "flag": f"flagged {summary['flagged']}",
        "dispatch": "alerts queued {queued}, sent {sent}, failed {failed}".format(
            **summary["alerts"]
        ),
    }
    for step in report.steps:
        detail = step.error or figures.get(step.name, "")
        table.add_row(step.name, _mark(step.status), "", "", "", detail[:100])
    return table
