"""Clean: trim strings, drop empty values and control characters, de-duplicate list entries."""

from __future__ import annotations

import re
from typing import Any

from scrapy.crawler import Crawler

from crawlers import stats as keys

# C0 controls other than tab and newline: PostgreSQL refuses NUL, and none of them is text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CleanPipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        cleaned: dict[str, Any] = {}
        for key, value in item.items():
            if key in ("raw", "extra"):
                cleaned[key] = value
                continue
            value = self._value(value)
            if value in (None, "", []):
                self.stats.inc_value(f"{keys.CLEAN}/empty_dropped")
                continue
            cleaned[key] = value
        return cleaned

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, list | tuple):
            out: list[Any] = []
            for entry in value:
                entry = self._text(entry) if isinstance(entry, str) else entry
                if entry in (None, ""):
                    continue
                if entry in out:
                    self.stats.inc_value(f"{keys.CLEAN}/list_duplicates")
                    continue
                out.append(entry)
            return out
        return value

    def _text(self, value: str) -> str:
        text, count = _CONTROL.subn("", value)
        if count:
            self.stats.inc_value(f"{keys.CLEAN}/control_chars", count)
        stripped = text.strip()
        if stripped != text:
            self.stats.inc_value(f"{keys.CLEAN}/trimmed")
        return stripped
