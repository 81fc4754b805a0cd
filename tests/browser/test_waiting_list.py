"""A full event: a newcomer joins its waiting list, and gets the place when someone cancels.

In the demo, the full "E-safety training day" (12 places) has nobody waiting and one of its
places is the demo professional's.
"""

import re

from playwright.sync_api import expect

from booking.demo import DEMO_PASSWORD

TRAINING_DAY = "E-safety training day"
FULL = "Fully booked – join the waiting list"


def test_join_the_waiting_list_and_be_given_a_freed_place(
    new_page, check_axe, sign_in, open_event, new_professional, live_server
):
    page = new_page()
    email = new_professional("Waiting Newcomer")
    sign_in(page, email)
    event_url = open_event(page, TRAINING_DAY, places=FULL)
    places = page.locator(".govuk-summary-list__row").filter(has_text="Places")
    expect(places.locator("dd")).to_have_text("12 in total")
    page.get_by_role("button", name="Join the waiting list").click()

    expect(page.get_by_role("heading", level=1, name="You are on the waiting list")).to_be_visible()
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text(
        re.compile(rf"{TRAINING_DAY} is fully booked\. You are number \d+ on the waiting list")
    )
    position = re.search(r"number (\d+) on the waiting list", banner.inner_text())[1]
    assert position == "1", "nobody else waits in the demo"
    expect(
        page.get_by_text(f"You are number {position} on the waiting list for {TRAINING_DAY}.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="What happens next")).to_be_visible()
    expect(page.get_by_role("button", name="Leave the waiting list")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_have_count(0)
    expect(page.get_by_text("Ticket code")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("calendar"))).to_have_count(0)
    check_axe(page)

    page.get_by_role("link", name="My bookings", exact=True).first.click()
    expect(page.get_by_text(f"Waiting list: number {position}")).to_be_visible()
    check_axe(page)
    page.goto(event_url)
    expect(page.get_by_text(f"You are number {position} on the waiting list.")).to_be_visible()
    expect(
        page.get_by_role("link", name=f"Leave the waiting list for {TRAINING_DAY}")
    ).to_be_visible()
    check_axe(page)

    # The demo professional gives up their place...
    professional = new_page()
    sign_in(professional, "professional@demo.example", DEMO_PASSWORD)
    professional.goto(event_url)
    professional.get_by_role("link", name=f"Cancel this booking for {TRAINING_DAY}").click()
    professional.get_by_role("button", name="Yes, cancel my booking").click()
    expect(
        professional.get_by_text(f"Your booking for {TRAINING_DAY} has been cancelled.")
    ).to_be_visible()

    # ...and it is the newcomer's, with an email to say so.
    page.goto("/bookings")
    booking = page.locator(".app-event-list > li").filter(
        has=page.get_by_role("link", name=TRAINING_DAY, exact=True)
    )
    expect(booking.locator(".govuk-tag")).to_have_text("Booked")
    check_axe(page)
    live_server.deliver_mail()
    page.goto("/dev/mail")
    expect(
        page.locator(".app-event-list > li")
        .filter(has_text=email)
        .get_by_role("link", name=f"You have a place: {TRAINING_DAY}")
    ).to_be_visible()
    check_axe(page)
