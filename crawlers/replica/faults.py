"""Faults the replica can inject, so tests meet what real servers do on a bad day.

| kind        | what the client sees                                                        |
| ----------- | --------------------------------------------------------------------------- |
| `status`    | HTTP `status` (500, 503, 429...) with a short body, `Retry-After` if given  |
| `delay`     | the normal answer after `delay` seconds (a timeout when longer than theirs) |
| `reset`     | the connection reset (TCP RST) before any answer                            |
| `truncate`  | headers promise the whole body; half of it arrives, then the socket closes  |
| `malformed` | a complete answer whose body is cut in half (malformed JSON or XML)         |
| `charset`   | the body re-encoded in `encoding` (default cp1252), still declared UTF-8    |
| `big`       | the normal body padded with white space to `size_mb` megabytes              |
| `body`      | 200 with `body` as given (a layout change, a login page)                    |

A fault applies to requests whose path starts with `path` and whose query has every `query`
pair, `times` times (-1: until cleared).
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("status", "delay", "reset", "truncate", "malformed", "charset", "big", "body")


@dataclass
class Fault:
    kind: str
    path: str = ""
    query: dict[str, str] = field(default_factory=dict)
    times: int = 1
    status: int = 500
    retry_after: str | None = None
    delay: float = 0.0
    encoding: str = "cp1252"
    size_mb: float = 10.0
    body: str = ""
    content_type: str = "application/json; charset=utf-8"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; known: {', '.join(KINDS)}")

    def matches(self, path: str, query: dict[str, list[str]]) -> bool:
        if not path.startswith(self.path):
            return False
        return all(value in query.get(name, []) for name, value in self.query.items())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultPlan:
    """The faults still to be served; shared by the server's threads."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, path: str, query: dict[str, list[str]]) -> Fault | None:
        """The first fault for this request, used up by one."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(path, query):
                    if fault.times > 0:
                        fault.times -= 1
                        if fault.times == 0:
                            self._faults.remove(fault)
                    return fault
        return None

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.to_dict() for fault in self._faults]


def padded(body: bytes, size_mb: float) -> bytes:
    """`body` grown to `size_mb` MB with white space where JSON and XML allow it."""
    target = int(size_mb * 1024 * 1024)
    pad = b" " * max(0, target - len(body))
    stripped = body.rstrip()
    if stripped.endswith((b"}", b"]")):
        return stripped[:-1] + pad + stripped[-1:]
    cut = stripped.rfind(b"</")
    if cut > 0:
        return stripped[:cut] + pad + stripped[cut:]
    return body + pad


def recoded(body: bytes, encoding: str) -> bytes:
    """The UTF-8 `body` in another encoding (characters it lacks become '?')."""
    return body.decode("utf-8").encode(encoding, errors="replace")


def cut_in_half(body: bytes) -> bytes:
    return body[: max(1, len(body) // 2)]
