"""Scrapy settings of the tbtwatch crawlers: polite defaults, our middlewares and pipelines.

The module-level names are a plain Scrapy settings module (`SCRAPY_SETTINGS_MODULE` may name it
for the `scrapy` command). `crawl_settings()` adds what depends on tbtwatch's settings;
`source_settings()` what depends on one source's YAML (applied by the spider, per crawler).
"""

from __future__ import annotations

from typing import Any

from config.settings import Settings
from config.sources import SourceConfig

BOT_NAME = "tbtwatch"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_TIMEOUT = 60
# AutoThrottle adapts the delay to the server's latency, never going below DOWNLOAD_DELAY.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]
# Our retry middleware replaces Scrapy's: it waits (backoff, Retry-After) before retrying.
TBTWATCH_RETRY_BACKOFF_BASE = 1.0  # seconds; doubled on each attempt
TBTWATCH_RETRY_BACKOFF_MAX = 60.0
TBTWATCH_RETRY_AFTER_MAX = 300.0  # a longer Retry-After is given up on, with a clear error
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.BackoffRetryMiddleware": 550,
}
# Every response reaches the spider's errback or callback; HTTP errors are counted there.
HTTPERROR_ALLOW_ALL = False

ITEM_PIPELINES = {
    "crawlers.pipelines.clean.CleanPipeline": 100,
    "crawlers.pipelines.validate.ValidatePipeline": 200,
    "crawlers.pipelines.store.StorePipeline": 300,
    "crawlers.pipelines.stats.StatsPipeline": 400,
}
# Notices are committed in batches: one transaction per item would cap a crawl at the disk's
# fsync rate; a crash loses at most one batch, which the next run's overlap window re-reads.
TBTWATCH_STORE_BATCH = 500
TBTWATCH_STORE_BATCH_SECONDS = 2.0
# Notices are also written in batches (see pipelines/store.py): up to this many at once, after
# waiting at most this long for the batch to fill.
TBTWATCH_STORE_BATCH_ITEMS = 100
TBTWATCH_STORE_BATCH_WAIT = 0.05

DOWNLOAD_FAIL_ON_DATALOSS = True
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
LOG_LEVEL = "INFO"
# Scrapy's own INFO lines (settings, stats dumps) drown our report; its warnings still show.
TBTWATCH_SCRAPY_LOG_LEVEL = "WARNING"
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
# Scrapy's own INFO lines (settings, stats dumps) drown our report; its warnings still show.
TBTWATCH_SCRAPY_LOG_LEVEL = "WARNING"
FEED_EXPORT_ENCODING = "utf-8"

_MODULE_SETTINGS = {name: value for name, value in dict(globals()).items() if name.isupper()}


def user_agent(contact: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("tbtwatch")
    except PackageNotFoundError:
        release = "dev"
    return f"tbtwatch/{release} (+{contact})"


def crawl_settings(app: Settings, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings of one crawl process: our defaults, the database, the User-Agent."""
    values = dict(_MODULE_SETTINGS)
    values.update(
        # The runner finds each source's spider from its YAML; not importing every spider
        # module keeps one broken spider from stopping the others.
        SPIDER_MODULES=[],
        LOG_INSTALL_ROOT_HANDLER=False,
        USER_AGENT=user_agent(app.user_agent_contact),
        TBTWATCH_DATABASE_URL=app.database_url,
        LOG_LEVEL=app.log_level,
    )
    if app.log_level == "DEBUG":
        values["TBTWATCH_SCRAPY_LOG_LEVEL"] = "DEBUG"
    values.update(overrides or {})
    return values


def source_settings(source: SourceConfig) -> dict[str, Any]:
    """What one source's YAML says about politeness, as Scrapy settings for its crawler."""
    polite = source.politeness
    return {
        "ROBOTSTXT_OBEY": source.robots.obey,
        "CONCURRENT_REQUESTS_PER_DOMAIN": polite.concurrency,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(polite.concurrency),
        "DOWNLOAD_DELAY": polite.delay,
        "AUTOTHROTTLE_START_DELAY": max(polite.delay, 0.1),
        "DOWNLOAD_TIMEOUT": polite.timeout,
        "RETRY_TIMES": polite.retries,
        "DOWNLOAD_MAXSIZE": int(polite.max_body_mb * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": int(min(polite.max_body_mb, 16) * 1024 * 1024),
    }
