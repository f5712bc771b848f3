"""What the links in an email do: confirm, unsubscribe (incl. RFC 8058 one-click), manage, feedback.

Pure functions on a session for the web layer: each checks its signed token and returns an
`ActionResult` whose `outcome` says what happened (done, already, invalid, expired, unknown) with
a message in the subscriber's language; a refusal's reason is kept as a `Refusal` for the web to
translate. The caller commits. GET pages should call `check` only:
mail scanners follow links, so nothing may change until the person presses a button (POST).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.categories import load_taxonomy
from alerts.config import alerts_config
from alerts.links import LinkError, Purpose, fingerprint, read_token
from alerts.outbox import skip_pending
from alerts.subscriptions import (
    SubscriptionError,
    add_subscription,
    parse_subscriber,
    parse_subscription,
    subscriber_to_dict,
    update_subscription,
)
from config.settings import Settings
from warning.core.db import Feedback, Notice, Subscriber, Subscription
from warning.core.db.base import utcnow
from warning.core.refusals import N_, Refusal


class Outcome(StrEnum):
    DONE = "done"
    ALREADY = "already"  # nothing to do (confirmed twice, unsubscribed twice)
    INVALID = "invalid"  # altered, cut, or meant for another action
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # the subscriber (or notice) no longer exists, or the address changed
    REFUSED = "refused"  # the request itself is not acceptable (bad form values)


MESSAGES: dict[tuple[str, Outcome], tuple[str, str]] = {
    ("subscribe", Outcome.DONE): ("Check your mailbox: we sent you a link to confirm.",
                                  "请查收邮件，点击其中的链接确认订阅。"),
    ("subscribe", Outcome.ALREADY): ("Your subscription is saved.", "您的订阅已保存。"),
    ("confirm", Outcome.DONE): ("Your subscription is confirmed.", "您的订阅已确认。"),
    ("confirm", Outcome.ALREADY): ("Your subscription was already confirmed.",
                                   "您的订阅此前已确认。"),
    ("unsubscribe", Outcome.DONE): ("You are unsubscribed and will receive no more alerts.",
                                    "您已退订，将不再收到预警邮件。"),
    ("unsubscribe", Outcome.ALREADY): ("You were already unsubscribed.", "您此前已退订。"),
    ("manage", Outcome.DONE): ("Your subscription is saved.", "您的订阅已保存。"),
    ("feedback", Outcome.DONE): ("Thank you for your feedback.", "感谢您的反馈。"),
    ("*", Outcome.INVALID): ("This link is not valid: it may have been altered or cut short.",
                             "此链接无效，可能已被修改或不完整。"),
    ("*", Outcome.EXPIRED): ("This link has expired. Use the link in a more recent email.",
                             "此链接已过期，请使用最近邮件中的链接。"),
    ("*", Outcome.UNKNOWN): ("This subscription no longer exists.", "该订阅已不存在。"),
    ("*", Outcome.REFUSED): ("The request could not be accepted.", "请求无法受理。"),
    ("*", Outcome.DONE): ("Done.", "已完成。"),
    ("*", Outcome.ALREADY): ("Nothing to change.", "无需更改。"),
}

# The problems these actions find themselves (the form's are SubscriptionErrors).
RESUBSCRIBE = N_("You unsubscribed since; to subscribe again, fill in the subscription form.")
LANGUAGE_REFUSED = N_("language: '%(value)s' is not one of zh, en")
FULL_WIDTH_ENDS = ("。", "！", "？", "；")


@dataclass
class ActionResult:
    action: str
    outcome: Outcome
    language: str = "en"
    subscriber: Subscriber | None = None
    problem: Refusal | None = None  # what was refused and why, e.g. a form field and its value
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome in (Outcome.DONE, Outcome.ALREADY)

    @property
    def detail(self) -> str | None:
        """The problem in English (logs, the CLI)."""
        return str(self.problem) if self.problem else None

    def message(self, language: str | None = None,
                explain: Callable[[Refusal], str] | None = None) -> str:
        """The outcome in `language` (default the subscriber's), then the problem: in English,
        or as `explain` words it (the web translates it into the page's language)."""
        found = MESSAGES.get((self.action, self.outcome)) or MESSAGES[("*", self.outcome)]
        text = found[1] if (language or self.language).startswith("zh") else found[0]
        if self.problem is None:
            return text
        # A Chinese sentence ends with its full stop: no space before the next one.
        gap = "" if text.endswith(FULL_WIDTH_ENDS) else " "
        return f"{text}{gap}{explain(self.problem) if explain else self.problem}"


def subscribe(
    session: Session, values: dict[str, Any], *, settings: Settings, now: datetime | None = None
) -> ActionResult:
    """The public subscribe form: `email`, `language`, `name`, `company` and the subscription's
    fields. Queues the confirmation email (double opt-in); nothing else is sent until then."""
    try:
        who = parse_subscriber(values.get("email", ""), values.get("language"),
                               values.get("name"), values.get("company"))
        what = parse_subscription(values, load_taxonomy(settings.taxonomy_file))
    except SubscriptionError as exc:
        return ActionResult("subscribe", Outcome.REFUSED, values.get("language") or "en",
                            problem=exc)
    added = add_subscription(session, who, what, settings=settings, now=now)
    outcome = Outcome.DONE if added.confirmation_queued else Outcome.ALREADY
    result = ActionResult("subscribe", outcome, who.language, added.subscriber)
    result.data["confirmation_queued"] = added.confirmation_queued
    return result


def check(session: Session, purpose: Purpose, token: str, *, settings: Settings) -> ActionResult:
    """Verify a token without changing anything (for GET pages)."""
    try:
        data = read_token(settings, purpose, token, alerts_config(settings).link_days)
    except LinkError as exc:
        outcome = Outcome.EXPIRED if exc.reason == "expired" else Outcome.INVALID
        return ActionResult(purpose, outcome)
    subscriber = session.get(Subscriber, data.subscriber_id)
    if subscriber is None or fingerprint(subscriber.email) != data.fingerprint:
        return ActionResult(purpose, Outcome.UNKNOWN)
    result = ActionResult(purpose, Outcome.DONE, subscriber.language, subscriber)
    if data.notice_id is not None:
        result.data["notice_id"] = data.notice_id
    return result


def confirm(
    session: Session, token: str, *, settings: Settings, now: datetime | None = None
) -> ActionResult:
    result = check(session, "confirm", token, settings=settings)
    subscriber = result.subscriber
    if subscriber is None:
        return result
    if subscriber.unsubscribed_at is not None:
        # An old confirmation link must not undo a later unsubscribe.
        return ActionResult("confirm", Outcome.REFUSED, subscriber.language, subscriber,
                            problem=Refusal(RESUBSCRIBE))
    if subscriber.confirmed_at is not None:
        result.outcome = Outcome.ALREADY
        return result
    subscriber.confirmed_at = now or utcnow()
    subscriber.bouncing = False
    subscriber.consecutive_failures = 0
    session.flush()
    return result


def unsubscribe(
    session: Session, token: str, *, settings: Settings, now: datetime | None = None
) -> ActionResult:
    """Unsubscribe (the POST of the page, and RFC 8058's one-click POST). Unsent mail is
    withdrawn; subscriptions are kept so that subscribing again restores them."""
    result = check(session, "unsubscribe", token, settings=settings)
    subscriber = result.subscriber
    if subscriber is None:
        return result
    if subscriber.unsubscribed_at is not None:
        result.outcome = Outcome.ALREADY
        return result
    subscriber.unsubscribed_at = now or utcnow()
    result.data["withdrawn"] = skip_pending(session, subscriber.id, "recipient unsubscribed")
    session.flush()
    return result


def manage(session: Session, token: str, *, settings: Settings) -> ActionResult:
    """The subscriber and their subscriptions, for the manage page (`data["subscriber"]`)."""
    result = check(session, "manage", token, settings=settings)
    if result.subscriber is not None:
        result.data["subscriber"] = subscriber_to_dict(result.subscriber)
    return result


def save_subscription(
    session: Session, token: str, values: dict[str, Any], *, settings: Settings,
    subscription_id: int | None = None,
) -> ActionResult:
    """Create (no id) or replace one of the subscriber's subscriptions from form values."""
    result = check(session, "manage", token, settings=settings)
    subscriber = result.subscriber
    if subscriber is None:
        return result
    try:
        spec = parse_subscription(values, load_taxonomy(settings.taxonomy_file))
    except SubscriptionError as exc:
        return ActionResult("manage", Outcome.REFUSED, subscriber.language, subscriber,
                            problem=exc)
    if subscription_id is None:
        row = Subscription(active=True)
        subscriber.subscriptions.append(row)
    else:
        found = _own_subscription(session, subscriber, subscription_id)
        if found is None:
            return ActionResult("manage", Outcome.UNKNOWN, subscriber.language, subscriber)
        row = found
    update_subscription(row, spec)
    session.flush()
    result.data["subscription_id"] = row.id
    return result


def delete_subscription(
    session: Session, token: str, subscription_id: int, *, settings: Settings
) -> ActionResult:
    result = check(session, "manage", token, settings=settings)
    subscriber = result.subscriber
    if subscriber is None:
        return result
    row = _own_subscription(session, subscriber, subscription_id)
    if row is None:
        return ActionResult("manage", Outcome.UNKNOWN, subscriber.language, subscriber)
    session.delete(row)
    session.flush()
    return result


def update_profile(
    session: Session, token: str, *, settings: Settings, language: str | None = None,
    name: str | None = None, company: str | None = None,
) -> ActionResult:
    result = check(session, "manage", token, settings=settings)
    subscriber = result.subscriber
    if subscriber is None:
        return result
    if language is not None:
        if language not in ("zh", "en"):
            return ActionResult("manage", Outcome.REFUSED, subscriber.language, subscriber,
                                problem=Refusal(LANGUAGE_REFUSED, value=language))
        subscriber.language = result.language = language
    if name is not None:
        subscriber.name = name.strip()[:200] or None
    if company is not None:
        subscriber.company = company.strip()[:200] or None
    session.flush()
    return result


def _own_subscription(
    session: Session, subscriber: Subscriber, subscription_id: int
) -> Subscription | None:
    row = session.get(Subscription, subscription_id)
    return row if row is not None and row.subscriber_id == subscriber.id else None


def feedback(
    session: Session, token: str, relevant: bool, *, settings: Settings,
    now: datetime | None = None,
) -> ActionResult:
    """Record "relevant / not relevant" for the notice in the token (a second answer replaces
    the first: people change their mind)."""
    result = check(session, "feedback", token, settings=settings)
    subscriber = result.subscriber
    notice_id = result.data.get("notice_id")
    if subscriber is None:
        return result
    if notice_id is None:
        return ActionResult("feedback", Outcome.INVALID, subscriber.language, subscriber)
    if session.get(Notice, notice_id) is None:
        return ActionResult("feedback", Outcome.UNKNOWN, subscriber.language, subscriber)
    row = session.scalars(select(Feedback).where(
        Feedback.subscriber_id == subscriber.id, Feedback.notice_id == notice_id
    )).first()
    if row is None:
        row = Feedback(subscriber_id=subscriber.id, notice_id=notice_id)
        session.add(row)
    row.relevant = relevant
    row.at = now or utcnow()
    session.flush()
    result.data["relevant"] = relevant
    return result
