"""Running several sources at once, the subprocess entry point, robots.txt and shutdown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from config.sources import SourceConfig
from crawlers.runner import SpiderNotFound, plan_window, spider_class
from tests.crawlers.conftest import source
from warning.core.db import JobRun
from warning.core.db.runtime import Database

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 21)


def test_the_window_is_since_else_cursor_minus_overlap_else_initial_days():
    eping = source("eping")
    assert plan_window(eping, {}, date(2024, 1, 1), TODAY) == (date(2024, 1, 1), date(2026, 11, 22))
    assert plan_window(eping, {"last_date": "2026-11-10"}, None, TODAY)[0] == date(2026, 11, 7)
    assert plan_window(eping, {}, None, TODAY)[0] == date(2026, 10, 22)


def test_a_yaml_naming_no_spider_is_a_clear_error():
    config = SourceConfig(id="x", title="x", spider="nosuch", base_url="https://a.org")
    with pytest.raises(SpiderNotFound, match=r"cannot import crawlers\.spiders\.nosuch"):
        spider_class(config)


def test_one_source_failing_never_stops_the_others(replica, crawl, monkeypatch, session):
    monkeypatch.setenv("TBTWATCH_SOURCE_FEDREG_URL", "http://127.0.0.1:9")
    broken = SourceConfig(id="broken", title="b", spider="nosuch", base_url="https://a.org")
    eping, fedreg, bad = crawl(source("eping"), source("fedreg"), broken)
    assert eping.ok and eping.new == 9
    assert not fedreg.ok and fedreg.messages[0].startswith("source down")
    assert not bad.ok and "cannot import" in bad.messages[0]
    jobs = {j.source_id: j.status for j in session.scalars(select(JobRun))}
    assert jobs == {"eping": "success", "fedreg": "failed", "broken": "failed"}


def test_robots_txt_is_obeyed(make_replica, crawl):
    make_replica(robots="User-agent: *\nDisallow: /api/\n")
    [report] = crawl(source("eping"))
    assert not report.ok and report.stored == 0
    assert report.messages[0].startswith("1 request(s) forbidden by the site's robots.txt")
    assert "min_items" in report.messages[1]


def test_a_source_may_ignore_robots_txt_with_a_reason(make_replica, crawl):
    make_replica(robots="User-agent: *\nDisallow: /api/\n")
    robots = {"obey": False, "reason": "a public API, not pages for people"}
    [report] = crawl(source("eping", robots=robots))
    assert report.ok and report.new == 9


def test_the_user_agent_names_the_contact_url(replica, crawl):
    crawl(source("eping"))
    agent = replica.seen("/api/v1/azureSearch")[0]["headers"]["User-Agent"]
    assert agent.startswith("tbtwatch/") and "(+https://github.com/tbtwatch/tbtwatch)" in agent


def run_module(args: list[str], env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawlers.runner", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


@pytest.fixture
def env(replica, tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "TBTWATCH_DATA_DIR": str(tmp_path / "sub"),
        "TBTWATCH_LOG_LEVEL": "WARNING",
    }


SETTINGS = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=0",
    "-s",
    "TBTWATCH_RETRY_BACKOFF_BASE=0.01",
    "-s",
    "RETRY_TIMES=1",
]


@pytest.mark.slow
def test_as_a_subprocess_it_prints_one_json_report_per_source_and_says_if_all_succeeded(env):
    env["TBTWATCH_SOURCE_FEEDS_URL"] = "http://127.0.0.1:9"
    process = run_module(["eping", "feeds", "--since", "2000-01-01", *SETTINGS], env)
    out, err = process.communicate(timeout=60)
    reports = [json.loads(line) for line in out.splitlines()]
    assert [(r["source"], r["status"]) for r in reports] == [
        ("eping", "success"),
        ("feeds", "failed"),
    ]
    assert process.returncode == 1, err
    database = Database(f"sqlite:///{Path(env['TBTWATCH_DATA_DIR']) / 'tbtwatch.db'}")
    with database.sessions() as session:
        assert session.scalars(select(JobRun.status)).all() == ["success", "failed"]


def test_as_a_subprocess_a_bad_invocation_exits_2(env):
    process = run_module(["nosuch"], env)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2 and "unknown source(s) nosuch" in err


@pytest.mark.slow
def test_sigterm_stops_the_crawl_and_records_it_as_failed(replica, env):
    replica.inject("delay", delay=2, path="/api/v1/azureSearch")
    process = run_module(
        ["eping", "--since", "2000-01-01", *SETTINGS, "-s", "DOWNLOAD_TIMEOUT=20"], env
    )
    deadline = time.monotonic() + 30
    while not replica.seen("/api/v1/azureSearch") and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    [report] = [json.loads(line) for line in out.splitlines()]
    assert process.returncode == 1, err
    assert report["status"] == "failed"
    assert report["messages"][0] == "the crawl stopped early (shutdown)"


def test_a_spider_that_cannot_prepare_fails_alone(replica, crawl, monkeypatch):
    from crawlers.spiders.fedreg import FedRegSpider

    def broken(cls, session, source, since):
        raise LookupError("no notices to read")

    monkeypatch.setattr(FedRegSpider, "prepare", classmethod(broken))
    eping, fedreg = crawl(source("eping"), source("fedreg"))
    assert eping.ok
    assert fedreg.messages == ["preparing the crawl failed: LookupError: no notices to read"]
