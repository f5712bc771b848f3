"""The same real notifications read through every format the WTO and its mirrors publish (PDF,
DOCX, HTML) and through the layout damage of copies (re-wrapped lines, table bars, spacing):
the fields must come out as in the reviewed golden file of the plain-text sample."""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from crawlers.documents import parse_document
from tests.conftest import DATA
from tests.crawlers.documents import builders
from tests.crawlers.documents.builders import FORMCHECKBOX, body, boxes

GOLDEN = DATA / "documents" / "golden"
FIELDS = (
    "symbols",
    "domain",
    "doc_type",
    "member",
    "agency",
    "title",
    "description",
    "products",
    "hs_codes",
    "ics_codes",
    "objectives",
    "distribution_date",
    "comment_deadline",
    "adoption_date",
    "entry_into_force_date",
    "addendum_reasons",
    "language",
    "original_language",
    "notified_under",
    "regions",
    "cited_symbols",
    "links",
)
DOM27 = ("wto-notifications-es", "studylib_G_TBT_N_DOM_27_es")
RUS56 = ("wto-notifications-en", "docslib_G_SPS_N_RUS_56_Add1")
TUR = ("wto-notifications-en", "wtocenter_TBT_TUR_sugar_addendum_2024-09-13")
AUS227 = ("cn-platforms", "wzisps_G_SPS_N_AUS_227")
RADISH = ("wto-notifications-en", "wto-tbt-notif-1996-NLD-radish_fbodaily")
COL20 = ("wto-notifications-en", "wto-tbt-addendum-G_TBT_N_COL_20_Add5_en")
USA_BE = ("wto-notifications-en", "wtocenter_TBT_USA_bioengineered_addendum_2020-07-28")

pytestmark = pytest.mark.skipif(not builders.SAMPLES.is_dir(), reason="shared/samples missing")


def golden(case: tuple[str, str]) -> dict:
    return json.loads((GOLDEN / f"{case[0]}__{case[1]}.json").read_text(encoding="utf-8"))


def text_of(case: tuple[str, str]) -> str:
    return body(case[0], f"{case[1]}.txt")


def fields(data: dict, *, fold_space: bool = False) -> dict:
    picked = {key: data[key] for key in FIELDS}
    if fold_space:
        picked = json.loads(re.sub(r"(?:\\n|\s)+", " ", json.dumps(picked, ensure_ascii=False)))
    return picked


def assert_same_fields(parsed, case: tuple[str, str], *, fold_space: bool = False) -> None:  # type: ignore[no-untyped-def]
    got = fields(parsed.to_dict(), fold_space=fold_space)
    want = fields(golden(case), fold_space=fold_space)
    assert got == want


def test_a_spanish_regular_form_reads_the_same_from_a_pdf() -> None:
    parsed = parse_document(builders.pdf_of_form(text_of(DOM27)), name="GTBTNDOM27.pdf")
    assert parsed.extra["source_format"] == "pdf"
    assert_same_fields(parsed, DOM27)


def test_an_addendum_pdf_keeps_title_and_description_apart_by_paragraph() -> None:
    parsed = parse_document(builders.pdf_of_lines(text_of(RUS56)), name="NRUS56A1.pdf")
    assert_same_fields(parsed, RUS56)


def test_a_tbt_addendum_pdf_with_boxes_beside_their_reasons() -> None:
    text = re.sub(r"(\[[ X]\])\s*\n\s*\n?", r"\1 ", text_of(TUR))  # "[X] Content or scope …"
    parsed = parse_document(builders.pdf_of_lines(text))
    assert_same_fields(parsed, TUR)
    assert parsed.addendum_reasons == ["scope_changed"]


def test_a_wto_docx_reads_its_header_block_table_and_legacy_checkboxes() -> None:
    parsed = parse_document(builders.dom27_docx(), name="GTBTNDOM27.docx")
    assert parsed.extra["source_format"] == "docx"
    assert parsed.extra["job_number"] == "06-2405"
    assert_same_fields(parsed, DOM27)


def test_an_unticked_legacy_checkbox_is_not_read_as_ticked() -> None:
    _, parts = boxes(text_of(DOM27))
    rows = [
        (f"{n}.", re.sub(r"\[\s*X?\s*\]", FORMCHECKBOX, c) if n == "3" else c) for n, c in parts
    ]
    data = builders.docx_form(
        [["", "G/TBT/N/DOM/27"]], ["NOTIFICACIÓN"], rows, checks=[False, True, False, False]
    )
    assert parse_document(data).notified_under == ["2.10.1"]
    assert parse_document(data).doc_type == "emergency"  # notified under Article 2.10.1


def test_an_sps_addendum_docx_with_glyph_and_wingdings_checkboxes() -> None:
    paragraphs = []
    for line in builders.lines(text_of(RUS56)):
        if line.startswith("[ ] Modification of final date"):
            items = re.split(r"\s*(?=\[[ X]\])", line)
            paragraphs.extend(item.replace("[ ]", "☐", 1) for item in items if item)
        else:
            paragraphs.append(line)
    ticked = next(p for p in paragraphs if p.startswith("[X]"))
    parsed = parse_document(builders.docx_paragraphs(paragraphs, wingdings_checked=ticked))
    assert_same_fields(parsed, RUS56)


def test_a_chinese_platform_page_reads_the_same_from_its_html_table() -> None:
    parsed = parse_document(
        builders.html_page("G/SPS/N/AUS/227", rows=builders.aus227_rows()),
        name="SpsNotifyDetail.html",
    )
    assert parsed.extra["source_format"] == "html"
    assert_same_fields(parsed, AUS227)


def test_an_html_page_in_a_legacy_chinese_encoding() -> None:
    # Chinese sites declare gb2312 and write GBK/GB18030 (the dash "—" is not in GB2312).
    page = builders.html_page(
        "G/SPS/N/AUS/227", rows=builders.aus227_rows(), charset="gb2312", encoding="gb18030"
    )
    assert_same_fields(parse_document(page), AUS227)


def test_an_addendum_mirrored_as_html_paragraphs() -> None:
    page = builders.html_page("Addendum", paragraphs=builders.lines(text_of(TUR)))
    assert_same_fields(parse_document(page, content_type="text/html"), TUR)


# --- layout damage of copies: the same words, other line breaks, bars and spacing ---------

LATIN_FORMS = (RADISH, COL20, RUS56, TUR, USA_BE, DOM27)


def _rewrap(text: str, width: int) -> str:
    out = []
    for line in text.split("\n"):
        out.extend(
            textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]
        )
    return "\n".join(out)


@pytest.mark.parametrize("width", [38, 71])
@pytest.mark.parametrize("case", LATIN_FORMS, ids=[c[1] for c in LATIN_FORMS])
def test_labels_broken_across_lines_are_still_found(case: tuple[str, str], width: int) -> None:
    parsed = parse_document(_rewrap(text_of(case), width))
    assert_same_fields(parsed, case, fold_space=True)


@pytest.mark.parametrize("case", LATIN_FORMS, ids=[c[1] for c in LATIN_FORMS])
def test_doubled_spaces_and_spaces_before_colons_change_nothing(case: tuple[str, str]) -> None:
    damaged = re.sub(r"(?<=\w) (?=\w)", "  ", text_of(case))
    damaged = re.sub(r":(?=\s)", " :", damaged)
    parsed = parse_document(damaged)
    want = fields(golden(case), fold_space=True)
    got = fields(parsed.to_dict(), fold_space=True)
    assert json.loads(json.dumps(got).replace(" :", ":")) == want


def test_a_form_flattened_to_table_bars_reads_the_same() -> None:
    preamble, parts = boxes(text_of(DOM27))
    flat = preamble + "\n" + "\n".join(f"| {n}. | {c} |" for n, c in parts)
    assert_same_fields(parse_document(flat), DOM27)


INPUTS = DATA / "documents" / "inputs"


@pytest.mark.parametrize("name", sorted(builders.EXAMPLES))
def test_the_example_input_files_read_as_their_samples(name: str) -> None:
    """The files in tests/data/documents/inputs/ (rebuilt by `python -m
    tests.crawlers.documents.builders`) are there to try `tbtwatch parse` by hand."""
    folder, stem, _ = builders.EXAMPLES[name]
    parsed = parse_document((INPUTS / name).read_bytes(), name=name)
    assert_same_fields(parsed, (folder, stem))
