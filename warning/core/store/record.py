"""`NoticeInput`: the one shape in which crawlers and importers hand a notice to the store."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from warning.core.dates import parse_date
from warning.core.members import member_of
from warning.core.symbols import Symbol, find_symbols, split_symbols
from warning.core.text import clean_list, clean_text, shorten

DOMAINS = ("TBT", "SPS", "regulation", "alert")
DOC_TYPES = ("regular", "addendum", "corrigendum", "revision", "emergency", "regulation", "alert")
# A notice without a title (addenda often have none) takes its description's first line, cut.
FALLBACK_TITLE_CHARS = 200
# Reasons an addendum gives, as slugs shared by the document parser and the change detector.
ADDENDUM_REASONS = (
    "comment_period_changed",
    "adopted",
    "published",
    "entered_into_force",
    "final_text_available",
    "withdrawn",
    "scope_changed",
    "interpretive_guidance",
    "dates_changed",
    "other",
)


class RecordError(ValueError):
    """A record that cannot become a notice; the message says which field and why."""


def _dated(value: Any) -> tuple[date | None, str | None]:
    if value is None or value == "":
        return None, None
    parsed = parse_date(value)
    text = None if isinstance(value, date) else clean_text(value)
    return parsed, text


class NoticeInput(BaseModel):
    """A notice as one source saw it. Dates may be dates or the source's text."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    source: str = Field(min_length=1, max_length=64)
    symbol: str | None = None  # may list several (joint notification)
    external_id: str | None = None
    domain: str | None = None
    doc_type: str | None = None
    member: str | None = None
    agency: str | None = None
    title: str | None = None
    description: str | None = None
    products: str | None = None
    hs_codes: list[str] = Field(default_factory=list)
    ics_codes: list[str] = Field(default_factory=list)
    objectives: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    language: str | list[str] | None = None
    distribution_date: Any = None
    comment_deadline: Any = None
    adoption_date: Any = None
    entry_into_force_date: Any = None
    url: str | None = None
    links: list[str] = Field(default_factory=list)
    addendum_reasons: list[str] = Field(default_factory=list)
    cited_symbols: list[str] = Field(default_factory=list)
    withdrawn: bool = False
    attention: list[str] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)
    raw: Any = None

    @field_validator("hs_codes", "ics_codes", "objectives", "keywords", "links", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            return [part for part in value.replace("\n", ",").split(",") if part.strip()]
        return value

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        if value is None:
            return None
        for known in DOMAINS:
            if value.casefold() == known.casefold():
                return known
        raise ValueError(f"domain must be one of {', '.join(DOMAINS)}")

    @field_validator("doc_type")
    @classmethod
    def _doc_type(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.casefold() not in DOC_TYPES:
            raise ValueError(f"doc_type must be one of {', '.join(DOC_TYPES)}")
        return value.casefold()

    @field_validator("addendum_reasons")
    @classmethod
    def _reasons(cls, values: list[str]) -> list[str]:
        unknown = [v for v in values if v not in ADDENDUM_REASONS]
        if unknown:
            raise ValueError(f"unknown addendum reasons {unknown}; known: {ADDENDUM_REASONS}")
        return values

    @model_validator(mode="after")
    def _has_identity(self) -> NoticeInput:
        if not self.parsed_symbols() and not self.external_id:
            raise ValueError("a notice needs a WTO symbol or an external_id")
        return self

    def parsed_symbols(self) -> list[Symbol]:
        domain = self.domain if self.domain in ("TBT", "SPS") else None
        return split_symbols(self.symbol, default_domain=domain)

    def identity(self) -> str:
        symbols = self.parsed_symbols()
        if symbols:
            return str(symbols[0])
        return f"{self.source}:{self.external_id}"

    def cited(self) -> list[Symbol]:
        found: list[Symbol] = []
        for text in [*self.cited_symbols, self.description or ""]:
            for symbol in find_symbols(text):
                if symbol not in found:
                    found.append(symbol)
        own = set(self.parsed_symbols())
        return [s for s in found if s not in own]

    def to_fields(self) -> dict[str, Any]:
        """The notice's columns, cleaned: HTML stripped, dates parsed, member resolved."""
        symbols = self.parsed_symbols()
        first = symbols[0] if symbols else None
        domain = self.domain or (first.domain if first else None)
        if domain is None:
            raise RecordError("domain: missing and not implied by a WTO symbol")
        doc_type = self.doc_type or (first.doc_type if first else None)
        if doc_type is None:
            doc_type = "regulation" if domain == "regulation" else "alert"
        member = member_of(self.member) or member_of(first.member if first else None)
        title = clean_text(self.title)
        description = clean_text(self.description)
        products = clean_text(self.products)
        if not title:
            fallback = description or products
            if not fallback:
                raise RecordError("title: missing, and there is no description or products text")
            title = shorten(fallback.split("\n", 1)[0], FALLBACK_TITLE_CHARS)
        deadline, deadline_text = _dated(self.comment_deadline)
        adoption, adoption_text = _dated(self.adoption_date)
        force, force_text = _dated(self.entry_into_force_date)
        languages = [self.language] if isinstance(self.language, str) else list(self.language or [])
        return {
            "symbol": str(first) if first else None,
            "external_id": self.external_id,
            "domain": domain,
            "doc_type": doc_type,
            "member_code": member.code if member else (clean_text(self.member) or None),
            "member_name": member.name_en if member else clean_text(self.member),
            "agency": clean_text(self.agency),
            "title": title,
            "description": description,
            "products": products,
            "hs_codes": clean_list(self.hs_codes),
            "ics_codes": clean_list(self.ics_codes),
            "objectives": clean_list(self.objectives),
            "keywords": clean_list(self.keywords),
            "languages": [lang.lower() for lang in languages if lang],
            "addendum_reasons": list(dict.fromkeys(self.addendum_reasons)),
            "cited_symbols": [str(s) for s in self.cited()],
            "distribution_date": parse_date(self.distribution_date),
            "comment_deadline": deadline,
            "comment_deadline_text": deadline_text,
            "adoption_date": adoption,
            "adoption_text": adoption_text,
            "entry_into_force_date": force,
            "entry_into_force_text": force_text,
            "withdrawn": self.withdrawn or "withdrawn" in self.addendum_reasons,
            "url": (self.url or "").strip() or None,
            "links": list(dict.fromkeys(link.strip() for link in self.links if link.strip())),
            "attention": clean_list(self.attention),
            "extra": self.extra,
        }


def parse_record(data: dict[str, Any]) -> NoticeInput:
    """Validate a plain dict into a NoticeInput, raising RecordError with readable messages."""
    try:
        return NoticeInput.model_validate(data)
    except ValidationError as exc:
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"]) or "record"
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown key"
            parts.append(f"{where}: {message}")
        raise RecordError("; ".join(parts)) from None


def content_hash(snapshot: dict[str, Any]) -> str:
    """A stable hash of a notice's compared content (see changes.snapshot)."""
    blob = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
