"""An organiser opens the audit log on a phone (it fits the screen, whatever its entries say),
filters it, and is told of a date that is not one; and finds a person by a search that keeps
their name out of the address."""

import re
import uuid

from playwright.sync_api import expect
from sqlalchemy import func, select

from booking.audit.services import record
from booking.core.clock import utcnow
from booking.demo import DEMO_PASSWORD
from booking.models import Booking, Event, User

PHONE = {"width": 390, "height": 844}


def test_the_audit_log_on_a_phone(live_server, new_page, check_axe, sign_in):
    with live_server.writer_session() as session:
        organiser = session.scalars(
            select(User).where(User.email == "organiser@demo.example")
        ).one()
        event = session.scalars(select(Event).order_by(Event.id)).first()
        record(
            session,
            actor_id=organiser.id,
            action="checkin.close_register",
            subject_type="event",
            subject_id=event.id,
            now=utcnow(),
        )
        session.commit()
        title = event.title

    page = new_page(viewport=PHONE)
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Audit log", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Audit log")).to_be_visible()
    check_axe(page)

    page.get_by_label("Action").select_option(label="Register closed")
    page.get_by_role("button", name="Filter").click()
    row = page.locator("tbody tr").first  # newest first: the entry just recorded
    expect(row).to_contain_text("Register closed")
    expect(row.get_by_role("link", name=title)).to_have_attribute(
        "href", f"/manage/events/{event.id}/edit"
    )
    expect(page.locator("tbody tr")).not_to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_axe(page)

    page.locator("#from_day-day").fill("31")
    page.locator("#from_day-month").fill("2")
    page.locator("#from_day-year").fill("2026")
    page.get_by_role("button", name="Filter").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Audit log"))
    expect(
        summary.get_by_role("link", name="From must be a real date, like 29 1 2027")
    ).to_be_visible()
    check_axe(page)


def _door_entries(session, organiser: User) -> str:
    """Record what a day at the door leaves in the log: a scan, a scan a phone sent later, a
    file downloaded, with the longest event title there is. Returns that title."""
    booking = session.scalars(
        select(Booking).join(Event).order_by(func.length(Event.title).desc(), Booking.id)
    ).first()
    for details in ({"via": "scan"}, {"via": "scan", "offline": True}):
        record(
            session,
            actor_id=organiser.id,
            action="checkin.check_in",
            subject_type="booking",
            subject_id=booking.id,
            now=utcnow(),
            event_id=booking.event_id,
            **details,
        )
    record(
        session,
        actor_id=organiser.id,
        action="export.download",
        subject_type="event",
        subject_id=booking.event_id,
        now=utcnow(),
        file="sign-in-sheet.pdf",
        event_id=booking.event_id,
    )
    return session.get(Event, booking.event_id).title


def test_the_audit_log_of_a_day_at_the_door_fits_a_phone(live_server, new_page, check_axe, sign_in):
    with live_server.writer_session() as session:
        organiser = session.scalars(
            select(User).where(User.email == "organiser@demo.example")
        ).one()
        title = _door_entries(session, organiser)
        session.commit()

    page = new_page(viewport=PHONE)
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.goto("/admin/audit")
    rows = page.locator("tbody tr")
    expect(rows.filter(has_text="Sent later by a phone with no signal").first).to_contain_text(
        "Ticket scanned"
    )
    expect(rows.filter(has_text="File: sign-in-sheet.pdf").first).to_contain_text(title)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_axe(page)
    # the table scrolls in its region, which the keyboard reaches to scroll it to the details
    region = page.get_by_role("region", name="Audit log entries")
    region.focus()
    expect(region).to_be_focused()
    details = rows.filter(has_text="File: sign-in-sheet.pdf").first.locator("td").last
    assert details.bounding_box()["x"] + details.bounding_box()["width"] > PHONE["width"]
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    expect(region).to_have_js_property(
        "scrollLeft", region.evaluate("r => r.scrollWidth - r.clientWidth")
    )
    box = details.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]


def test_an_organiser_makes_someone_a_trainer_and_finds_it_in_the_log(
    live_server, new_page, check_axe, sign_in
):
    from booking.accounts.services import Registration, create_account
    from booking.models import Role, Sector

    name = f"Tessa {uuid.uuid4().hex[:6]}"
    with live_server.writer_session() as session:
        details = Registration(
            name=name,
            email=f"{name.split()[1]}@school.example",
            job_title="Teacher",
            organisation="Ormesby Primary School",
            sector=Sector.SCHOOL,
            password="correct horse battery staple",
        )
        create_account(session, details, role=Role.PROFESSIONAL, now=utcnow(), confirmed=True)
        session.commit()

    page = new_page(viewport=PHONE)
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.goto("/admin/people")
    expect(page.get_by_role("heading", level=1, name="People")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Name or email address").fill(name.upper())
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 person matching")).to_be_visible()
    assert page.url.endswith("/admin/people")  # the name is not in the address
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_axe(page)
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    check_axe(page)
    page.get_by_label("Trainer").check()
    page.get_by_role("button", name="Save role").click()
    expect(page.get_by_text(f"{name}'s role is now trainer.")).to_be_visible()
    check_axe(page)

    page.goto("/admin/audit?action=account.role")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Role changed")
    expect(row).to_contain_text("From professional to trainer")
