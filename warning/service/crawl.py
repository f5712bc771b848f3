"""One source's crawl as a supervised subprocess: a time limit, a clean stop on shutdown, and a
`job_run` row that says what happened even when the crawler itself could not write it.

The crawler (`python -m crawlers.runner SOURCE`) prints one JSON report per source on stdout and
records its own `job_run`; this module reads that report. When the subprocess crashes, hangs past
its limit or is stopped, the crawler's row (found by its pid) is closed here as failed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from warning.core.db import JobRun, Source
from warning.core.db.base import utcnow

log = logging.getLogger(__name__)
KILL_AFTER = 15.0  # seconds between SIGTERM and SIGKILL
OUTPUT_TAIL = 2000  # characters of the crawler's stderr kept in the error


@dataclass
class CrawlOutcome:
    source: str
    status: str  # success, failed, interrupted
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: int = 0
    duration: float = 0.0
    error: str | None = None
    returncode: int | None = None
    report: dict[str, Any] = field(default_factory=dict)
    stderr_tail: str = ""  # the crawler's last output lines, kept on its job_run row

    @property
    def ok(self) -> bool:
        return self.status == "success"


def command_line(template: Sequence[str], source: str, since: date | None) -> list[str]:
    args = [part.replace("{python}", sys.executable) for part in template] + [source]
    if since is not None:
        args += ["--since", since.isoformat()]
    return args


@dataclass
class CrawlSupervisor:
    """Runs crawl subprocesses; `stop()` asks every running one to finish (SIGTERM)."""

    sessions: sessionmaker[Session]
    command: Sequence[str] = ("{python}", "-m", "crawlers.runner")
    time_limit: float = 3600.0
    env: dict[str, str] | None = None
    _running: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)

    def stop(self) -> None:
        """Scrapy treats a first SIGTERM as "close the spider cleanly": what was fetched is
        stored and the crawler writes its report; a second one (or SIGKILL) would not wait."""
        self._stopping.set()
        with self._lock:
            processes = list(self._running.values())
        for process in processes:
            _signal_group(process, signal.SIGTERM)

    def crawl(self, source: str, since: date | None = None) -> CrawlOutcome:
        started_at, started = utcnow(), time.monotonic()
        if self._stopping.is_set():
            return CrawlOutcome(source, "interrupted", error="not started: shutting down")
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            try:
                process = subprocess.Popen(
                    command_line(self.command, source, since),
                    stdout=out,
                    stderr=err,
                    stdin=subprocess.DEVNULL,
                    env={**os.environ, **(self.env or {})},
                    start_new_session=True,  # its own group: a kill reaches its children too
                )
            except OSError as exc:
                outcome = CrawlOutcome(source, "failed", error=f"cannot start the crawler: {exc}")
                self.record_failure(source, outcome, started_at=started_at)
                return outcome
            with self._lock:
                self._running[process.pid] = process
            try:
                why = self._wait(process)
            finally:
                with self._lock:
                    self._running.pop(process.pid, None)
            outcome = _outcome(source, process.returncode, why, _read(out), _read(err))
        outcome.duration = round(time.monotonic() - started, 3)
        if not outcome.ok:
            self.record_failure(source, outcome, pid=process.pid, started_at=started_at)
        log.info(
            "crawl %s: %s%s", source, outcome.status, f" ({outcome.error})" * bool(outcome.error)
        )
        return outcome

    def _wait(self, process: subprocess.Popen[bytes]) -> str | None:
        """None when it exited by itself; else why it was stopped."""
        deadline = time.monotonic() + self.time_limit
        while True:
            try:
                process.wait(timeout=0.2)
                return "interrupted" if self._stopping.is_set() else None
            except subprocess.TimeoutExpired:
                pass
            if time.monotonic() >= deadline:
                _terminate(process)
                return f"timeout: still running after the time limit of {self.time_limit:g} s"

    def record_failure(
        self,
        source: str,
        outcome: CrawlOutcome,
        *,
        pid: int | None = None,
        started_at: datetime | None = None,
    ) -> None:
        """The crawler could not finish its own record: close its `running` row (or write one)
        and put the error on the source, so `status` shows it."""
        now = utcnow()
        started_at = started_at or now
        with self.sessions() as session:
            rows = [
                row
                for row in session.scalars(
                    select(JobRun).where(
                        JobRun.job == "crawl",
                        JobRun.source_id == source,
                        JobRun.started_at >= started_at.replace(microsecond=0),
                    )
                )
                if (row.status == "running" or outcome.report)
                and (pid is None or (row.stats or {}).get("pid") in (pid, None))
            ]
            if not rows:
                if session.get(Source, source) is None:
                    session.add(Source(id=source))
                    session.flush()
                rows = [JobRun(job="crawl", source_id=source, started_at=started_at, stats={})]
                session.add_all(rows)
            for row in rows:
                row.status = "interrupted" if outcome.status == "interrupted" else "failed"
                row.finished_at, row.error = now, outcome.error
                row.stats = {**(row.stats or {}), "returncode": outcome.returncode}
                if outcome.stderr_tail:
                    row.stats["stderr_tail"] = outcome.stderr_tail
            state = session.get(Source, source)
            if state is not None and outcome.status == "failed":
                state.last_error, state.last_error_at, state.last_run_at = outcome.error, now, now
            session.commit()


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def _terminate(process: subprocess.Popen[bytes]) -> None:
    _signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=KILL_AFTER)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        process.wait()


def _read(handle: Any) -> str:
    handle.seek(0)
    return handle.read().decode("utf-8", errors="replace")


def _report(stdout: str, source: str) -> dict[str, Any]:
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict) and data.get("source") == source:
                return data
    return {}


_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b.*")


def _tail(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[-8:])[-OUTPUT_TAIL:]


def _last_error(text: str) -> str:
    """The exception a Python traceback ended with, else the last line written."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        if _EXCEPTION_LINE.match(line):
            return line[:500]
    return lines[-1][:500] if lines else ""


def _outcome(source: str, code: int | None, why: str | None, out: str, err: str) -> CrawlOutcome:
    """What happened, from the crawler's report when it wrote one, else from how it ended."""
    report = _report(out, source)
    if report:
        counts = {k: int(report.get(k) or 0) for k in ("new", "changed", "unchanged", "errors")}
        # A crawl that completed just as a shutdown began is still a success.
        ok = report.get("status") == "success" and why in (None, "interrupted")
        status = "success" if ok else ("interrupted" if why == "interrupted" else "failed")
        reasons = [] if ok else [why or "", *list(report.get("messages") or [])]
        error = "; ".join(r for r in reasons if r) or None
        return CrawlOutcome(source, status, error=error, returncode=code, report=report, **counts)
    if why == "interrupted":
        return CrawlOutcome(source, "interrupted", error="stopped by shutdown", returncode=code)
    if why is not None:
        return CrawlOutcome(source, "failed", error=why, returncode=code)
    if code is not None and code < 0:
        what = f"was killed by signal {signal.Signals(-code).name}"
    else:
        what = f"exited with status {code}"
    detail = _last_error(err)
    error = f"the crawler {what} without a report" + (f": {detail}" if detail else "")
    return CrawlOutcome(
        source, "failed", error=error, returncode=code, report={}, stderr_tail=_tail(err)
    )
