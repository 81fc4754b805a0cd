"""Training leads: asked for, decided by an organiser, and seeing their own organisation only."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.accounts.leads import is_lead_of
from booking.accounts.models import LeadStatus
from booking.accounts.services import find_or_create_organisation
from booking.audit.models import AuditEntry
from booking.checkin.models import Via
from booking.checkin.services import check_in
from booking.core.errors import NotAllowed, NotFound
from booking.feedback.models import Certificate
from booking.models import BookingStatus, Role, Sector
from booking.reports import leads
from booking.reports.leads import LeadRefused, decide_lead, organisation_overview, request_lead
from tests.factories import NOW


def _approved_lead(session, make):
    lead = make.user(name="Dee Lead")
    organiser = make.user(role=Role.ORGANISER)
    asked = request_lead(session, person_id=lead.id, now=NOW)
    decide_lead(session, lead_id=asked.id, decision="approve", by_id=organiser.id, now=NOW)
    return lead, organiser


def test_a_request_waits_for_an_organiser_then_the_lead_can_be_ended(session, make):
    person = make.user()
    organiser = make.user(role=Role.ORGANISER)
    asked = request_lead(session, person_id=person.id, now=NOW)
    assert asked.status == LeadStatus.REQUESTED
    assert not is_lead_of(session, person_id=person.id, organisation_id=person.organisation_id)
    with pytest.raises(LeadRefused):
        request_lead(session, person_id=person.id, now=NOW)
    decide_lead(session, lead_id=asked.id, decision="approve", by_id=organiser.id, now=NOW)
    assert is_lead_of(session, person_id=person.id, organisation_id=person.organisation_id)
    with pytest.raises(LeadRefused):
        decide_lead(session, lead_id=asked.id, decision="refuse", by_id=organiser.id, now=NOW)
    decide_lead(session, lead_id=asked.id, decision="end", by_id=organiser.id, now=NOW)
    assert not is_lead_of(session, person_id=person.id, organisation_id=person.organisation_id)
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["lead.requested", "lead.approved", "lead.ended"]
    with pytest.raises(NotFound):
        decide_lead(session, lead_id=asked.id, decision="promote", by_id=organiser.id, now=NOW)


def test_a_refused_person_can_ask_again(session, make):
    person, organiser = make.user(), make.user(role=Role.ORGANISER)
    asked = request_lead(session, person_id=person.id, now=NOW)
    decide_lead(session, lead_id=asked.id, decision="refuse", by_id=organiser.id, now=NOW)
    again = request_lead(session, person_id=person.id, now=NOW + timedelta(days=1))
    assert (again.id, again.status) == (asked.id, LeadStatus.REQUESTED)
    assert [lead.person_id for lead in leads.leads_to_manage(session)] == [person.id]


def test_the_lead_sees_colleagues_bookings_attendance_certificates_and_renewals(session, make):
    lead, _ = _approved_lead(session, make)
    colleague = make.user(name="Cal Colleague")
    outsider = make.user(name="Out Sider")
    outsider.organisation = find_or_create_organisation(session, "Elsewhere", Sector.HEALTH)
    past = make.event(title="E-safety", starts_at=NOW - timedelta(days=700), current_for_years=2)
    attended = make.booking(past, colleague)
    check_in(session, event=past, booking=attended, by_id=lead.id, now=past.starts_at, via=Via.NAME)
    session.add(Certificate(booking_id=attended.id, code="ABC123", issued_at=NOW))
    make.booking(make.event(starts_at=NOW - timedelta(days=30)), colleague)  # did not attend
    make.booking(make.event(title="Upcoming"), colleague, status=BookingStatus.WAITLISTED)
    make.booking(make.event(title="Theirs"), outsider)
    session.flush()
    view = organisation_overview(
        session, person_id=lead.id, organisation_id=lead.organisation_id, now=NOW
    )
    seen = {(line.person_name, line.status, line.certificate) for line in view.bookings}
    assert seen == {
        ("Cal Colleague", "Attended", True),
        ("Cal Colleague", "Did not attend", False),
        ("Cal Colleague", "On the waiting list", False),
    }
    assert "Out Sider" not in {person.name for person in view.people}
    [renewal] = view.renewals
    assert (renewal.person_name, renewal.title) == ("Cal Colleague", "E-safety")


def test_nobody_but_the_lead_sees_an_organisation(session, make):
    lead, organiser = _approved_lead(session, make)
    colleague = make.user()
    other = find_or_create_organisation(session, "Elsewhere", Sector.HEALTH)
    for person_id, organisation_id in (
        (lead.id, other.id),
        (colleague.id, lead.organisation_id),
        (organiser.id, lead.organisation_id),
    ):
        with pytest.raises(NotAllowed):
            organisation_overview(
                session, person_id=person_id, organisation_id=organisation_id, now=NOW
            )


def test_moving_to_another_organisation_ends_what_a_lead_sees(session, make):
    lead, _ = _approved_lead(session, make)
    before = lead.organisation_id
    lead.organisation = find_or_create_organisation(session, "Elsewhere", Sector.HEALTH)
    session.flush()
    with pytest.raises(NotAllowed):
        organisation_overview(session, person_id=lead.id, organisation_id=before, now=NOW)
