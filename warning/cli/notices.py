"""`tbtwatch notices`: list, show and import stored notices."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.table import Table

from warning.cli.context import App, echo_json, handle_schema_errors, pass_app
from warning.core.store.importer import import_lines
from warning.core.store.queries import NoticeFilter, get_notice, list_notices, notice_to_dict


@click.group()
def notices() -> None:
    """Stored notices."""


def _filter_options(func):  # type: ignore[no-untyped-def]
    options = [
        click.option("--source", help="Only this source (e.g. eping, fedreg)."),
        click.option("--domain", type=click.Choice(["TBT", "SPS", "regulation", "alert"])),
        click.option("--member", help="Notifying member code (USA, EU, CHN...)."),
        click.option("--symbol", help="A WTO symbol; matches every document of the measure."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Distributed on/after."),
        click.option("--open", "open_only", is_flag=True, help="Comment period still open."),
        click.option("--limit", type=click.IntRange(min=1), default=None),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@notices.command("list")
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="JSON Lines with every stored field.")
@pass_app
@handle_schema_errors
def list_command(app: App, as_json: bool, open_only: bool, since, **filters) -> None:  # type: ignore[no-untyped-def]
    """List notices, newest first."""
    flt = NoticeFilter(
        since=since.date() if since else None,
        open_on=date.today() if open_only else None,
        **filters,
    )
    with app.ready_db().sessions() as session:
        rows = list_notices(session, flt)
        if as_json:
            for notice in rows:
                echo_json(notice_to_dict(notice))
            return
        table = Table("id", "symbol / identity", "member", "distributed", "deadline", "title")
        for n in rows:
            table.add_row(
                str(n.id),
                n.symbol or n.identity,
                n.member_code or "",
                str(n.distribution_date or ""),
                str(n.comment_deadline or ""),
                n.title[:70],
            )
        app.console.print(table) if rows else click.echo("no notices match", err=True)


@notices.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True)
@pass_app
@handle_schema_errors
def show_command(app: App, ref: str, as_json: bool) -> None:
    """Show one notice by id, symbol or identity (fedreg:2024-12345)."""
    with app.ready_db().sessions() as session:
        notice = get_notice(session, ref)
        if notice is None:
            raise click.ClickException(f"no notice {ref!r}")
        data = notice_to_dict(notice, with_raw=as_json)
        if as_json:
            echo_json(data)
            return
        for key, value in data.items():
            if value not in (None, [], {}, ""):
                click.echo(f"{key:>24}: {value}")


@notices.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
@handle_schema_errors
def import_command(app: App, file: Path) -> None:
    """Import notices from a JSON Lines file (one notice per line)."""
    with app.ready_db().sessions() as session, file.open(encoding="utf-8-sig") as lines:
        report = import_lines(session, lines)
        session.commit()
    for number, message in report.errors:
        click.echo(f"{file}:{number}: {message}", err=True)
    counts = ", ".join(f"{k} {report.counts[k]}" for k in ("new", "changed", "unchanged"))
    click.echo(f"imported {file}: {counts}, errors {len(report.errors)}")
    if not report.ok:
        raise SystemExit(1)
