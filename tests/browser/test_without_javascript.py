"""Every core journey works without JavaScript: from an event page found by a search, sign
in and come back to it (the search kept for its Back link), book, see the ticket, cancel,
and sign out."""

from urllib.parse import urlencode

from playwright.sync_api import expect

from .conftest import PASSWORD

EVENT = "Digital safeguarding for governors"


def test_book_and_cancel_without_javascript(new_page, check_axe, new_professional, open_event):
    page = new_page(java_script_enabled=False)
    email = new_professional("No Script")
    open_event(page, EVENT)
    found_by_search = page.url
    expect(page.get_by_role("button", name="Book a place")).to_have_count(0)
    page.get_by_role("main").get_by_role("link", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    check_axe(page)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(found_by_search)
    expect(page.get_by_role("link", name="Back", exact=True)).to_have_attribute(
        "href", "/events?" + urlencode({"q": EVENT})
    )
    check_axe(page)

    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", level=1, name="Your ticket")).to_be_visible()
    expect(page.get_by_text(f"You have a place on {EVENT}.")).to_be_visible()
    expect(page.get_by_role("img", name=f"QR code of your ticket for {EVENT}")).to_be_visible()
    check_axe(page)

    page.get_by_role("link", name="My bookings", exact=True).first.click()
    expect(page.locator(".app-event-list .govuk-tag")).to_have_text(["Booked"])
    check_axe(page)
    page.get_by_role("link", name=f"Cancel {EVENT}").click()
    expect(
        page.get_by_role("heading", level=1, name="Are you sure you want to cancel?")
    ).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_text(f"Your booking for {EVENT} has been cancelled.")).to_be_visible()
    check_axe(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    check_axe(page)
