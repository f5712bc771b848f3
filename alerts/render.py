"""Email rendering: Jinja2 templates per language and kind (subject, text, HTML), and the MIME
message with its headers (Message-ID from the outbox row, List-Unsubscribe with one-click POST).

HTML templates autoescape, so text from sources (titles, descriptions) can never become markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
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


@lru_cache(maxsize=4096)
def _date(value: date | datetime | str | None, language: str, style: str = "long") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return value
    else:
        day = value.date() if isinstance(value, datetime) else value
    return str(format_date(day, format=style, locale=LOCALES.get(language, "en_GB")))


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


def _header(value: str) -> str | Header:
    return value if value.isascii() else Header(value, "utf-8")


class OneLine:
    """A header value written as is, never folded: List-Unsubscribe holds URLs longer than a
    line, and some clients do not read a folded one. (Header-like: the generator calls
    `encode`; RFC 5322 allows 998 characters.)"""

    def __init__(self, value: str) -> None:
        self.value = value

    def encode(self, linesep: str = "\n", maxlinelen: int | None = None) -> str:
        return self.value

    def __str__(self) -> str:
        return self.value


def build_message(
    rendered: Rendered, envelope: Envelope, *, settings: Settings, config: AlertsConfig,
    now: datetime,
) -> Message:
    """The MIME message. Built with the `email.mime` classes (the compat32 API), which is
    several times faster than `EmailMessage`'s header registry, and still encodes non-ASCII
    subjects and names (RFC 2047) and folds long headers without encoding URLs."""
    message = MIMEMultipart("alternative")
    message["Subject"] = _header(rendered.subject)  # type: ignore[assignment]
    message["From"] = formataddr(parseaddr(settings.smtp_from), charset="utf-8")
    message["To"] = formataddr((envelope.to_name or "", envelope.to_email), charset="utf-8")
    message["Date"] = format_datetime(now)
    message["Message-ID"] = envelope.message_id
    message["Content-Language"] = "zh-CN" if envelope.language == "zh" else "en"
    message["Auto-Submitted"] = "auto-generated"
    message["X-Tbtwatch-Kind"] = envelope.kind
    if envelope.unsubscribe_url:
        targets = [f"<{envelope.unsubscribe_url}>"]
        if config.list_unsubscribe_mailto:
            targets.append(f"<mailto:{config.list_unsubscribe_mailto}?subject=unsubscribe>")
        message["List-Unsubscribe"] = OneLine(", ".join(targets))  # type: ignore[assignment]
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.attach(MIMEText(rendered.text, "plain", "utf-8"))
    message.attach(MIMEText(rendered.html, "html", "utf-8"))
    return message


def envelope_sender(settings: Settings) -> str:
    return parseaddr(settings.smtp_from)[1] or "alerts@localhost"
