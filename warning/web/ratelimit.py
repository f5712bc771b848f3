"""Login rate limit: failed attempts counted per client address and per username in a sliding
window. Kept in the process's memory: `tbtwatch serve` runs one process, and a restart that
forgets the counts costs an attacker a restart of our service, which they cannot cause."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class LoginLimiter:
    def __init__(
        self,
        *,
        max_failures: int = 5,
        window_seconds: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    @staticmethod
    def _keys(address: str, username: str) -> tuple[str, str]:
        return f"ip:{address}", f"user:{username.strip().casefold()}"

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def retry_after(self, address: str, username: str) -> int | None:
        """Seconds to wait before another attempt is allowed, or None if one is allowed now."""
        now = self.clock()
        with self._lock:
            waits = []
            for key in self._keys(address, username):
                times = self._recent(key, now)
                if len(times) >= self.max_failures:
                    waits.append(int(self.window - (now - times[0])) + 1)
            return max(waits) if waits else None

    def failed(self, address: str, username: str) -> None:
        now = self.clock()
        with self._lock:
            for key in self._keys(address, username):
                self._recent(key, now).append(now)

    def succeeded(self, address: str, username: str) -> None:
        # Only the username's count is cleared: signing in to one's own account must not reset
        # the count of an address that is guessing other accounts' passwords.
        with self._lock:
            self._failures.pop(self._keys(address, username)[1], None)
