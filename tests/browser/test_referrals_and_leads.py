"""Referring a parent and being a training lead, in the browser: keyboard-free clicks through
the forms, axe on every page, and the pages at a phone's width."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from booking.core.clock import utcnow
from booking.demo import DEMO_PASSWORD
from booking.models import User
from booking.reports.leads import request_lead


def test_refer_a_parent_then_read_their_status(new_page, check_axe, sign_in, new_professional):
    page = new_page(viewport={"width": 320, "height": 800})
    sign_in(page, new_professional("Referring Worker"))
    page.goto("/referrals")  # at 320px the navigation is behind its Menu button
    expect(page.get_by_role("heading", level=1, name="Your referrals")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Refer a parent or carer").click()
    check_axe(page)
    page.get_by_role("button", name="Refer").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_axe(page)
    page.get_by_role("group", name="Which session?").get_by_role("radio").first.check()
    page.get_by_label("Parent or carer's full name").fill("Pat Parent")
    page.get_by_label("Parent's phone number").fill("01632 960 001")
    page.get_by_label("The parent or carer agreed to be referred").check()
    page.get_by_role("button", name="Refer").click()
    expect(page.get_by_text("Referral made")).to_be_visible()
    expect(page.get_by_role("cell", name="Pat Parent").first).to_be_visible()
    check_axe(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320


def test_ask_to_be_lead_and_the_organiser_decides(new_page, check_axe, sign_in, new_professional):
    page = new_page()
    sign_in(page, new_professional("Would Lead"))
    page.get_by_role("link", name="Your account").first.click()
    page.get_by_role("link", name="Be your organisation's training lead").click()
    check_axe(page)
    page.get_by_role("button", name="Ask to be training lead").click()
    expect(page.get_by_text("An organiser will decide.")).to_be_visible()
    check_axe(page)

    organiser = new_page()
    sign_in(organiser, "organiser@demo.example", DEMO_PASSWORD)
    organiser.goto("/manage/leads")
    check_axe(organiser)
    row = organiser.get_by_role("row").filter(has_text="Would Lead")
    row.get_by_role("button", name=re.compile(r"^Approve")).click()
    expect(organiser.get_by_text("Training lead approved")).to_be_visible()
    organiser.goto("/manage/referrals")
    check_axe(organiser)

    page.goto("/bookings")
    page.get_by_role("link", name="Your organisation").first.click()
    expect(page.get_by_role("heading", level=2, name="Bookings")).to_be_visible()
    check_axe(page)


@pytest.mark.parametrize("width", [320, 390])
def test_the_leads_page_fits_a_phone_with_a_request_pending(
    width, live_server, new_page, check_axe, sign_in, new_professional
):
    """The table of requests and leads scrolls inside its own region, so the page keeps the
    phone's width (WCAG 1.4.10 reflow) even with a pending request's two buttons."""
    name = f"Pending Lead Request {width}"
    email = new_professional(name)
    with live_server.writer_session() as session:
        person = session.scalars(select(User).where(User.email == email)).one()
        request_lead(session, person_id=person.id, now=utcnow())
        session.commit()
    page = new_page(viewport={"width": width, "height": 800})
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.goto("/manage/leads")
    row = page.get_by_role("row").filter(has_text=name)
    expect(row.get_by_role("button", name=re.compile(r"^Approve"))).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.get_by_role("region", name="Requests and leads")).to_be_visible()


def test_the_demo_lead_reads_their_organisation_and_its_survey_results_at_320px(
    new_page, check_axe, sign_in
):
    page = new_page(viewport={"width": 320, "height": 800})
    sign_in(page, "professional@demo.example", DEMO_PASSWORD)
    for path in ("/lead", "/lead/surveys"):
        page.goto(path)
        check_axe(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    expect(page.get_by_role("heading", level=1)).to_contain_text("survey")
