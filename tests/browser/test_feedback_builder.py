"""An organiser builds a feedback form with the keyboard alone: Tab, arrows, Space, Enter and
typing, never a click; every page passes axe."""

import json

from playwright.sync_api import expect
from sqlalchemy import select

from booking.demo import DEMO_PASSWORD
from booking.events.models import Event, EventStatus
from booking.feedback.models import FeedbackForm

MAX_TABS = 120


def tab_to(page, description: str, is_target: str) -> None:
    """Press Tab until ``is_target`` (a JS predicate on the focused element) holds."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {is_target})(document.activeElement)"):
            return
    raise AssertionError(f"{description} cannot be reached with Tab in {MAX_TABS} presses")


def button(text: str) -> str:
    """A predicate: the focused element is the button whose words start with ``text``."""
    words = "(el.textContent || el.value || '').trim()"
    return f"el.type === 'submit' && {words}.startsWith({json.dumps(text)})"


def an_event_without_a_form(live_server) -> Event:
    with live_server.writer_session() as session:
        has_form = select(FeedbackForm.event_id)
        return session.scalars(
            select(Event)
            .where(Event.status == EventStatus.PUBLISHED, Event.id.not_in(has_form))
            .order_by(Event.id)
        ).first()


def sign_in_by_keyboard(page) -> None:
    page.goto("/sign-in")
    tab_to(page, "The email field", "el.id === 'email'")
    page.keyboard.type("organiser@demo.example")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Manage events")).to_be_visible()


def test_build_a_feedback_form_with_the_keyboard_only(page, check_axe, live_server):
    event = an_event_without_a_form(live_server)
    sign_in_by_keyboard(page)
    expect(page.locator(f'a[href="/manage/events/{event.id}/feedback"]')).to_have_count(1)
    page.goto(f"/manage/events/{event.id}/feedback")
    expect(page.get_by_role("heading", level=1, name="Feedback form")).to_be_visible()
    check_axe(page)

    tab_to(page, "The first way to start", "el.type === 'radio' && el.name === 'start'")
    page.keyboard.press("ArrowDown")  # the conference template
    expect(page.get_by_label("From the “Conference feedback” template")).to_be_checked()
    tab_to(page, "The create button", button("Create the form"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The feedback form has been created.")).to_be_visible()
    expect(page.get_by_text("My knowledge of digital resilience has improved")).to_be_visible()
    expect(page.get_by_text("Once people answer a question")).to_be_visible()
    check_axe(page)

    tab_to(page, "Add a question", "el.textContent.trim() === 'Add a question'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Add a question")).to_be_visible()
    check_axe(page)
    tab_to(page, "The save button", button("Save question"))
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter the question")).to_be_visible()
    check_axe(page)

    tab_to(page, "The question field", "el.id === 'text'")
    page.keyboard.type("Would you come to another of our events?")
    tab_to(page, "The kinds of question", "el.type === 'radio' && el.name === 'kind'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # scale, single choice, yes or no
    expect(page.get_by_label("Yes or no")).to_be_checked()
    tab_to(page, "The required box", "el.id === 'required'")
    page.keyboard.press("Space")
    tab_to(page, "The save button", button("Save question"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The question has been added.")).to_be_visible()
    sixth = page.locator(".govuk-summary-card").filter(has_text="Question 6")
    expect(sixth).to_contain_text("Would you come to another of our events?")
    expect(sixth).to_contain_text("Required")
    check_axe(page)

    tab_to(page, "Move question 6 up", "el.textContent.trim() === 'Move up question 6'")
    page.keyboard.press("Enter")
    fifth = page.locator(".govuk-summary-card").filter(has_text="Question 5")
    expect(fifth).to_contain_text("Would you come to another of our events?")
    check_axe(page)


def test_the_builder_works_at_320_pixels(new_page, check_axe, live_server, sign_in):
    page = new_page(viewport={"width": 320, "height": 640})
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.goto("/manage/feedback/scales")
    expect(page.get_by_role("heading", level=1, name="The library of scales")).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
