"""The conference: book it, then one workshop in each time slot, and no two at the same time."""

from playwright.sync_api import expect

CONFERENCE = "Digital Resilience and Safeguarding Conference"
MORNING = "CEOP Thinkuknow: keeping children safe online"
MORNING_TOO = "Be Strong: online resilience with the Diana Award"
AFTERNOON = "Police online-investigation team: what happens after a report"
CLASH = f"You have already chosen “{MORNING}” at that time. Cancel it to choose this workshop."


def workshop(page, title):
    return page.locator(".app-event-list > li").filter(
        has=page.get_by_role("heading", level=3, name=title, exact=True)
    )


def choose(page, title) -> None:
    button = workshop(page, title).get_by_role("button", name="Choose this workshop")
    expect(button).to_have_accessible_description(title)
    button.click()


def book_the_conference(page, check_axe, new_professional, sign_in, open_event) -> str:
    """Sign in as a new delegate and book the conference; return its page's address."""
    sign_in(page, new_professional("Conference Delegate"))
    conference_url = open_event(page, CONFERENCE)
    expect(
        page.get_by_text("Once you have a place on the conference, you can choose")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Choose this workshop")).to_have_count(0)
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", level=1, name="Your ticket")).to_be_visible()
    expect(page.get_by_text(f"You have a place on {CONFERENCE}.")).to_be_visible()
    check_axe(page)
    page.goto(conference_url)
    expect(page.get_by_text("Choose one workshop in each time slot.")).to_be_visible()
    check_axe(page)
    return conference_url


def test_book_the_conference_and_a_workshop_in_each_slot(
    page, check_axe, new_professional, sign_in, open_event
):
    conference_url = book_the_conference(page, check_axe, new_professional, sign_in, open_event)
    for title in (MORNING, AFTERNOON):
        choose(page, title)
        expect(page).to_have_url(conference_url)
        expect(page.get_by_text(f"You have a place on {title}.")).to_be_visible()
        expect(workshop(page, title).locator(".govuk-tag")).to_have_text("Booked")
        check_axe(page)

    choose(page, MORNING_TOO)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text(CLASH)
    check_axe(page)

    page.get_by_role("link", name="My bookings", exact=True).first.click()
    for title in (CONFERENCE, MORNING, AFTERNOON):
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=MORNING_TOO, exact=True)).to_have_count(0)
    check_axe(page)


def test_a_clashing_workshop_is_refused_on_the_conference_page(
    page, check_axe, new_professional, sign_in, open_event
):
    conference_url = book_the_conference(page, check_axe, new_professional, sign_in, open_event)
    choose(page, MORNING)
    expect(page.get_by_text(f"You have a place on {MORNING}.")).to_be_visible()
    choose(page, MORNING_TOO)
    expect(page.locator(".govuk-error-summary")).to_contain_text(CLASH)
    assert page.url == conference_url, f"refused on {page.url}, not on the conference page"
    expect(workshop(page, MORNING).locator(".govuk-tag")).to_have_text("Booked")
    expect(workshop(page, MORNING_TOO).locator(".govuk-tag")).to_have_count(0)
