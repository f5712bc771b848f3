"""A quick look at whether a source's host answers at all, before a crawl subprocess is started:
without network a cycle fails each source within seconds, with a message that says so, instead
of waiting for the crawler's retries and back-off."""

from __future__ import annotations

import socket
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from urllib.parse import urlsplit

TIMEOUT = 5.0


def _target(url: str) -> tuple[str, int, str]:
    """(host, port, what) to connect to: the proxy when one is configured for this URL."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        proxied = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        return proxied.hostname or "", proxied.port or 80, f"proxy {proxied.hostname}"
    return host, port, host


def _connect(host: str, port: int, timeout: float) -> None:
    with socket.create_connection((host, port), timeout=timeout):
        pass


def unreachable(url: str, timeout: float = TIMEOUT) -> str | None:
    """None when a TCP connection to the URL's host (or proxy) opens; else why not."""
    host, port, what = _target(url)
    if not host:
        return f"{url} has no host"
    # getaddrinfo has no timeout of its own: run it where we can stop waiting for it.
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(_connect, host, port, timeout)
        try:
            future.result(timeout=timeout + 1)
        except FutureTimeout:
            return f"cannot reach {what}:{port}: no answer within {timeout:g} s"
        except socket.gaierror as exc:
            return f"cannot resolve {what} ({exc.strerror}): no network or DNS?"
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return f"cannot reach {what}:{port} ({reason})"
    return None
