"""Whom a feed entry is about, from its text (the rules behind the feed spider's member/domain)."""

from __future__ import annotations

from crawlers.spiders.feed_subject import subject_of

US_ALERTS = {"domain": "alert", "member": "USA"}


def about(
    title: str,
    summary: str | None = None,
    *,
    entry_id: str | None = None,
    link: str | None = None,
    **feed: str,
):
    return subject_of(
        title=title, summary=summary, entry_id=entry_id, link=link, **{**US_ALERTS, **feed}
    )


def test_an_sps_symbol_in_the_summary_gives_the_member_and_domain():
    subject = about("Maximum residue levels", "<p>See G/SPS/N/RUS/56/Add.1.</p>")
    assert (subject.domain, subject.member, subject.member_unknown) == ("SPS", "RUS", None)
    assert [str(s) for s in subject.cited] == ["G/SPS/N/RUS/56/Add.1"]


def test_eec_and_eu_symbols_are_one_member():
    subject = about("Toys", "notified in G/TBT/N/EEC/29 and now G/TBT/N/EU/29/Rev.1")
    assert (subject.member, subject.member_unknown) == ("EU", None)


def test_symbols_of_several_members_leave_the_member_empty():
    subject = about("Joint", "G/TBT/N/KEN/1176/Add.1, G/TBT/N/UGA/1525/Add.1")
    assert subject.domain == "TBT" and subject.member is None
    assert subject.member_unknown == "it cites symbols of several members (KEN, UGA)"


def test_an_old_style_symbol_names_no_member():
    subject = about("Notification G/TBT/Notif.96.204")
    assert (subject.domain, subject.member) == ("TBT", None)
    assert subject.member_unknown == "the WTO symbols it cites name no member"


def test_a_regulation_feed_keeps_its_domain_and_takes_the_member():
    subject = about("Final rule, notified as G/TBT/N/USA/1436", domain="regulation", member="CAN")
    assert (subject.domain, subject.member) == ("regulation", "USA")


def test_a_rasff_notification_takes_its_stated_notifying_country():
    subject = about("Aflatoxins in pistachios", "RASFF 2024.1234; notifying country: Germany")
    assert (subject.domain, subject.member) == ("alert", "DEU")
    assert subject.rasff_reference == "2024.1234"


def test_a_rasff_notification_by_an_unknown_country_is_left_empty():
    subject = about("x", "RASFF 2024.1234 notified by Atlantis: fish")
    assert subject.member is None
    assert subject.member_unknown == "a RASFF notification notified by 'Atlantis', not a member"


def test_a_rasff_reference_may_be_in_the_entry_id_only():
    subject = about("Salmonella in sesame seeds", entry_id="rasff:2025.0421")
    assert (subject.member, subject.rasff_reference) == (None, "2025.0421")
    assert "notifying country" in (subject.member_unknown or "")


def test_a_number_without_rasff_is_not_a_rasff_notification():
    subject = about("Recall of lot 2024.1234 notified by Spain")
    assert (subject.domain, subject.member, subject.member_unknown) == ("alert", "USA", None)
