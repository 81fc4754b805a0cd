"""A trainer adds a walk-in by keyboard and marks the register on a phone; an organiser reads an
event's attendance: at 390px, with axe."""

import re
import uuid
from datetime import timedelta

from playwright.sync_api import expect

from booking.demo import DEMO_PASSWORD

PHONE = {"width": 390, "height": 844}
WALKED_IN = "Checked in: Sam Okoro, Ormesby Primary (walk-in)"


def _arrange(live_server):
    """A trainer of a running event and of an ended one with a person booked on it."""
    from booking.accounts.models import Role, Sector
    from booking.accounts.services import Registration, create_account
    from booking.bookings.models import Booking, BookingStatus
    from booking.bookings.tickets import new_ticket_token
    from booking.core.clock import utcnow
    from booking.events.models import Event, EventKind, EventStatus

    now = utcnow().replace(microsecond=0)
    tag = uuid.uuid4().hex[:8]

    def account(name, role):
        details = Registration(
            name=name,
            email=f"{role.value}-{tag}@example.org",
            job_title="Trainer",
            organisation="Browser Test Primary School",
            sector=Sector.SCHOOL,
            password=DEMO_PASSWORD,
        )
        return create_account(session, details, role=role, now=now, confirmed=True)

    def event(title, starts_at):
        made = Event(
            kind=EventKind.TRAINING_DAY,
            title=f"{title} {tag}",
            status=EventStatus.PUBLISHED,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=6),
            capacity=10,
            created_at=now,
            updated_at=now,
        )
        made.trainers = [trainer]
        session.add(made)
        return made

    with live_server.writer_session() as session:
        trainer = account("Jo Brown", Role.TRAINER)
        running = event("Online safety day", now - timedelta(hours=1))
        ended = event("Governors evening", now - timedelta(hours=8))
        person = account("Asha Patel", Role.PROFESSIONAL)
        session.flush()
        session.add(
            Booking(
                event_id=ended.id,
                person_id=person.id,
                status=BookingStatus.CONFIRMED,
                ticket_token=new_ticket_token(),
                queued_at=now,
                created_at=now,
                updated_at=now,
            )
        )
        session.commit()
        return trainer.email, running.id, ended.id, ended.title


def test_walk_in_by_keyboard_the_register_and_the_attendance_page(
    new_page, check_axe, sign_in, live_server
):
    trainer, running, ended, ended_title = _arrange(live_server)
    page = new_page(viewport=PHONE)
    sign_in(page, trainer, DEMO_PASSWORD)

    page.goto(f"/door/{running}/walk-in")
    expect(page.get_by_role("heading", level=1, name="Add a walk-in")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Add and check in").focus()
    page.keyboard.press("Enter")  # nothing filled in: the error summary says what is missing
    expect(page.get_by_role("alert")).to_contain_text("Enter the person's full name")
    check_axe(page)
    page.get_by_label("Full name").focus()
    page.keyboard.type("Sam Okoro")
    page.keyboard.press("Tab")
    page.keyboard.type(f"sam-{uuid.uuid4().hex[:8]}@school.example")
    page.keyboard.press("Tab")
    page.keyboard.type("Ormesby Primary")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first sector: School or academy
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # The door page answers the POST itself (the name typed is never kept for a redirect).
    expect(page).to_have_url(live_server.url + f"/door/{running}/walk-in")
    expect(page.locator("[data-door]")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Checked in")).to_be_visible()
    expect(page.get_by_text(WALKED_IN.removeprefix("Checked in: "))).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(f"/door/{ended}/register")
    expect(page.get_by_role("heading", level=1, name="Register")).to_be_visible()
    expect(page.get_by_text("No-show", exact=True)).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Mark as attended").click()
    expect(page.get_by_text("Marked as attended: Asha Patel")).to_be_visible()
    page.get_by_role("button", name="Close the register").click()
    expect(page.get_by_text(re.compile(r"Closed on .* by Jo Brown"))).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    organiser = new_page(viewport=PHONE)
    sign_in(organiser, "organiser@demo.example", DEMO_PASSWORD)
    organiser.get_by_role("link", name=re.compile(rf"^Attendance\b.*{ended_title}")).click()
    expect(organiser.get_by_role("heading", level=1, name="Attendance")).to_be_visible()
    expect(organiser.get_by_text("Closed", exact=True)).to_be_visible()
    check_axe(organiser)
    assert organiser.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    organiser.get_by_role("link", name="Open the register").click()
    expect(organiser.get_by_role("button", name="Reopen the register")).to_be_visible()
    check_axe(organiser)
