"""Staff sign-in: hashed passwords, rate limit, session cookie flags, open redirects, roles."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from config.settings import SettingsError, load_settings
from tests.web.conftest import csrf_of
from tests.web.seeding import PASSWORD
from warning.web.app import create_app


def _login(client: TestClient, username: str, password: str, next_path: str = "/review"):  # type: ignore[no-untyped-def]
    data = {
        "username": username,
        "password": password,
        "csrf_token": csrf_of(client),
        "next": next_path,
    }
    return client.post("/login", data=data, follow_redirects=False)


def test_staff_pages_send_an_anonymous_visitor_to_the_login_page(
    client: TestClient, staff: dict[str, int]
) -> None:
    for path in ("/review", "/dashboard", "/sources", "/notices/1/letter"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")


def test_htmx_requests_are_told_to_load_the_login_page(
    client: TestClient, staff: dict[str, int]
) -> None:
    response = client.get("/review", headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=%2Freview"


def test_signing_in_opens_the_queue_and_signing_out_closes_it(
    client: TestClient, staff: dict[str, int]
) -> None:
    response = _login(client, "wang", PASSWORD)
    assert (response.status_code, response.headers["location"]) == (303, "/review")
    assert client.get("/review").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_of(client, "/notices")})
    assert client.get("/review", follow_redirects=False).status_code == 303


def test_a_wrong_password_is_refused(client: TestClient, staff: dict[str, int]) -> None:
    response = _login(client, "wang", "wrong password")
    assert response.status_code == 401
    assert "Wrong username or password" in response.text


def test_after_five_failures_even_the_right_password_waits(
    client: TestClient, staff: dict[str, int]
) -> None:
    for _ in range(5):
        assert _login(client, "wang", "guess " * 3).status_code == 401
    response = _login(client, "wang", PASSWORD)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/review", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_httponly_and_samesite_lax(
    client: TestClient, staff: dict[str, int]
) -> None:
    response = _login(client, "wang", PASSWORD)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # http://testserver: a Secure cookie would never come back


def test_the_session_cookie_is_secure_when_the_site_is_https(
    web_settings, staff: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    settings = web_settings.model_copy(update={"base_url": "https://tbt.example.org"})
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        cookie = _login(client, "wang", PASSWORD).headers["set-cookie"].lower()
        assert "; secure" in cookie
        assert "max-age=31536000" in client.get("/notices").headers["strict-transport-security"]


def test_signing_in_starts_a_new_session(client: TestClient, staff: dict[str, int]) -> None:
    before = csrf_of(client)
    _login(client, "wang", PASSWORD)
    assert csrf_of(client, "/notices") != before


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_login_never_redirects_off_the_site(
    client: TestClient, staff: dict[str, int], target: str
) -> None:
    response = _login(client, "wang", PASSWORD, target)
    assert response.headers["location"] == "/review"


def test_production_refuses_the_built_in_secret(database) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings(database_url=database.url, environment="production")
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        create_app(settings)


def test_an_expert_may_note_but_not_move_the_workflow(
    signed_in: Callable[[str], tuple[TestClient, str]], seeded: list[int]
) -> None:
    client, token = signed_in("li")
    notice = seeded[0]
    moved = client.post(
        f"/notices/{notice}/review/status", data={"status": "triage", "csrf_token": token}
    )
    assert moved.status_code == 403
    noted = client.post(
        f"/notices/{notice}/review/note",
        data={"text": "A point.", "csrf_token": token},
        follow_redirects=False,
    )
    assert noted.status_code == 303


def test_a_disabled_user_loses_the_session(
    signed_in: Callable[[str], tuple[TestClient, str]], app: FastAPI, staff: dict[str, int]
) -> None:
    client, _ = signed_in("wang")
    assert client.get("/review").status_code == 200
    from warning.core.db import User

    with app.state.db.sessions() as session:
        user = session.get(User, staff["reviewer"])
        assert user is not None
        user.active = False
        session.commit()
    assert client.get("/review", follow_redirects=False).status_code == 303
