"""On a tablet, with the keyboard alone, pupils take the survey through their school's link in
turn: the first misses nothing and is thanked, the next starts again (axe on each page)."""

import uuid

from playwright.sync_api import expect
from sqlalchemy import func, select

from booking.network.models import SurveyResponse, SurveySchool
from tests.browser.test_keyboard import tab_to
from tests.network.survey_helpers import open_survey, school_in

TABLET = {"width": 768, "height": 1024}


def _a_school_link(live_server) -> tuple[str, int]:
    """An open survey with one school taking part: (its link's path, how many questions)."""
    with live_server.writer_session() as session:
        survey = open_survey(session, year=2040 + uuid.uuid4().int % 50)
        school = school_in(session, survey, f"Tablet Primary School {uuid.uuid4().hex[:6]}")
        session.commit()
        return f"/survey/{school.code}", len(survey.questions)


def _count(live_server, link: str) -> int:
    with live_server.writer_session() as session:
        return session.scalar(
            select(func.count(SurveyResponse.id))
            .join(SurveySchool, SurveySchool.id == SurveyResponse.survey_school_id)
            .where(SurveySchool.code == link.rsplit("/", 1)[1])
        )


def _answer_by_keyboard(page, questions: int) -> None:
    """Tab to each question's first radio and choose it with the space bar, then send."""
    for number in range(questions):
        tab_to(
            page,
            f"question {number + 1}",
            f"el.type === 'radio' && el.name === document.querySelectorAll("
            f"'.govuk-radios')[{number}].querySelector('input').name",
        )
        page.keyboard.press("Space")
    tab_to(page, "The Send button", "el.textContent.trim() === 'Send'")
    page.keyboard.press("Enter")


def test_a_class_takes_the_survey_in_turn_on_one_tablet(new_page, check_axe, live_server):
    link, questions = _a_school_link(live_server)
    page = new_page(viewport=TABLET)
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Cybersafety survey")).to_be_visible()
    expect(page.get_by_text("Do not write your name anywhere")).to_be_visible()
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]

    _answer_by_keyboard(page, questions)
    expect(page.get_by_role("heading", level=1, name="Thank you!")).to_be_visible()
    expect(page.get_by_text("Pass the tablet to the next person.")).to_be_visible()
    assert _count(live_server, link) == 1
    check_axe(page)

    tab_to(
        page,
        "Start the survey again",
        "el.textContent.trim() === 'Start the survey again for the next person'",
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Cybersafety survey")).to_be_visible()
    expect(page.get_by_role("radio").first).not_to_be_checked()  # a fresh page for the next pupil
    _answer_by_keyboard(page, questions)
    expect(page.get_by_role("heading", level=1, name="Thank you!")).to_be_visible()
    assert _count(live_server, link) == 2
