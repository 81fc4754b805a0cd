"""An organiser creates an event (after a mistake), publishes it, and finds it in the catalogue."""

import re
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from booking.demo import DEMO_PASSWORD


def test_create_publish_and_find_an_event(page, check_axe, sign_in):
    title = f"Online safety briefing {uuid.uuid4().hex[:8]}"
    day = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=30)

    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Manage events", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Manage events")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Create an event").click()
    expect(page.get_by_role("heading", level=1, name="Create an event")).to_be_visible()
    check_axe(page)

    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link", name="Enter a title")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the date of the event")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the number of places")).to_be_visible()
    for href in summary.get_by_role("link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    ):
        expect(page.locator(href), f"error summary link {href} has a target").to_have_count(1)
    check_axe(page)

    page.get_by_label("Type of event").select_option(label="Network forum")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Summary", exact=True).fill("A short briefing on what is new this term.")
    page.get_by_label("Venue", exact=True).fill("County Hall, New Road, Oxford OX1 1ND")
    page.locator("#day-day").fill(str(day.day))
    page.locator("#day-month").fill(str(day.month))
    page.locator("#day-year").fill(str(day.year))
    page.get_by_label("Start time", exact=True).fill("9:30am")
    page.get_by_label("End time", exact=True).fill("12pm")
    page.get_by_label("Number of places", exact=True).fill("25")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{title} has been saved as a draft.")).to_be_visible()
    event = page.locator(".govuk-summary-card").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )
    expect(event.locator(".govuk-tag").first).to_have_text("Draft")
    check_axe(page)

    event.get_by_role("button", name=f"Publish {title}").click()
    expect(page.get_by_text(f"{title} is published.")).to_be_visible()
    expect(event.locator(".govuk-tag").first).to_have_text("Published")
    check_axe(page)

    page.goto("/events?" + urlencode({"q": title}))
    expect(page.get_by_role("status")).to_have_text("1 event found")
    listing = page.locator(".app-event-list > li")
    expect(listing.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(listing.locator(".app-places-left")).to_have_text("25 places left")
    check_axe(page)

    # Cancelling asks first, saying who will be told, and nothing changes until confirmed.
    page.goto("/manage/events")
    event.get_by_role("link", name="Cancel event").click()
    expect(
        page.get_by_role("heading", level=1, name="Are you sure you want to cancel this event?")
    ).to_be_visible()
    expect(page.get_by_text("Nobody has booked it yet.")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="No, keep it").click()
    expect(event.locator(".govuk-tag").first).to_have_text("Published")
    event.get_by_role("link", name="Cancel event").click()
    page.get_by_role("button", name="Yes, cancel this event").click()
    expect(page.get_by_text(f"{title} is cancelled.")).to_be_visible()
    expect(event.locator(".govuk-tag").first).to_have_text("Cancelled")
    expect(event.get_by_role("link", name="Cancel event")).to_have_count(0)
