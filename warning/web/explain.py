"""Messages made outside the templates (the core's refusals, refused form and query values), put
into the page's language with its catalogue. The API keeps their English (`str(error)`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from starlette.requests import Request

from warning.core.refusals import Refusal
from warning.web import labels
from warning.web.i18n import page_language, translations
from warning.web.labels import N_

Gettext = Callable[[str], str]
# Values that name a workflow state or a role are shown by the label the review panel uses.
VALUE_LABELS: dict[str, Mapping[str, str]] = {
    "status": labels.STATUS,
    "current": labels.STATUS,
    "target": labels.STATUS,
    "role": labels.ROLE,
    "action": labels.PERMISSION,
}
SHOWN_VALUE = 60  # characters of a refused value worth repeating on the page
# FastAPI's validation errors by type; anything else gets the last, general one.
VALIDATION = {
    "missing": N_("%(field)s: required"),
    "string_too_long": N_("%(field)s: at most %(max_length)s characters"),
    "greater_than_equal": N_("%(field)s: at least %(ge)s, not '%(value)s'"),
    "less_than_equal": N_("%(field)s: at most %(le)s, not '%(value)s'"),
    "int_parsing": N_("%(field)s: '%(value)s' is not a whole number"),
    "*": N_("%(field)s: '%(value)s' is not a valid value"),
}


def gettext_for(request: Request, own: str | None = None) -> Gettext:
    """The catalogue's gettext for the language the page will be shown in."""
    return translations(page_language(request, own)).gettext


def shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= SHOWN_VALUE else text[: SHOWN_VALUE - 1] + "…"


def explain(refusal: Refusal, gettext: Gettext) -> str:
    """The refusal in the catalogue's language, with its values (workflow values by label)."""
    values = {name: _value(name, value, gettext) for name, value in refusal.params.items()}
    text = gettext(refusal.message)
    return text % values if values else text


def _value(name: str, value: object, gettext: Gettext) -> object:
    label = VALUE_LABELS.get(name, {}).get(value) if isinstance(value, str) else None
    return gettext(label) if label else shown(value) if isinstance(value, str) else value


def said(error: Exception, gettext: Gettext) -> str:
    """Any error's text for a page: a refusal explained, any other text through the catalogue
    (English when the catalogue does not hold it)."""
    return explain(error, gettext) if isinstance(error, Refusal) else gettext(str(error))


def explain_validation(errors: Sequence[Mapping[str, Any]], gettext: Gettext) -> str:
    """FastAPI's validation errors, each with the field it is about (by the name the page gives
    it, where it has one) and the value it refused."""
    return "; ".join(_validation(error, gettext) for error in errors)


def _validation(error: Mapping[str, Any], gettext: Gettext) -> str:
    location = [str(part) for part in error.get("loc", ())]
    name = ".".join(location[1:]) or ".".join(location)
    label = labels.PARAMETER.get(name)
    values: dict[str, object] = {
        "field": gettext(label) if label else name,
        "value": shown(error.get("input", "")),
        **(error.get("ctx") or {}),
    }
    message = VALIDATION.get(str(error.get("type")), VALIDATION["*"])
    return gettext(message) % values
