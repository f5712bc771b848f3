"""Labelled notices in the JSON-lines format of the evaluation data, read into Documents."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.document import Document
from models.reference import DATA_DIR

SHIPPED = DATA_DIR / "labelled.jsonl"


class RecordFormatError(ValueError):
    """A line of a labelled file is not a record; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class LabelledDocument:
    id: str
    document: Document
    labels: tuple[str, ...]
    source: str = "labelled"  # "labelled" (shipped) or "reviewer"

    @property
    def fingerprint(self) -> str:
        """The same notice under another id is still the same notice."""
        return fingerprint(self.document)


def fingerprint(document: Document) -> str:
    text = "\x1f".join([document.title, document.description, document.products]).casefold()
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value if v)
    return str(value)


def _codes(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def document_from_record(record: Mapping[str, Any]) -> Document:
    """A Document from a record of the evaluation format (`title`, `products`, `hs_codes`…)."""
    return Document(
        title=_text(record.get("title")),
        description=_text(record.get("description")),
        products=_text(record.get("products")),
        objectives=_text(record.get("objective") or record.get("objectives")),
        hs_codes=_codes(record.get("hs_codes")),
        ics_codes=_codes(record.get("ics_codes")),
        language=record.get("language") or None,
        domain=record.get("domain") or None,
        keywords=_codes(record.get("keywords")),
    )


def parse_record(record: Mapping[str, Any], where: str, *,
                 require_labels: bool = True) -> LabelledDocument:
    if not isinstance(record, Mapping):
        raise RecordFormatError(f"{where}: expected a JSON object")
    rid = record.get("id")
    if rid in (None, ""):
        raise RecordFormatError(f"{where}: missing id")
    labels = record.get("labels")
    if labels is None and not require_labels:
        labels = []
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise RecordFormatError(f"{where}: labels must be a list of category ids")
    if require_labels and not labels:
        raise RecordFormatError(f"{where}: labels is empty (use OT99 for 'other')")
    return LabelledDocument(str(rid), document_from_record(record), tuple(labels))


def read_jsonl(path: Path | str, *, require_labels: bool = True) -> list[LabelledDocument]:
    """Every record of a JSON-lines file; a bad line raises with its number."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RecordFormatError(f"{path}: cannot read: {exc.strerror}") from None
    out: list[LabelledDocument] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordFormatError(f"{where}: not JSON ({exc.msg})") from None
        item = parse_record(record, where, require_labels=require_labels)
        if item.id in seen:
            raise RecordFormatError(f"{where}: id {item.id} repeated")
        seen.add(item.id)
        out.append(item)
    return out


def check_labels(items: Iterable[LabelledDocument], known: Iterable[str]) -> None:
    """Refuse labels that are not category ids of the taxonomy."""
    allowed = set(known)
    for item in items:
        unknown = [label for label in item.labels if label not in allowed]
        if unknown:
            raise RecordFormatError(f"record {item.id}: unknown categories {unknown}")


def shipped_records() -> list[LabelledDocument]:
    """The labelled notices shipped with the package, used to train the embedded model."""
    return read_jsonl(SHIPPED)
