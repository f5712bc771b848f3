"""Run the crawls of one or more sources in this process, and save each one's report.

The Twisted reactor cannot be restarted, so one call of `run_crawls` is one process's whole life
as a crawler: the sources run side by side in one `CrawlerProcess`, each with its own settings,
and one failing never stops the others. Supervisors that need a time limit run
`python -m crawlers.runner SOURCE... [--since DATE]` as a subprocess: it prints one JSON report
per source on stdout and exits 0 when every source succeeded, 1 when one failed, 2 on bad usage.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings as ScrapySettings
from sqlalchemy.exc import SQLAlchemyError
from twisted.python.failure import Failure

from config.settings import Settings
from config.sources import SourceConfig
from crawlers import journal
from crawlers.items import StoredNotice
from crawlers.report import CrawlReport, build_report, verdict
from crawlers.settings import crawl_settings
from crawlers.spiders.base import SourceSpider
from crawlers.store import StoreError, commit_all_stores
from warning.core.dates import parse_date
from warning.core.db.runtime import Database


class Progress(Protocol):
    """What a progress display is told; every call happens in the reactor's thread."""

    def started(self, source: str) -> None: ...
    def item(self, source: str, status: str) -> None: ...
    def finished(self, report: CrawlReport) -> None: ...


class SpiderNotFound(LookupError):
    """The YAML's `spider:` names no spider class."""


def spider_class(config: SourceConfig) -> type[SourceSpider]:
    """`spider: name` → the SourceSpider named `name` in `crawlers.spiders.<name>`
    (`-` read as `_`); `spider: package.module:Class` names a class anywhere."""
    spec = config.spider
    module_name, _, class_name = spec.partition(":")
    if not class_name:
        module_name = f"crawlers.spiders.{spec.replace('-', '_')}"
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise SpiderNotFound(
            f"{config.id}: spider {spec!r}: cannot import {module_name}: {exc}"
        ) from None
    for name, value in vars(module).items():
        if not (inspect.isclass(value) and issubclass(value, SourceSpider)):
            continue
        named = getattr(value, "name", None)  # base spiders have no name
        if (class_name and name == class_name) or (not class_name and named == spec):
            return value
    raise SpiderNotFound(f"{config.id}: no SourceSpider {class_name or spec!r} in {module_name}")


def plan_window(
    config: SourceConfig, cursor: dict[str, Any], since: date | None, today: date
) -> tuple[date, date]:
    """The dates to crawl: `--since`, else the cursor minus the overlap, else `initial_days`.
    The end is tomorrow: a notice dated in Geneva's "today" may be tomorrow in UTC."""
    until = today + timedelta(days=1)
    if since is not None:
        return since, until
    last = parse_date(cursor.get("last_date"))
    if last is not None:
        return last - timedelta(days=config.overlap_days), until
    return today - timedelta(days=config.initial_days), until


@dataclass
class _Crawl:
    config: SourceConfig
    spidercls: type[SourceSpider] | None
    kwargs: dict[str, Any] = field(default_factory=dict)
    job_id: int | None = None
    crawler: Crawler | None = None
    started: float = 0.0
    started_at: datetime | None = None
    report: CrawlReport | None = None
    problem: str | None = None  # failed before the crawl could start


def run_crawls(
    configs: list[SourceConfig],
    *,
    app: Settings,
    since: date | None = None,
    overrides: dict[str, Any] | None = None,
    spider_kwargs: dict[str, dict[str, Any]] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> list[CrawlReport]:
    """Crawl each source once (in parallel), save each report, and return them in order.

    `spider_kwargs[source_id]` adds arguments for one spider (e.g. `backfill` for eping);
    `overrides` are Scrapy settings that win over the YAML's (tests use tiny delays).
    """
    database = Database(app.database_url)
    today = today or datetime.now(UTC).date()
    crawls = [_plan(database, config, since, today, (spider_kwargs or {}).get(config.id, {}))
              for config in configs]
    runnable = [c for c in crawls if c.problem is None]
    if runnable:
        settings = ScrapySettings(crawl_settings(app))
        settings.setdict(overrides or {}, priority="cmdline")
        scrapy_level = logging.getLevelName(settings.get("TBTWATCH_SCRAPY_LOG_LEVEL", "WARNING"))
        _quiet_start(scrapy_level)
        process = CrawlerProcess(settings)
        # CrawlerProcess re-applies Scrapy's logging config, resetting levels set before it.
        logging.getLogger("scrapy").setLevel(scrapy_level)
        for crawl in runnable:
            _launch(process, database, crawl, progress)
        process.start(install_signal_handlers=True)
    for crawl in crawls:
        if crawl.report is None:
            crawl.report = _finish(database, crawl, None, progress)
    database.engine.dispose()
    return [c.report for c in crawls if c.report is not None]


class _Below(logging.Filter):
    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level


def _quiet_start(level: int) -> None:
    """Scrapy logs its banner while configuring logging, before any level can be set; a filter
    on those two loggers (filters survive its reconfiguration) keeps them at `level`."""
    for name in ("scrapy.utils.log", "scrapy.crawler"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Below) for f in logger.filters):
            logger.addFilter(_Below(level))


def _plan(
    database: Database, config: SourceConfig, since: date | None, today: date,
    extra: dict[str, Any],
) -> _Crawl:
    try:
        spidercls = spider_class(config)
    except SpiderNotFound as exc:
        crawl = _Crawl(config, None, problem=str(exc))
        spidercls = None
    else:
        crawl = _Crawl(config, spidercls)
    with database.sessions() as session:
        cursor = journal.read_cursor(session, config.id)
        start, until = plan_window(config, cursor, since, today)
        mode = "backfill" if extra.get("backfill") else "crawl"
        crawl.job_id = journal.start_job(session, config.id, since=start, until=until, mode=mode)
        if spidercls is None:
            return crawl
        try:
            prepared = spidercls.prepare(session, config, start)
        except Exception as exc:  # a spider's own reading; it must not stop the other sources
            crawl.problem = f"preparing the crawl failed: {type(exc).__name__}: {exc}"
            return crawl
        crawl.kwargs = {"source": config, "since": start, "until": until, "cursor": cursor,
                        **prepared, **extra}
    return crawl


def _launch(
    process: CrawlerProcess, database: Database, crawl: _Crawl, progress: Progress | None
) -> None:
    assert crawl.spidercls is not None
    crawler = process.create_crawler(crawl.spidercls)
    crawl.crawler = crawler
    source = crawl.config.id
    if progress is not None:
        crawler.signals.connect(_on_item(progress, source), signal=signals.item_scraped,
                                weak=False)
        crawler.signals.connect(lambda **_: progress.item(source, "skipped"),
                                signal=signals.item_dropped, weak=False)
        progress.started(source)
    crawl.started = time.monotonic()
    crawl.started_at = datetime.now(UTC)
    deferred = process.crawl(crawler, **crawl.kwargs)

    def done(result: Any) -> None:
        failure = result if isinstance(result, Failure) else None
        crawl.report = _finish(database, crawl, failure, progress)

    deferred.addBoth(done)


def _on_item(progress: Progress, source: str) -> Callable[..., None]:
    def handler(item: Any, **_: Any) -> None:
        progress.item(source, item.status if isinstance(item, StoredNotice) else "other")

    return handler


def _finish(
    database: Database, crawl: _Crawl, failure: Failure | None, progress: Progress | None
) -> CrawlReport:
    crawler, spider = crawl.crawler, (crawl.crawler.spider if crawl.crawler else None)
    stats = crawler.stats.get_stats() if crawler is not None and spider is not None else {}
    errors = list(getattr(spider, "errors", []))
    report = build_report(crawl.config.id, stats, errors=errors,
                          duration=time.monotonic() - crawl.started if crawl.started else 0.0)
    report.started_at = crawl.started_at or datetime.now(UTC)
    report.finished_at = datetime.now(UTC)
    if crawl.kwargs:
        report.since = crawl.kwargs["since"].isoformat() if crawl.kwargs.get("since") else None
        report.until = crawl.kwargs["until"].isoformat()
    backfill = bool(crawl.kwargs.get("backfill"))
    reasons = [crawl.problem] if crawl.problem else []
    if failure is not None:
        reasons.append(f"the crawl crashed: {failure.type.__name__}: {failure.value}")
    if not crawl.problem:
        reasons += verdict(report, crawl.config, stats, check_max=not backfill)
    cursor = spider.cursor_after(stats) if isinstance(spider, SourceSpider) else None
    try:
        commit_all_stores()
    except StoreError as exc:
        reasons.append(str(exc))
    report.messages = reasons
    report.status = "failed" if reasons else "success"
    if crawl.job_id is not None:
        try:
            with database.sessions() as session:
                journal.finish_job(session, crawl.job_id, report, cursor)
        except SQLAlchemyError as exc:
            report.messages.append(f"the report could not be saved: {exc}")
            report.status = "failed"
    if progress is not None:
        progress.finished(report)
    return report


def prepare_database(app: Settings) -> None:
    """A new database is created at the latest schema; an outdated one is an error."""
    from warning.core.db.runtime import SchemaOutOfDate

    database = Database(app.database_url)
    try:
        database.check_schema()
    except SchemaOutOfDate:
        if database.current_revision() is not None:
            raise
        database.upgrade()
    finally:
        database.engine.dispose()


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """`NAME=VALUE` pairs (Scrapy settings, as for `scrapy -s`)."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"{pair!r}: expected NAME=VALUE")
        values[name.strip()] = value
    return values


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import sys

    from config.settings import SettingsError, load_settings
    from config.sources import SourceConfigError, select_sources

    parser = argparse.ArgumentParser(
        prog="python -m crawlers.runner",
        description="Crawl sources now; one JSON report per source on stdout.",
    )
    parser.add_argument("sources", nargs="*", help="source ids (default: every enabled one)")
    parser.add_argument("--since", type=date.fromisoformat, help="crawl from this date (ISO)")
    parser.add_argument("--backfill", nargs="?", const="", default=None, metavar="FILE_OR_URL",
                        help="eping only: read the bulk Excel export (default: its URL)")
    parser.add_argument("-s", "--set", dest="overrides", action="append", default=[],
                        metavar="NAME=VALUE", help="a Scrapy setting for this run")
    args = parser.parse_args(argv)
    try:
        app = load_settings()
        configs = select_sources(args.sources, app.sources_dir)
        overrides = parse_overrides(args.overrides)
    except (SettingsError, SourceConfigError, ValueError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    extra: dict[str, dict[str, Any]] = {}
    if args.backfill is not None:
        if [c.id for c in configs] != ["eping"]:
            sys.stderr.write("error: --backfill applies to the eping source alone\n")
            return 2
        extra["eping"] = {"backfill": args.backfill or True}
    logging.basicConfig(level=app.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))
    prepare_database(app)
    reports = run_crawls(configs, app=app, since=args.since, overrides=overrides,
                         spider_kwargs=extra)
    for report in reports:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    return 0 if reports and all(r.ok for r in reports) else 1


if __name__ == "__main__":
    raise SystemExit(main())
