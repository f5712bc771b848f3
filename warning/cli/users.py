"""`tbtwatch users`: staff accounts (admin, reviewer, expert) and their API tokens.

Passwords are read from a prompt or a file, never from the command line, where they would be
kept in the shell history and shown to every user of the machine by `ps`.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from warning.cli.context import App, echo_json, handle_schema_errors, pass_app
from warning.core.db import User
from warning.core.users import (
    ROLES,
    UserError,
    create_user,
    find_user,
    issue_api_token,
    list_users,
    revoke_api_token,
    set_password,
)

password_file_option = click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the password from this file (first line) instead of a prompt.",
)


def _password(password_file: Path | None) -> str:
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


def _user(session, username: str) -> User:  # type: ignore[no-untyped-def]
    user = find_user(session, username)
    if user is None:
        raise click.ClickException(f"no user named {username!r}")
    return user


@click.group()
def users() -> None:
    """Staff accounts for the web app."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--language", type=click.Choice(["zh", "en"]), default=None)
@password_file_option
@pass_app
@handle_schema_errors
def add(
    app: App, username: str, role: str, language: str | None, password_file: Path | None
) -> None:
    """Add a staff user (the password is asked for, or read with --password-file)."""
    password = _password(password_file)
    with app.ready_db().sessions() as session:
        try:
            user = create_user(
                session, username=username, password=password, role=role, language=language
            )
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
        session.commit()
        click.echo(f"added {user.username} ({user.role})")


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_app
@handle_schema_errors
def list_command(app: App, as_json: bool) -> None:
    """List staff users."""
    with app.ready_db().sessions() as session:
        rows = [
            {
                "username": u.username,
                "role": u.role,
                "language": u.language,
                "active": u.active,
                "api_token": u.api_token_hash is not None,
                "created_at": u.created_at,
            }
            for u in list_users(session)
        ]
    if as_json:
        echo_json(rows)
        return
    table = Table("username", "role", "language", "active", "API token", "created")
    for row in rows:
        table.add_row(
            row["username"],
            row["role"],
            row["language"] or "",
            "yes" if row["active"] else "no",
            "yes" if row["api_token"] else "",
            str(row["created_at"])[:19],
        )
    app.console.print(table)


@users.command("passwd")
@click.argument("username")
@password_file_option
@pass_app
@handle_schema_errors
def passwd(app: App, username: str, password_file: Path | None) -> None:
    """Set a user's password."""
    password = _password(password_file)
    with app.ready_db().sessions() as session:
        try:
            set_password(session, _user(session, username), password)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
        session.commit()
        click.echo(f"password of {username} changed")


@users.command("token")
@click.argument("username")
@click.option("--revoke", is_flag=True, help="Remove the user's token instead.")
@pass_app
@handle_schema_errors
def token(app: App, username: str, revoke: bool) -> None:
    """Issue an API token (shown once; replaces the previous one) or revoke it."""
    with app.ready_db().sessions() as session:
        user = _user(session, username)
        if revoke:
            revoke_api_token(session, user)
            session.commit()
            click.echo(f"API token of {username} revoked")
            return
        value = issue_api_token(session, user)
        session.commit()
    click.echo(value)
    click.echo("Keep this token: it is not stored and cannot be shown again.", err=True)


@users.command("disable")
@click.argument("username")
@pass_app
@handle_schema_errors
def disable(app: App, username: str) -> None:
    """Stop a user from signing in or using the API (their history is kept)."""
    _set_active(app, username, False)


@users.command("enable")
@click.argument("username")
@pass_app
@handle_schema_errors
def enable(app: App, username: str) -> None:
    """Allow a disabled user again."""
    _set_active(app, username, True)


def _set_active(app: App, username: str, active: bool) -> None:
    with app.ready_db().sessions() as session:
        user = _user(session, username)
        user.active = active
        session.commit()
    click.echo(f"{username} {'enabled' if active else 'disabled'}")
