"""End to end in Chromium (Playwright, Debian's chromium): the app runs under uvicorn on a
loopback port, mail goes to a real aiosmtpd server. A reviewer signs in, filters the queue,
opens a notice, corrects its categories, takes it through the workflow and drafts the letter;
an exporter subscribes, confirms with the link from the email, and unsubscribes. Screenshots
of the main pages go to test-output/screenshots/."""

from __future__ import annotations

import email
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from aiosmtpd.controller import Controller

from alerts.config import alerts_config
from alerts.dispatch import dispatch
from alerts.transport import make_transport
from config.settings import Settings, load_settings
from tests.web.seeding import PASSWORD
from warning.core.db.runtime import Database
from warning.web.app import create_app

CHROMIUM = Path(os.environ.get("TBTWATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """What the SMTP server received."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, subject: str, timeout: float = 20.0) -> Message:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if to in str(message["To"]) and re.search(subject, str(message["Subject"])):
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no mail to {to} matching {subject!r}: {self.subjects()}")

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.messages]


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@dataclass
class LiveServer:
    url: str
    settings: Settings
    database: Database


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory,
    seeded_template: tuple[Path, list[int]],
    smtp: tuple[Mailbox, int],
) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    path = folder / "live.db"
    with sqlite3.connect(seeded_template[0]) as source, sqlite3.connect(path) as target:
        source.backup(target)
    port = free_port()
    settings = load_settings(
        data_dir=folder,
        database_url=f"sqlite:///{path}",
        base_url=f"http://127.0.0.1:{port}",
        smtp_host="127.0.0.1",
        smtp_port=smtp[1],
        environment="test",
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", settings, Database(settings.database_url))
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1440, "height": 1000}, locale="en-US", accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "CSP" in m.text else None,
    )
    yield page
    context.close()
    assert not errors, f"errors in the page (script or Content-Security-Policy): {errors}"


HISTORY_LENGTH = """() => {
    const summary = document.querySelector('#review .history summary');
    const found = summary && summary.textContent.match(/\\((\\d+)\\)/);
    return found ? parseInt(found[1], 10) : -1;
}"""


def act(page: Any, selector: str) -> None:
    """Click a review panel button and wait until htmx has swapped in the panel with one more
    history entry (so the next step does not type into a panel about to be replaced)."""
    before = page.evaluate(HISTORY_LENGTH)
    page.click(selector)
    page.wait_for_function(f"n => ({HISTORY_LENGTH})() > n", arg=before)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # else the sticky bar shows mid-page
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_reviewer_takes_a_notice_from_the_queue_to_a_sent_comment(
    live: LiveServer, page: Any, tmp_path: Path
) -> None:
    page.goto(f"{live.url}/review")
    assert "/login" in page.url
    page.fill("input[name=username]", "wang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(lambda url: url.endswith("/review"))
    shot(page, "queue")

    # Filter: htmx swaps the table and puts the filter in the address bar.
    total_before = page.inner_text(".results-head strong")
    page.select_option("select[name=domain]", "SPS")
    page.wait_for_url(lambda url: "domain=SPS" in url)
    page.wait_for_function(
        "before => document.querySelector('.results-head strong').innerText !== before",
        arg=total_before,
    )
    domains = page.locator("table.notices td.col-notice .tag").all_inner_texts()
    assert domains and all(d == "SPS" for d in domains if d in ("TBT", "SPS"))
    page.fill("input[name=q]", "residue")
    page.wait_for_url(lambda url: "q=residue" in url)
    page.wait_for_selector("table.notices a.notice-title")
    shot(page, "queue-filtered")

    page.click("table.notices a.notice-title >> nth=0")
    page.wait_for_selector("#review")
    notice_url = page.url
    shot(page, "notice")

    # Correct the categories: the panel and the classification card are swapped by htmx.
    page.check("#review input[name=category][value=HT07]")
    act(page, "#review button:has-text('Save correction')")
    page.wait_for_selector("#classification .cat-reviewed:has-text('HT07')")

    for target in ("Triage", "Expert review"):
        act(page, f"#review button:has-text('→ {target}')")
        page.wait_for_selector(f"#review .panel-head .status:has-text('{target}')")
    page.check("#review input[name=impact][value=high]")
    page.fill("#review textarea[name=reason]", "Main export of Guangdong dairy exporters.")
    act(page, "#review button:has-text('Save impact')")
    page.fill("#review textarea[name=text]", "The residue limit is stricter than Codex.")
    act(page, "#review button:has-text('Add')")
    page.wait_for_selector("#review .note:has-text('stricter than Codex')")
    act(page, "#review button:has-text('→ Comment drafting')")
    page.wait_for_selector("#review a:has-text('Draft the comment letter')")
    shot(page, "review-panel")

    page.click("#review a:has-text('Draft the comment letter')")
    page.wait_for_selector(".letter-sheet")
    assert "1. " not in page.inner_text(".letter-sheet")  # one point: no numbering
    assert "The residue limit is stricter than Codex." in page.inner_text(".letter-sheet")
    shot(page, "letter")
    with page.expect_download() as download:
        page.click("a:has-text('Download DOCX')")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".docx" and saved.stat().st_size > 5000

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Mark as sent')")
    page.wait_for_url(notice_url + "#review")
    assert "Comment sent" in page.inner_text("#review .panel-head")
    history = page.text_content("#review .history") or ""
    assert "corrected the categories" in history and "rated the impact" in history

    page.goto(f"{live.url}/dashboard")
    page.wait_for_selector(".chart svg")
    shot(page, "dashboard")
    page.goto(f"{live.url}/sources")
    shot(page, "sources")
    page.click(".langswitch button[value=zh]")
    page.wait_for_selector("text=审核队列")
    page.goto(f"{live.url}/review")
    shot(page, "queue-zh")
    page.goto(notice_url)
    shot(page, "notice-zh")


def test_an_exporter_subscribes_confirms_from_the_email_and_unsubscribes(
    live: LiveServer, page: Any, smtp: tuple[Mailbox, int]
) -> None:
    mailbox, _ = smtp
    page.goto(f"{live.url}/subscribe")
    page.fill("input[name=email]", "exporter@example.cn")
    page.check("input[name=language][value=en]")
    page.check("input[name=categories][value=TR02]")
    page.fill("input[name=hs_q]", "milk")
    page.wait_for_selector(".hs-results button[data-code='0401']")
    page.click(".hs-results button[data-code='0401']")
    page.wait_for_selector(".chip:has-text('0401')")
    page.check("input[name=frequency][value=immediate]")
    shot(page, "subscribe")
    page.click("button:has-text('Subscribe')")
    page.wait_for_selector("text=Check your mailbox")

    confirmation = mailbox.wait_for("exporter@example.cn", "(?i)confirm")
    link = re.search(r"http://127\.0\.0\.1:\d+/s/confirm/\S+", text_of(confirmation))
    assert link, text_of(confirmation)
    page.goto(link.group(0))
    page.click("button:has-text('Confirm subscription')")
    page.wait_for_selector("text=Your subscription is confirmed.")
    shot(page, "confirmed")

    # The next dispatch sends the alerts this subscription matches; each carries the links.
    transport = make_transport(live.settings)
    try:
        report = dispatch(
            live.database.sessions,
            transport,
            settings=live.settings,
            config=alerts_config(live.settings),
        )
    finally:
        transport.close()
    assert report.sent, report
    alert = next(
        m
        for m in mailbox.messages
        if "exporter@example.cn" in str(m["To"]) and m is not confirmation
    )
    assert "List-Unsubscribe" in alert
    unsubscribe = re.search(r"http://127\.0\.0\.1:\d+/s/unsubscribe/[^\s>]+", text_of(alert))
    assert unsubscribe, text_of(alert)
    page.goto(unsubscribe.group(0))
    page.click("button:has-text('Unsubscribe')")
    page.wait_for_selector("text=You are unsubscribed")
    shot(page, "unsubscribed")


def test_enter_in_the_hs_search_box_searches_without_subscribing(
    live: LiveServer, page: Any
) -> None:
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    page.goto(f"{live.url}/subscribe")
    page.fill("input[name=email]", "half-done@example.cn")
    page.check("input[name=categories][value=TR02]")
    page.fill("input[name=hs_q]", "milk")
    page.press("input[name=hs_q]", "Enter")
    page.wait_for_selector(".hs-results button[data-code='0401']")
    page.wait_for_timeout(300)
    assert posted == [] and "/subscribe" in page.url
    assert page.input_value("input[name=email]") == "half-done@example.cn"


def test_a_change_in_the_review_panel_is_confirmed_and_the_keyboard_keeps_its_place(
    live: LiveServer, page: Any
) -> None:
    page.goto(f"{live.url}/login?next=/review")
    page.fill("input[name=username]", "wang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(lambda url: url.endswith("/review"))
    page.click(".langswitch button[value=en]")  # the first test leaves wang reading Chinese
    page.wait_for_selector("text=Review queue")
    page.goto(f"{live.url}/review?status=new")
    page.click("table.notices a.notice-title >> nth=0")
    page.wait_for_selector("#review-to-triage")

    # The control that submitted is still there: focus stays on it.
    page.check("#review-impact-medium")
    page.fill("#review-impact-reason", "A small share of exports.")
    page.focus("#review-impact-save")
    page.keyboard.press("Enter")
    page.wait_for_selector("#review-saved[role=status]:has-text('Impact saved')")
    page.wait_for_function("() => document.activeElement.id === 'review-impact-save'", timeout=2000)

    # The button is gone once the notice has moved: focus goes to the confirmation.
    page.focus("#review-to-triage")
    page.keyboard.press("Enter")
    page.wait_for_selector("#review-saved:has-text('Moved to Triage')")
    page.wait_for_function("() => document.activeElement.id === 'review-saved'", timeout=2000)
