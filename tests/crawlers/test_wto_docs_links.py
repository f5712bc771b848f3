"""Choosing which WTO document links of an ePing notice to fetch."""

from __future__ import annotations

from crawlers.spiders.wto_docs_links import (
    choose_documents,
    describe_link,
    is_wto_document,
    split_links,
)

CRN = "https://members.wto.org/crnattachments/2024/TBT/USA/24_06004_00_{}.pdf"
DOL = "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename={}:/G/TBT/NUSA1436.pdf"


def test_it_prefers_the_english_attachment_among_languages() -> None:
    links = [CRN.format("f"), CRN.format("s"), CRN.format("e")]
    assert choose_documents(links) == [CRN.format("e")]


def test_it_reads_the_documents_online_drive_letter_as_the_language() -> None:
    assert describe_link(DOL.format("q")).language == "en"
    assert describe_link(DOL.format("r")).language == "fr"
    assert choose_documents([DOL.format("s"), DOL.format("r")]) == [DOL.format("r")]


def test_it_keeps_one_link_per_distinct_document() -> None:
    other = "https://members.wto.org/crnattachments/2024/TBT/USA/modification/24_07001_00_e.pdf"
    chosen = choose_documents([CRN.format("e"), other, DOL.format("q")])
    assert chosen == [CRN.format("e"), other, DOL.format("q")]


def test_an_attachment_in_another_language_is_taken_only_when_nothing_else_is_linked() -> None:
    assert choose_documents([CRN.format("x"), CRN.format("s")]) == [CRN.format("s")]
    assert choose_documents([CRN.format("x")]) == [CRN.format("x")]


def test_links_to_other_sites_are_ignored() -> None:
    assert not is_wto_document("https://epingalert.org/en/Search?viewData=1")
    assert not is_wto_document("https://members.wto.org/other/24_06004_00_e.pdf")
    assert choose_documents(["https://example.org/a_e.pdf"]) == []


def test_it_splits_links_written_as_one_text() -> None:
    text = f"{CRN.format('e')}\n{CRN.format('f')}, {DOL.format('q')}"
    assert split_links(text) == [CRN.format("e"), CRN.format("f"), DOL.format("q")]
    assert split_links(None) == []
