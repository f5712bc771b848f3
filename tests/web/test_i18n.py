"""Chinese and English: the catalogues are complete, and each request gets its language from
the switch, the staff user's setting or the browser, in that order."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from starlette.requests import Request

import warning.web
from tests.web.conftest import csrf_of
from warning.web.i18n import TRANSLATIONS_DIR, accepted_language, request_language

PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def test_every_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    missing, broken = [], []
    for message in _catalog("zh"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(message.id)
        elif set(PLACEHOLDER.findall(ids[0])) != set(PLACEHOLDER.findall(strings[0])):
            broken.append(message.id)
    assert not missing and not broken


def test_both_catalogues_hold_the_same_messages() -> None:
    zh = {m.id for m in _catalog("zh") if m.id}
    en = {m.id for m in _catalog("en") if m.id}
    assert zh == en and len(zh) > 150


def test_every_template_string_is_in_the_catalogue() -> None:
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog("zh") if m.id}
    templates = Path(TRANSLATIONS_DIR).parent / "templates"
    used: set[str] = set()
    for template in templates.rglob("*.html"):
        used |= set(re.findall(r"""_\("([^"]+)"\)""", template.read_text(encoding="utf-8")))
    assert used - known == set()


def test_every_message_marked_in_the_code_is_in_the_catalogue() -> None:
    """The core's and the alerts' refusals are translated by the web with these catalogues, so
    their marked messages (N_) must be there as well as the web's own."""
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog("zh") if m.id}
    root = Path(TRANSLATIONS_DIR).parents[2]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    marked = {
        message if isinstance(message, str) else message[0]
        for folder in ("warning/web", "warning/core", "alerts")
        for _name, _line, message, _comments, _context in extract_from_dir(
            root / folder, [("**.py", "python")], keywords=keywords
        )
    }
    assert len(marked) > 100 and marked - known == set()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR, en;q=0.5, zh;q=0.7", "zh"),
        ("de-DE", None),
        ("zh_TW", "zh"),
        ("en;q=0, zh;q=bad", None),
        ("", None),
    ],
)
def test_accept_language_picks_our_best_language(header: str, expected: str | None) -> None:
    assert accepted_language(header) == expected


def _request(headers: dict[str, str], session: dict[str, str]) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "headers": raw, "session": session})


def test_the_switch_wins_over_the_user_and_the_user_over_the_browser() -> None:
    browser = {"Accept-Language": "en"}
    assert request_language(_request(browser, {})) == "en"
    assert request_language(_request(browser, {}), "zh") == "zh"
    assert request_language(_request(browser, {"lang": "en"}), "zh") == "en"
    assert request_language(_request({}, {})) == "zh"  # the default audience reads Chinese


def test_pages_follow_accept_language_and_the_switch(client: TestClient) -> None:
    chinese = client.get("/notices", headers={"Accept-Language": "zh-CN"}).text
    assert '<html lang="zh-CN">' in chinese and "订阅预警" in chinese
    assert "Subscribe to alerts" in client.get("/notices").text
    client.post("/language", data={"lang": "zh", "next": "/notices", "csrf_token": csrf_of(client)})
    assert "订阅预警" in client.get("/notices").text


def test_a_staff_users_choice_is_remembered_for_the_next_session(
    signed_in: Callable[[str], tuple[TestClient, str]], app
) -> None:  # type: ignore[no-untyped-def]
    client, token = signed_in("wang")
    client.post("/language", data={"lang": "zh", "next": "/review", "csrf_token": token})
    fresh, _ = signed_in("wang")
    assert "审核队列" in fresh.get("/review").text


def test_the_words_the_scripts_show_follow_the_page_language(client: TestClient) -> None:
    """app.js reads its error notices and the HS chips' "remove" label from the page."""
    zh = {"Accept-Language": "zh-CN"}
    notices = client.get("/notices", headers=zh).text
    assert 'data-server-error="服务器未能完成此操作（%(status)s）。请重试。"' in notices
    assert 'data-network-error="无法连接服务器。请检查网络连接后重试。"' in notices
    subscribe = client.get("/subscribe", headers=zh).text
    assert 'data-remove-label="移除 %(code)s"' in subscribe
    script = (Path(warning.web.__file__).parent / "static/js/app.js").read_text()
    assert '"data-server-error"' in script and '"data-remove-label"' in script
