"""Settings: defaults that need no setup, and bad values that stop start-up with a clear message."""

from pathlib import Path

import pytest

from config.settings import SettingsError, load_settings


def test_defaults_need_no_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TBTWATCH_DATA_DIR")
    monkeypatch.delenv("TBTWATCH_ENVIRONMENT")
    settings = load_settings()
    assert settings.database_url == "sqlite:///var/tbtwatch.db"
    assert settings.outbox == Path("var/outbox")
    assert settings.timezone == "Asia/Shanghai"
    assert settings.smtp_host is None


def test_the_data_dir_moves_the_database_and_outbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBTWATCH_DATA_DIR", "/srv/tbt")
    settings = load_settings()
    assert settings.database_url == "sqlite:////srv/tbt/tbtwatch.db"
    assert settings.outbox == Path("/srv/tbt/outbox")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TBTWATCH_SMTP_PORT", "abc", "TBTWATCH_SMTP_PORT: expected .*integer"),
        ("TBTWATCH_SMTP_PORT", "70000", "TBTWATCH_SMTP_PORT: expected .*65535"),
        ("TBTWATCH_TIMEZONE", "Mars/Olympus", "TBTWATCH_TIMEZONE: expected an IANA time zone"),
        ("TBTWATCH_DATABASE_URL", "mysql://x", "TBTWATCH_DATABASE_URL: expected a sqlite"),
        ("TBTWATCH_SMTP_STARTTLS", "maybe", "TBTWATCH_SMTP_STARTTLS: expected .*boolean"),
        ("TBTWATCH_ENVIRONMENT", "staging", "TBTWATCH_ENVIRONMENT: expected .*production"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_it_accepts(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_a_secret_is_never_echoed_in_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBTWATCH_DATABASE_URL", "mysql://user:hunter2@db/x")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert "hunter2" not in str(error.value)


def test_secrets_can_come_from_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret").write_text("s3cret-from-file\n")
    (tmp_path / "smtp").write_text("mail-pass")
    monkeypatch.setenv("TBTWATCH_SECRET_KEY_FILE", str(tmp_path / "secret"))
    monkeypatch.setenv("TBTWATCH_SMTP_PASSWORD_FILE", str(tmp_path / "smtp"))
    settings = load_settings()
    assert settings.secret_key.get_secret_value() == "s3cret-from-file"
    assert settings.smtp_password.get_secret_value() == "mail-pass"


def test_a_missing_secret_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBTWATCH_SECRET_KEY_FILE", "/nonexistent/secret")
    with pytest.raises(SettingsError, match="TBTWATCH_SECRET_KEY_FILE: cannot read"):
        load_settings()


def test_a_toml_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "tbtwatch.toml"
    config.write_text('timezone = "UTC"\nsmtp_host = "mail.example"\nsmtp_port = 2525\n')
    monkeypatch.setenv("TBTWATCH_CONFIG", str(config))
    monkeypatch.setenv("TBTWATCH_SMTP_PORT", "587")
    settings = load_settings()
    assert (settings.timezone, settings.smtp_host, settings.smtp_port) == (
        "UTC",
        "mail.example",
        587,
    )


def test_a_missing_toml_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBTWATCH_CONFIG", "/nonexistent.toml")
    with pytest.raises(SettingsError, match="TBTWATCH_CONFIG: no such file"):
        load_settings()


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBTWATCH_ENVIRONMENT", "production")
    with pytest.raises(SettingsError, match="TBTWATCH_SECRET_KEY"):
        load_settings().require_production_secret()
    monkeypatch.setenv("TBTWATCH_SECRET_KEY", "a-long-random-production-secret")
    load_settings().require_production_secret()


def test_tls_and_starttls_exclude_each_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBTWATCH_SMTP_TLS", "true")
    monkeypatch.setenv("TBTWATCH_SMTP_STARTTLS", "true")
    with pytest.raises(SettingsError, match="exclude each other"):
        load_settings()
