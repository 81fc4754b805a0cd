"""Signing in and booking with the keyboard alone: Tab, Enter and typing, never a click."""

import json
from urllib.parse import urlencode

from playwright.sync_api import expect

from booking.demo import DEMO_PASSWORD

EVENT = "Digital Resilience and Safeguarding Network"
MAX_TABS = 60


def tab_to(page, description: str, is_target: str) -> None:
    """Press Tab until ``is_target`` (a JS predicate on the focused element) holds."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {is_target})(document.activeElement)"):
            return
    raise AssertionError(f"{description} cannot be reached with Tab in {MAX_TABS} presses")


def focus_style(locator) -> dict:
    return locator.evaluate(
        """el => {
            const s = getComputedStyle(el);
            const outline = s.outlineStyle === 'none'
                ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
            return {outline, boxShadow: s.boxShadow, background: s.backgroundColor,
                    color: s.color};
        }"""
    )


def test_sign_in_and_book_with_the_keyboard_only(page, check_axe):
    page.goto("/sign-in")
    check_axe(page)
    tab_to(page, "The email field", "el.id === 'email'")
    page.keyboard.type("professional@demo.example")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="My bookings")).to_be_visible()
    check_axe(page)

    page.goto("/events?" + urlencode({"q": EVENT}))
    check_axe(page)
    tab_to(
        page,
        f"The link to {EVENT}",
        f"el.localName === 'a' && el.textContent.trim() === {json.dumps(EVENT)}",
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name=EVENT)).to_be_visible()
    check_axe(page)
    button = page.get_by_role("button", name="Book a place")
    expect(button).to_be_visible()
    resting = focus_style(button)
    tab_to(page, "The 'Book a place' button", "el.textContent.trim() === 'Book a place'")
    expect(button).to_be_focused()
    assert button.evaluate("el => el.matches(':focus-visible')")
    focused = focus_style(button)
    assert focused["outline"] != "none" or focused["boxShadow"] != "none", focused
    assert focused != resting, f"no visible change when the button takes focus: {focused}"
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1, name="Your ticket")).to_be_visible()
    expect(page.get_by_text(f"You have a place on {EVENT}.")).to_be_visible()
    check_axe(page)
