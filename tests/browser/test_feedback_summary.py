"""An organiser reads an event's feedback summary on a phone: charts and their tables, the
free-text answers searched and one hidden from exports, and "Copy as text"; axe checks each."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from booking.core.clock import utcnow
from booking.demo import DEMO_PASSWORD
from booking.events.models import Event, EventKind, EventStatus
from booking.feedback.models import QuestionKind
from tests.feedback.summary_helpers import QUALITY, add_responses, answers_by_counts, make_form

TITLE = "Feedback summary browser day"


def _event_with_feedback(live_server) -> int:
    now = utcnow()
    with live_server.writer_session() as session:
        event = Event(
            kind=EventKind.TRAINING_DAY,
            title=TITLE,
            status=EventStatus.PUBLISHED,
            starts_at=now - timedelta(days=2),
            ends_at=now - timedelta(days=2) + timedelta(hours=6),
            capacity=80,
            created_at=now,
            updated_at=now,
        )
        session.add(event)
        session.flush()
        form = make_form(
            session,
            event,
            [
                (QuestionKind.SCALE, "Overall satisfaction", QUALITY),
                (QuestionKind.YES_NO, "Would you recommend it?", ["Yes", "No"]),
                (QuestionKind.LONG_TEXT, "Any other comments?", []),
            ],
        )
        answers = answers_by_counts(1, [0, 2, 6, 45])
        for number, answer in enumerate(answers):
            answer[2] = 0 if number % 5 else 1
        answers[0][3] = "The venue was too cold"
        answers[1][3] = "Brilliant trainer"
        add_responses(session, form, answers)
        session.commit()
        return event.id


def test_an_organiser_reads_hides_and_copies_the_summary_at_320px(
    new_page, check_axe, sign_in, live_server
):
    event_id = _event_with_feedback(live_server)
    page = new_page(viewport={"width": 320, "height": 640})
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.goto(f"/manage/events/{event_id}/feedback/summary")
    expect(page.get_by_role("heading", level=1, name="Feedback summary")).to_be_visible()
    chart = page.get_by_role("img", name="Chart: Overall satisfaction (53 answered)")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Answers to question 1")
    expect(table.get_by_role("row", name=re.compile(r"Excellent\s+45\s+85%"))).to_be_visible()
    expect(
        page.get_by_text("Overall satisfaction: 85% Excellent / 11% Good / 4% Fair")
    ).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_axe(page)

    page.get_by_label("Search the written answers").fill("cold")
    page.get_by_role("button", name="Search").press("Enter")
    expect(page.get_by_text("The venue was too cold")).to_be_visible()
    expect(page.get_by_text("Brilliant trainer")).to_have_count(0)
    page.get_by_role("button", name=re.compile("^Hide from exports")).click()
    expect(page.get_by_text("The answer is hidden from exports.")).to_be_visible()
    expect(page.get_by_text("Hidden from exports", exact=True)).to_be_visible()
    check_axe(page)

    copy = page.get_by_role("button", name="Copy to clipboard")
    expect(copy).to_be_visible()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy.click()
    expect(page.get_by_role("status")).to_have_text(re.compile("Copied|Select the text"))
