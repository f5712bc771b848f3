"""Crawl benchmark: one year of ePing (6,000 notices, paged like the API) from the local replica,
end to end into SQLite, in a separate process as `python -m crawlers.runner` runs it.

Prints notices/s (target >= 500) and the crawl process's peak RSS (target < 400 MB), then runs
`scrapy bench` on the same machine and prints its pages/s beside them.

The 6,000 records are synthetic load: the replica's shape-reconstructed records repeated with
distinct symbols, ids and distribution dates spread over 2024. Run:
    .venv/bin/python tests/bench/bench_crawl.py [--notices 6000] [--page-size 100]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crawlers.replica import Replica  # noqa: E402
from crawlers.replica.responders import DATA_DIR  # noqa: E402


def year_of_notices(count: int) -> list[dict]:
    base = json.loads((DATA_DIR / "eping" / "notifications.json").read_text(encoding="utf-8"))
    start = date(2024, 1, 1)
    records = []
    for n in range(count):
        record = copy.deepcopy(base[n % len(base)])
        area = record["area"]
        record["id"] = 100000 + n
        record["documentSymbol"] = f"G/{area}/N/BEN/{n + 1}"
        day = start + timedelta(days=n * 366 // count)
        record["distributionDate"] = f"{day.isoformat()}T00:00:00"
        records.append(record)
    return records


def crawl(replica: Replica, data_dir: Path, page_size: int) -> tuple[dict, float, float, float]:
    env = {
        **os.environ,
        **replica.environ("eping"),
        "TBTWATCH_DATA_DIR": str(data_dir),
        "TBTWATCH_LOG_LEVEL": "WARNING",
    }
    env.pop("TBTWATCH_EPING_API_KEY", None)
    args = [
        sys.executable,
        "-m",
        "crawlers.runner",
        "eping",
        "--since",
        "2024-01-01",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=0",
    ]
    # The source's YAML says 100 per page; the benchmark may ask for another size.
    config = data_dir / "sources"
    config.mkdir(parents=True)
    text = (ROOT / "config" / "sources" / "eping.yml").read_text(encoding="utf-8")
    (config / "eping.yml").write_text(text.replace("page_size: 100", f"page_size: {page_size}"))
    env["TBTWATCH_SOURCES_DIR"] = str(config)
    started = time.monotonic()
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"the crawl failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    return json.loads(done.stdout.splitlines()[0]), wall, usage.ru_maxrss / 1024, cpu


def scrapy_bench(seconds: int) -> float | None:
    """`scrapy bench` pages/s: the best per-minute rate its log reports."""
    scrapy = Path(sys.executable).with_name("scrapy")
    done = subprocess.run(
        [str(scrapy), "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"],
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
    )
    rates = [float(r) for r in re.findall(r"at (\d+(?:\.\d+)?) pages/min", done.stderr)]
    return max(rates) / 60 if rates else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=6000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--scrapy-bench-seconds", type=int, default=20)
    args = parser.parse_args()
    records = year_of_notices(args.notices)
    with (
        tempfile.TemporaryDirectory() as folder,
        Replica(datasets={"eping/notifications": records}) as replica,
    ):
        load = os.getloadavg()[0]
        report, wall, peak_mb, cpu = crawl(replica, Path(folder), args.page_size)
        pages = len(replica.seen("/api/v1/azureSearch"))
        size_mb = (Path(folder) / "tbtwatch.db").stat().st_size / 1e6
    stored = report["new"] + report["changed"] + report["unchanged"]
    print(f"ePing replica: {args.notices} notices in {pages} pages of {args.page_size}")
    print(
        f"stored {stored} (new {report['new']}), errors {report['errors']}, "
        f"database {size_mb:.1f} MB"
    )
    print(
        f"crawl (spider open to close): {report['duration']:.1f} s -> "
        f"{stored / report['duration']:.0f} notices/s   (target >= 500)"
    )
    print(f"whole process incl. start-up: {wall:.1f} s -> {stored / wall:.0f} notices/s")
    print(
        f"CPU time of the crawl process: {cpu:.1f} s -> {stored / cpu:.0f} notices per CPU "
        f"second (load average {load:.1f} on {os.cpu_count()} CPUs when it started)"
    )
    print(f"peak RSS of the crawl process: {peak_mb:.0f} MB   (target < 400 MB)")
    rate = scrapy_bench(args.scrapy_bench_seconds)
    shown = f"{rate:.0f} pages/s" if rate is not None else "no rate in its log"
    print(f"scrapy bench on this machine: {shown}")


if __name__ == "__main__":
    main()
