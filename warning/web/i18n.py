"""Chinese and English: Babel catalogues, compiled from the committed .po files on first use,
and the choice of language for a request (the switch, the user's setting, Accept-Language).
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.requests import Request

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> Translations:
    """The catalogue for `language`, compiled in memory from its .po file.

    Compiling at first use (instead of committing .mo files or adding a build step) keeps the
    .po file the only source, and a fresh checkout or an editable install works as it is."""
    po = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def normal_language(value: str | None) -> str | None:
    if not value:
        return None
    short = value.strip().lower().replace("_", "-").split("-")[0]
    return short if short in LANGUAGES else None


def accepted_language(header: str | None) -> str | None:
    """The first of our languages in an Accept-Language header, by its q weight."""
    if not header:
        return None
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = normal_language(tag)
        if language and quality > 0:
            weighted.append((-quality, position, language))
    return min(weighted)[2] if weighted else None


def request_language(request: Request, user_language: str | None = None) -> str:
    """The switch (kept in the session) wins, then the staff user's setting, then the browser."""
    session = request.scope.get("session") or {}
    return (
        normal_language(session.get("lang"))
        or normal_language(user_language)
        or accepted_language(request.headers.get("accept-language"))
        or DEFAULT_LANGUAGE
    )


def page_language(request: Request, own: str | None = None) -> str:
    """The language of a page (`templating.render` uses it): the switch wins, then the page's `own`
    language (a subscriber's pages), then the staff user's setting and the browser. Messages
    made outside the templates are translated into it, so that they match the page."""
    chosen = normal_language((request.scope.get("session") or {}).get("lang"))
    if own and not chosen:
        return own
    user = getattr(request.state, "user", None)
    return request_language(request, user.language if user else None)
