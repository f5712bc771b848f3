"""SMTP delivery: a few connections used at the same time (bounded concurrency), each reused
for many messages, with errors sorted into temporary and permanent ones."""

from __future__ import annotations

import smtplib
import ssl
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from email.utils import getaddresses

from alerts.render import envelope_sender
from alerts.transport import TransportError
from config.settings import Settings


def _code_error(what: str, code: int, text: bytes | str, permanent: bool) -> TransportError:
    detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return TransportError(f"{what}: {code} {detail}".strip(), permanent=permanent)


class SMTPTransport:
    name = "smtp"

    def __init__(
        self, host: str, port: int, *, sender: str, starttls: bool = False, tls: bool = False,
        user: str | None = None, password: str | None = None, timeout: float = 30.0,
        concurrency: int = 4,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.starttls, self.tls, self.user, self.password = starttls, tls, user, password
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="smtp")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: set[smtplib.SMTP] = set()

    @classmethod
    def from_settings(cls, settings: Settings, concurrency: int = 4) -> SMTPTransport:
        assert settings.smtp_host
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return cls(
            settings.smtp_host, settings.smtp_port, sender=envelope_sender(settings),
            starttls=settings.smtp_starttls, tls=settings.smtp_tls, user=settings.smtp_user,
            password=password, timeout=settings.smtp_timeout, concurrency=concurrency,
        )

    def send(self, messages: Iterable[Message]) -> list[TransportError | None]:
        if self.concurrency == 1:
            return [self._send_one(m) for m in messages]
        # Submitted one by one as the caller produces them, so sending overlaps rendering.
        futures = [self._pool.submit(self._send_one, m) for m in messages]
        return [future.result() for future in futures]

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.tls:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            connection.ehlo()
            if self.starttls:
                connection.starttls(context=context)
                connection.ehlo()
            if self.user:
                connection.login(self.user, self.password or "")
        except BaseException:
            connection.close()
            raise
        with self._lock:
            self._open.add(connection)
        return connection

    def _connection(self) -> smtplib.SMTP:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
        return connection

    def _drop(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            with self._lock:
                self._open.discard(connection)
            connection.close()

    def _send_one(self, message: Message) -> TransportError | None:
        recipients = [addr for _, addr in getaddresses(message.get_all("To", [])) if addr]
        # A reused connection may have been closed by the server while idle: reconnect once.
        error = TransportError("server disconnected")
        for _attempt in (1, 2):
            try:
                self._connection().send_message(
                    message, from_addr=self.sender, to_addrs=recipients
                )
                return None
            except smtplib.SMTPServerDisconnected as exc:
                self._drop()
                error = TransportError(f"server disconnected: {exc}")
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                return _code_error("recipient refused", code, text, permanent=code >= 500)
            except smtplib.SMTPSenderRefused as exc:
                # Our sender address is refused: a configuration problem, not the recipient's,
                # so it is retried (and never counts towards a subscriber's bounces).
                return _code_error("sender refused", exc.smtp_code, exc.smtp_error, False)
            except smtplib.SMTPResponseException as exc:
                self._after_response_error(exc)
                return _code_error("refused", exc.smtp_code, exc.smtp_error,
                                   permanent=exc.smtp_code >= 500
                                   and not isinstance(exc, smtplib.SMTPAuthenticationError))
            except (OSError, smtplib.SMTPException) as exc:
                self._drop()
                return TransportError(f"cannot reach {self.host}:{self.port}: {exc}")
        return error

    def _after_response_error(self, exc: smtplib.SMTPResponseException) -> None:
        if isinstance(exc, smtplib.SMTPAuthenticationError | smtplib.SMTPHeloError):
            self._drop()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        with self._lock:
            connections, self._open = list(self._open), set()
        for connection in connections:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
