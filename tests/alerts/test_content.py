"""What each kind of email says, in Chinese and English, as received by a real SMTP server."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

import pytest
import time_machine
from sqlalchemy.orm import Session

from alerts import actions
from alerts.config import AlertsConfig
from alerts.dispatch import dispatch
from alerts.transport.smtp import SMTPTransport
from config.settings import Settings
from tests.alerts.conftest import BASE_URL, SMTPServer, make_notice, make_subscriber
from warning.core.db import Notice
from warning.core.db.runtime import Database
from warning.core.store import NoticeInput, upsert_notice

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
TODAY = date(2026, 3, 2)


def send_all(database: Database, settings: Settings, config: AlertsConfig):  # type: ignore[no-untyped-def]
    transport = SMTPTransport.from_settings(settings, concurrency=2)
    try:
        return dispatch(database.sessions, transport, settings=settings, config=config)
    finally:
        transport.close()


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()  # type: ignore[union-attr]


def _ac_notice(session: Session, **overrides) -> int:  # type: ignore[no-untyped-def]
    fields = dict(
        symbol="G/TBT/N/USA/2001",
        member="USA",
        domain="TBT",
        title="Energy conservation program: room air conditioners",
        description="The Department of Energy proposes amended efficiency standards.",
        products="Room air conditioners (HS 8415)",
        hs_codes=["8415.10"],
        distribution_date="2026-02-27",
        comment_deadline="2026-03-20",
        url="https://docs.wto.org/dol2fe/Pages/FE_Search/FE_S_S006.aspx?q=USA2001",
        links=["https://members.wto.org/crnattachments/2026/TBT/USA/26_0001_00_e.pdf"],
        categories=("TR04",),
    )
    fields.update(overrides)
    return make_notice(session, **fields)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize(
    ("language", "tag", "sentence"),
    [
        ("en", "[Regulation] ", "New Regulation notice from United States"),
        ("zh", "【技术法规】", "与您的订阅相符的技术法规新通报"),
    ],
)
def test_a_regulations_subject_names_its_kind_as_the_web_does(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
    language: str,
    tag: str,
    sentence: str,
) -> None:
    with database.sessions() as session:
        _ac_notice(
            session, source="fedreg", symbol=None, external_id="2026-01234",
            domain="regulation", doc_type="regulation",
        )  # fmt: skip
        make_subscriber(
            session, alert_settings, "buyer@example.com", language=language, categories="TR04"
        )
        session.commit()
    assert send_all(database, alert_settings, config).sent == 1
    (message,) = smtp.handler.messages
    assert message["Subject"].startswith(tag)
    assert sentence in text_of(message)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "[TBT] United States: Energy conservation program: room air conditioners",
                "comments by 20 Mar 2026 (18 days left)",
            ],
        ),
        (
            "zh",
            [
                "【TBT】美国：Energy conservation program: room air conditioners",
                "评议截止 2026年3月20日（还剩 18 天）",
            ],
        ),
    ],
)
def test_a_new_notice_alert_says_what_where_why_and_by_when(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
    language: str,
    expected: list[str],
) -> None:
    with database.sessions() as session:
        notice_id = _ac_notice(session)
        make_subscriber(
            session,
            alert_settings,
            "buyer@example.com",
            language=language,
            categories="TR04",
            markets="USA",
            keywords="air conditioner",
        )
        session.commit()
    report = send_all(database, alert_settings, config)
    assert report.sent == 1 and report.queued["new"] == 1
    (message,) = smtp.handler.messages
    for part in expected:
        assert part in message["Subject"]
    text = text_of(message)
    english = language == "en"
    category = "Electrical equipment & household appliances" if english else "机电产品与家用电器"
    for part in [
        "G/TBT/N/USA/2001",
        category,
        f"{BASE_URL}/notices/{notice_id}",
        "https://members.wto.org/crnattachments/2026/TBT/USA/26_0001_00_e.pdf",
        "/s/feedback/",
        "?relevant=1",
        "?relevant=0",
        "/s/manage/",
        "/s/unsubscribe/",
    ]:
        assert part in text, part
    reasons = (
        ("category Electrical", 'keyword "air conditioner"', "market United States")
        if english
        else ("类别：机电产品与家用电器", "关键词“air conditioner”", "市场：美国")
    )
    for reason in reasons:
        assert reason in text, reason
    assert ("18 days left" if language == "en" else "还剩 18 天") in html_of(message)


def test_headers_carry_one_click_unsubscribe_and_a_stable_message_id(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    with database.sessions() as session:
        _ac_notice(session)
        make_subscriber(session, alert_settings, "h@example.com", categories="TR04")
        session.commit()
    send_all(database, alert_settings, config)
    (message,) = smtp.handler.messages
    unsubscribe = message["List-Unsubscribe"]
    assert re.fullmatch(rf"<{re.escape(BASE_URL)}/s/unsubscribe/[\w.-]+>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<[0-9a-f]{32}\.new@tbtwatch\.example>", message["Message-ID"])
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    token = unsubscribe.strip("<>").rsplit("/", 1)[1]
    with database.sessions() as session:
        result = actions.unsubscribe(session, token, settings=alert_settings)
        assert result.outcome is actions.Outcome.DONE


def test_text_from_sources_is_escaped_in_html(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    with database.sessions() as session:
        notice_id = _ac_notice(session)
        notice = session.get(Notice, notice_id)
        # As if a source slipped markup past cleaning: the email must still show it as text.
        notice.title = '<script>alert(1)</script> Toys" onerror="alert(2)'
        notice.description = "<img src=x onerror=alert(3)> details"
        notice.url = "javascript:alert(4)"
        make_subscriber(session, alert_settings, "x@example.com", categories="TR04")
        session.commit()
    send_all(database, alert_settings, config)
    html = html_of(smtp.handler.messages[0])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(3)&gt;" in html
    assert '" onerror="' not in html and "&#34; onerror=&#34;" in html
    assert "javascript:" not in html


@pytest.mark.parametrize(
    ("language", "subject", "link_text"),
    [
        ("en", "Confirm your tbtwatch alert subscription", "Confirm my subscription"),
        ("zh", "请确认您的 tbtwatch 预警订阅", "确认订阅"),
    ],
)
def test_the_confirmation_email_carries_a_working_link(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
    language: str,
    subject: str,
    link_text: str,
) -> None:
    with database.sessions() as session:
        _ac_notice(session)
        make_subscriber(
            session,
            alert_settings,
            "new@example.com",
            language=language,
            confirmed=False,
            categories="TR04",
        )
        session.commit()
    report = send_all(database, alert_settings, config)
    frozen.shift(timedelta(hours=2))
    send_all(database, alert_settings, config)
    (message,) = smtp.handler.messages  # nothing but the confirmation until confirmed
    assert report.sent == 1 and message["Subject"] == subject
    assert message["List-Unsubscribe"] is None
    assert link_text in html_of(message)
    url = re.search(rf"{re.escape(BASE_URL)}/s/confirm/([\w.-]+)", text_of(message))
    assert url is not None
    with database.sessions() as session:
        assert actions.confirm(session, url.group(1), settings=alert_settings).ok
        session.commit()
    frozen.shift(timedelta(hours=2))
    with database.sessions() as session:
        _ac_notice(session, symbol="G/TBT/N/USA/2002", title="Second notice")
        session.commit()
    send_all(database, alert_settings, config)
    assert len(smtp.handler.to("new@example.com")) == 2  # confirmed: the next notice arrives


@pytest.mark.parametrize(
    ("language", "subject", "headings"),
    [
        (
            "en",
            "tbtwatch daily digest: 3 notices, 2 closing within 14 days",
            [
                "Electrical equipment & household appliances — European Union",
                "Light-industry consumer goods — United States",
                "Electrical equipment & household appliances — United States",
            ],
        ),
        (
            "zh",
            "tbtwatch 每日摘要：3 项通报，其中 2 项将在 14 天内截止评议",
            ["机电产品与家用电器 — 欧盟", "轻工消费品 — 美国", "机电产品与家用电器 — 美国"],
        ),
    ],
)
def test_a_digest_groups_by_category_and_market_most_urgent_first(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
    language: str,
    subject: str,
    headings: list[str],
) -> None:
    with database.sessions() as session:
        make_subscriber(
            session,
            alert_settings,
            "d@example.com",
            language=language,
            categories="TR04,TR06",
            frequency="daily",
            now=NOW,
        )
        session.commit()
    send_all(database, alert_settings, config)  # schedules the first digest: 08:00 tomorrow
    with database.sessions() as session:
        _ac_notice(
            session,
            symbol="G/TBT/N/USA/3001",
            title="Air conditioners later",
            comment_deadline="2026-04-30",
        )
        _ac_notice(
            session,
            symbol="G/TBT/N/USA/3002",
            title="Toys soon",
            categories=("TR06",),
            comment_deadline="2026-03-10",
        )
        _ac_notice(
            session,
            symbol="G/TBT/N/EU/3003",
            member="EU",
            title="Lamps sooner",
            comment_deadline="2026-03-05",
        )
        session.commit()
    send_all(database, alert_settings, config)
    assert smtp.handler.messages == []  # not before the digest hour
    frozen.move_to(datetime(2026, 3, 3, 0, 0, tzinfo=UTC))  # 08:00 in Shanghai
    report = send_all(database, alert_settings, config)
    assert report.queued["digest"] == 1 and report.sent == 1
    (message,) = smtp.handler.messages
    assert message["Subject"] == subject
    text = text_of(message)
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert text.index("Lamps sooner") < text.index("Toys soon") < text.index("Air conditioners")
    assert len(re.findall(r"/s/feedback/", html_of(message))) == 6  # yes and no, per notice
    frozen.shift(timedelta(hours=1))
    assert send_all(database, alert_settings, config).sent == 0  # one digest per period


@pytest.mark.parametrize(
    ("language", "subject", "line"),
    [
        (
            "en",
            "Update: G/TBT/N/USA/2001 deadline moved",
            "Comment deadline: 20 March 2026 → 20 April 2026",
        ),
        (
            "zh",
            "通报更新：G/TBT/N/USA/2001 评议期变更",
            "评议截止日期：2026年3月20日 → 2026年4月20日",
        ),
    ],
)
def test_a_material_update_reaches_those_who_got_the_original(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
    language: str,
    subject: str,
    line: str,
) -> None:
    with database.sessions() as session:
        _ac_notice(session)
        make_subscriber(
            session, alert_settings, "got@example.com", language=language, categories="TR04"
        )
        session.commit()
    send_all(database, alert_settings, config)
    frozen.shift(timedelta(days=1))
    with database.sessions() as session:
        make_subscriber(session, alert_settings, "later@example.com", categories="HT01")
        upsert_notice(
            session,
            NoticeInput(
                source="eping",
                symbol="G/TBT/N/USA/2001",
                member="USA",
                domain="TBT",
                title="Energy conservation program: room air conditioners",
                description="The Department of Energy proposes amended efficiency standards.",
                products="Room air conditioners (HS 8415)",
                hs_codes=["8415.10"],
                distribution_date="2026-02-27",
                comment_deadline="2026-04-20",
                url="https://docs.wto.org/dol2fe/Pages/FE_Search/FE_S_S006.aspx?q=USA2001",
                links=["https://members.wto.org/crnattachments/2026/TBT/USA/26_0001_00_e.pdf"],
            ),
            now=datetime.now(UTC),
        )
        session.commit()
    report = send_all(database, alert_settings, config)
    assert report.queued["update"] == 1
    update = smtp.handler.to("got@example.com")[-1]
    assert update["Subject"].startswith(subject)
    assert line in text_of(update)
    assert smtp.handler.to("later@example.com") == []
    assert send_all(database, alert_settings, config).sent == 0


def test_an_addendum_that_moves_the_deadline_is_sent_as_an_update(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    with database.sessions() as session:
        _ac_notice(session)
        make_subscriber(session, alert_settings, "a@example.com", categories="TR04")
        session.commit()
    send_all(database, alert_settings, config)
    frozen.shift(timedelta(days=1))
    with database.sessions() as session:
        _ac_notice(
            session,
            symbol="G/TBT/N/USA/2001/Add.1",
            title="Comment period extended",
            addendum_reasons=["comment_period_changed"],
            comment_deadline="2026-05-04",
            now=None,
        )
        session.commit()
    report = send_all(database, alert_settings, config)
    assert report.queued == {**report.queued, "new": 0, "update": 1}
    update = smtp.handler.messages[-1]
    assert update["X-Tbtwatch-Kind"] == "update"
    assert "G/TBT/N/USA/2001/Add.1" in text_of(update)
    assert "Comment deadline: 4 May 2026" in text_of(update)


@pytest.mark.parametrize(
    ("language", "subject_part"),
    [
        ("en", "Reminder: 14 days left to comment"),
        ("zh", "评议提醒：还剩 14 天"),
    ],
)
def test_deadline_reminders_at_14_and_3_days(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
    language: str,
    subject_part: str,
) -> None:
    with database.sessions() as session:
        _ac_notice(session, comment_deadline="2026-04-01")  # 30 days ahead
        make_subscriber(
            session, alert_settings, "r@example.com", language=language, categories="TR04"
        )
        make_subscriber(
            session, alert_settings, "quiet@example.com", categories="TR04", reminders=False
        )
        session.commit()
    send_all(database, alert_settings, config)
    sent = len(smtp.handler.messages)
    frozen.move_to(datetime(2026, 3, 17, 1, 0, tzinfo=UTC))  # 15 days left: nothing yet
    assert send_all(database, alert_settings, config).queued["reminder"] == 0
    frozen.move_to(datetime(2026, 3, 18, 1, 0, tzinfo=UTC))  # 14 days left
    assert send_all(database, alert_settings, config).queued["reminder"] == 1
    reminder = smtp.handler.messages[sent]
    assert subject_part in reminder["Subject"]
    assert reminder["To"].endswith("r@example.com")
    frozen.move_to(datetime(2026, 3, 19, 1, 0, tzinfo=UTC))
    assert send_all(database, alert_settings, config).queued["reminder"] == 0
    frozen.move_to(datetime(2026, 3, 29, 1, 0, tzinfo=UTC))  # 3 days left
    assert send_all(database, alert_settings, config).queued["reminder"] == 1
    assert subject_part.replace("14", "3") in smtp.handler.messages[-1]["Subject"]
    assert smtp.handler.to("quiet@example.com")[-1]["X-Tbtwatch-Kind"] == "new"


def test_a_late_alert_gets_no_reminder_for_the_window_it_arrived_in(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    with database.sessions() as session:
        _ac_notice(session, comment_deadline="2026-03-12")  # 10 days ahead
        make_subscriber(session, alert_settings, "r@example.com", categories="TR04")
        session.commit()
    report = send_all(database, alert_settings, config)
    assert (report.queued["new"], report.queued["reminder"]) == (1, 0)
    frozen.move_to(datetime(2026, 3, 9, 1, 0, tzinfo=UTC))  # 3 days left
    assert send_all(database, alert_settings, config).queued["reminder"] == 1


def test_reminders_follow_the_deadline_an_addendum_moved(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    with database.sessions() as session:
        _ac_notice(session)  # comments by 20 March
        make_subscriber(session, alert_settings, "r@example.com", categories="TR04")
        session.commit()
    send_all(database, alert_settings, config)
    frozen.move_to(datetime(2026, 3, 5, 1, 0, tzinfo=UTC))
    with database.sessions() as session:
        _ac_notice(
            session,
            symbol="G/TBT/N/USA/2001/Add.1",
            title="Comment period extended",
            addendum_reasons=["comment_period_changed"],
            comment_deadline="2026-04-30",
            distribution_date="2026-03-05",
        )
        session.commit()
    assert send_all(database, alert_settings, config).queued["update"] == 1
    frozen.move_to(datetime(2026, 3, 6, 1, 0, tzinfo=UTC))  # 14 days before the old deadline
    assert send_all(database, alert_settings, config).queued["reminder"] == 0
    frozen.move_to(datetime(2026, 4, 16, 1, 0, tzinfo=UTC))  # 14 days before the new one
    assert send_all(database, alert_settings, config).queued["reminder"] == 1
    reminder = smtp.handler.messages[-1]
    assert "(by 30 Apr 2026)" in reminder["Subject"]
    assert "30 April 2026 (14 days left), as set by G/TBT/N/USA/2001/Add.1" in text_of(reminder)


def test_a_withdrawn_measure_gets_no_reminders(
    frozen,
    database: Database,
    alert_settings: Settings,
    config: AlertsConfig,
    smtp: SMTPServer,
) -> None:
    with database.sessions() as session:
        _ac_notice(session, comment_deadline="2026-04-01")
        make_subscriber(session, alert_settings, "w@example.com", categories="TR04")
        session.commit()
    send_all(database, alert_settings, config)
    frozen.move_to(datetime(2026, 3, 10, 1, 0, tzinfo=UTC))
    with database.sessions() as session:
        _ac_notice(
            session,
            symbol="G/TBT/N/USA/2001/Add.2",
            title="Withdrawal",
            addendum_reasons=["withdrawn"],
            comment_deadline=None,
        )
        session.commit()
    update = send_all(database, alert_settings, config)
    assert update.queued["update"] == 1
    assert "The measure has been withdrawn" in text_of(smtp.handler.messages[-1])
    frozen.move_to(datetime(2026, 3, 18, 1, 0, tzinfo=UTC))  # 14 days before the deadline
    assert send_all(database, alert_settings, config).queued["reminder"] == 0
