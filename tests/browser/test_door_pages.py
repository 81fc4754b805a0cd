"""The door's pages on a phone (390 px wide), without the camera: Your events, the code field,
a check-in by name from the keyboard with no JavaScript, and a ticket link opened by the trainer."""

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def at_door(live_server):
    """An event running today, its trainer and three people with a place (made directly)."""
    from booking.accounts.models import Role
    from booking.core.clock import utcnow
    from tests.factories import PASSWORD, Factory

    tag = uuid.uuid4().hex[:8]
    with live_server.writer_session() as session:
        make = Factory(session)
        trainer = make.user(name="Jo Brown", role=Role.TRAINER, email=f"jo-{tag}@example.org")
        event = make.event(
            title=f"Door test day {tag}",
            starts_at=utcnow() - timedelta(minutes=30),
            venue="Ormesby Primary School hall",
        )
        event.trainers.append(trainer)
        names = ("Siobhán Ní Bhriain", "Ahmed Khan", "Zoë Adams")
        bookings = [
            make.booking(event, make.user(name=name, email=f"{n}-{tag}@example.org"))
            for n, name in enumerate(names)
        ]
        bookings[2].access_needs = "Step-free access, please"
        session.commit()
        return {
            "email": trainer.email,
            "password": PASSWORD,
            "event_id": event.id,
            "title": event.title,
            "tokens": [booking.ticket_token for booking in bookings],
        }


def _sign_in(page, at_door):
    page.goto("/sign-in")
    page.get_by_label("Email address", exact=True).fill(at_door["email"])
    page.get_by_label("Password", exact=True).fill(at_door["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Your events")).to_be_visible()


def test_your_events_and_the_code_field(new_page, check_axe, at_door):
    page = new_page(viewport=PHONE)
    _sign_in(page, at_door)
    expect(page.get_by_text("3 booked, 0 checked in").first).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name=re.compile(rf"^{re.escape(at_door['title'])}")).click()
    expect(page.get_by_role("heading", level=1, name=at_door["title"])).to_be_visible()
    expect(page.get_by_text("0 of 3 checked in")).to_be_visible()
    check_axe(page)
    page.get_by_label("Type the ticket code").fill(at_door["tokens"][1])
    page.get_by_role("button", name="Check ticket").click()
    expect(page.locator(".app-result--success")).to_contain_text("Checked in")
    expect(page.locator(".app-result--success")).to_contain_text("Ahmed Khan")
    expect(page.get_by_text("1 of 3 checked in")).to_be_visible()
    check_axe(page)
    page.get_by_label("Type the ticket code").fill(at_door["tokens"][1])
    page.get_by_role("button", name="Check ticket").click()
    expect(page.locator(".app-result--warning")).to_contain_text("Already checked in at")
    page.get_by_label("Type the ticket code").fill("not a ticket")
    page.get_by_role("button", name="Check ticket").click()
    expect(page.locator(".app-result--error")).to_contain_text("Not a ticket for this event")
    check_axe(page)


def test_find_by_name_and_check_in_from_the_keyboard_without_javascript(
    new_page, check_axe, at_door
):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    _sign_in(page, at_door)
    page.goto(f"/door/{at_door['event_id']}")
    expect(page.get_by_role("heading", name="Check tickets")).to_be_visible()
    expect(page.get_by_text("Type the ticket code, or find people by name.")).to_be_visible()
    expect(page.get_by_role("heading", name="Scan tickets")).to_have_count(0)
    expect(page.get_by_text("Step-free access, please")).to_be_visible()
    page.get_by_label("Find by name").fill("sio")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 found for")).to_be_visible()
    expect(page.get_by_text("Ahmed Khan")).to_have_count(0)
    check_axe(page)
    button = page.get_by_role("button", name="Check in Siobhán Ní Bhriain")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".app-result--success")).to_contain_text("Siobhán Ní Bhriain")
    expect(page.get_by_role("button", name="Undo Siobhán Ní Bhriain")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Undo Siobhán Ní Bhriain").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".app-result--success")).to_contain_text("Check-in undone")
    expect(page.get_by_role("button", name="Check in Siobhán Ní Bhriain")).to_be_visible()


def test_a_ticket_link_opened_by_the_trainer(new_page, check_axe, at_door):
    page = new_page(viewport=PHONE)
    _sign_in(page, at_door)
    page.goto(f"/t/{at_door['tokens'][2]}")
    expect(page.get_by_role("heading", level=1, name="Zoë Adams")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Check in Zoë Adams").click()
    expect(page.locator(".app-result--success")).to_contain_text("Checked in")
    expect(page.locator(".app-door-status")).to_contain_text("Checked in at")
    expect(page.get_by_text("Already checked in")).to_have_count(0)
    check_axe(page)
