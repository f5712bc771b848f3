"""Database tables (SQLAlchemy 2.0 typed ORM) and sessions, for SQLite and PostgreSQL alike."""

from warning.core.db.base import Base
from warning.core.db.jobs import JobRun, SchedulerLease
from warning.core.db.notices import Measure, Notice, NoticeChange, NoticeSymbol, Source
from warning.core.db.review import Classification, Review, ReviewEvent, User
from warning.core.db.subscribers import (
    AlertCursor,
    Delivery,
    DigestItem,
    Feedback,
    Subscriber,
    Subscription,
)

__all__ = [
    "AlertCursor",
    "Base",
    "Classification",
    "Delivery",
    "DigestItem",
    "Feedback",
    "JobRun",
    "Measure",
    "Notice",
    "NoticeChange",
    "NoticeSymbol",
    "Review",
    "ReviewEvent",
    "SchedulerLease",
    "Source",
    "Subscriber",
    "Subscription",
    "User",
]
