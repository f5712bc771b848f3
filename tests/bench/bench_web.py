"""Benchmark: the review queue page and the API list with 100,000 notices in SQLite, under 20
concurrent clients over loopback. Targets: p95 under 100 ms (queue page) and 50 ms (API list).

The app runs as `tbtwatch serve` runs it: one uvicorn process (started here as a subprocess, so
that the load generator does not share its interpreter; `--workers` for more). Each client keeps
one HTTP/1.1 connection and sends its next request as soon as the previous answer arrives (a
closed loop, no think time: the harshest reading of "20 concurrent clients"); `--pause S` adds
think time. The figures depend on the machine's other load, printed with them.

Run: .venv/bin/python tests/bench/bench_web.py [--notices N] [--clients N] [--seconds S]
     [--keep DIR]  (reuse or keep the generated database in DIR)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from warning.core.db import Base, Classification, Notice, Review, Source  # noqa: E402
from warning.core.db.runtime import Database  # noqa: E402
from warning.core.fulltext import ensure_fulltext  # noqa: E402
from warning.core.users import create_user  # noqa: E402

PASSWORD = "benchmark password"
MEMBERS = ["USA", "EU", "JPN", "KOR", "BRA", "IND", "VNM", "GBR", "CAN", "CHN", "SAU", "MEX"]
CATEGORIES = [f"HT0{i}" for i in range(1, 10)] + [f"TR0{i}" for i in range(1, 8)]
DOMAINS = ["TBT"] * 6 + ["SPS"] * 3 + ["regulation"]
WORDS = [
    "lithium",
    "battery",
    "charger",
    "toy",
    "textile",
    "cosmetic",
    "fertiliser",
    "pesticide",
    "residue",
    "tyre",
    "helmet",
    "refrigerator",
    "lamp",
    "laser",
    "drone",
    "vaccine",
    "ceramic",
    "cement",
    "steel",
    "glass",
    "furniture",
    "footwear",
    "paper",
    "bicycle",
    "motorcycle",
    "solar",
    "hydrogen",
    "semiconductor",
    "radio",
    "phone",
    "labelling",
    "energy",
    "efficiency",
    "safety",
    "emission",
    "packaging",
    "plastic",
    "food",
    "additive",
    "feed",
    "medical",
    "device",
    "conformity",
    "assessment",
    "technical",
    "regulation",
    "standard",
    "requirements",
    "products",
    "import",
    "draft",
    "amendment",
]
BATCH = 5_000
# Ordinary prose around a topic: a notice is about two product terms, written among common
# words whose frequencies fall off as in real text (Zipf), so a product term matches a few
# percent of the notices, as it does in the real collection.
FILLER = [f"w{n:04d}" for n in range(5_000)]
FILLER_WEIGHTS = list(itertools.accumulate(1 / (n + 1) for n in range(5_000)))


def _prose(rng: random.Random, topic: list[str], words: int) -> str:
    chosen = rng.choices(FILLER, cum_weights=FILLER_WEIGHTS, k=words)
    for position in rng.sample(range(words), min(len(topic), words)):
        chosen[position] = topic[position % len(topic)]
    return " ".join(chosen)


def _notice(i: int, rng: random.Random, today: date) -> dict[str, object]:
    distributed = today - timedelta(days=rng.randrange(0, 3 * 365))
    member = rng.choice(MEMBERS)
    domain = rng.choice(DOMAINS)
    flagged = rng.random() < 0.3
    topic = rng.sample(WORDS, 2)
    title = _prose(rng, topic, rng.randint(6, 14)).capitalize()
    return {
        "id": i,
        "identity": f"G/{domain}/N/{member}/{i}",
        "symbol": f"G/{domain}/N/{member}/{i}",
        "source_id": "eping",
        "sources": ["eping"],
        "domain": domain,
        "doc_type": "regular",
        "member_code": member,
        "member_name": member,
        "title": title,
        "description": _prose(rng, topic * 2, 60),
        "products": " ".join(topic),
        "hs_codes": [f"{rng.randint(1, 97):02d}{rng.randint(1, 99):02d}"],
        "distribution_date": distributed,
        "comment_deadline": distributed + timedelta(days=60),
        "content_hash": f"{i:064d}",
        "flagged": flagged,
        "urgency": round(rng.uniform(1, 100), 2) if flagged else None,
        "classified_at": datetime.now(UTC),
    }


def build(path: Path, count: int) -> None:
    database = Database(f"sqlite:///{path}")
    Base.metadata.create_all(database.engine)
    rng = random.Random(7)
    today = date.today()
    started = time.perf_counter()
    with database.engine.begin() as connection:
        connection.execute(insert(Source), [{"id": "eping"}])
        for start in range(1, count + 1, BATCH):
            ids = range(start, min(start + BATCH, count + 1))
            connection.execute(insert(Notice), [_notice(i, rng, today) for i in ids])
            rows = [
                {"notice_id": i, "category": c, "score": round(rng.uniform(0.3, 0.99), 2),
                 "method": "fusion", "current": True, "evidence": {"words": ["lithium"]}}
                for i in ids for c in rng.sample(CATEGORIES, rng.choice([1, 1, 2]))
            ]  # fmt: skip
            connection.execute(insert(Classification), rows)
            reviews = [
                {"notice_id": i, "status": rng.choice(["triage", "expert_review", "closed"]),
                 "impact": rng.choice(["high", "medium", "low", None])}
                for i in ids if rng.random() < 0.1
            ]  # fmt: skip
            connection.execute(insert(Review), reviews)
        ensure_fulltext(connection)
    with database.sessions() as session:
        create_user(session, username="bench", password=PASSWORD, role="reviewer")
        session.commit()
    with database.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
    database.engine.dispose()
    print(f"built {count:,} notices in {time.perf_counter() - started:.1f} s ({path})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(path: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TBTWATCH_DATABASE_URL": f"sqlite:///{path}",
        "TBTWATCH_DATA_DIR": str(path.parent),
        "TBTWATCH_BASE_URL": f"http://127.0.0.1:{port}",
        "TBTWATCH_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable, "-m", "uvicorn", "warning.web.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
        "--workers", str(workers),
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def sign_in(base: str) -> httpx.Cookies:
    with httpx.Client(base_url=base) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        response = client.post(
            "/login",
            data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)},
        )
        assert response.status_code in (200, 303), response.status_code
        return client.cookies


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol for GETs with a
    Content-Length: the load generator must cost far less CPU than the server it measures
    (an httpx client per request costs about as much as the request itself)."""

    def __init__(self, host: str, port: int, cookie: str) -> None:
        self.host, self.port, self.cookie = host, port, cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n{cookie}\r\n"
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = re.search(rb"(?i)content-length: *(\d+)", head)
        if length is None:
            raise SystemExit(f"{path}: no Content-Length")
        await self.reader.readexactly(int(length.group(1)))
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def load(
    base: str,
    paths: list[str],
    clients: int,
    seconds: float,
    cookies: httpx.Cookies | None,
    pause: float = 0.0,
) -> list[float]:
    """Latencies of `clients` clients, each on its own connection, sending a request, waiting
    for the answer, then waiting `pause` seconds (0: at once) before the next."""
    host, port = base.removeprefix("http://").split(":")
    cookie = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    async def client_loop(number: int) -> None:
        connection = Connection(host, int(port), cookie)
        await connection.get(paths[number % len(paths)])  # connect and warm up
        turn = number
        try:
            while time.monotonic() < stop:
                path = paths[turn % len(paths)]
                turn += 1
                started = time.perf_counter()
                status = await connection.get(path)
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}")
                if pause:
                    await asyncio.sleep(pause)
        finally:
            await connection.close()

    await asyncio.gather(*(client_loop(n) for n in range(clients)))
    return latencies


def report(name: str, latencies: list[float], target_ms: float | None, seconds: float) -> bool:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    verdict = ""
    if target_ms is not None:
        verdict = f"  target p95 < {target_ms:.0f} ms: {'met' if p95 < target_ms else 'NOT met'}"
    print(
        f"{name:<34} {len(ordered):>6} req  {len(ordered) / seconds:>6.0f} req/s  "
        f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms{verdict}"
    )
    return target_ms is None or p95 < target_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--keep", type=Path, help="folder for the database (reused if present)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes (serve: 1)")
    parser.add_argument(
        "--pause", type=float, default=0.0,
        help="seconds each client waits between requests (0: closed loop, no think time)",
    )  # fmt: skip
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="tbtwatch-bench-web-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{args.notices}.db"
    if not path.exists():
        build(path, args.notices)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(path, port, args.workers)
    try:
        cookies = sign_in(base)
        print(f"{args.clients} clients, {args.seconds:.0f} s each, pause {args.pause} s, "
              f"{args.notices:,} notices, {args.workers} uvicorn process(es), "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        runs = [
            ("queue page /review", ["/review"], 100.0, cookies),
            ("API list /api/notices", ["/api/notices"], 50.0, None),
            ("queue pages 1-20 and filters", [
                "/review?page=7", "/review?category=HT03", "/review?q=lithium",
                "/review?domain=SPS&sort=deadline", "/review?page=20", "/review?hs=85",
            ], None, cookies),
            ("API with filters", [
                "/api/notices?category=TR02", "/api/notices?q=battery+charger",
                "/api/notices?member=EU&deadline=open", "/api/notices?page=50",
            ], None, None),
        ]  # fmt: skip
        met = True
        for name, paths, target, jar in runs:
            latencies = asyncio.run(load(base, paths, args.clients, args.seconds, jar, args.pause))
            met = report(name, latencies, target, args.seconds) and met
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
