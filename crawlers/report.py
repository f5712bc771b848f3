"""The crawl report of one source, built from the crawl's stats, and the verdict on it.

Both are pure: `build_report` reads plain stats values, `verdict` applies the source's YAML
(minimum and maximum items) and the errors seen. A source fails when a page or request failed
for good (the data is incomplete, so the cursor must not move), when nothing answered (the source
is down), when the crawl stopped early, or when it brought fewer or more items than expected.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from config.sources import SourceConfig
from crawlers import stats as keys


@dataclass
class CrawlReport:
    source: str
    status: str = "running"  # success, failed
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0  # records not understood + items refused by validation
    duplicates: int = 0
    errors: int = 0  # pages, requests, records and writes that failed
    unknown_fields: dict[str, int] = field(default_factory=dict)
    missing_fields: dict[str, int] = field(default_factory=dict)
    member_unknown: dict[str, int] = field(default_factory=dict)  # by feed
    duration: float = 0.0
    requests: int = 0
    retries: int = 0
    finish_reason: str | None = None
    since: str | None = None
    until: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    messages: list[str] = field(default_factory=list)  # why it failed
    error_samples: list[str] = field(default_factory=list)  # the first errors, as logged

    @property
    def stored(self) -> int:
        return self.new + self.changed + self.unchanged

    @property
    def ok(self) -> bool:
        return self.status == "success"

    def summary(self) -> str:
        if self.ok:
            return (
                f"{self.source}: ok, {self.new} new, {self.changed} changed, "
                f"{self.unchanged} unchanged"
            )
        return f"{self.source}: FAILED: {'; '.join(self.messages)}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("started_at", "finished_at"):
            value = data[name]
            data[name] = value.isoformat() if value else None
        data["stored"] = self.stored
        return data


def _int(stats: dict[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def build_report(
    source: str, stats: dict[str, Any], *, errors: list[str], duration: float
) -> CrawlReport:
    """The counts of one crawl, from its Scrapy stats and the spider's kept error messages."""
    return CrawlReport(
        source=source,
        new=_int(stats, f"{keys.STORED}/new"),
        changed=_int(stats, f"{keys.STORED}/changed"),
        unchanged=_int(stats, f"{keys.STORED}/unchanged"),
        skipped=_int(stats, keys.RECORDS_SKIPPED) + _int(stats, keys.ITEMS_INVALID),
        duplicates=_int(stats, keys.RECORDS_DUPLICATE) + _int(stats, keys.ITEMS_DUPLICATE),
        errors=sum(keys.with_suffix(stats, keys.ERRORS).values()) + _int(stats, keys.ITEMS_INVALID),
        unknown_fields=keys.with_suffix(stats, keys.UNKNOWN_FIELD),
        missing_fields=keys.with_suffix(stats, keys.MISSING_FIELD),
        member_unknown=keys.with_suffix(stats, keys.MEMBER_UNKNOWN),
        duration=round(duration, 3),
        requests=_int(stats, "downloader/request_count"),
        retries=_int(stats, "retry/count"),
        finish_reason=stats.get("finish_reason"),
        error_samples=list(errors),
    )


def verdict(
    report: CrawlReport, config: SourceConfig, stats: dict[str, Any], *, check_max: bool = True
) -> list[str]:
    """Why this crawl failed; empty when it succeeded."""
    reasons: list[str] = []
    answered = _int(stats, keys.RESPONSES_OK)
    page_errors = {
        kind: n
        for kind, n in keys.with_suffix(stats, keys.ERRORS).items()
        if kind not in ("record",)
    }
    if report.finish_reason not in ("finished", None):
        reasons.append(f"the crawl stopped early ({report.finish_reason})")
    if answered == 0 and page_errors:
        first = report.error_samples[0] if report.error_samples else "no response"
        reasons.append(f"source down: {first}")
    elif page_errors:
        total = sum(page_errors.values())
        first = next(
            (m for m in report.error_samples if not m.startswith("record skipped")),
            ", ".join(sorted(page_errors)),
        )
        reasons.append(f"{total} page(s) or request(s) failed; first: {first}")
    forbidden = _int(stats, "robotstxt/forbidden")
    if forbidden:
        reasons.append(
            f"{forbidden} request(s) forbidden by the site's robots.txt (obeyed; a "
            f"source may set robots.obey: false with a reason)"
        )
    if report.stored < config.min_items:
        reasons.append(
            f"{report.stored} notice(s) stored, expected at least {config.min_items} "
            f"(min_items): the source may be down or its layout may have changed"
            + (f"; {report.skipped} record(s) could not be read" if report.skipped else "")
        )
    if check_max and config.max_items is not None and report.stored > config.max_items:
        reasons.append(
            f"{report.stored} notice(s) stored, more than the expected {config.max_items} "
            f"(max_items): check the date filter and paging"
        )
    return reasons
