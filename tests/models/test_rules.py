"""Code rules: longest prefix, core and partial, broad chapters and ranges."""

from __future__ import annotations

from models.document import Document
from models.rules import RuleSet, by_category, notice_codes
from models.taxonomy import CodeRule, load_taxonomy

RULES = RuleSet(
    [
        CodeRule("TR05", "HS", "38", "partial"),
        CodeRule("TR05", "HS", "3808", "core"),
        CodeRule("HT08", "HS", "3818", "core"),
        CodeRule("HT01", "HS", "8517", "core"),
        CodeRule("HT03", "HS", "8542", "core"),
        CodeRule("TR04", "HS", "8539", "partial"),
        CodeRule("HT06", "HS", "853951", "partial"),
        CodeRule("TR02", "ICS", "67", "core"),
        CodeRule("TR06", "ICS", "67.250", "core"),
        CodeRule("TR04", "ICS", "29.140", "core"),
    ]
)


def _hits(document: Document) -> dict[str, list[str]]:
    grouped = by_category(RULES.hits(notice_codes(document)))
    return {c: [h.strength for h in hits] for c, hits in grouped.items()}


def test_the_longest_prefix_decides() -> None:
    assert _hits(Document(hs_codes=("381800",))) == {"HT08": ["core"]}
    assert _hits(Document(hs_codes=("380891",))) == {"TR05": ["core"]}
    assert _hits(Document(hs_codes=("3824",))) == {"TR05": ["partial"]}
    assert _hits(Document(ics_codes=("67.250.10",))) == {"TR06": ["core"]}
    assert _hits(Document(ics_codes=("67.140.10",))) == {"TR02": ["core"]}


def test_a_six_digit_prefix_beats_its_heading() -> None:
    assert _hits(Document(hs_codes=("853951",))) == {"HT06": ["partial"]}
    assert _hits(Document(hs_codes=("853910",))) == {"TR04": ["partial"]}


def test_a_chapter_broader_than_every_prefix_is_partial_for_all_beneath() -> None:
    assert _hits(Document(hs_codes=("85",))) == {
        "HT01": ["partial"],
        "HT03": ["partial"],
        "HT06": ["partial"],
        "TR04": ["partial"],
    }
    assert _hits(Document(ics_codes=("29",))) == {"TR04": ["partial"]}


def test_codes_from_a_range_count_as_partial() -> None:
    assert _hits(Document(hs_codes=("8517-8542",)))["HT01"] == ["partial"]
    assert _hits(Document(hs_codes=("8517",)))["HT01"] == ["core"]


def test_codes_in_the_products_text_count_like_structured_ones() -> None:
    assert _hits(Document(products="Telephones (HS 8517); lamps (ICS 29.140)")) == {
        "HT01": ["core"],
        "TR04": ["core"],
    }


def test_a_code_in_no_list_is_reported_not_dropped() -> None:
    codes = notice_codes(Document(hs_codes=("9823", "8517")))
    assert codes.hs == ("8517",)
    assert codes.rejected == ("9823",)


def test_the_shipped_mapping_settles_typical_codes() -> None:
    rules = RuleSet(load_taxonomy().rules)
    found = {(h.category, h.strength) for h in rules.lookup("HS", "851713")}
    assert found == {("HT01", "core")}
    assert {(h.category, h.strength) for h in rules.lookup("HS", "9503")} == {("TR06", "core")}
    assert {(h.category, h.strength) for h in rules.lookup("ICS", "43.150")} == {("TR07", "core")}
