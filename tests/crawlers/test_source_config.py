"""Source YAML files: what they may say, and the URL overrides that move a source."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.sources import (
    SourceConfig,
    SourceConfigError,
    load_source_file,
    load_sources,
    select_sources,
)
from crawlers.runner import spider_class

MINIMAL = "title: T\nspider: eping\nbase_url: https://example.org/api\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("source_id", ["eping", "fedreg", "feeds"])
def test_the_shipped_sources_load_and_name_a_spider(source_id):
    config = load_sources()[source_id]
    assert config.enabled and config.min_items >= 1
    assert spider_class(config).name == source_id


def test_ignoring_robots_txt_needs_a_reason(tmp_path):
    path = write(tmp_path, "x", MINIMAL + "robots:\n  obey: false\n")
    with pytest.raises(SourceConfigError, match=r"x.yml: robots: .*needs a robots.reason"):
        load_source_file(path)
    path = write(tmp_path, "x", MINIMAL + "robots:\n  obey: false\n  reason: an API, not pages\n")
    assert load_source_file(path).robots.obey is False


def test_an_unknown_key_is_an_error_naming_the_file_and_key(tmp_path):
    path = write(tmp_path, "x", MINIMAL + "min_item: 3\n")
    with pytest.raises(SourceConfigError, match=r"x.yml: min_item: unknown key"):
        load_source_file(path)


def test_the_id_must_be_the_file_name(tmp_path):
    with pytest.raises(SourceConfigError, match="differs from the file name"):
        load_source_file(write(tmp_path, "x", MINIMAL + "id: y\n"))


def test_a_maximum_below_the_minimum_is_refused(tmp_path):
    with pytest.raises(SourceConfigError, match="below min_items"):
        load_source_file(write(tmp_path, "x", MINIMAL + "min_items: 5\nmax_items: 2\n"))


@pytest.mark.parametrize(
    "bad", ["schedule: daily\n", "base_url: ftp://x\n", "credentials:\n  key: not-an-env-name\n"]
)
def test_malformed_values_are_refused(tmp_path, bad):
    text = (
        MINIMAL.replace("base_url: https://example.org/api\n", "") if "base_url" in bad else MINIMAL
    )
    with pytest.raises(SourceConfigError):
        load_source_file(write(tmp_path, "x", text + bad))


def test_the_environment_moves_the_host_and_keeps_the_real_path():
    config = load_sources()["fedreg"]
    env = {"TBTWATCH_SOURCE_FEDREG_URL": "http://127.0.0.1:8080"}
    assert config.url(env) == "http://127.0.0.1:8080/api/v1"
    assert config.url({}) == "https://www.federalregister.gov/api/v1"
    assert (
        config.rebase("https://www.federalregister.gov/api/v1/documents.json?page=2", env)
        == "http://127.0.0.1:8080/api/v1/documents.json?page=2"
    )


def test_one_variable_moves_every_url_of_a_source_and_one_url_can_move_alone():
    config = load_sources()["eping"]
    assert config.extra_url("api", {"TBTWATCH_SOURCE_EPING_URL": "http://h:1"}) == "http://h:1"
    env = {"TBTWATCH_SOURCE_EPING_URL": "http://h:1", "TBTWATCH_SOURCE_EPING_API_URL": "http://a:2"}
    assert config.extra_url("api", env) == "http://a:2"
    assert config.url(env) == "http://h:1"


def test_an_id_with_a_dash_uses_an_underscore_in_its_variable():
    config = SourceConfig(id="wto-docs", title="t", spider="x", base_url="https://a.org")
    assert config.url({"TBTWATCH_SOURCE_WTO_DOCS_URL": "http://r:3"}) == "http://r:3"


def test_credentials_are_read_from_the_named_variable():
    config = load_sources()["eping"]
    assert config.credential("api_key", {"TBTWATCH_EPING_API_KEY": " k "}) == "k"
    assert config.credential("api_key", {}) is None


def test_selecting_an_unknown_source_lists_the_configured_ones(tmp_path):
    write(tmp_path, "a", MINIMAL)
    write(tmp_path, "b", MINIMAL + "enabled: false\n")
    assert [c.id for c in select_sources([], tmp_path)] == ["a"]
    assert [c.id for c in select_sources(["b"], tmp_path)] == ["b"]
    with pytest.raises(SourceConfigError, match=r"unknown source.* nope; configured: a, b"):
        select_sources(["nope"], tmp_path)
