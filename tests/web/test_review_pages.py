"""The reviewer's work through the web: queue, notice page, review panel, letter, history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import time_machine
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core.db import Classification, Notice, Review


def test_the_queue_lists_flagged_open_work_most_urgent_first(
    signed_in: Callable[[str], tuple[TestClient, str]], seeded: list[int]
) -> None:
    client, _ = signed_in("wang")
    page = client.get("/review")
    assert page.status_code == 200
    assert "Review queue" in page.text and "notices" in page.text
    urgencies = [float(u) for u in _cells(page.text, "col-num")]
    assert urgencies == sorted(urgencies, reverse=True) and urgencies


def _cells(html: str, css: str) -> list[str]:
    import re

    return [
        m.strip() for m in re.findall(rf'<td class="{css}">([^<]*)</td>', html) if m.strip() != "—"
    ]


def test_the_queue_filters_by_query_parameters_and_answers_htmx_with_the_table(
    signed_in: Callable[[str], tuple[TestClient, str]], seeded: list[int]
) -> None:
    client, _ = signed_in("wang")
    full = client.get("/review?domain=SPS&sort=deadline&status=any")
    assert full.status_code == 200 and '<form class="filters"' in full.text
    fragment = client.get(
        "/review?domain=SPS", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert "<form" not in fragment.text and '<table class="notices">' in fragment.text
    assert "tag-tbt" not in fragment.text and "tag-sps" in fragment.text
    assert client.get("/review?hs=abc").status_code == 422


def test_the_notice_page_shows_the_original_beside_the_classification_and_evidence(
    client: TestClient, notice_id: int
) -> None:
    page = client.get(f"/notices/{notice_id}").text
    assert "Energy efficiency of <mark>air conditioners</mark>" in page
    assert '<mark class="code">841510</mark>' in page
    assert "Electrical equipment" in page and "0.80" in page
    assert "Timeline of the measure" in page
    assert 'id="review"' not in page  # anonymous visitors see no review panel


def test_a_reviewer_corrects_categories_and_moves_the_notice_to_a_sent_comment(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int, session: Session
) -> None:
    client, token = signed_in("wang")
    base = f"/notices/{notice_id}/review"
    page = client.get(f"/notices/{notice_id}").text
    assert 'id="review"' in page and "→ Triage" in page

    def post(path: str, **data: object) -> None:
        response = client.post(
            base + path, data={**data, "csrf_token": token}, follow_redirects=False
        )
        assert response.status_code == 303, response.text

    post("/categories", category=["TR04", "HT06"])
    post("/status", status="triage", note="affects LED exporters")
    post("/assign", assignee="3")
    post("/impact", impact="high", reason="Guangdong exports most of these")
    post("/status", status="expert_review")
    post("/note", text="The test method should follow IEC 60335.")
    post("/note", text="Allow 12 months for transition.")
    post("/status", status="comment_drafting")

    letter = client.get(f"/notices/{notice_id}/letter")
    assert letter.status_code == 200
    assert "1. The test method should follow IEC 60335." in letter.text
    assert "WTO TBT Enquiry Point" in letter.text and "G/TBT/N/USA/1" in letter.text
    docx = client.get(f"/notices/{notice_id}/letter.docx")
    assert docx.headers["content-disposition"].endswith('filename="comments-G-TBT-N-USA-1.docx"')
    text = "\n".join(p.text for p in Document(BytesIO(docx.content)).paragraphs)
    assert "2. Allow 12 months for transition." in text

    sent_on = date.today() - timedelta(days=1)
    response = client.post(
        f"/notices/{notice_id}/letter/sent",
        data={"sent_on": sent_on.isoformat(), "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    session.expire_all()
    review = session.scalars(select(Review).where(Review.notice_id == notice_id)).one()
    assert (review.status, review.comment_sent_date) == ("comment_sent", sent_on)
    assert (review.impact, review.assignee_id) == ("high", 3)
    labels = session.scalars(
        select(Classification.category).where(
            Classification.notice_id == notice_id, Classification.method == "reviewer"
        )
    ).all()
    assert sorted(labels) == ["HT06", "TR04"]
    history = client.get(f"/notices/{notice_id}").text
    for shown in ("corrected the categories", "changed the assignee", "rated the impact"):
        assert shown in history
    assert "Comment sent on" in history


def test_an_illegal_move_is_explained_in_the_panel_for_htmx(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("wang")
    response = client.post(
        f"/notices/{notice_id}/review/status",
        data={"status": "comment_sent"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 409
    assert "cannot move to" in response.text and 'id="notice-main"' in response.text


def test_the_letter_waits_for_comment_drafting(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("wang")
    assert client.get(f"/notices/{notice_id}/letter").status_code == 409
    assert client.get(f"/notices/{notice_id}/letter.docx").status_code == 409
    response = client.post(
        f"/notices/{notice_id}/letter/sent", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 409


def test_a_sent_date_in_the_future_is_refused(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("wang")
    for status in ("triage", "comment_drafting"):
        client.post(
            f"/notices/{notice_id}/review/status", data={"status": status, "csrf_token": token}
        )
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/notices/{notice_id}/letter/sent", data={"sent_on": tomorrow, "csrf_token": token}
    )
    assert response.status_code == 422


def test_dashboard_and_sources_pages_render_their_charts(
    signed_in: Callable[[str], tuple[TestClient, str]], seeded: list[int]
) -> None:
    client, _ = signed_in("admin")
    dashboard = client.get("/dashboard").text
    assert dashboard.count("<svg viewBox") >= 5
    assert "Notices per week by category" in dashboard and "Closing this week" in dashboard
    sources = client.get("/sources")
    assert sources.status_code == 200 and "eping" in sources.text


def test_a_missing_notice_is_a_404_page(client: TestClient, staff: dict[str, int]) -> None:
    response = client.get("/notices/999999")
    assert response.status_code == 404 and "Not found" in response.text


def test_a_change_made_in_the_panel_shows_in_the_queue_total_at_once(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("wang")
    assert "1 notice" in client.get("/review").text
    client.post(
        f"/notices/{notice_id}/review/status", data={"status": "triage", "csrf_token": token}
    )
    client.post(
        f"/notices/{notice_id}/review/status", data={"status": "closed", "csrf_token": token}
    )
    assert "0 notices" in client.get("/review").text
    assert "1 notice" in client.get("/review?status=closed").text


def test_a_queue_row_shows_each_change_although_rows_are_kept_rendered(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("wang")
    assert "status-new" in client.get("/review").text
    client.post(
        f"/notices/{notice_id}/review/status", data={"status": "triage", "csrf_token": token}
    )
    client.post(
        f"/notices/{notice_id}/review/impact",
        data={"impact": "high", "reason": "large exports", "csrf_token": token},
    )
    row = client.get("/review").text
    assert "status-triage" in row and "status-new" not in row and "impact-high" in row


def test_kept_rows_and_filter_forms_follow_the_language_and_the_filter(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("wang")
    english = client.get("/review").text
    client.post("/language", data={"lang": "zh", "csrf_token": token, "next": "/review"})
    chinese = client.get("/review").text
    assert ">New<" in english and ">新通报<" not in english
    assert ">新通报<" in chinese and ">New<" not in chinese
    assert 'value="USA" selected' in client.get("/review?member=USA").text
    assert 'value="USA" selected' not in client.get("/review").text


def test_a_kept_row_counts_the_days_to_the_deadline_from_today(
    signed_in: Callable[[str], tuple[TestClient, str]], session: Session, notice_id: int
) -> None:
    review_day = date(2026, 11, 2)
    notice = session.get(Notice, notice_id)
    assert notice is not None
    notice.comment_deadline = review_day + timedelta(days=10)
    session.commit()
    # Signed in on each day: a session does not last from one day to another.
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=UTC), tick=False):
        assert ">10 days<" in signed_in("wang")[0].get("/review").text
    with time_machine.travel(datetime(2026, 11, 5, 9, tzinfo=UTC), tick=False):
        assert ">7 days<" in signed_in("wang")[0].get("/review").text


def test_a_page_past_the_last_says_so_and_links_to_the_first(
    client: TestClient, notice_id: int
) -> None:
    page = client.get("/notices?member=USA&page=9").text
    assert "There is no page 9 with these filters: they give 1 page." in page
    assert 'href="/notices?member=USA">Go to the first page</a>' in page
    assert "No notice matches these filters." not in page


def test_a_history_line_has_no_space_before_its_colon(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("wang")
    client.post(
        f"/notices/{notice_id}/review/status", data={"status": "triage", "csrf_token": token}
    )
    page = client.get(f"/notices/{notice_id}").text
    assert "changed the status: New → Triage" in " ".join(page.split())


def test_an_alert_shows_its_kind_once_not_as_domain_and_document_type(
    client: TestClient, session: Session
) -> None:
    from tests.web.seeding import add_notice

    alert = add_notice(
        session, identity="rasff:1", symbol="rasff:1", domain="alert", doc_type="alert"
    )
    addendum = add_notice(
        session,
        identity="G/TBT/N/USA/1/Add.1",
        symbol="G/TBT/N/USA/1/Add.1",
        doc_type="addendum",
    )
    session.commit()
    assert _meta(client.get(f"/notices/{alert.id}").text).count(">Alert</span>") == 1
    meta = _meta(client.get(f"/notices/{addendum.id}").text)
    assert ">TBT</span>" in meta and ">Addendum</span>" in meta


def _meta(page: str) -> str:
    """The tags above a notice's title."""
    return page.split('<div class="notice-meta">', 1)[1].split("</div>", 1)[0]


def test_a_saved_change_is_confirmed_in_the_panel_for_htmx_in_the_reviewers_language(
    signed_in: Callable[[str], tuple[TestClient, str]], notice_id: int
) -> None:
    client, token = signed_in("wang")
    base = f"/notices/{notice_id}/review"
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}
    impact = client.post(base + "/impact", data={"impact": "high", "reason": "x"}, headers=htmx)
    assert impact.status_code == 200 and 'id="notice-main"' in impact.text
    assert _saved(impact.text) == "Impact saved"
    moved = client.post(base + "/status", data={"status": "triage"}, headers=htmx)
    assert _saved(moved.text) == "Moved to Triage"
    client.post("/language", data={"lang": "zh", "csrf_token": token, "next": "/review"})
    for path, data, expected in (
        ("/impact", {"impact": "low", "reason": "y"}, "已保存影响评估"),
        ("/assign", {"assignee": "3"}, "已保存指派"),
        ("/categories", {"category": ["TR04"]}, "已保存类别更正"),
        ("/categories", {"accept": "1"}, "已接受机器分类"),
        ("/note", {"text": "A point."}, "已添加意见"),
        ("/status", {"status": "expert_review"}, "已转至“专家研判”"),
    ):
        assert _saved(client.post(base + path, data=data, headers=htmx).text) == expected


def test_a_plain_form_post_comes_back_to_the_panel_with_its_confirmation(
    signed_in: Callable[[str], tuple[TestClient, str]], client: TestClient, notice_id: int
) -> None:
    staff, token = signed_in("wang")
    response = staff.post(
        f"/notices/{notice_id}/review/note",
        data={"text": "Check the test method.", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/notices/{notice_id}?saved=note#review"
    assert _saved(staff.get(response.headers["location"]).text) == "Point added"
    assert _saved(staff.get(f"/notices/{notice_id}").text) is None
    assert _saved(staff.get(f"/notices/{notice_id}?saved=nonsense").text) is None
    assert "Point added" not in client.get(f"/notices/{notice_id}?saved=note").text


def _saved(html: str) -> str | None:
    import re

    found = re.search(
        r'<p class="alert alert-ok" id="review-saved" role="status"[^>]*>([^<]*)<', html
    )
    return found.group(1) if found else None
