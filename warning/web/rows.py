"""A queue or search row as plain strings, prepared in Python (labels, plurals, truncation):
the row template then only places them. Rows are rendered once per content and kept
(warning/web/fragments.py), so this runs only for a row not seen before."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from warning.core.members import member_of
from warning.core.search import NoticeRow
from warning.core.store.queries import notice_reference
from warning.core.text import shorten
from warning.web import labels

MAX_CATEGORIES = 3
TITLE_CHARS = 180


@dataclass(frozen=True, slots=True)
class CategoryChip:
    id: str
    name: str
    score: str  # "" for a reviewer's category
    reviewed: bool


@dataclass(frozen=True, slots=True)
class RowView:
    id: int
    label: str
    title: str
    domain: str
    domain_label: str
    doc_label: str  # "" for an ordinary notification, regulation or alert
    member: str
    deadline: str  # ISO date or ""
    deadline_text: str
    deadline_class: str
    distributed: str
    categories: tuple[CategoryChip, ...]
    more_categories: int
    urgency: str
    impact: str | None
    impact_label: str
    status: str
    status_label: str
    assignee: str


def _deadline(
    deadline: date | None, today: date, gettext: Callable[[str], str], ngettext: Callable[..., str]
) -> tuple[str, str]:
    if deadline is None:
        return "—", "muted"
    days = (deadline - today).days
    if days < 0:
        return gettext("closed"), "closed"
    if days == 0:
        return gettext("today"), "urgent"
    text = ngettext("%(num)s day", "%(num)s days", days) % {"num": days}
    return text, "urgent" if days <= 7 else "soon" if days <= 21 else "open"


def _member(code: str | None, name: str | None, language: str) -> str:
    found = member_of(code) if code else None
    return found.name(language) if found else (name or code or "")


def row_view(
    row: NoticeRow,
    *,
    today: date,
    language: str,
    gettext: Callable[[str], str],
    ngettext: Callable[..., str],
    category_name: Callable[[str], str],
) -> RowView:
    deadline_text, deadline_class = _deadline(row.comment_deadline, today, gettext, ngettext)
    plain = row.doc_type in ("regular", "regulation", "alert")
    return RowView(
        id=row.id,
        label=notice_reference(row.symbol, row.identity),
        title=shorten(row.title, TITLE_CHARS),
        domain=row.domain.lower(),
        domain_label=gettext(labels.DOMAIN.get(row.domain, row.domain)),
        doc_label="" if plain else gettext(labels.DOC_TYPE.get(row.doc_type, "")),
        member=_member(row.member_code, row.member_name, language),
        deadline=row.comment_deadline.isoformat() if row.comment_deadline else "",
        deadline_text=deadline_text,
        deadline_class=deadline_class,
        distributed=row.distribution_date.isoformat() if row.distribution_date else "",
        categories=tuple(
            CategoryChip(
                c.category,
                category_name(c.category),
                "" if c.reviewed else f"{c.score:.2f}",
                c.reviewed,
            )
            for c in row.categories[:MAX_CATEGORIES]
        ),
        more_categories=max(0, len(row.categories) - MAX_CATEGORIES),
        urgency=f"{row.urgency:.0f}" if row.urgency is not None else "—",
        impact=row.impact,
        impact_label=gettext(labels.IMPACT[row.impact]) if row.impact else "—",
        status=row.status,
        status_label=gettext(labels.STATUS.get(row.status, row.status)),
        assignee=row.assignee or "",
    )
