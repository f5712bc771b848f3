"""`tbtwatch run`: one whole cycle now (crawl → classify → flag → alerts), then a summary."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import click

from config.sources import SourceConfigError, select_sources
from warning.cli.context import App, handle_schema_errors, pass_app
from warning.cli.cycle_view import CycleDisplay, summary_table
from warning.service.context import ServiceContext
from warning.service.cycle import CycleReport, run_cycle
from warning.service.lease import current_holder
from warning.service.schedule import ScheduleError


def source_names(values: tuple[str, ...]) -> list[str]:
    """`--sources eping,fedreg --sources rasff` → every name, in order, once."""
    names = [n.strip() for value in values for n in value.split(",") if n.strip()]
    return list(dict.fromkeys(names))


@contextmanager
def stop_on_signals(ctx: ServiceContext) -> Iterator[None]:
    """SIGINT/SIGTERM: finish the step under way, start no other (a crawl stops cleanly)."""

    def handler(signum: int, _frame: object) -> None:
        click.echo(f"{signal.Signals(signum).name}: finishing the current step", err=True)
        ctx.request_stop()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run_now(app: App, sources: list[str], since: date | None) -> CycleReport:
    try:
        configs = select_sources(sources, app.settings.sources_dir)
        ctx = ServiceContext.create(app.settings, app.ready_db())
    except (SourceConfigError, ScheduleError) as exc:
        raise click.ClickException(str(exc)) from None
    with ctx.db.sessions() as session:
        lease = current_holder(session)
    if lease and lease["alive"]:
        click.echo(
            f"note: a scheduler is running ({lease['holder']}); this cycle runs beside it",
            err=True,
        )
    with stop_on_signals(ctx), CycleDisplay(app.console) as display:
        report = run_cycle(ctx, configs, since=since, progress=display)
    app.console.print(summary_table(report))
    return report


@click.command("run")
@click.option(
    "--sources",
    multiple=True,
    metavar="ID[,ID...]",
    help="Crawl only these sources (default: every enabled one).",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Crawl from this date (default: each source's cursor).",
)
@pass_app
@handle_schema_errors
def run(app: App, sources: tuple[str, ...], since: datetime | None) -> None:
    """Run one whole cycle now: crawl, classify, flag and send alerts; exit 1 if a stage failed."""
    report = run_now(app, source_names(sources), since.date() if since else None)
    if not report.ok:
        failed = [c.source for c in report.crawls if not c.ok]
        failed += [s.name for s in report.steps if not s.ok]
        click.echo(f"failed: {', '.join(failed)}", err=True)
        if report.crawls and all((c.error or "").startswith("cannot ") for c in report.crawls):
            click.echo(
                "No source could be reached from this machine. For a first look without "
                "internet, run `tbtwatch demo`: it crawls recorded real notices locally.",
                err=True,
            )
        sys.exit(1)
