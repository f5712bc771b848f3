"""Messages made outside the templates (the core's refusals, refused filters and form values,
login and request errors) are shown in the page's language, naming the value they are about;
the JSON API keeps them in English."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.links import make_token
from config.settings import Settings
from tests.web.conftest import csrf_of
from warning.core.db import Subscriber
from warning.web.deps import Forbidden

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
SignedIn = Callable[[str], tuple[TestClient, str]]


def _staff_in(signed_in: SignedIn, username: str, language: str) -> tuple[TestClient, str]:
    client, token = signed_in(username)
    client.post("/language", data={"lang": language, "next": "/review", "csrf_token": token})
    return client, token


def _move(client: TestClient, token: str, notice_id: int, *statuses: str) -> None:
    for status in statuses:
        client.post(
            f"/notices/{notice_id}/review/status", data={"status": status, "csrf_token": token}
        )


@pytest.mark.parametrize(
    ("query", "chinese", "english"),
    [
        (
            "sort=oldest",
            "排序：“oldest”不是可选值（urgency, deadline, newest, impact）之一",
            "Sort: &#39;oldest&#39; is not one of urgency, deadline, newest, impact",
        ),
        (
            "hs=85x7",
            "HS 编码前缀：“85x7”不是 2 至 10 位数字的 HS 编码前缀",
            "HS prefix: &#39;85x7&#39; is not an HS code prefix of 2 to 10 digits",
        ),
        (
            "domain=food",
            "类型：“food”不是可选值（TBT, SPS, regulation, alert）之一",
            "Domain: &#39;food&#39; is not one of TBT, SPS, regulation, alert",
        ),
        (
            "deadline_from=31.12.2026",
            "截止日期不早于：“31.12.2026”不是 YYYY-MM-DD 格式的日期",
            "Deadline on or after: &#39;31.12.2026&#39; is not a date as YYYY-MM-DD",
        ),
    ],
)
def test_a_refused_filter_is_explained_in_the_pages_language(
    client: TestClient, query: str, chinese: str, english: str
) -> None:
    zh = client.get(f"/notices?{query}", headers=ZH)
    en = client.get(f"/notices?{query}")
    assert (zh.status_code, en.status_code) == (422, 422)
    assert chinese in zh.text and english not in zh.text
    assert english in en.text


def test_a_refused_filter_in_the_queue_fragment_follows_the_reviewers_language(
    signed_in: SignedIn, notice_id: int
) -> None:
    htmx = {"HX-Request": "true", "HX-Target": "results"}
    chinese, _ = _staff_in(signed_in, "wang", "zh")
    fragment = chinese.get("/review?status=done", headers=htmx)
    assert fragment.status_code == 422 and "<html" not in fragment.text
    assert "状态：“done”不是可选值（open, new, triage," in fragment.text
    english, _ = _staff_in(signed_in, "admin", "en")
    assert (
        "Status: &#39;done&#39; is not one of open, new"
        in english.get("/review?status=done", headers=htmx).text
    )


def test_the_api_keeps_filter_and_review_refusals_in_english(
    client: TestClient, notice_id: int, api_token: Callable[[str], dict[str, str]]
) -> None:
    refused = client.get("/api/notices", params={"sort": "oldest"}, headers=ZH)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == "sort: one of urgency, deadline, newest, impact"
    conflict = client.post(
        f"/api/notices/{notice_id}/review/status",
        json={"status": "closed"},
        headers={**ZH, **api_token("reviewer")},
    )
    assert conflict.status_code == 409
    assert conflict.json()["detail"] == "a review in 'new' cannot move to 'closed'"


def test_an_illegal_move_is_explained_in_the_panel_in_the_reviewers_language(
    signed_in: SignedIn, notice_id: int
) -> None:
    for language, expected in (
        ("zh", "处于“新通报”的审核不能转为“评议已发送”"),
        ("en", "a review in &#39;New&#39; cannot move to &#39;Comment sent&#39;"),
    ):
        client, token = _staff_in(signed_in, "wang", language)
        response = client.post(
            f"/notices/{notice_id}/review/status",
            data={"status": "comment_sent"},
            headers={"HX-Request": "true", "X-CSRF-Token": token},
        )
        assert response.status_code == 409 and 'id="notice-main"' in response.text
        assert expected in response.text


def test_a_refused_review_change_is_a_page_in_the_reviewers_language(
    signed_in: SignedIn, notice_id: int
) -> None:
    chinese, token = _staff_in(signed_in, "li", "zh")
    moved = chinese.post(
        f"/notices/{notice_id}/review/status", data={"status": "triage", "csrf_token": token}
    )
    assert moved.status_code == 403 and "角色“专家”无权更改“状态”" in moved.text
    english, token = _staff_in(signed_in, "wang", "en")
    empty = english.post(
        f"/notices/{notice_id}/review/impact",
        data={"impact": "high", "reason": " ", "csrf_token": token},
    )
    assert empty.status_code == 422 and "give the reason for the impact rating" in empty.text
    english.post("/language", data={"lang": "zh", "next": "/review", "csrf_token": token})
    again = english.post(
        f"/notices/{notice_id}/review/impact",
        data={"impact": "huge", "reason": "x", "csrf_token": token},
    )
    assert "影响程度须为 high, medium, low 之一，而不是“huge”" in again.text


def test_the_letter_refusals_follow_the_reviewers_language(
    signed_in: SignedIn, notice_id: int
) -> None:
    chinese, token = _staff_in(signed_in, "wang", "zh")
    early = chinese.get(f"/notices/{notice_id}/letter")
    assert early.status_code == 409 and "审核进入“起草评议”后才能起草评议意见函" in early.text
    english, _ = _staff_in(signed_in, "admin", "en")
    assert (
        "the review is in &#39;Comment drafting&#39;"
        in english.get(f"/notices/{notice_id}/letter").text
    )

    _move(chinese, token, notice_id, "triage", "comment_drafting")
    badly = chinese.post(
        f"/notices/{notice_id}/letter/sent", data={"sent_on": "2026-13-01", "csrf_token": token}
    )
    assert badly.status_code == 422
    assert "发送日期：“2026-13-01”不是 YYYY-MM-DD 格式的日期" in badly.text
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    future = chinese.post(
        f"/notices/{notice_id}/letter/sent", data={"sent_on": tomorrow, "csrf_token": token}
    )
    assert future.status_code == 422 and f"发送日期：{tomorrow} 是将来的日期" in future.text


SUBSCRIBE = {
    "email": "buyer@exporter.example",
    "language": "en",
    "categories": ["TR04"],
    "frequency": "daily",
}


def _subscribe(client: TestClient, headers: dict[str, str] | None = None, **changes: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client, "/subscribe")
    data = {**SUBSCRIBE, **changes, "csrf_token": token}
    return client.post("/subscribe", data=data, headers=headers or {})


def test_the_subscribe_form_explains_a_refused_value_in_the_pages_language(
    client: TestClient,
) -> None:
    # The form's language is the emails' language; the message follows the page's.
    zh = _subscribe(client, ZH, email="not-an-address")
    assert zh.status_code == 422
    assert "请求无法受理。电子邮箱：“not-an-address”不是有效的邮箱地址" in zh.text
    en = _subscribe(client, hs_text="85x7", language="zh")
    assert en.status_code == 422
    assert (
        "The request could not be accepted. HS codes: &#39;85x7&#39; is not an HS code" in en.text
    )


def test_the_subscribe_forms_rate_limit_is_in_the_pages_language(client: TestClient) -> None:
    for n in range(10):
        _subscribe(client, email=f"a{n}@x.example")
    zh = _subscribe(client, ZH, email="late@x.example")
    assert zh.status_code == 429 and "从此处提交的订阅过多，请一小时后再试。" in zh.text
    en = _subscribe(client, email="later@x.example")
    assert "Too many subscriptions from here; wait an hour and try again." in en.text


def test_the_manage_page_explains_a_refused_value_in_the_subscribers_language(
    client: TestClient, session: Session, web_settings: Settings
) -> None:
    _subscribe(client, language="zh")
    subscriber = session.scalars(select(Subscriber)).one()
    token = make_token(web_settings, "manage", subscriber.id, subscriber.email)
    csrf = csrf_of(client, f"/s/manage/{token}")
    subscription_id = subscriber.subscriptions[0].id
    refused = client.post(
        f"/s/manage/{token}/subscriptions/{subscription_id}",
        data={"markets": ["Atlantis"], "csrf_token": csrf},
    )
    assert refused.status_code == 422
    assert "市场：未知成员“Atlantis”（请使用 EU、USA 等代码）" in refused.text
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf})
    switched = client.post(
        f"/s/manage/{token}/profile", data={"language": "fr", "csrf_token": csrf}
    )
    assert "Language of the emails: &#39;fr&#39; is not one of zh, en" in switched.text


def test_a_link_refusal_follows_the_visitors_language(
    client: TestClient, session: Session, web_settings: Settings
) -> None:
    _subscribe(client)
    subscriber = session.scalars(select(Subscriber)).one()
    confirm = make_token(web_settings, "confirm", subscriber.id, subscriber.email)
    unsubscribe = make_token(web_settings, "unsubscribe", subscriber.id, subscriber.email)
    tampered = client.get(f"/s/confirm/{confirm[:-3]}xyz", headers=ZH)
    assert tampered.status_code == 400 and "此链接无效" in tampered.text
    client.post(f"/s/unsubscribe/{unsubscribe}")
    csrf = csrf_of(client, f"/s/confirm/{confirm}")
    client.post("/language", data={"lang": "zh", "next": "/", "csrf_token": csrf})
    late = client.post(f"/s/confirm/{confirm}", data={"csrf_token": csrf})
    assert late.status_code == 422
    assert "请求无法受理。您已退订；如需再次订阅，请重新填写订阅表单。" in late.text


def test_an_expired_form_is_refused_in_the_visitors_language(client: TestClient) -> None:
    login = {"username": "wang", "password": "x", "csrf_token": "stale"}
    zh = client.post("/login", data=login, headers=ZH)
    assert zh.status_code == 403 and zh.text.startswith("此表单已过期或并非来自本站。")
    en = client.post("/login", data=login)
    assert en.status_code == 403 and en.text.startswith("This form has expired")


def test_a_wrong_password_is_refused_in_the_visitors_language(
    client: TestClient, staff: dict[str, int]
) -> None:
    token = csrf_of(client)
    data = {"username": "wang", "password": "wrong password", "csrf_token": token}
    assert "用户名或密码错误。" in client.post("/login", data=data, headers=ZH).text
    assert "Wrong username or password." in client.post("/login", data=data).text


def test_missing_pages_and_bad_addresses_are_explained_in_the_visitors_language(
    client: TestClient, staff: dict[str, int]
) -> None:
    for path, chinese, english in (
        ("/notices/999999", "该通报不存在。", "No such notice."),
        ("/nowhere", "此地址没有对应的页面。", "There is no page at this address."),
        (
            "/notices/0",
            "通报编号：应不小于 1，而不是“0”",
            "Notice number: at least 1, not &#39;0&#39;",
        ),
        ("/notices?page=0", "页码：应不小于 1，而不是“0”", "Page: at least 1, not &#39;0&#39;"),
        (
            "/hs/search?q=" + "8" * 101,
            "搜索词：最多 100 个字符",
            "Search words: at most 100 characters",
        ),
    ):
        zh = client.get(path, headers=ZH)
        assert chinese in zh.text and english not in zh.text, path
        assert english in client.get(path).text, path


def test_a_role_refusal_is_in_the_visitors_language(app: FastAPI, client: TestClient) -> None:
    def admins_only() -> None:
        raise Forbidden()

    app.add_api_route("/only-admins", admins_only)
    assert "您的角色无权执行此操作。" in client.get("/only-admins", headers=ZH).text
    assert "Your role does not allow this." in client.get("/only-admins").text
