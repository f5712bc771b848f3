"""Every real notification sample in shared/samples parsed as reviewed by hand: each golden file
under tests/data/documents/golden/ was checked field by field against the sample's text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawlers.documents import parse_document
from tests.conftest import DATA, SHARED

SAMPLES = SHARED / "samples"
GOLDEN = DATA / "documents" / "golden"
CASES = sorted(GOLDEN.glob("*.json"))
# Sample files that are not notification documents or forms.
NOT_DOCUMENTS = {"README-local.txt", "sacinfo_daily-bulletin_2026-02-25.txt"}
FOLDERS = (
    "wto-notifications-en",
    "wto-notifications-es",
    "wto-notifications-fr",
    "cn-platforms",
    "eping-derived",
    "forms",
)

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/samples not present")


def sample_of(golden: Path) -> Path:
    folder, stem = golden.stem.split("__", 1)
    return SAMPLES / folder / f"{stem}.txt"


@needs_samples
@pytest.mark.parametrize("golden", CASES, ids=[case.stem for case in CASES])
def test_each_sample_parses_to_its_reviewed_golden_file(golden: Path) -> None:
    sample = sample_of(golden)
    parsed = parse_document(sample.read_bytes(), name=sample.name).to_dict()
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert set(parsed) == set(expected)
    wrong = {key: (parsed[key], expected[key]) for key in expected if parsed[key] != expected[key]}
    assert not wrong, f"fields differ (parsed, expected): {json.dumps(wrong, ensure_ascii=False)}"


@needs_samples
def test_every_notification_sample_has_a_golden_file() -> None:
    samples = {
        f"{folder}__{path.stem}"
        for folder in FOLDERS
        for path in (SAMPLES / folder).glob("*.txt")
        if path.name not in NOT_DOCUMENTS
    }
    assert samples == {case.stem for case in CASES}


@needs_samples
def test_the_daily_count_bulletin_is_not_taken_for_a_notification() -> None:
    bulletin = SAMPLES / "cn-platforms" / "sacinfo_daily-bulletin_2026-02-25.txt"
    parsed = parse_document(bulletin.read_bytes())
    assert not parsed.has_content()
    assert parsed.symbols == [] and parsed.title is None


@needs_samples
@pytest.mark.parametrize("golden", CASES[:6], ids=[case.stem for case in CASES[:6]])
def test_body_only_reads_a_sample_as_the_automatic_header_cut_does(golden: Path) -> None:
    data = sample_of(golden).read_bytes()
    assert parse_document(data, body_only=True) == parse_document(data)


@needs_samples
def test_the_sample_header_is_never_read() -> None:
    """The header lines name the symbol and dates; the parser must find them in the page text.
    Swapping the header for a wrong one changes nothing."""
    sample = SAMPLES / "wto-notifications-en" / "docslib_G_SPS_N_RUS_56_Add1.txt"
    text = sample.read_text(encoding="utf-8")
    body = text[text.index("\n---\n") :]
    forged = "SOURCE: nowhere\nDOCUMENT SYMBOL: G/TBT/N/USA/1   DISTRIBUTION: 1 January 2000" + body
    assert parse_document(forged.encode()) == parse_document(text.encode())
