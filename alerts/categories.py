"""Category ids and their Chinese and English names, read from the taxonomy file (settings).

The taxonomy file (`config/taxonomy.yml`, the classifier's) is the one source of the names; no
copy is kept here. Should it be missing or unreadable, alerts still work: any well-formed id
(`HT01`) is accepted and shown as itself, and a warning is logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

_WELL_FORMED = re.compile(r"^[A-Z]{2}\d{2}$")


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name_zh: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


class Taxonomy:
    """The known categories, in file order (none when the file is missing)."""

    def __init__(self, categories: list[Category], source: str) -> None:
        self.by_id = {c.id: c for c in categories}
        self.source = source

    def __contains__(self, category_id: object) -> bool:
        if not self.by_id:
            return isinstance(category_id, str) and bool(_WELL_FORMED.match(category_id))
        return category_id in self.by_id

    @property
    def ids(self) -> list[str]:
        return list(self.by_id)

    def name(self, category_id: str, language: str) -> str:
        found = self.by_id.get(category_id)
        return found.name(language) if found else category_id


def _names(entry: dict[str, Any]) -> tuple[str | None, str | None]:
    names = entry.get("names") or entry.get("name") or {}
    if isinstance(names, dict):
        zh, en = names.get("zh"), names.get("en")
    else:
        zh, en = None, str(names)
    zh = entry.get("name_zh") or entry.get("zh") or zh
    en = entry.get("name_en") or entry.get("en") or en
    return (str(zh) if zh else None), (str(en) if en else None)


def _entries(data: Any) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(data, dict) and "categories" in data:
        data = data["categories"]
    if isinstance(data, dict):
        return [(str(k), v if isinstance(v, dict) else {}) for k, v in data.items()]
    if isinstance(data, list):
        return [(str(e.get("id", "")), e) for e in data if isinstance(e, dict)]
    return []


def parse_taxonomy(data: Any, source: str) -> Taxonomy:
    """Accepts `categories:` as a list of `{id, name_zh|names.zh, name_en|names.en}` or a
    mapping keyed by id; raises ValueError when no category can be read."""
    categories = []
    for category_id, entry in _entries(data):
        zh, en = _names(entry)
        if category_id:
            categories.append(Category(category_id, zh or en or category_id, en or category_id))
    if not categories:
        raise ValueError(f"{source}: no categories found (expected a `categories:` list)")
    return Taxonomy(categories, source)


@lru_cache(maxsize=4)
def _load(path: Path, _mtime: int) -> Taxonomy:
    return parse_taxonomy(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def load_taxonomy(path: Path | None) -> Taxonomy:
    """The taxonomy from `path`; an empty one (ids shown as themselves) if it cannot be read."""
    if path is None or not path.is_file():
        log.warning("no taxonomy file at %s: category names are shown as their ids", path)
        return Taxonomy([], "missing")
    try:
        return _load(path, path.stat().st_mtime_ns)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        log.warning("taxonomy file unusable, category names are shown as their ids: %s", exc)
        return Taxonomy([], "unreadable")
