"""An organiser reads the reports on a phone: the reports page (the period's figures, its
charts beside their tables, the schools not yet reached), a shortcut and a sector, a date that
is not one; then an event's attendance report from Manage events. Each passes axe and fits a
320 px screen."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from booking.accounts.models import SchoolPhase, Sector
from booking.core.clock import utcnow
from booking.demo import DEMO_PASSWORD
from booking.events.models import Event, EventKind, EventStatus
from tests.reports.people import People

NARROW = {"width": 320, "height": 700}


def _an_ended_day(live_server) -> int:
    with live_server.writer_session() as session:
        people = People(session)
        now = utcnow().replace(microsecond=0)
        event = Event(
            kind=EventKind.TRAINING_DAY,
            status=EventStatus.PUBLISHED,
            title="Reported e-safety day",
            starts_at=now - timedelta(days=1, hours=6),
            ends_at=now - timedelta(days=1),
            capacity=30,
            created_at=now,
            updated_at=now,
        )
        session.add(event)
        session.flush()
        people.count = 9000  # clear of the demo's people
        school = people.organisation(
            "Reported Primary Academy", phase=SchoolPhase.PRIMARY, district="Ashby"
        )
        camhs = people.organisation("Reported CAMHS team", Sector.CAMHS)
        people.place(event, school)
        people.place(event, school, walk_in=True)
        people.place(event, camhs, came=False)
        people.organisation("Never Reached Infants", phase=SchoolPhase.PRIMARY, district="Wold")
        session.commit()
        return event.id


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_the_reports_on_a_narrow_phone(live_server, new_page, check_axe, sign_in):
    event_id = _an_ended_day(live_server)
    page = new_page(viewport=NARROW)
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Reports")).to_be_visible()
    expect(page.locator("#schools-sentence")).to_contain_text("schools in the register")
    expect(
        page.get_by_role("img", name=re.compile("People who attended, by sector"))
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Never Reached Infants")).to_be_visible()
    _fits(page)
    check_axe(page)

    page.get_by_role("link", name="This financial year").click()
    page.get_by_label("Sector", exact=True).select_option(label="CAMHS")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator("#report-heading")).to_be_visible()
    expect(page.get_by_text("people from camhs")).to_be_visible()
    check_axe(page)

    page.locator("#from_day-day").fill("31")
    page.locator("#from_day-month").fill("2")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Reports"))
    expect(page.locator("#from_day-day")).to_have_value("31")
    check_axe(page)

    page.goto(f"{live_server.url}/manage/events/{event_id}/report")
    expect(page.get_by_role("heading", level=1, name="Attendance report")).to_be_visible()
    expect(page.locator("#sentence")).to_have_text(
        "2 delegates attended (2 booked, 1 no-show, 1 walk-in). 1 school was represented."
    )
    expect(page.get_by_role("link", name=re.compile("as a PDF"))).to_be_visible()
    _fits(page)
    check_axe(page)
