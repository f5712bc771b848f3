"""`tbtwatch crawl eping --backfill`: the bulk Excel export, from a file or from the replica."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from crawlers.backfill import canonical
from tests.crawlers.conftest import source
from warning.core.db import Notice

# Headers of the later export (sources.md §1.3, `Notifications.xlsx`), values from the samples.
HEADERS = [
    "Document symbol",
    "Notifying Member",
    "Title",
    "Description",
    "Distribution date",
    "Final date for comments",
    "Notification type",
    "Keywords",
    "Objectives",
    "Notified document",
]
KENYA = [
    "G/TBT/N/BDI/189/Add.2, G/TBT/N/KEN/1170/Add.2, G/TBT/N/RWA/580/Add.2, "
    "G/TBT/N/TZA/677/Add.2, G/TBT/N/UGA/1511/Add.2",
    "Kenya",
    None,
    "The aim of this addendum is to update WTO Members that the Draft East African Standard, "
    "DEAS 126:2021, Petroleum jelly for cosmetic use — Specification, Second Edition notified "
    "in G/TBT/N/BDI/189, G/TBT/N/KEN/1170, G/TBT/N/RWA/580, G/TBT/N/TZA/677, G/TBT/N/UGA/1511 "
    "was adopted by Uganda on 24 May 2023 as a Uganda Standard, US EAS 126:2022, Petroleum "
    "jelly for cosmetic use — Specification, First Edition.",
    45268,  # Excel serial of 2023-12-08
    None,
    "Addendum",
    None,
    "Consumer information, labelling (TBT)\nHarmonization (TBT)",
    None,
]
TURKEY = [
    "G/TBT/N/TUR/121/Add.2",
    "Türkiye",
    "The Communique on the Amendment of Turkish Food Codex Communique on Sugar",
    None,
    45548,  # 2024-09-13
    45608,  # 2024-11-12
    "Addendum",
    None,
    None,
    "https://members.wto.org/crnattachments/2024/TBT/TUR/modification/24_06004_00_x.pdf\n"
    "https://members.wto.org/crnattachments/2024/TBT/TUR/modification/24_06004_00_e.pdf",
]


def workbook(path: Path, rows: list[list], headers: list[str] = HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_it_reads_excel_serial_dates_and_newline_separated_links(replica, crawl, session, tmp_path):
    path = workbook(tmp_path / "Notification_EN.xlsx", [KENYA, TURKEY])
    [report] = crawl(source("eping"), spider_kwargs={"eping": {"backfill": str(path)}})
    assert report.ok and report.new == 2 and report.missing_fields == {}
    turkey = session.scalars(select(Notice).where(Notice.identity == "G/TBT/N/TUR/121/Add.2")).one()
    assert str(turkey.distribution_date) == "2024-09-13"
    assert str(turkey.comment_deadline) == "2024-11-12"
    assert turkey.links[1].endswith("24_06004_00_e.pdf") and len(turkey.links) == 2
    kenya = session.scalars(select(Notice).where(Notice.identity == "G/TBT/N/BDI/189/Add.2")).one()
    assert kenya.objectives == ["Consumer information, labelling (TBT)", "Harmonization (TBT)"]
    assert len(kenya.symbols) == 5 and kenya.member_code == "KEN"


def test_a_backfill_ignores_the_yaml_maximum(replica, crawl, tmp_path):
    path = workbook(tmp_path / "n.xlsx", [KENYA, TURKEY])
    [report] = crawl(source("eping", max_items=1), spider_kwargs={"eping": {"backfill": str(path)}})
    assert report.ok and report.new == 2


def test_an_unknown_column_is_reported_by_its_header(replica, crawl, tmp_path):
    path = workbook(tmp_path / "n.xlsx", [[*TURKEY, "Geneva"]], [*HEADERS, "Venue"])
    [report] = crawl(source("eping"), spider_kwargs={"eping": {"backfill": str(path)}})
    assert report.ok and report.unknown_fields == {"Venue": 1}


def test_a_column_that_vanished_is_reported_as_missing(replica, crawl, tmp_path):
    headers = [h for h in HEADERS if h != "Final date for comments"]
    rows = [[v for h, v in zip(HEADERS, TURKEY, strict=True) if h != "Final date for comments"]]
    [report] = crawl(
        source("eping"),
        spider_kwargs={"eping": {"backfill": str(workbook(tmp_path / "n.xlsx", rows, headers))}},
    )
    assert report.ok and report.missing_fields == {"comment_deadline": 1}


def test_a_workbook_without_a_symbol_column_fails_the_source(replica, crawl, tmp_path):
    path = workbook(tmp_path / "n.xlsx", [TURKEY[1:]], HEADERS[1:])
    [report] = crawl(source("eping"), spider_kwargs={"eping": {"backfill": str(path)}})
    assert not report.ok and "no symbol column" in report.messages[0]


def test_a_file_that_is_not_a_workbook_fails_the_source(replica, crawl, tmp_path):
    path = tmp_path / "n.xlsx"
    path.write_text("<html>maintenance</html>")
    [report] = crawl(source("eping"), spider_kwargs={"eping": {"backfill": str(path)}})
    assert not report.ok and "not an Excel workbook" in report.messages[0]


def test_without_a_file_it_downloads_the_configured_bulk_export(replica, crawl, session):
    [report] = crawl(source("eping"), spider_kwargs={"eping": {"backfill": True}})
    assert report.ok and report.new == 17  # every record, dated or not
    assert replica.seen("/NotificationExcelFiles/Notification_EN.xlsx")
    russia = session.scalars(select(Notice).where(Notice.identity == "G/SPS/N/RUS/152")).one()
    assert russia.links == [
        "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename=q:/G/SPS/NRUS152.pdf"
    ]


def test_headers_of_every_known_export_version_are_recognised():
    assert canonical("Notifying Member(s)") == canonical("Notifying Member") == "member"
    assert canonical(" Link(s) to full text ") == canonical("Notified document") == "documents"
    assert canonical("Signatura") == "symbol"
    assert canonical("Something new") == "Something new"


def test_a_missing_file_fails_the_source_and_names_it(replica, crawl, tmp_path):
    missing = tmp_path / "nowhere.xlsx"
    [report] = crawl(source("eping"), spider_kwargs={"eping": {"backfill": str(missing)}})
    assert not report.ok and "nowhere.xlsx" in report.messages[0]
