"""HS and ICS codes in every written style of sources.md §2.6 and of the labelled notices."""

from __future__ import annotations

import pytest

from models.codes import (
    expand_hs_range,
    extract_hs,
    extract_ics,
    hs_from_field,
    ics_from_field,
    normalise_hs,
    normalise_ics,
    parse_hs,
    parse_hs_field,
    parse_ics_field,
)

FREE_TEXT_HS = [
    ("HS: 02.01, 02.02, …", ["0201", "0202"]),
    ("HS代码: 0401, 0402, 190220", ["0401", "0402", "190220"]),
    ("SA: 2710", ["2710"]),
    ("SA:  2711; ICS:  75.160.30", ["2711"]),
    ("2710 – Aceites de petróleo o de mineral bituminoso;", ["2710"]),
    ("271210 - Petroleum jelly", ["271210"]),
    ("HS Code: 271210 - Petroleum jelly", ["271210"]),
    ("HS编码:3818 ICS编码:65.100", ["3818"]),
    ('ICS:[{"uid":"67.140.10"}] HS:[{"uid":"0902"}]', ["0902"]),
    ('HS:[{"uid":"0902"},{"uid":"0401"}]', ["0902", "0401"]),
    ("(HS code(s): 380891); Insecticides (ICS code(s): 65.100.10)", ["380891"]),
    ("HS 9018-9022", ["9018", "9019", "9020", "9021", "9022"]),
    ("HS: 0401–0406", ["0401", "0402", "0403", "0404", "0405", "0406"]),
    ("HS:8525;8526;8527;9030 ICS:33.050;33.060", ["8525", "8526", "8527", "9030"]),
    ("HS 8517,8525;電話機", ["8517", "8525"]),
    ("HS:医疗设备(2936、2937、3001)", ["2936", "2937", "3001"]),
    ("HS代码: 0401, 190420及第20组中的2104, 2105", ["0401", "190420", "2104", "2105"]),
    ("药剂制品(HS代码:30)", ["30"]),
    ("ICS: 11.080.20HS: 380840", ["3808"]),
    ("屋面瓦(HS编码:690510);建筑材料和建筑物(ICS编码:91)", ["690510"]),
    ("HS 2022: 8517", ["8517"]),
    ("Partida arancelaria 8703.80", ["870380"]),
    ("Code SH : 6403", ["6403"]),
]

FREE_TEXT_ICS = [
    ("HS编码:3818 ICS编码:65.100", ["65.100"]),
    ('ICS:[{"uid":"67.140.10"}] HS:[{"uid":"0902"}]', ["67.140.10"]),
    ("ICS codes: 43.020", ["43.020"]),
    ("ICS Code: 65.100.10 - Insecticides", ["65.100.10"]),
    ("Product ICS: 43.040.20", ["43.040.20"]),
    ("(HS code(s): 380891); Insecticides (ICS code(s): 65.100.10)", ["65.100.10"]),
    ("ICS: 29.", ["29"]),
    ("ICS: 13.020;97.030 HS: 8479", ["13.020", "97.030"]),
    ("75.160.20 – Combustibles líquidos;", ["75.160.20"]),
    ("無線電通信(ICS 33.060); 電磁兼容性(EMC)(ICS 33.100)", ["33.060", "33.100"]),
    ("Mustard Sauce (ICS: 67)", ["67"]),
    ("国际标准分类号: 97.030", ["97.030"]),
]


@pytest.mark.parametrize(("text", "expected"), FREE_TEXT_HS)
def test_it_finds_hs_codes_in_every_written_style(text: str, expected: list[str]) -> None:
    assert extract_hs(text) == expected


@pytest.mark.parametrize(("text", "expected"), FREE_TEXT_ICS)
def test_it_finds_ics_codes_in_every_written_style(text: str, expected: list[str]) -> None:
    assert extract_ics(text) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0902", "0902"),
        ("2103.30", "210330"),
        ("02.01", "0201"),
        ("9501:00", "9503"),  # HS 1996 wheeled toys, merged into 95.03 in HS 2007
        ("6908", "6907"),
        ("8803.30", "8807"),
        ("8469", "8472"),
        ("85171300", "851713"),  # national tariff line
        ("8517.13.00.00", "851713"),
        ("8517 13 00", "851713"),
        ("8517.12", "8517"),  # HS 2017 subheading, heading kept
        ("401", "0401"),  # spreadsheet dropped the leading zero
        ("85", "85"),
        ("9823", None),  # chapter 98 is for national use
        ("77", None),  # reserved chapter
        ("abc", None),
        ("12345678901", None),
    ],
)
def test_it_normalises_hs_codes_to_hs_2022(written: str, expected: str | None) -> None:
    assert normalise_hs(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("67.140.10", "67.140.10"),
        ("29.", "29"),
        ("65.100", "65.100"),
        ("33.060.99", "33.060.99"),
        ("67.140.98", "67.140"),  # unknown subgroup keeps its group
        ("99.001", None),
        ("1.2", None),
    ],
)
def test_it_validates_ics_codes_against_edition_7(written: str, expected: str | None) -> None:
    assert normalise_ics(written) == expected


def test_it_reads_codes_as_structured_fields_hold_them() -> None:
    assert hs_from_field(["12.14", "23.08"]) == ["1214", "2308"]
    assert hs_from_field(["9001-9033"])[:3] == ["9001", "9002", "9003"]
    assert hs_from_field([{"id": 5, "code": "030617", "name": "030617 - Frozen shrimps"}]) == [
        "030617"
    ]
    assert hs_from_field([401, "190220"]) == ["0401", "190220"]
    assert hs_from_field("9501:00") == ["9503"]
    assert ics_from_field(["29.", "31."]) == ["29", "31"]
    assert ics_from_field(["75.160.20 – Combustibles líquidos;"]) == ["75.160.20"]


def test_it_reports_tokens_that_are_not_codes() -> None:
    result = parse_hs_field(["9823", "8517"])
    assert result.codes == ["8517"]
    assert result.rejected == ["9823"]
    assert parse_ics_field(["99.001", "97.030"]).rejected == ["99.001"]


def test_it_says_how_a_legacy_code_was_mapped() -> None:
    result = parse_hs("HS: 6908.10")
    assert result.codes == ["6907"]
    assert "older HS edition" in result.notes["6907"]


def test_it_ignores_numbers_that_are_not_tagged_as_codes() -> None:
    text = "Ministerial Decree No. 1309/2017 of 24.05.2023 (12 pages), ES 1588, DEAS 126:2021"
    assert extract_hs(text) == []
    assert extract_ics(text) == []


def test_it_does_not_take_a_year_opening_a_line_for_a_heading() -> None:
    assert extract_hs("2004 – Food law of the Republic") == []
    assert extract_hs("0902 – Tea") == ["0902"]


def test_it_does_not_read_ics_codes_as_hs_codes() -> None:
    assert hs_from_field(["ICS: 59"]) == []
    assert extract_hs("HS: ICS:59.080.30") == []


def test_a_range_expands_only_to_codes_of_the_same_level() -> None:
    assert [r.code for r in expand_hs_range("0401", "0403")] == ["0401", "0402", "0403"]
    assert [r.code for r in expand_hs_range("0403", "0401")] == ["0403", "0401"]
    assert [r.code for r in expand_hs_range("01", "97")] == ["01", "97"]  # too wide: a typo
