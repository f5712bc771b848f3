"""Import notices from JSON Lines through the same `upsert_notice` the crawlers use."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from warning.core.store.record import RecordError, parse_record
from warning.core.store.upsert import upsert_notice

IMPORT_KEYS = frozenset(
    [
        "source",
        "symbol",
        "external_id",
        "domain",
        "doc_type",
        "member",
        "agency",
        "title",
        "description",
        "products",
        "hs_codes",
        "ics_codes",
        "objectives",
        "keywords",
        "language",
        "distribution_date",
        "comment_deadline",
        "adoption_date",
        "entry_into_force_date",
        "url",
        "links",
    ]
)


@dataclass
class ImportReport:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_lines(
    session: Session, lines: Iterable[str], *, now: datetime | None = None
) -> ImportReport:
    """Each good line is upserted; each bad one is reported with its line number."""
    report = ImportReport()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            report.errors.append((number, f"not valid JSON: {exc.msg} at column {exc.colno}"))
            continue
        if not isinstance(data, dict):
            report.errors.append((number, "expected a JSON object"))
            continue
        unknown = sorted(set(data) - IMPORT_KEYS)
        if unknown:
            report.errors.append((number, f"unknown keys: {', '.join(unknown)}"))
            continue
        try:
            record = parse_record({**data, "raw": data})
            with session.begin_nested():
                result = upsert_notice(session, record, now=now)
        except RecordError as exc:
            report.errors.append((number, str(exc)))
            continue
        report.counts[result.status] += 1
    return report
