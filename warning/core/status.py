"""What the database holds, per source: for `tbtwatch status` and the status page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warning.core.db import Measure, Notice, Source


def database_status(session: Session) -> dict[str, Any]:
    counts = dict(
        session.execute(select(Notice.source_id, func.count()).group_by(Notice.source_id)).all()
    )
    sources = []
    for source in session.scalars(select(Source).order_by(Source.id)):
        sources.append(
            {
                "id": source.id,
                "notices": counts.get(source.id, 0),
                "last_run_at": source.last_run_at,
                "last_success_at": source.last_success_at,
                "last_error": source.last_error,
                "last_error_at": source.last_error_at,
                "last_counts": source.last_counts,
            }
        )
    totals = {
        "notices": session.scalar(select(func.count()).select_from(Notice)) or 0,
        "measures": session.scalar(select(func.count()).select_from(Measure)) or 0,
        "unclassified": session.scalar(
            select(func.count()).select_from(Notice).where(Notice.classified_at.is_(None))
        )
        or 0,
        "flagged": session.scalar(
            select(func.count()).select_from(Notice).where(Notice.flagged.is_(True))
        )
        or 0,
    }
    return {"sources": sources, "totals": totals}
