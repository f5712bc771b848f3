"""The queue and search query: every filter, full text (FTS5 and PostgreSQL), ordering, pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from tests.web.seeding import add_notice
from warning.core.db import Base, Classification, Notice, Review
from warning.core.db.runtime import Database
from warning.core.fulltext import drop_fulltext_ddl, ensure_fulltext, fulltext_ddl
from warning.core.search import CountCache, FilterError, QueueFilter, search_notices

TODAY = date(2026, 5, 4)


def _notice(session: Session, key: str, categories: dict[str, float], **fields: Any) -> Notice:
    notice = add_notice(session, identity=key, symbol=fields.pop("symbol", None), **fields)
    for category, score in categories.items():
        session.add(
            Classification(
                notice_id=notice.id, category=category, score=score, method="fusion", current=True
            )
        )
    session.flush()
    return notice


@pytest.fixture
def corpus(database: Database, session: Session) -> dict[str, int]:
    with database.engine.begin() as connection:
        ensure_fulltext(connection)
    rows = {
        "battery": _notice(
            session,
            "G/TBT/N/EU/1004",
            {"HT09": 0.9},
            symbol="G/TBT/N/EU/1004",
            member_code="EU",
            title="Lithium-ion batteries: safety",
            hs_codes=["850760"],
            comment_deadline=TODAY + timedelta(days=5),
            flagged=True,
            urgency=90.0,
        ),
        "phones": _notice(
            session,
            "G/TBT/N/USA/2001",
            {"HT01": 0.8},
            symbol="G/TBT/N/USA/2001",
            member_code="USA",
            title="Radio equipment for mobile phones",
            hs_codes=["851713"],
            comment_deadline=TODAY + timedelta(days=40),
            flagged=True,
            urgency=60.0,
        ),
        "cheese": _notice(
            session,
            "G/SPS/N/JPN/3",
            {"TR02": 0.95},
            symbol="G/SPS/N/JPN/3",
            domain="SPS",
            member_code="JPN",
            title="Maximum residue limits in cheese",
            hs_codes=["0406"],
            comment_deadline=TODAY - timedelta(days=3),
            flagged=True,
            urgency=20.0,
        ),
        "chinese": _notice(
            session,
            "fedreg:1",
            {"TR04": 0.7},
            source_id="fedreg",
            domain="regulation",
            doc_type="regulation",
            member_code="USA",
            title="空调能效标准 energy labels",
            flagged=False,
            description="Régles générales pour électriques",
        ),
    }
    session.commit()
    return {k: v.id for k, v in rows.items()}


def _ids(session: Session, corpus: dict[str, int], **kwargs: Any) -> list[str]:
    names = {v: k for k, v in corpus.items()}
    page = search_notices(session, QueueFilter(**kwargs), today=TODAY, per_page=50)
    return [names[row.id] for row in page.rows]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"domain": "SPS"}, {"cheese"}),
        ({"member": "US"}, {"phones", "chinese"}),
        ({"member": "eu"}, {"battery"}),
        ({"category": "ht09"}, {"battery"}),
        ({"hs": "8517"}, {"phones"}),
        ({"hs": "85.07"}, {"battery"}),
        ({"source": "fedreg"}, {"chinese"}),
        ({"flagged": True}, {"battery", "phones", "cheese"}),
        ({"deadline": "open"}, {"battery", "phones"}),
        ({"deadline": "7"}, {"battery"}),
        ({"deadline": "passed"}, {"cheese"}),
        ({"deadline": "none"}, {"chinese"}),
        ({"deadline_from": TODAY, "deadline_to": TODAY + timedelta(days=10)}, {"battery"}),
        ({"q": "lithium"}, {"battery"}),
        ({"q": "batter"}, {"battery"}),  # words match by prefix
        ({"q": "radio PHONES"}, {"phones"}),
        ({"q": "radio cheese"}, set()),  # every word must match
        ({"q": "regles electriques"}, {"chinese"}),  # accents folded
        ({"q": "能效"}, {"chinese"}),  # Chinese matched as a substring
        ({"q": "G/TBT/N/USA/2001"}, {"phones"}),
        ({"q": "TBT/N/EU/1004"}, {"battery"}),
        ({"q": "?!"}, {"battery", "phones", "cheese", "chinese"}),
    ],
)
def test_each_filter_selects_its_notices(
    session: Session, corpus: dict[str, int], filters: dict[str, Any], expected: set[str]
) -> None:
    assert set(_ids(session, corpus, **filters)) == expected


def test_the_queue_is_most_urgent_first_and_can_sort_by_deadline(
    session: Session, corpus: dict[str, int]
) -> None:
    assert _ids(session, corpus, flagged=True) == ["battery", "phones", "cheese"]
    assert _ids(session, corpus, sort="deadline") == ["cheese", "battery", "phones", "chinese"]


def test_a_reviewers_categories_replace_the_machines_in_filters_and_rows(
    session: Session, corpus: dict[str, int]
) -> None:
    session.add(
        Classification(
            notice_id=corpus["phones"],
            category="TR04",
            score=1.0,
            method="reviewer",
            accepted=True,
            current=True,
        )
    )
    session.commit()
    assert _ids(session, corpus, category="HT01") == []
    assert set(_ids(session, corpus, category="TR04")) == {"phones", "chinese"}
    totals = {
        c: search_notices(session, QueueFilter(category=c), today=TODAY).total
        for c in ("HT01", "TR04")
    }
    assert totals == {"HT01": 0, "TR04": 2}
    page = search_notices(session, QueueFilter(q="radio"), today=TODAY)
    assert [(c.category, c.reviewed) for c in page.rows[0].categories] == [("TR04", True)]


def test_status_filters_count_a_notice_without_review_as_new(
    session: Session, corpus: dict[str, int]
) -> None:
    session.add(Review(notice_id=corpus["battery"], status="expert_review", impact="high"))
    session.add(Review(notice_id=corpus["cheese"], status="closed"))
    session.commit()
    assert set(_ids(session, corpus, flagged=True, status="open")) == {"battery", "phones"}
    assert _ids(session, corpus, flagged=True, status="new") == ["phones"]
    assert _ids(session, corpus, status="closed") == ["cheese"]
    assert _ids(session, corpus, flagged=True, sort="impact")[0] == "battery"
    row = search_notices(session, QueueFilter(q="lithium"), today=TODAY).rows[0]
    assert (row.status, row.impact) == ("expert_review", "high")


def test_pages_split_the_results_and_count_them_all(
    session: Session, corpus: dict[str, int]
) -> None:
    first = search_notices(session, QueueFilter(sort="deadline"), page=1, per_page=3, today=TODAY)
    second = search_notices(session, QueueFilter(sort="deadline"), page=2, per_page=3, today=TODAY)
    assert (first.total, first.pages, first.has_next, second.has_next) == (4, 2, True, False)
    assert len(first.rows) == 3 and len(second.rows) == 1
    assert {r.id for r in first.rows}.isdisjoint({r.id for r in second.rows})


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"hs": "85a"}, "hs"),
        ({"hs": "8"}, "hs"),
        ({"status": "archived"}, "status"),
        ({"deadline": "soon"}, "deadline"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_a_filter_value_it_cannot_use_is_refused_by_name(
    session: Session, filters: dict[str, Any], message: str
) -> None:
    with pytest.raises(FilterError, match=message):
        search_notices(session, QueueFilter(**filters), today=TODAY)


def test_the_full_text_index_follows_updates_and_deletes(
    session: Session, corpus: dict[str, int]
) -> None:
    notice = session.get(Notice, corpus["cheese"])
    assert notice is not None
    notice.title = "Maximum residue limits in yoghurt"
    session.commit()
    assert _ids(session, corpus, q="cheese") == []
    assert _ids(session, corpus, q="yoghurt") == ["cheese"]
    session.delete(notice)
    session.commit()
    assert _ids(session, corpus, q="yoghurt") == []
    count = session.execute(text("SELECT count(*) FROM notice_fts")).scalar()
    assert count == 3


def test_ensure_fulltext_indexes_existing_notices_and_can_run_twice(
    database: Database, session: Session
) -> None:
    add_notice(session, identity="x", title="Solar photovoltaic modules")
    session.commit()
    for _ in range(2):
        with database.engine.begin() as connection:
            ensure_fulltext(connection)
    found = search_notices(session, QueueFilter(q="photovoltaic"), today=TODAY)
    assert found.total == 1


def test_without_the_index_search_still_works_by_substring(session: Session) -> None:
    add_notice(session, identity="x", title="Solar photovoltaic modules")
    session.commit()
    assert search_notices(session, QueueFilter(q="photovoltaic"), today=TODAY).total == 1
    assert search_notices(session, QueueFilter(q="wind"), today=TODAY).total == 0


def test_the_ddl_names_the_table_and_its_triggers() -> None:
    ddl = "\n".join(fulltext_ddl("sqlite"))
    for name in ("notice_fts", "notice_fts_ai", "notice_fts_ad", "notice_fts_au"):
        assert name in ddl
    assert "USING gin" in fulltext_ddl("postgresql")[0]
    with pytest.raises(ValueError):
        fulltext_ddl("mysql")
    assert drop_fulltext_ddl("sqlite")[-1] == "DROP TABLE IF EXISTS notice_fts"


def test_the_downgrade_removes_table_and_triggers(database: Database) -> None:
    with database.engine.begin() as connection:
        ensure_fulltext(connection)
        for statement in drop_fulltext_ddl("sqlite"):
            connection.exec_driver_sql(statement)
        left = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'notice_fts%'"
        ).all()
    assert left == []


@pytest.mark.postgres
def test_search_and_full_text_on_postgresql(postgres_url: str) -> None:
    database = Database(postgres_url)
    engine: Engine = database.engine
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        ensure_fulltext(connection)
        ensure_fulltext(connection)
    with database.sessions() as session:
        corpus = {
            "battery": _notice(
                session,
                "a",
                {"HT09": 0.9},
                title="Lithium-ion batteries",
                hs_codes=["850760"],
                flagged=True,
                urgency=80.0,
                comment_deadline=TODAY + timedelta(days=3),
            ).id,
            "phones": _notice(
                session,
                "b",
                {"HT01": 0.9},
                title="Radio equipment",
                hs_codes=["851713"],
                flagged=True,
                urgency=90.0,
                description="空调能效标准",
            ).id,
        }
        session.commit()
        assert _ids(session, corpus, q="batter") == ["battery"]
        assert _ids(session, corpus, q="能效") == ["phones"]
        assert _ids(session, corpus, hs="8517") == ["phones"]
        assert _ids(session, corpus, category="HT09") == ["battery"]
        assert _ids(session, corpus, flagged=True) == ["phones", "battery"]
        assert _ids(session, corpus, sort="deadline") == ["battery", "phones"]
        session.add(Review(notice_id=corpus["battery"], status="triage", impact="high"))
        session.commit()
        assert _ids(session, corpus, flagged=True, sort="impact") == ["battery", "phones"]
        second = search_notices(session, QueueFilter(flagged=True), page=2, per_page=1, today=TODAY)
        assert ([row.id for row in second.rows], second.total) == ([corpus["battery"]], 2)
        assert [c.category for c in second.rows[0].categories] == ["HT09"]
    engine.dispose()


def test_totals_are_cached_for_a_while_but_pages_are_always_fresh(
    session: Session, corpus: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [0.0]
    monkeypatch.setattr("warning.core.search.time.monotonic", lambda: now[0])
    counts = CountCache(ttl=30)

    def flagged() -> Any:
        return search_notices(session, QueueFilter(flagged=True), today=TODAY, counts=counts)

    assert flagged().total == 3
    add_notice(session, identity="late", title="Late arrival", flagged=True, urgency=99.0)
    session.commit()
    cached = flagged()
    assert cached.total == 3  # the total may lag ...
    assert len(cached.rows) == 4  # ... the rows never do
    now[0] = 31.0
    assert flagged().total == 4
    add_notice(session, identity="later", title="Later", flagged=True, urgency=1.0)
    session.commit()
    counts.clear()
    assert flagged().total == 5


def test_a_category_found_by_several_methods_is_shown_once_with_its_best_score(
    session: Session, corpus: dict[str, int]
) -> None:
    for method, score in (("hs-rule", 0.95), ("text", 0.7)):
        session.add(
            Classification(
                notice_id=corpus["battery"], category="HT09", score=score, method=method,
                current=True,
            )
        )  # fmt: skip
    session.add(
        Classification(
            notice_id=corpus["battery"], category="TR04", score=0.6, method="text", current=True
        )
    )
    session.commit()
    row = search_notices(session, QueueFilter(q="lithium"), today=TODAY).rows[0]
    assert [(c.category, c.score, c.method) for c in row.categories] == [
        ("HT09", 0.95, "hs-rule"),
        ("TR04", 0.6, "text"),
    ]
