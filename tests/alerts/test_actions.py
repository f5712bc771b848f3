"""Signed links and what they do: confirm, unsubscribe (one-click), manage, feedback; tampered,
expired or misdirected tokens are refused with a clear outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts import actions
from alerts.actions import Outcome
from alerts.config import LinkDays
from alerts.links import LinkError, make_token, read_token
from config.settings import Settings, load_settings
from tests.alerts.conftest import make_notice, make_subscriber
from warning.core.db import Delivery, Feedback, Subscription

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _token(settings: Settings, purpose, subscriber, notice_id=None) -> str:  # type: ignore[no-untyped-def]
    return make_token(settings, purpose, subscriber.id, subscriber.email, notice_id)


def test_a_token_round_trips(file_settings: Settings) -> None:
    token = make_token(file_settings, "feedback", 5, "A@example.com", 9)
    data = read_token(file_settings, "feedback", token, LinkDays())
    assert (data.subscriber_id, data.notice_id) == (5, 9)


def test_a_tampered_token_is_refused(file_settings: Settings) -> None:
    token = make_token(file_settings, "unsubscribe", 5, "a@example.com")
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), token[:20], "x", ""):
        with pytest.raises(LinkError) as error:
            read_token(file_settings, "unsubscribe", bad, LinkDays())
        assert error.value.reason == "invalid"


def test_a_token_for_another_purpose_is_refused(file_settings: Settings) -> None:
    token = make_token(file_settings, "manage", 5, "a@example.com")
    with pytest.raises(LinkError, match="not valid"):
        read_token(file_settings, "unsubscribe", token, LinkDays())


def test_a_token_signed_with_another_secret_is_refused(file_settings: Settings) -> None:
    other = load_settings(secret_key="another-secret-entirely")
    token = make_token(other, "confirm", 5, "a@example.com")
    with pytest.raises(LinkError):
        read_token(file_settings, "confirm", token, LinkDays())


def test_an_expired_token_is_refused_as_expired(file_settings: Settings) -> None:
    with time_machine.travel(T0, tick=False):
        token = make_token(file_settings, "confirm", 5, "a@example.com")
    with time_machine.travel(T0 + timedelta(days=6), tick=False):
        read_token(file_settings, "confirm", token, LinkDays(confirm=7))
    with time_machine.travel(T0 + timedelta(days=8), tick=False), pytest.raises(LinkError) as error:
        read_token(file_settings, "confirm", token, LinkDays(confirm=7))
    assert error.value.reason == "expired"


def test_confirming_starts_the_subscription_once(session: Session, file_settings: Settings) -> None:
    subscriber = make_subscriber(
        session, file_settings, "c@example.com", confirmed=False, language="zh", categories="HT01"
    )
    token = _token(file_settings, "confirm", subscriber)
    result = actions.confirm(session, token, settings=file_settings, now=T0)
    assert result.outcome is Outcome.DONE and subscriber.confirmed_at == T0
    assert result.message() == "您的订阅已确认。"
    again = actions.confirm(session, token, settings=file_settings, now=T0)
    assert again.outcome is Outcome.ALREADY and again.ok


def test_an_expired_confirmation_link_says_so(session: Session, file_settings: Settings) -> None:
    with time_machine.travel(T0, tick=False):
        subscriber = make_subscriber(session, file_settings, "late@example.com", confirmed=False)
        token = _token(file_settings, "confirm", subscriber)
    with time_machine.travel(T0 + timedelta(days=30), tick=False):
        result = actions.confirm(session, token, settings=file_settings)
    assert result.outcome is Outcome.EXPIRED and subscriber.confirmed_at is None
    assert "expired" in result.message("en")
    assert "过期" in result.message("zh")


def test_a_tampered_link_changes_nothing(session: Session, file_settings: Settings) -> None:
    subscriber = make_subscriber(session, file_settings, "t@example.com", confirmed=False)
    token = _token(file_settings, "confirm", subscriber)
    result = actions.confirm(session, token.replace(".", "x", 1), settings=file_settings)
    assert result.outcome is Outcome.INVALID and not result.ok
    assert "not valid" in result.message()
    assert subscriber.confirmed_at is None


def test_a_token_stops_working_when_the_address_changes(
    session: Session, file_settings: Settings
) -> None:
    subscriber = make_subscriber(session, file_settings, "old@example.com")
    token = _token(file_settings, "manage", subscriber)
    subscriber.email = "new@example.com"
    assert actions.manage(session, token, settings=file_settings).outcome is Outcome.UNKNOWN


def test_one_click_unsubscribe_withdraws_unsent_mail(
    session: Session, file_settings: Settings
) -> None:
    subscriber = make_subscriber(session, file_settings, "u@example.com", confirmed=False)
    token = _token(file_settings, "unsubscribe", subscriber)
    checked = actions.check(session, "unsubscribe", token, settings=file_settings)
    assert checked.ok and subscriber.unsubscribed_at is None  # a GET page changes nothing
    result = actions.unsubscribe(session, token, settings=file_settings, now=T0)
    assert result.outcome is Outcome.DONE and subscriber.unsubscribed_at == T0
    assert result.data["withdrawn"] == 1
    assert session.scalars(select(Delivery.status)).all() == ["skipped"]
    again = actions.unsubscribe(session, token, settings=file_settings, now=T0)
    assert again.outcome is Outcome.ALREADY


def test_an_old_confirmation_link_cannot_undo_an_unsubscribe(
    session: Session, file_settings: Settings
) -> None:
    subscriber = make_subscriber(session, file_settings, "x@example.com", confirmed=False)
    confirm = _token(file_settings, "confirm", subscriber)
    actions.unsubscribe(
        session, _token(file_settings, "unsubscribe", subscriber), settings=file_settings
    )
    result = actions.confirm(session, confirm, settings=file_settings)
    assert result.outcome is Outcome.REFUSED and subscriber.confirmed_at is None


def test_feedback_is_stored_and_can_be_changed(session: Session, file_settings: Settings) -> None:
    subscriber = make_subscriber(session, file_settings, "f@example.com", categories="TR04")
    notice_id = make_notice(session, symbol="G/TBT/N/USA/1", categories=("TR04",))
    token = _token(file_settings, "feedback", subscriber, notice_id)
    assert actions.feedback(session, token, True, settings=file_settings).outcome is Outcome.DONE
    assert actions.feedback(session, token, False, settings=file_settings).ok
    rows = session.scalars(select(Feedback)).all()
    assert [(r.subscriber_id, r.notice_id, r.relevant) for r in rows] == [
        (subscriber.id, notice_id, False)
    ]


def test_feedback_needs_a_feedback_token(session: Session, file_settings: Settings) -> None:
    subscriber = make_subscriber(session, file_settings, "g@example.com")
    manage = _token(file_settings, "manage", subscriber)
    assert actions.feedback(session, manage, True, settings=file_settings).outcome is (
        Outcome.INVALID
    )
    gone = _token(file_settings, "feedback", subscriber, 999)
    assert actions.feedback(session, gone, True, settings=file_settings).outcome is Outcome.UNKNOWN


def test_manage_lists_edits_and_deletes_subscriptions(
    session: Session, file_settings: Settings
) -> None:
    subscriber = make_subscriber(session, file_settings, "m@example.com", categories="TR04")
    token = _token(file_settings, "manage", subscriber)
    view = actions.manage(session, token, settings=file_settings)
    (existing,) = view.data["subscriber"]["subscriptions"]
    assert existing["categories"] == ["TR04"]
    saved = actions.save_subscription(
        session,
        token,
        {"hs": "8415", "frequency": "weekly"},
        settings=file_settings,
        subscription_id=existing["id"],
    )
    row = session.get(Subscription, existing["id"])
    assert saved.ok and row.hs_prefixes == ["8415"] and row.frequency == "weekly"
    refused = actions.save_subscription(
        session, token, {"categories": "XX99"}, settings=file_settings
    )
    assert refused.outcome is Outcome.REFUSED and "XX99" in refused.message()
    added = actions.save_subscription(session, token, {"keywords": "toys"}, settings=file_settings)
    assert added.ok and len(subscriber.subscriptions) == 2
    other = make_subscriber(session, file_settings, "other@example.com", categories="TR01")
    foreign = other.subscriptions[0].id
    assert actions.delete_subscription(session, token, foreign, settings=file_settings).outcome is (
        Outcome.UNKNOWN
    )
    assert actions.delete_subscription(session, token, existing["id"], settings=file_settings).ok
    assert actions.update_profile(session, token, settings=file_settings, language="zh").ok
    assert subscriber.language == "zh"


def test_the_subscribe_form_queues_a_confirmation(
    session: Session, file_settings: Settings
) -> None:
    result = actions.subscribe(
        session,
        {"email": "form@example.com", "language": "en", "categories": "HT01", "markets": "EU"},
        settings=file_settings,
    )
    assert result.outcome is Outcome.DONE and result.data["confirmation_queued"]
    assert "confirm" in result.message()
    bad = actions.subscribe(session, {"email": "nope"}, settings=file_settings)
    assert bad.outcome is Outcome.REFUSED and "email" in (bad.detail or "")
