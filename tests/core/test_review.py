"""The review workflow: transitions, permissions, category corrections as labels, history."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.seeding import add_notice
from warning.core import review
from warning.core.db import Classification, Notice, ReviewEvent, User
from warning.core.review import ReviewError
from warning.core.users import ROLES

KNOWN = ["HT01", "HT03", "TR04", "TR05", "OT99"]


@pytest.fixture
def people(session: Session) -> dict[str, User]:
    # Rows made directly: the workflow does not look at passwords, and hashing is slow.
    users = {role: User(username=role, password_hash="-", role=role) for role in ROLES}
    session.add_all(users.values())
    session.flush()
    return users


@pytest.fixture
def notice(session: Session) -> Notice:
    found = add_notice(session, identity="G/TBT/N/USA/1", symbol="G/TBT/N/USA/1", member_code="USA")
    for category, score in (("HT01", 0.9), ("TR04", 0.6)):
        session.add(
            Classification(
                notice_id=found.id, category=category, score=score, method="fusion", current=True
            )
        )
    session.flush()
    return found


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "triage"),
        ("triage", "expert_review"),
        ("expert_review", "comment_drafting"),
        ("comment_drafting", "comment_sent"),
        ("comment_sent", "closed"),
        ("triage", "not_relevant"),
        ("closed", "triage"),
        ("not_relevant", "triage"),
    ],
)
def test_the_workflow_allows(current: str, target: str) -> None:
    review.check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "comment_sent"),
        ("new", "closed"),
        ("triage", "comment_sent"),
        ("comment_sent", "triage"),
        ("closed", "comment_drafting"),
        ("new", "new"),
        ("triage", "archived"),
    ],
)
def test_the_workflow_refuses(current: str, target: str) -> None:
    with pytest.raises(ReviewError):
        review.check_transition(current, target)


def test_a_refusal_says_it_in_english_and_keeps_its_message_and_values_apart() -> None:
    """The API and the CLI show the English; the web translates the message and its values."""
    with pytest.raises(ReviewError) as refused:
        review.check_transition("new", "comment_sent")
    error = refused.value
    assert str(error) == "a review in 'new' cannot move to 'comment_sent'"
    assert error.message == "a review in '%(current)s' cannot move to '%(target)s'"
    assert (error.params, error.kind) == ({"current": "new", "target": "comment_sent"}, "conflict")


def test_every_status_can_be_reached_and_left_except_nothing_leaves_closed_but_reopening() -> None:
    reachable = {t for targets in review.TRANSITIONS.values() for t in targets}
    assert reachable | {"new"} == set(review.STATUSES)
    assert set(review.TRANSITIONS) == set(review.STATUSES)


def test_an_expert_gives_impact_and_notes_but_does_not_run_the_workflow() -> None:
    review.check_permission("expert", "note")
    review.check_permission("expert", "impact")
    for action in ("status", "assign", "categories", "letter"):
        with pytest.raises(ReviewError) as caught:
            review.check_permission("expert", action)
        assert caught.value.kind == "forbidden"


def test_a_status_change_is_recorded_with_who_and_before_and_after(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    review.change_status(
        session, notice_id=notice.id, to="triage", user=people["reviewer"], note="looks relevant"
    )
    (event,) = review.history(session, notice.id)
    assert (event.action, event.user_id, event.note) == (
        "status",
        people["reviewer"].id,
        "looks relevant",
    )
    assert (event.before, event.after) == ({"status": "new"}, {"status": "triage"})


def test_reaching_comment_sent_records_the_date(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    for target in ("triage", "comment_drafting"):
        review.change_status(session, notice_id=notice.id, to=target, user=people["reviewer"])
    done = review.mark_comment_sent(
        session, notice_id=notice.id, user=people["reviewer"], sent_on=date(2026, 3, 2)
    )
    assert (done.status, done.comment_sent_date) == ("comment_sent", date(2026, 3, 2))


def test_an_expert_cannot_move_the_status(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    with pytest.raises(ReviewError, match="may not"):
        review.change_status(session, notice_id=notice.id, to="triage", user=people["expert"])


def test_a_review_for_a_missing_notice_is_not_found(
    session: Session, people: dict[str, User]
) -> None:
    with pytest.raises(ReviewError) as caught:
        review.change_status(session, notice_id=999, to="triage", user=people["reviewer"])
    assert caught.value.kind == "not_found"


def test_a_correction_is_stored_as_accepted_reviewer_labels_beside_the_machine(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    chosen = review.correct_categories(
        session,
        notice_id=notice.id,
        categories=["TR05", "HT03"],
        user=people["reviewer"],
        known=KNOWN,
    )
    assert chosen == ["HT03", "TR05"]
    rows = session.scalars(
        select(Classification).where(Classification.notice_id == notice.id)
    ).all()
    labels = [r for r in rows if r.method == "reviewer"]
    assert {r.category for r in labels} == {"HT03", "TR05"}
    assert all(r.accepted and r.current and r.user_id == people["reviewer"].id for r in labels)
    machine = [r for r in rows if r.method == "fusion"]
    assert {r.category for r in machine} == {"HT01", "TR04"} and all(r.current for r in machine)
    view = review.categories_of(session, notice.id)
    assert {c.category for c in view.effective} == {"HT03", "TR05"} and view.reviewed
    (event,) = review.history(session, notice.id)
    assert event.before == {"categories": ["HT01", "TR04"]}
    assert event.after == {"categories": ["HT03", "TR05"]}


def test_a_second_correction_replaces_the_first(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    for categories in (["HT03"], ["TR04"]):
        review.correct_categories(
            session,
            notice_id=notice.id,
            categories=categories,
            user=people["reviewer"],
            known=KNOWN,
        )
    current = review.categories_of(session, notice.id).reviewer
    assert [c.category for c in current] == ["TR04"]
    old = session.scalars(
        select(Classification).where(
            Classification.method == "reviewer", Classification.current.is_(False)
        )
    ).all()
    assert [c.category for c in old] == ["HT03"]


def test_accepting_keeps_the_machine_categories_as_labels(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    chosen = review.accept_categories(
        session, notice_id=notice.id, user=people["reviewer"], known=KNOWN
    )
    assert chosen == ["HT01", "TR04"]
    assert review.history(session, notice.id)[0].action == "accept_categories"


@pytest.mark.parametrize(
    ("categories", "message"),
    [([], "at least one"), (["ZZ99"], "unknown"), (["OT99", "HT01"], "cannot be combined")],
)
def test_a_bad_correction_is_refused(
    session: Session, people: dict[str, User], notice: Notice, categories: list[str], message: str
) -> None:
    with pytest.raises(ReviewError, match=message):
        review.correct_categories(
            session,
            notice_id=notice.id,
            categories=categories,
            user=people["reviewer"],
            known=KNOWN,
        )


def test_impact_needs_a_known_level_and_a_reason(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    with pytest.raises(ReviewError, match="reason"):
        review.set_impact(
            session, notice_id=notice.id, impact="high", reason="  ", user=people["expert"]
        )
    with pytest.raises(ReviewError, match="one of"):
        review.set_impact(
            session, notice_id=notice.id, impact="huge", reason="x", user=people["expert"]
        )
    done = review.set_impact(
        session, notice_id=notice.id, impact="high", reason="main export", user=people["expert"]
    )
    assert (done.impact, done.impact_reason) == ("high", "main export")


def test_assignment_is_recorded_and_can_be_taken_back(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    review.assign(
        session, notice_id=notice.id, assignee_id=people["expert"].id, user=people["reviewer"]
    )
    review.assign(session, notice_id=notice.id, assignee_id=None, user=people["reviewer"])
    events = review.history(session, notice.id)
    assert [e.after["assignee"] for e in events] == [None, "expert"]
    with pytest.raises(ReviewError, match="no active user"):
        review.assign(session, notice_id=notice.id, assignee_id=999, user=people["reviewer"])


def test_notes_are_kept_in_order_and_empty_ones_refused(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    review.add_note(session, notice_id=notice.id, text="First point.", user=people["expert"])
    review.add_note(session, notice_id=notice.id, text=" Second.\r\n", user=people["reviewer"])
    assert [n.note for n in review.notes(session, notice.id)] == ["First point.", "Second."]
    with pytest.raises(ReviewError, match="empty"):
        review.add_note(session, notice_id=notice.id, text="   ", user=people["expert"])


def test_the_history_is_append_only_newest_first(
    session: Session, people: dict[str, User], notice: Notice
) -> None:
    review.change_status(session, notice_id=notice.id, to="triage", user=people["admin"])
    review.add_note(session, notice_id=notice.id, text="n", user=people["expert"])
    review.change_status(session, notice_id=notice.id, to="expert_review", user=people["admin"])
    actions = [e.action for e in review.history(session, notice.id)]
    assert actions == ["status", "note", "status"]
    assert session.scalar(select(ReviewEvent).limit(1)) is not None
