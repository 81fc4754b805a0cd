"""The door page on a trainer's phone (390 × 844): scanning real tickets with the camera,
checking in with no signal and sending it all once when the signal is back, checking in by name
with the keyboard alone, and accessibility in each state of the page.

Each test makes an event of its own happening today, with people booked on it, so that the
check-ins it counts are its own (the live server's database is shared)."""

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from booking.accounts.models import Role, Sector, User
from booking.accounts.services import Registration, create_account
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.tickets import new_ticket_token
from booking.checkin.models import CheckIn
from booking.core.clock import utcnow
from booking.demo import DEMO_PASSWORD
from booking.events.models import Event, EventKind, EventStatus

from .camera import filming_page, qr_picture, write_video

PHONE = {"width": 390, "height": 844}
TRAINER = "trainer@demo.example"
NAMES = [
    ("Siobhán Ní Bhriain", "Ormesby Primary School"),
    ("Dev Patel", "Thames Valley Police"),
    ("Aisha Okafor", "Oxford Health"),
    ("Tom Hughes", "Banbury Early Help"),
]


@dataclass(frozen=True)
class Person:
    booking_id: int
    name: str
    organisation: str
    token: str


@dataclass(frozen=True)
class Door:
    event_id: int
    people: list[Person]

    @property
    def url(self) -> str:
        return f"/door/{self.event_id}"


@pytest.fixture
def door(live_server) -> Door:
    """An event today, run by the demo trainer, with NAMES booked on it."""
    now = utcnow()
    with live_server.writer_session() as session:
        trainer = session.scalar(select(User).where(User.email == TRAINER))
        event = Event(
            kind=EventKind.TRAINING_DAY,
            title=f"Door test {uuid.uuid4().hex[:6]}",
            status=EventStatus.PUBLISHED,
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=5),
            capacity=30,
            venue="Town Hall, Oxford",
            created_at=now,
            updated_at=now,
        )
        event.trainers = [trainer]
        session.add(event)
        bookings = []
        for name, organisation in NAMES:
            person = create_account(
                session,
                Registration(
                    name=name,
                    email=f"door-{uuid.uuid4().hex[:12]}@example.org",
                    job_title="Practitioner",
                    organisation=organisation,
                    sector=Sector.SCHOOL,
                    password=uuid.uuid4().hex,
                ),
                role=Role.PROFESSIONAL,
                now=now,
                confirmed=True,
            )
            booking = Booking(
                event=event,
                person=person,
                ticket_token=new_ticket_token(),
                status=BookingStatus.CONFIRMED,
                queued_at=now,
                created_at=now,
                updated_at=now,
            )
            session.add(booking)
            bookings.append((booking, name, organisation))
        session.commit()
        people = [Person(b.id, name, org, b.ticket_token) for b, name, org in bookings]
        return Door(event.id, people)


def check_ins(live_server, door: Door) -> int:
    """The live check-ins on the server for the door's event."""
    with live_server.writer_session() as session:
        return session.scalar(
            select(func.count(CheckIn.id))
            .join(Booking, Booking.id == CheckIn.booking_id)
            .where(Booking.event_id == door.event_id, CheckIn.undone_at.is_(None))
        )


def ticket_link(live_server, person: Person) -> str:
    return f"{live_server.url}/t/{person.token}"


def result(page):
    return page.locator("[data-door-result]")


def counter(page):
    return page.locator("[data-door-counter]").first


def open_door(page, sign_in, door: Door) -> None:
    sign_in(page, TRAINER, DEMO_PASSWORD)
    page.goto(door.url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_camera_checks_a_ticket_in_then_says_it_is_already_in(
    browser, live_server, sign_in, check_axe, door, tmp_path
):
    first = door.people[0]
    video = write_video(tmp_path / "ticket.y4m", [(qr_picture(ticket_link(live_server, first)), 1)])
    with filming_page(browser, live_server, video, viewport=PHONE, permissions=["camera"]) as page:
        open_door(page, sign_in, door)
        expect(result(page)).to_contain_text("Checked in")
        expect(result(page)).to_contain_text(f"{first.name}, {first.organisation}")
        expect(result(page).locator(".app-door-result__banner--success")).to_be_visible()
        expect(counter(page)).to_have_text(f"1 of {len(door.people)} checked in")
        check_axe(page)

        page.reload()  # the same ticket again, as if shown a second time
        expect(result(page)).to_contain_text("Already checked in")
        expect(result(page).locator(".app-door-result__banner--warning")).to_be_visible()
        expect(counter(page)).to_have_text(f"1 of {len(door.people)} checked in")
    assert check_ins(live_server, door) == 1


def test_with_no_signal_check_ins_wait_on_the_phone_and_are_sent_once(
    new_page, live_server, sign_in, door
):
    page = new_page(viewport=PHONE)
    open_door(page, sign_in, door)
    expect(page.get_by_text(re.compile(r"^Ready for offline use"))).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    page.reload()  # the page, its scripts and the door list come from the phone
    code = page.get_by_label("Type the ticket code")
    code.fill(ticket_link(live_server, door.people[0]))
    code.press("Enter")
    expect(result(page)).to_contain_text(f"Checked in{door.people[0].name}")
    code.fill(" ".join(re.findall(".{1,8}", door.people[1].token)))  # a bare code, with spaces
    code.press("Enter")
    expect(result(page)).to_contain_text(door.people[1].name)
    third = door.people[2]
    page.get_by_role("button", name=f"Check in {third.name}").click()
    waiting = page.locator("[data-door-waiting]")
    expect(waiting).to_have_text(
        "Saved on this phone — will send when back online (3 waiting)"
    )
    expect(counter(page)).to_have_text(f"3 of {len(door.people)} checked in")
    assert check_ins(live_server, door) == 0

    # The first sync reaches the server but its answer is lost: the phone sends the same
    # queue again, which changes nothing.
    sent = []

    def lose_the_first_answer(route):
        sent.append(route.request.post_data_json)
        route.fetch()
        if len(sent) == 1:
            route.abort()
        else:
            route.continue_()

    page.route(f"**/door/{door.event_id}/sync", lose_the_first_answer)
    page.context.set_offline(False)
    expect(waiting).to_have_text(re.compile(r"\(3 waiting\)"))
    assert check_ins(live_server, door) == 3
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(waiting).to_contain_text("Sent 3 check-ins saved on this phone.")
    assert len(sent) == 2 and sent[0] == sent[1]
    assert check_ins(live_server, door) == 3
    expect(counter(page)).to_have_text(f"3 of {len(door.people)} checked in")
    page.script_errors[:] = [e for e in page.script_errors if "net::ERR_FAILED" not in e]


def test_checking_in_by_name_with_the_keyboard_alone(new_page, live_server, sign_in, door):
    page = new_page(viewport=PHONE)
    open_door(page, sign_in, door)
    person = door.people[3]
    search = page.locator("input[name='q']")
    for _ in range(60):
        page.keyboard.press("Tab")
        if search.evaluate("field => field === document.activeElement"):
            break
    page.keyboard.type("hugh")
    expect(page.locator("[data-booking-id]:visible")).to_have_count(1)
    button = page.get_by_role("button", name=f"Check in {person.name}")
    for _ in range(10):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(result(page)).to_contain_text(f"Checked in{person.name}")
    expect(page.get_by_role("button", name=f"Undo {person.name}")).to_be_visible()
    assert check_ins(live_server, door) == 1


def test_the_door_page_is_accessible_in_each_state(new_page, sign_in, check_axe, door):
    page = new_page(viewport=PHONE)
    open_door(page, sign_in, door)
    check_axe(page)
    code = page.get_by_label("Type the ticket code")
    code.fill(door.people[0].token)
    code.press("Enter")
    expect(result(page)).to_contain_text("Checked in")
    check_axe(page)
    code.fill("not-a-ticket")
    code.press("Enter")
    expect(result(page).locator(".app-door-result__banner--error")).to_be_visible()
    check_axe(page)
