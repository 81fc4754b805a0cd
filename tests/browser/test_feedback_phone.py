"""On a phone, someone who was at an event opens "Tell us how it went" from the demo mailbox,
signed out: they miss a required answer, are told so, answer and are thanked (axe on each
page)."""

import uuid
from datetime import timedelta

from playwright.sync_api import expect

from booking.core.clock import utcnow
from booking.feedback.requests import schedule_feedback_requests
from booking.models import Role
from tests.factories import Factory
from tests.feedback.helpers import add_form, check_in

PHONE = {"width": 390, "height": 844}


def _attended_with_a_form(live_server) -> tuple[str, str]:
    """An event that ended an hour ago with a feedback form, one person checked in, and the
    request queued. Returns (their address, the event's title)."""
    now = utcnow()
    with live_server.writer_session() as session:
        make = Factory(session)
        title = f"Neglect briefing {uuid.uuid4().hex[:6]}"
        event = make.event(starts_at=now - timedelta(hours=4), hours=3, title=title)
        add_form(session, event)
        email = f"feedback-{uuid.uuid4().hex[:8]}@example.org"
        booking = make.booking(event, make.user(email=email))
        check_in(session, booking, make.user(role=Role.TRAINER).id)
        assert schedule_feedback_requests(session, now=now) == 1
        session.commit()
    return email, title


def test_feedback_from_the_emailed_link_on_a_phone(new_page, check_axe, live_server):
    email, title = _attended_with_a_form(live_server)
    live_server.deliver_mail()
    page = new_page(viewport=PHONE)
    page.goto("/dev/mail")
    page.locator(".app-event-list > li").filter(has_text=email).get_by_role(
        "link", name=f"Tell us how it went: {title}"
    ).click()
    page.locator("a[href*='/feedback/']").first.click()
    expect(page.get_by_role("heading", level=1, name=f"Your feedback on {title}")).to_be_visible()
    expect(page.get_by_text("Do not include names or details").first).to_be_visible()
    check_axe(page)

    page.get_by_role("radio", name="Good").check()
    page.get_by_label("Your role in one line (optional)").fill("Designated safeguarding lead")
    page.get_by_role("button", name="Send your feedback").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="What will you do differently?")).to_be_visible()
    expect(page.get_by_role("radio", name="Good")).to_be_checked()
    expect(page.get_by_label("Your role in one line (optional)")).to_have_value(
        "Designated safeguarding lead"
    )
    check_axe(page)

    summary.get_by_role("link", name="What will you do differently?").click()
    page.get_by_label("What will you do differently?").fill("Check the online safety log.")
    page.get_by_role("button", name="Send your feedback").click()
    expect(page.get_by_role("heading", level=1, name="Thank you for your feedback")).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
