"""The classification job over stored notices, and the learning loop from reviewers' decisions.

Each run writes one `Classification` row per category given, marks the notice's earlier machine
rows as no longer current (reviewers' rows are never touched) and sets `Notice.classified_at`.
An addendum or corrigendum that names no products of its own and does not change the measure's
scope gets the categories of its measure's regular notice (taxonomy guideline).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from config.settings import Settings
from models.artefact import build, load_current
from models.backends.embedded import EmbeddedBackend
from models.classifier import Classifier, Result
from models.document import Document
from models.records import LabelledDocument
from models.taxonomy import Taxonomy, load_taxonomy
from warning.core.db import Classification, JobRun, Notice
from warning.core.db.base import utcnow

log = logging.getLogger(__name__)
REVIEWER = "reviewer"
INHERITED = "inherited"
BATCH = 500
AMENDING = ("addendum", "corrigendum")
PARENTS = ("regular", "revision", "emergency")


@dataclass
class ClassifyStats:
    classified: int = 0  # notices given categories in this run
    by_model: int = 0  # by the classifier
    inherited: int = 0  # from the measure's regular notice
    abstained: int = 0  # OT99: nothing applied, sent for review
    rows: int = 0
    model_version: str = ""
    categories: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "classified": self.classified,
            "by_model": self.by_model,
            "inherited": self.inherited,
            "abstained": self.abstained,
            "rows": self.rows,
            "model_version": self.model_version,
            "categories": dict(sorted(self.categories.items())),
        }


def notice_document(notice: Notice) -> Document:
    """What the classifier reads of a stored notice."""
    return Document(
        title=notice.title or "",
        description=notice.description or "",
        products=notice.products or "",
        objectives="\n".join(notice.objectives or []),
        hs_codes=tuple(notice.hs_codes or ()),
        ics_codes=tuple(notice.ics_codes or ()),
        language=notice.languages[0] if notice.languages else None,
        domain=notice.domain,
        keywords=tuple(notice.keywords or ()),
    )


def reviewer_labels(session: Session) -> list[LabelledDocument]:
    """Every notice a reviewer has decided, with the categories the reviewer accepted."""
    rows = session.execute(
        select(Classification.notice_id, Classification.category)
        .where(
            Classification.method == REVIEWER,
            Classification.accepted.is_(True),
            Classification.current.is_(True),
        )
        .order_by(Classification.notice_id, Classification.category)
    ).all()
    labels: dict[int, list[str]] = {}
    for notice_id, category in rows:
        labels.setdefault(notice_id, []).append(category)
    notices = session.scalars(select(Notice).where(Notice.id.in_(labels)).order_by(Notice.id))
    return [
        LabelledDocument(
            f"notice:{n.identity}", notice_document(n), tuple(labels[n.id]), source=REVIEWER
        )
        for n in notices
    ]


def model_root(settings: Settings) -> Path:
    return settings.data_dir / "models"


def taxonomy_of(settings: Settings) -> Taxonomy:
    return load_taxonomy(settings.taxonomy_file)


def load_classifier(settings: Settings, session: Session | None = None) -> Classifier:
    """The classifier with the current embedded model (built on first use, with the reviewer
    decisions stored so far when a session is given)."""
    taxonomy = taxonomy_of(settings)
    reviewer = reviewer_labels(session) if session is not None else []
    model = load_current(model_root(settings), taxonomy, reviewer)
    return Classifier(taxonomy, EmbeddedBackend(model, taxonomy))


def train_model(settings: Settings, session: Session) -> dict[str, Any]:
    """Rebuild the embedded model with every reviewer decision; record its version."""
    started = utcnow()
    taxonomy = taxonomy_of(settings)
    reviewer = reviewer_labels(session)
    model, trained = build(model_root(settings), taxonomy, reviewer)
    stats = {
        "version": model.version,
        "trained": trained,
        "reviewer_labels": len(reviewer),
        "labelled": model.meta.get("labelled"),
        "thresholds": model.thresholds.to_dict(),
    }
    session.add(
        JobRun(
            job="classify-train",
            status="success",
            started_at=started,
            finished_at=utcnow(),
            stats=stats,
        )
    )
    session.flush()
    return stats


def _pending(session: Session, everything: bool) -> list[int]:
    query = select(Notice.id)
    if not everything:
        query = query.where(Notice.classified_at.is_(None))
    return list(session.scalars(query.order_by(Notice.id)))


def _owns_products(notice: Notice) -> bool:
    return bool((notice.products or "").strip() or notice.hs_codes or notice.ics_codes)


def inherits(notice: Notice) -> bool:
    """An addendum or corrigendum without products of its own that does not change scope."""
    changes_scope = "scope_changed" in (notice.addendum_reasons or [])
    return (
        notice.doc_type in AMENDING
        and notice.measure_id is not None
        and not _owns_products(notice)
        and not changes_scope
    )


def _parent(session: Session, notice: Notice) -> Notice | None:
    query = (
        select(Notice)
        .where(
            Notice.measure_id == notice.measure_id,
            Notice.doc_type.in_(PARENTS),
            Notice.id != notice.id,
            Notice.classified_at.is_not(None),
        )
        .order_by(Notice.distribution_date.desc().nulls_last(), Notice.id.desc())
    )
    return session.scalars(query.limit(1)).first()


def _parent_categories(session: Session, parent: Notice) -> list[Classification]:
    """The parent's reviewer-accepted categories if any, else its current machine ones."""
    rows = list(
        session.scalars(
            select(Classification).where(
                Classification.notice_id == parent.id, Classification.current.is_(True)
            )
        )
    )
    accepted = [r for r in rows if r.method == REVIEWER and r.accepted]
    return accepted or [r for r in rows if r.method != REVIEWER]


def _retire_machine_rows(session: Session, notice_ids: Sequence[int]) -> None:
    session.execute(
        update(Classification)
        .where(
            Classification.notice_id.in_(notice_ids),
            Classification.method != REVIEWER,
            Classification.current.is_(True),
        )
        .values(current=False)
    )


def _rows_from_result(
    notice: Notice, result: Result, version: str, now: datetime
) -> list[Classification]:
    return [
        Classification(
            notice_id=notice.id,
            category=d.category,
            score=d.score,
            method=d.method,
            model_version=version,
            evidence=d.evidence,
            needs_review=d.needs_review,
            accepted=False,
            current=True,
            created_at=now,
        )
        for d in result.decisions
    ]


def _inherited_rows(
    notice: Notice, parent: Notice, source: Iterable[Classification], now: datetime
) -> list[Classification]:
    reason = "an addendum or corrigendum without products of its own keeps its measure's categories"
    return [
        Classification(
            notice_id=notice.id,
            category=row.category,
            score=row.score,
            method=INHERITED,
            model_version=row.model_version,
            evidence={
                "inherited_from": parent.identity,
                "inherited_method": row.method,
                "reason": reason,
            },
            needs_review=row.needs_review,
            accepted=False,
            current=True,
            created_at=now,
        )
        for row in source
    ]


def run_classification(
    settings: Settings, session: Session, *, everything: bool = False, now: datetime | None = None
) -> dict[str, Any]:
    """The scheduled step: load the current model and classify pending notices (or all)."""
    classifier = load_classifier(settings, session)
    return classify_notices(session, classifier, everything=everything, now=now).as_dict()


def classify_notices(
    session: Session,
    classifier: Classifier,
    *,
    everything: bool = False,
    now: datetime | None = None,
    batch_size: int = BATCH,
) -> ClassifyStats:
    """Classify pending notices (or all), regular notices before the addenda that inherit."""
    now = now or utcnow()
    stats = ClassifyStats(model_version=classifier.model_version)
    ids = _pending(session, everything)
    notices = [session.get(Notice, i) for i in ids]
    own = [n for n in notices if n is not None and not inherits(n)]
    amending = [n for n in notices if n is not None and inherits(n)]
    for start in range(0, len(own), batch_size):
        _classify_batch(session, classifier, own[start : start + batch_size], now, stats)
    fallback = [n for n in amending if not _inherit(session, n, now, stats)]
    for start in range(0, len(fallback), batch_size):
        _classify_batch(session, classifier, fallback[start : start + batch_size], now, stats)
    log.info("classified %s", stats.as_dict())
    return stats


def _classify_batch(
    session: Session,
    classifier: Classifier,
    batch: Sequence[Notice],
    now: datetime,
    stats: ClassifyStats,
) -> None:
    results = classifier.classify([notice_document(n) for n in batch])
    _retire_machine_rows(session, [n.id for n in batch])
    for notice, result in zip(batch, results, strict=True):
        rows = _rows_from_result(notice, result, classifier.model_version, now)
        _store(session, notice, rows, now, stats)
        stats.by_model += 1
        stats.abstained += result.labels == ["OT99"]


def _inherit(session: Session, notice: Notice, now: datetime, stats: ClassifyStats) -> bool:
    parent = _parent(session, notice)
    source = _parent_categories(session, parent) if parent else []
    if not parent or not source:
        return False
    _retire_machine_rows(session, [notice.id])
    _store(session, notice, _inherited_rows(notice, parent, source, now), now, stats)
    stats.inherited += 1
    return True


def _store(
    session: Session,
    notice: Notice,
    rows: list[Classification],
    now: datetime,
    stats: ClassifyStats,
) -> None:
    session.add_all(rows)
    notice.classified_at = now
    stats.classified += 1
    stats.rows += len(rows)
    for row in rows:
        stats.categories[row.category] = stats.categories.get(row.category, 0) + 1
    session.flush()
