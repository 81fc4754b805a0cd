"""Account emails in the browser: reset a password from the emailed link, reminder settings,
turning reminders off from an email, and the organisers' view of undelivered email."""

import re

from playwright.sync_api import expect

from booking.demo import DEMO_PASSWORD
from tests.browser.conftest import PASSWORD


def test_reset_a_forgotten_password_from_the_emailed_link(
    new_page, check_axe, sign_in, new_professional, live_server
):
    page = new_page()
    email = new_professional("Forgetful Person")
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    check_axe(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()
    check_axe(page)

    live_server.deliver_mail()
    page.goto("/dev/mail")
    check_axe(page)
    page.get_by_role("link", name="Reset your password").first.click()
    check_axe(page)
    link = re.search(r"(/reset-password/\S+)", page.locator("pre").inner_text()).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Choose a new password")).to_be_visible()
    check_axe(page)
    page.get_by_label("New password").fill("short")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_axe(page)
    page.get_by_label("New password").fill("a brand new password")
    page.get_by_label("Confirm password").fill("a brand new password")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1, name="My bookings")).to_be_visible()
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()


def test_switch_reminders_off_in_the_account_and_from_an_email(
    new_page, check_axe, sign_in, new_professional, live_server
):
    from sqlalchemy import select

    from booking.accounts.tokens import reminders_off_token
    from booking.models import User

    page = new_page()
    email = new_professional("Busy Person")
    sign_in(page, email)
    page.get_by_role("link", name="Your account").first.click()
    expect(page.get_by_role("heading", level=1, name="Your account")).to_be_visible()
    check_axe(page)
    reminders = page.get_by_role("group", name="Do you want reminder emails before your events?")
    reminders.get_by_label("No").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your email preferences have been saved.")).to_be_visible()
    expect(reminders.get_by_label("No")).to_be_checked()
    check_axe(page)

    with live_server.writer_session() as session:
        user = session.scalars(select(User).where(User.email == email)).one()
        token = reminders_off_token(live_server.app.config["SECRET_KEY"], user)
    stranger = new_page()
    stranger.goto(f"/reminders/off/{token}")
    check_axe(stranger)
    stranger.get_by_role("button", name="Turn off reminder emails").click()
    expect(
        stranger.get_by_role("heading", level=1, name="Reminder emails turned off")
    ).to_be_visible()
    check_axe(stranger)


def test_organisers_see_emails_not_yet_delivered(new_page, check_axe, sign_in):
    page = new_page()
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Emails").first.click()
    expect(page.get_by_role("heading", level=1, name="Emails not yet delivered")).to_be_visible()
    check_axe(page)


def test_change_the_password_on_a_small_phone(new_page, check_axe, sign_in, new_professional):
    page = new_page(viewport={"width": 320, "height": 640})
    email = new_professional("Careful Person")
    sign_in(page, email)
    page.goto("/account")
    page.get_by_role("link", name="Change your password").click()
    expect(page.get_by_role("heading", level=1, name="Change your password")).to_be_visible()
    check_axe(page)
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill("a brand new password")
    page.get_by_label("Confirm password").fill("a brand new password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="The password is not correct")).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("a brand new password")
    page.get_by_label("Confirm password").fill("a brand new password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1, name="Your account")).to_be_visible()
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()
    check_axe(page)


def test_a_demo_email_wraps_on_a_small_phone(new_page, check_axe, new_professional, live_server):
    """The text of an email, its long links included, wraps instead of running off the side."""
    page = new_page(viewport={"width": 320, "height": 640})
    email = new_professional("Small Screen")
    page.goto("/forgot-password")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    live_server.deliver_mail()
    page.goto("/dev/mail")
    page.get_by_role("link", name="Reset your password").first.click()
    expect(page.get_by_role("heading", level=1, name="Reset your password")).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    link = page.get_by_role("link", name=re.compile("reset-password"))
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert "\n" in page.locator("pre").inner_text()  # the email's lines stay apart


def test_the_outbox_fits_a_small_phone(new_page, check_axe, sign_in, live_server):
    """Emails waiting and failed, with the relay's long answer: the table scrolls inside its
    own region, which a keyboard can focus, and the page keeps the phone's width."""
    from datetime import timedelta

    from sqlalchemy import select

    from booking.bookings.emails import BookingEmail
    from booking.core.clock import utcnow
    from booking.models import Event, OutboxMessage, User
    from booking.outbox.models import MessageStatus
    from booking.outbox.queue import enqueue

    now = utcnow()
    with live_server.writer_session() as session:
        person = session.scalars(select(User).where(User.email == "organiser@demo.example")).one()
        event = session.scalars(select(Event).order_by(Event.id)).first()
        about = {"about": event.title}
        # due tomorrow, so another test's delivery run leaves them waiting here
        enqueue(
            session,
            BookingEmail.CONFIRMED,
            person,
            now=now,
            payload=about,
            due=now + timedelta(days=1),
        )
        failed = enqueue(session, BookingEmail.CONFIRMED, person, now=now, payload=about)
        message = session.get(OutboxMessage, failed)
        message.status, message.attempts = MessageStatus.FAILED, 8
        message.last_error = "550 5.1.1 <organiser@demo.example>: Recipient address rejected"
        message.next_attempt_at = now + timedelta(days=1)
        session.commit()

    page = new_page(viewport={"width": 320, "height": 640})
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.goto("/admin/outbox")
    expect(page.get_by_role("button", name=f"Retry message {failed}")).to_be_attached()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    region = page.get_by_role("region", name="Emails not yet delivered")
    region.focus()
    expect(region).to_be_focused()
