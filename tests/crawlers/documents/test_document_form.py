"""Reading the boxes of the WTO forms: labels in each language, ticked boxes, date boxes, what is
not understood reported. The inputs are the forms' own labels (sources.md §2) around short
values; the real samples are covered by the golden files."""

from __future__ import annotations

from datetime import date

import pytest

from crawlers.documents import parse_text

TBT_REGULAR = """G/TBT/N/USA/1436
20 February 2019
(19-1129) Page: 1/2
Committee on Technical Barriers to Trade Original: English
NOTIFICATION
The following notification is being circulated in accordance with Article 10.6
1. Notifying Member: UNITED STATES OF AMERICA
If applicable, name of local government involved (Article 3.2 and 7.2):
2. Agency responsible: National Highway Traffic Safety Administration (NHTSA), Department of
Transportation (DOT)
Name and address (including telephone and fax numbers, email and website addresses, if
available) of agency or authority designated to handle comments regarding the notification shall
be indicated if different from above:
3. Notified under Article 2.9.2 [X], 2.10.1 [ ], 5.6.2 [ ], 5.7.1 [ ], 3.2 [ ], 7.2 [ ], other:
4. Products covered (provide where applicable HS or CCCN chapter or heading number; ICS code in
addition, where applicable): Motor vehicle bumper standards (ICS code(s): 43.020)
5. Title, number of pages and language(s) of the notified document: Temporary Exemption From
Motor Vehicle Safety and Bumper Standards (13 page(s), in English)
6. Description of content: This document amends NHTSA's regulation on temporary exemption.
7. Objective and rationale, including the nature of urgent problems where applicable: Protection
of human health or safety
8. Relevant documents: 84 Federal Register (FR) 2796, 7 February 2019
9. Proposed date of adoption: To be determined
Proposed date of entry into force: To be determined
10. Final date for comments: 11 March 2019
11. Texts available from: National enquiry point [X] or address, telephone and fax numbers and
email and website addresses, if available, of other body:
https://members.wto.org/crnattachments/2019/TBT/USA/19_0567_00_e.pdf
"""

SPS_REGULAR = """G/SPS/N/USA/3395
30 June 2023
(23-4417) Page: 1/2
Committee on Sanitary and Phytosanitary Measures Original: English
NOTIFICATION
1. Notifying Member: UNITED STATES OF AMERICA
If applicable, name of local government involved:
2. Agency responsible: Environmental Protection Agency (EPA)
3. Products covered (provide tariff item number(s) as specified in national schedules deposited
with the WTO; ICS numbers should be provided in addition, where applicable): Coffee beans, green
(HS code(s): 090111)
4. Regions or countries likely to be affected, to the extent relevant or practicable:
[X] All trading partners
[ ] Specific regions or countries:
5. Title of the notified document: Sulfoxaflor; Pesticide Tolerances. Language(s): English.
Number of pages: 6
6. Description of content: This regulation establishes tolerances for residues of sulfoxaflor.
7. Objective and rationale: [X] food safety, [ ] animal health, [ ] plant protection, [ ] protect
humans from animal/plant pest or disease, [ ] protect territory from other damage from pests.
8. Is there a relevant international standard? If so, identify the standard:
[X] Codex Alimentarius Commission (e.g. title or serial number of Codex standard or related
text): Sulfoxaflor MRLs
[ ] None
Does this proposed regulation conform to the relevant international standard?
[ ] Yes [X] No
9. Other relevant documents and language(s) in which these are available: 88 FR 40090
10. Proposed date of adoption (dd/mm/yy): 20 June 2023
Proposed date of publication (dd/mm/yy): 20 June 2023
11. Proposed date of entry into force: [ ] Six months from date of publication, and/or
(dd/mm/yy): 20 June 2023
[ ] Trade facilitating measure
12. Final date for comments: [ ] Sixty days from the date of circulation of the notification
and/or (dd/mm/yy): Not applicable
Agency or authority designated to handle comments: [X] National Notification Authority, [X]
National Enquiry Point. Address, fax number and email address (if available) of other body:
13. Text(s) available from: [ ] National Notification Authority, [X] National Enquiry Point.
"""

TBT_ADDENDUM = """G/TBT/N/EU/1004/Add.1
3 May 2024
NOTIFICATION
Addendum
The following communication, dated 30 April 2024, is being circulated at the request of the
delegation of the European Union.
_______________
Title: Regulation on batteries and waste batteries
Reason for Addendum:
{comment} Comment period changed - date:
{adopted} Notified measure adopted - date: 12 July 2023
{published} Notified measure published - date: 28 July 2023
{force} Notified measure enters into force - date: 17 August 2023
[ ] Text of final measure available from1: https://eur-lex.europa.eu/eli/reg/2023/1542/oj
[ ] Notified measure withdrawn or revoked - date:
Relevant symbol if measure re-notified:
[ ] Content or scope of notified measure changed and text available from1:
New deadline for comments (if applicable):
[ ] Interpretive guidance issued and text available from1:
[ ] Other:
Description: The regulation was adopted and published in the Official Journal.
"""


def test_a_current_tbt_form_is_read_box_by_box() -> None:
    doc = parse_text(TBT_REGULAR)
    assert doc.symbols == ["G/TBT/N/USA/1436"] and doc.doc_type == "regular"
    assert (doc.domain, doc.member, doc.language, doc.original_language) == (
        "TBT",
        "USA",
        "en",
        "en",
    )
    assert doc.agency == (
        "National Highway Traffic Safety Administration (NHTSA), Department of Transportation (DOT)"
    )
    assert doc.title.startswith("Temporary Exemption From Motor Vehicle Safety")
    assert doc.products == "Motor vehicle bumper standards (ICS code(s): 43.020)"
    assert doc.ics_codes == ["43.020"]
    assert doc.objectives == ["Protection of human health or safety"]
    assert doc.notified_under == ["2.9.2"]
    assert doc.distribution_date == date(2019, 2, 20)
    assert doc.comment_deadline == date(2019, 3, 11)
    assert doc.adoption_text == "To be determined" and doc.adoption_date is None
    assert doc.extra["job_number"] == "19-1129"
    assert doc.warnings == []


def test_an_sps_form_reads_ticked_options_and_the_dates_beside_unticked_ones() -> None:
    doc = parse_text(SPS_REGULAR)
    assert (doc.domain, doc.doc_type) == ("SPS", "regular")
    assert doc.regions == "All trading partners"
    assert doc.objectives == ["food safety"]
    assert doc.hs_codes == ["090111"]
    assert doc.title == "Sulfoxaflor; Pesticide Tolerances."
    assert doc.adoption_date == date(2023, 6, 20)
    assert doc.entry_into_force_date == date(2023, 6, 20)
    assert doc.entry_into_force_text == "20 June 2023"
    assert doc.comment_deadline is None and doc.comment_deadline_text == "Not applicable"
    assert doc.extra["publication_date"] == "2023-06-20"
    assert doc.extra["conforms_to_standard"] == "No"
    assert doc.extra["international_standard"].startswith("Codex Alimentarius Commission")
    assert doc.warnings == []


def test_sixty_days_from_circulation_is_kept_as_text_without_a_date() -> None:
    text = SPS_REGULAR.replace("[ ] Sixty days", "[X] Sixty days").replace(
        "(dd/mm/yy): Not applicable", "(dd/mm/yy):"
    )
    doc = parse_text(text)
    assert doc.comment_deadline is None
    assert doc.comment_deadline_text == (
        "Sixty days from the date of circulation of the notification and/or (dd/mm/yy)"
    )
    assert doc.warnings == []


@pytest.mark.parametrize("ticked", ["[X]", "[x]", "[ X ]", "☒", "■", "☑"])
@pytest.mark.parametrize("empty", ["[ ]", "[  ]", "☐", "□", "[]"])
def test_only_ticked_reason_boxes_count_whatever_the_glyph(ticked: str, empty: str) -> None:
    doc = parse_text(
        TBT_ADDENDUM.format(comment=empty, adopted=ticked, published=ticked, force=ticked).replace(
            "[ ]", empty
        )
    )
    assert doc.addendum_reasons == ["adopted", "published", "entered_into_force"]
    assert doc.adoption_date == date(2023, 7, 12)
    assert doc.entry_into_force_date == date(2023, 8, 17)
    assert doc.extra["publication_date"] == "2023-07-28"
    assert doc.title == "Regulation on batteries and waste batteries"
    assert doc.member == "EU" and doc.doc_type == "addendum"
    assert doc.extra["communication_date"] == "2024-04-30"


def test_a_date_beside_an_unticked_reason_is_reported_not_used() -> None:
    doc = parse_text(
        TBT_ADDENDUM.format(comment="[ ]", adopted="[ ]", published="[X]", force="[ ]")
    )
    assert doc.addendum_reasons == ["published"]
    assert doc.adoption_date is None
    assert any("unticked reason 'adopted'" in w for w in doc.warnings)


def test_reasons_listed_without_any_tick_mark_are_reported() -> None:
    text = TBT_ADDENDUM.format(comment="", adopted="", published="", force="")
    text = text.replace("[ ] ", "")
    doc = parse_text(text)
    assert doc.addendum_reasons == []
    assert "addendum reasons are listed without tick marks; reasons not read" in doc.warnings


def test_an_unknown_numbered_box_is_reported_and_not_absorbed() -> None:
    text = TBT_REGULAR.replace("8. Relevant documents:", "8. Conformity assessment procedure:")
    doc = parse_text(text)
    assert doc.objectives == ["Protection of human health or safety"]
    assert "unrecognised box 8: 'Conformity assessment procedure'" in doc.warnings
    assert "relevant_documents" not in doc.extra


def test_the_running_head_of_later_pages_is_not_part_of_the_text() -> None:
    text = TBT_REGULAR.replace(
        "regulation on temporary exemption.",
        "regulation\nG/TBT/N/USA/1436\n\n- 2 -\n\non temporary exemption.",
    )
    assert parse_text(text).description == (
        "This document amends NHTSA's regulation on temporary exemption."
    )


def test_a_joint_notification_keeps_every_symbol_in_order() -> None:
    text = TBT_REGULAR.replace(
        "G/TBT/N/USA/1436\n",
        "G/TBT/N/BDI/412, G/TBT/N/KEN/1517, G/TBT/N/RWA/947,\nG/TBT/N/TZA/1047, G/TBT/N/UGA/1862\n",
    ).replace("UNITED STATES OF AMERICA", "KENYA")
    doc = parse_text(text)
    assert doc.symbols == [
        "G/TBT/N/BDI/412",
        "G/TBT/N/KEN/1517",
        "G/TBT/N/RWA/947",
        "G/TBT/N/TZA/1047",
        "G/TBT/N/UGA/1862",
    ]
    assert doc.member == "KEN"


def test_an_emergency_sps_notification_is_typed_by_its_symbol_and_heading() -> None:
    text = (
        SPS_REGULAR.replace("G/SPS/N/USA/3395", "G/SPS/N/BOL/5 - URG.")
        .replace("NOTIFICATION\n", "NOTIFICATION OF EMERGENCY MEASURES\n")
        .replace("UNITED STATES OF AMERICA", "BOLIVIA")
    )
    doc = parse_text(text)
    assert doc.symbols == ["G/SPS/N/BOL/5"]
    assert doc.doc_type == "emergency" and doc.member == "BOL"
    assert not any("heading" in w for w in doc.warnings)


def test_a_revision_is_a_whole_form_typed_by_its_symbol() -> None:
    doc = parse_text(TBT_REGULAR.replace("G/TBT/N/USA/1436\n", "G/TBT/N/USA/1436/Rev.1\n"))
    assert doc.doc_type == "revision" and doc.title.startswith("Temporary Exemption")


def test_a_corrigendum_heading_with_a_free_text_body() -> None:
    text = (
        "G/TBT/N/KEN/1000/Corr.1\n5 June 2020\n(20-4000)\nCommittee on Technical Barriers to Trade"
        "\nNOTIFICATION\nCorrigendum\nThe following communication, dated 4 June 2020, is being "
        "circulated at the request of the delegation of Kenya.\n_______________\n"
        "The standard notified as KS 2000:2019 should read KS 2000:2020."
    )
    doc = parse_text(text)
    assert (doc.doc_type, doc.member, doc.layout) == (
        "corrigendum",
        "KEN",
        "wto-free-text-addendum",
    )
    assert doc.description == "The standard notified as KS 2000:2019 should read KS 2000:2020."
    assert doc.distribution_date == date(2020, 6, 5)


def test_an_addendum_in_unfamiliar_wording_keeps_its_own_symbol_apart_from_cited_ones() -> None:
    text = (
        "G/SPS/N/RUS/56/Add.1\n15 November 2017\nNOTIFICATION\nAddendum\n"
        "The following message, received on 9 November 2017, is circulated for the Delegation "
        "of the Russian Federation.\n\n_____\n\nDraft amending decree\n\n"
        "The draft amends G/SPS/N/RUS/12.\n\nThis addendum concerns a:\n"
        "[X] Withdrawal of proposed regulation\n"
    )
    doc = parse_text(text)
    assert doc.symbols == ["G/SPS/N/RUS/56/Add.1"]
    assert doc.cited_symbols == ["G/SPS/N/RUS/12"]
    assert (doc.title, doc.description) == (
        "Draft amending decree",
        "The draft amends G/SPS/N/RUS/12.",
    )
    assert doc.addendum_reasons == ["withdrawn"] and doc.member == "RUS"
