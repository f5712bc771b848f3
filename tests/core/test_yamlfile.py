"""YAML settings files: defaults when absent, errors naming the file and key, edits picked up."""

import os
from pathlib import Path

import pytest
from pydantic import BaseModel

from config.yamlfile import load_model_file


class Example(BaseModel):
    hour: int = 8
    name: str = "default"


class ExampleError(ValueError):
    pass


def test_a_missing_file_means_every_default(tmp_path: Path) -> None:
    assert load_model_file(tmp_path / "absent.yml", Example, ExampleError) == Example()
    assert load_model_file(None, Example, ExampleError) == Example()


def test_a_bad_value_names_the_file_and_the_key(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("hour: soon\n")
    with pytest.raises(ExampleError, match=r"x\.yml: hour: Input should be a valid integer"):
        load_model_file(path, Example, ExampleError)


@pytest.mark.parametrize("text", ["hour: [unclosed\n", "- a list\n- not a mapping\n"])
def test_broken_yaml_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(text)
    with pytest.raises(ExampleError, match=r"not valid YAML|expected a mapping"):
        load_model_file(path, Example, ExampleError)


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("hour: 9\n")
    assert load_model_file(path, Example, ExampleError).hour == 9
    path.write_text("hour: 10\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load_model_file(path, Example, ExampleError).hour == 10
