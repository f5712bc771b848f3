"""A stand-in for `python -m crawlers.runner SOURCE` whose behaviour the test chooses.

FAKE_CRAWLER_MODE: ok | crash | hang | stubborn (ignores SIGTERM) | slow (stops cleanly on
SIGTERM) | killed. Like the real crawler it writes a `running` job_run with its pid first, and
for `ok`/`slow` prints one JSON report on stdout. FAKE_CRAWLER_MARKS: a folder where it notes
what it did.
"""

import json
import os
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from config.settings import load_settings
from warning.core.db import JobRun, Source
from warning.core.db.runtime import Database

source = sys.argv[1]
mode = os.environ.get("FAKE_CRAWLER_MODE", "ok")
if mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
marks = Path(os.environ.get("FAKE_CRAWLER_MARKS", "."))
stopping = False


def mark(what: str) -> None:
    (marks / f"{source}.{what}").write_text(str(os.getpid()))


def on_term(signum, frame):
    global stopping
    stopping = True
    mark("sigterm")


db = Database(load_settings().database_url)
with db.sessions() as session:
    if session.get(Source, source) is None:
        session.add(Source(id=source))
        session.flush()
    job = JobRun(job="crawl", source_id=source, status="running", stats={"pid": os.getpid()})
    session.add(job)
    session.commit()
    job_id = job.id
mark("started")


def report(status: str, messages: list[str], new: int = 2) -> None:
    with db.sessions() as session:
        row = session.get(JobRun, job_id)
        row.status, row.finished_at = status, datetime.now(UTC)
        row.error = "; ".join(messages) or None
        session.commit()
    data = {
        "source": source,
        "status": status,
        "new": new,
        "changed": 1,
        "unchanged": 0,
        "errors": 0,
        "messages": messages,
    }
    sys.stdout.write(json.dumps(data) + "\n")


if mode == "ok":
    report("success", [])
elif mode == "crash":
    raise RuntimeError("spider exploded while parsing page 3")
elif mode == "killed":
    os.kill(os.getpid(), signal.SIGKILL)
elif mode == "hang":
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    time.sleep(3600)
elif mode == "stubborn":
    time.sleep(3600)
elif mode == "slow":
    signal.signal(signal.SIGTERM, on_term)
    deadline = time.monotonic() + float(os.environ.get("FAKE_CRAWLER_SECONDS", "30"))
    while time.monotonic() < deadline and not stopping:
        time.sleep(0.05)
    if stopping:
        time.sleep(0.5)  # closing the spider takes a moment
        report("failed", ["the crawl stopped early (shutdown)"], new=1)
        mark("finished")
    else:
        report("success", [])
        mark("finished")
