"""The taxonomy file and its code mapping: what ships, and every mistake refused on load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from models.taxonomy import FALLBACK, TaxonomyError, load_taxonomy, read_mapping
from tests.models.tiny import TINY

IDS = {
    "HT01",
    "HT02",
    "HT03",
    "HT04",
    "HT05",
    "HT06",
    "HT07",
    "HT08",
    "HT09",
    "TR01",
    "TR02",
    "TR03",
    "TR04",
    "TR05",
    "TR06",
    "TR07",
    "OT99",
}


def test_the_shipped_taxonomy_has_the_seventeen_categories() -> None:
    taxonomy = load_taxonomy()
    assert set(taxonomy.ids) == IDS
    assert FALLBACK not in taxonomy.labels
    assert taxonomy.get("TR02").name_zh == "食品饮料及农产品"
    assert taxonomy.get("OT99").watched is False
    assert all(taxonomy.get(c).watched for c in taxonomy.labels)


def test_every_category_has_keywords_in_every_language() -> None:
    taxonomy = load_taxonomy()
    for category in taxonomy.categories:
        if category.id == FALLBACK:
            continue
        assert set(category.keywords) == {"en", "fr", "es", "zh", "vi"}, category.id
        assert all(len(words) >= 10 for words in category.keywords.values()), category.id
        assert {"en", "zh"} <= set(category.scope), category.id


def test_names_of_bodies_that_read_like_products_are_listed() -> None:
    assert "Food and Drug Administration" in load_taxonomy().not_products


def test_sps_notices_default_to_food_and_nothing_else_has_a_default() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.default_for("SPS") == "TR02"
    assert taxonomy.default_for("TBT") is None
    assert taxonomy.default_for(None) is None


def test_every_category_but_the_fallback_has_codes() -> None:
    taxonomy = load_taxonomy()
    mapped = {rule.category for rule in taxonomy.rules}
    assert mapped == set(taxonomy.labels)
    assert {rule.strength for rule in taxonomy.rules} == {"core", "partial"}


def _copy(tmp_path: Path, yaml_text: str | None = None, csv_text: str | None = None) -> Path:
    target = tmp_path / "taxonomy"
    shutil.copytree(TINY, target)
    if yaml_text is not None:
        (target / "taxonomy.yml").write_text(yaml_text)
    if csv_text is not None:
        (target / "codes.csv").write_text(csv_text)
    return target / "taxonomy.yml"


def _yaml() -> str:
    return (TINY / "taxonomy.yml").read_text()


def _csv() -> str:
    return (TINY / "codes.csv").read_text()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda y: y.replace("id: TY01", "id: FD01"), "repeated id"),
        (lambda y: y.replace("id: TY01", "id: toys"), "id must look like"),
        (lambda y: y.replace("  - id: OT99\n", "  - id: OT98\n"), "fallback OT99 is missing"),
        (lambda y: y.replace("en: [toy, doll,", "en: [toy, Toy,"), "repeated toy"),
        (lambda y: y.replace("fr: [jouet, poupée]", "de: [Spielzeug]"), "language 'de'"),
        (lambda y: y.replace("{zh: 玩具, en: Toys", "{en: Toys"), "name needs en and zh"),
        (lambda y: y.replace("mapping: codes.csv", "mapping: nowhere.csv"), "no such file"),
        (lambda y: y.replace("watched: false", "watched: maybe"), "watched must be"),
        (lambda y: y + "colour: blue\n", "unknown key 'colour'"),
        (
            lambda y: y.replace("  - id: FD01\n", "  - id: FD01\n    default_for: [SPS]\n").replace(
                "  - id: TY01\n", "  - id: TY01\n    default_for: [SPS]\n"
            ),
            "SPS is the default of FD01, TY01",
        ),
        (
            lambda y: y.replace("  - id: FD01\n", "  - id: FD01\n    default_for: [GATT]\n"),
            "default_for must be a list of",
        ),
        (
            lambda y: y.replace("watched: false", "watched: false\n    default_for: [TBT]"),
            "the fallback is everyone's default",
        ),
        (lambda y: y + "not_products:\n  de: [Bundesamt]\n", "not_products: language 'de'"),
    ],
)
def test_it_refuses_a_broken_taxonomy_file(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(_copy(tmp_path, yaml_text=change(_yaml())))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("XX01,HS2022,8517,core,Phones", "unknown category 'XX01'"),
        ("OT99,HS2022,8517,core,Phones", "unknown category 'OT99'"),
        ("FD01,HS2022,9823,core,National", "'9823' is not a code"),
        ("FD01,HS2022,6908,core,Legacy tiles", "'6908' is not a code"),
        ("FD01,ICS_ed7,99.001,core,Nothing", "'99.001' is not a code"),
        ("FD01,CN,0201,core,Meat", "code_system must be"),
        ("FD01,HS2022,0201,strong,Meat", "strength must be core or partial"),
        ("FD01,HS2022,02,core,Meat again", "FD01 HS 02 repeated"),
    ],
)
def test_it_refuses_a_broken_code_mapping_with_the_line_number(
    tmp_path: Path, line: str, message: str
) -> None:
    with pytest.raises(TaxonomyError, match=message) as raised:
        load_taxonomy(_copy(tmp_path, csv_text=_csv() + line + "\n"))
    assert "codes.csv line 10" in str(raised.value)


def test_an_hs8_list_replaces_the_mapping_as_partial_hs6_rules() -> None:
    text = (
        "category_id,code_system,code_prefix,strength\n"
        "EL01,HS2022,84181010,core\nEL01,HS2022,84181020,core\nEL01,HS2022,8450,core\n"
    )
    rules = read_mapping(text, {"EL01"})
    assert [(r.prefix, r.strength) for r in rules] == [("841810", "partial"), ("8450", "core")]


def test_the_model_version_changes_with_the_taxonomy(tmp_path: Path) -> None:
    before = load_taxonomy(TINY / "taxonomy.yml").digest
    changed = load_taxonomy(_copy(tmp_path, csv_text=_csv() + "TY01,HS2022,9504,partial,x\n"))
    assert changed.digest != before
