"""Strict reading of a record: what is taken, what is missing, what is left over."""

from __future__ import annotations

import pytest

from crawlers.strict import Record, RecordSkipped


def test_fields_not_taken_are_left_over_by_name():
    record = Record({"a": 1, "b": None, "zeta": 2, "alpha": 3})
    assert record.take("a") == 1 and record.take("b", "default") == "default"
    assert record.leftover() == ["alpha", "zeta"]


def test_an_absent_field_is_missing_but_a_null_one_is_not():
    record = Record({"b": None})
    record.take("a")
    record.take("b")
    record.optional("c")
    assert record.missing == ["a"]


def test_a_required_field_that_is_empty_skips_the_record():
    with pytest.raises(RecordSkipped, match="symbol: missing or empty"):
        Record({"symbol": "  "}).require("symbol")


def test_nested_objects_report_with_their_path():
    record = Record({"hsCodes": [{"code": "0902", "edition": 2017}]})
    child = record.child(record.take("hsCodes")[0], "hsCodes")
    child.take("code")
    child.take("name")
    record.absorb(child)
    assert record.leftover() == ["hsCodes.edition"]
    assert record.missing == ["hsCodes.name"]


def test_a_record_that_is_not_an_object_is_skipped():
    with pytest.raises(RecordSkipped, match="expected an object"):
        Record(["not", "a", "dict"])  # type: ignore[arg-type]
