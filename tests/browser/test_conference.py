"""The conference: book it, then choose one workshop in each time slot on one page, by keyboard
alone and on a phone-sized screen, and change a choice without cancelling first."""

import re

from playwright.sync_api import expect

from tests.browser.test_keyboard import tab_to

CONFERENCE = "Digital Resilience and Safeguarding Conference"
MORNING = "CEOP Thinkuknow: keeping children safe online"
MORNING_TOO = "Be Strong: online resilience with the Diana Award"
AFTERNOON = "Police online-investigation team: what happens after a report"
FULL = "SIMFIN: sexting and image-sharing in schools"
SAVED = "Your workshops are saved."
MAX_ARROWS = 12


def book_the_conference(page, check_axe, new_professional, sign_in, open_event) -> str:
    """Sign in as a new delegate and book the conference; return the address of the page
    where they choose their workshops, where booking lands them."""
    sign_in(page, new_professional("Conference Delegate"))
    open_event(page, CONFERENCE)
    expect(
        page.get_by_text("Once you have a place on the conference, you can choose")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Choose this workshop")).to_have_count(0)
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", level=1, name="Choose your workshops")).to_be_visible()
    expect(page.get_by_text(f"You have a place on {CONFERENCE}.")).to_be_visible()
    check_axe(page)
    return page.url


def slot(page, number: int):
    return page.get_by_role("group", name=re.compile(rf"^Slot {number}: "))


def choose_by_keyboard(page, number: int, title: str) -> None:
    """Tab into the slot's radios, then move the choice with the arrow keys to ``title``."""
    tab_to(
        page,
        f"The radios of slot {number}",
        f"el.type === 'radio' && el.closest('fieldset').querySelector('legend')"
        f".textContent.trim().startsWith('Slot {number}:')",
    )
    for _ in range(MAX_ARROWS):
        label = page.evaluate("document.activeElement.labels[0].textContent.trim()")
        if label == title:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{title} cannot be chosen with the arrow keys in slot {number}")


def save_by_keyboard(page) -> None:
    tab_to(page, "The save button", "el.textContent.trim() === 'Save your workshops'")
    page.keyboard.press("Enter")
    expect(page.locator("#saved")).to_contain_text(SAVED)


def test_choose_and_change_workshops_with_the_keyboard_only(
    page, check_axe, new_professional, sign_in, open_event
):
    choose_url = book_the_conference(page, check_axe, new_professional, sign_in, open_event)
    page.goto(choose_url)  # a fresh page: Tab starts from the top
    choose_by_keyboard(page, 1, MORNING)
    choose_by_keyboard(page, 2, AFTERNOON)
    save_by_keyboard(page)
    assert page.url == f"{choose_url}#saved"
    expect(slot(page, 1).get_by_label(MORNING)).to_be_checked()
    expect(slot(page, 2).get_by_label(AFTERNOON)).to_be_checked()
    expect(slot(page, 1).get_by_text("You have a place.")).to_be_visible()
    check_axe(page)

    page.goto(choose_url)
    choose_by_keyboard(page, 1, MORNING_TOO)  # the same slot: no cancelling first
    save_by_keyboard(page)
    expect(slot(page, 1).get_by_label(MORNING_TOO)).to_be_checked()
    check_axe(page)

    page.get_by_role("link", name="View your ticket").click()
    expect(page.get_by_role("heading", level=1, name="Your ticket")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_have_count(1)
    workshops = page.locator("#your-workshops + ul")
    expect(workshops).to_contain_text(MORNING_TOO)
    expect(workshops).to_contain_text(AFTERNOON)
    expect(workshops).not_to_contain_text(MORNING)
    check_axe(page)

    page.get_by_role("link", name="My bookings", exact=True).first.click()
    expect(page.get_by_role("link", name=CONFERENCE, exact=True)).to_be_visible()
    expect(page.get_by_text(MORNING_TOO)).to_be_visible()
    expect(page.get_by_text(MORNING, exact=False)).to_have_count(0)
    check_axe(page)


def test_choose_a_full_workshop_on_a_phone_and_stay_in_place(
    new_page, check_axe, new_professional, sign_in, open_event
):
    page = new_page(viewport={"width": 390, "height": 844})
    choose_url = book_the_conference(page, check_axe, new_professional, sign_in, open_event)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    full = slot(page, 1).locator(".govuk-radios__item").filter(has_text=FULL)
    expect(full).to_contain_text("Fully booked – join the waiting list")
    full.get_by_label(FULL).check()
    slot(page, 2).get_by_label(AFTERNOON).check()
    page.get_by_role("button", name="Save your workshops").click()

    banner = page.locator("#saved")
    expect(banner).to_contain_text(
        re.compile(rf"You are number \d+ on the waiting list for {re.escape(FULL)}\.")
    )
    expect(banner).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0, "the page jumped back to the top"
    assert page.url == f"{choose_url}#saved"
    expect(
        slot(page, 1).get_by_text(re.compile(r"You are number \d+ on the waiting list"))
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_axe(page)

    page.get_by_role("link", name="View your ticket").click()
    code = page.get_by_role("img", name=re.compile("QR code"))
    width = code.evaluate("el => el.getBoundingClientRect().width")
    assert width >= 300, f"the QR code is {width}px wide on a 390px screen"
    expect(page.get_by_text("Turn your screen brightness up")).to_be_visible()
    expect(page.locator("#your-workshops + ul")).to_contain_text("Waiting list: number")
    check_axe(page)


TEXT_ABOVE_TAG = """li => {
    const text = document.createRange();
    text.setStartBefore(li.firstChild);
    text.setEndBefore(li.querySelector('.govuk-tag'));
    return text.getBoundingClientRect().bottom <= li.querySelector('.govuk-tag')
        .getBoundingClientRect().top;
}"""


def test_my_bookings_on_a_phone_never_splits_a_workshop_title_with_its_tag(
    new_page, check_axe, new_professional, sign_in, open_event
):
    page = new_page(viewport={"width": 390, "height": 844})
    book_the_conference(page, check_axe, new_professional, sign_in, open_event)
    slot(page, 1).get_by_label(FULL).check()
    slot(page, 2).get_by_label(AFTERNOON).check()
    page.get_by_role("button", name="Save your workshops").click()
    expect(page.locator("#saved")).to_contain_text(SAVED)

    page.goto("/bookings")
    workshops = page.locator("li li").filter(has=page.locator(".govuk-tag"))
    expect(workshops.filter(has_text=FULL)).to_contain_text("Waiting list: number")
    expect(workshops).to_have_count(2)
    for workshop in workshops.all():
        assert workshop.evaluate(TEXT_ABOVE_TAG), f"a tag splits: {workshop.inner_text()}"
    check_axe(page)
