"""Search on a phone: accents and hyphens, the filters behind "Filter events", an event's
key facts and action in the first screen, and Back to the search."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
TITLE = "Café conversations for foster carers"


@pytest.fixture(scope="module")
def cafe_event(live_server):
    from booking.core.clock import utcnow
    from booking.models import Event, EventKind, EventStatus

    now = utcnow()
    with live_server.writer_session() as session:
        session.add(
            Event(
                kind=EventKind.FOSTER_CARER_SESSION,
                status=EventStatus.PUBLISHED,
                title=TITLE,
                description="An informal morning.\n\nTea and cake provided.",
                venue="Kings Lynn Library",
                starts_at=now + timedelta(days=30),
                ends_at=now + timedelta(days=30, hours=2),
                capacity=12,
                created_at=now,
                updated_at=now,
            )
        )
        session.commit()
    return TITLE


def test_search_with_accents_on_a_phone_and_back_to_the_results(new_page, check_axe, cafe_event):
    page = new_page(viewport=PHONE)
    page.goto("/events")
    toggle = page.get_by_role("button", name="Filter events")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Type of event")).to_be_hidden()
    expect(page.locator(".app-event-list > li").first).to_be_in_viewport()
    check_axe(page)

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Type of event")).to_be_visible()
    check_axe(page)

    page.get_by_label("Search").fill("CAFE conversations")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("1 event found")
    page.get_by_role("link", name=cafe_event, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=cafe_event)).to_be_visible()
    expect(page.get_by_text("12 places left")).to_be_in_viewport()
    expect(page.get_by_role("heading", level=2, name="Your place")).to_be_in_viewport()
    expect(page.get_by_text("Tea and cake provided.")).not_to_be_in_viewport()
    check_axe(page)

    page.get_by_role("link", name="Back").click()
    expect(page).to_have_url(re.compile(r"/events\?q=CAFE\+conversations$"))
    expect(page.get_by_label("Search")).to_have_value("CAFE conversations")


def test_the_search_button_says_search_while_the_filters_are_closed(new_page, cafe_event):
    page = new_page(viewport=PHONE)
    page.goto("/events")
    expect(page.get_by_role("button", name="Apply filters")).to_have_count(0)
    page.get_by_label("Search").fill("CAFE conversations")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 event found")
    page.get_by_role("button", name="Filter events").click()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    page.get_by_role("button", name="Filter events").click()
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_visible()


def test_without_javascript_the_open_filters_are_applied_by_their_button(new_page, cafe_event):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto("/events")
    page.get_by_label("Search").fill("CAFE conversations")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("1 event found")


def titles_found(page, query: str) -> list[str]:
    page.goto("/events?" + urlencode({"q": query}))
    expect(page.get_by_role("status")).to_be_visible()
    return page.locator(".app-event-list > li h2").all_text_contents()


def test_hyphens_and_spaces_find_the_same_events(page):
    spaced = titles_found(page, "e safety")
    assert "E-safety training day" in spaced
    assert titles_found(page, "E-SAFETY") == spaced
    assert titles_found(page, "esafety") == spaced


def test_the_filter_button_is_for_phones_only_and_follows_the_width(new_page, check_axe):
    page = new_page(viewport={"width": 1024, "height": 768})
    page.goto("/events")
    toggle = page.get_by_role("button", name="Filter events")
    expect(toggle).to_be_hidden()
    expect(page.get_by_label("Type of event")).to_be_visible()
    page.set_viewport_size(PHONE)
    expect(toggle).to_be_visible()
    expect(page.get_by_label("Type of event")).to_be_hidden()
    page.set_viewport_size({"width": 1024, "height": 768})
    expect(toggle).to_be_hidden()
    expect(page.get_by_label("Type of event")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False])
def test_selected_filters_come_before_the_results_on_a_phone(new_page, check_axe, javascript):
    page = new_page(viewport=PHONE, java_script_enabled=javascript)
    page.goto("/events?kind=training_day&q=safety")
    selected = page.get_by_role("heading", name="Selected filters")
    expect(selected).to_be_in_viewport()
    check_axe(page)
    page.get_by_role("link", name="Remove this filter: Type of event: Training day").click()
    expect(page).to_have_url(re.compile(r"/events\?q=safety$"))
    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/events$"))
    expect(page.get_by_role("heading", name="Selected filters")).to_have_count(0)


def test_without_javascript_the_filters_stay_open(new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto("/events")
    expect(page.get_by_label("Type of event")).to_be_visible()
    expect(page.get_by_role("button", name="Filter events")).to_be_hidden()
