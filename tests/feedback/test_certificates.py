"""Certificates of attendance: who is offered one, one per booking, what it says (its text
read back from the PDF and its QR code decoded) and what verifying it tells anyone."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from booking.audit.models import AuditEntry
from booking.bookings.models import BookingStatus
from booking.core.errors import NotFound
from booking.events.models import EventKind
from booking.feedback import certificates
from booking.feedback.certificate_pdf import certificate_pdf
from booking.feedback.certificates import (
    CODE_ALPHABET,
    CODE_LENGTH,
    NoCertificate,
    Withheld,
    certificate_facts,
    certificate_offer,
    issue_certificate,
    verify,
)
from booking.feedback.models import Certificate
from tests.factories import NOW
from tests.feedback.certificate_helpers import (
    attended,
    form_for,
    past_event,
    pdf_qr,
    pdf_text,
    respond,
)


def test_an_attended_event_that_is_over_offers_a_certificate(make):
    booking = attended(make, past_event(make))
    assert certificate_offer(make.session, booking, NOW) is None


def test_no_certificate_before_the_event_ends(make):
    event = make.event(starts_in=-timedelta(hours=2), hours=6)  # under way
    booking = attended(make, event)
    assert certificate_offer(make.session, booking, NOW) == Withheld.NOT_OVER
    assert certificate_offer(make.session, booking, event.ends_at) is None


def test_no_certificate_without_a_live_check_in(make):
    event = past_event(make)
    absent = make.booking(event)
    assert certificate_offer(make.session, absent, NOW) == Withheld.NOT_ATTENDED
    undone = attended(make, event)
    check_in_row = make.session.scalars(
        select(certificates.CheckIn).where(certificates.CheckIn.booking_id == undone.id)
    ).one()
    check_in_row.undone_at = NOW
    make.session.flush()
    assert certificate_offer(make.session, undone, NOW) == Withheld.NOT_ATTENDED


def test_a_cancelled_place_has_no_certificate_even_after_a_check_in(make):
    booking = attended(make, past_event(make))
    booking.status = BookingStatus.CANCELLED
    assert certificate_offer(make.session, booking, NOW) == Withheld.NOT_ATTENDED


def test_feedback_comes_first_when_the_form_asks_for_it(make):
    event = past_event(make)
    booking = attended(make, event)
    form = form_for(make, event)
    assert certificate_offer(make.session, booking, NOW) == Withheld.FEEDBACK_NEEDED
    with pytest.raises(NoCertificate, match="Give feedback"):
        issue_certificate(make.session, booking, by_id=booking.person_id, now=NOW)
    respond(make, form, booking)
    assert certificate_offer(make.session, booking, NOW) is None


def test_an_organiser_may_offer_certificates_without_feedback(make):
    event = past_event(make)
    booking = attended(make, event)
    form_for(make, event, needs_feedback=False)
    assert certificate_offer(make.session, booking, NOW) is None


def test_another_persons_response_does_not_count(make):
    event = past_event(make)
    mine, theirs = attended(make, event), attended(make, event)
    respond(make, form_for(make, event), theirs)
    assert certificate_offer(make.session, mine, NOW) == Withheld.FEEDBACK_NEEDED


def test_one_certificate_per_booking_with_a_short_unambiguous_code(make):
    booking = attended(make, past_event(make))
    first = issue_certificate(make.session, booking, by_id=booking.person_id, now=NOW)
    again = issue_certificate(make.session, booking, by_id=booking.person_id, now=NOW)
    assert again.id == first.id
    assert len(first.code) == CODE_LENGTH and set(first.code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    entries = make.session.scalars(select(AuditEntry)).all()
    assert [(e.action, e.subject_id) for e in entries if e.action.startswith("feedback.")] == [
        ("feedback.certificate_issued", booking.id)
    ]


def test_a_code_that_is_taken_is_drawn_again(make, monkeypatch):
    event = past_event(make)
    one, two = attended(make, event), attended(make, event)
    taken = issue_certificate(make.session, one, by_id=one.person_id, now=NOW).code
    codes = iter([taken, taken, "ABCDEFGHJK"])
    monkeypatch.setattr(certificates, "new_code", lambda: next(codes))
    assert issue_certificate(make.session, two, by_id=two.person_id, now=NOW).code == "ABCDEFGHJK"
    assert len(make.session.scalars(select(Certificate)).all()) == 2


def test_verifying_says_name_event_and_date_only(make):
    event = past_event(make, title="E-safety training day")
    booking = attended(make, event, make.user(name="Łukasz Żółć"))
    code = issue_certificate(make.session, booking, by_id=booking.person_id, now=NOW).code
    found = verify(make.session, code)
    assert found == certificates.Verified(
        "Łukasz Żółć", "E-safety training day", certificates.long_date(event.starts_at)
    )
    typed = f"  {code[:5].lower()}-{code[5:]} "
    assert verify(make.session, typed) == found


@pytest.mark.parametrize("change", ["check-in undone", "place cancelled"])
def test_a_certificate_no_longer_verifies_once_its_attendance_is_gone(make, change):
    booking = attended(make, past_event(make))
    code = issue_certificate(make.session, booking, by_id=booking.person_id, now=NOW).code
    assert verify(make.session, code).name == booking.person.name
    if change == "check-in undone":
        check_in_row = make.session.scalars(
            select(certificates.CheckIn).where(certificates.CheckIn.booking_id == booking.id)
        ).one()
        check_in_row.undone_at = NOW
    else:
        booking.status = BookingStatus.CANCELLED
    make.session.flush()
    with pytest.raises(NotFound):
        verify(make.session, code)


@pytest.mark.parametrize("text", ["", "ABCDEFGHJK", "abc", "0" * 10, "A" * 41, "../../etc"])
def test_verifying_any_other_text_is_not_found(make, text):
    attended(make, past_event(make))
    with pytest.raises(NotFound):
        verify(make.session, text)


@pytest.mark.parametrize("name", ["李明", "Łukasz Żółć"])
def test_the_pdf_says_who_what_when_cpd_trainers_and_partnership(make, name):
    event = past_event(make, title="E-safety training day", cpd_hours=Decimal("5.5"))
    booking = attended(make, event, make.user(name=name))
    issued = issue_certificate(make.session, booking, by_id=booking.person_id, now=NOW)
    url = f"https://training.example.org/certificates/{issued.code}"
    pdf = certificate_pdf(
        certificate_facts(make.session, issued),
        partnership="Northshire Safeguarding Children Partnership",
        verify_url=url,
    )
    text = pdf_text(pdf)
    for expected in (
        "Certificate of attendance",
        name,
        "E-safety training day",
        certificates.date_range(event.starts_at, event.ends_at),
        "5.5 hours",
        "Trainer: Jeremy Day",
        "Northshire Safeguarding Children Partnership",
        issued.code,
    ):
        assert expected in text, expected
    assert pdf_qr(pdf) == url


def test_a_conference_certificate_lists_the_workshops_attended(make):
    conference = past_event(make, kind=EventKind.CONFERENCE, title="Digital Resilience")
    morning, afternoon, missed = (
        make.event(
            parent=conference,
            title=title,
            starts_at=conference.starts_at + timedelta(hours=hour),
            hours=1,
        )
        for hour, title in ((1, "SIMFIN"), (4, "The Mix"), (2, "Lego for learning"))
    )
    delegate = attended(make, conference)
    for workshop in (afternoon, morning):
        attended(make, workshop, delegate.person)
    make.booking(missed, delegate.person)  # booked, never came
    attended(make, morning)  # someone else at the same workshop
    issued = issue_certificate(make.session, delegate, by_id=delegate.person_id, now=NOW)
    facts = certificate_facts(make.session, issued)
    assert [line.split(": ", 1)[1] for line in facts.workshops] == ["SIMFIN", "The Mix"]
    text = pdf_text(certificate_pdf(facts, partnership="P", verify_url="https://x.example/c"))
    assert "Workshops attended" in text and "SIMFIN" in text and "Lego" not in text
    workshop_booking = make.booking(missed)
    assert certificate_offer(make.session, workshop_booking, NOW) == Withheld.WORKSHOP
