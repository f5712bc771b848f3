"""Subscribers from a CSV file: good rows are kept, bad rows reported by line number.

Columns (header row required; only `email` is mandatory; lists separated by `;` or `,`):
    email, name, company, language (zh|en), categories, hs, markets, keywords, domains,
    frequency (immediate|daily|weekly), reminders (yes|no), confirmed (yes|no)
Several rows with the same email give that subscriber several subscriptions. Importing the same
file again changes nothing.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from alerts.categories import Taxonomy
from alerts.subscriptions import (
    SubscriptionError,
    add_subscription,
    parse_subscriber,
    parse_subscription,
)
from config.settings import Settings

COLUMNS = ("email", "name", "company", "language", "categories", "hs", "markets", "keywords",
           "domains", "frequency", "reminders", "confirmed")
_TRUE = {"1", "yes", "y", "true", "on", "是"}
_FALSE = {"0", "no", "n", "false", "off", "否", ""}


@dataclass
class ImportReport:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _flag(row: dict[str, str], name: str, default: bool) -> bool:
    value = (row.get(name) or "").strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SubscriptionError(f"{name}: {value!r} is not yes or no")


def import_csv(
    session: Session, lines: Iterable[str], *, settings: Settings, taxonomy: Taxonomy,
    now: datetime,
) -> ImportReport:
    report = ImportReport()
    reader = csv.DictReader(lines)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in COLUMNS]
    if "email" not in header or unknown:
        problem = f"unknown columns {unknown}" if unknown else "no `email` column"
        report.errors.append((1, f"header: {problem}; expected {', '.join(COLUMNS)}"))
        return report
    reader.fieldnames = header
    for row in reader:
        line = reader.line_num
        if None in row:
            report.errors.append((line, "more cells than columns (quote values with commas)"))
            continue
        values = {k: (v or "").strip() for k, v in row.items()}
        try:
            with session.begin_nested():
                _import_row(session, values, settings=settings, taxonomy=taxonomy, now=now,
                            report=report)
        except SubscriptionError as exc:
            report.errors.append((line, str(exc)))
    return report


def _import_row(
    session: Session, values: dict[str, str], *, settings: Settings, taxonomy: Taxonomy,
    now: datetime, report: ImportReport,
) -> None:
    who = parse_subscriber(values["email"], values.get("language") or None,
                           values.get("name"), values.get("company"))
    what = parse_subscription({**values, "reminders": _flag(values, "reminders", True)}, taxonomy)
    confirmed = _flag(values, "confirmed", False)
    result = add_subscription(session, who, what, settings=settings, confirmed=confirmed, now=now)
    report.counts["new subscribers" if result.new_subscriber else "known subscribers"] += 1
    report.counts["subscriptions added" if result.subscription_added else "unchanged"] += 1
    if result.confirmation_queued:
        report.counts["confirmations queued"] += 1
