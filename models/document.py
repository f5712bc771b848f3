"""What the classifier reads: a notice's text fields and codes, independent of the database."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    """A notice as the classifier sees it. Codes are as written; the classifier normalises them."""

    title: str = ""
    description: str = ""
    products: str = ""
    objectives: str = ""
    hs_codes: tuple[str, ...] = ()
    ics_codes: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1 when known ("en", "fr", "es", "zh", "vi")
    domain: str | None = None  # TBT, SPS, regulation, alert
    keywords: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        """The text a text model reads: products first, as they say most about the category."""
        parts = [self.products, self.title, self.description, " ".join(self.keywords)]
        return "\n".join(p for p in parts if p)
