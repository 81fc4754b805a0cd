"""A new professional registers (after a mistake), confirms their email address from the demo
mailbox, books a training day, sees the ticket and cancels."""

import re
import uuid

from playwright.sync_api import expect

NAME = "Łukasz Żółć"
TRAINING_DAY = "E-safety training day"


def test_register_confirm_book_view_ticket_and_cancel(page, check_axe, open_event, live_server):
    page.goto("/register")
    expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
    check_axe(page)

    # An empty form: the error summary is shown, focused, and links to each field.
    page.get_by_role("button", name="Create account").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link", name="Enter your full name")).to_have_attribute(
        "href", "#name"
    )
    links = summary.get_by_role("link")
    assert links.count() >= 6
    for href in links.evaluate_all("links => links.map(link => link.getAttribute('href'))"):
        assert re.fullmatch(r"#[\w-]+", href), href
        expect(page.locator(href), f"error summary link {href} has a target").to_have_count(1)
    check_axe(page)
    summary.get_by_role("link", name="Enter your full name").click()
    expect(page.get_by_label("Full name", exact=True)).to_be_focused()

    # Everything but a matching password: what was typed is kept.
    email = f"lukasz.{uuid.uuid4().hex[:12]}@example.org"
    page.get_by_label("Full name", exact=True).fill(NAME)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Job title", exact=True).fill("Nauczyciel – Designated safeguarding lead")
    page.get_by_label("Organisation", exact=True).fill("Szkoła Podstawowa, Kraków Road Primary")
    page.get_by_label("School or academy", exact=True).check()
    page.get_by_label("Create a password", exact=True).fill("correct horse battery")
    page.get_by_label("Confirm password", exact=True).fill("correct horse batterie")
    page.get_by_role("button", name="Create account").click()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Passwords must match"])
    expect(page.get_by_label("Full name", exact=True)).to_have_value(NAME)
    expect(page.get_by_label("Email address", exact=True)).to_have_value(email)
    expect(page.get_by_label("Organisation", exact=True)).to_have_value(
        "Szkoła Podstawowa, Kraków Road Primary"
    )
    expect(page.get_by_label("School or academy", exact=True)).to_be_checked()
    check_axe(page)

    page.get_by_label("Create a password", exact=True).fill("correct horse battery")
    page.get_by_label("Confirm password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Create account").click()
    # The answer does not say whether the address had an account: check your email.
    expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # Booking waits for a confirmed email address.
    open_event(page, TRAINING_DAY, places=re.compile(r"\d+ places? left"))
    expect(page.get_by_text("Confirm your email address to book")).to_be_visible()
    expect(page.get_by_role("button", name="Book a place")).to_have_count(0)

    # The confirmation email, from the demo mailbox.
    live_server.deliver_mail()
    page.goto("/dev/mail")
    expect(page.get_by_role("heading", level=1, name="Demo mailbox")).to_be_visible()
    check_axe(page)
    page.locator(".app-event-list > li").filter(has_text=email).get_by_role(
        "link", name="Confirm your email address"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Confirm your email address")).to_be_visible()
    check_axe(page)
    page.locator("a[href*='/confirm-email/']").click()
    expect(page.get_by_text("Thank you: your email address is confirmed.")).to_be_visible()
    check_axe(page)

    # Book a training day that has places.
    open_event(page, TRAINING_DAY, places=re.compile(r"\d+ places? left"))
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", level=1, name="Your ticket")).to_be_visible()
    expect(page.get_by_text(f"You have a place on {TRAINING_DAY}.")).to_be_visible()
    check_axe(page)

    # It is under My bookings, coming up.
    page.get_by_role("link", name="My bookings", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="My bookings")).to_be_visible()
    booking = page.locator(".app-event-list > li").filter(
        has=page.get_by_role("link", name=TRAINING_DAY, exact=True)
    )
    expect(booking).to_have_count(1)
    expect(booking.locator(".govuk-tag")).to_have_text("Booked")
    check_axe(page)

    # The ticket: an SVG QR code with an accessible name.
    booking.get_by_role("link", name=f"Ticket for {TRAINING_DAY}").click()
    expect(page.get_by_role("heading", level=1, name="Your ticket")).to_be_visible()
    qr = page.get_by_role("img", name=f"QR code of your ticket for {TRAINING_DAY}")
    expect(qr).to_be_visible()
    assert qr.evaluate("node => node.localName") == "svg"
    expect(page.locator(".govuk-summary-list")).to_contain_text(NAME)
    check_axe(page)

    # Cancel, after the "Are you sure?" step.
    page.get_by_role("link", name="Cancel this booking").click()
    expect(
        page.get_by_role("heading", level=1, name="Are you sure you want to cancel?")
    ).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_text(f"Your booking for {TRAINING_DAY} has been cancelled.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Cancelled")).to_be_visible()
    expect(page.get_by_text("You have no bookings coming up.")).to_be_visible()
    check_axe(page)
