"""Subscribers and subscriptions: validation, double opt-in, the CSV import, the taxonomy names."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.categories import load_taxonomy, parse_taxonomy
from alerts.importer import import_csv
from alerts.subscriptions import (
    SubscriptionError,
    add_subscription,
    parse_subscriber,
    parse_subscription,
    remove_subscriber,
    split_values,
)
from config.settings import Settings
from warning.core.db import Delivery, Subscriber, Subscription

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
DATA = Path(__file__).resolve().parents[1] / "data" / "alerts"


def test_it_normalises_a_subscription(file_settings: Settings) -> None:
    spec = parse_subscription(
        {
            "categories": "ht01, TR04",
            "hs": "8517.62; 8415",
            "markets": "eu,United States,德国",
            "keywords": "lithium，锂电池 ;  solar  panel",
            "domains": "tbt",
            "frequency": "Daily",
        },
        load_taxonomy(file_settings.taxonomy_file),
    )
    assert spec.categories == ("HT01", "TR04")
    assert spec.hs_prefixes == ("851762", "8415")
    assert spec.markets == ("EU", "USA", "DEU")
    assert spec.keywords == ("lithium", "锂电池", "solar panel")
    assert (spec.domains, spec.frequency) == (("TBT",), "daily")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("categories", "HT42", "categories: unknown HT42"),
        ("hs", "85a7", "hs: '85a7'"),
        ("hs", "8", "hs: '8'"),
        ("markets", "Atlantis", "markets: unknown member 'Atlantis'"),
        ("domains", "food", "domains: 'food'"),
        ("frequency", "hourly", "frequency: 'hourly'"),
        ("keywords", "!!!", "keywords: a keyword needs"),
    ],
)
def test_it_refuses_bad_values_naming_the_field(
    file_settings: Settings, field: str, value: str, message: str
) -> None:
    with pytest.raises(SubscriptionError, match=message.replace("(", r"\(")):
        parse_subscription({field: value}, load_taxonomy(file_settings.taxonomy_file))


def test_a_subscription_must_choose_something_but_a_market_alone_is_enough(
    file_settings: Settings,
) -> None:
    taxonomy = load_taxonomy(file_settings.taxonomy_file)
    with pytest.raises(SubscriptionError, match="would send every notice"):
        parse_subscription({"frequency": "daily", "keywords": " , "}, taxonomy)
    assert parse_subscription({"markets": "EU"}, taxonomy).markets == ("EU",)
    assert parse_subscription({"domains": "SPS"}, taxonomy).domains == ("SPS",)


@pytest.mark.parametrize("email", ["no-at-sign", "a@b", "two@@example.com", "a b@example.com"])
def test_it_refuses_a_bad_email(email: str) -> None:
    with pytest.raises(SubscriptionError, match="email"):
        parse_subscriber(email)


def test_it_refuses_an_unknown_language() -> None:
    with pytest.raises(SubscriptionError, match="language"):
        parse_subscriber("a@example.com", "fr")


def test_split_values_accepts_chinese_separators() -> None:
    assert split_values("a，b、c；d") == ["a", "b", "c", "d"]
    assert split_values(None) == []


def test_a_new_subscriber_gets_one_confirmation_and_nothing_else(
    session: Session, file_settings: Settings
) -> None:
    taxonomy = load_taxonomy(file_settings.taxonomy_file)
    who = parse_subscriber("New@Example.com", "zh")
    first = add_subscription(
        session,
        who,
        parse_subscription({"categories": "HT01"}, taxonomy),
        settings=file_settings,
        now=NOW,
    )
    second = add_subscription(
        session, who, parse_subscription({"hs": "8517"}, taxonomy), settings=file_settings, now=NOW
    )
    rows = session.scalars(select(Delivery)).all()
    assert first.new_subscriber and first.confirmation_queued
    assert not second.new_subscriber and not second.confirmation_queued
    assert [(r.kind, r.subscriber_id) for r in rows] == [("confirmation", first.subscriber.id)]
    assert first.subscriber.email == "new@example.com"
    assert len(first.subscriber.subscriptions) == 2


def test_an_operator_can_add_a_confirmed_subscriber(
    session: Session, file_settings: Settings
) -> None:
    result = add_subscription(
        session,
        parse_subscriber("op@example.com"),
        None,
        settings=file_settings,
        confirmed=True,
        now=NOW,
    )
    assert result.subscriber.confirmed_at == NOW
    assert session.scalars(select(Delivery)).all() == []


def test_subscribing_again_after_unsubscribing_asks_for_confirmation_again(
    session: Session, file_settings: Settings
) -> None:
    who = parse_subscriber("back@example.com")
    result = add_subscription(session, who, None, settings=file_settings, confirmed=True, now=NOW)
    result.subscriber.unsubscribed_at = NOW
    again = add_subscription(session, who, None, settings=file_settings, now=NOW)
    assert again.subscriber.unsubscribed_at is None and again.subscriber.confirmed_at is None
    assert again.confirmation_queued


def test_a_bouncing_address_subscribing_again_must_confirm_again(
    session: Session, file_settings: Settings
) -> None:
    who = parse_subscriber("bounced@example.com")
    result = add_subscription(session, who, None, settings=file_settings, confirmed=True, now=NOW)
    result.subscriber.bouncing, result.subscriber.consecutive_failures = True, 3
    again = add_subscription(session, who, None, settings=file_settings, now=NOW)
    assert not again.subscriber.bouncing and again.subscriber.consecutive_failures == 0
    assert again.subscriber.confirmed_at is None and again.confirmation_queued
    operator = add_subscription(session, who, None, settings=file_settings, confirmed=True, now=NOW)
    assert operator.subscriber.confirmed_at == NOW


def test_the_same_subscription_twice_is_kept_once(
    session: Session, file_settings: Settings
) -> None:
    taxonomy = load_taxonomy(file_settings.taxonomy_file)
    who = parse_subscriber("twice@example.com")
    spec = parse_subscription({"categories": "TR04", "markets": "EU"}, taxonomy)
    add_subscription(session, who, spec, settings=file_settings, now=NOW)
    again = add_subscription(session, who, spec, settings=file_settings, now=NOW)
    assert not again.subscription_added
    assert len(session.scalars(select(Subscription)).all()) == 1


def test_removing_a_subscriber_removes_their_rows(
    session: Session, file_settings: Settings
) -> None:
    add_subscription(
        session,
        parse_subscriber("gone@example.com"),
        parse_subscription({"categories": "TR04"}, load_taxonomy(file_settings.taxonomy_file)),
        settings=file_settings,
        now=NOW,
    )
    session.commit()
    assert remove_subscriber(session, "GONE@example.com")
    session.commit()
    assert session.scalars(select(Subscription)).all() == []
    assert session.scalars(select(Delivery)).all() == []
    assert not remove_subscriber(session, "gone@example.com")


def test_the_csv_import_keeps_good_rows_and_reports_bad_ones_by_line(
    session: Session, file_settings: Settings
) -> None:
    taxonomy = load_taxonomy(file_settings.taxonomy_file)
    with (DATA / "subscribers.csv").open(encoding="utf-8") as lines:
        report = import_csv(session, lines, settings=file_settings, taxonomy=taxonomy, now=NOW)
    assert [line for line, _ in report.errors] == [4, 5, 7]
    assert "categories: unknown HT77" in report.errors[0][1]
    assert "email" in report.errors[1][1]
    assert "reminders" in report.errors[2][1]
    subscribers = {s.email: s for s in session.scalars(select(Subscriber))}
    assert set(subscribers) == {"li@example.cn", "anna@example.de", "wang@example.cn"}
    assert len(subscribers["li@example.cn"].subscriptions) == 2
    assert subscribers["anna@example.de"].confirmed_at is not None
    assert subscribers["wang@example.cn"].subscriptions[0].reminders is False
    with (DATA / "subscribers.csv").open(encoding="utf-8") as lines:
        again = import_csv(session, lines, settings=file_settings, taxonomy=taxonomy, now=NOW)
    assert again.counts["subscriptions added"] == 0 and again.counts["unchanged"] == 4


def test_the_csv_import_refuses_an_unknown_column(
    session: Session, file_settings: Settings
) -> None:
    report = import_csv(
        session,
        ["mail,name\n", "a@example.com,A\n"],
        settings=file_settings,
        taxonomy=load_taxonomy(file_settings.taxonomy_file),
        now=NOW,
    )
    assert report.errors and report.errors[0][0] == 1 and "unknown columns" in report.errors[0][1]


def test_category_names_come_from_the_taxonomy_file(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yml"
    path.write_text("categories:\n  - id: HT01\n    name: {zh: 甲, en: Alpha}\n", encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert (taxonomy.name("HT01", "zh"), taxonomy.name("HT01", "en")) == ("甲", "Alpha")
    assert "HT02" not in taxonomy
    mapping = parse_taxonomy({"HT05": {"name_zh": "乙", "name_en": "Beta"}}, "inline")
    assert mapping.name("HT05", "zh") == "乙"


def test_without_a_taxonomy_file_ids_are_shown_as_themselves(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(tmp_path / "missing.yml")
    assert "HT01" in taxonomy and "nonsense" not in taxonomy
    assert taxonomy.name("HT01", "zh") == "HT01"


def test_the_shipped_taxonomy_names_every_category(file_settings: Settings) -> None:
    taxonomy = load_taxonomy(file_settings.taxonomy_file)
    assert taxonomy.source.endswith("taxonomy.yml")
    assert taxonomy.name("TR04", "zh") == "机电产品与家用电器"
    assert len(taxonomy.ids) == 17
