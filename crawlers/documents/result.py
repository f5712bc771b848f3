"""`ParsedDocument`: what the parser read from one notification document, and how it becomes the
store's `NoticeInput` (source "wto-docs")."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from warning.core.dates import parse_date
from warning.core.store import NoticeInput
from warning.core.symbols import normalise_symbol

SOURCE = "wto-docs"
# Keys kept in the compact form of the other records of a list (monthly lists, export tables).
_RECORD_KEYS = (
    "symbols",
    "doc_type",
    "member",
    "title",
    "description",
    "products",
    "hs_codes",
    "ics_codes",
    "objectives",
    "regions",
    "distribution_date",
    "comment_deadline",
    "comment_deadline_text",
    "links",
)


@dataclass
class ParsedDocument:
    layout: str | None = None  # which kind of text was recognised (see docs/document-parser.md)
    symbols: list[str] = field(default_factory=list)
    domain: str | None = None  # TBT or SPS
    doc_type: str | None = None  # regular, addendum, corrigendum, revision, emergency
    member: str | None = None  # member code: USA, EU, TPKM
    member_name: str | None = None  # as written in the document
    agency: str | None = None
    title: str | None = None
    description: str | None = None
    products: str | None = None
    hs_codes: list[str] = field(default_factory=list)
    ics_codes: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    distribution_date: date | None = None
    comment_deadline: date | None = None
    comment_deadline_text: str | None = None
    adoption_date: date | None = None
    adoption_text: str | None = None
    entry_into_force_date: date | None = None
    entry_into_force_text: str | None = None
    addendum_reasons: list[str] = field(default_factory=list)
    language: str | None = None  # of the text parsed: en, fr, es, zh
    original_language: str | None = None  # "Original: Spanish" of the WTO document
    notified_under: list[str] = field(default_factory=list)  # TBT articles ticked
    regions: str | None = None  # SPS: regions or countries likely to be affected
    cited_symbols: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    other_records: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values: dates as ISO strings, absent values as null."""
        return _jsonable(asdict(self))

    def compact(self) -> dict[str, Any]:
        """The fields of a list's secondary record that carry a value."""
        data = self.to_dict()
        return {key: data[key] for key in _RECORD_KEYS if data[key] not in (None, [], "")}

    def has_content(self) -> bool:
        return bool(self.symbols or self.title or self.description or self.products)

    def to_notice_input(
        self,
        *,
        url: str | None = None,
        symbol: str | None = None,
        external_id: str | None = None,
    ) -> NoticeInput:
        """The notice for the store. `symbol` (the ePing record that linked the document) is used
        when the document shows none, and put first when it is one of a joint notification's, so
        the notice keeps the identity it has in the store; without either, `external_id` or `url`
        names it."""
        ordered = sorted(self.symbols, key=lambda s: s != normalise_symbol(symbol))
        symbols = ", ".join(ordered) or symbol
        if not symbols and not (external_id or url):
            raise ValueError("the document shows no WTO symbol: pass symbol, external_id or url")
        return NoticeInput(
            source=SOURCE,
            symbol=symbols,
            external_id=None if symbols else (external_id or url),
            domain=self.domain,
            doc_type=self.doc_type,
            member=self.member or self.member_name,
            agency=self.agency,
            title=self.title,
            description=self.description,
            products=self.products,
            hs_codes=self.hs_codes,
            ics_codes=self.ics_codes,
            objectives=self.objectives,
            keywords=self.keywords,
            language=self.language,
            distribution_date=self.distribution_date,
            comment_deadline=_dated(self.comment_deadline, self.comment_deadline_text),
            adoption_date=_dated(self.adoption_date, self.adoption_text),
            entry_into_force_date=_dated(self.entry_into_force_date, self.entry_into_force_text),
            url=url,
            links=self.links,
            addendum_reasons=self.addendum_reasons,
            cited_symbols=self.cited_symbols,
            withdrawn="withdrawn" in self.addendum_reasons,
            extra={"layout": self.layout, "parser_warnings": self.warnings, **self.extra},
        )


def _dated(value: date | None, text: str | None) -> date | str | None:
    """The original text where the store reads the same date from it, else the date itself."""
    if text and parse_date(text) == value:
        return text
    return value if value is not None else text


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
