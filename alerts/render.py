"""Email rendering: Jinja2 templates per language and kind (subject, text, HTML), and the MIME
message with its headers (Message-ID from the outbox row, List-Unsubscribe with one-click POST).

HTML templates autoescape, so text from sources (titles, descriptions) can never become markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from alerts.config import AlertsConfig
from config.settings import Settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
LOCALES = {"zh": "zh_CN", "en": "en_GB"}
SUBJECT_CHARS = 160
# Long header lines allowed up to RFC 5322's 998: with the default 78, the List-Unsubscribe URL
# (one long token) would be RFC 2047-encoded, and mail clients could no longer read it.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


def _date(value: date | datetime | str | None, language: str, style: str = "long") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format=style, locale=LOCALES.get(language, "en_GB"))


def _shorten(text: str | None, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["longdate"] = lambda v, lang: _date(v, lang, "long")
    env.filters["shortdate"] = lambda v, lang: _date(v, lang, "medium")
    env.filters["shorten"] = _shorten
    return env


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(kind: str, language: str, context: dict[str, Any]) -> Rendered:
    """Render `templates/{language}/{kind}.subject.txt`, `.txt` and `.html`."""
    lang = language if language in LOCALES else "en"
    env = environment()
    values = {**context, "lang": lang}
    subject = env.get_template(f"{lang}/{kind}.subject.txt").render(values)
    subject = " ".join(subject.split())  # one line: no header injection, no stray breaks
    if len(subject) > SUBJECT_CHARS:
        subject = subject[: SUBJECT_CHARS - 1] + "…"
    return Rendered(
        subject=subject,
        text=env.get_template(f"{lang}/{kind}.txt").render(values),
        html=env.get_template(f"{lang}/{kind}.html").render(values),
    )


@dataclass(frozen=True, slots=True)
class Envelope:
    to_email: str
    to_name: str | None
    message_id: str
    kind: str
    language: str
    unsubscribe_url: str | None  # None for the confirmation email (not subscribed yet)


def build_message(
    rendered: Rendered, envelope: Envelope, *, settings: Settings, config: AlertsConfig,
    now: datetime,
) -> EmailMessage:
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = rendered.subject
    message["From"] = settings.smtp_from
    message["To"] = formataddr((envelope.to_name or "", envelope.to_email))
    message["Date"] = format_datetime(now)
    message["Message-ID"] = envelope.message_id
    message["Content-Language"] = "zh-CN" if envelope.language == "zh" else "en"
    message["Auto-Submitted"] = "auto-generated"
    message["X-Tbtwatch-Kind"] = envelope.kind
    if envelope.unsubscribe_url:
        targets = [f"<{envelope.unsubscribe_url}>"]
        if config.list_unsubscribe_mailto:
            targets.append(f"<mailto:{config.list_unsubscribe_mailto}?subject=unsubscribe>")
        message["List-Unsubscribe"] = ", ".join(targets)
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(rendered.text, subtype="plain", charset="utf-8")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8")
    return message


def envelope_sender(settings: Settings) -> str:
    return parseaddr(settings.smtp_from)[1] or "alerts@localhost"
