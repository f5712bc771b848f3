"""Test data for the web tests: real notices from shared/eval/dev.jsonl stored through the
notice store, with dates around a given day, machine classifications from their labels, and
the flag policy applied; plus staff users."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from warning.core.db import Classification, Notice, Source
from warning.core.db.base import utcnow
from warning.core.flag import FlagPolicy
from warning.core.flag_job import flag_notices
from warning.core.store.record import parse_record
from warning.core.store.upsert import upsert_notice
from warning.core.users import create_user

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev.jsonl"
PASSWORD = "correct horse battery staple"
WORD = re.compile(r"[A-Za-z][A-Za-z-]{4,}")
XSS_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>'
XSS_TEXT = '"><svg onload=alert(2)> =HYPERLINK("http://evil.example") javascript:alert(3)'


def dev_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]


def _record(raw: dict[str, Any], index: int, today: date) -> dict[str, Any]:
    distributed = today - timedelta(days=(index * 3) % 70)
    deadline = distributed + timedelta(days=60) if index % 5 else None
    symbol = raw.get("symbol")
    return {
        "source": "eping",
        "symbol": symbol,
        "external_id": None if symbol else raw["id"],
        "domain": raw["domain"],
        "member": raw.get("member"),
        "title": raw.get("title"),
        "description": raw.get("description"),
        "products": raw.get("products"),
        "hs_codes": raw.get("hs_codes") or [],
        "ics_codes": raw.get("ics_codes") or [],
        "objectives": (raw.get("objective") or "").splitlines(),
        "distribution_date": distributed.isoformat(),
        "comment_deadline": deadline.isoformat() if deadline else None,
        "url": f"https://eping.wto.org/en/Search?symbol={symbol.split(',')[0]}" if symbol else None,
    }


def _classify(session: Session, notice: Notice, labels: list[str], index: int) -> None:
    words = [w.lower() for w in WORD.findall(notice.title)][:3]
    for rank, category in enumerate(labels):
        session.add(
            Classification(
                notice_id=notice.id,
                category=category,
                score=round(0.95 - 0.1 * rank - (index % 4) * 0.05, 2),
                method="fusion",
                model_version="embedded-test",
                evidence={"codes": list(notice.hs_codes[:2]), "words": words},
                needs_review=index % 7 == 0,
                current=True,
            )
        )
    notice.classified_at = utcnow()


def seed_samples(session: Session, today: date, limit: int | None = None) -> list[int]:
    """Store the dev notices (classified and flagged); returns their ids in file order."""
    ids: list[int] = []
    for index, raw in enumerate(dev_records()[:limit]):
        result = upsert_notice(session, parse_record(_record(raw, index, today)))
        notice = session.get(Notice, result.notice_id)
        assert notice is not None
        if result.status == "new":
            _classify(session, notice, list(raw.get("labels") or []), index)
        ids.append(notice.id)
    session.flush()
    policy = FlagPolicy(watched=("HT*", "TR*"), min_score=0.5)
    flag_notices(session, policy, today=today, notice_ids=ids)
    session.commit()
    return list(dict.fromkeys(ids))


def add_notice(session: Session, **fields: Any) -> Notice:
    """A notice stored as given (no cleaning): how hostile text would look if it got through."""
    if session.get(Source, fields.get("source_id", "eping")) is None:
        session.add(Source(id=fields.get("source_id", "eping")))
        session.flush()
    defaults: dict[str, Any] = {
        "source_id": "eping",
        "domain": "TBT",
        "doc_type": "regular",
        "content_hash": "test",
        "title": "A notice",
    }
    defaults.update(fields)
    defaults.setdefault("identity", f"test:{defaults['title'][:40]}:{id(defaults)}")
    notice = Notice(**defaults)
    session.add(notice)
    session.flush()
    return notice


def add_staff(session: Session) -> dict[str, int]:
    users = {
        "admin": create_user(session, username="admin", password=PASSWORD, role="admin"),
        "reviewer": create_user(session, username="wang", password=PASSWORD, role="reviewer"),
        "expert": create_user(session, username="li", password=PASSWORD, role="expert"),
    }
    session.commit()
    return {role: user.id for role, user in users.items()}
