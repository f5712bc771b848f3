"""Responders: what the replica answers on each real service's paths, one module per source.

A module here defines `routes(ctx: ReplicaContext) -> dict[str, Handler]`: exact paths (or
prefixes ending in `/`) mapped to functions of a `ReplicaRequest` returning a `Reply`. Every
module in this package is found at start-up; adding a source's replica needs no other change.
Data comes from `ctx.dataset(name)` (`<data dir>/<name>.json`, or an in-memory override given
to the server) and `ctx.file(name)`.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass
class ReplicaRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: Mapping[str, str]
    body: bytes = b""
    base_url: str = ""  # the replica's own http://host:port

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def args(self, name: str) -> list[str]:
        return list(self.query.get(name, []))

    def int_arg(self, name: str, default: int) -> int:
        value = self.arg(name)
        try:
            return int(value) if value is not None else default
        except ValueError:
            return default


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data: Any, status: int = 200) -> Reply:
        return cls(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain") -> Reply:
        return cls(status, text.encode("utf-8"), f"{content_type}; charset=utf-8")


Handler = Callable[[ReplicaRequest], Reply]


class ReplicaContext:
    """Where responders read their data: override folders first, then the packaged data."""

    def __init__(self, data_dirs: list[Path] | None = None,
                 datasets: dict[str, Any] | None = None, api_key: str | None = None):
        self.data_dirs = [*(data_dirs or []), DATA_DIR]
        self.datasets = dict(datasets or {})
        self.api_key = api_key
        self._cache: dict[str, Any] = {}

    def path(self, name: str) -> Path:
        for folder in self.data_dirs:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise FileNotFoundError(f"replica data {name!r} is in none of {self.data_dirs}")

    def dataset(self, name: str) -> Any:
        if name in self.datasets:
            return self.datasets[name]
        if name not in self._cache:
            self._cache[name] = json.loads(self.path(f"{name}.json").read_text(encoding="utf-8"))
        return self._cache[name]

    def file(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """A value built once per server (e.g. a generated spreadsheet)."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]


def all_routes(ctx: ReplicaContext) -> dict[str, Handler]:
    """Every responder module's routes; two modules claiming one path is an error."""
    routes: dict[str, Handler] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for path, handler in module.routes(ctx).items():
            if path in routes:
                raise ValueError(f"replica path {path} is claimed twice ({info.name})")
            routes[path] = handler
    return routes
