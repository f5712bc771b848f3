"""`tbtwatch demo`: a first look without internet. The sources are pointed at the local replica
(recorded responses made from the real sample records), a whole cycle runs into a data folder
of its own with two confirmed demo subscribers and the file outbox, and a demo reviewer account
is made for the web UI.

The sample records are historical (2005-2024): the demo lets alerts go out for notices of any
age, which a real installation does not (`new_notice_max_age_days` in config/alerts.yml). And as
they hold few high-tech measures, the demo's reviewers watch the traditional sectors too.
"""

from __future__ import annotations

import pkgutil
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from alerts.categories import load_taxonomy
from alerts.subscriptions import SubscriberSpec, add_subscription, parse_subscription
from config.settings import Settings, load_settings
from config.sources import SourceConfig, load_sources
from crawlers.replica import responders
from crawlers.replica.server import Replica
from warning.core.db.runtime import Database
from warning.core.users import create_user, find_user, set_password
from warning.service.context import ServiceContext
from warning.service.cycle import CycleProgress, CycleReport, run_cycle

SINCE = date(2000, 1, 1)  # the samples go back to 2005: crawl everything the replica has
REVIEWER = "demo-reviewer"
SUBSCRIBERS: tuple[tuple[SubscriberSpec, dict[str, Any]], ...] = (
    (
        SubscriberSpec("zhang.wei@example.com", "zh", "张伟", "深圳示范进出口有限公司"),
        {
            "categories": ["TR02", "TR07", "HT01", "HT02", "HT03", "HT09"],
            "keywords": ["食品"],
            "frequency": "immediate",
        },
    ),
    (
        SubscriberSpec("anna.lee@example.com", "en", "Anna Lee", "Demo Trading Ltd"),
        {
            "keywords": ["food", "sugar", "vehicle", "safety"],
            "categories": ["TR02", "TR07"],
            "frequency": "immediate",
        },
    ),
)


@dataclass
class Demo:
    settings: Settings
    database: Database
    replica: Replica
    sources: list[SourceConfig]
    reviewer_password: str = ""

    @property
    def outbox(self) -> Path:
        return self.settings.outbox

    def crawl_env(self) -> dict[str, str]:
        """What a crawl subprocess must see: the demo's database and the replica's URLs."""
        return {
            "TBTWATCH_DATA_DIR": str(self.settings.data_dir),
            "TBTWATCH_DATABASE_URL": self.settings.database_url,
            "TBTWATCH_OUTBOX_DIR": str(self.outbox),
            "TBTWATCH_ENVIRONMENT": "development",
            **self.replica.environ(*(s.id for s in self.sources)),
        }


def demo_alerts_file(settings: Settings, data_dir: Path) -> Path:
    """The shipped alerts settings, but old notices may be alerted (the samples are old)."""
    data: dict[str, Any] = {}
    if settings.alerts_file.is_file():
        data = yaml.safe_load(settings.alerts_file.read_text(encoding="utf-8")) or {}
    data["new_notice_max_age_days"] = 365 * 30
    path = data_dir / "alerts.yml"
    path.write_text(
        "# Written by `tbtwatch demo`: the shipped settings with old notices allowed.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def demo_flagging_file(settings: Settings, data_dir: Path) -> Path:
    """The shipped flag policy, watching the traditional sectors as well as high tech."""
    data: dict[str, Any] = {}
    if settings.flagging_file.is_file():
        data = yaml.safe_load(settings.flagging_file.read_text(encoding="utf-8")) or {}
    data["watched"] = ["HT*", "TR*"]
    path = data_dir / "flagging.yml"
    path.write_text(
        "# Written by `tbtwatch demo`: the shipped policy, watching every sector.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def demo_settings(base: Settings, data_dir: Path, port: int) -> Settings:
    """Settings of the demo: its own folder, database and file outbox, whatever is configured
    for the real installation (so a demo never mails anyone or touches real data)."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return load_settings(
        environment="development",
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'tbtwatch.db'}",
        outbox_dir=data_dir / "outbox",
        smtp_host=None,
        base_url=f"http://127.0.0.1:{port}",
        alerts_file=demo_alerts_file(base, data_dir),
        flagging_file=demo_flagging_file(base, data_dir),
    )


def replica_sources(settings: Settings) -> list[SourceConfig]:
    """The enabled sources the replica answers for (one responder module per source id)."""
    served = {m.name.replace("_", "-") for m in pkgutil.iter_modules(responders.__path__)}
    return [s for s in load_sources(settings.sources_dir).values() if s.enabled and s.id in served]


def add_people(demo: Demo) -> None:
    """Two confirmed subscribers (Chinese, English) and a reviewer with a fresh password."""
    taxonomy = load_taxonomy(demo.settings.taxonomy_file)
    with demo.database.sessions() as session:
        for who, what in SUBSCRIBERS:
            spec = parse_subscription(what, taxonomy)
            add_subscription(session, who, spec, settings=demo.settings, confirmed=True)
        password = secrets.token_urlsafe(12)
        user = find_user(session, REVIEWER)
        if user is None:
            create_user(session, username=REVIEWER, password=password, role="reviewer")
        else:
            set_password(session, user, password)
        session.commit()
    demo.reviewer_password = password


def prepare(base: Settings, data_dir: Path, port: int) -> Demo:
    settings = demo_settings(base, data_dir, port)
    database = Database(settings.database_url)
    database.upgrade()
    return Demo(settings, database, Replica(), replica_sources(settings))


def run_demo_cycle(demo: Demo, progress: CycleProgress | None = None) -> CycleReport:
    """Start the replica, add the people, run the cycle; the replica is stopped afterwards."""
    with demo.replica:
        add_people(demo)
        ctx = ServiceContext.create(demo.settings, demo.database, crawl_env=demo.crawl_env())
        return run_cycle(ctx, demo.sources, since=SINCE, job="demo", progress=progress)
