"""The JSON API: reading with the queue's filters, one notice in full, categories, HS codes;
review writes with a staff token."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from warning.web.schemas import CategoryScoreOut, NoticeList, NoticeSummary


def test_the_list_filters_pages_and_links_the_next_page(
    client: TestClient, seeded: list[int]
) -> None:
    body = client.get("/api/notices", params={"domain": "SPS", "per_page": 5}).json()
    assert body["total"] > 5 and len(body["items"]) == 5
    assert {item["domain"] for item in body["items"]} == {"SPS"}
    assert body["next"] == "/api/notices?domain=SPS&page=2&per_page=5"
    second = client.get(body["next"]).json()
    assert second["page"] == 2
    assert not {i["id"] for i in second["items"]} & {i["id"] for i in body["items"]}
    item = body["items"][0]
    assert item["url"] == f"http://testserver/notices/{item['id']}"
    assert item["categories"][0]["category"]


def test_a_bad_filter_value_is_a_422_naming_it(client: TestClient, staff: dict[str, int]) -> None:
    response = client.get("/api/notices", params={"hs": "12ab"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "hs"]
    assert client.get("/api/notices", params={"per_page": 0}).status_code == 422


def test_review_status_filters_need_a_staff_token(
    client: TestClient, notice_id: int, api_token: Callable[[str], dict[str, str]]
) -> None:
    anonymous = client.get("/api/notices", params={"status": "closed"}).json()
    assert anonymous["total"] == 1  # ignored without a token
    staff = client.get(
        "/api/notices", params={"status": "closed"}, headers=api_token("reviewer")
    ).json()
    assert staff["total"] == 0
    forged = client.get("/api/notices", headers={"Authorization": "Bearer tbtw_nope"})
    assert forged.status_code == 401


def test_one_notice_comes_with_classification_evidence_and_timeline(
    client: TestClient, notice_id: int
) -> None:
    body = client.get(f"/api/notices/{notice_id}").json()
    assert body["symbol"] == "G/TBT/N/USA/1"
    assert body["classification"] == [
        {
            "category": "TR04",
            "score": 0.8,
            "method": "fusion",
            "model_version": None,
            "evidence": {"codes": ["841510"], "words": ["air conditioners"]},
            "needs_review": False,
            "accepted": False,
        }
    ]
    assert [t["id"] for t in body["timeline"]] == [notice_id]
    assert client.get("/api/notices/999999").status_code == 404


def test_categories_and_hs_codes(client: TestClient) -> None:
    categories = client.get("/api/categories").json()
    assert {"id": "HT01", "group": "HT"}.items() <= categories[0].items()
    assert categories[0]["name_zh"] and categories[0]["name_en"]
    by_code = client.get("/api/hs", params={"q": "85.07"}).json()
    assert by_code[0]["code"] == "8507" and all(c["code"].startswith("8507") for c in by_code)
    by_words = client.get("/api/hs", params={"q": "lithium carbonate"}).json()
    assert "283691" in [c["code"] for c in by_words]


def test_a_staff_token_runs_the_review(
    client: TestClient, notice_id: int, api_token: Callable[[str], dict[str, str]]
) -> None:
    headers = api_token("reviewer")
    base = f"/api/notices/{notice_id}"
    step = client.post(f"{base}/review/status", json={"status": "triage"}, headers=headers)
    assert step.status_code == 200 and step.json()["status"] == "triage"
    assert "expert_review" in step.json()["allowed_next"]
    assigned = client.post(f"{base}/review/assign", json={"assignee": "li"}, headers=headers)
    assert assigned.json()["assignee"] == "li"
    rated = client.post(
        f"{base}/review/impact", json={"impact": "low", "reason": "few exports"}, headers=headers
    )
    assert rated.json()["impact"] == "low"
    noted = client.post(f"{base}/review/notes", json={"text": "A point."}, headers=headers)
    assert noted.status_code == 201
    labels = client.put(f"{base}/categories", json={"categories": ["HT06"]}, headers=headers)
    assert labels.json()["categories"] == ["HT06"]
    assert client.get(f"{base}/review", headers=headers).json()["status"] == "triage"


def test_the_api_explains_refusals(
    client: TestClient, notice_id: int, api_token: Callable[[str], dict[str, str]]
) -> None:
    base = f"/api/notices/{notice_id}"
    expert = api_token("expert")
    forbidden = client.post(f"{base}/review/status", json={"status": "triage"}, headers=expert)
    assert forbidden.status_code == 403
    reviewer = api_token("reviewer")
    conflict = client.post(f"{base}/review/status", json={"status": "closed"}, headers=reviewer)
    assert conflict.status_code == 409 and "cannot move" in conflict.json()["detail"]
    unknown = client.put(f"{base}/categories", json={"categories": ["XX"]}, headers=reviewer)
    assert unknown.status_code == 422
    nobody = client.post(f"{base}/review/assign", json={"assignee": "ghost"}, headers=reviewer)
    assert nobody.status_code == 422
    extra = client.post(
        f"{base}/review/status", json={"status": "triage", "x": 1}, headers=reviewer
    )
    assert extra.status_code == 422


def test_the_openapi_document_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/notices", "/api/notices/{notice_id}", "/api/categories", "/api/hs"):
        assert "get" in paths[path]
    assert "put" in paths["/api/notices/{notice_id}/categories"]
    assert "/feeds/notices.atom" in paths and "/notices.csv" in paths
    assert "/review" not in paths  # the HTML pages are not part of the API contract


def test_the_list_has_exactly_the_documented_shape(client: TestClient, seeded: list[int]) -> None:
    response = client.get("/api/notices", params={"per_page": 20})
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == set(NoticeList.model_fields)
    assert {frozenset(item) for item in body["items"]} == {frozenset(NoticeSummary.model_fields)}
    chips = [c for item in body["items"] for c in item["categories"]]
    assert chips and {frozenset(c) for c in chips} == {frozenset(CategoryScoreOut.model_fields)}
    listing = NoticeList.model_validate(body)
    assert len(listing.items) == 20 and listing.model_dump(mode="json") == body
