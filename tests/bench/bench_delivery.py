"""Benchmark: outbox delivery to a local aiosmtpd sink (target ≥ 200 messages/s).

Queues `--messages` new-notice alerts (rendered in both languages, text + HTML), then times
`dispatch` sending them: claim, render, SMTP over reused connections, commit. The sink runs in
its own process, as a real mail server would, so it does not share our interpreter lock.
Run: .venv/bin/python tests/bench/bench_delivery.py [--messages N] [--concurrency N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from alerts.config import AlertsConfig
from alerts.dispatch import dispatch
from alerts.transport.smtp import SMTPTransport
from config.settings import load_settings
from warning.core.db import Base, Classification, Subscriber, Subscription
from warning.core.db.runtime import Database
from warning.core.store import NoticeInput, upsert_notice


class Sink:
    def __init__(self, counter: Any) -> None:
        self.counter = counter

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.counter.get_lock():
            self.counter.value += 1
        return "250 OK"


def serve(port: int, counter: Any, ready: Any, stop: Any) -> None:
    controller = Controller(Sink(counter), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(db: Database, messages: int) -> None:
    subscribers = 20
    notices = max(1, messages // subscribers)
    now = datetime.now(UTC)
    with db.sessions() as session:
        for n in range(notices):
            result = upsert_notice(
                session,
                NoticeInput(
                    source="eping",
                    symbol=f"G/TBT/N/USA/{n + 1}",
                    member="USA",
                    title=f"Energy conservation standards for appliances, part {n}",
                    description="Proposed amended energy conservation standards. " * 8,
                    hs_codes=["8415", "8418"],
                    comment_deadline="2099-01-01",
                    distribution_date=now.date().isoformat(),
                    links=[f"https://members.wto.org/crnattachments/2026/TBT/USA/{n}.pdf"],
                ),
                now=now,
            )
            session.add(
                Classification(
                    notice_id=result.notice_id,
                    category="TR04",
                    score=0.9,
                    method="fusion",
                    created_at=now,
                )
            )
        for i in range(subscribers):
            session.add(
                Subscriber(
                    email=f"exporter{i}@example.com",
                    language="zh" if i % 2 else "en",
                    confirmed_at=now,
                    subscriptions=[Subscription(categories=["TR04"])],
                )
            )
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    port = free_port()
    counter = multiprocessing.Value("i", 0)
    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    sink = multiprocessing.Process(target=serve, args=(port, counter, ready, stop), daemon=True)
    sink.start()
    ready.wait(30)
    folder = Path(tempfile.mkdtemp(prefix="tbtwatch-bench-"))
    db = Database(f"sqlite:///{folder / 'bench.db'}")
    Base.metadata.create_all(db.engine)
    settings = load_settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        base_url="https://x.example",
        secret_key="bench-secret",
        database_url=db.url,
    )
    config = AlertsConfig(batch_size=args.batch, smtp_concurrency=args.concurrency)
    seed(db, args.messages)
    transport = SMTPTransport.from_settings(settings, concurrency=args.concurrency)
    try:
        started = time.perf_counter()
        queued = dispatch(db.sessions, transport, settings=settings, config=config, send=False)
        matched = time.perf_counter()
        cpu = time.process_time()
        report = dispatch(db.sessions, transport, settings=settings, config=config, queue=False)
        done = time.perf_counter()
        cpu = time.process_time() - cpu
    finally:
        transport.close()
        stop.set()
        sink.join(10)
    rate = report.sent / (done - matched)
    print(f"queued {queued.queued['new']} messages in {matched - started:.2f} s")
    print(
        f"sent {report.sent} (sink received {counter.value}), failed {report.failed}, "
        f"in {done - matched:.2f} s: {rate:.0f} messages/s with {args.concurrency} "
        f"connections (target >= 200): {'PASS' if rate >= 200 else 'FAIL'}"
    )
    print(
        f"CPU of this process while sending: {cpu / max(report.sent, 1) * 1000:.2f} ms "
        f"per message (claim, render, SMTP client, commit); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
