"""`tbtwatch status`: what is in the database, per source."""

from __future__ import annotations

import click
from rich.table import Table

from warning.cli.context import App, echo_json, handle_schema_errors, pass_app
from warning.core.status import database_status


@click.command()
@click.option("--json", "as_json", is_flag=True)
@pass_app
@handle_schema_errors
def status(app: App, as_json: bool) -> None:
    """Show each source's notices, last success and last error."""
    with app.ready_db().sessions() as session:
        report = database_status(session)
    if as_json:
        echo_json(report)
        return
    table = Table("source", "notices", "last run", "last success", "last error")
    for row in report["sources"]:
        table.add_row(
            row["id"],
            str(row["notices"]),
            str(row["last_run_at"] or "never"),
            str(row["last_success_at"] or "never"),
            (row["last_error"] or "")[:60],
        )
    app.console.print(table)
    totals = report["totals"]
    click.echo(
        f"notices {totals['notices']}, measures {totals['measures']}, "
        f"pending classification {totals['unclassified']}, flagged {totals['flagged']}"
    )
