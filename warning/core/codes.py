"""HS and ICS code extraction for crawlers, which may import the core but not `models`."""

from models.codes import (
    CodeExtraction,
    Resolved,
    expand_hs_range,
    extract_hs,
    extract_ics,
    hs_from_field,
    ics_from_field,
    normalise_hs,
    normalise_ics,
    parse_hs,
    parse_hs_field,
    parse_ics,
    parse_ics_field,
    resolve_hs,
    resolve_ics,
)

__all__ = [
    "CodeExtraction",
    "Resolved",
    "expand_hs_range",
    "extract_hs",
    "extract_ics",
    "hs_from_field",
    "ics_from_field",
    "normalise_hs",
    "normalise_ics",
    "parse_hs",
    "parse_hs_field",
    "parse_ics",
    "parse_ics_field",
    "resolve_hs",
    "resolve_ics",
]
