"""The JSON API's request and response shapes (they make the OpenAPI document)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal[
    "new", "triage", "expert_review", "comment_drafting", "comment_sent", "closed", "not_relevant"
]


class CategoryOut(BaseModel):
    id: str
    name_zh: str
    name_en: str
    group: str = Field(description="HT (high-tech), TR (traditional sectors) or OT (other)")


class CategoryScoreOut(BaseModel):
    category: str
    score: float
    method: str
    reviewed: bool


class NoticeSummary(BaseModel):
    id: int
    identity: str
    symbol: str | None
    domain: str
    doc_type: str
    member_code: str | None
    member_name: str | None
    title: str
    distribution_date: date | None
    comment_deadline: date | None
    source_id: str
    url: str = Field(description="The notice's page on this site")
    categories: list[CategoryScoreOut]


class NoticeList(BaseModel):
    items: list[NoticeSummary]
    total: int
    page: int
    per_page: int
    next: str | None = Field(description="The next page's URL, if any")


class ClassificationOut(BaseModel):
    category: str
    score: float
    method: str
    model_version: str | None
    evidence: dict[str, Any]
    needs_review: bool
    accepted: bool


class TimelineOut(BaseModel):
    id: int
    identity: str
    symbol: str | None
    doc_type: str
    domain: str
    source_id: str
    distribution_date: date | None
    title: str
    url: str


class NoticeDetail(NoticeSummary):
    agency: str | None
    description: str | None
    products: str | None
    hs_codes: list[str]
    ics_codes: list[str]
    objectives: list[str]
    keywords: list[str]
    comment_deadline_text: str | None
    adoption_date: date | None
    entry_into_force_date: date | None
    withdrawn: bool
    source_url: str | None
    links: list[str]
    classification: list[ClassificationOut]
    timeline: list[TimelineOut]


class HsCodeOut(BaseModel):
    code: str
    description: str
    level: int


class ReviewOut(BaseModel):
    notice_id: int
    status: str
    impact: str | None
    impact_reason: str | None
    assignee: str | None
    comment_sent_date: date | None
    allowed_next: list[str]
    categories: list[str]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StatusIn(StrictModel):
    status: Status
    note: str | None = Field(default=None, max_length=20_000)


class AssignIn(StrictModel):
    assignee: str | None = Field(description="A staff username, or null to unassign")


class ImpactIn(StrictModel):
    impact: Literal["high", "medium", "low"]
    reason: str = Field(min_length=1, max_length=20_000)


class NoteIn(StrictModel):
    text: str = Field(min_length=1, max_length=20_000)


class CategoriesIn(StrictModel):
    categories: list[str] = Field(min_length=1, max_length=20)
