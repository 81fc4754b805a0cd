"""The event report shows attendance and feedback together: one page, one PDF."""

import io
from datetime import timedelta

from pypdf import PdfReader

from booking.models import Role
from tests.feedback.summary_helpers import add_responses, attend, standard_form
from tests.web_client import WebClient


def _organiser_client(app, given, db) -> WebClient:
    organiser = given.user(role=Role.ORGANISER)
    db.commit()
    client = WebClient(app)
    client.sign_in(organiser.email)
    return client


def test_the_report_page_and_pdf_hold_attendance_then_feedback(app, given, db):
    event = given.event(title="E-safety training day", starts_in=timedelta(days=-1))
    attend(given, db, event, 4)
    form = standard_form(db, event)
    add_responses(db, form, [{1: 3, 4: "Clear and practical"}, {1: 3}, {1: 2}])
    client = _organiser_client(app, given, db)

    page = client.get(f"/manage/events/{event.id}/report").get_data(as_text=True)
    attendance, _, feedback = page.partition('<h2 class="govuk-heading-m">Feedback</h2>')
    assert "4 delegates attended" in attendance
    assert "3 of 4 delegates responded, 75%" in feedback
    assert "67%" in feedback and "Excellent" in feedback  # 2 of 3 said Excellent
    assert "Clear and practical" in feedback

    pdf = client.get(f"/manage/events/{event.id}/report.pdf")
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages).split()
    )
    assert text.index("4 delegates attended") < text.index("3 of 4 delegates responded, 75%")
    assert "Clear and practical" in text


def test_an_event_without_a_form_reports_attendance_alone(app, given, db):
    event = given.event(title="Governor course", starts_in=timedelta(days=-1))
    attend(given, db, event, 2)
    client = _organiser_client(app, given, db)
    page = client.get(f"/manage/events/{event.id}/report").get_data(as_text=True)
    assert "2 delegates attended" in page
    assert "delegates responded" not in page
