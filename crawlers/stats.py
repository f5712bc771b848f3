"""Names of the Scrapy stats every tbtwatch crawl keeps; the crawl report is built from them."""

from __future__ import annotations

PREFIX = "tbtwatch"
RECORDS_SEEN = f"{PREFIX}/records/seen"  # records found in responses, before mapping
RECORDS_SKIPPED = f"{PREFIX}/records/skipped"  # records we could not understand
RECORDS_DUPLICATE = f"{PREFIX}/records/duplicate"  # seen twice in one run (paging overlap)
RECORDS_OUT_OF_WINDOW = f"{PREFIX}/records/out_of_window"  # filtered client-side
ITEMS_INVALID = f"{PREFIX}/items/invalid"  # rejected by the validate pipeline
ITEMS_DUPLICATE = f"{PREFIX}/items/duplicate"  # same identity twice in one run
STORED = f"{PREFIX}/stored"  # + "/new", "/changed", "/unchanged"
STORE_ERRORS = f"{PREFIX}/errors/store"
ERRORS = f"{PREFIX}/errors"  # + "/<kind>": pages or requests that failed
UNKNOWN_FIELD = f"{PREFIX}/unknown_field"  # + "/<field name>"
MISSING_FIELD = f"{PREFIX}/missing_field"  # + "/<field name>"
# Items stored without a member because it could not be told (a feed entry about another
# member's measure that does not say which); + "/<feed id>".
MEMBER_UNKNOWN = f"{PREFIX}/member_unknown"
CLEAN = f"{PREFIX}/clean"  # + "/<what was cleaned>"
LATEST_DATE = f"{PREFIX}/latest_distribution_date"  # ISO date, max over stored items
RESPONSES_OK = f"{PREFIX}/responses/ok"


def with_suffix(stats: dict[str, object], prefix: str) -> dict[str, int]:
    """The counters under `prefix/`, keyed by what follows it."""
    start = prefix + "/"
    return {
        key[len(start) :]: int(value)  # type: ignore[call-overload]
        for key, value in stats.items()
        if key.startswith(start) and isinstance(value, int)
    }
