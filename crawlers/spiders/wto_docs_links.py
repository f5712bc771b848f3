"""Which WTO document links of an ePing notice to fetch: one per document, English preferred.

Links come in two families (sources.md §1.1, §2.1, §3): member attachments
`members.wto.org/crnattachments/<YYYY>/<TBT|SPS>/<MEM>/<YY>_<NNNNN>_<NN>_<l>.pdf` with `<l>` =
e/f/s (WTO languages) or x (another original language), and Documents Online
`docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename=<drive>:/<path>` where the drive letter is
the language (q English, r French, s Spanish). The same document in several languages is fetched
once, in the first language of `LANGUAGE_ORDER` that is linked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

WTO_HOSTS = ("members.wto.org", "docs.wto.org")
# English first; French and Spanish next because the form parser reads their labels; an
# attachment in another original language (x) last, fetched only when nothing else is linked.
LANGUAGE_ORDER = ("en", "fr", "es", "other")
_CRN = re.compile(r"^(?P<stem>/crnattachments/.+?)_(?P<lang>[efsx])\.(?P<ext>[a-z0-9]+)$", re.I)
_CRN_LANG = {"e": "en", "f": "fr", "s": "es", "x": "other"}
_DOL_DRIVE = {"q": "en", "r": "fr", "s": "es"}
_DOL_LANGUAGE = {"e": "en", "f": "fr", "s": "es"}


@dataclass(frozen=True, order=True)
class DocumentLink:
    """One linked document: `key` names the document whatever its language."""

    key: str
    language: str
    url: str


def is_wto_document(url: str) -> bool:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host == "members.wto.org":
        return parts.path.lower().startswith("/crnattachments/")
    if host == "docs.wto.org":
        return parts.path.lower().startswith("/dol2fe/")
    return False


def describe_link(url: str) -> DocumentLink | None:
    """The document and language a WTO link points to; None for any other link."""
    url = url.strip()
    if not is_wto_document(url):
        return None
    parts = urlsplit(url)
    crn = _CRN.match(parts.path)
    if crn:
        return DocumentLink(crn["stem"].lower(), _CRN_LANG[crn["lang"].lower()], url)
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items() if v}
    filename = query.get("filename", "")
    drive = re.match(r"^([a-z]):/(.+)$", filename, re.I)
    if drive:
        language = _DOL_DRIVE.get(drive[1].lower(), "other")
        return DocumentLink("dol:" + drive[2].lower(), language, url)
    if "catalogueidlist" in query:
        language = _DOL_LANGUAGE.get(query.get("language", "").lower()[:1], "other")
        return DocumentLink("dol-catalogue:" + query["catalogueidlist"], language, url)
    return DocumentLink(parts.path.lower() + "?" + parts.query.lower(), "other", url)


def _rank(link: DocumentLink) -> int:
    return LANGUAGE_ORDER.index(link.language)


def choose_documents(links: list[str]) -> list[str]:
    """One URL per linked WTO document, in the preferred language, in first-linked order."""
    chosen: dict[str, DocumentLink] = {}
    for url in links:
        link = describe_link(url)
        if link is None:
            continue
        best = chosen.get(link.key)
        if best is None or _rank(link) < _rank(best):
            chosen[link.key] = link
    return [link.url for link in chosen.values()]


def split_links(value: str | list[str] | None) -> list[str]:
    """Links as ePing writes them: a list, or one text with newlines, commas or spaces."""
    if not value:
        return []
    texts = value if isinstance(value, list) else [value]
    return [part for text in texts for part in re.split(r"[\s,;]+", text) if part]
