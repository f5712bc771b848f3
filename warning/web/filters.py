"""The queue's filters as query parameters, shared by the pages, the API, the feeds and CSV.

Every parameter is a plain string so that the empty values an HTML form sends mean "any";
`QueueFilter.checked` then refuses what it cannot use, with the parameter's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Query

from warning.core.review import STATUSES
from warning.core.search import DEADLINE_WINDOWS, SORTS, FilterError, QueueFilter
from warning.web import labels
from warning.web.explain import Gettext, shown
from warning.web.labels import N_

DOMAINS = ("TBT", "SPS", "regulation", "alert")
PUBLIC_KEYS = (
    "q",
    "domain",
    "member",
    "category",
    "hs",
    "deadline",
    "deadline_from",
    "deadline_to",
    "source",
    "sort",
)
STAFF_KEYS = ("status", "mine")

Text = Annotated[str | None, Query(max_length=200)]
# For a page that refuses a parameter: its name in the filter form (labels.PARAMETER, which the
# refusals of FastAPI's own checks use too), and what it takes.
LABELS = labels.PARAMETER
CHOICES = {
    "domain": DOMAINS,
    "status": ("open", *STATUSES),
    "deadline": DEADLINE_WINDOWS,
    "sort": SORTS,
}
WANTS = {
    "hs": N_("%(filter)s: '%(value)s' is not an HS code prefix of 2 to 10 digits"),
    "deadline_from": N_("%(filter)s: '%(value)s' is not a date as YYYY-MM-DD"),
    "deadline_to": N_("%(filter)s: '%(value)s' is not a date as YYYY-MM-DD"),
}
ONE_OF = N_("%(filter)s: '%(value)s' is not one of %(choices)s")
REFUSED = N_("%(filter)s: '%(value)s' cannot be used")


@dataclass(frozen=True)
class FilterParams:
    q: str | None = None
    domain: str | None = None
    member: str | None = None
    category: str | None = None
    hs: str | None = None
    status: str | None = None
    deadline: str | None = None
    deadline_from: str | None = None
    deadline_to: str | None = None
    source: str | None = None
    sort: str | None = None
    mine: str | None = None

    def as_query(self, *, staff: bool) -> dict[str, Any]:
        """The parameters worth keeping in links (pagination, feeds, CSV)."""
        keys = PUBLIC_KEYS + (STAFF_KEYS if staff else ())
        return {k: v for k, v in asdict(self).items() if k in keys and v}


async def filter_params(
    q: Annotated[
        str | None, Query(max_length=200, description="Full text; a WTO symbol also matches.")
    ] = None,
    domain: Annotated[str | None, Query(description=f"One of {', '.join(DOMAINS)}.")] = None,
    member: Annotated[str | None, Query(description="Notifying member (USA, EU, CHN…).")] = None,
    category: Annotated[str | None, Query(description="Category id (HT01…).")] = None,
    hs: Annotated[str | None, Query(description="HS code prefix, 2 to 10 digits.")] = None,
    status: Annotated[str | None, Query(description="Review status or `open` (staff).")] = None,
    deadline: Annotated[
        str | None, Query(description=f"One of {', '.join(DEADLINE_WINDOWS)}.")
    ] = None,
    deadline_from: Annotated[str | None, Query(description="Deadline on or after (ISO).")] = None,
    deadline_to: Annotated[str | None, Query(description="Deadline on or before (ISO).")] = None,
    source: Text = None,
    sort: Annotated[str | None, Query(description=f"One of {', '.join(SORTS)}.")] = None,
    mine: Annotated[str | None, Query(description="`1`: assigned to me (staff).")] = None,
) -> FilterParams:
    return FilterParams(
        q=q,
        domain=domain,
        member=member,
        category=category,
        hs=hs,
        status=status,
        deadline=deadline,
        deadline_from=deadline_from,
        deadline_to=deadline_to,
        source=source,
        sort=sort,
        mine=mine,
    )


def _date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FilterError(f"{name}: a date as YYYY-MM-DD") from None


def to_filter(
    params: FilterParams,
    *,
    staff_user_id: int | None,
    default_sort: str,
    flagged: bool | None = None,
    default_status: str | None = None,
) -> QueueFilter:
    """A checked QueueFilter; review status and assignment are for staff only."""
    if params.domain and params.domain not in DOMAINS:
        raise FilterError(f"domain: one of {', '.join(DOMAINS)}")
    staff = staff_user_id is not None
    status = (params.status if params.status is not None else default_status) if staff else None
    if status == "any":
        status = None
    return QueueFilter(
        q=params.q,
        domain=params.domain,
        member=params.member,
        category=params.category,
        hs=params.hs,
        status=status or None,
        deadline=params.deadline or None,
        deadline_from=_date("deadline_from", params.deadline_from),
        deadline_to=_date("deadline_to", params.deadline_to),
        source=params.source,
        flagged=flagged,
        assignee_id=staff_user_id if staff and params.mine == "1" else None,
        sort=params.sort or default_sort,
    ).checked()


def explain_filter_error(error: FilterError, given: Mapping[str, str], gettext: Gettext) -> str:
    """A refused filter in the page's language. FilterError's English text starts with the
    parameter's name (`"hs: …"`, from the search or from here), so the page words it by that
    name, with the value the query gave."""
    name = str(error).partition(": ")[0]
    values = {
        "filter": gettext(LABELS[name]) if name in LABELS else name,
        "value": shown(given.get(name) or ""),
        "choices": ", ".join(CHOICES.get(name, ())),
    }
    message = ONE_OF if name in CHOICES else WANTS.get(name, REFUSED)
    return gettext(message) % values
