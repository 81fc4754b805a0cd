"""The certificate's pages for each role: the PDF for its holder only, the public verification
page, and what "My bookings" offers."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from booking.accounts.models import Role
from booking.audit.models import AuditEntry
from booking.feedback.models import Certificate
from tests.feedback.certificate_helpers import (
    attended,
    form_for,
    past_event,
    pdf_qr,
    pdf_text,
    respond,
)
from tests.web_client import WebClient

BASE_URL = "https://training.example.org"  # tests.conftest.app_config's


@pytest.fixture
def holder(app, given, db):
    """A person checked in at an event that is over, signed in; and their booking."""
    event = past_event(given, title="E-safety training day")
    booking = attended(given, event, given.user(name="李明"))
    db.commit()
    client = WebClient(app)
    client.sign_in(booking.person.email)
    return client, booking


def _url(booking) -> str:
    return f"/bookings/{booking.id}/certificate.pdf"


def test_the_holder_downloads_the_pdf_whose_qr_opens_its_verification_page(holder, db):
    client, booking = holder
    response = client.get(_url(booking))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "李明" not in response.headers["Content-Disposition"]
    db.rollback()
    (certificate,) = db.scalars(select(Certificate)).all()
    assert "李明" in pdf_text(response.data) and certificate.code in pdf_text(response.data)
    link = pdf_qr(response.data)
    assert link == f"{BASE_URL}/certificates/{certificate.code}"
    page = WebClient(client.app).get(link.removeprefix(BASE_URL)).get_data(as_text=True)
    assert "This certificate is genuine" in page and "李明" in page


def test_the_first_download_is_audited_and_later_ones_give_the_same_certificate(holder, db):
    client, booking = holder
    first = client.get(_url(booking)).data
    second = client.get(_url(booking)).data
    assert pdf_qr(first) == pdf_qr(second)
    db.rollback()
    issued = db.scalars(select(AuditEntry).where(AuditEntry.action.like("feedback.%"))).all()
    assert [(e.action, e.actor_id, e.subject_id) for e in issued] == [
        ("feedback.certificate_issued", booking.person_id, booking.id)
    ]


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.TRAINER, Role.ORGANISER])
def test_anyone_elses_booking_is_not_found(app, holder, given, db, role):
    _, booking = holder
    someone = given.user(role=role)
    if role == Role.TRAINER:
        booking.event.trainers.append(someone)  # even the event's own trainer
    db.commit()
    client = WebClient(app)
    client.sign_in(someone.email)
    assert client.get(_url(booking)).status_code == 404
    assert client.get("/bookings/999999/certificate.pdf").status_code == 404
    db.rollback()
    assert db.scalars(select(Certificate)).all() == []


def test_signed_out_people_are_asked_to_sign_in(app, holder):
    _, booking = holder
    response = WebClient(app).get(_url(booking))
    assert response.status_code == 302 and "/sign-in" in response.location


def test_my_bookings_offers_the_certificate_once_feedback_is_given(holder, given, db):
    client, booking = holder
    form = form_for(given, booking.event)
    db.commit()
    page = client.get("/bookings").get_data(as_text=True)
    assert "Give feedback to get your certificate" in page
    assert "Certificate of attendance (PDF)" not in page
    refused = client.get(_url(booking))
    assert refused.status_code == 302 and refused.location == "/bookings"
    assert "Give feedback to get your certificate." in client.get("/bookings").get_data(
        as_text=True
    )
    respond(given, form, booking)
    db.commit()
    page = client.get("/bookings").get_data(as_text=True)
    assert "Give feedback to get your certificate" not in page
    assert f'href="{_url(booking)}">Certificate of attendance (PDF)' in page


def test_my_bookings_offers_nothing_to_someone_who_did_not_come(app, given, db):
    booking = given.booking(past_event(given))
    db.commit()
    client = WebClient(app)
    client.sign_in(booking.person.email)
    page = client.get("/bookings").get_data(as_text=True)
    assert booking.event.title in page
    assert "certificate" not in page.lower()


def test_the_verification_page_is_public_and_says_name_event_and_date_only(holder, db):
    client, booking = holder
    client.get(_url(booking))
    db.rollback()
    code = db.scalars(select(Certificate.code)).one()
    for viewer in (WebClient(client.app), client):
        page = viewer.get(f"/certificates/{code}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "李明" in text and "E-safety training day" in text
        assert booking.person.email not in text and "Ormesby" not in text  # no more than that
        assert "Jeremy Day" not in text and "Teacher" not in text
    lower = WebClient(client.app).get(f"/certificates/{code.lower()}")
    assert lower.status_code == 200


def test_an_unknown_code_gets_one_plain_page_whatever_it_is(app, holder, db):
    client, booking = holder
    client.get(_url(booking))
    db.rollback()
    code = db.scalars(select(Certificate.code)).one()
    near = code[:-1] + ("2" if code[-1] != "2" else "3")
    pages = [WebClient(app).get(f"/certificates/{text}") for text in (near, "x", "A" * 200)]
    assert {page.status_code for page in pages} == {404}
    bodies = {_main(page.get_data(as_text=True)) for page in pages}
    assert len(bodies) == 1 and "We cannot find this certificate" in bodies.pop()


def _main(page: str) -> str:
    return re.search(r"<main.*?</main>", page, re.S).group(0)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(code=st.text(min_size=1, max_size=120))
def test_no_code_gives_a_server_error(client, code):
    response = client.get("/certificates/" + quote(code, safe=""))
    assert response.status_code < 500
