"""RASFF field readers on plain values: hazards, dates, origins."""

from __future__ import annotations

from datetime import date

import pytest

from crawlers.spiders.rasff_fields import Hazard, attention_for, rasff_datetime
from crawlers.strict import RecordSkipped


def test_a_hazard_line_drops_the_category_repeated_in_its_name():
    hazard = Hazard(
        "ethylene oxide  - pesticide residues",
        "pesticide residues",
        "0.26",
        "mg/kg - ppm",
        "0.1",
        "mg/kg - ppm",
        date(2026, 9, 3),
    )
    assert hazard.line() == (
        "ethylene oxide (pesticide residues): 0.26 mg/kg - ppm; "
        "max. permitted 0.1 mg/kg - ppm; sampled 2026-09-03"
    )


def test_a_hazard_without_result_or_limit_is_named_alone():
    hazard = Hazard("Salmonella spp.", None, None, None, None, None, None)
    assert hazard.line() == "Salmonella spp."


def test_only_rasffs_own_date_format_is_read():
    assert rasff_datetime("16-09-2026 15:36:22", "d").date() == date(2026, 9, 16)
    for bad in ("2026-09-16", "16/09/2026", "", None):
        with pytest.raises(RecordSkipped):
            rasff_datetime(bad, "ecValidationDate")


def test_attention_names_each_watched_origin():
    origins = [{"iso2": "IN", "name": "India"}, {"iso2": "CN", "name": "China"}]
    assert attention_for(origins, ["cn"]) == ["origin: China"]
    assert attention_for(origins, []) == []
    assert attention_for([{"iso2": None, "name": "China"}], ["CN"]) == ["origin: China"]
    assert attention_for([{"iso2": None, "name": "Atlantis"}], ["CN"]) == []
