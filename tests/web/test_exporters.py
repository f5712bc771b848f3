"""Exporters' pages: subscribe with double opt-in, the signed links of alert emails (confirm,
unsubscribe incl. one-click, manage, feedback), HS search, and the form's rate limit."""

from __future__ import annotations

import email
import re
from email.message import Message

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.links import make_token
from config.settings import Settings
from tests.web.conftest import csrf_of
from warning.core.db import Delivery, Feedback, Subscriber, Subscription

FORM = {
    "email": "buyer@exporter.example",
    "language": "en",
    "company": "Shenzhen Batteries Ltd",
    "categories": ["HT09", "TR04"],
    "hs": ["850760"],
    "hs_text": "8517, 8415",
    "markets": ["EU", "USA"],
    "markets_text": "Japan",
    "keywords": "lithium, 锂电池",
    "frequency": "daily",
    "reminders": "1",
}


def _subscribe(client: TestClient, **changes: object):  # type: ignore[no-untyped-def]
    return client.post(
        "/subscribe", data={**FORM, **changes, "csrf_token": csrf_of(client, "/subscribe")}
    )


def _subscriber(session: Session) -> Subscriber:
    session.expire_all()
    return session.scalars(select(Subscriber)).one()


def _sent_mail(settings: Settings) -> Message:
    (path,) = list(settings.outbox.glob("*.eml"))
    return email.message_from_bytes(path.read_bytes())


def _link(message: Message, purpose: str) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
            found = re.search(rf"http://testserver(/s/{purpose}/[^\s\"<>]+)", text)
            if found:
                return found.group(1)
    raise AssertionError(f"no {purpose} link in the email")


def test_the_form_offers_the_category_tree_in_both_languages(client: TestClient) -> None:
    page = client.get("/subscribe").text
    assert "计算机与通信技术" in page and "Computers &amp; telecommunications" in page
    assert 'hx-get="/hs/search"' in page and 'value="EU"' in page


def test_subscribing_stores_the_choices_and_mails_one_confirmation_link(
    client: TestClient, session: Session, web_settings: Settings
) -> None:
    response = _subscribe(client)
    assert response.status_code == 200 and "Check your mailbox" in response.text
    subscriber = _subscriber(session)
    assert subscriber.confirmed_at is None and subscriber.company == "Shenzhen Batteries Ltd"
    (subscription,) = subscriber.subscriptions
    assert subscription.categories == ["HT09", "TR04"]
    assert subscription.hs_prefixes == ["850760", "8517", "8415"]
    assert subscription.markets == ["EU", "USA", "JPN"]
    assert subscription.keywords == ["lithium", "锂电池"]
    assert subscription.frequency == "daily" and subscription.reminders
    kinds = session.scalars(select(Delivery.kind)).all()
    assert kinds == ["confirmation"]
    message = _sent_mail(web_settings)  # sent at once by the background task (file outbox)
    assert message["To"] == "buyer@exporter.example"
    assert _link(message, "confirm").startswith("/s/confirm/")


def test_a_bad_form_is_shown_again_with_the_reason(client: TestClient, session: Session) -> None:
    response = _subscribe(client, email="not-an-address")
    assert response.status_code == 422 and "is not an e-mail address" in response.text
    assert 'value="Shenzhen Batteries Ltd"' in response.text  # what was typed is kept
    assert session.scalars(select(Subscriber)).first() is None
    assert _subscribe(client, hs_text="85x7").status_code == 422


def test_a_form_sent_before_anything_was_chosen_is_refused_in_the_pages_language(
    client: TestClient, session: Session
) -> None:
    nothing = {key: "" for key in ("categories", "hs", "hs_text", "markets", "markets_text")}
    response = _subscribe(client, **nothing, keywords="")
    assert response.status_code == 422 and "would send every notice" in response.text
    client.headers["Accept-Language"] = "zh-CN"
    chinese = _subscribe(client, **nothing, keywords="")
    assert chinese.status_code == 422 and "什么都不选的订阅会收到所有通报" in chinese.text
    assert session.scalars(select(Subscriber)).first() is None


def test_the_confirm_link_asks_first_and_confirms_on_the_button(
    client: TestClient, session: Session, web_settings: Settings
) -> None:
    _subscribe(client)
    link = _link(_sent_mail(web_settings), "confirm")
    page = client.get(link)
    assert page.status_code == 200 and "Confirm subscription" in page.text
    assert _subscriber(session).confirmed_at is None  # a mail scanner's GET changes nothing
    done = client.post(link, data={"csrf_token": csrf_of(client, link)})
    assert "Your subscription is confirmed." in done.text
    assert _subscriber(session).confirmed_at is not None


@pytest.mark.parametrize("purpose", ["confirm", "unsubscribe", "manage", "feedback"])
def test_a_tampered_link_is_refused_with_a_clear_page(
    client: TestClient, session: Session, web_settings: Settings, purpose: str
) -> None:
    _subscribe(client)
    subscriber = _subscriber(session)
    token = make_token(web_settings, purpose, subscriber.id, subscriber.email, 1)
    response = client.get(f"/s/{purpose}/{token[:-3]}xyz")
    assert response.status_code == 400
    assert "This link is not valid" in response.text


def test_one_click_unsubscribe_needs_only_the_signed_link(
    client: TestClient, session: Session, web_settings: Settings
) -> None:
    _subscribe(client)
    subscriber = _subscriber(session)
    token = make_token(web_settings, "unsubscribe", subscriber.id, subscriber.email)
    mail_client = TestClient(client.app)  # no cookie, no CSRF token: what a mail client sends
    response = mail_client.post(f"/s/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.text
    assert _subscriber(session).unsubscribed_at is not None
    again = client.get(f"/s/unsubscribe/{token}")
    assert again.status_code == 200


def test_the_manage_page_edits_adds_and_deletes_subscriptions(
    client: TestClient, session: Session, web_settings: Settings
) -> None:
    _subscribe(client)
    subscriber = _subscriber(session)
    token = make_token(web_settings, "manage", subscriber.id, subscriber.email)
    page = client.get(f"/s/manage/{token}")
    assert page.status_code == 200 and "buyer@exporter.example" in page.text
    assert 'value="HT09" checked' in page.text
    csrf = csrf_of(client, f"/s/manage/{token}")
    subscription_id = subscriber.subscriptions[0].id
    saved = client.post(
        f"/s/manage/{token}/subscriptions/{subscription_id}",
        data={"categories": ["HT01"], "frequency": "weekly", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=1")
    client.post(
        f"/s/manage/{token}/subscriptions",
        data={"markets": ["KOR"], "frequency": "immediate", "csrf_token": csrf},
    )
    client.post(f"/s/manage/{token}/profile", data={"language": "zh", "csrf_token": csrf})
    session.expire_all()
    rows = session.scalars(select(Subscription).order_by(Subscription.id)).all()
    assert [(r.categories, r.frequency) for r in rows] == [(["HT01"], "weekly"), ([], "immediate")]
    assert _subscriber(session).language == "zh"
    refused = client.post(
        f"/s/manage/{token}/subscriptions/{subscription_id}",
        data={"categories": ["NOPE"], "csrf_token": csrf},
    )
    # The subscriber now reads Chinese: the refusal is in the page's language, naming the value.
    assert refused.status_code == 422 and "产品类别：未知类别 NOPE" in refused.text
    client.post(
        f"/s/manage/{token}/subscriptions/{subscription_id}/delete", data={"csrf_token": csrf}
    )
    session.expire_all()
    assert [r.markets for r in session.scalars(select(Subscription))] == [["KOR"]]


def test_feedback_asks_then_records_relevant_or_not(
    client: TestClient, session: Session, web_settings: Settings, notice_id: int
) -> None:
    _subscribe(client)
    subscriber = _subscriber(session)
    token = make_token(web_settings, "feedback", subscriber.id, subscriber.email, notice_id)
    page = client.get(f"/s/feedback/{token}?relevant=0")
    assert page.status_code == 200 and "Energy efficiency of air conditioners" in page.text
    assert session.scalars(select(Feedback)).first() is None
    csrf = csrf_of(client, f"/s/feedback/{token}")
    client.post(f"/s/feedback/{token}", data={"relevant": "0", "csrf_token": csrf})
    session.expire_all()
    (row,) = session.scalars(select(Feedback)).all()
    assert (row.notice_id, row.relevant) == (notice_id, False)


def test_the_hs_search_answers_with_addable_codes(client: TestClient) -> None:
    fragment = client.get("/hs/search", params={"q": "lithium"}).text
    assert 'data-code="282520"' in fragment and "Lithium oxide" in fragment
    assert "No HS code matches" in client.get("/hs/search", params={"q": "zzzz"}).text


def test_the_form_cannot_flood_a_mailbox(client: TestClient) -> None:
    statuses = [_subscribe(client, email=f"a{i}@x.example").status_code for i in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_a_refused_edit_on_the_manage_page_keeps_what_was_typed(
    client: TestClient, session: Session, web_settings: Settings
) -> None:
    _subscribe(client)
    subscriber = _subscriber(session)
    token = make_token(web_settings, "manage", subscriber.id, subscriber.email)
    csrf = csrf_of(client, f"/s/manage/{token}")
    subscription_id = subscriber.subscriptions[0].id
    typed = {"keywords": "shampoo, 洗发水", "frequency": "weekly", "hs_text": "12x"}
    refused = client.post(
        f"/s/manage/{token}/subscriptions/{subscription_id}", data={**typed, "csrf_token": csrf}
    )
    assert refused.status_code == 422 and "12x" in refused.text
    assert 'value="shampoo, 洗发水"' in refused.text
    assert 'value="weekly" checked' in refused.text
    added = client.post(
        f"/s/manage/{token}/subscriptions",
        data={"keywords": "printers", "markets_text": "Atlantis", "csrf_token": csrf},
    )
    assert added.status_code == 422 and 'value="printers"' in added.text
    assert 'value="Atlantis"' in added.text
    session.expire_all()
    assert [s.keywords for s in _subscriber(session).subscriptions] == [["lithium", "锂电池"]]


def test_a_confirmed_subscriber_is_shown_where_to_manage_it_and_where_the_notices_are(
    client: TestClient, session: Session, web_settings: Settings
) -> None:
    _subscribe(client)
    link = _link(_sent_mail(web_settings), "confirm")
    done = client.post(link, data={"csrf_token": csrf_of(client, link)})
    assert "Subscription confirmed" in done.text and 'href="/notices"' in done.text
    manage = re.search(r'href="(/s/manage/[^"]+)"', done.text)
    assert manage, done.text
    page = client.get(manage.group(1))
    assert page.status_code == 200 and "buyer@exporter.example" in page.text
    again = client.post(link, data={"csrf_token": csrf_of(client, link)})
    assert "already confirmed" in again.text and "/s/manage/" in again.text


def test_an_unsubscribed_address_is_told_so_on_its_links_with_a_way_back(
    client: TestClient, session: Session, web_settings: Settings
) -> None:
    _subscribe(client, language="zh")
    subscriber = _subscriber(session)
    unsubscribe = (
        f"/s/unsubscribe/{make_token(web_settings, 'unsubscribe', subscriber.id, subscriber.email)}"
    )
    manage = f"/s/manage/{make_token(web_settings, 'manage', subscriber.id, subscriber.email)}"
    asked = client.get(unsubscribe)
    assert f'action="{unsubscribe}"' in asked.text
    done = client.post(unsubscribe, data={"csrf_token": csrf_of(client, unsubscribe)})
    assert "已退订" in done.text and 'href="/subscribe"' in done.text
    again = client.get(unsubscribe)
    assert again.status_code == 200 and "您此前已退订。" in again.text
    assert f'action="{unsubscribe}"' not in again.text and 'href="/subscribe"' in again.text
    page = client.get(manage)
    assert page.status_code == 200 and "buyer@exporter.example 已退订" in page.text
    assert 'href="/subscribe"' in page.text and "/profile" not in page.text
    assert "/subscriptions" not in page.text
