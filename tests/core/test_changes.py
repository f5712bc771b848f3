"""The material-change decision: what an exporter must hear about, and what is cosmetic."""

from datetime import date

import pytest

from warning.core.store.changes import decide_change

BASE = {
    "title": "Batteries and waste batteries",
    "description": "<p>Requirements on   sustainability</p>",
    "products": "Lithium-ion batteries",
    "hs_codes": ["8507", "850760"],
    "ics_codes": ["29.220"],
    "comment_deadline": date(2024, 9, 30),
    "comment_deadline_text": "30 September 2024",
    "adoption_date": None,
    "adoption_text": "To be determined",
    "entry_into_force_date": None,
    "entry_into_force_text": None,
    "withdrawn": False,
    "links": ["https://a.example/1.pdf", "https://a.example/2.pdf"],
    "agency": "European Commission",
}


@pytest.mark.parametrize(
    ("change", "kinds", "material"),
    [
        (
            {"comment_deadline": date(2024, 11, 30), "comment_deadline_text": "30 Nov 2024"},
            {"deadline"},
            True,
        ),
        (
            {"adoption_date": date(2025, 1, 1), "adoption_text": "1 January 2025"},
            {"adoption"},
            True,
        ),
        ({"entry_into_force_date": date(2026, 1, 1)}, {"entry_into_force"}, True),
        ({"withdrawn": True}, {"withdrawn"}, True),
        ({"products": "Lithium-ion and sodium-ion batteries"}, {"scope"}, True),
        ({"hs_codes": ["8507", "850760", "850780"]}, {"scope"}, True),
        ({"ics_codes": []}, {"scope"}, True),
        ({"title": "Batteries, waste batteries and accumulators"}, {"text"}, False),
        ({"agency": "DG GROW"}, {"details"}, False),
        ({"links": ["https://a.example/3.pdf"]}, {"details"}, False),
    ],
)
def test_it_names_each_kind_of_change(change: dict, kinds: set, material: bool) -> None:
    decision = decide_change(BASE, {**BASE, **change})
    assert decision.kinds == kinds
    assert decision.material is material
    assert not decision.cosmetic


@pytest.mark.parametrize(
    "change",
    [
        {"description": "<p>Requirements on sustainability</p>"},
        {"description": "Requirements on sustainability"},
        {"title": "  Batteries and   waste batteries "},
        {"title": "BATTERIES AND WASTE BATTERIES"},
        {"links": ["https://a.example/2.pdf", "https://a.example/1.pdf"]},
        {"hs_codes": ["850760", "8507"]},
        {"products": "Lithium-ion&nbsp;batteries"},
        {"comment_deadline_text": "30/09/2024"},
    ],
)
def test_it_treats_whitespace_html_case_and_order_as_cosmetic(change: dict) -> None:
    decision = decide_change(BASE, {**BASE, **change})
    assert not decision.changed
    assert decision.cosmetic


def test_it_reports_values_before_and_after_a_material_change() -> None:
    decision = decide_change(BASE, {**BASE, "comment_deadline": date(2024, 12, 1)})
    assert decision.before == {"comment_deadline": "2024-09-30"}
    assert decision.after == {"comment_deadline": "2024-12-01"}


def test_an_identical_version_is_neither_changed_nor_cosmetic() -> None:
    decision = decide_change(BASE, dict(BASE))
    assert not decision.changed and not decision.cosmetic


def test_only_scope_and_text_changes_need_reclassification() -> None:
    assert decide_change(BASE, {**BASE, "products": "Cells"}).needs_reclassification
    assert decide_change(BASE, {**BASE, "title": "Other"}).needs_reclassification
    assert not decide_change(BASE, {**BASE, "withdrawn": True}).needs_reclassification
