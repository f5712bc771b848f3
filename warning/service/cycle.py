"""One whole cycle: crawl the sources (each a supervised subprocess), then classify, flag and
dispatch alerts over what the database holds. A step that fails is recorded and the next one
still runs, so a day without network still classifies and alerts on what is stored."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from config.sources import SourceConfig
from warning.service.context import ServiceContext
from warning.service.crawl import CrawlOutcome
from warning.service.reach import unreachable
from warning.service.runs import StepResult, finish_run, run_step, start_run
from warning.service.schedule import STEPS
from warning.service.steps import STEP_FUNCTIONS

log = logging.getLogger(__name__)


class CycleProgress(Protocol):
    """Told what happens, for a display; called from worker threads."""

    def crawl_started(self, source: str) -> None: ...
    def crawl_finished(self, outcome: CrawlOutcome) -> None: ...
    def step_started(self, name: str) -> None: ...
    def step_finished(self, result: StepResult) -> None: ...


@dataclass
class CycleReport:
    crawls: list[CrawlOutcome] = field(default_factory=list)
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.crawls) and all(s.ok for s in self.steps)

    def step(self, name: str) -> StepResult | None:
        return next((s for s in self.steps if s.name == name), None)

    def summary(self) -> dict[str, Any]:
        def stat(step: str, key: str) -> int:
            result = self.step(step)
            return int((result.stats if result else {}).get(key) or 0)

        return {
            "ok": self.ok,
            "sources": {
                c.source: {"status": c.status, "new": c.new, "changed": c.changed, "error": c.error}
                for c in self.crawls
            },
            "steps": {s.name: {"status": s.status, "error": s.error} for s in self.steps},
            "classified": stat("classify", "classified"),
            "flagged": stat("flag", "flagged"),
            "alerts": {k: stat("dispatch", k) for k in ("queued", "sent", "failed")},
        }


def crawl_one(
    ctx: ServiceContext, source: SourceConfig, since: date | None, progress: CycleProgress | None
) -> CrawlOutcome:
    with ctx.crawl_slots:
        if progress is not None:
            progress.crawl_started(source.id)
        # The URL the crawl subprocess will use: its environment may point the source elsewhere.
        problem = unreachable(source.url({**os.environ, **(ctx.supervisor.env or {})}))
        if problem is not None:
            outcome = CrawlOutcome(source.id, "failed", error=f"{problem}; crawl not started")
            ctx.supervisor.record_failure(source.id, outcome)
        else:
            outcome = ctx.supervisor.crawl(source.id, since)
    if progress is not None:
        progress.crawl_finished(outcome)
    return outcome


def crawl_all(
    ctx: ServiceContext,
    sources: Sequence[SourceConfig],
    since: date | None,
    progress: CycleProgress | None = None,
) -> list[CrawlOutcome]:
    if not sources:
        return []
    # One at a time, the sources run in their configured order (wto-docs after eping, whose
    # links it follows).
    with ThreadPoolExecutor(min(ctx.crawl_parallel, len(sources))) as pool:
        return list(pool.map(lambda s: crawl_one(ctx, s, since, progress), sources))


def run_steps(
    ctx: ServiceContext, names: Sequence[str], progress: CycleProgress | None = None
) -> list[StepResult]:
    results = []
    for name in names:
        if ctx.stop.is_set():
            results.append(StepResult(name, "interrupted", error="not started: shutting down"))
            continue
        if progress is not None:
            progress.step_started(name)
        work = STEP_FUNCTIONS.get(name)
        if work is None:
            results.append(StepResult(name, "failed", error=f"no step named {name!r}"))
            continue
        with ctx.lock(work.__name__):  # jobs sharing a function (the digests) share its lock
            result = run_step(ctx.db.sessions, name, lambda work=work: work(ctx))
        results.append(result)
        if progress is not None:
            progress.step_finished(result)
    return results


def run_cycle(
    ctx: ServiceContext,
    sources: Sequence[SourceConfig],
    *,
    since: date | None = None,
    steps: Sequence[str] = STEPS,
    job: str = "cycle",
    progress: CycleProgress | None = None,
) -> CycleReport:
    """Crawl `sources`, then run `steps`; one `job_run` named `job` holds the summary."""
    run_id = start_run(ctx.db.sessions, job, sources=[s.id for s in sources])
    report = CycleReport()
    report.crawls = crawl_all(ctx, sources, since, progress)
    report.steps = run_steps(ctx, steps, progress)
    interrupted = any(c.status == "interrupted" for c in report.crawls) or any(
        s.status == "interrupted" for s in report.steps
    )
    status = "success" if report.ok else ("interrupted" if interrupted else "failed")
    failures = [f"{c.source}: {c.error}" for c in report.crawls if not c.ok] + [
        f"{s.name}: {s.error}" for s in report.steps if not s.ok
    ]
    finish_run(ctx.db.sessions, run_id, status, report.summary(), "; ".join(failures) or None)
    log.info("%s: %s", job, status)
    return report
