"""GOV.UK pattern: when a page shows an error summary, its title starts with "Error: ", so
screen reader users hear at once that something went wrong."""

import re

from playwright.sync_api import expect

ERROR_TITLE = re.compile(r"^Error: ")


def test_form_errors_put_error_in_the_title(page, check_axe):
    page.goto("/sign-in")
    page.get_by_label("Email address", exact=True).fill("nobody@example.org")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password.")
    expect(summary).to_be_focused()
    expect(page).to_have_title(ERROR_TITLE)
    expect(page.get_by_label("Email address", exact=True)).to_have_value("nobody@example.org")
    check_axe(page)


def test_catalogue_filter_errors_put_error_in_the_title(page, check_axe):
    page.goto("/events?kind=nonsense&month=13-2026")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a type of event from the list")
    expect(
        summary.get_by_role("link", name="Choose a type of event from the list")
    ).to_have_attribute("href", "#kind")
    check_axe(page)
    assert ERROR_TITLE.match(page.title()), page.title()
