"""Subscribers and subscriptions: validation, creation with double opt-in, removal, listing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from alerts.categories import Taxonomy
from alerts.match import normalise_domain, normalise_hs
from alerts.outbox import enqueue_confirmation
from config.settings import Settings
from warning.core.db import Subscriber, Subscription
from warning.core.db.base import utcnow
from warning.core.members import member_of
from warning.core.refusals import N_, Refusal

LANGUAGES = ("zh", "en")
FREQUENCIES = ("immediate", "daily", "weekly")
_EMAIL = re.compile(
    r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)
_SPLIT = re.compile(r"[,;|，；、\n]+")
MAX_KEYWORDS = 50


class SubscriptionError(Refusal):
    """Input that cannot become a subscriber or subscription; the message says which field."""


@dataclass(frozen=True)
class SubscriptionSpec:
    """A validated subscription: canonical ids, digits-only HS prefixes, member codes."""

    categories: tuple[str, ...] = ()
    hs_prefixes: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    frequency: str = "immediate"
    reminders: bool = True

    def same_as(self, row: Subscription) -> bool:
        return all(
            sorted(getattr(self, f)) == sorted(getattr(row, f))
            for f in ("categories", "hs_prefixes", "markets", "keywords", "domains")
        ) and (self.frequency, self.reminders) == (row.frequency, row.reminders)


@dataclass(frozen=True)
class SubscriberSpec:
    email: str
    language: str = "zh"
    name: str | None = None
    company: str | None = None


@dataclass
class AddResult:
    subscriber: Subscriber
    subscription: Subscription | None
    new_subscriber: bool
    subscription_added: bool = False
    confirmation_queued: bool = False
    notes: list[str] = field(default_factory=list)


def split_values(value: str | Iterable[str] | None) -> list[str]:
    """`"a, b;c"` or ["a", "b"] → ["a", "b", "c"] (also Chinese commas), blanks dropped."""
    if value is None:
        return []
    parts = _SPLIT.split(value) if isinstance(value, str) else list(value)
    return [p.strip() for p in parts if p and p.strip()]


def _categories(values: list[str], taxonomy: Taxonomy) -> tuple[str, ...]:
    wanted = [v.upper() for v in values]
    unknown = [v for v in wanted if v not in taxonomy]
    if unknown:
        raise SubscriptionError(
            N_("categories: unknown %(value)s (known: %(known)s)"),
            value=", ".join(unknown),
            known=", ".join(taxonomy.ids),
        )
    return tuple(dict.fromkeys(wanted))


def _hs(values: list[str]) -> tuple[str, ...]:
    found = []
    for value in values:
        digits = normalise_hs(value)
        if not 2 <= len(digits) <= 10 or re.search(r"[^\d.\s]", value):
            raise SubscriptionError(
                N_("hs: '%(value)s' is not an HS code of 2 to 10 digits"), value=value
            )
        found.append(digits)
    return tuple(dict.fromkeys(found))


def _markets(values: list[str]) -> tuple[str, ...]:
    found = []
    for value in values:
        member = member_of(value)
        if member is None:
            raise SubscriptionError(
                N_("markets: unknown member '%(value)s' (use codes like EU, USA)"), value=value
            )
        found.append(member.code)
    return tuple(dict.fromkeys(found))


def _domains(values: list[str]) -> tuple[str, ...]:
    found = []
    for value in values:
        domain = normalise_domain(value)
        if domain is None:
            raise SubscriptionError(
                N_("domains: '%(value)s' is not one of TBT, SPS, regulation, alert"), value=value
            )
        found.append(domain)
    return tuple(dict.fromkeys(found))


def _keywords(values: list[str]) -> tuple[str, ...]:
    found = [" ".join(v.split()) for v in values]
    too_long = [v for v in found if len(v) > 100]
    if too_long:
        raise SubscriptionError(
            N_("keywords: '%(value)s…' is longer than 100 characters"), value=too_long[0][:40]
        )
    if not all(any(ch.isalnum() for ch in v) for v in found):
        raise SubscriptionError(N_("keywords: a keyword needs at least one letter or digit"))
    if len(found) > MAX_KEYWORDS:
        raise SubscriptionError(N_("keywords: at most %(max)s"), max=MAX_KEYWORDS)
    return tuple(dict.fromkeys(found))


def parse_subscription(data: dict[str, Any], taxonomy: Taxonomy) -> SubscriptionSpec:
    """Validate raw values (strings or lists) into a SubscriptionSpec; raises SubscriptionError."""
    frequency = (data.get("frequency") or "immediate").strip().lower()
    if frequency not in FREQUENCIES:
        raise SubscriptionError(
            N_("frequency: '%(value)s' is not one of %(choices)s"),
            value=frequency,
            choices=", ".join(FREQUENCIES),
        )
    spec = SubscriptionSpec(
        categories=_categories(split_values(data.get("categories")), taxonomy),
        hs_prefixes=_hs(split_values(data.get("hs_prefixes", data.get("hs")))),
        markets=_markets(split_values(data.get("markets"))),
        keywords=_keywords(split_values(data.get("keywords"))),
        domains=_domains(split_values(data.get("domains"))),
        frequency=frequency,
        reminders=bool(data.get("reminders", True)),
    )
    # No topic narrows to a market or a kind of measure ("everything from the EU"); with
    # neither, every notice would be sent: a form sent before anything was chosen.
    if not (spec.categories or spec.hs_prefixes or spec.keywords or spec.markets or spec.domains):
        raise SubscriptionError(
            N_(
                "choose at least one product category, HS code, keyword, market or kind of "
                "measure: a subscription without any would send every notice"
            )
        )
    return spec


def parse_subscriber(
    email: str, language: str | None = None, name: str | None = None, company: str | None = None
) -> SubscriberSpec:
    address = (email or "").strip()
    if len(address) > 320 or not _EMAIL.match(address):
        raise SubscriptionError(N_("email: '%(value)s' is not an e-mail address"), value=address)
    lang = (language or "zh").strip().lower()
    if lang not in LANGUAGES:
        raise SubscriptionError(N_("language: '%(value)s' is not one of zh, en"), value=lang)
    return SubscriberSpec(
        email=address.lower(),
        language=lang,
        name=(name or "").strip()[:200] or None,
        company=(company or "").strip()[:200] or None,
    )


def find_subscriber(session: Session, email: str) -> Subscriber | None:
    return session.scalars(
        select(Subscriber)
        .where(Subscriber.email == email.strip().lower())
        .options(selectinload(Subscriber.subscriptions))
    ).first()


def add_subscription(
    session: Session,
    who: SubscriberSpec,
    what: SubscriptionSpec | None,
    *,
    settings: Settings,
    confirmed: bool = False,
    now: datetime | None = None,
) -> AddResult:
    """Create (or extend) a subscriber. A new or re-subscribing unconfirmed subscriber gets one
    confirmation email and nothing else until confirmed (double opt-in)."""
    now = now or utcnow()
    found = find_subscriber(session, who.email)
    subscriber = found or Subscriber(email=who.email, created_at=now, subscriptions=[])
    result = AddResult(subscriber=subscriber, subscription=None, new_subscriber=found is None)
    if found is None:
        session.add(subscriber)
    elif subscriber.unsubscribed_at is not None or subscriber.bouncing:
        # Coming back after unsubscribing, or after the address bounced: opt in again, which
        # also proves the address receives mail once more.
        note = "had unsubscribed" if subscriber.unsubscribed_at else "was bouncing"
        subscriber.unsubscribed_at = None
        subscriber.bouncing = False
        subscriber.consecutive_failures = 0
        subscriber.confirmed_at = None
        subscriber.confirmation_requested_at = None
        result.notes.append(f"{note}: subscribed again, confirmation needed")
    subscriber.language = who.language
    subscriber.name = who.name or subscriber.name
    subscriber.company = who.company or subscriber.company
    if confirmed:
        subscriber.confirmed_at = subscriber.confirmed_at or now
    if what is not None:
        result.subscription = _attach(subscriber, what, now, result)
    session.flush()
    if subscriber.confirmed_at is None:
        result.confirmation_queued = enqueue_confirmation(session, subscriber, settings, now)
    return result


def _attach(
    subscriber: Subscriber, what: SubscriptionSpec, now: datetime, result: AddResult
) -> Subscription:
    for existing in subscriber.subscriptions:
        if existing.active and what.same_as(existing):
            result.notes.append("the same subscription already exists")
            return existing
    row = Subscription(
        categories=list(what.categories),
        hs_prefixes=list(what.hs_prefixes),
        markets=list(what.markets),
        keywords=list(what.keywords),
        domains=list(what.domains),
        frequency=what.frequency,
        reminders=what.reminders,
        active=True,
        created_at=now,
    )
    subscriber.subscriptions.append(row)
    result.subscription_added = True
    return row


def update_subscription(row: Subscription, what: SubscriptionSpec) -> None:
    """Replace a subscription's criteria; a changed frequency restarts its digest schedule."""
    if row.frequency != what.frequency:
        row.next_digest_at = None
    row.categories = list(what.categories)
    row.hs_prefixes = list(what.hs_prefixes)
    row.markets = list(what.markets)
    row.keywords = list(what.keywords)
    row.domains = list(what.domains)
    row.frequency = what.frequency
    row.reminders = what.reminders


def remove_subscriber(session: Session, email: str) -> bool:
    """Delete a subscriber with their subscriptions, outbox rows and feedback."""
    subscriber = find_subscriber(session, email)
    if subscriber is None:
        return False
    session.delete(subscriber)
    session.flush()
    return True


def list_subscribers(session: Session) -> list[Subscriber]:
    return list(
        session.scalars(
            select(Subscriber)
            .options(selectinload(Subscriber.subscriptions))
            .order_by(Subscriber.id)
        )
    )


def subscriber_to_dict(subscriber: Subscriber) -> dict[str, Any]:
    return {
        "id": subscriber.id,
        "email": subscriber.email,
        "name": subscriber.name,
        "company": subscriber.company,
        "language": subscriber.language,
        "confirmed": subscriber.confirmed_at is not None,
        "confirmed_at": subscriber.confirmed_at,
        "bouncing": subscriber.bouncing,
        "unsubscribed_at": subscriber.unsubscribed_at,
        "created_at": subscriber.created_at,
        "subscriptions": [subscription_to_dict(s) for s in subscriber.subscriptions],
    }


def subscription_to_dict(row: Subscription) -> dict[str, Any]:
    return {
        "id": row.id,
        "categories": list(row.categories),
        "hs_prefixes": list(row.hs_prefixes),
        "markets": list(row.markets),
        "keywords": list(row.keywords),
        "domains": list(row.domains),
        "frequency": row.frequency,
        "reminders": row.reminders,
        "active": row.active,
        "next_digest_at": row.next_digest_at,
    }
