"""How far dispatch has looked, per stream ("match", "changes"), stored in `alert_cursor`."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from warning.core.db import AlertCursor


def read_since(session: Session, name: str, overlap_minutes: int) -> datetime | None:
    """The cursor less the overlap (None before the first run)."""
    row = session.get(AlertCursor, name)
    return None if row is None else row.at - timedelta(minutes=overlap_minutes)


def advance(session: Session, name: str, at: datetime) -> None:
    row = session.get(AlertCursor, name)
    if row is None:
        session.add(AlertCursor(name=name, at=at))
    elif row.at < at:
        row.at = at
