"""From an outbox row to an email: the context of each kind, rendered in the subscriber's language.

Content is built when the row is sent (a retry shows the notice as it is then); the Message-ID
was fixed when the row was queued, so a resent message is recognisably the same one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import Message
from typing import Any

from sqlalchemy.orm import Session

from alerts.categories import Taxonomy
from alerts.config import AlertsConfig
from alerts.digest import group_entries
from alerts.followups import MeasureState, measure_states
from alerts.links import Links, make_token, url
from alerts.notices import categories_for, load_notices
from alerts.render import Envelope, build_message, render
from alerts.views import NoticeView, member_name, notice_view
from config.settings import Settings
from warning.core.db import Delivery, Notice, Subscriber

CHANGE_FIELDS = {
    "deadline": "comment_deadline",
    "adoption": "adoption_date",
    "entry_into_force": "entry_into_force_date",
    "withdrawn": "withdrawn",
    "scope": "products",
}


class ComposeError(ValueError):
    """The row cannot become an email (its notice was deleted): a permanent failure."""


@dataclass(frozen=True, slots=True)
class ChangeView:
    kind: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class SubscriptionView:
    categories: list[str]
    hs_prefixes: list[str]
    markets: list[str]
    keywords: list[str]
    domains: list[str]
    frequency: str
    reminders: bool


@dataclass
class Composer:
    session: Session
    settings: Settings
    config: AlertsConfig
    taxonomy: Taxonomy
    now: datetime
    _notices: dict[int, Notice] = field(default_factory=dict)
    _categories: dict[int, tuple[str, ...]] = field(default_factory=dict)
    _links: dict[int, Links] = field(default_factory=dict)
    _states: dict[int, MeasureState] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.settings.tz).date()

    def prefetch(self, deliveries: list[Delivery]) -> None:
        """Load the notices and categories of a whole batch in two queries."""
        ids = {d.notice_id for d in deliveries if d.notice_id is not None}
        for delivery in deliveries:
            ids.update(entry["id"] for entry in delivery.payload.get("notices", []))
        wanted = sorted(ids - self._notices.keys())
        if wanted:
            self.prefetch_notices(wanted)

    def compose(self, delivery: Delivery, subscriber: Subscriber) -> Message:
        builder = getattr(self, f"_context_{delivery.kind}", None)
        if builder is None:
            raise ComposeError(f"unknown kind of email {delivery.kind!r}")
        links = self._links.get(subscriber.id)
        if links is None:  # signed once per subscriber and batch
            links = self._links[subscriber.id] = Links.for_subscriber(
                self.settings, subscriber.id, subscriber.email)
        context = {
            "subscriber": subscriber,
            "links": links,
            "base_url": self.settings.base_url.rstrip("/"),
            "today": self.today,
            **builder(delivery, subscriber),
        }
        rendered = render(delivery.kind, subscriber.language, context)
        envelope = Envelope(
            to_email=subscriber.email,
            to_name=subscriber.name,
            message_id=delivery.message_id or "",
            kind=delivery.kind,
            language=subscriber.language,
            unsubscribe_url=None if delivery.kind == "confirmation" else links.unsubscribe,
        )
        return build_message(rendered, envelope, settings=self.settings, config=self.config,
                             now=self.now)

    def _view(self, notice: Notice, reasons: list[dict[str, Any]], subscriber: Subscriber,
              categories: tuple[str, ...] | None = None) -> NoticeView:
        if categories is None:
            if notice.id not in self._categories:
                self.prefetch_notices([notice.id])
            categories = self._categories.get(notice.id, ())
        return notice_view(
            notice, state=self._states.get(notice.id), categories=categories, reasons=reasons,
            language=subscriber.language,
            today=self.today, settings=self.settings, taxonomy=self.taxonomy,
            subscriber_id=subscriber.id, email=subscriber.email,
        )

    def prefetch_notices(self, ids: list[int]) -> None:
        loaded = load_notices(self.session, ids)
        self._notices.update(loaded)
        self._states.update(measure_states(self.session, loaded.values()))
        found = categories_for(self.session, ids)
        self._categories.update({i: found.get(i, ()) for i in ids})

    def _notice(self, delivery: Delivery) -> Notice:
        notice = None
        if delivery.notice_id is not None:
            if delivery.notice_id not in self._notices:
                self.prefetch_notices([delivery.notice_id])
            notice = self._notices.get(delivery.notice_id)
        if notice is None:
            raise ComposeError(f"the notice of {delivery.key} no longer exists")
        return notice

    def _context_confirmation(self, delivery: Delivery, subscriber: Subscriber) -> dict[str, Any]:
        token = make_token(self.settings, "confirm", subscriber.id, subscriber.email)
        return {
            "confirm_url": url(self.settings, "confirm", token),
            "confirm_days": self.config.link_days.confirm,
            "subscriptions": [self._subscription(s, subscriber.language)
                              for s in subscriber.subscriptions if s.active],
        }

    def _subscription(self, row: Any, language: str) -> SubscriptionView:
        return SubscriptionView(
            categories=[f"{c} {self.taxonomy.name(c, language)}" for c in row.categories],
            hs_prefixes=list(row.hs_prefixes),
            markets=[member_name(m, m, language) for m in row.markets],
            keywords=list(row.keywords),
            domains=list(row.domains),
            frequency=row.frequency,
            reminders=row.reminders,
        )

    def _context_new(self, delivery: Delivery, subscriber: Subscriber) -> dict[str, Any]:
        notice = self._notice(delivery)
        return {"notice": self._view(notice, delivery.payload.get("reasons", []), subscriber)}

    def _context_reminder(self, delivery: Delivery, subscriber: Subscriber) -> dict[str, Any]:
        notice = self._notice(delivery)
        return {
            "notice": self._view(notice, [], subscriber),
            "threshold": delivery.payload.get("days"),
        }

    def _context_update(self, delivery: Delivery, subscriber: Subscriber) -> dict[str, Any]:
        notice = self._notice(delivery)
        payload = delivery.payload
        before, after = payload.get("before", {}), payload.get("after", {})
        changes = []
        for kind in payload.get("kinds", []):
            field = CHANGE_FIELDS.get(kind)
            if field is None:
                continue
            new_value = after.get(field, getattr(notice, field))
            changes.append(ChangeView(kind, before.get(field), new_value))
        return {
            "notice": self._view(notice, [], subscriber),
            "changes": changes,
            "addendum": after.get("addendum"),
        }

    def _context_digest(self, delivery: Delivery, subscriber: Subscriber) -> dict[str, Any]:
        entries = delivery.payload.get("notices", [])
        missing = [e["id"] for e in entries if e["id"] not in self._notices]
        if missing:
            self.prefetch_notices(missing)
        views = [
            self._view(self._notices[e["id"]], e.get("reasons", []), subscriber)
            for e in entries if e["id"] in self._notices
        ]
        if not views:
            raise ComposeError(f"the notices of {delivery.key} no longer exist")
        groups = group_entries(views, lambda v: v.group_category, lambda v: v.member_code,
                               NoticeView.urgency)
        language = subscriber.language
        return {
            "groups": [
                {"category": g.category, "category_name": self.taxonomy.name(g.category, language),
                 "market_name": member_name(g.market, g.market, language), "notices": g.entries}
                for g in groups
            ],
            "count": len(views),
            "closing_soon": sum(1 for v in views if v.open and (v.days_left or 0) <= 14),
            "frequency": delivery.payload.get("frequency", "daily"),
            "period_start": delivery.payload.get("period_start"),
            "period_end": delivery.payload.get("period_end"),
        }
