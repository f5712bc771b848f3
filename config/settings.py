"""The one settings object, read once at start-up from the environment and an optional TOML file.

Every name is prefixed `TBTWATCH_`. A secret may also be given as `TBTWATCH_<NAME>_FILE`, the path
of a file that holds it (Docker and Kubernetes secrets). A bad value raises `SettingsError`, whose
message names the variable and says what it accepts.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

ENV_PREFIX = "TBTWATCH_"
DEFAULT_SECRET = "insecure-development-secret-change-me"
SECRET_FIELDS = ("secret_key", "smtp_password", "eping_api_key", "database_url")
CONFIG_DIR = Path(__file__).resolve().parent


class SettingsError(ValueError):
    """A setting has a value tbtwatch cannot use; the message names the variable."""


class Settings(BaseSettings):
    """tbtwatch's settings. Field `x` is read from `TBTWATCH_X` (or the TOML key `x`)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    environment: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    outbox_dir: Path | None = None
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    timezone: str = "Asia/Shanghai"
    base_url: str = "http://127.0.0.1:8000"
    sources_dir: Path = CONFIG_DIR / "sources"
    taxonomy_file: Path = CONFIG_DIR / "taxonomy.yml"
    schedule_file: Path = CONFIG_DIR / "schedule.yml"
    flagging_file: Path = CONFIG_DIR / "flagging.yml"
    alerts_file: Path = CONFIG_DIR / "alerts.yml"
    model_dir: Path | None = None

    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_timeout: float = Field(default=30.0, gt=0)
    smtp_from: str = "tbtwatch <alerts@localhost>"

    eping_api_key: SecretStr | None = None
    user_agent_contact: str = "https://github.com/tbtwatch/tbtwatch"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = os.environ.get(f"{ENV_PREFIX}CONFIG")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_path:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(toml_path)))
        return tuple(sources)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("an IANA time zone name such as Asia/Shanghai or UTC") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if value and not value.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ValueError("a sqlite:/// or postgresql+psycopg:// URL")
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @model_validator(mode="after")
    def _derived_defaults(self) -> Settings:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.data_dir / 'tbtwatch.db'}")
        if self.outbox_dir is None:
            object.__setattr__(self, "outbox_dir", self.data_dir / "outbox")
        if self.smtp_tls and self.smtp_starttls:
            raise ValueError("TBTWATCH_SMTP_TLS and TBTWATCH_SMTP_STARTTLS exclude each other")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def outbox(self) -> Path:
        assert self.outbox_dir is not None
        return self.outbox_dir

    @property
    def uses_default_secret(self) -> bool:
        return self.secret_key.get_secret_value() == DEFAULT_SECRET

    def require_production_secret(self) -> None:
        """Refuse to serve in production with the secret shipped in the source code."""
        if self.environment == "production" and self.uses_default_secret:
            raise SettingsError(
                f"{ENV_PREFIX}SECRET_KEY is the built-in development secret; set it (or "
                f"{ENV_PREFIX}SECRET_KEY_FILE) to a long random value before running in production"
            )


def _secrets_from_files(environ: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in SECRET_FIELDS:
        name = f"{ENV_PREFIX}{field.upper()}_FILE"
        path = environ.get(name)
        if not path:
            continue
        try:
            values[field] = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingsError(f"{name}: cannot read {path}: {exc.strerror}") from exc
    return values


def _describe(error: Any) -> str:
    field = str(error["loc"][0]) if error.get("loc") else "?"
    variable = f"{ENV_PREFIX}{field.upper()}"
    accepted = error.get("msg", "").removeprefix("Value error, ")
    given = error.get("input")
    shown = "" if field in SECRET_FIELDS or isinstance(given, dict) else f" (got {given!r})"
    return f"{variable}: expected {accepted}{shown}"


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment (and TBTWATCH_CONFIG's TOML file), failing clearly."""
    toml_path = os.environ.get(f"{ENV_PREFIX}CONFIG")
    if toml_path and not Path(toml_path).is_file():
        raise SettingsError(f"{ENV_PREFIX}CONFIG: no such file {toml_path}")
    values = {**_secrets_from_files(dict(os.environ)), **overrides}
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise SettingsError("; ".join(_describe(e) for e in exc.errors())) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{ENV_PREFIX}CONFIG: {toml_path} is not valid TOML: {exc}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read on first use."""
    return load_settings()
