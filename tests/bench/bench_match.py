"""Benchmark: match 50 notices against 100,000 subscriptions (target < 5 s, index build included).

Run: .venv/bin/python tests/bench/bench_match.py [--subscriptions N] [--notices N]
"""

from __future__ import annotations

import argparse
import os
import random
import time

from alerts.match import Criteria, NoticeFacts, SubscriptionIndex

CATEGORIES = [f"HT0{i}" for i in range(1, 10)] + [f"TR0{i}" for i in range(1, 8)]
MARKETS = ["EU", "USA", "JPN", "KOR", "DEU", "FRA", "BRA", "IND", "VNM", "GBR", "CAN", "AUS"]
MEMBERS = ["USA", "DEU", "FRA", "EU", "JPN", "KOR", "BRA", "IND", "VNM", "GBR", "CAN", "ITA"]
WORDS_EN = [
    "lithium", "battery", "charger", "toy", "textile", "cosmetic", "fertiliser", "pesticide",
    "residue", "tyre", "helmet", "refrigerator", "lamp", "led", "laser", "drone", "vaccine",
    "ceramic", "cement", "steel", "glass", "furniture", "footwear", "paper", "jewellery",
    "bicycle", "motorcycle", "solar", "wind", "hydrogen", "nuclear", "semiconductor", "radio",
    "phone", "label", "labelling", "energy", "efficiency", "safety", "emission", "packaging",
    "plastic", "food", "additive", "feed",
]
WORDS_ZH = ["锂电池", "充电器", "玩具", "纺织品", "化妆品", "农药", "轮胎", "冰箱", "无人机",
            "疫苗", "陶瓷", "水泥", "家具", "鞋类"]
DOMAINS = ["TBT", "SPS", "regulation", "alert"]
# Notices are mostly ordinary prose: a few thousand other words around a handful of product terms.
FILLER = [f"w{n:04d}" for n in range(3000)]


def subscriptions(count: int, rng: random.Random) -> list[Criteria]:
    subs = []
    for i in range(count):
        keywords = rng.sample(WORDS_EN, rng.choice([0, 0, 1, 2]))
        if rng.random() < 0.2:
            keywords.append(rng.choice(WORDS_ZH))
        subs.append(Criteria(
            id=i + 1,
            subscriber_id=i + 1,
            categories=tuple(rng.sample(CATEGORIES, rng.choice([0, 1, 1, 2, 3]))),
            hs_prefixes=tuple(
                str(rng.randint(1000, 9799)) + rng.choice(["", "", str(rng.randint(10, 99))])
                for _ in range(rng.choice([0, 0, 1, 2, 3]))
            ),
            markets=tuple(rng.sample(MARKETS, rng.choice([0, 1, 2, 3]))),
            keywords=tuple(keywords),
            domains=tuple(rng.sample(DOMAINS, rng.choice([0, 0, 0, 1, 2]))),
            frequency=rng.choice(["immediate", "daily", "weekly"]),
        ))
    return subs


def notices(count: int, rng: random.Random) -> list[NoticeFacts]:
    found = []
    for i in range(count):
        terms = rng.sample(WORDS_EN, rng.randint(2, 6)) + rng.sample(WORDS_ZH, rng.choice([0, 1]))
        text = " ".join(rng.choices(FILLER, k=250) + terms)
        found.append(NoticeFacts(
            id=i + 1,
            domain=rng.choice(DOMAINS),
            member_code=rng.choice(MEMBERS),
            categories=tuple(rng.sample(CATEGORIES, rng.choice([1, 1, 2]))),
            hs_codes=tuple(str(rng.randint(100000, 979999)) for _ in range(rng.choice([0, 1, 3]))),
            text=text,
        ))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--notices", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(20240501)
    subs = subscriptions(args.subscriptions, rng)
    items = notices(args.notices, rng)
    cpu = time.process_time()
    started = time.perf_counter()
    index = SubscriptionIndex(subs)
    built = time.perf_counter()
    matches = index.match_all(items)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    total = sum(len(found) for found in matches.values())
    print(f"subscriptions {len(subs):,}, notices {len(items)}, matches {total:,}")
    total_s = done - started
    print(f"index build {built - started:.2f} s, matching {done - built:.2f} s, "
          f"total {total_s:.2f} s (target < 5 s): {'PASS' if total_s < 5 else 'FAIL'}")
    print(f"CPU time {cpu:.2f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(wall time above includes waiting for the CPU on a busy machine)")


if __name__ == "__main__":
    main()
