"""`tbtwatch status`: each source's state, the next run of each job, the outbox backlog and
timeliness."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import click
from rich.table import Table

from warning.cli.context import App, echo_json, handle_schema_errors, pass_app
from warning.service.status import full_status


def _when(value: datetime | None, zone: tzinfo, never: str = "never") -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else never


def _hours(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} d"


@click.command()
@click.option("--json", "as_json", is_flag=True)
@pass_app
@handle_schema_errors
def status(app: App, as_json: bool) -> None:
    """Show sources, the next run of each job, the outbox backlog and timeliness."""
    with app.ready_db().sessions() as session:
        report = full_status(session, app.settings)
    if as_json:
        echo_json(report)
        return
    zone = app.settings.tz
    _sources(app, report, zone)
    _jobs(app, report["scheduler"], zone)
    totals, outbox = report["totals"], report["outbox"]
    click.echo(
        f"notices {totals['notices']}, measures {totals['measures']}, "
        f"pending classification {totals['unclassified']}, flagged {totals['flagged']}"
    )
    click.echo(
        f"outbox: {outbox['backlog']} waiting ({outbox['pending']} pending, {outbox['sending']} "
        f"sending; oldest {_hours(outbox['oldest_pending_hours'])}), {outbox['failed']} failed, "
        f"{outbox['sent']} sent"
    )
    _timeliness(report["timeliness"])


def _sources(app: App, report: dict[str, Any], zone: tzinfo) -> None:
    table = Table("source", "notices", "last run", "last success", "last counts", "last error")
    for row in report["sources"]:
        counts = row["last_counts"] or {}
        table.add_row(
            row["id"],
            str(row["notices"]),
            _when(row["last_run_at"], zone),
            _when(row["last_success_at"], zone),
            " ".join(f"{k} {counts[k]}" for k in ("new", "changed", "errors") if k in counts),
            (row["last_error"] or "")[:80],
        )
    app.console.print(table)


def _jobs(app: App, scheduler: dict[str, Any], zone: tzinfo) -> None:
    if scheduler["error"]:
        click.echo(f"schedule: cannot be used: {scheduler['error']}")
    lease = scheduler["lease"]
    if lease and lease["alive"]:
        click.echo(f"scheduler: running in {lease['holder']}")
    else:
        click.echo("scheduler: not running (no `tbtwatch serve` holds the lease)")
    table = Table()
    for heading in ("job", "cron", "next run"):
        table.add_column(heading, no_wrap=True)
    for heading in ("last run", "last status", "last error"):
        table.add_column(heading)
    for job in scheduler["jobs"]:
        next_run = _when(job["next_run_at"], zone, "-")
        if job["state"] != "scheduled":
            next_run += f" ({job['state']})"
        table.add_row(
            job["name"],
            job["cron"],
            next_run,
            _when(job["last_started_at"], zone),
            job["last_status"] or "-",
            (job["last_error"] or "")[:60],
        )
    app.console.print(table)


def _timeliness(report: dict[str, Any]) -> None:
    click.echo(f"timeliness over the last {report['days']} days ({report['notices']} notices):")
    labels = {
        "circulated_to_seen": "circulated → first seen",
        "seen_to_classified": "first seen → classified",
        "seen_to_alerted": "first seen → first alerted",
        "circulated_to_alerted": "circulated → first alerted",
    }
    for key, label in labels.items():
        stage = report[key]
        worst = f" ({stage['worst_notice']})" if stage["worst_notice"] else ""
        click.echo(
            f"  {label}: median {_hours(stage['median_hours'])}, worst "
            f"{_hours(stage['worst_hours'])}{worst}, {stage['count']} notices"
        )
