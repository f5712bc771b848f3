"""The clean and validate pipelines, one item at a time, counting what they do."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawlers.pipelines.clean import CleanPipeline
from crawlers.pipelines.validate import ValidatePipeline
from warning.core.store import NoticeInput


@pytest.fixture
def crawler():
    return get_crawler()


def test_clean_trims_drops_empty_values_control_characters_and_repeats(crawler):
    item = CleanPipeline.from_crawler(crawler).process_item(
        {
            "source": "eping",
            "title": "  Sugar\x00 labelling ",
            "description": "",
            "hs_codes": ["1701", "1701", " ", "1702"],
            "raw": {"keep": " as is "},
        }
    )
    assert item == {
        "source": "eping",
        "title": "Sugar labelling",
        "hs_codes": ["1701", "1702"],
        "raw": {"keep": " as is "},
    }
    stats = crawler.stats.get_stats()
    assert stats["tbtwatch/clean/control_chars"] == 1
    assert stats["tbtwatch/clean/list_duplicates"] == 1
    assert stats["tbtwatch/clean/empty_dropped"] == 1


def test_validate_turns_a_dict_into_a_notice_with_its_fields(crawler):
    valid = ValidatePipeline.from_crawler(crawler).process_item(
        {"source": "eping", "symbol": "G/TBT/N/USA/1436", "title": "<p>Bumper standards</p>"}
    )
    assert isinstance(valid.notice, NoticeInput) and valid.identity == "G/TBT/N/USA/1436"
    assert valid.fields["title"] == "Bumper standards" and valid.fields["member_code"] == "USA"


def test_validate_refuses_a_notice_without_any_text(crawler):
    pipeline = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match="title: missing"):
        pipeline.process_item({"source": "eping", "symbol": "G/TBT/N/USA/1436"})
    assert crawler.stats.get_value("tbtwatch/items/invalid") == 1
    assert crawler.stats.get_value("tbtwatch/items/invalid/title") == 1


def test_validate_refuses_a_notice_without_identity(crawler):
    with pytest.raises(DropItem, match="a WTO symbol or an external_id"):
        ValidatePipeline.from_crawler(crawler).process_item({"source": "x", "title": "t"})


def test_validate_drops_the_second_copy_of_an_identity(crawler):
    pipeline = ValidatePipeline.from_crawler(crawler)
    item = {"source": "eping", "symbol": "G/SPS/N/RUS/152", "title": "t"}
    pipeline.process_item(dict(item))
    with pytest.raises(DropItem, match="already stored in this run"):
        pipeline.process_item({**item, "symbol": " G/SPS/N/RUS/152"})
    assert crawler.stats.get_value("tbtwatch/items/duplicate") == 1


def test_a_spider_naming_a_field_the_store_does_not_know_fails_at_once():
    from crawlers.items import notice_item

    with pytest.raises(TypeError, match="not NoticeInput fields: titel"):
        notice_item("eping", titel="typo")
