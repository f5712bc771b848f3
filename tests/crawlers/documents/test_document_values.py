"""The small readers behind the boxes: dates, ticked options, value clean-up, symbols in lists."""

from __future__ import annotations

from datetime import date

import pytest

from crawlers.documents import checkboxes
from crawlers.documents.dates import DateReader, numeric_order
from crawlers.documents.language import content_language, language_code
from crawlers.documents.normalise import fold, normalise
from crawlers.documents.values import items, strip_edges, urls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02013-10-24", date(2013, 10, 24)),
        ("2019-06-19 00:00:00", date(2019, 6, 19)),
        ("1er mars 2004", date(2004, 3, 1)),
        ("17 de mayo de 2006", date(2006, 5, 17)),
        ("2010年11月6日", date(2010, 11, 6)),
        ("2018 年 04 月 18 日", date(2018, 4, 18)),
        ("26/11/19", date(2019, 11, 26)),
        ("2003/07/16", date(2003, 7, 16)),
        (
            "[X] Sixty days from the date of circulation and/or (dd/mm/yy): 18 August 2019",
            date(2019, 8, 18),
        ),
    ],
)
def test_dates_in_every_written_style(text: str, expected: date) -> None:
    assert DateReader().read(text) == expected


def test_a_month_first_list_is_read_month_first_throughout() -> None:
    text = "Last Date For Comment 03/14/2010 ... 03/04/2010"
    reader = DateReader(order=numeric_order(text))
    assert reader.read("03/14/2010") == date(2010, 3, 14)
    assert reader.read("03/04/2010") == date(2010, 3, 4)
    assert DateReader().read("03/04/2010") == date(2010, 4, 3)


def test_chinese_pages_write_two_digit_years_first() -> None:
    assert DateReader(yearfirst=True).read("02-11-27") == date(2002, 11, 27)
    assert DateReader().read("02-11-27") == date(2027, 11, 2)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Sixty days from the date of circulation", "relative"),
        ("30 days after publication", "relative"),
        ("通报之后60天", "relative"),
        ("批准后30天。", "relative"),
        ("To be determined", "undetermined"),
        ("待定", "undetermined"),
        ("不适用", "undetermined"),
        ("n.d.", "undetermined"),
        ("2015年3月", "month"),
        ("2008/03", "month"),
        ("juin 2021", "month"),
        ("Lot 2000/77 of the regulation", "unknown"),
        ("", "empty"),
    ],
)
def test_text_without_a_date_is_classified(text: str, verdict: str) -> None:
    assert DateReader().verdict(text) == verdict


def test_ticked_options_are_read_whether_boxes_stand_before_or_after() -> None:
    assert checkboxes.articles("2.9.2 [X], 2.10.1 [ ], 5.6.2 [ ], 5.7.1 [X]") == ["2.9.2", "5.7.1"]
    assert checkboxes.articles("[ ] 2.9.2,[X] 2.10.1") == ["2.10.1"]
    assert checkboxes.articles("Article 2.9.2.") == ["2.9.2"]
    assert checkboxes.ticked("[X] food safety, [ ] animal health, [X] plant protection.") == [
        "food safety",
        "plant protection",
    ]


def test_an_sps_date_box_keeps_ticked_options_and_dates_beside_unticked_ones() -> None:
    text = (
        "[ ] Six months from date of publication, and/or (dd/mm/yy): 20 June 2023\n"
        "[X] Trade facilitating measure"
    )
    assert checkboxes.date_box_text(text) == "20 June 2023; Trade facilitating measure"
    assert checkboxes.date_box_text("[ ]公布日后6个月,及/或(年月日):待定[ ]贸易促进措施") == "待定"


def test_normalising_unifies_checkboxes_and_removes_pinyin_glosses() -> None:
    text = normalise("通報(bào)號(hào): x 發(fā)布 ☒ food ☐ feed [x] a [] b 巴拉圭茶葉(Maté)")
    assert text == "通報號: x 發布 [X] food [ ] feed [X] a [ ] b 巴拉圭茶葉(Maté)"


def test_folding_keeps_every_offset() -> None:
    text = "通報成員: ÉTATS-UNIS d’Amérique ＡＢ：đ"
    assert len(fold(text)) == len(text)
    assert fold(text) == "通报成员: etats-unis d'amerique ab:d"


def test_value_edges_lose_box_numbers_bullets_and_empty_boxes_but_not_values() -> None:
    assert strip_edges(" \n\n 10 \n\n\n ") == ""
    assert strip_edges("不详\n10\n  •") == "不详"
    assert strip_edges("Number of pages: 10") == "Number of pages: 10"
    assert strip_edges("12 July 2023 [ ]") == "12 July 2023"


def test_glued_links_are_told_apart() -> None:
    found = urls("见https://www.federalregister.gov/d/2024-13236https://members.wto.org/a.pdf。")
    assert found == [
        "https://www.federalregister.gov/d/2024-13236",
        "https://members.wto.org/a.pdf",
    ]


def test_a_rationale_is_one_item_and_a_list_is_many() -> None:
    assert items("Protection of human health or\nsafety; Quality requirements") == [
        "Protection of human health or safety",
        "Quality requirements",
    ]
    assert items("保護人類安全和健康;保護環境;協調") == ["保護人類安全和健康", "保護環境", "協調"]
    long = "The regulation " + "sets requirements for " * 6 + "toys; it also applies to games."
    assert items(long) == [long]


def test_languages_by_content_and_by_name() -> None:
    assert content_language("This regulation establishes tolerances for the residues of") == "en"
    assert content_language("Le projet fixe la teneur des emballages et les règles du") == "fr"
    assert (
        content_language("Esta norma establece las especificaciones que deben cumplir el") == "es"
    )
    assert content_language("本法规规定了绿咖啡豆内的残留限量") == "zh"
    assert [language_code(n) for n in ("English", "español", "anglais", "英语", "Klingon")] == [
        "en",
        "es",
        "en",
        "en",
        None,
    ]
