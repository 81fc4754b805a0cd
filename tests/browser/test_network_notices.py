"""An organiser on a narrow phone writes an alert, reads its reach and how it will look, sends
it, and finds it in the members' archive; each page passes axe and fits 320 px."""

from playwright.sync_api import expect

from booking.accounts.models import User
from booking.core.clock import utcnow
from booking.demo import DEMO_PASSWORD
from booking.network.notices import send_notice
from tests.factories import Factory
from tests.network.notice_helpers import member, network, notice

NARROW = {"width": 320, "height": 700}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_an_organiser_writes_checks_and_sends_an_alert(live_server, new_page, check_axe, sign_in):
    with live_server.writer_session() as session:
        net = network(session, "Browser test network")
        organiser = session.query(User).filter_by(email="organiser@demo.example").one()
        member(Factory(session), net, person=organiser)
        member(Factory(session), net, email="browser.member@example.org")
        session.commit()
    page = new_page(viewport=NARROW)
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.goto(live_server.url + "/manage/notices")
    check_axe(page)
    page.get_by_role("button", name="Write a message").click()
    page.get_by_label("Title").fill("A risky new app")
    page.get_by_label("Message").fill("Pupils mention <b>it</b>.\n\n- look out\n- tell us")
    page.get_by_label("Alert: an urgent danger").check()
    page.get_by_label("Browser test network").check()
    check_axe(page)
    page.get_by_role("button", name="Save and check").click()
    expect(page.locator("#reach")).to_contain_text("This will go to 2 professionals")
    expect(page.locator("#preview")).to_contain_text("<b>it</b>")
    check_axe(page)
    _fits(page)
    page.get_by_label("Now", exact=True).check()
    page.get_by_role("button", name="Send or schedule").click()
    expect(page.locator("#reach")).to_contain_text("Sent to 2 professionals")
    check_axe(page)
    page.goto(live_server.url + "/network/messages")
    page.get_by_role("link", name="A risky new app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A risky new app")
    check_axe(page)
    _fits(page)


LONG_TITLES = ('=HYPERLINK("http://evil.example","click")', "a" * 60)


def test_long_unbroken_titles_wrap_at_320px(live_server, new_page, check_axe, sign_in):
    """A title typed with no spaces wraps wherever it must, in the members' archive, on the
    message's page, on its sent page and in the demo mailbox, instead of widening the page."""
    with live_server.writer_session() as session:
        net = network(session, "Long titles network")
        organiser = session.query(User).filter_by(email="organiser@demo.example").one()
        member(Factory(session), net, person=organiser)
        sent = []
        for title in LONG_TITLES:
            made = notice(session, [net], by_id=organiser.id, title=title)
            send_notice(session, notice_id=made.id, by_id=organiser.id, now=utcnow())
            sent.append(made.id)
        session.commit()
    live_server.deliver_mail()

    page = new_page(viewport=NARROW)
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    for address in ("/network/messages", "/dev/mail"):
        page.goto(live_server.url + address)
        for title in LONG_TITLES:
            expect(page.get_by_role("link", name=title).first).to_be_visible()
        check_axe(page)
        _fits(page)
    for notice_id, title in zip(sent, LONG_TITLES, strict=True):
        for address in (f"/network/messages/{notice_id}", f"/manage/notices/{notice_id}"):
            page.goto(live_server.url + address)
            expect(page.get_by_role("heading", level=1)).to_have_text(title)
            check_axe(page)
            _fits(page)
