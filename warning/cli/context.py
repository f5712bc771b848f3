"""What every command needs: settings read once, the database, and consistent error output."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import click
from rich.console import Console

from config.settings import Settings, SettingsError, load_settings
from warning.core.db.runtime import Database, SchemaOutOfDate


@dataclass
class App:
    """Created lazily by the first command that needs settings or the database."""

    settings: Settings
    console: Console = field(default_factory=lambda: Console(stderr=True))
    _db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database.from_settings(self.settings)
        return self._db

    def ready_db(self) -> Database:
        """The database, checked to be at the latest schema (upgraded first if it is new)."""
        db = self.db
        try:
            db.check_schema()
        except SchemaOutOfDate:
            if db.current_revision() is None:
                db.upgrade()
            else:
                raise
        return db


pass_app = click.make_pass_decorator(App)


def load_app(config_path: str | None) -> App:
    if config_path:
        import os

        os.environ["TBTWATCH_CONFIG"] = config_path
    try:
        return App(settings=load_settings())
    except SettingsError as exc:
        raise click.ClickException(f"configuration error: {exc}") from None


def to_json(value: Any) -> str:
    def default(obj: Any) -> Any:
        if isinstance(obj, datetime | date):
            return obj.isoformat()
        raise TypeError(f"{type(obj).__name__} is not JSON serialisable")

    return json.dumps(value, ensure_ascii=False, default=default)


def echo_json(value: Any) -> None:
    click.echo(to_json(value))


def fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_schema_errors(func: Any) -> Any:
    """Turn SchemaOutOfDate into a one-line error instead of a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SchemaOutOfDate as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper
