"""Where email goes: an SMTP server, or by default one `.eml` file per message in settings.outbox.

A transport sends a batch and reports, per message, None (accepted) or a `TransportError`
whose `permanent` flag says whether retrying could ever help.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.message import Message
from typing import Protocol

from config.settings import Settings


class TransportError(Exception):
    """A message was not accepted. Permanent: the server refused this recipient or message for
    good (5xx); otherwise it may work later (connection refused, timeout, 4xx)."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


class Transport(Protocol):
    name: str

    def send(self, messages: Iterable[Message]) -> list[TransportError | None]:
        """Send each message; one result per message, in order. Never raises for a message."""
        ...

    def close(self) -> None: ...


def make_transport(settings: Settings, concurrency: int = 4) -> Transport:
    """SMTP when settings.smtp_host is set, else the file outbox."""
    if settings.smtp_host:
        from alerts.transport.smtp import SMTPTransport

        return SMTPTransport.from_settings(settings, concurrency=concurrency)
    from alerts.transport.files import FileTransport

    return FileTransport(settings.outbox)
