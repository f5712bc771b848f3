"""Signed, expiring links in alert emails: confirm, unsubscribe, manage, feedback.

URL scheme (the web layer serves these; docs/alerts.md):
    {base_url}/s/confirm/{token}
    {base_url}/s/unsubscribe/{token}        GET: a page with a button; POST: RFC 8058 one-click
    {base_url}/s/manage/{token}
    {base_url}/s/feedback/{token}?relevant=1   (or 0)
    {base_url}/notices/{id}
A token is signed with settings.secret_key, salted by its purpose (a manage token cannot
unsubscribe), and carries the subscriber id, a fingerprint of their address (a token stops
working when the address changes or the id is reused) and, for feedback, the notice id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from alerts.config import LinkDays
from config.settings import Settings

Purpose = Literal["confirm", "unsubscribe", "manage", "feedback"]
PURPOSES: tuple[Purpose, ...] = ("confirm", "unsubscribe", "manage", "feedback")


class LinkError(ValueError):
    """A token that cannot be used: `reason` is "invalid" (tampered, wrong purpose) or "expired"."""

    def __init__(self, reason: Literal["invalid", "expired"], message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class TokenData:
    subscriber_id: int
    fingerprint: str
    notice_id: int | None = None


def fingerprint(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:16]


def _serializer(settings: Settings, purpose: Purpose) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown link purpose {purpose!r}")
    return URLSafeTimedSerializer(
        settings.secret_key.get_secret_value(), salt=f"tbtwatch.alerts.{purpose}"
    )


def make_token(
    settings: Settings, purpose: Purpose, subscriber_id: int, email: str,
    notice_id: int | None = None,
) -> str:
    data: dict[str, int | str] = {"s": subscriber_id, "e": fingerprint(email)}
    if notice_id is not None:
        data["n"] = notice_id
    return str(_serializer(settings, purpose).dumps(data))


def read_token(settings: Settings, purpose: Purpose, token: str, days: LinkDays) -> TokenData:
    """The token's data, or LinkError saying whether it was tampered with or has expired."""
    max_age = int(getattr(days, purpose) * 86400)
    try:
        data = _serializer(settings, purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError("expired", f"this {purpose} link has expired") from None
    except BadData:
        raise LinkError("invalid", f"this {purpose} link is not valid (altered or cut)") from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise LinkError("invalid", f"this {purpose} link is not valid")
    notice = data.get("n")
    notice_id = notice if isinstance(notice, int) else None
    return TokenData(int(data["s"]), str(data.get("e", "")), notice_id)


def url(settings: Settings, purpose: Purpose, token: str, *, relevant: bool | None = None) -> str:
    base = settings.base_url.rstrip("/")
    link = f"{base}/s/{purpose}/{token}"
    if relevant is not None:
        link += f"?relevant={int(relevant)}"
    return link


def notice_url(settings: Settings, notice_id: int) -> str:
    return f"{settings.base_url.rstrip('/')}/notices/{notice_id}"


@dataclass(frozen=True, slots=True)
class Links:
    """Every link of one email to one subscriber."""

    unsubscribe: str
    manage: str

    @classmethod
    def for_subscriber(cls, settings: Settings, subscriber_id: int, email: str) -> Links:
        return cls(
            unsubscribe=url(settings, "unsubscribe",
                            make_token(settings, "unsubscribe", subscriber_id, email)),
            manage=url(settings, "manage", make_token(settings, "manage", subscriber_id, email)),
        )


def feedback_urls(
    settings: Settings, subscriber_id: int, email: str, notice_id: int
) -> tuple[str, str]:
    """(relevant, not relevant) links for one notice."""
    token = make_token(settings, "feedback", subscriber_id, email, notice_id)
    return url(settings, "feedback", token, relevant=True), url(
        settings, "feedback", token, relevant=False
    )
