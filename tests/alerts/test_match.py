"""Matching: the decision table, and the index agreeing with a pair-by-pair decision."""

from __future__ import annotations

import random

import pytest

from alerts.match import (
    Criteria,
    NoticeFacts,
    SubscriptionIndex,
    effective_categories,
    match_one,
    normalise_hs,
    stem,
)
from warning.core.members import covers

NOTICE = NoticeFacts(
    id=1,
    domain="TBT",
    member_code="DEU",
    categories=("TR04", "HT06"),
    hs_codes=("8415.10", "940540"),
    text="Energy labelling of room air conditioners and LED lamps; lithium-ion batteries. "
    "空调能效标识",
)


def sub(**fields) -> Criteria:
    return Criteria(id=7, subscriber_id=3, **fields)


# (criteria, expected reasons as (kind, value) or None for no match)
DECISIONS = [
    # topics: any one is enough
    (dict(categories=("TR04",)), {("category", "TR04")}),
    (dict(categories=("HT01",)), None),
    (dict(categories=("HT01", "HT06")), {("category", "HT06")}),
    (dict(hs_prefixes=("8415",)), {("hs", "8415")}),
    (dict(hs_prefixes=("84",)), {("hs", "84")}),
    (dict(hs_prefixes=("841510",)), {("hs", "841510")}),
    (dict(hs_prefixes=("8517",)), None),
    (dict(hs_prefixes=("9405409000",)), {("hs", "9405409000")}),  # inside the notice's 940540
    (dict(hs_prefixes=("9406",)), None),
    (dict(keywords=("lithium",)), {("keyword", "lithium")}),
    (dict(keywords=("LITHIUM-ION Battery",)), {("keyword", "lithium-ion battery")}),
    (dict(keywords=("air conditioner",)), {("keyword", "air conditioner")}),
    (dict(keywords=("lamp",)), {("keyword", "lamp")}),
    (dict(keywords=("conditioners air",)), None),  # phrases keep their order
    (dict(keywords=("ion",)), {("keyword", "ion")}),
    (dict(keywords=("lithiu",)), None),  # whole words in spaced scripts
    (dict(keywords=("空调",)), {("keyword", "空调")}),  # Chinese: substring
    (dict(keywords=("冰箱",)), None),
    (dict(categories=("HT01",), keywords=("lamp",)), {("keyword", "lamp")}),
    # filters: market (EU covers member states) and domain
    (dict(categories=("TR04",), markets=("EU",)), {("category", "TR04"), ("market", "EU")}),
    (dict(categories=("TR04",), markets=("DEU",)), {("category", "TR04"), ("market", "DEU")}),
    (dict(categories=("TR04",), markets=("Germany",)), {("category", "TR04"), ("market", "DEU")}),
    (dict(categories=("TR04",), markets=("USA",)), None),
    (dict(categories=("TR04",), markets=("USA", "EU")), {("category", "TR04"), ("market", "EU")}),
    (dict(categories=("TR04",), domains=("tbt",)), {("category", "TR04")}),
    (dict(categories=("TR04",), domains=("SPS",)), None),
    # no topic: every notice that passes the filters
    (dict(), {("all", "*")}),
    (dict(markets=("EU",)), {("all", "*"), ("market", "EU")}),
    (dict(markets=("CHN",)), None),
    (dict(domains=("SPS", "regulation")), None),
]


@pytest.mark.parametrize(("criteria", "expected"), DECISIONS)
def test_the_decision_table(criteria: dict, expected: set | None) -> None:
    found = match_one(sub(**criteria), NOTICE)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert {(r.kind, r.value) for r in found.reasons} == expected


def test_a_heading_code_in_the_notice_matches_a_longer_subscribed_prefix() -> None:
    notice = NOTICE._replace(hs_codes=("8415",))
    assert match_one(sub(hs_prefixes=("841510",)), notice) is not None
    assert match_one(sub(hs_prefixes=("8418",)), notice) is None


def test_a_bare_chapter_in_the_notice_is_too_broad_for_a_heading() -> None:
    notice = NOTICE._replace(hs_codes=("84",))
    assert match_one(sub(hs_prefixes=("8415",)), notice) is None
    assert match_one(sub(hs_prefixes=("84",)), notice) is not None


def test_the_reason_names_the_notice_code_that_matched() -> None:
    found = match_one(sub(hs_prefixes=("8415",)), NOTICE)
    assert found is not None
    assert [(r.kind, r.value, r.detail) for r in found.reasons] == [("hs", "8415", "841510")]


def test_english_plurals_fold_both_ways() -> None:
    notice = NOTICE._replace(text="Safety of toys and batteries")
    assert match_one(sub(keywords=("toy",)), notice) is not None
    assert match_one(sub(keywords=("battery",)), notice) is not None
    assert match_one(sub(keywords=("Batteries",)), notice) is not None
    assert stem("glasses") == stem("glass") and stem("boxes") == stem("box")


def test_full_width_text_and_keywords_match_half_width() -> None:
    notice = NOTICE._replace(text="ＬＥＤ照明产品")
    assert match_one(sub(keywords=("led",)), notice) is not None
    assert match_one(sub(keywords=("照明",)), notice) is not None


def test_a_notice_without_member_passes_only_unrestricted_markets() -> None:
    notice = NOTICE._replace(member_code=None)
    assert match_one(sub(categories=("TR04",)), notice) is not None
    assert match_one(sub(categories=("TR04",), markets=("EU",)), notice) is None


def test_hs_codes_are_compared_as_digits() -> None:
    assert normalise_hs("8415.10.00") == "84151000"
    assert normalise_hs(" 85 17 ") == "8517"


def test_the_reviewer_decision_takes_precedence_over_the_machine() -> None:
    rows = [("TR04", False, True), ("HT06", False, True), ("TR06", True, True)]
    assert effective_categories(rows) == ("TR06",)
    assert effective_categories([("TR04", False, True), ("HT06", False, False)]) == ("TR04",)
    assert effective_categories([("TR06", True, False), ("TR04", False, True)]) == ("TR04",)
    assert effective_categories([]) == ()


def test_one_subscription_matches_a_notice_once_with_all_its_reasons() -> None:
    index = SubscriptionIndex(
        [sub(categories=("TR04",), hs_prefixes=("8415",), keywords=("lamp", "lithium"))]
    )
    (found,) = index.match(NOTICE)
    assert {r.kind for r in found.reasons} == {"category", "hs", "keyword"}
    assert len({r.value for r in found.reasons if r.kind == "keyword"}) == 2


def _brute_force(subscription: Criteria, notice: NoticeFacts) -> bool:
    """The semantics written out plainly, to check the index against."""
    text = notice.text.casefold()
    codes = [normalise_hs(c) for c in notice.hs_codes]
    topics = [
        *(c in notice.categories for c in subscription.categories),
        *(
            any(code.startswith(p) or (len(code) >= 4 and p.startswith(code)) for code in codes)
            for p in subscription.hs_prefixes
        ),
        *(f" {k.casefold()} " in f" {text} " for k in subscription.keywords),
    ]
    topical = any(topics) if topics else True
    market = not subscription.markets or any(
        covers(m, notice.member_code) for m in subscription.markets
    )
    domain = not subscription.domains or notice.domain in subscription.domains
    return topical and market and domain


def test_the_index_agrees_with_pair_by_pair_decisions() -> None:
    rng = random.Random(5)
    words = ["toy", "lamp", "steel", "battery", "radio", "paper", "cement"]
    subs = [
        Criteria(
            id=i,
            subscriber_id=i,
            categories=tuple(rng.sample(["TR04", "TR06", "HT01", "HT06"], rng.randint(0, 2))),
            hs_prefixes=tuple(
                rng.sample(["84", "8415", "841510", "9503", "7214"], rng.randint(0, 2))
            ),
            markets=tuple(rng.sample(["EU", "USA", "DEU", "JPN"], rng.randint(0, 2))),
            keywords=tuple(rng.sample(words, rng.randint(0, 2))),
            domains=tuple(rng.sample(["TBT", "SPS"], rng.randint(0, 1))),
        )
        for i in range(400)
    ]
    notices = [
        NoticeFacts(
            id=n,
            domain=rng.choice(["TBT", "SPS"]),
            member_code=rng.choice(["DEU", "USA", "JPN", "EU", "CHN"]),
            categories=tuple(rng.sample(["TR04", "TR06", "HT01", "HT06"], rng.randint(1, 2))),
            hs_codes=tuple(rng.sample(["841510", "8415", "950300", "721420"], rng.randint(0, 2))),
            text=" ".join(rng.sample(words, 3)),
        )
        for n in range(40)
    ]
    index = SubscriptionIndex(subs)
    for notice in notices:
        got = {m.subscription.id for m in index.match(notice)}
        expected = {s.id for s in subs if _brute_force(s, notice)}
        assert got == expected, notice
