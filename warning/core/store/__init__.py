"""The notice store: one record shape for every source, idempotent upsert, lifecycle, changes."""

from warning.core.store.changes import ChangeDecision, decide_change
from warning.core.store.record import NoticeInput, RecordError
from warning.core.store.upsert import UpsertResult, upsert_notice

__all__ = [
    "ChangeDecision",
    "NoticeInput",
    "RecordError",
    "UpsertResult",
    "decide_change",
    "upsert_notice",
]
