"""Full-text search over notices: an FTS5 table kept in sync by triggers on SQLite, an expression
GIN index over `to_tsvector('simple', …)` on PostgreSQL. `fulltext_ddl` is also what the
migration runs; `ensure_fulltext` applies it to an existing database (idempotent)."""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import Session

from warning.core.db import Notice

log = logging.getLogger(__name__)

FTS_TABLE = "notice_fts"
FTS_TRIGGERS = ("notice_fts_ai", "notice_fts_ad", "notice_fts_au")
FTS_COLUMNS = ("symbol", "title", "description", "products", "keywords", "member_name", "agency")
MAX_TERMS = 10
# Chinese, Japanese and Korean are written without spaces, which neither tokenizer splits into
# words: such terms are matched as substrings instead.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
WORD = re.compile(r"\w+", re.UNICODE)
# 'simple' neither stems nor drops stop words: notices come in English, French, Spanish and more.
PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, "
    + " || ' ' || ".join(f"coalesce(notice.{c}, '')" for c in FTS_COLUMNS if c != "keywords")
    + ")"
)
_checked: set[str] = set()


def _cols(prefix: str = "") -> str:
    return ", ".join(f"{prefix}{c}" for c in FTS_COLUMNS)


def sqlite_ddl() -> list[str]:
    # External-content table: the text lives once, in `notice`; the triggers keep the index in
    # step. The delete entries must carry the old values, which AFTER UPDATE still has.
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_cols()}, "
        "content='notice', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS notice_fts_ai AFTER INSERT ON notice BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, {_cols()}) VALUES (new.id, {_cols('new.')}); END",
        f"CREATE TRIGGER IF NOT EXISTS notice_fts_ad AFTER DELETE ON notice BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_cols()}) "
        f"VALUES ('delete', old.id, {_cols('old.')}); END",
        f"CREATE TRIGGER IF NOT EXISTS notice_fts_au AFTER UPDATE OF {_cols()} ON notice BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_cols()}) "
        f"VALUES ('delete', old.id, {_cols('old.')}); "
        f"INSERT INTO {FTS_TABLE}(rowid, {_cols()}) VALUES (new.id, {_cols('new.')}); END",
    ]


def postgresql_ddl() -> list[str]:
    return [f"CREATE INDEX IF NOT EXISTS ix_notice_fulltext ON notice USING gin ({PG_DOCUMENT})"]


def fulltext_ddl(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return sqlite_ddl()
    if dialect == "postgresql":
        return postgresql_ddl()
    raise ValueError(f"no full-text support for {dialect!r}")


def drop_fulltext_ddl(dialect: str) -> list[str]:
    """What a migration's downgrade runs."""
    if dialect == "sqlite":
        triggers = [f"DROP TRIGGER IF EXISTS {name}" for name in FTS_TRIGGERS]
        return [*triggers, f"DROP TABLE IF EXISTS {FTS_TABLE}"]
    if dialect == "postgresql":
        return ["DROP INDEX IF EXISTS ix_notice_fulltext"]
    raise ValueError(f"no full-text support for {dialect!r}")


def ensure_fulltext(connection: Connection) -> None:
    """Create the full-text table or index if missing, and index the notices already stored."""
    dialect = connection.dialect.name
    created = dialect == "sqlite" and not _sqlite_has_fts(connection)
    for statement in fulltext_ddl(dialect):
        connection.exec_driver_sql(statement)
    if created:
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _sqlite_has_fts(connection: Connection) -> bool:
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": FTS_TABLE},
    ).first()
    return found is not None


def has_fulltext(session: Session) -> bool:
    """Whether the FTS5 table exists (remembered once seen; PostgreSQL needs no table)."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return True
    key = str(bind.engine.url)
    if key in _checked:
        return True
    if _sqlite_has_fts(session.connection()):
        _checked.add(key)
        return True
    log.warning("no %s table: full-text search falls back to substring matching", FTS_TABLE)
    return False


def split_terms(query: str) -> tuple[list[str], list[str]]:
    """(word terms for the index, CJK terms matched as substrings), at most MAX_TERMS."""
    words: list[str] = []
    cjk: list[str] = []
    for token in query.split()[:MAX_TERMS]:
        if CJK.search(token):
            cjk.append(token.strip("\"'"))
        else:
            words.extend(WORD.findall(token))
    return words[:MAX_TERMS], [t for t in cjk if t]


def _substring(term: str) -> ColumnElement[bool]:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(
        Notice.title.like(pattern, escape="\\"),
        Notice.description.like(pattern, escape="\\"),
        Notice.products.like(pattern, escape="\\"),
    )


def fulltext_clause(session: Session, query: str) -> ColumnElement[bool]:
    """Every term of `query` matches (words by prefix, CJK terms as substrings)."""
    dialect = session.get_bind().dialect.name
    return match_clause(query, dialect, dialect != "sqlite" or has_fulltext(session))


def match_clause(query: str, dialect: str, indexed: bool) -> ColumnElement[bool]:
    """The clause for `query` on `dialect`; `indexed` says whether SQLite has its FTS table."""
    words, cjk = split_terms(query)
    clauses: list[Any] = [_substring(term) for term in cjk]
    if words and dialect == "postgresql":
        tsquery = " & ".join(f"{w}:*" for w in words)
        clauses.append(
            text(f"{PG_DOCUMENT} @@ to_tsquery('simple', :fts_query)").bindparams(fts_query=tsquery)
        )
    elif words and indexed:
        match = " ".join(f'"{w}"*' for w in words)
        ids: Any = (
            select(literal_column("rowid"))
            .select_from(table(FTS_TABLE))
            .where(text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=match))
        )
        clauses.append(Notice.id.in_(ids))
    else:
        clauses.extend(_substring(w) for w in words)
    # A query of punctuation only has no term to look for: it does not narrow the search.
    return and_(true(), *clauses)
