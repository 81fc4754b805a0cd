"""Needs told where a delegate chooses workshops, and read by an organiser on a phone."""

import re

from playwright.sync_api import expect

from booking.demo import DEMO_PASSWORD
from tests.browser.test_conference import CONFERENCE, book_the_conference

NEEDS = "A hearing loop in the main hall, please"


def test_a_delegate_tells_needs_and_an_organiser_reads_them_at_320px(
    new_page, check_axe, new_professional, sign_in, open_event
):
    page = new_page()
    book_the_conference(page, check_axe, new_professional, sign_in, open_event)
    page.get_by_role("link", name="Tell the trainers about access or dietary needs").click()
    page.get_by_label("Access needs (optional)").fill(NEEDS)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your needs are saved.")).to_be_visible()

    organiser = new_page(viewport={"width": 320, "height": 640})
    sign_in(organiser, "organiser@demo.example", DEMO_PASSWORD)
    # This year's conference, under Upcoming events, before last year's under Past events.
    organiser.get_by_role(
        "link", name=re.compile(rf"Needs\s+of the people booked\s+\({re.escape(CONFERENCE)}\)$")
    ).first.click()
    expect(
        organiser.get_by_role("heading", level=1, name="Access and dietary needs")
    ).to_be_visible()
    expect(organiser.get_by_text(NEEDS)).to_be_visible()
    assert organiser.evaluate("document.documentElement.scrollWidth") <= 320
    check_axe(organiser)
