"""The statutory pages and the account's own pages in the browser: reached from the footer,
axe-clean, with and without JavaScript, and readable on a 320 px screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD

STATUTORY = {
    "Accessibility statement": re.compile("^Accessibility statement"),
    "Privacy notice": "Privacy notice",
    "Cookies": "Cookies",
    "Contact": "Contact us",
}


def _fits(page) -> None:
    """No sideways scrolling (WCAG 1.4.10 reflow)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("javascript", [True, False])
def test_each_statutory_page_is_reached_from_the_footer(new_page, check_axe, javascript):
    page = new_page(java_script_enabled=javascript, viewport={"width": 320, "height": 640})
    for link, heading in STATUTORY.items():
        page.goto("/events")
        page.locator("footer").get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        check_axe(page)
        _fits(page)


def test_change_details_and_close_the_account(new_page, check_axe, sign_in, new_professional):
    page = new_page(viewport={"width": 320, "height": 640})
    email = new_professional("Leaving Person")
    sign_in(page, email)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Your account").click()
    _fits(page)
    page.get_by_role("link", name="Change your details").click()
    expect(page.get_by_role("heading", level=1, name="Change your details")).to_be_visible()
    check_axe(page)
    _fits(page)
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_axe(page)
    page.get_by_label("Full name").fill("Leaving Person-Smith")
    page.get_by_label("Job title").fill("Deputy head")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your details have been saved.")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Deputy head")
    check_axe(page)
    _fits(page)

    page.get_by_role("link", name="Close your account").click()
    expect(page.get_by_role("heading", level=1, name="Close your account")).to_be_visible()
    expect(page.get_by_text("Your attendance is kept as anonymous counts")).to_be_visible()
    check_axe(page)
    _fits(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Close my account").click()
    expect(page.get_by_text("Your account has been closed")).to_be_visible()
    check_axe(page)
    sign_in_again = page.goto("/account")
    assert sign_in_again.url.split("?")[0].endswith("/sign-in")
