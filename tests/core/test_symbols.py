"""Every way a WTO symbol is written in republished data normalises to one canonical form."""

import pytest

from warning.core.symbols import find_symbols, normalise_symbol, parse_symbol, split_symbols


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("G/TBT/N/EU/1004/Add.1", "G/TBT/N/EU/1004/Add.1"),
        ("G/SPS/N/USA/703/ADD.1", "G/SPS/N/USA/703/Add.1"),
        ("G/TBT/N/TUR/121 /Add.1", "G/TBT/N/TUR/121/Add.1"),
        ("G / TBT / N / KEN / 1170 / Add. 2", "G/TBT/N/KEN/1170/Add.2"),
        ("G/TB/N/BHR/172", "G/TBT/N/BHR/172"),
        ("G/TBT/N?BHR/173", "G/TBT/N/BHR/173"),
        ("G/SPS/N/BOL/5 – URG.", "G/SPS/N/BOL/5"),
        ("G/SPS/N/CZE/14/Rev.1 - URG", "G/SPS/N/CZE/14/Rev.1"),
        ("G/SPS/N/CZE/22/Rev.1-URG", "G/SPS/N/CZE/22/Rev.1"),
        ("G/TBT/Notif.96.204", "G/TBT/Notif.96.204"),
        ("G/TBT/NOTIF.96.154", "G/TBT/Notif.96.154"),
        ("TBT/Notification G/96.34", "G/TBT/Notif.96.34"),
        ("g/tbt/n/usa/1364/add.5", "G/TBT/N/USA/1364/Add.5"),
        ("G/SPS/N/USA/690/Corr.2", "G/SPS/N/USA/690/Corr.2"),
        (" G/SPS/N/VNM/190", "G/SPS/N/VNM/190"),
        ("G/TBT/N/EU/1004/Rev.1/Add.2", "G/TBT/N/EU/1004/Rev.1/Add.2"),
        ("G/SPS/N/EEC/211/Add.2", "G/SPS/N/EEC/211/Add.2"),
        ("G/TBT/N/TPKM/22", "G/TBT/N/TPKM/22"),
        ("G/TBT/N/USA/0042", "G/TBT/N/USA/42"),
    ],
)
def test_it_normalises_every_written_variant(written: str, canonical: str) -> None:
    assert normalise_symbol(written) == canonical


@pytest.mark.parametrize(
    "junk", ["", None, "G/SPS/N/COUNTRY/", "G/SPS/GEN/226", "hello", "2024/0123/DE"]
)
def test_it_rejects_what_is_not_a_notification_symbol(junk: str | None) -> None:
    assert normalise_symbol(junk) is None


def test_it_keeps_eec_and_eu_series_apart_because_the_eu_series_restarted() -> None:
    assert normalise_symbol("G/TBT/N/EEC/29") != normalise_symbol("G/TBT/N/EU/29")


def test_it_completes_a_bare_reference_only_when_the_domain_is_known() -> None:
    assert normalise_symbol("KOR/774") is None
    assert normalise_symbol("KOR/774", default_domain="TBT") == "G/TBT/N/KOR/774"


@pytest.mark.parametrize(
    ("written", "doc_type", "base", "emergency"),
    [
        ("G/TBT/N/EU/1004", "regular", "G/TBT/N/EU/1004", False),
        ("G/TBT/N/EU/1004/Add.3", "addendum", "G/TBT/N/EU/1004", False),
        ("G/SPS/N/USA/359/Corr.1", "corrigendum", "G/SPS/N/USA/359", False),
        ("G/TBT/N/USA/1272/Rev.1", "revision", "G/TBT/N/USA/1272", False),
        ("G/SPS/N/BOL/5 – URG.", "emergency", "G/SPS/N/BOL/5", True),
        ("G/SPS/N/CZE/14/Rev.1 - URG", "revision", "G/SPS/N/CZE/14", True),
    ],
)
def test_it_derives_document_type_and_measure(
    written: str, doc_type: str, base: str, emergency: bool
) -> None:
    symbol = parse_symbol(written)
    assert symbol is not None
    assert (symbol.doc_type, symbol.base, symbol.emergency) == (doc_type, base, emergency)


def test_it_splits_a_joint_notification_into_all_its_symbols() -> None:
    joint = "G/TBT/N/BDI/412, G/TBT/N/KEN/1517, G/TBT/N/RWA/947, G/TBT/N/TZA/1047, G/TBT/N/UGA/1862"
    assert [str(s) for s in split_symbols(joint)] == [
        "G/TBT/N/BDI/412",
        "G/TBT/N/KEN/1517",
        "G/TBT/N/RWA/947",
        "G/TBT/N/TZA/1047",
        "G/TBT/N/UGA/1862",
    ]


def test_it_finds_symbols_cited_in_running_text() -> None:
    text = (
        "notified in G/TBT/N/BDI/189, G/TBT/N/KEN/1170 was adopted; see also "
        "G/SPS/N/USA/3203/ADD.3 and G/TBT/Notif.96.204."
    )
    assert [str(s) for s in find_symbols(text)] == [
        "G/TBT/N/BDI/189",
        "G/TBT/N/KEN/1170",
        "G/SPS/N/USA/3203/Add.3",
        "G/TBT/Notif.96.204",
    ]
