"""Words the pages take from data rather than from their templates (chart legends and weekdays,
job states and figures, classification methods, history lines) are in the page's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import time_machine
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.web.seeding import add_notice
from warning.core.db import Classification, Delivery, JobRun, Source, Subscriber

SignedIn = Callable[[str], tuple[TestClient, str]]
SATURDAY = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def _in(client: TestClient, token: str, language: str) -> TestClient:
    client.post("/language", data={"lang": language, "next": "/", "csrf_token": token})
    return client


def test_the_dashboard_names_weekdays_domains_and_email_kinds_in_the_pages_language(
    session: Session, signed_in: SignedIn
) -> None:
    with time_machine.travel(SATURDAY, tick=True):
        today = SATURDAY.date()
        add_notice(session, title="A regulation", domain="regulation", distribution_date=today)
        add_notice(session, title="An alert", domain="alert", distribution_date=today)
        subscriber = Subscriber(email="buyer@example.com")
        session.add(subscriber)
        session.flush()
        for n, kind in enumerate(("new", "confirmation")):
            session.add(
                Delivery(
                    key=f"k{n}", subscriber_id=subscriber.id, kind=kind, status="sent",
                    sent_at=SATURDAY - timedelta(hours=1),
                )
            )  # fmt: skip
        session.commit()
        zh = _in(*signed_in("admin"), "zh").get("/dashboard").text
        en = _in(*signed_in("admin"), "en").get("/dashboard").text
    for word in ("11-21 周六", "11-22 周日", "技术法规", "风险预警", "新通报", "订阅确认"):
        assert word in zh, word
    for word in ("Sat", "Sun", "confirmation", "> regulation<", "> alert<"):
        assert word not in zh, word
    for word in ("11-21 Sat", "11-22 Sun", "Regulation", "Alert", "New notice", "Confirmation"):
        assert word in en, word


def test_the_sources_page_words_job_states_statuses_and_figures_with_a_unit(
    session: Session, signed_in: SignedIn
) -> None:
    counts = {"new": 9, "changed": 1, "unchanged": 3, "errors": 0, "duration": 1.883}
    session.add(Source(id="eping", last_counts=counts, last_success_at=datetime.now(UTC)))
    session.flush()
    session.add(
        JobRun(
            job="crawl", source_id="eping", status="success", finished_at=datetime.now(UTC),
            stats={**counts, "mode": "crawl", "unknown_fields": {"x": 1}},
        )
    )  # fmt: skip
    session.add(JobRun(job="classify", status="failed", stats={"classified": 4}))
    session.commit()
    zh = _in(*signed_in("admin"), "zh").get("/sources").text
    en = _in(*signed_in("admin"), "en").get("/sources").text
    for word in (
        "新增 9，变更 1，未变 3，错误 0，用时 1.9 秒",
        "尚未排程",
        ">成功<",
        ">失败<",
        "已分类 4",
    ):
        assert word in zh, word
    for word in ("not yet scheduled", ">success<", "duration", "1.883", "new 9"):
        assert word not in zh, word
    for word in ("new 9, changed 1, unchanged 3, errors 0, duration 1.9 s", "not yet scheduled"):
        assert word in en, word
    assert ">success<" in en and ">failed<" in en and "classified 4" in en


def test_a_notice_names_how_each_category_was_found_with_the_model_as_a_detail(
    client: TestClient, session: Session, notice_id: int
) -> None:
    session.add(
        Classification(
            notice_id=notice_id, category="HT01", score=0.7, method="text",
            model_version="embedded/d9dd0a1b2c3d", evidence={"words": ["compressor"]},
        )
    )  # fmt: skip
    session.commit()
    zh = client.get(f"/notices/{notice_id}", headers={"Accept-Language": "zh-CN"}).text
    en = client.get(f"/notices/{notice_id}").text
    detail = '<small class="muted model-version">embedded/d9dd0a1b2c3d</small>'
    assert "文本模型" in zh and "编码与文本结合" in zh and detail in zh
    assert "text model" not in zh and "fusion" not in zh
    assert "text model" in en and "codes and text together" in en and detail in en
    assert "text · embedded" not in en


def test_a_history_line_takes_the_colon_of_the_pages_language(
    signed_in: SignedIn, notice_id: int
) -> None:
    client, token = signed_in("wang")
    client.post(
        f"/notices/{notice_id}/review/status", data={"status": "triage", "csrf_token": token}
    )
    assert "更改了状态：新通报 → 初审" in _in(client, token, "zh").get(f"/notices/{notice_id}").text
    english = _in(client, token, "en").get(f"/notices/{notice_id}").text
    assert "changed the status: New → Triage" in english
