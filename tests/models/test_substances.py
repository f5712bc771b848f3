"""Pesticide and veterinary-drug names in English, French, Spanish and Chinese, and the words
around them (residue limits, registration)."""

from __future__ import annotations

import pytest

from models.substances import find, spelling_key
from models.textnorm import prepare


def _names(text: str, kind: str = "pesticide") -> set[str]:
    return set(find(prepare(text)).names.get(kind, ()))


def test_the_spelling_key_makes_english_french_and_spanish_spellings_meet() -> None:
    assert spelling_key("Glyphosate") == "glifosate"
    assert spelling_key("clorpirifós") == spelling_key("chlorpyrifos").replace("y", "i")
    assert spelling_key("Pyraclostrobine") == "piraclostrobine"


@pytest.mark.parametrize(
    "text",
    [
        "Tolerances for pyraclostrobin",
        "Pyraclostrobine – Tolérances",
        "Piraclostrobina: límites máximos de residuos",
        "吡唑醚菌酯的最大残留限量",
    ],
)
def test_a_listed_pesticide_is_found_in_each_language(text: str) -> None:
    assert _names(text)


def test_names_in_french_and_spanish_map_to_the_listed_name() -> None:
    assert _names("Diclofop-méthyl, étridiazole et vinclozoline") == {
        "diclofop-methyl",
        "etridiazole",
        "vinclozolin",
    }
    assert _names("glifosato y clorpirifós") == {"glyphosate", "chlorpyrifos"}
    assert _names("S-métolachlore") == {"s-metolachlor"}


def test_a_name_missing_from_the_list_is_found_by_its_stem_ending() -> None:
    assert _names("Mefentrifluconazol en uvas") == {"mefentrifluconazole"}
    assert _names("Fluxametamide and novelconazole") == {"fluxametamide", "novelconazol"}
    assert _names("氟菌唑；农药残留限量") == {"氟菌唑"}


def test_ordinary_words_are_not_taken_for_pesticides() -> None:
    text = (
        "Protection des neurones, station d'épuration, gestión y combustión, doctrina, "
        "polimorfos, turrón, nation, amorphous materials, bicarbonate"
    )
    assert _names(text) == set()


def test_veterinary_drugs_are_found_apart_from_pesticides() -> None:
    found = find(prepare("Enrofloxacine et oxytétracycline dans les crevettes; 恩诺沙星"))
    assert found.names["veterinary"] == {"enrofloxacin", "oxytetracycline", "恩诺沙星"}
    assert "pesticide" not in found.names


def test_context_phrases_say_residue_or_registration() -> None:
    found = find(prepare("Glyphosate – décision de réhomologation et tolérances"))
    assert found.context["registration"] == {"réhomologation"}
    assert found.context["weak"] == {"tolerances"}  # the French and English words are one
    assert find(prepare("Pesticide tolerances; MRLs")).context["residue"] == {
        "pesticide tolerances",
        "MRLs",
    }


def test_generic_words_stand_in_for_a_name() -> None:
    found = find(prepare("Divers insecticides – résidus"))
    assert found.named("pesticide") == {"insecticides"}
