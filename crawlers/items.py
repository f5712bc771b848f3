"""What spiders yield and what the pipelines pass on.

A spider yields a plain dict built by `notice_item` (keys are `NoticeInput` fields, checked when
the dict is built so a typo fails in the spider, not later); the validate pipeline turns it into a
`ValidNotice` (the `NoticeInput` with its identity and cleaned fields, computed once); the store
pipeline passes on a `StoredNotice`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from warning.core.store import NoticeInput

NOTICE_KEYS = frozenset(NoticeInput.model_fields)


def notice_item(source: str, **fields: Any) -> dict[str, Any]:
    """A notice as a dict for the pipelines; None values are left out (the model's defaults)."""
    unknown = sorted(set(fields) - NOTICE_KEYS)
    if unknown:
        raise TypeError(f"not NoticeInput fields: {', '.join(unknown)}")
    return {"source": source, **{k: v for k, v in fields.items() if v is not None}}


@dataclass(frozen=True, slots=True)
class ValidNotice:
    notice: NoticeInput
    identity: str
    fields: dict[str, Any]  # notice.to_fields()


@dataclass(frozen=True, slots=True)
class StoredNotice:
    notice: NoticeInput
    identity: str
    status: str  # new, changed, unchanged
    notice_id: int
