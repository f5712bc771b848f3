"""The counts a crawl or a job run left (`Source.last_counts`, `JobRun.stats`), worded for the
sources page: each count by its label in the page's language, the duration with its unit. The
status report keeps the raw keys, since /status and `tbtwatch status` are read by machines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from warning.web.i18n import translations
from warning.web.labels import FIGURE, N_

SECONDS = N_("%(seconds)s s")
# How a list of figures is joined in each language.
SEPARATOR = {"zh": "，", "en": ", "}


def worded_figures(values: Mapping[str, Any] | None, language: str) -> str:
    """`new 9, changed 0, …, duration 1.9 s`; only the numbers (a run's stats also hold texts,
    dates, flags and nested counts, which the page does not show)."""
    gettext = translations(language).gettext
    parts = []
    for key, value in (values or {}).items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        label = gettext(FIGURE[key]) if key in FIGURE else key
        if key == "duration":
            parts.append(f"{label} {gettext(SECONDS) % {'seconds': f'{value:.1f}'}}")
        else:
            parts.append(f"{label} {value}")
    return SEPARATOR.get(language, ", ").join(parts)
