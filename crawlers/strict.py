"""Strict reading of one source record: pop each field as it is mapped, report what is left.

A spider wraps each record in `Record`, takes the fields it understands, and calls `leftover()`
at the end; the base spider counts and logs every leftover field by name, so a source that adds
or renames fields is noticed instead of silently absorbed. `require()` raises `RecordSkipped`,
which the base spider counts as a skipped record and an error; it never becomes an empty notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class RecordSkipped(ValueError):
    """A record we cannot understand; the message says which field and why."""


class Record:
    """A source record being mapped. `missing` lists expected fields that were absent."""

    def __init__(self, data: Mapping[str, Any], *, prefix: str = "") -> None:
        if not isinstance(data, Mapping):
            raise RecordSkipped(f"{prefix or 'record'}: expected an object, got "
                                f"{type(data).__name__}")
        self._data = dict(data)
        self.prefix = prefix
        self.missing: list[str] = []
        self.unknown: list[str] = []

    def peek(self, name: str, default: Any = None) -> Any:
        """The field's value without taking it (to name the record in a message)."""
        value = self._data.get(name)
        return default if value is None else value

    def take(self, name: str, default: Any = None) -> Any:
        """The field's value (None stays None); an absent field is noted as missing."""
        if name not in self._data:
            self.missing.append(self.prefix + name)
            return default
        value = self._data.pop(name)
        return default if value is None else value

    def optional(self, name: str, default: Any = None) -> Any:
        """A field that sources leave out routinely: absence is not noted."""
        value = self._data.pop(name, None)
        return default if value is None else value

    def require(self, name: str) -> Any:
        """A field without which the record means nothing."""
        value = self.take(name)
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            raise RecordSkipped(f"{self.prefix}{name}: missing or empty")
        return value

    def ignore(self, names: Iterable[str]) -> None:
        """Fields we know and deliberately do not map (so they are not reported as unknown)."""
        for name in names:
            self._data.pop(name, None)

    def leftover(self) -> list[str]:
        """Names of the fields nobody took, with this record's prefix; also kept in `unknown`."""
        self.unknown.extend(self.prefix + name for name in sorted(self._data))
        self._data.clear()
        return self.unknown

    def child(self, data: Any, name: str) -> Record:
        """A nested object (e.g. one `hsCodes` entry); its findings merge into this record's."""
        return Record(data, prefix=f"{self.prefix}{name}.")

    def absorb(self, child: Record) -> None:
        self.missing.extend(m for m in child.missing if m not in self.missing)
        for name in child.leftover():
            if name not in self.unknown:
                self.unknown.append(name)
