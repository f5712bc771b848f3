"""Keyword matching: languages, longest match, acronyms, traditional Chinese, exceptions."""

from __future__ import annotations

from models.keywords import KeywordIndex, trie_pattern
from models.taxonomy import load_taxonomy
from models.textnorm import guess_language, prepare

INDEX = KeywordIndex(load_taxonomy())


def _found(text: str, language: str | None) -> dict[str, set[str]]:
    return INDEX.keywords(prepare(text), language)


def test_the_longest_keyword_wins_where_keywords_overlap() -> None:
    found = _found("Food contact materials made of plastics", "en")
    assert found["TR06"] == {"food contact materials"}
    assert "TR02" not in found


def test_acronyms_match_only_in_capitals() -> None:
    assert _found("LED lamps and luminaires", "en")["HT06"] == {"LED"}
    assert "HT06" not in _found("The committee led the work", "en")


def test_plural_and_case_are_folded() -> None:
    assert _found("REFRIGERATORS and Washing Machines", "en")["TR04"] == {
        "refrigerator",
        "washing machine",
    }


def test_traditional_chinese_and_pinyin_glosses_match_simplified_keywords() -> None:
    assert "TR05" in _found("生物滅殺產(chǎn)品和化妝品", "zh")
    assert _found("醫療器械分類目錄", "zh")["HT02"] == {"医疗器械"}


def test_each_language_matches_its_own_keywords() -> None:
    assert _found("Un jouet en bois", "fr")["TR06"] == {"jouet"}
    assert _found("Productos lácteos y quesos", "es")["TR02"] == {"productos lácteos", "quesos"}
    assert _found("Phương tiện giao thông đường bộ", "vi")["TR07"] == {
        "phương tiện giao thông đường bộ"
    }
    assert _found("电动自行车安全技术规范", "zh")["TR07"] == {"电动自行车"}


def test_english_keywords_are_read_in_every_notice() -> None:
    assert "HT03" in _found("Directiva RoHS sobre aparatos", "es")


def test_except_phrases_carry_the_guideline_exceptions() -> None:
    text = prepare("Maximum residue limits for pesticides in fruit")
    assert "TR05" in INDEX.keywords(text, "en")
    assert set(INDEX.excepted(text, "en")) >= {"TR05", "HT02"}
    assert "TR07" in INDEX.excepted(prepare("儿童自行车安全要求"), "zh")


def test_the_trie_pattern_prefers_the_longest_word() -> None:
    import re

    pattern = re.compile(trie_pattern(["food", "food contact", "foods"]))
    assert pattern.match("food contact").group(0) == "food contact"
    assert pattern.match("foods").group(0) == "foods"


def test_a_notice_without_language_gets_a_guess() -> None:
    assert guess_language("Reglamento técnico de los productos lácteos para el consumo") == "es"
    assert guess_language("食品安全国家标准") == "zh"
    assert guess_language("Nhật Bản thông báo về dự thảo quy định") == "vi"


def test_accents_are_ignored_in_english_french_and_spanish() -> None:
    # Spanish plurals move the accent; mirrors drop accents altogether.
    assert _found("Las radiocomunicaciones", "es")["HT01"] == {"radiocomunicación"}
    assert _found("Productos lacteos y quesos", "es")["TR02"] == {"productos lácteos", "quesos"}
    assert "TR02" in _found("Securite sanitaire des denrees alimentaires", "fr")


def test_french_words_in_al_match_their_plural_in_aux() -> None:
    assert _found("Animaux vivants", "fr")["TR02"] == {"animaux vivants"}
    assert "TR02" in _found("Végétaux et produits végétaux", "fr")


def test_vietnamese_keeps_its_tones() -> None:
    # `hành` (onion) is not a keyword, and tones tell `nho` (grape) from `nhỏ` (small).
    assert "TR02" not in _found("Quy định về thiết bị nhỏ", "vi")
