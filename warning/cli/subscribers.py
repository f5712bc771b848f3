"""`tbtwatch subscribers`: add, list, remove and import exporters who receive alerts."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from alerts.categories import load_taxonomy
from alerts.importer import import_csv
from alerts.subscriptions import (
    SubscriptionError,
    add_subscription,
    list_subscribers,
    parse_subscriber,
    parse_subscription,
    remove_subscriber,
    subscriber_to_dict,
)
from warning.cli.context import App, echo_json, handle_schema_errors, pass_app
from warning.core.db import Subscription
from warning.core.db.base import utcnow


@click.group()
def subscribers() -> None:
    """Exporters who subscribe to alerts."""


@subscribers.command("add")
@click.argument("email")
@click.option(
    "--lang",
    "language",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the emails.",
)
@click.option("--categories", default="", help="Category ids, e.g. HT01,TR04.")
@click.option("--hs", default="", help="HS prefixes, e.g. 8517,8415.")
@click.option("--markets", default="", help="Members, e.g. EU,USA (EU covers its states).")
@click.option("--keywords", default="", help='Keywords in any language, e.g. "lithium,锂电池".')
@click.option("--domains", default="", help="TBT, SPS, regulation, alert (default: all).")
@click.option(
    "--frequency",
    type=click.Choice(["immediate", "daily", "weekly"]),
    default="immediate",
    show_default=True,
)
@click.option("--no-reminders", is_flag=True, help="No comment-deadline reminders.")
@click.option("--confirmed", is_flag=True, help="Skip double opt-in (operators only).")
@click.option("--name", default=None)
@click.option("--company", default=None)
@pass_app
@handle_schema_errors
def add_command(
    app: App,
    email: str,
    language: str,
    no_reminders: bool,
    confirmed: bool,
    name: str | None,
    company: str | None,
    **criteria: str,
) -> None:
    """Add a subscriber (or another subscription for a known one)."""
    taxonomy = load_taxonomy(app.settings.taxonomy_file)
    try:
        who = parse_subscriber(email, language, name, company)
        what = parse_subscription({**criteria, "reminders": not no_reminders}, taxonomy)
    except SubscriptionError as exc:
        raise click.ClickException(str(exc)) from None
    with app.ready_db().sessions() as session:
        result = add_subscription(
            session, who, what, settings=app.settings, confirmed=confirmed, now=utcnow()
        )
        session.commit()
        state = "confirmed" if result.subscriber.confirmed_at else "awaiting confirmation"
        verb = "added" if result.new_subscriber else "updated"
        click.echo(f"{verb} {who.email} ({state})")
        for note in result.notes:
            click.echo(f"  note: {note}")
        if result.confirmation_queued:
            click.echo("  confirmation email queued (sent by `tbtwatch alerts dispatch`)")


@subscribers.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one subscriber per line.")
@pass_app
@handle_schema_errors
def list_command(app: App, as_json: bool) -> None:
    """List subscribers and their subscriptions."""
    with app.ready_db().sessions() as session:
        found = list_subscribers(session)
        if as_json:
            for subscriber in found:
                echo_json(subscriber_to_dict(subscriber))
            return
        if not found:
            click.echo("no subscribers", err=True)
            return
        table = Table("email", "lang", "state", "subscriptions")
        for s in found:
            state = (
                "unsubscribed"
                if s.unsubscribed_at
                else "bouncing"
                if s.bouncing
                else "confirmed"
                if s.confirmed_at
                else "unconfirmed"
            )
            described = "\n".join(_describe(x) for x in s.subscriptions)
            table.add_row(s.email, s.language, state, described)
        app.console.print(table)


def _describe(row: Subscription) -> str:
    parts = [
        f"{name} {','.join(values)}"
        for name, values in (
            ("categories", row.categories),
            ("hs", row.hs_prefixes),
            ("markets", row.markets),
            ("keywords", row.keywords),
            ("domains", row.domains),
        )
        if values
    ]
    parts.append(row.frequency + ("" if row.reminders else ", no reminders"))
    return "; ".join(parts)


@subscribers.command("remove")
@click.argument("email")
@pass_app
@handle_schema_errors
def remove_command(app: App, email: str) -> None:
    """Delete a subscriber with their subscriptions, outbox and feedback."""
    with app.ready_db().sessions() as session:
        if not remove_subscriber(session, email):
            raise click.ClickException(f"no subscriber {email!r}")
        session.commit()
    click.echo(f"removed {email}")


@subscribers.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
@handle_schema_errors
def import_command(app: App, file: Path) -> None:
    """Import subscribers from CSV. Columns: email (required), name, company, language,
    categories, hs, markets, keywords, domains, frequency, reminders, confirmed."""
    taxonomy = load_taxonomy(app.settings.taxonomy_file)
    with app.ready_db().sessions() as session, file.open(encoding="utf-8-sig", newline="") as f:
        report = import_csv(session, f, settings=app.settings, taxonomy=taxonomy, now=utcnow())
        session.commit()
    for line, message in report.errors:
        click.echo(f"{file}:{line}: {message}", err=True)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.counts.items())) or "nothing"
    click.echo(f"imported {file}: {counts}; bad rows {len(report.errors)}")
    if not report.ok:
        raise SystemExit(1)
