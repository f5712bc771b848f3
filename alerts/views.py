"""What a template sees of a notice: plain values in the reader's language, links checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from alerts.categories import Taxonomy
from alerts.followups import MeasureState, effective_deadline, is_withdrawn
from alerts.links import feedback_urls, notice_url
from config.settings import Settings
from warning.core.db import Notice
from warning.core.members import member_of
from warning.core.store.queries import notice_reference

SUMMARY_CHARS = 600


@dataclass(frozen=True, slots=True)
class ReasonView:
    kind: str  # category, hs, keyword, market, all
    value: str
    detail: str | None
    label: str  # category or member name in the reader's language, else the value


@dataclass
class NoticeView:
    id: int
    symbol: str
    domain: str
    doc_type: str
    member_code: str
    member_name: str
    title: str
    summary: str | None
    products: str | None
    categories: list[tuple[str, str]]
    reasons: list[ReasonView]
    deadline: date | None
    deadline_text: str | None
    deadline_from: str | None  # the addendum that moved the deadline, if one did
    days_left: int | None
    adoption_date: date | None
    entry_into_force_date: date | None
    withdrawn: bool
    documents: list[str]
    page_url: str
    feedback_relevant: str
    feedback_not_relevant: str
    group_category: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return self.days_left is not None and self.days_left >= 0

    def urgency(self) -> tuple[int, int, int]:
        if self.open:
            return (0, self.days_left or 0, -self.id)
        return (1, 0, -self.id)


def safe_links(notice: Notice) -> list[str]:
    """The original documents: only http(s) links, so a source cannot plant `javascript:`."""
    found = [notice.url, *notice.links]
    links = [u.strip() for u in found if u and u.strip().lower().startswith(("https://", "http://"))]
    return list(dict.fromkeys(links))


def _short(text: str | None, limit: int = SUMMARY_CHARS) -> str | None:
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def member_name(code: str | None, fallback: str | None, language: str) -> str:
    member = member_of(code) if code else None
    return member.name(language) if member else (fallback or code or "")


def reason_views(
    reasons: list[dict[str, Any]], taxonomy: Taxonomy, language: str
) -> list[ReasonView]:
    views = []
    for reason in reasons:
        kind, value, detail = reason["kind"], reason["value"], reason.get("detail")
        if kind == "category":
            label = taxonomy.name(value, language)
        elif kind == "market":
            label = member_name(value, value, language)
        else:
            label = value
        views.append(ReasonView(kind, value, detail, label))
    return views


DOMAIN_LABELS = {
    "zh": {"regulation": "技术法规", "alert": "风险预警"},
    "en": {"regulation": "Regulation", "alert": "Alert"},
}


def domain_label(domain: str, language: str) -> str:
    """TBT and SPS stay as they are; the other domains are named in the reader's language, by
    the words the web pages use (warning/web/labels.py: 技术法规, 风险预警; Regulation, Alert)."""
    return DOMAIN_LABELS.get(language[:2], DOMAIN_LABELS["en"]).get(domain, domain)


def notice_view(
    notice: Notice, *, categories: tuple[str, ...], reasons: list[dict[str, Any]],
    language: str, today: date, settings: Settings, taxonomy: Taxonomy,
    subscriber_id: int, email: str, state: MeasureState | None = None,
) -> NoticeView:
    """`state`: what the measure's addenda changed (a moved deadline is the one shown)."""
    relevant, not_relevant = feedback_urls(settings, subscriber_id, email, notice.id)
    reason_list = reason_views(reasons, taxonomy, language)
    matched = [r.value for r in reason_list if r.kind == "category"]
    deadline = effective_deadline(notice, state)
    moved_by = state.deadline_from if state is not None and state.deadline else None
    return NoticeView(
        id=notice.id,
        symbol=notice_reference(notice.symbol, notice.identity),
        domain=domain_label(notice.domain, language),
        doc_type=notice.doc_type,
        member_code=notice.member_code or "",
        member_name=member_name(notice.member_code, notice.member_name, language),
        title=notice.title,
        summary=_short(notice.description),
        products=_short(notice.products, 300),
        categories=[(c, taxonomy.name(c, language)) for c in categories],
        reasons=reason_list,
        deadline=deadline,
        deadline_text=None if moved_by else notice.comment_deadline_text,
        deadline_from=moved_by,
        days_left=None if deadline is None else (deadline - today).days,
        adoption_date=notice.adoption_date,
        entry_into_force_date=notice.entry_into_force_date,
        withdrawn=is_withdrawn(notice, state),
        documents=safe_links(notice),
        page_url=notice_url(settings, notice.id),
        feedback_relevant=relevant,
        feedback_not_relevant=not_relevant,
        group_category=(matched or list(categories) or ["OT99"])[0],
    )
