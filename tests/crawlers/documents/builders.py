"""Test inputs in the formats the WTO and the mirror sites publish (PDF, DOCX, HTML), built from
the real sample texts: the words are the sample's, the layout is the format's (a WTO DOCX keeps
its symbol block in the first-page header and its boxes in a two-column table)."""

from __future__ import annotations

import html
import re
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from crawlers.documents.samples import sample_body
from tests.conftest import SHARED
from tests.crawlers.documents.pdfwriter import make_pdf

SAMPLES = SHARED / "samples"
FORMCHECKBOX = "\x00box"  # marks where a legacy Word checkbox field goes in a DOCX cell


def body(folder: str, name: str) -> str:
    return sample_body((SAMPLES / folder / name).read_text(encoding="utf-8")).text


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def boxes(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A one-line form ("… 1. Miembro que notifica: … 2. Organismo …") cut into its preamble and
    (box number, box text) pairs."""
    parts = re.split(r"\s(\d{1,2})\.\s(?=[A-ZÁÉÍÓÚ])", text)
    return parts[0], [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


# --- PDF ---------------------------------------------------------------------------------


def pdf_of_lines(text: str) -> bytes:
    return make_pdf(lines(text))


def pdf_of_form(text: str) -> bytes:
    preamble, parts = boxes(text)
    return make_pdf([preamble, *(f"{number}. {content}" for number, content in parts)])


# --- DOCX --------------------------------------------------------------------------------


def _legacy_checkbox(paragraph, checked: bool) -> None:  # type: ignore[no-untyped-def]
    """A FORMCHECKBOX field as Word writes it: the state lives in w:ffData, not in any text."""
    begin = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "begin")
    data, box, state = OxmlElement("w:ffData"), OxmlElement("w:checkBox"), OxmlElement("w:default")
    state.set(qn("w:val"), "1" if checked else "0")
    box.append(state)
    data.append(box)
    char.append(data)
    begin.append(char)
    paragraph._p.append(begin)
    for kind in ("separate", "end"):
        run, mark = OxmlElement("w:r"), OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run.append(mark)
        paragraph._p.append(run)


def _fill(cell, text: str, checks: list[bool]) -> None:  # type: ignore[no-untyped-def]
    """Cell text, with each FORMCHECKBOX marker replaced by the next legacy checkbox field."""
    paragraph = cell.paragraphs[0]
    pieces = text.split(FORMCHECKBOX)
    for index, piece in enumerate(pieces):
        paragraph.add_run(piece)
        if index < len(pieces) - 1:
            _legacy_checkbox(paragraph, checks.pop(0))


def docx_form(
    header: list[list[str]],
    heading: list[str],
    rows: list[tuple[str, str]],
    checks: list[bool] | None = None,
) -> bytes:
    """A WTO notification DOCX: the symbol block as a table in the first page's header, the
    heading paragraphs, then one table row per box (number | label and text)."""
    document = Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    block = section.first_page_header.add_table(rows=len(header), cols=2, width=section.page_width)
    for row, values in zip(block.rows, header, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for line in heading:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=2)
    pending = list(checks or [])
    for row, (number, text) in zip(table.rows, rows, strict=True):
        row.cells[0].text = number
        _fill(row.cells[1], text, pending)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def docx_paragraphs(paragraphs: list[str], *, wingdings_checked: str | None = None) -> bytes:
    """Paragraphs; in the one equal to `wingdings_checked` the leading "[X]" is written as a
    Wingdings symbol (w:sym F0FE), as older WTO templates do."""
    document = Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        if text == wingdings_checked and text.startswith("[X]"):
            run = paragraph.add_run()
            sym = OxmlElement("w:sym")
            sym.set(qn("w:font"), "Wingdings")
            sym.set(qn("w:char"), "F0FE")
            run._r.append(sym)
            text = text[3:]
        paragraph.add_run(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- HTML --------------------------------------------------------------------------------


def html_page(
    title: str,
    rows: list[list[str]] | None = None,
    paragraphs: list[str] | None = None,
    charset: str = "utf-8",
    encoding: str | None = None,
) -> bytes:
    """A page like the mirror sites': a script and a menu to ignore, then a table or paragraphs.
    `encoding` is what the bytes are really in, where a site declares another `charset`."""
    cells = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(c).replace(chr(10), '<br/>')}</td>" for c in row)
        + "</tr>"
        for row in rows or []
    )
    text = "".join(f"<p>{html.escape(p).replace('  ', '&nbsp; ')}</p>" for p in paragraphs or [])
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(title)}</title>'
        "<script>var menu = 'Home | Notifications';</script><style>td{border:1px}</style></head>"
        f"<body><div class='nav'><a href='/'>Home</a></div><table>{cells}</table>{text}"
        "</body></html>"
    )
    return page.encode(encoding or charset)


# --- the samples laid out as files, kept in tests/data/documents/inputs/ -------------------


def dom27_docx() -> bytes:
    preamble, parts = boxes(body("wto-notifications-es", "studylib_G_TBT_N_DOM_27_es.txt"))
    rows = []
    for number, content in parts:
        if number == "3":
            content = re.sub(r"\[\s*X?\s*\]", FORMCHECKBOX, content)
        rows.append((f"{number}.", content))
    header = [
        ["ORGANIZACIÓN MUNDIAL DEL COMERCIO", "G/TBT/N/DOM/27\n17 de mayo de 2006"],
        ["", "(06-2405)"],
        ["Comité de Obstáculos Técnicos al Comercio", "Original: español"],
    ]
    heading = ["NOTIFICACIÓN", preamble.split("NOTIFICACIÓN", 1)[1].strip()]
    return docx_form(header, heading, rows, checks=[True, False, False, False])


def aus227_rows() -> list[list[str]]:
    cells = [c.strip() for c in body("cn-platforms", "wzisps_G_SPS_N_AUS_227.txt").split("|")]
    rows: list[list[str]] = []
    index = 0
    while index < len(cells):
        if re.fullmatch(r"\d{1,2}", cells[index]) and index + 1 < len(cells):
            rows.append([cells[index], cells[index + 1]])
            index += 2
            continue
        if cells[index]:
            rows.append([cells[index]])
        index += 1
    return rows


def _text(folder: str, stem: str) -> str:
    return body(folder, f"{stem}.txt")


EN, ES, CN = "wto-notifications-en", "wto-notifications-es", "cn-platforms"
DOM27 = "studylib_G_TBT_N_DOM_27_es"
RUS56 = "docslib_G_SPS_N_RUS_56_Add1"
TUR = "wtocenter_TBT_TUR_sugar_addendum_2024-09-13"
# file name → (sample folder, sample stem, builder)
EXAMPLES = {
    "G_TBT_N_DOM_27_es.pdf": (ES, DOM27, lambda: pdf_of_form(_text(ES, DOM27))),
    "G_TBT_N_DOM_27_es.docx": (ES, DOM27, dom27_docx),
    "G_SPS_N_RUS_56_Add1.pdf": (EN, RUS56, lambda: pdf_of_lines(_text(EN, RUS56))),
    "G_SPS_N_AUS_227_wzisps.html": (
        CN,
        "wzisps_G_SPS_N_AUS_227",
        lambda: html_page("G/SPS/N/AUS/227", rows=aus227_rows()),
    ),
    "TBT_TUR_sugar_addendum_wtocenter.html": (
        EN,
        TUR,
        lambda: html_page("Addendum", paragraphs=lines(_text(EN, TUR))),
    ),
}


def main() -> None:
    """Write the example files next to the golden files."""
    target = Path(__file__).resolve().parents[2] / "data" / "documents" / "inputs"
    target.mkdir(parents=True, exist_ok=True)
    for name, (_, _, build) in EXAMPLES.items():
        (target / name).write_bytes(build())


if __name__ == "__main__":
    main()
