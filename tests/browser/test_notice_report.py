"""An organiser reads the messages report on a phone: the sentence, the table (scrolling
within its region), a period typed in the date boxes, days that are not a date; each passes axe
and fits a 320 px screen."""

from datetime import timedelta

from playwright.sync_api import expect

from booking.core.clock import utcnow
from booking.demo import DEMO_PASSWORD
from booking.network.models import NoticeKind
from booking.outbox.models import MessageStatus
from tests.network.report_helpers import Notices

NARROW = {"width": 320, "height": 700}


def _two_messages(live_server) -> None:
    with live_server.writer_session() as session:
        notices = Notices(session)
        now = utcnow().replace(microsecond=0)
        notices.sent(
            now - timedelta(days=20),
            title="Reported live streaming app",
            kind=NoticeKind.ALERT,
            people=214,
            schools=61,
            emails={MessageStatus.SENT: 3, MessageStatus.FAILED: 1},
            networks=("Reported network",),
        )
        notices.sent(
            now - timedelta(days=10),
            title="Reported half-term advice",
            people=100,
            networks=("Reported network",),  # the demo has a network of the helper's name
        )
        session.commit()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_the_messages_report_on_a_narrow_phone(live_server, new_page, check_axe, sign_in):
    _two_messages(live_server)
    page = new_page(viewport=NARROW)
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/manage/notices/report")
    expect(page.get_by_role("heading", level=1, name="Messages and alerts report")).to_be_visible()
    expect(page.locator("#report-sentence")).to_contain_text("in 6 months")
    expect(page.get_by_role("rowheader", name="Reported live streaming app")).to_be_visible()
    _fits(page)
    check_axe(page)

    page.get_by_role("group", name="From").get_by_label("Day").fill("31")
    page.get_by_role("group", name="From").get_by_label("Month").fill("2")
    page.get_by_role("group", name="From").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("From must be a real date")
    _fits(page)
    check_axe(page)
