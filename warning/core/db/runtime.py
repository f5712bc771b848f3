"""The database a running tbtwatch uses: engine and session factory built once from settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from config.settings import Settings
from warning.core.db.session import make_engine, make_sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


# Tables and indexes that exist in the database but not in the models: APScheduler's job store
# (it creates its own table), the SQLite FTS5 index and its shadow tables, and PostgreSQL's
# expression index for full text. Alembic's autogenerate must neither create nor drop them.
UNMANAGED_PREFIXES = ("apscheduler_", "notice_fts")
UNMANAGED_NAMES = frozenset({"ix_notice_fulltext"})


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if name in UNMANAGED_NAMES:
        return False
    return not (type_ == "table" and str(name).startswith(UNMANAGED_PREFIXES))


class SchemaOutOfDate(RuntimeError):
    """The database has not been upgraded to this version's schema."""


@dataclass
class Database:
    url: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(settings.database_url)

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_sessionmaker(self.engine)

    def upgrade(self, revision: str = "head") -> None:
        """Apply Alembic migrations up to `revision` (creating the database if needed)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def head_revision(self) -> str | None:
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        return ScriptDirectory.from_config(config).get_current_head()

    def check_schema(self) -> None:
        """Raise SchemaOutOfDate unless the database is at the latest migration."""
        if not inspect(self.engine).has_table("alembic_version") or (
            self.current_revision() != self.head_revision()
        ):
            raise SchemaOutOfDate(
                f"the database at {self.engine.url.render_as_string(hide_password=True)} is not "
                "at the latest schema; run `tbtwatch db upgrade`"
            )
