"""An organiser on a narrow phone writes an alert, reads its reach and how it will look, sends
it, and finds it in the members' archive; each page passes axe and fits 320 px."""

from playwright.sync_api import expect

from booking.accounts.models import User
from booking.demo import DEMO_PASSWORD
from tests.factories import Factory
from tests.network.notice_helpers import member, network

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
