"""The flag policy as a pure decision, and the loading of its file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from warning.core.flag import (
    FlagInput,
    FlagPolicy,
    FlagPolicyError,
    deadline_factor,
    decide,
    load_flag_policy,
)

TODAY = date(2026, 3, 2)
POLICY = FlagPolicy(member_weights={"USA": 1.5})


def test_it_flags_a_watched_category_at_the_threshold() -> None:
    decision = decide(POLICY, FlagInput({"HT01": 0.5}), TODAY)
    assert decision.flagged
    assert decision.reasons == ("HT01 0.50",)


def test_it_does_not_flag_below_the_threshold() -> None:
    assert not decide(POLICY, FlagInput({"HT01": 0.49}), TODAY).flagged


def test_it_does_not_flag_an_unwatched_category_however_sure() -> None:
    decision = decide(POLICY, FlagInput({"TR02": 0.99}), TODAY)
    assert decision == decide(POLICY, FlagInput({}), TODAY)
    assert not decision.flagged and decision.urgency is None


def test_every_high_tech_field_is_watched_by_default() -> None:
    assert all(FlagPolicy().watches(f"HT0{i}") for i in range(1, 10))
    assert not FlagPolicy().watches("TR04") and not FlagPolicy().watches("OT99")


def test_a_category_threshold_overrides_the_default() -> None:
    policy = FlagPolicy(thresholds={"ht06": 0.8})
    assert not decide(policy, FlagInput({"HT06": 0.7}), TODAY).flagged
    assert decide(policy, FlagInput({"HT01": 0.7}), TODAY).flagged


def test_watched_ids_and_prefixes_can_be_configured() -> None:
    policy = FlagPolicy(watched=("TR04", "HT0*"))
    assert decide(policy, FlagInput({"TR04": 0.9}), TODAY).flagged
    assert not decide(policy, FlagInput({"TR05": 0.9}), TODAY).flagged


def test_a_notice_marked_for_attention_is_flagged_whatever_its_category() -> None:
    item = FlagInput({"TR02": 0.9}, attention=("origin China",))
    decision = decide(POLICY, item, TODAY)
    assert decision.flagged and decision.reasons == ("attention: origin China",)
    assert not decide(FlagPolicy(flag_attention=False), item, TODAY).flagged


def test_a_withdrawn_notice_is_never_flagged() -> None:
    assert not decide(POLICY, FlagInput({"HT01": 0.9}, withdrawn=True), TODAY).flagged


@pytest.mark.parametrize(
    ("deadline", "factor"),
    [
        (date(2026, 3, 2), 1.0),
        (date(2026, 4, 1), 0.5),
        (date(2026, 3, 1), 0.0),
        (None, 0.3),
    ],
)
def test_the_deadline_factor_falls_with_the_days_left(deadline: date | None, factor: float) -> None:
    assert deadline_factor(FlagPolicy(), deadline, TODAY) == pytest.approx(factor)


def test_urgency_mixes_deadline_score_and_member_weight() -> None:
    item = FlagInput({"HT01": 0.8}, member_code="usa", comment_deadline=date(2026, 4, 1))
    # 100 * 1.5 * (0.6 * 0.5 + 0.4 * 0.8)
    assert decide(POLICY, item, TODAY).urgency == pytest.approx(93.0)


def test_a_closer_deadline_is_more_urgent_than_a_higher_score() -> None:
    soon = FlagInput({"HT01": 0.6}, comment_deadline=date(2026, 3, 5))
    later = FlagInput({"HT01": 0.95}, comment_deadline=date(2026, 5, 30))
    assert decide(POLICY, soon, TODAY).urgency > decide(POLICY, later, TODAY).urgency


def test_a_weighted_member_comes_first_when_all_else_is_equal() -> None:
    usa = FlagInput({"HT01": 0.7}, member_code="USA")
    other = FlagInput({"HT01": 0.7}, member_code="PER")
    assert decide(POLICY, usa, TODAY).urgency > decide(POLICY, other, TODAY).urgency


def test_the_shipped_file_loads_and_watches_high_tech() -> None:
    policy = load_flag_policy(Path(__file__).resolve().parents[2] / "config" / "flagging.yml")
    assert policy.watches("HT05") and policy.weight("EU") > policy.weight("PER")


def test_a_missing_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_flag_policy(tmp_path / "none.yml") == FlagPolicy()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("min_score: 2", "min_score"),
        ("watched: ['HT 01']", "watched"),
        ("member_weights: {USA: 0}", "USA: a weight above 0"),
        ("colour: red", "colour"),
        ("- a list", "expected a mapping"),
        ("watched: [", "not valid YAML"),
    ],
)
def test_a_bad_file_is_refused_naming_the_key(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "flagging.yml"
    path.write_text(text)
    with pytest.raises(FlagPolicyError, match=problem):
        load_flag_policy(path)
