"""CSRF on every form, authorisation on every staff route, security headers, no inline code."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of
from warning.web import app as app_module
from warning.web.routes import (
    api,
    auth,
    dashboard,
    exporters,
    feeds,
    letter,
    notices,
    queue,
    review,
)
from warning.web.security import CONTENT_SECURITY_POLICY

MODULES = (api, auth, dashboard, exporters, feeds, letter, notices, queue, review)
TEMPLATES = Path(app_module.__file__).parent / "templates"
# Pages anyone may open; every other GET outside /api is for staff.
PUBLIC_GETS = {
    "/",
    "/login",
    "/notices",
    "/notices/{notice_id}",
    "/notices.csv",
    "/feeds/notices.atom",
    "/feeds/deadlines.ics",
    "/subscribe",
    "/hs/search",
    "/s/confirm/{token}",
    "/s/unsubscribe/{token}",
    "/s/manage/{token}",
    "/s/feedback/{token}",
}
# Forms anyone may post (each still needs its CSRF token, or a signed token in its URL).
PUBLIC_POSTS = {"/login", "/logout", "/language", "/subscribe"}


def routes() -> Iterator[tuple[str, str]]:
    for module in MODULES:
        for route in module.router.routes:
            assert isinstance(route, APIRoute)
            for method in route.methods:
                yield method, route.path


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.parametrize(
    ("method", "path"),
    sorted((m, p) for m, p in routes() if m != "GET" and not p.startswith("/api/")),
)
def test_every_form_post_without_the_csrf_token_is_refused(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int, method: str, path: str
) -> None:
    client, _ = signed_in("admin")
    if path.startswith("/s/unsubscribe/"):
        pytest.skip("RFC 8058 one-click unsubscribe: the signed token in the URL is the proof")
    response = client.request(method, _concrete(path), data={"status": "triage"})
    assert response.status_code == 403, (path, response.status_code)
    assert "expired or did not come from this site" in response.text


def test_a_token_from_another_session_is_refused(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    _other, token = signed_in("wang")
    victim, _ = signed_in("admin")
    response = victim.post(
        f"/notices/{notice_id}/review/status", data={"status": "triage", "csrf_token": token}
    )
    assert response.status_code == 403


def test_htmx_sends_the_token_in_a_header(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("wang")
    response = client.post(
        f"/notices/{notice_id}/review/status",
        data={"status": "triage"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 200 and 'id="notice-main"' in response.text


@pytest.mark.parametrize(
    ("method", "path"),
    sorted(
        (m, p)
        for m, p in routes()
        if not p.startswith(("/api/", "/s/"))
        and p not in (PUBLIC_GETS if m == "GET" else PUBLIC_POSTS)
    ),
)
def test_every_staff_route_needs_a_signed_in_user(
    client: TestClient, staff: dict[str, int], method: str, path: str
) -> None:
    headers = {"X-CSRF-Token": csrf_of(client)}
    response = client.request(method, _concrete(path), headers=headers, follow_redirects=False)
    assert response.status_code == 303, (method, path)
    assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        *sorted((m, p) for m, p in routes() if p.startswith("/api/") and m != "GET"),
        ("GET", "/api/notices/{notice_id}/review"),
    ],
)
def test_every_api_write_needs_a_staff_token(
    client: TestClient, notice_id: int, method: str, path: str
) -> None:
    for headers in ({}, {"Authorization": "Bearer tbtw_forged"}, {"Authorization": "Basic x"}):
        response = client.request(method, _concrete(path), json={}, headers=headers)
        assert response.status_code == 401, (method, path, headers)
        assert response.headers["www-authenticate"] == "Bearer"


def test_the_api_ignores_the_session_cookie_for_writes(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("admin")
    response = client.post(
        f"/api/notices/{notice_id}/review/status",
        json={"status": "triage"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 401


def test_pages_carry_the_security_headers(client: TestClient, notice_id: int) -> None:
    for path in ("/notices", f"/notices/{notice_id}", "/login", "/api/notices"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "no-cache" in headers["cache-control"]
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


def test_htmx_is_told_not_to_evaluate_code_or_inject_styles(client: TestClient) -> None:
    page = client.get("/notices").text
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'", page)
    assert config is not None
    assert '"allowEval": false' in config.group(1)
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowScriptTags": false' in config.group(1)


def test_the_vendored_htmx_is_the_pinned_version_and_served(client: TestClient) -> None:
    from warning.web.templating import HTMX_VERSION

    response = client.get(f"/static/vendor/htmx-{HTMX_VERSION}.min.js")
    assert response.status_code == 200 and len(response.content) > 40_000
    assert f"htmx-{HTMX_VERSION}.min.js" in client.get("/notices").text


def test_no_template_has_inline_script_handlers_or_styles() -> None:
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), template
        assert not re.search(r"\son[a-z]+\s*=", source), template
        assert not re.search(r"\sstyle\s*=", source), template
        assert "hx-on" not in source, template
