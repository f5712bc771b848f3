"""The staff dashboard (charts of notices, deadlines and alerts) and the sources' health page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from babel.dates import format_date
from fastapi import APIRouter, Request
from starlette.responses import Response

from warning.core import stats
from warning.core.members import member_of
from warning.core.search import QueueFilter, search_notices
from warning.service.status import full_status
from warning.web import labels
from warning.web.charts import horizontal_bars, stacked_weeks
from warning.web.deps import SessionDep, SettingsDep, StaffUser
from warning.web.figures import worded_figures
from warning.web.i18n import page_language, request_language, translations
from warning.web.templating import render

router = APIRouter(include_in_schema=False)


def _bucket_label(gettext: Callable[[str], str], low: int, high: int | None) -> str:
    if high is None:
        return gettext("more than %(days)s days") % {"days": low - 1}
    return gettext("%(low)s–%(high)s days") % {"low": low, "high": high}


@router.get("/dashboard")
def dashboard(request: Request, session: SessionDep, user: StaffUser) -> Response:
    today = date.today()
    language = request_language(request, user.language)
    gettext = translations(language).gettext
    taxonomy = request.app.state.taxonomy()

    def member_name(code: str) -> str:
        found = member_of(code)
        return found.name(language) if found else code

    def other(key: str, name: str) -> str:
        return gettext("Other") if key == stats.OTHERS else name

    charts = {
        "category": stacked_weeks(
            stats.notices_per_week(session, by="category", today=today),
            lambda k: other(k, f"{k} {taxonomy.name(k, language)}"),
            title=gettext("Notices per week by category"),
        ),
        "member": stacked_weeks(
            stats.notices_per_week(session, by="member", today=today),
            lambda k: other(k, member_name(k)),
            title=gettext("Notices per week by member"),
        ),
        "domain": stacked_weeks(
            stats.notices_per_week(session, by="domain", today=today),
            lambda k: gettext(labels.DOMAIN.get(k, k)),
            title=gettext("Notices per week by domain"),
        ),
        "alerts": stacked_weeks(
            stats.alerts_per_week(session, today=today),
            lambda k: gettext(labels.DELIVERY_KIND.get(k, k)),
            title=gettext("Alerts sent per week"),
        ),
        "open": horizontal_bars(
            [
                (_bucket_label(gettext, low, high), count)
                for (low, high), count in stats.open_by_days_left(session, today=today)
            ],
            title=gettext("Open for comment, by days left"),
        ),
        "week": horizontal_bars(
            [
                (format_date(day, "MM-dd EEE", locale=language), count)
                for day, count in stats.deadlines_by_day(session, today=today)
            ],
            title=gettext("Comment deadlines in the next 7 days"),
        ),
    }
    closing = search_notices(
        session, QueueFilter(deadline="7", sort="deadline"), per_page=15, today=today
    )
    context = {
        "charts": charts,
        "overview": stats.overview(session, today=today),
        "closing": closing,
    }
    return render(request, "dashboard.html", context)


@router.get("/sources")
def sources(
    request: Request, session: SessionDep, settings: SettingsDep, user: StaffUser
) -> Response:
    """Each source's health, the scheduled jobs, the outbox and timeliness (the same report
    as `tbtwatch status` and /status), and the latest job runs."""
    report = full_status(session, settings)
    runs = stats.recent_runs(session, limit=40)
    language = page_language(request)

    def figures(values: dict[str, object] | None) -> str:
        return worded_figures(values, language)

    return render(request, "sources.html", {"report": report, "runs": runs, "figures": figures})
