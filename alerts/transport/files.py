"""The default transport: each message written as `<outbox>/<message-id>.eml`.

The file is named after the Message-ID, so a message sent again after a crash replaces its own
file instead of adding a second one. Files are written to a temporary name and renamed, so a
reader never sees half a message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from email.message import Message
from email.policy import compat32
from pathlib import Path

from alerts.transport import TransportError

_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]+")
_CRLF = compat32.clone(linesep="\r\n")  # .eml files as they travel over SMTP


def file_name(message: Message) -> str:
    message_id = str(message.get("Message-ID", "")).strip("<> ")
    return (_UNSAFE.sub("_", message_id) or "message")[:180] + ".eml"


class FileTransport:
    name = "files"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def send(self, messages: Iterable[Message]) -> list[TransportError | None]:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            error: TransportError | None = TransportError(
                f"cannot create outbox {self.folder}: {exc.strerror}")
        else:
            error = None
        return [error or self._write(message) for message in messages]

    def _write(self, message: Message) -> TransportError | None:
        target = self.folder / file_name(message)
        temporary = target.with_suffix(f".tmp{os.getpid()}")
        try:
            temporary.write_bytes(message.as_bytes(policy=_CRLF))
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            return TransportError(f"cannot write {target}: {exc.strerror}")
        return None

    def close(self) -> None:
        """Nothing to release."""
