"""`tbtwatch db`: schema migrations."""

from __future__ import annotations

import click

from warning.cli.context import App, pass_app


@click.group()
def db() -> None:
    """Database schema."""


@db.command()
@click.option("--revision", default="head", show_default=True, help="Target Alembic revision.")
@pass_app
def upgrade(app: App, revision: str) -> None:
    """Create or upgrade the database to the latest schema."""
    app.db.upgrade(revision)
    url = app.db.engine.url.render_as_string(hide_password=True)
    click.echo(f"database {url} is at revision {app.db.current_revision()}")


@db.command()
@pass_app
def current(app: App) -> None:
    """Show the database's schema revision and the latest one."""
    click.echo(f"current: {app.db.current_revision() or '(empty database)'}")
    click.echo(f"latest:  {app.db.head_revision()}")
