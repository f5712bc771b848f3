"""Jinja2 templates (autoescaped) and the context every page gets: user, language, CSRF token."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from warning.core.members import member_of
from warning.core.search import NoticeRow
from warning.core.store.queries import notice_reference
from warning.web import labels
from warning.web.fragments import FragmentCache
from warning.web.highlight import highlight
from warning.web.i18n import LANGUAGES, page_language, translations
from warning.web.rows import row_view
from warning.web.security import csrf_token

HTMX_VERSION = "2.0.11"
# What the filter form shows besides the language and the taxonomy: its rendering is kept per
# combination of these (warning/web/fragments.py).
FILTER_FORM_KEYS = ("flt", "base_path", "queue", "choices")
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def isodate(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # Stored times are UTC (SQLite gives them back naive); a job's next run comes in the
        # job's own time zone, so it is converted before it is labelled UTC.
        moment = value.astimezone(UTC) if value.tzinfo else value
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def http_url(value: str | None) -> str:
    """The URL if it is http(s), else "": a `javascript:` link from a source must not become a
    clickable link on our pages (escaping does not stop it)."""
    if not value:
        return ""
    text = value.strip()
    scheme = urlsplit(text).scheme.lower()
    return text if scheme in ("http", "https") else ""


def days_left(deadline: date | None, today: date | None = None) -> int | None:
    if deadline is None:
        return None
    return (deadline - (today or date.today())).days


def deadline_class(days: int | None) -> str:
    """A badge colour for the days left to comment."""
    if days is None:
        return "muted"
    if days < 0:
        return "closed"
    if days <= 7:
        return "urgent"
    if days <= 21:
        return "soon"
    return "open"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        # Templates change only with a new release: no stat of every template file per render.
        auto_reload=False,
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        isodate=isodate,
        highlight=highlight,
        deadline_class=deadline_class,
        http_url=http_url,
        ref=lambda notice: notice_reference(notice.symbol, notice.identity),
    )
    env.globals.update(
        days_left=days_left, HTMX_VERSION=HTMX_VERSION, LANGUAGES=LANGUAGES, labels=labels
    )
    return env


def make_templates() -> Jinja2Templates:
    return Jinja2Templates(env=make_environment())


def query_string(params: Mapping[str, Any], **changes: Any) -> str:
    """The query string of `params` with `changes` applied (None removes a key)."""
    merged = {**params, **changes}
    pairs = []
    for key, value in merged.items():
        if value is None or value == "" or value is False:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, str(v)) for v in values if v not in (None, ""))
    return urlencode(pairs)


def category_groups(taxonomy: Any) -> list[tuple[str, list[Any]]]:
    """(group label, categories) for high-tech, traditional and other, in taxonomy order;
    an id with an unknown prefix goes to "other"."""
    groups: dict[str, list[Any]] = {key: [] for key in labels.CATEGORY_GROUPS}
    for category in taxonomy.by_id.values():
        groups.get(category.id[:2], groups["OT"]).append(category)
    return [(labels.CATEGORY_GROUPS[key], cats) for key, cats in groups.items() if cats]


def page_context(request: Request, language: str, user: Any) -> dict[str, Any]:
    catalogue = translations(language)

    def member_label(code: str | None, fallback: str | None = None) -> str:
        found = member_of(code) if code else None
        return found.name(language) if found else (fallback or code or "")

    return {
        "request": request,
        "user": user,
        "lang": language,
        "_": catalogue.gettext,
        "ngettext": catalogue.ngettext,
        "csrf_token": csrf_token(request.session),
        "member_label": member_label,
        "query_string": query_string,
        "today": date.today(),
    }


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    language: str | None = None,
) -> Response:
    """Render a template with the page context (the signed-in user is taken from the request
    state, where the user dependency left it). `language` is the page's own language when it
    has one (a subscriber's pages); the language switch still wins."""
    user = getattr(request.state, "user", None)
    language = page_language(request, language)
    templates: Jinja2Templates = request.app.state.templates
    taxonomy = request.app.state.taxonomy()
    full = page_context(request, language, user)
    full["taxonomy"] = taxonomy
    full["category_name"] = lambda category_id: taxonomy.name(category_id, language)
    full["category_groups"] = lambda: category_groups(taxonomy)
    fragments: FragmentCache = request.app.state.fragments

    def table_rows(rows: list[NoticeRow], queue: bool) -> list[Markup]:
        """Each row's HTML, kept per content, language, day (the deadline reads "3 days") and
        taxonomy (its category names)."""
        template = templates.env.get_template("fragments/row.html")

        def html(row: NoticeRow) -> str:
            view = row_view(
                row,
                today=full["today"],
                language=language,
                gettext=full["_"],
                ngettext=full["ngettext"],
                category_name=full["category_name"],
            )
            return template.render(row=view, queue=queue)

        day = full["today"]
        return [
            fragments.get((row.content_key(), queue, language, day, taxonomy), partial(html, row))
            for row in rows
        ]

    def filters_form() -> Markup:
        key = ("filters", language, taxonomy, *(full[k] for k in FILTER_FORM_KEYS))
        form = templates.env.get_template("fragments/filters.html")
        return fragments.get(key, partial(form.render, full))

    full["table_rows"] = table_rows
    full["filters_form"] = filters_form
    full.update(context or {})
    return templates.TemplateResponse(
        request, name, full, status_code=status_code, headers=dict(headers or {})
    )
