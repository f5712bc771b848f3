"""Values offered in the filter menus (members and sources present), cached for a few minutes:
reading them means walking two indexes of every notice, which a page view should not pay."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request

from warning.core.db import Notice

TTL_SECONDS = 300.0


@dataclass(frozen=True)
class FilterChoices:
    members: tuple[str, ...]
    sources: tuple[str, ...]


class ChoicesCache:
    def __init__(self) -> None:
        self._value: FilterChoices | None = None
        self._at = 0.0
        self._lock = threading.Lock()

    def get(self, session: Session) -> FilterChoices:
        with self._lock:
            if self._value is not None and time.monotonic() - self._at < TTL_SECONDS:
                return self._value
        members = session.scalars(
            select(Notice.member_code)
            .where(Notice.member_code.is_not(None))
            .distinct()
            .order_by(Notice.member_code)
        )
        sources = session.scalars(select(Notice.source_id).distinct().order_by(Notice.source_id))
        value = FilterChoices(members=tuple(m for m in members if m), sources=tuple(sources))
        with self._lock:
            self._value, self._at = value, time.monotonic()
        return value


def filter_choices(request: Request, session: Session) -> FilterChoices:
    cache: ChoicesCache | None = getattr(request.app.state, "choices", None)
    if cache is None:
        cache = request.app.state.choices = ChoicesCache()
    return cache.get(session)
