"""One scheduler process for the tests: `python scheduler_process.py SECONDS` runs a Service on
the settings of the environment until SECONDS pass or SIGTERM arrives, then shuts it down.
It writes `leading.<pid>` into FAKE_CRAWLER_MARKS when it takes the lease."""

import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from config.settings import load_settings
from warning.core.db.runtime import Database
from warning.service.context import ServiceContext
from warning.service.scheduler import Service

logging.basicConfig(level=logging.INFO, format="%(process)d %(name)s: %(message)s")
settings = load_settings()
ctx = ServiceContext.create(settings, Database(settings.database_url))
service = Service(ctx)
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: done.set())
service.start()
marks = Path(os.environ["FAKE_CRAWLER_MARKS"])
deadline = time.monotonic() + float(sys.argv[1])
marked = False
while not done.is_set() and time.monotonic() < deadline:
    if service.leading and not marked:
        (marks / f"leading.{os.getpid()}").write_text("")
        marked = True
    done.wait(0.1)
service.shutdown()
(marks / f"stopped.{os.getpid()}").write_text("")
