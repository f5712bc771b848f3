"""The guideline's pesticide and veterinary-drug rules and the SPS default, on the real taxonomy."""

from __future__ import annotations

import pytest

from models.classifier import Classifier
from models.document import Document
from models.guideline import Ruling, excepted, full_text, main_text, rule
from models.keywords import KeywordIndex
from models.taxonomy import load_taxonomy
from models.textnorm import prepare
from tests.models.test_fusion import FixedBackend

TAXONOMY = load_taxonomy()
INDEX = KeywordIndex(TAXONOMY)


def _rule(document: Document) -> Ruling:
    return rule(document, INDEX, prepare(full_text(document)), prepare(main_text(document)))


@pytest.mark.parametrize(
    ("language", "products"),
    [
        ("en", "Sulfoxaflor; pesticide tolerances"),
        ("fr", "Pyraclostrobine – Tolérances pour les résidus"),
        ("es", "Clorpirifós y tebuconazol: límites máximos de residuos"),
        ("zh", "嘧菌酯在葡萄中的最大残留限量"),
    ],
)
@pytest.mark.parametrize("domain", ["SPS", "TBT"])
def test_an_mrl_notice_is_food_whatever_the_pesticide(
    language: str, products: str, domain: str
) -> None:
    document = Document(products=products, language=language, domain=domain)
    ruling = _rule(document)
    assert set(ruling.hits) == {"TR02"}
    assert "TR05" in excepted(document, INDEX)


def test_a_pesticide_reregistration_is_also_chemicals() -> None:
    document = Document(
        products="Diclofop-méthyl, étridiazole et vinclozoline – Documents "
        "relatifs à la décision d'autorisation de réenregistrement",
        language="fr",
        domain="SPS",
    )
    ruling = _rule(document)
    assert set(ruling.hits) == {"TR02", "TR05"}
    assert ruling.hits["TR05"] == {
        "diclofop-methyl",
        "etridiazole",
        "vinclozolin",
        "réenregistrement",
    }
    # Notified as SPS, the registration decision reassesses the tolerances: food as well.
    assert ruling.hits["TR02"] == ruling.hits["TR05"]
    assert "TR05" not in excepted(document, INDEX)


def test_registration_and_tolerances_in_one_document_give_both() -> None:
    document = Document(
        title="Glifosato: reevaluación del registro y tolerancias de residuos",
        language="es",
        domain="TBT",
    )
    assert set(_rule(document).hits) == {"TR02", "TR05"}
    assert "TR05" not in excepted(document, INDEX)


def test_a_lapsed_approval_explained_in_a_residue_notice_stays_food() -> None:
    document = Document(
        title="Limites maximales applicables aux résidus de cyproconazole",
        description="Les LMR sont abaissées à la suite du non-renouvellement de l'approbation.",
        language="fr",
        domain="SPS",
    )
    assert set(_rule(document).hits) == {"TR02"}
    assert "TR05" in excepted(document, INDEX)


def test_a_pesticide_ban_outside_sps_is_chemicals() -> None:
    document = Document(title="泰国禁止使用百草枯和毒死蜱", language="zh", domain="TBT")
    assert set(_rule(document).hits) == {"TR05"}
    assert "TR05" not in excepted(document, INDEX)


def test_an_sps_notice_naming_only_a_pesticide_is_about_its_residues() -> None:
    document = Document(products="Dithianon, fenhexamide et iprodione", language="fr", domain="SPS")
    assert set(_rule(document).hits) == {"TR02"}
    assert "TR05" in excepted(document, INDEX)


def test_veterinary_drug_residues_are_food_and_not_medicines() -> None:
    document = Document(
        products="Médicaments vétérinaires – résidus dans la viande", language="fr", domain="SPS"
    )
    assert set(_rule(document).hits) == {"TR02"}
    assert "HT02" in excepted(document, INDEX)


def test_a_veterinary_drug_outside_sps_and_residues_is_a_medicine() -> None:
    document = Document(
        title="Registration requirements for ivermectin injectable products",
        language="en",
        domain="TBT",
    )
    assert set(_rule(document).hits) == {"HT02"}


def test_a_notice_without_substances_gets_nothing_from_the_rules() -> None:
    assert _rule(Document(title="Safety of toys", language="en", domain="TBT")) == Ruling()


def _classify(document: Document) -> list:
    backend = FixedBackend({label: 0.05 for label in TAXONOMY.labels})
    [result] = Classifier(TAXONOMY, backend).classify([document])
    return list(result.decisions)


def test_an_sps_notice_with_no_signal_falls_back_to_food() -> None:
    [decision] = _classify(
        Document(products="Anthracnose – mesures d'urgence", language="fr", domain="SPS")
    )
    assert (decision.category, decision.method) == ("TR02", "domain")
    assert decision.needs_review
    assert decision.score == 0.5  # a default, scored as the backend's thresholds measured it
    assert "default category of SPS notices" in decision.evidence["reason"]


def test_a_tbt_notice_with_no_signal_still_gets_other() -> None:
    [decision] = _classify(Document(title="Anthracnose", language="fr", domain="TBT"))
    assert decision.category == "OT99"
    [decision] = _classify(Document(title="Anthracnose", language="fr"))
    assert decision.category == "OT99"


def test_names_of_regulators_are_not_read_as_products() -> None:
    from models.guideline import readable

    text = readable(
        "The Food and Drug Administration proposes to amend laser product rules", TAXONOMY
    )
    assert "food" not in text.folded and "laser product" in text.folded
    # Traditional characters are simplified first, so 國家質量監督檢驗檢疫總局 goes too.
    assert "检疫" not in readable("國家質量監督檢驗檢疫總局發布玩具標準", TAXONOMY).folded
    assert "TR02" not in INDEX.keywords(
        readable("美国食品药品管理局：医疗器械唯一标识", TAXONOMY), "zh"
    )
