"""Crawler test helpers: a replica server, and crawls through the whole Scrapy stack.

The Twisted reactor cannot be restarted, so each crawl runs in a forked child process (fast:
everything is already imported) and hands its reports back; the parent then reads the database.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from config.settings import load_settings
from config.sources import SourceConfig, load_sources
from crawlers.replica import Replica
from crawlers.report import CrawlReport
from tests.conftest import DATA
from warning.core.db.runtime import Database

TEST_REPLICA_DATA = DATA / "crawlers" / "replica"
# Polite delays and long backoffs make sense against real servers, not in tests.
FAST: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "TBTWATCH_RETRY_BACKOFF_BASE": 0.01,
    "TBTWATCH_RETRY_BACKOFF_MAX": 0.05,
    "TBTWATCH_RETRY_AFTER_MAX": 5,
    "RETRY_TIMES": 2,
    "DOWNLOAD_TIMEOUT": 5,
    "LOG_LEVEL": "WARNING",
}


def _forget_parent_reactor() -> None:
    """A unit test in the parent may have installed Twisted's default reactor (by importing
    `twisted.internet.reactor`); the forked crawl must install Scrapy's own, so it forgets it."""
    import sys

    import twisted.internet

    if sys.modules.pop("twisted.internet.reactor", None) is not None:
        vars(twisted.internet).pop("reactor", None)


def in_fork(func: Callable[..., Any], *args: Any, timeout: float = 120, **kwargs: Any) -> Any:
    """`func(*args, **kwargs)` in a forked child; its result (pickled) or its traceback."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def child() -> None:
        _forget_parent_reactor()
        try:
            queue.put(("ok", func(*args, **kwargs)))
        except BaseException:  # the parent must hear about anything, even SystemExit
            queue.put(("error", traceback.format_exc()))

    process = context.Process(target=child)
    process.start()
    try:
        kind, value = queue.get(timeout=timeout)
    finally:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
    if kind == "error":
        pytest.fail(f"the crawl process failed:\n{value}")
    return value


def source(
    source_id: str, *, options: dict[str, Any] | None = None, **changes: Any
) -> SourceConfig:
    """A configured source with some keys changed (options are merged)."""
    config = load_sources()[source_id]
    if options:
        changes["options"] = {**config.options, **options}
    return SourceConfig(**{**config.model_dump(), "path": config.path, **changes})


@pytest.fixture
def make_replica(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Replica]]:
    """Start a replica (with in-memory datasets, an API key...) and point the sources at it."""
    started: list[Replica] = []

    def start(**kwargs: Any) -> Replica:
        server = Replica(data_dirs=[TEST_REPLICA_DATA], **kwargs).start()
        started.append(server)
        for name, value in server.environ("eping", "fedreg", "feeds").items():
            monkeypatch.setenv(name, value)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def replica(make_replica: Callable[..., Replica]) -> Replica:
    return make_replica()


def replica_records(name: str) -> list[dict[str, Any]]:
    """A copy of the replica's packaged records (to change for one test)."""
    import copy
    import json

    from crawlers.replica.responders import DATA_DIR

    return copy.deepcopy(json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8")))


Crawl = Callable[..., list[CrawlReport]]


@pytest.fixture
def crawl(database: Database) -> Crawl:
    """Run crawls of the given sources into the test database; returns their reports."""

    def run(
        *configs: SourceConfig,
        since: date | None = date(2000, 1, 1),
        overrides: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> list[CrawlReport]:
        from crawlers.runner import run_crawls

        app = load_settings(database_url=database.url)
        return in_fork(
            run_crawls,
            list(configs),
            app=app,
            since=since,
            overrides={**FAST, **(overrides or {})},
            **kwargs,
        )

    return run
