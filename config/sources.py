"""Source definitions: one YAML file per source in `config/sources/`, read and checked here.

A source file names its spider, base URL, whether it is enabled, the environment variables that
hold its credentials, how many items one run is expected to bring (a run outside that range fails
loudly: a layout change must not look like a quiet day), its schedule, politeness (concurrency,
delay, timeout) and whether robots.txt is obeyed (not obeying needs a written reason).

Every URL of a source can be pointed elsewhere (a local replica, a mirror) with
`TBTWATCH_SOURCE_<ID>_URL` (ID upper-cased, `-` as `_`): it replaces the scheme and host of the
base URL and of every extra URL; the paths below stay those of the real service.
`TBTWATCH_SOURCE_<ID>_<NAME>_URL` replaces one extra URL alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
_ID = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_CRON_FIELDS = 5


class SourceConfigError(ValueError):
    """A source file that cannot be used; the message names the file and the field."""


class Robots(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    obey: bool = True
    reason: str | None = None

    @model_validator(mode="after")
    def _reason_when_ignored(self) -> Robots:
        if not self.obey and not (self.reason or "").strip():
            raise ValueError("robots.obey: false needs a robots.reason saying why")
        return self


class Politeness(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    concurrency: int = Field(default=2, ge=1, le=32)
    delay: float = Field(default=1.0, ge=0, le=120)  # seconds between requests to one host
    timeout: float = Field(default=60.0, gt=0, le=600)
    retries: int = Field(default=3, ge=0, le=10)
    max_body_mb: float = Field(default=64.0, gt=0, le=2048)


class SourceConfig(BaseModel):
    """One source as configured. `url()` and `extra_url()` apply the environment overrides."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    spider: str
    base_url: str
    extra_urls: dict[str, str] = Field(default_factory=dict)
    enabled: bool = True
    credentials: dict[str, str] = Field(default_factory=dict)  # role -> environment variable
    min_items: int = Field(default=1, ge=0)
    max_items: int | None = Field(default=None, ge=1)
    schedule: str = "0 6 * * *"
    initial_days: int = Field(default=30, ge=1)  # first run: how far back
    overlap_days: int = Field(default=3, ge=0)  # later runs: re-read this much before the cursor
    robots: Robots = Field(default_factory=Robots)
    politeness: Politeness = Field(default_factory=Politeness)
    options: dict[str, Any] = Field(default_factory=dict)  # spider-specific settings
    notes: str | None = None
    path: Path | None = Field(default=None, exclude=True)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("lower-case letters, digits and '-', starting with a letter")
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url_shape(cls, value: str) -> str:
        return _checked_url(value)

    @field_validator("extra_urls")
    @classmethod
    def _extra_urls_shape(cls, value: dict[str, str]) -> dict[str, str]:
        for name, url in value.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"extra URL name {name!r}: lower-case letters, digits and '_'")
            _checked_url(url)
        return value

    @field_validator("credentials")
    @classmethod
    def _credential_names(cls, value: dict[str, str]) -> dict[str, str]:
        for role, variable in value.items():
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", variable):
                raise ValueError(f"credentials.{role}: {variable!r} is not an environment name")
        return value

    @field_validator("schedule")
    @classmethod
    def _cron_shape(cls, value: str) -> str:
        if len(value.split()) != _CRON_FIELDS:
            raise ValueError("a cron expression of five fields, e.g. '0 6 * * *'")
        return value

    @model_validator(mode="after")
    def _range(self) -> SourceConfig:
        if self.max_items is not None and self.max_items < self.min_items:
            raise ValueError(f"max_items {self.max_items} is below min_items {self.min_items}")
        return self

    @cached_property
    def env_prefix(self) -> str:
        return "TBTWATCH_SOURCE_" + self.id.upper().replace("-", "_")

    def url(self, environ: Mapping[str, str] | None = None) -> str:
        """The base URL, or the override's scheme and host with the real path kept."""
        return _override(self.base_url, (environ or os.environ).get(f"{self.env_prefix}_URL"))

    def extra_url(self, name: str, environ: Mapping[str, str] | None = None) -> str:
        env = environ or os.environ
        if name not in self.extra_urls:
            raise KeyError(f"source {self.id} has no extra URL {name!r}")
        own = env.get(f"{self.env_prefix}_{name.upper()}_URL")
        return _override(self.extra_urls[name], own or env.get(f"{self.env_prefix}_URL"))

    def rebase(self, url: str, environ: Mapping[str, str] | None = None) -> str:
        """Any URL of this source (a feed, a next-page link) moved to the overriding host."""
        return _override(url, (environ or os.environ).get(f"{self.env_prefix}_URL"))

    def credential(self, role: str, environ: Mapping[str, str] | None = None) -> str | None:
        variable = self.credentials.get(role)
        if variable is None:
            return None
        return ((environ or os.environ).get(variable) or "").strip() or None


def _checked_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value.rstrip("/")


def _override(url: str, replacement: str | None) -> str:
    if not replacement:
        return url
    new = urlsplit(_checked_url(replacement))
    old = urlsplit(url)
    path = new.path.rstrip("/") + old.path if new.path not in ("", "/") else old.path
    return urlunsplit((new.scheme, new.netloc, path, old.query, old.fragment))


def _describe(error: Mapping[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ())) or "file"
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if error.get("type") == "extra_forbidden":
        message = "unknown key"
    return f"{where}: {message}"


def load_source_file(path: Path) -> SourceConfig:
    """Read one source file; the file name (without .yml) must be the source's id."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceConfigError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise SourceConfigError(f"{path}: expected a mapping of keys to values")
    data.setdefault("id", path.stem)
    if data["id"] != path.stem:
        raise SourceConfigError(f"{path}: id {data['id']!r} differs from the file name")
    try:
        return SourceConfig(**data, path=path)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors())
        raise SourceConfigError(f"{path}: {problems}") from None


def load_sources(directory: Path | None = None) -> dict[str, SourceConfig]:
    """Every source in the folder, by id, in file-name order."""
    folder = directory or SOURCES_DIR
    if not folder.is_dir():
        raise SourceConfigError(f"{folder}: no such folder of source files")
    return {c.id: c for c in (load_source_file(p) for p in sorted(folder.glob("*.yml")))}


def select_sources(
    wanted: list[str] | tuple[str, ...], directory: Path | None = None
) -> list[SourceConfig]:
    """The named sources (all enabled ones when none is named); unknown names are an error."""
    known = load_sources(directory)
    if not wanted:
        return [config for config in known.values() if config.enabled]
    missing = [name for name in wanted if name not in known]
    if missing:
        raise SourceConfigError(
            f"unknown source(s) {', '.join(missing)}; configured: {', '.join(known) or 'none'}"
        )
    return [known[name] for name in dict.fromkeys(wanted)]
