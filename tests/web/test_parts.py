"""Small parts of the web layer: highlighting, the login limiter, charts, HS search, URLs."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import Markup

from warning.core.stats import WeeklySeries
from warning.web.charts import horizontal_bars, stacked_weeks
from warning.web.fragments import FragmentCache
from warning.web.highlight import evidence_terms, highlight
from warning.web.hs import search_hs
from warning.web.ratelimit import LoginLimiter
from warning.web.routes.auth import safe_next
from warning.web.templating import http_url, isodate, query_string


def test_highlight_marks_words_and_codes_and_escapes_the_rest() -> None:
    text = "Lithium <b>cells</b> of HS 8507.60 & lithiumoid; see 85076012."
    marked = highlight(text, ["lithium", "850760"])
    assert isinstance(marked, Markup)
    assert str(marked) == (
        "<mark>Lithium</mark> &lt;b&gt;cells&lt;/b&gt; of HS <mark>8507.60</mark> &amp; "
        "lithiumoid; see 85076012."
    )
    assert str(highlight("空调能效标准", ["能效"])) == "空调<mark>能效</mark>标准"
    assert str(highlight("<x>", [])) == "&lt;x&gt;"
    assert str(highlight(None, ["a"])) == ""


def test_a_term_cannot_inject_markup_or_regex() -> None:
    marked = str(highlight("a (b) <i>", ["(b)", "<i>", ".*"]))
    assert marked == "a <mark>(b)</mark> <mark>&lt;i&gt;</mark>"


def test_evidence_terms_read_the_usual_shapes() -> None:
    evidence = {
        "codes": ["8507", {"code": "850760", "prefix": "8507"}],
        "words": [{"word": "lithium", "weight": 0.4}, "battery", "battery"],
        "model": "embedded",
    }
    assert evidence_terms(evidence) == (["8507", "850760"], ["lithium", "battery"])
    assert evidence_terms(None) == ([], [])


def test_the_limiter_counts_per_address_and_per_username_in_a_window() -> None:
    now = [0.0]
    limiter = LoginLimiter(max_failures=3, window_seconds=60, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.retry_after("1.1.1.1", "wang") is None
        limiter.failed("1.1.1.1", "wang")
    assert limiter.retry_after("1.1.1.1", "someone") == 61  # the address is blocked
    assert limiter.retry_after("2.2.2.2", "WANG") == 61  # and so is the username
    assert limiter.retry_after("2.2.2.2", "li") is None
    now[0] = 61.0
    assert limiter.retry_after("1.1.1.1", "wang") is None


def test_signing_in_clears_the_username_but_not_the_address() -> None:
    limiter = LoginLimiter(max_failures=2, window_seconds=60, clock=lambda: 0.0)
    for name in ("a", "b"):
        limiter.failed("1.1.1.1", name)
    limiter.succeeded("1.1.1.1", "mine")
    assert limiter.retry_after("1.1.1.1", "c") is not None


def test_charts_are_svg_with_escaped_labels() -> None:
    weeks = [date(2026, 1, 5), date(2026, 1, 12)]
    data = WeeklySeries(weeks, {"HT01": [1, 3], "other": [0, 2]})
    chart = stacked_weeks(data, lambda k: f"<{k}>", title="T & <t>")
    svg = str(chart.svg)
    assert svg.startswith("<svg") and "<rect" in svg and "&lt;HT01&gt;" in svg
    assert "<HT01>" not in svg and "T &amp; &lt;t&gt;" in svg
    assert chart.legend == [("#1f5fbf", "<HT01>"), ("#b8c2cf", "<other>")]
    assert not chart.empty
    empty = stacked_weeks(WeeklySeries(weeks, {}), str, title="t")
    assert empty.empty
    bars = horizontal_bars([("USA", 5), ("EU", 2)], title="t")
    assert str(bars.svg).count("<rect") == 2


def test_hs_search_by_prefix_and_by_words() -> None:
    assert [e.code for e in search_hs("8507")][:2] == ["8507", "850710"]
    assert all(e.code.startswith("8507") for e in search_hs("85 07"))
    assert any(e.code == "283691" for e in search_hs("carbonate lithium"))
    assert search_hs("") == [] and search_hs("  ") == []
    assert len(search_hs("a", limit=500)) <= 50


def test_only_http_links_become_links() -> None:
    assert http_url(" https://eping.wto.org/x ") == "https://eping.wto.org/x"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x", ""):
        assert http_url(bad) == ""


def test_query_strings_keep_filters_and_drop_empty_values() -> None:
    assert query_string({"q": "a b", "domain": "", "hs": None}, page=2) == "q=a+b&page=2"
    assert query_string({"category": ["HT01", "TR04"]}) == "category=HT01&category=TR04"


def test_login_redirects_stay_on_the_site() -> None:
    assert safe_next("/notices/3?x=1") == "/notices/3?x=1"
    for bad in ("https://evil.example", "//evil.example", "/\\evil", "evil", None, ""):
        assert safe_next(bad) == "/review"


def test_the_fragment_cache_renders_once_per_key_and_drops_the_oldest() -> None:
    rendered: list[str] = []

    def render(text: str) -> Callable[[], str]:
        return lambda: rendered.append(text) or f"<td>{text}</td>"

    cache = FragmentCache(size=2)
    assert cache.get("a", render("a")) == Markup("<td>a</td>")
    cache.get("a", render("a"))
    cache.get("b", render("b"))
    cache.get("a", render("a"))  # "a" is now the most recently used
    cache.get("c", render("c"))  # full: "b" goes
    cache.get("a", render("a"))
    cache.get("b", render("b"))
    assert rendered == ["a", "b", "c", "b"] and len(cache) == 2


def test_the_app_moves_its_start_up_objects_out_of_the_collectors_reach(app: FastAPI) -> None:
    with TestClient(app):
        assert gc.get_freeze_count() > 0


def test_times_are_shown_in_utc_whatever_zone_they_come_in() -> None:
    shanghai = timezone(timedelta(hours=8))
    assert isodate(datetime(2026, 11, 21, 19, 50, tzinfo=shanghai)) == "2026-11-21 11:50 UTC"
    assert isodate(datetime(2026, 11, 21, 11, 50)) == "2026-11-21 11:50 UTC"  # stored UTC
    assert isodate(date(2026, 11, 21)) == "2026-11-21"
