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

from booking.accounts.models import Role
from booking.bookings.models import Booking
from booking.checkin.models import CheckIn
from booking.core.clock import utcnow
from tests.factories import PASSWORD, Factory

from .camera import filming_page, qr_picture, write_video

PHONE = {"width": 390, "height": 844}
KEYBOARD_OPEN = {"width": 390, "height": 450}
NAMES = ("Siobhán Ní Bhriain", "Dev Patel", "Aisha Okafor", "Tom Hughes")
ORGANISATION = "Ormesby Primary School"  # the factory's


@dataclass(frozen=True)
class Person:
    booking_id: int
    name: str
    token: str


@dataclass(frozen=True)
class Door:
    event_id: int
    trainer: str
    people: list[Person]

    @property
    def url(self) -> str:
        return f"/door/{self.event_id}"


@pytest.fixture
def door(live_server) -> Door:
    """An event running today, its trainer, and NAMES with a place on it."""
    tag = uuid.uuid4().hex[:8]
    with live_server.writer_session() as session:
        make = Factory(session)
        trainer = make.user(name="Jo Brown", role=Role.TRAINER, email=f"jo-{tag}@example.org")
        event = make.event(
            title=f"Door test {tag}", starts_at=utcnow() - timedelta(minutes=30), capacity=30
        )
        event.trainers.append(trainer)
        bookings = [
            make.booking(event, make.user(name=name, email=f"{n}-{tag}@example.org"))
            for n, name in enumerate(NAMES)
        ]
        session.commit()
        people = [
            Person(b.id, name, b.ticket_token) for b, name in zip(bookings, NAMES, strict=True)
        ]
        return Door(event.id, trainer.email, people)


def check_ins(live_server, door: Door) -> int:
    """The live check-ins on the server for the door's event."""
    with live_server.writer_session() as session:
        return session.scalar(
            select(func.count(CheckIn.id))
            .join(Booking, Booking.id == CheckIn.booking_id)
            .where(Booking.event_id == door.event_id, CheckIn.undone_at.is_(None))
        )


def wait_for(page, condition, seconds: float = 10) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("waited in vain")


def ticket_link(live_server, person: Person) -> str:
    return f"{live_server.url}/t/{person.token}"


def result(page, tone: str = ""):
    """The door's result region, or the result of that tone in it."""
    region = page.locator("#door-result")
    return region.locator(f".app-result--{tone}") if tone else region


def counter(page):
    return page.locator("#door-count")


def open_door(page, sign_in, door: Door) -> None:
    sign_in(page, door.trainer, PASSWORD)
    page.goto(door.url)
    expect(page.get_by_role("heading", level=1, name=re.compile("^Door test"))).to_be_visible()


def test_the_camera_checks_a_ticket_in_then_says_it_is_already_in(
    browser, live_server, sign_in, check_axe, door, tmp_path
):
    first = door.people[0]
    video = write_video(tmp_path / "ticket.y4m", [(qr_picture(ticket_link(live_server, first)), 1)])
    with filming_page(browser, live_server, video, viewport=PHONE, permissions=["camera"]) as page:
        open_door(page, sign_in, door)
        expect(result(page, "success")).to_contain_text("Checked in")
        expect(result(page, "success")).to_contain_text(f"{first.name}, {ORGANISATION}")
        expect(counter(page)).to_have_text(f"1 of {len(door.people)} checked in")
        check_axe(page)

        page.reload()  # the same ticket again, as if shown a second time
        expect(result(page, "warning")).to_contain_text("Already checked in")
        expect(counter(page)).to_have_text(f"1 of {len(door.people)} checked in")
    assert check_ins(live_server, door) == 1


def test_with_no_signal_check_ins_wait_on_the_phone_and_are_sent_once(
    new_page, live_server, sign_in, check_axe, door
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
    expect(result(page, "success")).to_contain_text(door.people[0].name)
    code.fill(" ".join(re.findall(".{1,8}", door.people[1].token)))  # a bare code, with spaces
    code.press("Enter")
    expect(result(page, "success")).to_contain_text(door.people[1].name)
    third = door.people[2]
    page.get_by_role("button", name=f"Check in {third.name}").click()
    waiting = page.locator("[data-door-waiting]")
    expect(waiting).to_have_text("Saved on this phone — will send when back online (3 waiting)")
    expect(counter(page)).to_have_text(f"3 of {len(door.people)} checked in")
    assert check_ins(live_server, door) == 0
    check_axe(page)

    page.reload()  # still with no signal: the counter counts what waits here, as the rows do
    expect(counter(page)).to_have_text(f"3 of {len(door.people)} checked in")
    expect(page.get_by_text("by this phone")).to_have_count(3)
    expect(waiting).to_have_text("Saved on this phone — will send when back online (3 waiting)")
    expect(page.get_by_text(re.compile(r"^Ready for offline use.*updated \d"))).to_be_visible()

    # The first sync reaches the server but its answer is lost: the phone sends the same
    # queue again, which changes nothing.
    sent, answered = [], []

    def lose_the_first_answer(route):
        sent.append(route.request.post_data_json)
        response = route.fetch()
        if len(sent) == 1:
            route.abort()
        else:
            route.fulfill(response=response)
        answered.append(response.status)

    page.route(f"**/door/{door.event_id}/sync", lose_the_first_answer)
    page.context.set_offline(False)  # the phone sends by itself when the signal comes back
    wait_for(page, lambda: len(answered) >= 1)
    assert check_ins(live_server, door) == 3  # stored, though the phone never heard so
    page.evaluate("() => window.dispatchEvent(new Event('online'))")  # or its timer, later
    expect(waiting).to_contain_text("Sent 3 check-ins saved on this phone.")
    assert len(sent) == 2 and sent[0] == sent[1]
    assert check_ins(live_server, door) == 3
    expect(counter(page)).to_have_text(f"3 of {len(door.people)} checked in")
    page.script_errors[:] = [e for e in page.script_errors if "net::ERR_FAILED" not in e]


def expect_in_view(*locators) -> None:
    """Each element wholly inside the viewport, once the page has scrolled it there (the answer
    is drawn a moment before the page brings it and the code field into view)."""
    for locator in locators:
        expect(locator).to_be_in_viewport(ratio=1)


def test_the_answer_shows_where_the_trainer_is_looking(
    browser, live_server, sign_in, check_axe, door, tmp_path
):
    video = write_video(tmp_path / "nothing.y4m", [(None, 1)])  # the camera on, seeing no code
    with filming_page(browser, live_server, video, viewport=PHONE, permissions=["camera"]) as page:
        open_door(page, sign_in, door)
        expect(page.locator(".app-scanner__view")).to_be_visible()
        code = page.get_by_label("Type the ticket code")
        code.scroll_into_view_if_needed()
        code.fill(door.people[0].token)
        code.press("Enter")
        expect(result(page, "success")).to_contain_text(door.people[0].name)
        expect(code).to_be_focused()
        expect(code).to_have_value("")
        expect_in_view(result(page), counter(page), code)
        check_axe(page)

        page.set_viewport_size(KEYBOARD_OPEN)  # what the screen shows above the phone's keyboard
        code.fill(door.people[2].token)
        code.press("Enter")
        expect(result(page, "success")).to_contain_text(door.people[2].name)
        expect_in_view(result(page), code)
        page.set_viewport_size(PHONE)

        # A tap on a row reads as the page draws rows: when, and by whom.
        person = door.people[1]
        page.get_by_role("button", name=f"Check in {person.name}").click()
        expect(result(page, "success")).to_contain_text(person.name)
        status = page.locator(f"[data-booking-id='{person.booking_id}'] [data-status]")
        by_trainer = re.compile(r"^Checked in at \S+ by Jo Brown$")
        expect(status).to_have_text(by_trainer)
        page.reload()
        expect(status).to_have_text(by_trainer)

        page.get_by_label("Find by name").fill("qqq")
        no_match = page.locator(".app-door-no-match")
        expect(no_match).to_have_text(
            "No one on the list matches “qqq”. Check the spelling, or add them as a walk-in."
        )
        no_match.get_by_role("link", name="add them as a walk-in").click()
        expect(page.get_by_role("heading", level=1, name="Add a walk-in")).to_be_visible()


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
    expect(result(page, "success")).to_contain_text(person.name)
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
    expect(result(page, "error")).to_be_visible()
    check_axe(page)


def expected_refusals(page) -> None:
    """Forget the console's notes of the refusals a test provoked on purpose."""
    page.script_errors[:] = [e for e in page.script_errors if "status of 40" not in e]


def test_a_scan_refused_when_signed_out_waits_for_signing_in_again(
    new_page, live_server, sign_in, door
):
    page = new_page(viewport=PHONE)
    open_door(page, sign_in, door)
    expect(page.get_by_text(re.compile(r"^Ready for offline use"))).to_be_visible()
    page.context.clear_cookies()  # signed out (the session ended), the page still open

    code = page.get_by_label("Type the ticket code")
    code.fill(door.people[0].token)
    code.press("Enter")
    expect(result(page, "success")).to_contain_text(door.people[0].name)
    expect(page.locator("[data-door-waiting]")).to_have_text(
        "Saved on this phone — sign in again to send the check-ins waiting here (1 waiting)"
    )
    assert check_ins(live_server, door) == 0
    expected_refusals(page)

    sign_in(page, door.trainer, PASSWORD)
    page.goto(door.url)  # the door page sends what waits when it opens
    expect(page.locator("[data-door-waiting]")).to_have_text("Sent 1 check-in saved on this phone.")
    assert check_ins(live_server, door) == 1
    expect(counter(page)).to_have_text(f"1 of {len(door.people)} checked in")


STORED = """async () => {
    const store = await import('/static/js/door-store.js');
    const pages = await caches.open('door-pages');
    return [!!(await store.getList(-1)), !!(await pages.match('/door/-1'))];
}"""


def test_a_closed_doors_stored_list_is_deleted_when_a_door_page_opens(new_page, sign_in, door):
    page = new_page(viewport=PHONE)
    open_door(page, sign_in, door)
    expect(page.get_by_text(re.compile(r"^Ready for offline use"))).to_be_visible()
    page.evaluate(
        """async () => {
            const store = await import('/static/js/door-store.js');
            const closed = {id: -1, title: 'Yesterday', door_closes_at: '2020-01-01T00:00:00Z'};
            await store.saveList({event: closed, checked_in: 0, booked: 0, people: []}, '/door/-1');
            await (await caches.open('door-pages')).put('/door/-1', new Response('kept'));
        }"""
    )
    assert page.evaluate(STORED) == [True, True]
    page.reload()
    expect(page.get_by_text(re.compile(r"^Ready for offline use"))).to_be_visible()
    assert page.evaluate(STORED) == [False, False]
    this_door = (
        f"async () => !!(await (await import('/static/js/door-store.js')).getList({door.event_id}))"
    )
    assert page.evaluate(this_door)


def sign_out(page) -> None:
    button = page.get_by_role("button", name="Sign out")
    if not button.is_visible():  # behind the header's menu on a phone
        page.get_by_role("button", name="Menu").click()
    button.click()


def test_signing_out_sends_what_waits_first_and_asks_before_losing_it(
    new_page, live_server, sign_in, door
):
    page = new_page(viewport=PHONE)
    open_door(page, sign_in, door)
    expect(page.get_by_text(re.compile(r"^Ready for offline use"))).to_be_visible()
    page.route(f"**/door/{door.event_id}/sync", lambda route: route.abort())  # unreachable
    page.context.set_offline(True)
    person = door.people[1]
    page.get_by_role("button", name=f"Check in {person.name}").click()
    expect(page.locator("[data-door-waiting]")).to_contain_text("(1 waiting)")
    page.context.set_offline(False)

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    sign_out(page)
    wait_for(page, lambda: asked)
    assert asked == [
        "1 check-in saved on this phone could not be sent, and signing out deletes them. "
        "Sign out anyway?"
    ]
    expect(page.get_by_role("heading", level=1, name=re.compile("^Door test"))).to_be_visible()
    assert check_ins(live_server, door) == 0

    page.unroute(f"**/door/{door.event_id}/sync")
    sign_out(page)
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert check_ins(live_server, door) == 1
    page.script_errors[:] = [e for e in page.script_errors if "net::ERR_FAILED" not in e]
