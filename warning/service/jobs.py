"""What a scheduled job does when it fires: a crawl job runs its source's crawl and then the
steps that follow a crawl (classify, flag, immediate alerts); every other job is one step."""

from __future__ import annotations

import logging

from config.sources import SourceConfigError, load_sources
from warning.service.context import ServiceContext
from warning.service.crawl import CrawlOutcome
from warning.service.cycle import run_cycle, run_steps
from warning.service.runs import StepResult
from warning.service.schedule import JobSpec

log = logging.getLogger(__name__)


def execute(ctx: ServiceContext, spec: JobSpec) -> list[StepResult | CrawlOutcome]:
    """Run one job now; failures are recorded in `job_run`, never raised."""
    log.info("job %s started", spec.name)
    if spec.kind == "crawl":
        try:
            source = load_sources(ctx.settings.sources_dir)[spec.source or ""]
        except (SourceConfigError, KeyError) as exc:
            log.error("job %s: source configuration unusable: %s", spec.name, exc)
            outcome = CrawlOutcome(spec.source or "?", "failed", error=f"configuration: {exc}")
            ctx.supervisor.record_failure(outcome.source, outcome)
            return [outcome]
        report = run_cycle(ctx, [source], steps=ctx.schedule.crawl.then, job=spec.name)
        return [*report.crawls, *report.steps]
    return list(run_steps(ctx, [spec.kind]))
