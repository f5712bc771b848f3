"""The classification job on a SQLite database: rows, reclassification, inheritance, learning."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import load_settings
from models.backends.embedded import EmbeddedBackend
from models.classifier import Classifier
from tests.models.tiny import TINY, tiny_model, tiny_taxonomy
from warning.core.classify import (
    classify_notices,
    inherits,
    load_classifier,
    reviewer_labels,
    run_classification,
    train_model,
)
from warning.core.db import Classification, JobRun, Measure, Notice, Source

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def classifier() -> Classifier:
    return Classifier(tiny_taxonomy(), EmbeddedBackend(tiny_model(), tiny_taxonomy()))


def _notice(session: Session, identity: str, **fields) -> Notice:
    if session.get(Source, "test") is None:
        session.add(Source(id="test"))
        session.flush()
    values = {
        "domain": "TBT",
        "doc_type": "regular",
        "title": identity,
        "content_hash": "x",
        "languages": ["en"],
        **fields,
    }
    notice = Notice(identity=identity, source_id="test", **values)
    session.add(notice)
    session.flush()
    return notice


def _current(session: Session, notice: Notice) -> list[tuple[str, str]]:
    rows = session.scalars(
        select(Classification)
        .where(Classification.notice_id == notice.id, Classification.current.is_(True))
        .order_by(Classification.category)
    )
    return [(r.category, r.method) for r in rows]


def test_it_classifies_pending_notices_and_records_evidence(session, classifier) -> None:
    toys = _notice(session, "G/TBT/N/EU/1", title="Safety of toys and dolls", hs_codes=["9503"])
    fridge = _notice(session, "G/TBT/N/EU/2", title="Energy labels of household refrigerators")
    stats = classify_notices(session, classifier, now=NOW)
    assert (stats.classified, stats.by_model, stats.abstained) == (2, 2, 0)
    assert _current(session, toys) == [("TY01", "hs-rule")]
    assert _current(session, fridge) == [("EL01", "text")]
    row = session.scalars(select(Classification).where(Classification.notice_id == toys.id)).one()
    assert row.model_version == classifier.model_version
    assert row.evidence["codes"][0]["prefix"] == "9503"
    assert toys.classified_at == NOW
    assert classify_notices(session, classifier, now=NOW).classified == 0


def test_nothing_recognised_is_ot99_for_review(session, classifier) -> None:
    notice = _notice(session, "G/TBT/N/EU/3", title="Fees of conformity assessment bodies")
    stats = classify_notices(session, classifier, now=NOW)
    assert stats.abstained == 1
    row = session.scalars(select(Classification).where(Classification.notice_id == notice.id)).one()
    assert (row.category, row.needs_review) == ("OT99", True)


def test_reclassifying_retires_machine_rows_but_keeps_the_reviewers(session, classifier) -> None:
    notice = _notice(session, "G/TBT/N/EU/4", title="Safety of toys")
    classify_notices(session, classifier, now=NOW)
    session.add(
        Classification(
            notice_id=notice.id,
            category="EL01",
            score=1.0,
            method="reviewer",
            accepted=True,
            current=True,
        )
    )
    stats = classify_notices(session, classifier, everything=True, now=NOW)
    assert stats.classified == 1
    rows = session.scalars(select(Classification).where(Classification.notice_id == notice.id))
    states = sorted((r.category, r.method, r.current) for r in rows)
    assert states == [("EL01", "reviewer", True), ("TY01", "text", False), ("TY01", "text", True)]


def _measure(session: Session) -> Measure:
    measure = Measure(key="G/TBT/N/EU/10")
    session.add(measure)
    session.flush()
    return measure


def test_an_addendum_without_products_inherits_its_measures_categories(session, classifier) -> None:
    measure = _measure(session)
    regular = _notice(
        session,
        "G/TBT/N/EU/10",
        title="Safety of toys",
        measure_id=measure.id,
        distribution_date=date(2025, 1, 1),
    )
    addendum = _notice(
        session,
        "G/TBT/N/EU/10/Add.1",
        doc_type="addendum",
        title="The measure was adopted on 1 March",
        measure_id=measure.id,
        addendum_reasons=["adopted"],
    )
    assert inherits(addendum)
    stats = classify_notices(session, classifier, now=NOW)
    assert (stats.by_model, stats.inherited) == (1, 1)
    assert _current(session, addendum) == [("TY01", "inherited")]
    row = session.scalars(
        select(Classification).where(Classification.notice_id == addendum.id)
    ).one()
    assert row.evidence["inherited_from"] == regular.identity


def test_a_reviewers_categories_are_what_an_addendum_inherits(session, classifier) -> None:
    measure = _measure(session)
    regular = _notice(session, "G/TBT/N/EU/10", title="Safety of toys", measure_id=measure.id)
    classify_notices(session, classifier, now=NOW)
    session.add(
        Classification(
            notice_id=regular.id,
            category="EL01",
            score=1.0,
            method="reviewer",
            accepted=True,
            current=True,
        )
    )
    addendum = _notice(
        session, "G/TBT/N/EU/10/Add.1", doc_type="addendum", title="Adopted", measure_id=measure.id
    )
    classify_notices(session, classifier, now=NOW)
    assert _current(session, addendum) == [("EL01", "inherited")]


def test_an_addendum_that_changes_scope_is_classified_on_its_own(session, classifier) -> None:
    measure = _measure(session)
    _notice(session, "G/TBT/N/EU/10", title="Safety of toys", measure_id=measure.id)
    changed = _notice(
        session,
        "G/TBT/N/EU/10/Add.2",
        doc_type="addendum",
        measure_id=measure.id,
        title="Scope extended to household refrigerators",
        addendum_reasons=["scope_changed"],
    )
    own = _notice(
        session,
        "G/TBT/N/EU/10/Corr.1",
        doc_type="corrigendum",
        measure_id=measure.id,
        title="Corrected",
        products="Milk and cheese",
    )
    assert not inherits(changed) and not inherits(own)
    classify_notices(session, classifier, now=NOW)
    assert _current(session, changed) == [("EL01", "text")]
    assert _current(session, own) == [("FD01", "text")]


def test_an_orphan_addendum_is_classified_on_its_own(session, classifier) -> None:
    measure = _measure(session)
    orphan = _notice(
        session,
        "G/TBT/N/EU/11/Add.1",
        doc_type="addendum",
        measure_id=measure.id,
        title="Toy safety: comment period extended",
    )
    stats = classify_notices(session, classifier, now=NOW)
    assert (stats.inherited, stats.by_model) == (0, 1)
    assert _current(session, orphan) == [("TY01", "text")]


def test_reviewer_decisions_become_labelled_notices(session) -> None:
    notice = _notice(session, "G/TBT/N/EU/5", title="Lampes de poche", languages=["fr"])
    session.add_all(
        [
            Classification(
                notice_id=notice.id,
                category="EL01",
                score=1.0,
                method="reviewer",
                accepted=True,
                current=True,
            ),
            Classification(
                notice_id=notice.id,
                category="TY01",
                score=1.0,
                method="reviewer",
                accepted=True,
                current=False,
            ),
            Classification(notice_id=notice.id, category="FD01", score=0.7, method="text"),
        ]
    )
    [label] = reviewer_labels(session)
    assert (label.id, label.labels, label.source) == ("notice:G/TBT/N/EU/5", ("EL01",), "reviewer")
    assert label.document.language == "fr"


def test_training_includes_reviewer_decisions_and_records_the_version(session, tmp_path) -> None:
    settings = load_settings(taxonomy_file=TINY / "taxonomy.yml", data_dir=tmp_path / "var")
    first = train_model(settings, session)
    notice = _notice(session, "G/TBT/N/EU/6", title="Lampes de poche", languages=["fr"])
    session.add(
        Classification(
            notice_id=notice.id,
            category="EL01",
            score=1.0,
            method="reviewer",
            accepted=True,
            current=True,
        )
    )
    second = train_model(settings, session)
    assert second["version"] != first["version"] and second["reviewer_labels"] == 1
    assert (tmp_path / "var" / "models" / "embedded" / "CURRENT").read_text().strip() == second[
        "version"
    ]
    runs = session.scalars(select(JobRun).where(JobRun.job == "classify-train")).all()
    assert [r.stats["version"] for r in runs] == [first["version"], second["version"]]
    assert load_classifier(settings, session).model_version == f"embedded/{second['version']}"


def test_the_scheduled_step_builds_the_model_on_first_use(session, tmp_path) -> None:
    settings = load_settings(taxonomy_file=TINY / "taxonomy.yml", data_dir=tmp_path / "var")
    _notice(session, "G/TBT/N/EU/7", title="Dairy products: cheese and milk")
    counts = run_classification(settings, session, now=NOW)
    assert counts["classified"] == 1 and counts["categories"] == {"FD01": 1}
