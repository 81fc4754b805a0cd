"""An organiser opens an event's bookings from Manage events, searches them, and books someone
after a mistake; each page passes axe, also at 320px wide."""

import re

from playwright.sync_api import expect

from booking.demo import DEMO_PASSWORD


def test_an_organiser_manages_an_events_bookings(page, check_axe, sign_in):
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Manage events", exact=True).click()
    expect(
        page.get_by_text(re.compile(r"\d+ booked, \d+ waiting, of \d+ places")).first
    ).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Bookings of ")).first.click()
    expect(page.get_by_role("heading", level=1, name="Bookings")).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"^Waiting list \("))
    ).to_be_visible()
    check_axe(page)

    page.get_by_label("Search by name or organisation").fill("zzzz")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2, name="Booked (0)")).to_be_visible()
    assert "zzzz" not in page.url
    check_axe(page)

    page.get_by_role("button", name="Book someone").click()
    expect(page.get_by_role("heading", level=1, name="Book someone a place")).to_be_visible()
    page.get_by_label("Email address").fill("new.person@example.org")
    page.get_by_role("button", name="Book a place").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter the name of their organisation")).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value("new.person@example.org")
    check_axe(page)

    page.set_viewport_size({"width": 320, "height": 700})
    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Bookings")).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
