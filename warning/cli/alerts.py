"""`tbtwatch alerts`: queue and send alert emails, preview them, and see the outbox."""

from __future__ import annotations

from pathlib import Path

import click

from alerts.config import AlertsConfig, AlertsConfigError, alerts_config
from alerts.dispatch import dispatch
from alerts.outbox import outbox_counts
from alerts.preview import preview
from alerts.subscriptions import SubscriptionError
from alerts.transport import make_transport
from warning.cli.context import App, echo_json, handle_schema_errors, pass_app
from warning.core.db.base import utcnow


@click.group()
def alerts() -> None:
    """Alert emails to subscribers."""


def _config(app: App) -> AlertsConfig:
    try:
        return alerts_config(app.settings)
    except AlertsConfigError as exc:
        raise click.ClickException(f"configuration error: {exc}") from None


@alerts.command("dispatch")
@click.option("--no-queue", is_flag=True, help="Only send what is already queued.")
@click.option("--no-send", is_flag=True, help="Only queue (match, reminders, digests).")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Send at most this many messages in this run.",
)
@click.option("--json", "as_json", is_flag=True)
@pass_app
@handle_schema_errors
def dispatch_command(
    app: App, no_queue: bool, no_send: bool, limit: int | None, as_json: bool
) -> None:
    """Queue new notices, updates, reminders and due digests, then send the outbox."""
    config = _config(app)
    db = app.ready_db()
    transport = make_transport(app.settings, concurrency=config.smtp_concurrency)
    try:
        report = dispatch(
            db.sessions,
            transport,
            settings=app.settings,
            config=config,
            queue=not no_queue,
            send=not no_send,
            limit=limit,
        )
    finally:
        transport.close()
    if as_json:
        echo_json(
            {
                "queued": report.queued,
                "sent": report.sent,
                "failed": report.failed,
                "retrying": report.retrying,
                "skipped": report.skipped,
                "reclaimed": report.reclaimed,
                "bouncing": report.bouncing,
                "transport": transport.name,
            }
        )
        return
    click.echo(report.summary() + f" (via {transport.name})")
    for email in report.bouncing:
        click.echo(f"  {email} is now marked bouncing: no more mail until they confirm again")


@alerts.command("preview")
@click.argument("email")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the HTML part here (FILE-2.html… for further messages).",
)
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Match notices classified in the last N days, not only since the last run.",
)
@pass_app
@handle_schema_errors
def preview_command(app: App, email: str, html_file: Path | None, days: int | None) -> None:
    """Show what EMAIL would be sent if dispatch ran now (nothing is sent or saved)."""
    config = _config(app)
    with app.ready_db().sessions() as session:
        try:
            messages = preview(
                session, email, settings=app.settings, config=config, now=utcnow(), days=days
            )
        except SubscriptionError as exc:
            raise click.ClickException(str(exc)) from None
    if not messages:
        click.echo(f"nothing would be sent to {email} now", err=True)
        return
    for number, message in enumerate(messages, start=1):
        text = message.get_body(("plain",))
        kind, subject = message["X-Tbtwatch-Kind"], message["Subject"]
        click.echo(f"=== {number}/{len(messages)} {kind}: {subject}")
        click.echo(text.get_content() if text else "")
        if html_file:
            target = (
                html_file
                if number == 1
                else html_file.with_name(f"{html_file.stem}-{number}{html_file.suffix}")
            )
            html = message.get_body(("html",))
            target.write_text(html.get_content() if html else "", encoding="utf-8")
            click.echo(f"(HTML written to {target})", err=True)


@alerts.command("status")
@click.option("--json", "as_json", is_flag=True)
@pass_app
@handle_schema_errors
def status_command(app: App, as_json: bool) -> None:
    """Count outbox rows by state."""
    with app.ready_db().sessions() as session:
        counts = outbox_counts(session)
    if as_json:
        echo_json(counts)
        return
    order = ("pending", "sending", "sent", "failed", "skipped")
    click.echo(", ".join(f"{state} {counts.get(state, 0)}" for state in order))
