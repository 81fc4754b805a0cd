"""Finding training without an account: the catalogue, its filters, an event and its calendar."""

import re

from playwright.sync_api import expect

CONFERENCE = "Digital Resilience and Safeguarding Conference"


def test_browse_filter_and_open_the_conference(page, check_axe):
    page.goto("/events")
    expect(page.get_by_role("heading", level=1, name="Find training and events")).to_be_visible()
    check_axe(page)
    places = page.locator(".app-event-list .app-places-left")
    expect(places.first).to_be_visible()
    expect(places.filter(has_text=re.compile(r"^\s*\d+ places? left\s*$")).first).to_be_visible()
    expect(places.filter(has_text="Fully booked – join the waiting list").first).to_be_visible()

    page.get_by_label("Type of event").select_option(label="Conference")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]kind=conference(&|$)"))
    expect(page.get_by_role("status")).to_have_text("1 event found")
    expect(page.get_by_label("Type of event")).to_have_value("conference")
    check_axe(page)

    page.locator(".app-event-list").get_by_role("link", name=CONFERENCE, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=CONFERENCE)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Workshops")).to_be_visible()
    workshops = page.get_by_role("heading", level=3)
    expect(workshops).to_have_count(9)
    expect(
        workshops.filter(has_text="CEOP Thinkuknow: keeping children safe online")
    ).to_be_visible()
    expect(page.get_by_text("create an account", exact=True)).to_be_visible()
    check_axe(page)

    calendar = page.get_by_role("link", name="Add to your calendar (.ics)")
    response = page.request.get(calendar.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR")
    assert f"SUMMARY:{CONFERENCE}" in body.replace("\r\n ", "")
    with page.expect_download() as download:
        calendar.click()
    assert download.value.suggested_filename.endswith(".ics")
