"""Registering with the keyboard alone, choosing the school from the register as you type:
the suggestion chosen fills in the name and the sector; and without JavaScript the same field
is a text field matched to the register."""

import re
import uuid

from playwright.sync_api import expect
from sqlalchemy import select

from booking.models import Organisation, User
from tests.browser.test_keyboard import tab_to

PASSWORD = "correct horse battery"


def _account(live_server, email: str) -> tuple[str, str]:
    with live_server.writer_session() as session:
        found = session.execute(
            select(Organisation.name, Organisation.sector)
            .join(User, User.organisation_id == Organisation.id)
            .where(User.email == email)
        )
        name, sector = found.one()
        return name, sector.value


def _count(live_server, name: str) -> int:
    with live_server.writer_session() as session:
        return len(session.scalars(select(Organisation.id).where(Organisation.name == name)).all())


def test_register_choosing_a_school_from_the_autocomplete_by_keyboard(page, check_axe, live_server):
    email = f"keyboard.{uuid.uuid4().hex[:10]}@example.org"
    page.goto("/register")
    field = page.locator("#organisation")
    expect(field).to_have_attribute("role", "combobox")  # enhanced
    check_axe(page)

    tab_to(page, "The name field", "el.id === 'name'")
    page.keyboard.type("Kim Keyboard")
    page.keyboard.press("Tab")
    page.keyboard.type(email)
    tab_to(page, "The job title field", "el.id === 'job_title'")
    page.keyboard.type("Designated safeguarding lead")
    page.keyboard.press("Tab")
    expect(field).to_be_focused()
    page.keyboard.type("banbury ac")
    option = page.get_by_role("option", name="Banbury Academy (School or academy)")
    expect(option).to_be_visible()
    check_axe(page)  # with the suggestions open
    page.keyboard.press("ArrowDown")
    expect(option).to_be_focused()
    page.keyboard.press("Enter")
    expect(field).to_have_value("Banbury Academy")
    expect(page.get_by_label("School or academy", exact=True)).to_be_checked()

    tab_to(page, "The password field", "el.id === 'password'")
    page.keyboard.type(PASSWORD)
    tab_to(page, "The confirm password field", "el.id === 'confirm_password'")
    page.keyboard.type(PASSWORD)
    tab_to(page, "The Create account button", "el.textContent.trim() === 'Create account'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()
    assert _account(live_server, email) == ("Banbury Academy", "school")
    assert _count(live_server, "Banbury Academy") == 1


def test_an_error_keeps_the_typed_organisation_and_says_so_on_the_field(page, check_axe):
    page.goto("/register")
    page.locator("#organisation").fill("A new Children's Centre")
    page.get_by_role("button", name="Create account").click()
    field = page.locator("#organisation")
    expect(field).to_have_value("A new Children's Centre")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\borganisation-hint\b"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Select the sector you work in")).to_be_visible()
    check_axe(page)


def test_without_javascript_a_typed_name_finds_the_school(new_page, check_axe, live_server):
    page = new_page(java_script_enabled=False)
    email = f"nojs.{uuid.uuid4().hex[:10]}@example.org"
    page.goto("/register")
    check_axe(page)
    page.get_by_label("Full name", exact=True).fill("Nora No-Script")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Job title", exact=True).fill("Teacher")
    page.get_by_label("Organisation", exact=True).fill("  banbury   ACADEMY ")
    page.get_by_label("School or academy", exact=True).check()
    page.get_by_label("Create a password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()
    assert _account(live_server, email) == ("Banbury Academy", "school")
    assert _count(live_server, "Banbury Academy") == 1


def test_an_organiser_merges_two_duplicate_organisations(page, check_axe, sign_in, live_server):
    from booking.accounts.services import find_or_create_organisation
    from booking.demo import DEMO_PASSWORD
    from booking.models import Sector

    suffix = uuid.uuid4().hex[:6]
    kept_name, duplicate_name = f"Wantage Primary {suffix}", f"Wantage Primary Sch {suffix}"
    with live_server.writer_session() as session:
        find_or_create_organisation(session, kept_name, Sector.SCHOOL)
        find_or_create_organisation(session, duplicate_name, Sector.SCHOOL)
        session.commit()
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Organisations", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Organisations")).to_be_visible()
    check_axe(page)
    page.get_by_label("Name", exact=True).fill(f"wantage {suffix}")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("2 organisations")).to_be_visible()
    page.get_by_role("link", name=duplicate_name).click()
    check_axe(page)
    page.get_by_role("link", name="Merge into another organisation").click()
    page.get_by_label("Search the register").fill(suffix)
    page.get_by_role("button", name="Search").click()
    check_axe(page)
    page.get_by_role("link", name=f"Keep {kept_name}").click()
    expect(page.get_by_text("0 people will move")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Merge organisations").click()
    expect(
        page.get_by_text(f"{duplicate_name} merged into {kept_name}: 0 people moved.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=kept_name)).to_be_visible()
    assert _count(live_server, duplicate_name) == 0
    page.goto("/manage/organisations/import")
    check_axe(page)
