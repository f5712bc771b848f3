"""ePing's Excel exports (`Notification_EN.xlsx`, "Export to Excel") read row by row.

Headers differ between export versions (sources.md §1.3: the 2019 export, the later
`Notifications.xlsx`, the Spanish export); each known header is mapped to one name, unknown
headers are kept under their own text so the spider reports them. Dates arrive as Excel serial
numbers or as dates; links and objectives as new-line separated lists in one cell.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crawlers.items import notice_item
from crawlers.spiders.eping_fields import doc_type_of, links_of
from crawlers.strict import Record, RecordSkipped

HEADERS: dict[str, tuple[str, ...]] = {
    "symbol": ("Symbol", "Document symbol", "Signatura"),
    "member": ("Notifying Member(s)", "Notifying Member", "Miembro que notifica"),
    "title": ("Title", "Título"),
    "description": ("Description of content", "Description", "Descripción del contenido"),
    "distribution_date": ("Distribution date", "Fecha de distribución"),
    "products": ("Products (free text)", "Productos (texto libre)"),
    "codes": ("Products (HS/ICS code)",),
    "hs": ("Productos (códigos del SA)",),
    "ics": ("Productos (códigos de la ICS)",),
    "objectives": ("Objectives", "Objetivo de la medida"),
    "keywords": ("Keywords(SPS Only)", "Keywords"),
    "regions": ("Regions or countries affected(SPS Only)",),
    "comment_deadline": ("Final date for comments",),
    "type": ("Notification type", "Tipo"),
    "link_en": ("Link to notification (EN)", "Enlace (EN)"),
    "link_es": ("Link to notification (ES)", "Enlace (ES)"),
    "link_fr": ("Link to notification (FR)", "Enlace (FR)"),
    "summary": ("Link to notification summary",),
    "documents": ("Link(s) to full text", "Notified document"),
}
_BY_HEADER = {" ".join(h.casefold().split()): name for name, hs in HEADERS.items() for h in hs}
_HS = re.compile(r"\bHS(?:\s+codes?)?\s*:\s*([0-9., ]+)", re.I)
_ICS = re.compile(r"\bICS(?:\s+codes?)?\s*:\s*([0-9., ]+)", re.I)
_LEADING_CODE = re.compile(r"^\s*([0-9][0-9.]*)", re.M)


class WorkbookError(ValueError):
    """A workbook we cannot read as an ePing export (not xlsx, no symbol column...)."""


def canonical(header: Any) -> str:
    text = " ".join(str(header or "").split())
    return _BY_HEADER.get(text.casefold(), text)


def read_rows(data: bytes | Path) -> Iterator[dict[str, Any]]:
    """Each data row as {canonical name or known column: value}; unknown columns when filled."""
    from openpyxl import load_workbook

    source = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException...
        raise WorkbookError(f"not an Excel workbook: {type(exc).__name__}: {exc}") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        names = [canonical(h) for h in header or ()]
        if "symbol" not in names:
            raise WorkbookError(
                f"no symbol column among the headers {[h for h in header or () if h]}"
            )
        known = set(HEADERS)
        for row in rows:
            # Known columns are always there (None when empty), so `take()` notes a column
            # that vanished, not an empty cell; unknown ones only when they hold something.
            values = {n: (None if v == "" else v) for n, v in zip(names, row, strict=False)
                      if n in known or (n and v not in (None, ""))}
            if any(v not in (None, "") for v in values.values()):
                yield values
    finally:
        book.close()


def _codes(pattern: re.Pattern[str], text: Any) -> list[str]:
    found = []
    for match in pattern.finditer(str(text or "")):
        found += [c.strip(" .") for c in match.group(1).split(",") if c.strip(" .")]
    return found


def _lines(value: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[\n;]", str(value or "")) if p.strip()]


def map_row(record: Record, source: str) -> dict[str, Any]:
    """One export row as a notice item (the same notice the JSON gives, by its symbol)."""
    symbol = str(record.require("symbol")).strip()
    title, description = record.take("title"), record.take("description")
    products = record.optional("products")  # not a column of every export version
    if not (title or description or products):
        raise RecordSkipped(f"{symbol}: no title, description or products text")
    codes = record.optional("codes")
    hs = _codes(_HS, codes) + _LEADING_CODE.findall(str(record.optional("hs") or ""))
    ics = _codes(_ICS, codes) + _LEADING_CODE.findall(str(record.optional("ics") or ""))
    links = links_of(record.optional("documents"))
    for name in ("link_en", "link_fr", "link_es"):
        links += links_of(record.optional(name))
    regions = record.optional("regions")
    return notice_item(
        source,
        symbol=symbol,
        member=record.take("member"),
        doc_type=doc_type_of(record.take("type")),
        title=title,
        description=description,
        products=products,
        hs_codes=hs,
        ics_codes=ics,
        objectives=_lines(record.take("objectives")),
        keywords=_lines(record.optional("keywords")),
        distribution_date=record.take("distribution_date"),
        comment_deadline=record.take("comment_deadline"),
        url=record.optional("summary"),
        links=links,
        language="en",
        extra={"regions_affected": regions} if regions else {},
    )
